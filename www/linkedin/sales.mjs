// Sales Navigator on the fixture site: the lead search, a lead's page and
// the API under /sales-api/ behind the same session gate as Voyager
// (li_at, and csrf-token equal to JSESSIONID without its quotes).
//
// As on the real site, a lead is named by Sales Navigator's own member id
// (ACwAA…, 39 characters, unlike the profile's ACoAA…), with an auth type and
// a short token: /sales/lead/<id>,NAME_SEARCH,<token>. The search page
// lists leads from salesApiLeadSearch; a lead's page asks salesApiProfiles
// for the lead with a decoration that lists contactInfo, and shows the
// e-mail and phone it gets at once, with no "Contact info" to click —
// which is why a fetch of contactInfo for the lead in view is no sign of
// anything, and one for every lead of a search is a harvest. Public scraper
// code calls salesApiProfiles with the same decorations (with and without
// contactInfo), and reads `contactInfo.primaryEmail`,
// `contactInfo.emails[].emailAddress` and `contactInfo.phones[]`; what a
// phone entry holds is not public (here `number` and `type`, as in
// LinkedIn's other contact answers).
import { createHash } from 'node:crypto';
import { sendError } from './envelope.mjs';
import { sendJson } from '../respond.mjs';
import { csrfOk, hasSession } from './session.mjs';
import { allPeople, contactOf, fullName } from './people.mjs';

const SEARCH_PAGE_MAX = 25; // the real search's page size

const digest = (text) => createHash('sha256').update(text).digest('base64url');

/** Sales Navigator's member id of a member: ACwAA and 34 more characters. */
export const salesIdOf = (p) => `ACwAA${digest(`sales:${p.memberId}`).slice(0, 34)}`;
/** The short token a lead's address carries after its auth type. */
export const authTokenOf = (p) => digest(`token:${p.memberId}`).slice(0, 4);
/** A lead's page, as the search links it. */
export const leadPath = (p) => `/sales/lead/${salesIdOf(p)},NAME_SEARCH,${authTokenOf(p)}`;

export const isSalesId = (id) => /^ACwAA[\w-]{34}$/.test(id);
export const findLead = (id) => allPeople().find((p) => salesIdOf(p) === id);

const salesUrn = (p) => `urn:li:fs_salesProfile:(${salesIdOf(p)},NAME_SEARCH,${authTokenOf(p)})`;

function leadRecord(p, decoration) {
  const record = {
    entityUrn: salesUrn(p),
    objectUrn: `urn:li:member:${p.memberId}`,
    firstName: p.firstName,
    lastName: p.lastName,
    fullName: fullName(p),
    headline: p.headline,
    location: p.location,
    degree: p.degree,
    flagshipProfileUrl: `https://www.linkedin.com/in/${p.slug}`,
  };
  if (decoration.includes('contactInfo')) {
    const contact = contactOf(p);
    record.contactInfo = {
      ...(contact.email ? { primaryEmail: contact.email } : {}),
      emails: contact.email ? [{ emailAddress: contact.email, type: 'BUSINESS' }] : [],
      phones: contact.phones.map((phone) => ({ number: phone.number, type: phone.type })),
    };
  }
  return record;
}

function leadSearch(req, res, url) {
  const all = allPeople();
  const start = Math.min(all.length, Math.max(0, Number.parseInt(url.searchParams.get('start') ?? '', 10) || 0));
  const count = Math.min(SEARCH_PAGE_MAX, Math.max(1, Number.parseInt(url.searchParams.get('count') ?? '', 10) || SEARCH_PAGE_MAX));
  const elements = all.slice(start, start + count).map((p) => ({
    entityUrn: salesUrn(p),
    objectUrn: `urn:li:member:${p.memberId}`,
    firstName: p.firstName,
    lastName: p.lastName,
    fullName: fullName(p),
    degree: p.degree,
    currentPositions: [{ title: p.headline }],
    geoRegion: p.location,
  }));
  sendJson(res, 200, { elements, paging: { start, count: elements.length, total: all.length } });
}

/** /sales-api/…: the lead search and a lead's profile. */
export function handleSalesApi(req, res, url) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(req, res, 405, 'Method not allowed');
  if (!csrfOk(req)) return sendError(req, res, 403, 'CSRF check failed.');
  if (!hasSession(req)) return sendError(req, res, 401, 'Unauthorized');
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return sendError(req, res, 400, 'Bad request');
  }
  if (path === '/sales-api/salesApiLeadSearch') return leadSearch(req, res, url);
  const profile = path.match(/^\/sales-api\/salesApiProfiles\/\(profileId:([^,)]+)(?:,[^)]*)?\)$/);
  if (profile) {
    const p = findLead(profile[1]);
    if (!p) return sendError(req, res, 404, 'Lead not found');
    return sendJson(res, 200, leadRecord(p, url.searchParams.get('decoration') ?? ''));
  }
  return sendError(req, res, 404, 'Not found');
}
