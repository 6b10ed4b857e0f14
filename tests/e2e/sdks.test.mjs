// Real analytics and monitoring SDKs, as published on npm (posthog-js,
// mixpanel-browser, @amplitude/analytics-browser, @segment/analytics-next,
// @sentry/browser, @datadog/browser-rum)
// on a garden shop's sign-up page (www/sdks/, tests/e2e/sdk-site.mjs), in
// Chromium with Vigie. Nothing in these SDKs was written for Vigie: they
// batch, encode and compress as they do on real sites (PostHog gzips in the
// page and records sessions with rrweb; Sentry's replay deflates recordings
// in a worker into newline-delimited envelopes; Mixpanel url-encodes JSON
// in a form field; Amplitude and Segment post JSON; Datadog keeps its batch
// until the page is left, then beacons it). What each vendor's host
// received is decoded here too, so that a miss and a false alarm are both
// told apart from a vendor that sent nothing. Session recorders and form
// trackers: sdks-recorders.test.mjs; more identify calls: sdks-accounts.test.mjs.
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
