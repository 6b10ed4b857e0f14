// The internal API ("Voyager") under /voyager/api/: the endpoints contact
// harvesters call, with the real URL shapes and the real gate. Every call
// needs the session (li_at, HttpOnly) and a csrf-token header equal to the
// JSESSIONID cookie without its quotes, else 403 "CSRF check failed."; a
// page script can read JSESSIONID, which is exactly how scrapers pass.
// LinkedIn's client headers (x-li-track, x-li-page-instance…) are not
// required: the real site answers scrapers that omit them.
import { csrfOk, hasSession } from './session.mjs';
import { sendError, sendRestCollection, sendRestRecord } from './envelope.mjs';
import { handleGraphql } from './graphql.mjs';
import { connections, findPerson, viewer } from './people.mjs';
import { connectionEntity, contactEntity, legacyContactInfo, legacyProfileView, profileEntity } from './entities.mjs';

const CONNECTIONS_PAGE_MAX = 40; // the real endpoint's largest page
const CONNECTED_SINCE = Date.UTC(2024, 0, 15);
const DAY_MS = 24 * 3600 * 1000;

const count = (value, fallback, max) => Math.min(max, Math.max(0, Number.parseInt(value ?? '', 10) || fallback));

function member(req, res, encoded) {
  let p;
  try {
    p = findPerson(decodeURIComponent(encoded));
  } catch {
    p = undefined;
  }
  if (!p) sendError(req, res, 404, 'Member not found');
  return p;
}

function me(req, res) {
  const v = viewer();
  sendRestRecord(req, res, {
    plainId: 7700112,
    miniProfile: {
      $type: 'com.linkedin.voyager.identity.shared.MiniProfile',
      entityUrn: `urn:li:fs_miniProfile:${v.memberId}`,
      publicIdentifier: v.slug,
      firstName: v.firstName,
      lastName: v.lastName,
      occupation: v.headline,
    },
  });
}

function connectionList(req, res, url) {
  const all = connections();
  const start = count(url.searchParams.get('start'), 0, all.length);
  const page = all.slice(start, start + count(url.searchParams.get('count'), 10, CONNECTIONS_PAGE_MAX));
  const elements = page.map((p, i) => connectionEntity(p, CONNECTED_SINCE - (start + i) * 9 * DAY_MS));
  sendRestCollection(req, res, elements, { start, count: page.length, total: all.length }, page.map(profileEntity));
}

export function handleVoyager(req, res, url, deployment) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(req, res, 405, 'Method not allowed');
  if (!csrfOk(req)) return sendError(req, res, 403, 'CSRF check failed.');
  if (!hasSession(req)) return sendError(req, res, 401, 'Unauthorized');
  const path = url.pathname.replace(/^\/voyager\/api/, '');

  if (path === '/graphql') return handleGraphql(req, res, url, deployment);
  if (path === '/me') return me(req, res);
  if (path === '/relationships/dash/connections') return connectionList(req, res, url);

  const legacy = path.match(/^\/identity\/profiles\/([^/]+)\/(profileContactInfo|profileView)$/);
  if (legacy) {
    const p = member(req, res, legacy[1]);
    if (!p) return undefined;
    return sendRestRecord(req, res, legacy[2] === 'profileContactInfo' ? legacyContactInfo(p) : legacyProfileView(p));
  }
  // The dash profile, under its two paths, by its memberIdentity finder:
  // the decoration chooses the projection, and ProfileContactInfo's is the
  // contact details (what the viewer may see), as connections exporters
  // ask for them.
  if (path === '/identity/dash/profiles' || path === '/voyagerIdentityDashProfiles') {
    const contactDecoration = /\.ProfileContactInfo-\d+$/.test(url.searchParams.get('decorationId') ?? '');
    // Rest.li's batch get: ids=List(<urn>,…), each key escaped; answered
    // with results, statuses and errors by key, as connections exporters
    // ask for 20 to 25 members at a time.
    const ids = url.searchParams.get('ids');
    if (ids !== null) {
      const list = ids.match(/^List\((.*)\)$/)?.[1];
      if (list === undefined) return sendError(req, res, 400, 'Malformed ids');
      const keys = list === '' ? [] : list.split(',');
      if (keys.length > 100) return sendError(req, res, 400, 'Too many ids');
      const results = {};
      const statuses = {};
      const errors = {};
      for (const key of keys) {
        let p;
        try {
          p = findPerson(decodeURIComponent(key).replace(/^urn:li:fsd_profile:/, ''));
        } catch {
          p = undefined;
        }
        const urn = p ? `urn:li:fsd_profile:${p.memberId}` : key;
        if (p) results[urn] = contactDecoration ? contactEntity(p) : profileEntity(p);
        else errors[urn] = { status: 404, message: 'Member not found' };
        statuses[urn] = p ? 200 : 404;
      }
      return sendRestRecord(req, res, { results, statuses, errors });
    }
    if (url.searchParams.get('q') !== 'memberIdentity') return sendError(req, res, 400, 'Unsupported finder');
    const p = member(req, res, encodeURIComponent(url.searchParams.get('memberIdentity') ?? ''));
    if (!p) return undefined;
    return sendRestCollection(req, res, [contactDecoration ? contactEntity(p) : profileEntity(p)], { start: 0, count: 1, total: 1 });
  }
  sendError(req, res, 404, 'Not found');
}
