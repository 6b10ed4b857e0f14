// Real analytics and monitoring SDKs, as published on npm (posthog-js,
// mixpanel-browser, @amplitude/analytics-browser, @segment/analytics-next,
// @sentry/browser, @datadog/browser-rum, @microsoft/applicationinsights-web,
// @statsig/js-client, @rudderstack/analytics-js, @grafana/faro-web-sdk)
// on a garden shop's sign-up page (www/sdks/, tests/e2e/sdk-site.mjs), in
// Chromium with Vigie. Nothing in these SDKs was written for Vigie: they
// batch, encode and compress as they do on real sites (PostHog gzips in the
// page and records sessions with rrweb; Sentry's replay deflates recordings
// in a worker into newline-delimited envelopes; Mixpanel url-encodes JSON
// in a form field; Amplitude and Segment post JSON; Datadog keeps its batch
// until the page is left, then beacons it; Statsig writes its body in base64
// backwards). What each vendor's host
// received is decoded here too, so that a miss and a false alarm are both
// told apart from a vendor that sent nothing. Session recorders and form
// trackers: sdks-recorders.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { SDK_ACCOUNT_HOST, SDK_SITE_HOST } from '../../www/hosts.mjs';
import { eventually, findingsOf, popupCards, tabIdOf, waitForFinding } from './harness.mjs';
import {
  PERSON, SETTLED_MS, bodyText, browser, carries, fillSignup, leakFinding, leaksTo, server, signUp, signupPage, sleep, submit, useSdkSite,
} from './sdk-site.mjs';

useSdkSite();

test('PostHog recording with its default masking, and sign-up events without identify: no leak', async () => {
  server.sdks.clear();
  const page = await signupPage('posthog-masked');
  const typedAt = Date.now();
  await fillSignup(page);
  // rrweb's snapshots of the typed form reach PostHog, masked.
  await eventually(() => server.sdks.to('eu.i.posthog.com', '/s/').some((r) => r.time > typedAt), { what: 'a recording batch', timeout: 20000 });
  await submit(page);
  await page.close();
  const anonymous = await signupPage('posthog-anonymous');
  await fillSignup(anonymous);
  const submittedAt = Date.now();
  await submit(anonymous);
  await eventually(() => server.sdks.to('eu.i.posthog.com', '/e/').some((r) => r.time > submittedAt && bodyText(r).includes('signed_up')), {
    what: 'the signed_up event',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  // What PostHog received holds no typed value, in any batch.
  assert.deepEqual(server.sdks.to('eu.i.posthog.com').filter((r) => carries(r, PERSON.email) || carries(r, 'Fontaine')).map((r) => r.path), []);
  assert.deepEqual(await leaksTo('eu.i.posthog.com'), []);
});

test('PostHog session recording without input masking: what is typed leaves before submit', async () => {
  server.sdks.clear();
  const page = await signupPage('posthog-replay');
  await fillSignup(page);
  const finding = await leakFinding('leakBeforeSubmit', 'eu.i.posthog.com', 'a leak before submit to PostHog');
  // rrweb's batches, gzip-compressed in the page by PostHog's own code.
  assert.ok(server.sdks.to('eu.i.posthog.com', '/s/').some((r) => carries(r, PERSON.email)), 'the recording carries the typed address');
  assert.ok(finding.evidence.encodings.includes('gzip'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  assert.ok(!JSON.stringify(finding).includes(PERSON.email));
  // The first name and the family name, typed in two fields, each recorded
  // on its own: found together in a batch, they are the person's name.
  const named = await waitForFinding(
    browser,
    (f) => f.kind === 'leakBeforeSubmit' && f.evidence?.destinations?.includes('eu.i.posthog.com') && f.evidence.dataKinds.includes('name'),
    'the name typed in two fields, in the recording',
    { timeout: 30000 },
  );
  assert.ok(named.subjects.includes('L*** F***'), JSON.stringify(named.subjects));
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.nom), 'the name appears in no finding');
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
});

/** The texts of the zlib streams in a Sentry envelope (its replay recordings). */
function envelopeStreams(request) {
  const raw = request.body;
  const texts = [];
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] !== 0x78 || ![0x01, 0x5e, 0x9c, 0xda].includes(raw[i + 1])) continue;
    try {
      texts.push(inflateSync(raw.subarray(i)).toString('utf8'));
    } catch {
      // Not a stream that starts here.
    }
  }
  return texts;
}
const SENTRY_HOST = 'o4508123.ingest.de.sentry.io';

