// Real SDKs, as published on npm, that tie the signed-up person to what
// they send (Application Insights' signed-in user, RudderStack's,
// Customer.io's and Braze's identify, Grafana Faro's user, Statsig's user
// object, Elastic APM's user context, in batches gzipped in the page and
// sent as a Blob; Countly's
// user details, read from the sign-up form by the SDK itself; HyperDX's
// user attributes, beside its replay masking what is typed; Pendo's visitor
// metadata, deflated into base64url in its URLs; CleverTap's profile,
// lz-string in base64 in its URLs, and with its encryption in transit,
// AES-GCM with the key beside it), on the garden
// shop's sign-up page (www/sdks/, tests/e2e/sdk-site.mjs), in Chromium with
// Vigie; each beside a variant that sends its sign-up event without the
// person: nothing. Their hosts are ones the tracker database files too
// broadly (Azure's CDN, Customer.io's pipeline) or not at all (src/destinations/trackers.json), and
// Statsig writes its body in base64 backwards; Elastic's APM agent makes a
// Request of every fetch of the page, its own batches included, which
// Vigie's hooks read inside it. What each vendor's host
// received is decoded here too. Split from sdks.test.mjs, so that each file
// stays well within the test runner's time per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { SDK_SITE_HOST } from '../../www/hosts.mjs';
import { clevertapTexts, openEnvelope } from './clevertap.mjs';
import { eventually, findingsOf, popupCards, tabIdOf, waitForFinding } from './harness.mjs';
import { PERSON, SETTLED_MS, bodyText, browser, carries, leakFinding, leaksTo, server, signUp, sleep, useSdkSite } from './sdk-site.mjs';

useSdkSite();

const APPINSIGHTS_HOST = 'westeurope-5.in.applicationinsights.azure.com';
/** The telemetry items Application Insights received at `host` (JSON arrays, or newline-delimited). */
const appInsightsItems = (host = APPINSIGHTS_HOST) =>
  server.sdks.to(host, '/v2/track').flatMap((r) => {
    const text = bodyText(r).trim();
    return text.startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  });

