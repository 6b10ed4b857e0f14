// The GraphQL queries of the site's web client. A query id is
// "<queryName>.<32 lowercase hex>": the name is stable, the hash changes
// with every deployment of the real site; here it changes with every server
// start. The only place a client can learn the current ids is the site's own
// JS bundle (bundle.mjs), where each query is an AMD module named after its
// *.graphql file, which is where public scrapers read them from.
import { randomBytes } from 'node:crypto';

/**
 * Every query the site serves: the module (file) it lives in, its name, the
 * variable it needs, and the handler in graphql.mjs that answers it. Two
 * queries share a name, as on the real site, and differ by hash and
 * variables: contact details only come with the contact-info finder.
 */
export const QUERIES = [
  { file: 'profile-contact-info-finder', name: 'voyagerIdentityDashProfiles', requires: 'memberIdentity', answer: 'contactInfo' },
  { file: 'profile-top-card-finder', name: 'voyagerIdentityDashProfiles', requires: 'vanityName', answer: 'profile' },
  { file: 'profile-browsemap', name: 'voyagerIdentityDashProfileBrowsemap', requires: 'profileUrn', answer: 'browsemap' },
  { file: 'main-feed', name: 'voyagerFeedDashMainFeed', requires: null, answer: 'feed' },
  { file: 'search-cluster-collection', name: 'voyagerSearchDashClusters', requires: 'query', answer: 'search' },
];

/** A deployment: the current id of every query, by file and by id. */
export function createDeployment() {
  const byFile = new Map();
  const byId = new Map();
  for (const query of QUERIES) {
    const id = `${query.name}.${randomBytes(16).toString('hex')}`;
    const deployed = { ...query, id };
    byFile.set(query.file, deployed);
    byId.set(id, deployed);
  }
  return {
    /** The query answering `queryId`, or undefined (a stale hash, a made-up name). */
    byId: (queryId) => byId.get(queryId),
    /** The current id of the query in `<file>.graphql`. */
    idOf: (file) => byFile.get(file)?.id,
    all: () => [...byFile.values()],
  };
}