test('Sentry session replay with its default masking: no leak', async () => {
  server.sdks.clear();
  const page = await signupPage('sentry-masked');
  const typedAt = Date.now();
  await fillSignup(page);
  // Replay flushes a segment about five seconds after the last change.
  await eventually(() => server.sdks.to(SENTRY_HOST, '/api/').some((r) => r.time > typedAt + 1000), { what: 'a replay envelope', timeout: 30000 });
  // Closed first: what the page sends as it goes is judged too.
  await page.close();
  await sleep(SETTLED_MS);
  const envelopes = server.sdks.to(SENTRY_HOST);
  assert.ok(envelopes.some((r) => envelopeStreams(r).length > 0), 'the recording is deflated in the envelope');
  assert.ok(!envelopes.some((r) => envelopeStreams(r).some((t) => t.includes(PERSON.email))), 'masked: no typed value in the recording');
  assert.deepEqual(await leaksTo(SENTRY_HOST), []);
});

test('Sentry session replay without masking: what is typed, deflated in an envelope, leaves before submit', async () => {
  server.sdks.clear();
  const page = await signupPage('sentry-replay');
  await fillSignup(page);
  const finding = await leakFinding('leakBeforeSubmit', SENTRY_HOST, 'a leak before submit to Sentry');
  assert.ok(server.sdks.to(SENTRY_HOST).some((r) => envelopeStreams(r).some((t) => t.includes(PERSON.email))), 'the deflated recording carries the address');
  assert.ok(finding.evidence.encodings.includes('deflate'), JSON.stringify(finding.evidence));
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
});

test('PostHog session recording without input masking: an address typed into a log-in box marked only as a username leaves before submit, read by its script', async () => {
  server.sdks.clear();
  const page = await signupPage('posthog-replay');
  await page.goto(`https://${SDK_ACCOUNT_HOST}/connexion?sdk=posthog-replay`);
  const email = 'lea.fontaine+jardin@example.net';
  await page.locator('#identifiant').click();
  await page.locator('#identifiant').pressSequentially(email, { delay: 20 });
  await page.keyboard.press('Tab');
  const finding = await waitForFinding(
    browser,
    (f) => f.kind === 'leakBeforeSubmit' && f.site === SDK_ACCOUNT_HOST && f.evidence?.destinations?.includes('eu.i.posthog.com'),
    'a leak before submit of the address typed as a log-in identifier',
    { timeout: 30000 },
  );
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  assert.ok(server.sdks.to('eu.i.posthog.com', '/s/').some((r) => carries(r, email)), 'the recording carries the typed address');
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  // PostHog's recorder read the box's value: an e-mail read, as the value says.
  const read = await waitForFinding(
    browser,
    (f) => f.kind === 'fieldSniffing' && f.site === SDK_ACCOUNT_HOST && f.actor?.origin === 'https://eu-assets.i.posthog.com' && f.evidence.dataKinds.includes('email'),
    'the recorder’s read of the address in the log-in box',
    { timeout: 30000 },
  );
  assert.ok(read.evidence.destinations.includes('eu.i.posthog.com'), JSON.stringify(read.evidence));
  await page.close();
});

test('PostHog identify on sign-up: the address, gzip-compressed, is a leak sent after the form was submitted', async () => {
  const page = await signUp('posthog');
  const finding = await leakFinding('leakToThirdParty', 'eu.i.posthog.com', 'a leak to PostHog');
  assert.ok(server.sdks.to('eu.i.posthog.com', '/e/').some((r) => carries(r, PERSON.email) && bodyText(r).includes('$identify')));
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.encodings.includes('gzip'), JSON.stringify(finding.evidence));
  await page.close();
});

test('Mixpanel identify and people.set on sign-up: a leak, said in the popup', async () => {
  const page = await signUp('mixpanel');
  const finding = await leakFinding('leakToThirdParty', 'api-js.mixpanel.com', 'a leak to Mixpanel');
  assert.ok(server.sdks.to('api-js.mixpanel.com', '/engage/').some((r) => carries(r, PERSON.email)), 'people.set sent the address');
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  // The address, and the name typed in two fields when it travels too; masked.
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  assert.deepEqual(finding.subjects.filter((s) => !['l***@example.net', 'L*** F***'].includes(s)), []);
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  const cards = await popupCards(browser, tabId);
  const card = cards.find((c) => c.kind === 'leakToThirdParty' && c.text.includes('api-js.mixpanel.com'));
  assert.ok(card, JSON.stringify(cards.map((c) => c.text)));
  assert.match(card.text, /analytics or advertising company/);
  await page.close();
});

