// Response envelopes. The web client asks for the normalized form
// (accept: application/vnd.linkedin.normalized+json+2.1): every entity once
// in a top-level `included[]` with its `$type` and `entityUrn`, and
// collections referring to them as `*elements`. Other clients get the
// entities inline (`elements[]`), the shape many public scrapers parse
// (e.g. data.identityDashProfilesByMemberIdentity.elements[0].emailAddress).
import { sendJson } from '../respond.mjs';

export const NORMALIZED = 'application/vnd.linkedin.normalized+json+2.1';
const COLLECTION = 'com.linkedin.restli.common.CollectionResponse';

export const wantsNormalized = (req) => (req.headers.accept ?? '').includes(NORMALIZED);

function reply(req, res, status, value) {
  sendJson(res, status, value, wantsNormalized(req) ? NORMALIZED : 'application/json');
}

export function sendError(req, res, status, message) {
  reply(req, res, status, { status, message });
}

/**
 * A GraphQL collection under data.<key>. `elements` are the entities the
 * collection lists; `related` are entities they refer to (normalized form
 * only: inline, the elements carry what they need).
 */
export function sendGraphqlCollection(req, res, key, elements, { related = [], paging } = {}) {
  const page = paging ? { paging } : {};
  if (wantsNormalized(req)) {
    const collection = { '*elements': elements.map((e) => e.entityUrn), ...page, $type: COLLECTION };
    const included = dedupe([...elements, ...related]);
    return reply(req, res, 200, { data: { data: { [key]: collection } }, included });
  }
  reply(req, res, 200, { data: { [key]: { elements, ...page, $type: COLLECTION } } });
}

/** A Rest.li resource: one record, or a collection with paging. */
export function sendRestRecord(req, res, record) {
  if (wantsNormalized(req)) return reply(req, res, 200, { data: record, included: [] });
  reply(req, res, 200, record);
}

export function sendRestCollection(req, res, elements, paging, related = []) {
  if (wantsNormalized(req)) {
    const data = { '*elements': elements.map((e) => e.entityUrn), paging, $type: COLLECTION };
    return reply(req, res, 200, { data, included: dedupe([...elements, ...related]) });
  }
  reply(req, res, 200, { elements, paging });
}

function dedupe(entities) {
  const seen = new Set();
  return entities.filter((e) => !seen.has(e.entityUrn) && seen.add(e.entityUrn));
}
