// /voyager/api/graphql?variables=(…)&queryId=<queryName>.<hash>: only the
// query ids of the current deployment are answered (a stale or invented
// hash is a 400, as on the real site after a deployment), and each query
// needs its own variables.
import { restliParam } from './restli.mjs';
import { sendError, sendGraphqlCollection } from './envelope.mjs';
import { browsemapOf, findPerson, searchPeople } from './people.mjs';
import { contactEntity, profileByUrn, profileEntity, searchResult } from './entities.mjs';
import { feedUpdates } from './feed.mjs';

const SEARCH_PAGE = 10;
const FEED_PAGE_MAX = 50;

const count = (value, fallback, max) => Math.min(max, Math.max(0, Number.parseInt(value, 10) || fallback));

const ANSWERS = {
  contactInfo(req, res, variables) {
    const p = findPerson(variables.memberIdentity);
    sendGraphqlCollection(req, res, 'identityDashProfilesByMemberIdentity', p ? [contactEntity(p)] : []);
  },
  profile(req, res, variables) {
    const p = findPerson(variables.vanityName);
    sendGraphqlCollection(req, res, 'identityDashProfilesByMemberIdentity', p ? [profileEntity(p)] : []);
  },
  browsemap(req, res, variables) {
    const p = findPerson(variables.profileUrn);
    if (!p) return sendGraphqlCollection(req, res, 'identityDashProfileBrowsemapByProfileUrn', []);
    sendGraphqlCollection(req, res, 'identityDashProfileBrowsemapByProfileUrn', browsemapOf(p).map(profileByUrn));
  },
  feed(req, res, variables) {
    const all = feedUpdates();
    const start = count(variables.start, 0, all.length);
    const page = all.slice(start, start + count(variables.count, 10, FEED_PAGE_MAX));
    sendGraphqlCollection(req, res, 'feedDashMainFeedByMainFeed', page.map((u) => u.update), {
      related: page.flatMap((u) => [u.socialDetail, u.author]),
      paging: { start, count: page.length, total: all.length },
    });
  },
  search(req, res, variables) {
    const found = searchPeople(variables.query?.keywords ?? '');
    const start = count(variables.start, 0, found.length);
    const page = found.slice(start, start + SEARCH_PAGE);
    sendGraphqlCollection(req, res, 'searchDashClustersByAll', page.map(searchResult), {
      paging: { start, count: SEARCH_PAGE, total: found.length },
    });
  },
};

export function handleGraphql(req, res, url, deployment) {
  const query = deployment.byId(url.searchParams.get('queryId') ?? '');
  if (!query) return sendError(req, res, 400, 'Invalid queryId');
  let variables;
  try {
    variables = restliParam(url.search, 'variables') ?? {};
  } catch {
    return sendError(req, res, 400, 'Invalid variables');
  }
  if (typeof variables !== 'object' || Array.isArray(variables)) return sendError(req, res, 400, 'Invalid variables');
  if (query.requires && variables[query.requires] === undefined) {
    return sendError(req, res, 400, `Missing variable: ${query.requires}`);
  }
  ANSWERS[query.answer](req, res, variables);
}