test('Amplitude setUserId on sign-up: a leak', async () => {
  const page = await signUp('amplitude');
  const finding = await leakFinding('leakToThirdParty', 'api2.amplitude.com', 'a leak to Amplitude');
  assert.ok(server.sdks.to('api2.amplitude.com', '/2/httpapi').some((r) => carries(r, PERSON.email)));
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  await page.close();
});

test('Segment identify on sign-up: a leak; a sign-up event without identify: none', async () => {
  const anonymous = await signUp('segment-anonymous');
  await eventually(() => server.sdks.to('api.segment.io', '/v1/t').some((r) => bodyText(r).includes('Signed Up')), {
    what: 'the Signed Up event at Segment',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to('api.segment.io').filter((r) => carries(r, PERSON.email)).map((r) => r.path), []);
  assert.deepEqual(await leaksTo('api.segment.io'), []);

  const page = await signUp('segment');
  const finding = await leakFinding('leakToThirdParty', 'api.segment.io', 'a leak to Segment');
  assert.ok(server.sdks.to('api.segment.io', '/v1/i').some((r) => carries(r, PERSON.email)), 'identify sent the address');
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  // The address, and the name typed in two fields when it travels too; masked.
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  assert.deepEqual(finding.subjects.filter((s) => !['l***@example.net', 'L*** F***'].includes(s)), []);
  await page.close();
});

const DATADOG_HOST = 'browser-intake-datadoghq.eu';
/** The RUM events Datadog received (newline-delimited JSON), replay segments left out. */
const datadogEvents = () =>
  server.sdks.to(DATADOG_HOST, '/api/v2/rum').flatMap((r) =>
    bodyText(r)
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line)),
  );

test('Datadog RUM: setUser on sign-up is a leak, found in the batch beaconed as the page is left; without it, none', async () => {
  // Signed up without setUser, then left: Datadog's batch (views, the
  // clicks on the form, the sign-up action) carries no typed value.
  const anonymous = await signUp('datadog-anonymous');
  const leftAt = Date.now();
  await anonymous.goto(`https://${SDK_SITE_HOST}/nothing-here`);
  await eventually(() => server.sdks.to(DATADOG_HOST, '/api/v2/rum').some((r) => r.time >= leftAt && bodyText(r).includes('signed_up')), {
    what: 'the RUM batch sent as the page was left',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.deepEqual(server.sdks.to(DATADOG_HOST).filter((r) => carries(r, PERSON.email) || carries(r, 'Fontaine')).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(DATADOG_HOST), []);

  const page = await signUp('datadog');
  await page.goto(`https://${SDK_SITE_HOST}/nothing-here`);
  const finding = await leakFinding('leakToThirdParty', DATADOG_HOST, 'a leak to Datadog');
  assert.ok(datadogEvents().some((e) => e.usr?.email === PERSON.email), 'the RUM events carry the user set');
  // Datadog is listed as "utilities" by the tracker database; Vigie knows its SDK records what visitors do.
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
  // Filed under the page that sent it (the sign-up page, being left), not the one the tab went to.
  assert.equal(finding.site, SDK_SITE_HOST);
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.email), 'the address appears in no finding');
  await page.close();
});

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

test("Sentry's feedback widget: the address the person leaves in it with a report is sent on purpose, no leak", async () => {
  server.sdks.clear();
  const startedAt = Date.now();
  const page = await signupPage('sentry-feedback');
  await page.getByRole('button', { name: 'Report a Bug' }).click();
  // The widget's form, in an open shadow root: typed as a person does.
  const email = page.locator('#sentry-feedback input[name=email]');
  await email.click();
  await email.pressSequentially(PERSON.email, { delay: 20 });
  const message = page.locator('#sentry-feedback textarea[name=message]');
  await message.click();
  await message.pressSequentially('La commande 4471 n’est pas arrivée.', { delay: 10 });
  await page.getByRole('button', { name: 'Send Bug Report' }).click();
  await eventually(() => server.sdks.to(SENTRY_HOST).some((r) => bodyText(r).includes('"type":"feedback"') && carries(r, PERSON.email)), {
    what: 'the feedback envelope with the address',
    timeout: 20000,
  });
  // Closed first: what the page sends as it goes is judged too.
  await page.close();
  await sleep(SETTLED_MS);
  assert.deepEqual((await leaksTo(SENTRY_HOST)).filter((f) => f.lastSeen >= startedAt), []);
});
