// Real analytics SDKs, as published on npm (posthog-js, mixpanel-browser,
// @amplitude/analytics-browser, @segment/analytics-next, @sentry/browser,
// @datadog/browser-rum, @microsoft/applicationinsights-web, clarity-js,
// @snowplow/browser-tracker with its form-tracking plugin, and rrweb with
// its packer in a replay vendor's tag),
// on a garden shop's sign-up
// page (www/sdks/), in Chromium with Vigie. Nothing in these SDKs was
// written for Vigie: they batch, encode and compress as they do on real
// sites (PostHog gzips in the page and records sessions with rrweb; Sentry's
// replay deflates recordings in a worker into newline-delimited envelopes;
// Mixpanel url-encodes JSON in a form field; Amplitude and Segment post JSON;
// Datadog keeps its batch until the page is left, then beacons it; rrweb's
// packer deflates each event into a JSON string of bytes; Clarity gzips each
// upload in the page and hashes the id it is given; Snowplow sends each
// changed field's value, in JSON or base64url in a URL). What each vendor's host
// received is decoded here too, so that a miss and a false alarm are both
// told apart from a vendor that sent nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { startServer } from '../../www/server.mjs';
import { SDK_ACCOUNT_HOST, SDK_SITE_HOST } from '../../www/hosts.mjs';
import { eventually, findingsOf, launch, popupCards, tabIdOf, waitForFinding } from './harness.mjs';

