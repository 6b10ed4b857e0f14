// A Voyager-like internal API: the endpoints contact harvesters call, with
// the same URL shapes, headers and response envelopes ({data, included}), so
// site models and detectors are exercised against realistic traffic.
import { sendJson } from '../respond.mjs';
import { csrfOk } from './session.mjs';
import { restliParam } from './restli.mjs';
import { contactInfo, findPerson, fullName, publicProfile, searchPeople } from './people.mjs';

const TYPE = 'application/vnd.linkedin.normalized+json+2.1';
// The graphql query hash whose profile projection includes the e-mail, as
// some real query ids do.
const EMAIL_QUERY_HASH = 'c2a1e2b3d4';
const PAGE_SIZE = 10;

const reply = (res, status, value) => sendJson(res, status, value, TYPE);
const error = (res, status, message) => reply(res, status, { status, message });
const collection = (urns) => ({ '*elements': urns, $type: 'com.linkedin.restli.common.CollectionResponse' });

function profileEntity(p, withEmail = false) {
  const { locationName, ...entity } = publicProfile(p);
  return withEmail ? { ...entity, emailAddress: p.email } : entity;
}

function profiles(res, p, key, withEmail) {
  if (!p) return error(res, 404, 'Member not found');
  const data = key ? { data: { [key]: collection([p.memberUrn]) } } : collection([p.memberUrn]);
  reply(res, 200, { data, included: [profileEntity(p, withEmail)] });
}

function search(res, variables) {
  const start = Math.max(0, Number(variables?.start) || 0);
  const found = searchPeople(variables?.query?.keywords ?? '');
  const page = found.slice(start, start + PAGE_SIZE);
  const included = page.map((p) => ({
    ...profileEntity(p),
    title: { text: fullName(p) },
    primarySubtitle: { text: p.headline },
    navigationUrl: `https://www.linkedin.com/in/${p.slug}`,
    $type: 'com.linkedin.voyager.dash.search.EntityResultViewModel',
  }));
  const clusters = { ...collection(page.map((p) => p.memberUrn)), paging: { start, count: PAGE_SIZE, total: found.length } };
  reply(res, 200, { data: { data: { searchDashClustersByAll: clusters } }, included });
}

function graphql(res, url) {
  const [queryName, hash] = (url.searchParams.get('queryId') ?? '').split('.');
  let variables;
  try {
    variables = restliParam(url.search, 'variables');
  } catch (e) {
    return error(res, 400, `Bad variables: ${e.message}`);
  }
  if (queryName === 'voyagerIdentityDashProfiles') {
    const p = findPerson(variables?.memberIdentity ?? '');
    return profiles(res, p, 'identityDashProfilesByMemberIdentity', hash === EMAIL_QUERY_HASH);
  }
  if (queryName === 'voyagerSearchDashClusters') return search(res, variables);
  error(res, 400, `Unknown queryId: ${queryName}`);
}

export function handleVoyager(req, res, url) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return error(res, 405, 'Method not allowed');
  if (!csrfOk(req)) return error(res, 403, 'CSRF check failed.');
  const path = url.pathname.replace(/^\/voyager\/api/, '');

  const legacy = path.match(/^\/identity\/profiles\/([^/]+)\/(profileContactInfo|profileView)$/);
  if (legacy) {
    let p;
    try {
      p = findPerson(decodeURIComponent(legacy[1]));
    } catch {
      return error(res, 400, 'Bad member identity');
    }
    if (!p) return error(res, 404, 'Member not found');
    if (legacy[2] === 'profileContactInfo') return reply(res, 200, { data: contactInfo(p), included: [] });
    const view = { ...publicProfile(p), $type: 'com.linkedin.voyager.identity.profile.ProfileView' };
    return reply(res, 200, { data: view, included: [] });
  }
  if (path === '/identity/dash/profiles') {
    if (url.searchParams.get('q') !== 'memberIdentity') return error(res, 400, 'Unsupported finder');
    return profiles(res, findPerson(url.searchParams.get('memberIdentity') ?? ''), null, false);
  }
  if (path === '/graphql') return graphql(res, url);
  error(res, 404, 'Not found');
}
