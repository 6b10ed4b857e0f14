// The fixture server answered over real HTTPS with real Host headers, the
// way the browser will reach it through --host-resolver-rules: what the
// site hands out, to whom, and what it refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startServer } from '../../www/server.mjs';
import { findPerson } from '../../www/linkedin/people.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(() => server?.close());

function request(host, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1', port: server.port, servername: host, path, method,
        headers: { host, ...headers }, rejectUnauthorized: false, agent: false,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode, headers: res.headers, body: raw.toString('utf8'), raw });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const SESSION = { cookie: 'JSESSIONID="ajax:1234567890"; li_at=AQEDAtest', 'csrf-token': 'ajax:1234567890' };
const NORMALIZED = { ...SESSION, accept: 'application/vnd.linkedin.normalized+json+2.1' };
const linkedin = (path, options) => request('www.linkedin.com', path, options);
const json = (res) => JSON.parse(res.body);
const alice = findPerson('alice-martin');

/** The query ids a scraper reads from the site's bundle. */
async function idsFromBundle() {
  const bundle = (await linkedin('/static/bundle.js')).body;
  const ids = {};
  for (const [, file, id] of bundle.matchAll(/define\("[^"]*\/([\w-]+)\.graphql", \[\], function \(\) \{\s*return \{ id: "([\w.]+)"/g)) ids[file] = id;
  return ids;
}

const graphql = (queryId, variables, headers = SESSION) =>
  linkedin(`/voyager/api/graphql?includeWebMetadata=true&variables=${variables}&queryId=${queryId}`, { headers });

test('a profile page carries the member URN and no contact data', async () => {
  const res = await linkedin('/in/alice-martin/');
  assert.equal(res.status, 200);
  assert.match(res.body, /<title>Alice Martin \| LinkedIn<\/title>/);
  const blob = res.body.match(/<code id="bpr-guid-1" style="display: none">([^<]*)<\/code>/)?.[1];
  assert.ok(blob, 'a hydration blob');
  const decoded = JSON.parse(blob.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))));
  assert.deepEqual(decoded, { data: { entityUrn: `urn:li:fsd_profile:${alice.memberId}`, publicIdentifier: 'alice-martin' } });
  assert.equal(alice.memberId.length, 39);
  for (const secret of [alice.email, alice.phone, alice.twitter, 'mailto:', 'tel:']) assert.ok(!res.body.includes(secret), secret);
  // Scripts from the site and its static host only: no inline script.
  assert.match(res.headers['content-security-policy'], /script-src 'self' https:\/\/static\.licdn\.com;/);
  assert.match(res.headers['content-security-policy'], /connect-src 'self'/);
  const cookies = res.headers['set-cookie'];
  assert.ok(cookies.some((c) => /^JSESSIONID="ajax:\d+";/.test(c) && !/HttpOnly/.test(c)), 'JSESSIONID readable by scripts');
  assert.ok(cookies.some((c) => c.startsWith('li_at=') && /HttpOnly/.test(c)), 'li_at HttpOnly');
});

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(raw) {
  assert.deepEqual([...raw.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.equal(raw.subarray(12, 16).toString('latin1'), 'IHDR');
  return [raw.readUInt32BE(16), raw.readUInt32BE(20)];
}

const hostPath = (url) => [new URL(url).host, new URL(url).pathname + new URL(url).search];

test('the feed is as heavy as the real one: script chunks and style sheets from static.licdn.com, photos from media.licdn.com, cached as those hosts cache them', async () => {
  const page = (await linkedin('/feed/')).body;
  const scripts = [...page.matchAll(/<script src="(https:\/\/static\.licdn\.com\/aero-v1\/sc\/h\/[a-z0-9]+)" defer><\/script>/g)].map((m) => m[1]);
  const styles = [...page.matchAll(/<link rel="stylesheet" href="(https:\/\/static\.licdn\.com\/[^"]+)">/g)].map((m) => m[1]);
  assert.equal(scripts.length, 30);
  assert.equal(styles.length, 3);
  // The chunks come before the client, which drains what they queued.
  assert.ok(page.indexOf(scripts.at(-1)) < page.indexOf('/static/bundle.js'));
  let bytes = 0;
  for (const url of [...scripts, ...styles]) {
    const res = await request(...hostPath(url));
    assert.equal(res.status, 200, url);
    assert.match(res.headers['cache-control'], /immutable/);
    bytes += res.raw.length;
  }
  assert.ok(bytes > 2_000_000, `${bytes} bytes of scripts and styles`);
  const chunk = (await request(...hostPath(scripts[0]))).body;
  assert.match(chunk, /^\/\* voyager-web chunk 0 \*\/\n\(window\.voyagerChunks = window\.voyagerChunks \|\| \[\]\)\.push\(function \(define\) \{/);
  assert.equal(chunk.match(/define\("voyager-web\/components\//g).length, 36);

  // The rails' images, and a photo and a shared picture from the API.
  const images = [...page.matchAll(/<img [^>]*src="(https:\/\/media\.licdn\.com\/[^"]+)"/g)].map((m) => m[1].replaceAll('&#38;', '&'));
  assert.equal(images.length, 6);
  const feed = json(await graphql((await idsFromBundle())['main-feed'], '(start:0,count:10,sortOrder:RELEVANCE)', NORMALIZED));
  const update = feed.included.find((e) => e.content);
  const shared = update.content.imageComponent.images[0].attributes[0].detailData.vectorImage;
  const author = update.actor.image.attributes[0].detailData.nonEntityProfilePicture.vectorImage;
  const sizes = [];
  for (const url of [...images, shared.rootUrl + shared.artifacts[0].fileIdentifyingUrlPathSegment, author.rootUrl + author.artifacts[0].fileIdentifyingUrlPathSegment]) {
    const res = await request(...hostPath(url));
    assert.equal(res.status, 200, url);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.match(res.headers['cache-control'], /max-age=\d+/);
    sizes.push(pngSize(res.raw).join('x'));
  }
  assert.deepEqual(sizes, ['800x200', '200x200', '100x100', '100x100', '100x100', '100x100', '800x450', '100x100']);
  assert.deepEqual([shared.artifacts[0].width, shared.artifacts[0].height], [800, 450]);

  // Nothing else: a made-up chunk or image is a 404.
  assert.equal((await request('static.licdn.com', '/aero-v1/sc/h/doesnotexist')).status, 404);
  assert.equal((await request('media.licdn.com', '/dms/image/v2/D4Eaaaaaaaaaaaaaaaaaaa/unknown-kind/unknown-kind/0/1700000000000')).status, 404);
  const csp = (await linkedin('/feed/')).headers['content-security-policy'];
  assert.match(csp, /img-src 'self' data: https:\/\/media\.licdn\.com/);
});

test('member-URN profile URLs redirect to the vanity URL; unknown profiles are a 404 page', async () => {
  const byUrn = await linkedin(`/in/${alice.memberId}/`);
  assert.equal(byUrn.status, 302);
  assert.equal(byUrn.headers.location, '/in/alice-martin/');
  const overlay = await linkedin(`/in/${alice.memberId}/overlay/contact-info/`);
  assert.equal(overlay.headers.location, '/in/alice-martin/overlay/contact-info/');
  assert.equal((await linkedin('/in/Alice-Martin')).headers.location, '/in/alice-martin/');
  const missing = await linkedin('/in/no-such-person/');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /doesn’t exist/);
});

test('every API call needs the csrf-token equal to JSESSIONID, and the session', async () => {
  const path = '/voyager/api/identity/profiles/alice-martin/profileContactInfo';
  for (const headers of [{}, { cookie: SESSION.cookie }, { ...SESSION, 'csrf-token': 'ajax:0' }]) {
    const refused = await linkedin(path, { headers });
    assert.equal(refused.status, 403);
    assert.equal(json(refused).message, 'CSRF check failed.');
  }
  const noLogin = await linkedin(path, { headers: { cookie: 'JSESSIONID="ajax:1"', 'csrf-token': 'ajax:1' } });
  assert.equal(noLogin.status, 401);
  const ok = await linkedin(path, { headers: SESSION });
  assert.equal(ok.status, 200);
  assert.deepEqual(json(ok).phoneNumbers, [{ number: alice.phone, type: 'MOBILE' }]);
  assert.equal(json(ok).emailAddress, alice.email);
});

test('the GraphQL query ids come from the bundle; a stale or invented one is refused', async () => {
  const ids = await idsFromBundle();
  assert.deepEqual(ids, server.queryIds());
  assert.match(ids['profile-contact-info-finder'], /^voyagerIdentityDashProfiles\.[0-9a-f]{32}$/);
  assert.notEqual(ids['profile-contact-info-finder'], ids['profile-top-card-finder']);

  const contact = await graphql(ids['profile-contact-info-finder'], '(memberIdentity:alice-martin)');
  assert.equal(contact.status, 200);
  const [profile] = json(contact).data.identityDashProfilesByMemberIdentity.elements;
  assert.equal(profile.emailAddress.emailAddress, alice.email);
  assert.deepEqual(profile.phoneNumbers.map((p) => p.phoneNumber.number), [alice.phone]);

  const stale = await graphql(`voyagerIdentityDashProfiles.${'0'.repeat(32)}`, '(memberIdentity:alice-martin)');
  assert.equal(stale.status, 400);
  assert.equal((await graphql('voyagerIdentityDashProfiles', '(memberIdentity:alice-martin)')).status, 400);
  assert.equal((await graphql(ids['profile-contact-info-finder'], '(vanityName:alice-martin)')).status, 400, 'its own variables');
});

test('normalized answers put entities in included[], referred to as *elements; only the contact finder has contacts', async () => {
  const ids = server.queryIds();
  const byMemberId = await graphql(ids['profile-contact-info-finder'], `(memberIdentity:${alice.memberId})`, NORMALIZED);
  assert.match(byMemberId.headers['content-type'], /^application\/vnd\.linkedin\.normalized\+json\+2\.1/);
  const body = json(byMemberId);
  const urn = `urn:li:fsd_profile:${alice.memberId}`;
  assert.deepEqual(body.data.data.identityDashProfilesByMemberIdentity['*elements'], [urn]);
  const entity = body.included.find((e) => e.entityUrn === urn);
  assert.equal(entity.$type, 'com.linkedin.voyager.dash.identity.profile.Profile');
  assert.equal(entity.emailAddress.emailAddress, alice.email);

  const topCard = await graphql(ids['profile-top-card-finder'], '(vanityName:alice-martin)', NORMALIZED);
  assert.equal(json(topCard).included[0].publicIdentifier, 'alice-martin');
  for (const secret of [alice.email, alice.phone, alice.twitter]) assert.ok(!topCard.body.includes(secret), secret);

  const browsemap = json(await graphql(ids['profile-browsemap'], `(profileUrn:${encodeURIComponent(urn)})`, NORMALIZED));
  const listed = browsemap.data.data.identityDashProfileBrowsemapByProfileUrn['*elements'];
  assert.equal(listed.length, 5);
  for (const u of listed) assert.match(u, /^urn:li:fsd_profile:ACoAA[\w-]{34}$/);
  assert.ok(browsemap.included.every((e) => e.publicIdentifier === undefined && !JSON.stringify(e).includes('@')), 'by URN, no contact');

  const feed = json(await graphql(ids['main-feed'], '(start:0,count:10,sortOrder:RELEVANCE)', NORMALIZED));
  assert.deepEqual(feed.data.data.feedDashMainFeedByMainFeed.paging, { start: 0, count: 10, total: 12 });
  const reactors = feed.included.filter((e) => e.reactions).flatMap((e) => e.reactions.map((r) => r.reactorLockup.navigationUrl));
  assert.ok(reactors.length > 10);
  for (const url of reactors) assert.match(url, /^https:\/\/www\.linkedin\.com\/in\/ACoAA[\w-]{34}$/);
});

test('contact details only for connections, or members who made them public', async () => {
  const ids = server.queryIds();
  const contactOf = async (slug) =>
    json(await graphql(ids['profile-contact-info-finder'], `(memberIdentity:${slug})`)).data.identityDashProfilesByMemberIdentity.elements[0];
  const stranger = await contactOf('kenji-watanabe');
  assert.equal(stranger.emailAddress, null);
  assert.deepEqual(stranger.phoneNumbers, []);
  assert.equal((await contactOf('samuel-adeyemi')).emailAddress.emailAddress, findPerson('samuel-adeyemi').email);
  const legacy = json(await linkedin('/voyager/api/identity/profiles/oliver-hughes/profileContactInfo', { headers: SESSION }));
  assert.equal(legacy.emailAddress, null);
});

test('connections are listed by member URN, page by page', async () => {
  const first = json(await linkedin('/voyager/api/relationships/dash/connections?q=search&sortType=RECENTLY_ADDED&start=0&count=10', { headers: SESSION }));
  assert.deepEqual(first.paging, { start: 0, count: 10, total: 14 });
  for (const c of first.elements) assert.match(c.connectedMember, /^urn:li:fsd_profile:ACoAA[\w-]{34}$/);
  const second = json(await linkedin('/voyager/api/relationships/dash/connections?start=10&count=10', { headers: SESSION }));
  assert.deepEqual(second.paging, { start: 10, count: 4, total: 14 });
  const memberId = second.elements[0].connectedMember.split(':').pop();
  const contact = json(await linkedin(`/voyager/api/identity/profiles/${memberId}/profileContactInfo`, { headers: SESSION }));
  assert.equal(contact.emailAddress, findPerson(memberId).email);
});

test('people search lists members with links, ten at a time', async () => {
  const variables = '(start:0,origin:GLOBAL_SEARCH_HEADER,query:(keywords:,flagshipSearchIntent:SEARCH_SRP))';
  const res = await graphql(server.queryIds()['search-cluster-collection'], variables);
  assert.equal(res.status, 200);
  const clusters = json(res).data.searchDashClustersByAll;
  assert.deepEqual(clusters.paging, { start: 0, count: 10, total: 20 });
  assert.match(clusters.elements[0].navigationUrl, /^https:\/\/www\.linkedin\.com\/in\/alice-martin\?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAA/);
});

test('Sales Navigator: leads by their own ids, contact details only in a decoration that asks for them', async () => {
  const search = json(await linkedin('/sales-api/salesApiLeadSearch?q=searchQuery&start=0&count=25', { headers: SESSION }));
  assert.deepEqual(search.paging, { start: 0, count: 20, total: 20 });
  const urn = search.elements.find((e) => e.fullName === 'Alice Martin').entityUrn;
  const [, id, authType, token] = urn.match(/^urn:li:fs_salesProfile:\((ACwAA[\w-]{34}),(NAME_SEARCH),(\w{4})\)$/);
  assert.notEqual(id, alice.memberId);
  const page = await linkedin(`/sales/lead/${id},${authType},${token}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, new RegExp(alice.email.replace(/\./g, '\\.')), 'the contact details come from the API');
  assert.equal((await linkedin(`/sales/lead/${id},${authType},XXXX`)).status, 404);
  const profile = `/sales-api/salesApiProfiles/(profileId:${id},authType:${authType},authToken:${token})`;
  assert.equal((await linkedin(`${profile}?decoration=(entityUrn,contactInfo)`)).status, 403, 'no csrf-token: refused');
  const withContact = json(await linkedin(`${profile}?decoration=${encodeURIComponent('(entityUrn,fullName,contactInfo)')}`, { headers: SESSION }));
  assert.equal(withContact.contactInfo.emails[0].emailAddress, alice.email);
  assert.equal(withContact.contactInfo.phones[0].number, alice.phone);
  assert.equal(withContact.contactInfo.primaryEmail, alice.email);
  const without = json(await linkedin(`${profile}?decoration=(entityUrn,fullName)`, { headers: SESSION }));
  assert.equal(without.fullName, 'Alice Martin');
  assert.equal(without.contactInfo, undefined);
});

test('the collector records what it is sent, under either host', async () => {
  for (const host of ['api.collector.test', 'api.crm-sync.example']) {
    server.collector.clear();
    const body = JSON.stringify({ email: alice.email });
    const res = await request(host, '/v1/leads?src=ext', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const list = JSON.parse((await request(host, '/__received')).body);
    const [hit] = list.filter((r) => r.path === '/v1/leads');
    assert.equal(hit.method, 'POST');
    assert.equal(hit.host, host);
    assert.deepEqual(hit.query, { src: 'ext' });
    assert.equal(hit.body, body);
    assert.equal(server.collector.received.length, list.length);
  }
});