const LEAK_KINDS = new Set(['leakToThirdParty', 'leakBeforeSubmit']);
const PERSON = { email: 'lea.fontaine@example.net', prenom: 'Léa', nom: 'Fontaine', mdp: 'Sup3r-secret!' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Long enough for a request seen by the browser to be held, given to the
// engine and matched, on a loaded machine.
const SETTLED_MS = 2500;

let server;
let browser;
before(async () => {
  server = await startServer({ port: 0 });
  browser = await launch({ serverPort: server.port });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A request's body as the vendor's server reads it (gzip undone). */
function bodyText(request) {
  const body = request.body;
  if (body[0] === 0x1f && body[1] === 0x8b) return gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}
const carries = (request, value) => {
  const text = `${request.query} ${bodyText(request)}`;
  return text.includes(value) || text.includes(encodeURIComponent(value));
};

const leaksTo = async (host) =>
  (await findingsOf(browser)).filter((f) => LEAK_KINDS.has(f.kind) && (f.evidence?.destinations ?? []).includes(host));

/** The sign-up page with `sdk`, in a new tab, the site's earlier cookies and storage gone. */
async function signupPage(sdk) {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.goto(`https://${SDK_SITE_HOST}/nothing-here`);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.goto(`https://${SDK_SITE_HOST}/inscription?sdk=${sdk}`);
  return page;
}

/** Types the person's details into the sign-up form, leaving each field (Tab) as a person does. */
async function fillSignup(page) {
  for (const field of ['email', 'prenom', 'nom', 'mdp']) {
    await page.locator(`#${field}`).click();
    await page.locator(`#${field}`).pressSequentially(PERSON[field], { delay: 20 });
    await page.keyboard.press('Tab');
  }
}

async function submit(page) {
  await page.click('button[type=submit]');
  await page.locator('.done').waitFor();
}

/** The finding of `kind` naming `host`, waited for. */
const leakFinding = (kind, host, what) =>
  waitForFinding(browser, (f) => f.kind === kind && (f.evidence?.destinations ?? []).includes(host), what, { timeout: 30000 });

/** Signs up on the page with `sdk` (typed, then submitted) and returns the page. */
async function signUp(sdk) {
  server.sdks.clear();
  const page = await signupPage(sdk);
  await fillSignup(page);
  await submit(page);
  return page;
}

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
  await sleep(SETTLED_MS);
  await anonymous.close();
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
  await sleep(SETTLED_MS);
  await page.close();
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
  await sleep(SETTLED_MS);
  await anonymous.close();
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
  await sleep(SETTLED_MS);
  await anonymous.close();
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

const SILLAGE_HOST = 'ingest.sillage-replay.io';
/** The events of a Sillage batch, each inflated as rrweb's unpacker does (a string of bytes, then zlib). */
const sillageEvents = (request) =>
  JSON.parse(bodyText(request)).events.map((packed) => JSON.parse(inflateSync(Buffer.from(packed, 'latin1')).toString('utf8')));

// Masked first: a finding of the unmasked run would stay in the list.
test('rrweb with its packer and its input masking: no leak', async () => {
  server.sdks.clear();
  const page = await signupPage('sillage-masked');
  const typedAt = Date.now();
  await fillSignup(page);
  await eventually(() => server.sdks.to(SILLAGE_HOST, '/v1/batch').some((r) => r.time > typedAt + 1000), { what: 'a batch after typing', timeout: 20000 });
  await sleep(SETTLED_MS);
  await page.close();
  const batches = server.sdks.to(SILLAGE_HOST, '/v1/batch');
  assert.ok(batches.some((r) => sillageEvents(r).length > 0), 'the recording reached the vendor');
  assert.ok(!batches.some((r) => sillageEvents(r).some((e) => JSON.stringify(e).includes(PERSON.email))), 'masked: no typed value in any event');
  assert.deepEqual(await leaksTo(SILLAGE_HOST), []);
});

test("rrweb with its packer, inputs unmasked: what is typed, deflated event by event into strings of bytes, leaves before submit", async (t) => {
  server.sdks.clear();
  const page = await signupPage('sillage-replay');
  await fillSignup(page);
  const finding = await leakFinding('leakBeforeSubmit', SILLAGE_HOST, 'a leak before submit to the rrweb-based replay');
  const batches = server.sdks.to(SILLAGE_HOST, '/v1/batch');
  // On the wire the address is nowhere in clear: only inflating each packed event shows it.
  assert.ok(!batches.some((r) => carries(r, PERSON.email)), 'packed: no address in clear');
  assert.ok(batches.some((r) => sillageEvents(r).some((e) => JSON.stringify(e).includes(PERSON.email))), 'a packed event carries the address');
  assert.ok(finding.evidence.encodings.includes('deflate'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  // The first name and the family name, each in an event of its own, count
  // together when one batch carries both (the tag sends what it has every
  // few seconds, so typing can straddle two batches: then neither batch
  // holds the name, and none is claimed).
  const texts = (r) => sillageEvents(r).map((e) => e.data?.text);
  await eventually(() => server.sdks.to(SILLAGE_HOST, '/v1/batch').some((r) => texts(r).includes(PERSON.nom)), { what: 'the family name sent', timeout: 20000 });
  const together = server.sdks.to(SILLAGE_HOST, '/v1/batch').some((r) => texts(r).includes(PERSON.prenom) && texts(r).includes(PERSON.nom));
  if (together) {
    const named = await waitForFinding(
      browser,
      (f) => f.kind === 'leakBeforeSubmit' && f.evidence?.destinations?.includes(SILLAGE_HOST) && f.evidence.dataKinds.includes('name'),
      'the name typed in two fields, in two packed events of one batch',
      { timeout: 30000 },
    );
    assert.ok(named.subjects.includes('L*** F***'), JSON.stringify(named.subjects));
  } else {
    t.diagnostic('the first name and the family name left in two batches: the name is not asserted this run');
  }
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
});

const APPINSIGHTS_HOST = 'westeurope-5.in.applicationinsights.azure.com';
/** The telemetry items Application Insights received (JSON arrays, or newline-delimited). */
const appInsightsItems = () =>
  server.sdks.to(APPINSIGHTS_HOST, '/v2/track').flatMap((r) => {
    const text = bodyText(r).trim();
    return text.startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  });

test('Application Insights: the signed-in user set after sign-up is a leak; a sign-up event without it: none', async () => {
  const anonymous = await signUp('appinsights-anonymous');
  await eventually(() => appInsightsItems().some((i) => i.data?.baseData?.name === 'signed_up'), { what: 'the signed_up event at Application Insights', timeout: 20000 });
  await sleep(SETTLED_MS);
  await anonymous.close();
  assert.deepEqual(server.sdks.to(APPINSIGHTS_HOST).filter((r) => carries(r, PERSON.email) || carries(r, 'Fontaine')).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(APPINSIGHTS_HOST), []);

  const page = await signUp('appinsights');
  const finding = await leakFinding('leakToThirdParty', APPINSIGHTS_HOST, 'a leak to Application Insights');
  assert.ok(appInsightsItems().some((i) => i.tags?.['ai.user.authUserId'] === PERSON.email), 'the telemetry carries the signed-in user');
  // The tracker database lists Azure Monitor as "utilities"; Vigie knows its SDK records what visitors do.
  assert.ok(finding.evidence.notes.includes('submittedToMonitoring'), JSON.stringify(finding.evidence));
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
  await sleep(SETTLED_MS);
  await page.close();
  assert.deepEqual((await leaksTo(SENTRY_HOST)).filter((f) => f.lastSeen >= startedAt), []);
});

const CLARITY_HOST = 'q.clarity.ms';
/** The events of Clarity's uploads (gzipped in the page, or in clear when beaconed): envelope, analysis, playback. */
const clarityEvents = () =>
  server.sdks.to(CLARITY_HOST, '/collect').flatMap((r) => {
    const upload = JSON.parse(bodyText(r));
    return [...upload.a, ...(upload.p ?? [])];
  });
const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');

test('Microsoft Clarity, default masking and page content unmasked: what is typed leaves masked, no leak', async () => {
  for (const sdk of ['clarity-masked', 'clarity-relaxed']) {
    const typedAt = Date.now();
    const page = await signUp(sdk);
    // Clarity's uploads, gzipped in the page, carry the typed fields as masked tokens.
    await eventually(() => server.sdks.to(CLARITY_HOST, '/collect').some((r) => r.time > typedAt + 1000 && r.body[0] === 0x1f), {
      what: `a gzipped Clarity upload after typing (${sdk})`,
      timeout: 30000,
    });
    // Leaving the page, Clarity beacons its last upload (uncompressed).
    await page.close();
    await sleep(SETTLED_MS);
    assert.ok(clarityEvents().length > 0, 'the recording reached Clarity');
    assert.deepEqual(server.sdks.to(CLARITY_HOST).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), [], sdk);
    assert.deepEqual(await leaksTo(CLARITY_HOST), [], sdk);
  }
});

test("Microsoft Clarity's identify on sign-up: the address's SHA-256, gzipped, is a leak", async () => {
  const page = await signUp('clarity');
  const finding = await leakFinding('leakToThirdParty', CLARITY_HOST, 'a leak to Clarity');
  // Clarity hashes the custom id in the page: the address itself never leaves.
  assert.ok(JSON.stringify(clarityEvents()).includes(sha256Hex(PERSON.email)), 'an upload carries the hashed address');
  assert.deepEqual(server.sdks.to(CLARITY_HOST).filter((r) => carries(r, PERSON.email)).map((r) => r.path), []);
  assert.ok(finding.evidence.encodings.includes('sha256'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.encodings.includes('gzip'), JSON.stringify(finding.evidence));
  await page.close();
});

// Snowplow's form tracking: what its collector received, decoded as the
// collector does (JSON batches, or base64url event data in the URL).
const SNOWPLOW_HOST = 'com-jardinexpress-prod1.collector.snplow.net';
/** The form-tracking events (change_form, submit_form) the collector received. */
function snowplowFormEvents() {
  const events = [];
  for (const r of server.sdks.to(SNOWPLOW_HOST)) {
    const payloads = r.method === 'POST' ? JSON.parse(r.body.toString('utf8')).data : [Object.fromEntries(new URLSearchParams(r.query))];
    for (const p of payloads) {
      const ue = p.ue_pr ?? (p.ue_px ? Buffer.from(p.ue_px, 'base64url').toString('utf8') : null);
      if (ue && /change_form|submit_form/.test(ue)) events.push({ request: r, event: JSON.parse(ue).data });
    }
  }
  return events;
}

test("Snowplow's form tracking, as set up by default: each field's value, sent when the field changes, leaves before submit", async () => {
  for (const sdk of ['snowplow', 'snowplow-get']) {
    server.sdks.clear();
    const page = await signupPage(sdk);
    await fillSignup(page);
    // One finding for the site and collector: this run's requests show in its samples (the JSON batches' path, or the pixel's).
    const path = sdk === 'snowplow-get' ? `${SNOWPLOW_HOST}/i (` : `${SNOWPLOW_HOST}/…/tp2 (`;
    const finding = await waitForFinding(
      browser,
      (f) => f.kind === 'leakBeforeSubmit' && (f.evidence?.samples ?? []).some((s) => s.includes(path)),
      `a leak before submit to Snowplow's collector (${sdk})`,
      { timeout: 30000 },
    );
    const changes = snowplowFormEvents().filter((e) => e.event.schema.includes('change_form'));
    assert.ok(changes.some((e) => e.event.data.value === PERSON.email), `the change event carries the address (${sdk})`);
    assert.ok(!changes.some((e) => e.event.data.value === PERSON.mdp), 'the plugin leaves passwords out');
    assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
    if (sdk === 'snowplow-get') {
      assert.ok(changes.every((e) => e.request.method === 'GET' && !carries(e.request, PERSON.email)), 'in the URL, base64url-encoded');
      assert.ok(finding.evidence.encodings.includes('base64'), JSON.stringify(finding.evidence));
    }
    assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
    await page.close();
  }
});

test("Snowplow's form tracking with every value redacted by its transform: nothing leaves, no leak", async () => {
  const startedAt = Date.now();
  const page = await signUp('snowplow-redacted');
  await eventually(() => snowplowFormEvents().some((e) => e.event.schema.includes('submit_form') && e.request.time >= startedAt), {
    what: 'the submit_form event',
    timeout: 20000,
  });
  await sleep(SETTLED_MS);
  await page.close();
  const values = snowplowFormEvents().flatMap((e) => (e.event.data.elements ?? [e.event.data]).map((el) => el.value));
  assert.ok(values.length > 0 && values.every((v) => v === 'redacted' || v === null), JSON.stringify(values));
  assert.deepEqual(server.sdks.to(SNOWPLOW_HOST).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  // Findings of the test above stay in the browser: none is new or renewed.
  assert.deepEqual((await leaksTo(SNOWPLOW_HOST)).filter((f) => f.lastSeen >= startedAt), []);
});