test('Application Insights: the signed-in user set after sign-up is a leak; a sign-up event without it: none', async () => {
  const anonymous = await signUp('appinsights-anonymous');
  await eventually(() => appInsightsItems().some((i) => i.data?.baseData?.name === 'signed_up'), { what: 'the signed_up event at Application Insights', timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(APPINSIGHTS_HOST).filter((r) => carries(r, PERSON.email) || carries(r, 'Fontaine')).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(APPINSIGHTS_HOST), []);

  const page = await signUp('appinsights');
  const finding = await leakFinding('leakToThirdParty', APPINSIGHTS_HOST, 'a leak to Application Insights');
  assert.ok(appInsightsItems().some((i) => i.tags?.['ai.user.authUserId'] === PERSON.email), 'the telemetry carries the signed-in user');
  // The tracker database lists Azure Monitor as "utilities"; Vigie knows its SDK records what visitors do.
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  await page.close();
});

test('Application Insights set up with an instrumentation key alone: its default endpoint, which the tracker database files as a CDN, receives the signed-in user: a leak', async () => {
  const host = 'dc.services.visualstudio.com';
  const page = await signUp('appinsights-ikey');
  const finding = await leakFinding('leakToThirdParty', host, 'a leak to Application Insights');
  assert.ok(appInsightsItems(host).some((i) => i.tags?.['ai.user.authUserId'] === PERSON.email), 'the telemetry carries the signed-in user');
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  await page.close();
});

const RUDDERSTACK_PLANE = 'jardinexpresspw.dataplane.rudderstack.com';

test('RudderStack identify on sign-up: a leak to an analytics company the tracker database lacks; a sign-up event without identify: none', async () => {
  const anonymous = await signUp('rudderstack-anonymous');
  await eventually(() => server.sdks.to(RUDDERSTACK_PLANE, '/v1/track').some((r) => bodyText(r).includes('Signed Up')), {
    what: 'the Signed Up event at RudderStack',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(RUDDERSTACK_PLANE).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(RUDDERSTACK_PLANE), []);

  const page = await signUp('rudderstack');
  const finding = await leakFinding('leakToThirdParty', RUDDERSTACK_PLANE, 'a leak to RudderStack');
  assert.ok(server.sdks.to(RUDDERSTACK_PLANE, '/v1/identify').some((r) => carries(r, PERSON.email)), 'identify sent the address');
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  await page.close();
});

const CUSTOMERIO_HOST = 'cdp-eu.customer.io';

test("Customer.io's Data Pipelines identify on sign-up: a leak to an analytics pipeline the tracker database files as customer interaction; a sign-up event without identify: none", async () => {
  const anonymous = await signUp('customerio-anonymous');
  await eventually(() => server.sdks.to(CUSTOMERIO_HOST, '/v1/t').some((r) => bodyText(r).includes('Signed Up')), {
    what: 'the Signed Up event at Customer.io',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(CUSTOMERIO_HOST).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(CUSTOMERIO_HOST), []);

  const page = await signUp('customerio');
  const finding = await leakFinding('leakToThirdParty', CUSTOMERIO_HOST, 'a leak to Customer.io');
  assert.ok(server.sdks.to(CUSTOMERIO_HOST, '/v1/i').some((r) => carries(r, PERSON.email)), 'identify sent the address');
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  await page.close();
});

const BRAZE_HOST = 'sdk.fra-02.braze.eu';
/** The attributes of each user Braze's cluster received. */
const brazeAttributes = () => server.sdks.to(BRAZE_HOST, '/api/v3/data/').flatMap((r) => JSON.parse(bodyText(r)).attributes ?? []);

test("Braze on its EU cluster: the address set as the user's id and e-mail on sign-up is a leak; a sign-up event without it: none", async () => {
  const anonymous = await signUp('braze-anonymous');
  await eventually(() => server.sdks.to(BRAZE_HOST).some((r) => bodyText(r).includes('signed_up')), { what: 'the signed_up event at Braze', timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(BRAZE_HOST).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(BRAZE_HOST), []);

  const page = await signUp('braze');
  const finding = await leakFinding('leakToThirdParty', BRAZE_HOST, 'a leak to Braze');
  assert.ok(brazeAttributes().some((a) => a.email === PERSON.email), 'the user attributes carry the address');
  // The tracker database names Braze's US clusters only; the EU ones are in Vigie's list.
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  await page.close();
});

const FARO_COLLECTOR = 'faro-collector-prod-eu-west-2.grafana.net';
/** The user meta of each payload Grafana Faro's collector received. */
const faroUsers = () => server.sdks.to(FARO_COLLECTOR, '/collect/').map((r) => JSON.parse(bodyText(r)).meta?.user ?? null);

test("Grafana Faro: the user set after sign-up is a leak to a service recording what visitors do; a sign-up event without it: none", async () => {
  const anonymous = await signUp('faro-anonymous');
  await eventually(() => server.sdks.to(FARO_COLLECTOR).some((r) => bodyText(r).includes('signed_up')), { what: 'the signed_up event at Faro', timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(FARO_COLLECTOR).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).length, 0);
  assert.deepEqual(await leaksTo(FARO_COLLECTOR), []);

  const page = await signUp('faro');
  const finding = await leakFinding('leakToThirdParty', FARO_COLLECTOR, 'a leak to Grafana Faro');
  assert.ok(faroUsers().some((u) => u?.email === PERSON.email), 'the payloads carry the user set');
  // Grafana is not in the tracker database; Vigie's list says its SDK records what visitors do.
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  await page.close();
});

const STATSIG_HOST = 'featureassets.org';
/** The user object of each `initialize` Statsig received, its body read as Statsig's API does: reversed, then base64. */
const statsigUsers = () =>
  server.sdks.to(STATSIG_HOST, '/v1/initialize').map((r) => {
    assert.equal(new URLSearchParams(r.query).get('se'), '1', 'Statsig says the body is encoded');
    return JSON.parse(Buffer.from(bodyText(r).split('').reverse().join(''), 'base64').toString('latin1')).user;
  });

test("Statsig: the signed-up user, in a body of base64 written backwards, is a leak; a visitor's: none", async () => {
  const anonymous = await signUp('statsig-anonymous');
  await eventually(() => statsigUsers().length > 0, { what: "Statsig's initialize", timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(statsigUsers().map((u) => u.userID), ['visiteur-7f3a9c']);
  assert.deepEqual(await leaksTo(STATSIG_HOST), []);

  const page = await signUp('statsig');
  const finding = await leakFinding('leakToThirdParty', STATSIG_HOST, 'a leak to Statsig');
  assert.ok(statsigUsers().some((u) => u.email === PERSON.email), 'initialize carries the signed-up user');
  // Never in clear: only the reversed base64 carried it.
  assert.deepEqual(server.sdks.to(STATSIG_HOST).filter((r) => carries(r, PERSON.email)).map((r) => r.path), []);
  assert.ok(finding.evidence.encodings.includes('base64Reversed'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  const card = (await popupCards(browser, tabId)).find((c) => c.kind === 'leakToThirdParty' && c.text.includes(STATSIG_HOST));
  assert.ok(card, 'the popup shows the leak');
  assert.match(card.text, /reversed base64/);
  assert.match(card.text, /analytics or advertising company/);
  await page.close();
});

const ELASTIC_APM = '9a3c5f1e2b7d4c8a.apm.europe-west1.gcp.cloud.es.io';
/** The events of each intake batch Elastic's APM server received (newline-delimited JSON, gzip undone). */
const elasticEvents = () =>
  server.sdks.to(ELASTIC_APM, '/intake/v2/rum/events').flatMap((r) => bodyText(r).split('\n').filter(Boolean).map((line) => JSON.parse(line)));

test("Elastic APM RUM: the user context set after sign-up, in batches gzipped in the page and sent as a Blob, is a leak; a labelled transaction without it: none", async () => {
  const anonymous = await signUp('elastic-anonymous');
  const clicked = () => elasticEvents().some((e) => e.transaction?.type === 'user-interaction' && e.transaction.name === 'Click - button');
  await eventually(clicked, { what: "the sign-up click's transaction at Elastic", timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(ELASTIC_APM).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).length, 0);
  assert.deepEqual(await leaksTo(ELASTIC_APM), []);

  const page = await signUp('elastic');
  const finding = await leakFinding('leakToThirdParty', ELASTIC_APM, 'a leak to Elastic APM');
  assert.ok(elasticEvents().some((e) => e.transaction?.context?.user?.email === PERSON.email), 'the transactions carry the user context');
  const batches = server.sdks.to(ELASTIC_APM, '/intake/');
  assert.ok(batches.length > 0 && batches.every((r) => r.headers['content-encoding'] === 'gzip' && r.body[0] === 0x1f), 'gzipped in the page');
  // A Blob body, which Chromium keeps from extensions: read in the page.
  assert.ok(finding.evidence.notes.includes('bodyReadInPage'), JSON.stringify(finding.evidence.notes));
  // Elastic is in the tracker database without its APM hosts; Vigie's list says its agent records what visitors do.
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  await page.close();
});

const COUNTLY_SERVER = 'jardinexpress.count.ly';
/** The user details Countly's server received (URL-encoded JSON in each posted request's `user_details`). */
const countlyUserDetails = () =>
  server.sdks.to(COUNTLY_SERVER, '/i').flatMap((r) => {
    const details = new URLSearchParams(bodyText(r)).get('user_details');
    return details === null ? [] : [JSON.parse(details)];
  });

test("Countly collecting the sign-up form as it is submitted: the address and name it reads there are a leak to an analytics company the tracker database lacks; a visit and a sign-up event without it: none", async () => {
  const anonymous = await signUp('countly-anonymous');
  await eventually(() => server.sdks.to(COUNTLY_SERVER, '/i').some((r) => bodyText(r).includes('signed_up')), {
    what: 'the signed_up event at Countly',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(countlyUserDetails(), []);
  assert.deepEqual(server.sdks.to(COUNTLY_SERVER).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(COUNTLY_SERVER), []);

  const page = await signUp('countly');
  const finding = await leakFinding('leakToThirdParty', COUNTLY_SERVER, 'a leak to Countly');
  // Nothing the site's own code gave it: the SDK read the form itself.
  assert.ok(countlyUserDetails().some((d) => d.email === PERSON.email), JSON.stringify(countlyUserDetails()));
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  // The password, which the SDK leaves out, is nowhere in what it sent.
  assert.deepEqual(server.sdks.to(COUNTLY_SERVER).filter((r) => carries(r, PERSON.mdp)).map((r) => r.path), []);
  await page.close();
});

const HYPERDX_HOST = 'in-otel.hyperdx.io';
/** The rrweb input events HyperDX's replay sent (in its gzipped protobuf logs, each event a JSON string). */
const hyperdxInputs = () =>
  server.sdks.to(HYPERDX_HOST, '/v1/logs').flatMap((r) => [...bodyText(r).matchAll(/\{"type":3,"data":\{"source":5,"text":"([^"]*)"/g)].map((m) => m[1]));

test('HyperDX: its replay masks what is typed, no leak before submit; the user attributes set after sign-up, sent in the spans it flushes as the tab is closed, are a leak to a service recording what visitors do', async () => {
  const page = await signUp('hyperdx');
  await eventually(() => hyperdxInputs().length > 0, { what: "HyperDX's replay of the typing", timeout: 20000 });
  // HyperDX sends its last spans, the user's attributes among them, as the
  // page goes: the tab is closed on it, a person's last step.
  await page.close();
  const finding = await leakFinding('leakToThirdParty', HYPERDX_HOST, 'a leak to HyperDX');
  assert.ok(server.sdks.to(HYPERDX_HOST, '/v1/traces').some((r) => carries(r, PERSON.email)), 'the spans carry the user attributes');
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  // The page's own script sent it, as it went: nothing says otherwise.
  assert.ok(!finding.evidence.notes.includes('notFromPageScripts'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  // The replay recorded the typing, every character masked.
  assert.ok(hyperdxInputs().every((text) => /^\**$/.test(text)), JSON.stringify(hyperdxInputs()));
  const before = (await findingsOf(browser)).filter((f) => f.kind === 'leakBeforeSubmit' && (f.evidence?.destinations ?? []).includes(HYPERDX_HOST));
  assert.deepEqual(before, []);
});

const PENDO_HOST = 'app.eu.pendo.io';
/** What Pendo's agent sent, each `jzb` parameter (in the URL or a posted form) inflated from URL-safe base64. */
const pendoPayloads = () =>
  server.sdks.to(PENDO_HOST, '/data/').flatMap((r) => {
    const jzb = [new URLSearchParams(r.query).get('jzb'), r.body.length ? new URLSearchParams(bodyText(r)).get('jzb') : null];
    return jzb.filter(Boolean).map((text) => inflateSync(Buffer.from(text, 'base64url')).toString('utf8'));
  });

test("Pendo's agent identifying the visitor on sign-up: the address and name in its deflated events and guide requests are a leak to an analytics company the database files under no organization; a sign-up event without them: none", async () => {
  const anonymous = await signUp('pendo-anonymous');
  // The agent sends its events in batches, the last as the page goes.
  await anonymous.close();
  await eventually(() => pendoPayloads().some((p) => p.includes('"track_event_name":"signed_up"')), { what: 'the signed_up event at Pendo', timeout: 20000 });
  await sleep(SETTLED_MS);
  assert.deepEqual(pendoPayloads().filter((p) => p.includes(PERSON.email) || p.includes(PERSON.nom)), []);
  assert.deepEqual(await leaksTo(PENDO_HOST), []);

  const page = await signUp('pendo');
  const finding = await leakFinding('leakToThirdParty', PENDO_HOST, 'a leak to Pendo');
  // Pendo received them as its documentation says: the visitor's metadata, deflated, in base64url.
  assert.ok(pendoPayloads().some((p) => p.includes(PERSON.email) && p.includes(PERSON.nom)), 'the agent sent the visitor metadata');
  assert.ok(server.sdks.to(PENDO_HOST).every((r) => !r.query.includes('example.net') && !bodyText(r).includes('example.net')), 'never as plain text');
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.encodings.includes('deflate'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  await page.close();
});

const CLEVERTAP_HOST = 'eu1.clevertap-prod.com';
/** What CleverTap's SDK sent, each request's `d` parameter: lz-string in base64 (its own copy of an early lz-string). */
const clevertapPayloads = () => clevertapTexts(server.sdks.to(CLEVERTAP_HOST, '/a'));

test("CleverTap's Web SDK logging the user in on sign-up: the address and name in its profile, lz-string in its URLs, are a leak to its regional host, which the tracker database lacks; a sign-up event alone: none", async () => {
  const anonymous = await signUp('clevertap-anonymous');
  await eventually(() => clevertapPayloads().some((p) => p?.includes('"evtName":"Signed Up"')), { what: 'the Signed Up event at CleverTap', timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(clevertapPayloads().filter((p) => p?.includes(PERSON.email) || p?.includes(PERSON.nom)), []);
  assert.deepEqual(await leaksTo(CLEVERTAP_HOST), []);

  const page = await signUp('clevertap');
  const finding = await leakFinding('leakToThirdParty', CLEVERTAP_HOST, 'a leak to CleverTap');
  const profiles = clevertapPayloads().filter((p) => p?.includes(PERSON.email));
  assert.ok(profiles.some((p) => p.includes(PERSON.nom)), 'the profile the SDK sent holds the address and name');
  assert.ok(server.sdks.to(CLEVERTAP_HOST).every((r) => !decodeURIComponent(r.query).includes('example.net')), 'never as plain text');
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.encodings.includes('lzString'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  await page.close();
});

/** CleverTap's envelopes, when its encryption in transit is on: decrypted with the key each carries. */
const clevertapDecrypted = () => clevertapPayloads().flatMap((text) => openEnvelope(text) ?? []);

test("CleverTap with its encryption in transit: the profile encrypted with AES-GCM, its key and IV in the same envelope, is still a leak", async () => {
  const page = await signUp('clevertap-encrypted');
  // The same finding as the profile sent in clear above (one per site and
  // host), seen again, now with the encrypted chain among its encodings.
  const finding = await waitForFinding(
    browser,
    (f) => f.kind === 'leakToThirdParty' && (f.evidence?.destinations ?? []).includes(CLEVERTAP_HOST) && (f.evidence?.encodings ?? []).includes('encrypted'),
    'a leak to CleverTap, encrypted',
    { timeout: 30000 },
  );
  // Every request carried an envelope, and the profile was inside one.
  const envelopes = clevertapPayloads();
  assert.ok(envelopes.length > 0 && envelopes.every((p) => p?.startsWith('{"itp"')), JSON.stringify(envelopes.map((p) => p?.slice(0, 40))));
  assert.ok(clevertapDecrypted().some((p) => p?.includes(PERSON.email) && p.includes(PERSON.nom)), 'the encrypted profile holds the address and name');
  assert.ok(finding.evidence.encodings.includes('encrypted'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  await page.close();
});
