// Session recorders with privacy levels of their own, as published on npm,
// on the garden shop's sign-up page (www/sdks/, tests/e2e/sdk-site.mjs), in
// Chromium with Vigie:
// - Highlight's client (highlight.run): its Web Worker gzips each batch of
//   recorded events in JavaScript and posts it base64-encoded in a GraphQL
//   string variable; `identify` is a GraphQL mutation of its own.
// - Amplitude's Session Replay plugin: events kept as JSON strings, batches
//   gzipped in the page; its `light` level masks e-mail and phone fields but
//   records a name field as typed.
// - New Relic's browser agent: session replay blobs gzipped in the page,
//   the user id in the query and the JSON of every harvest.
// - Datadog's session replay at its `allow` level: segments deflated in a
//   worker, posted as Blob parts of a form that Chromium hides.
// What each vendor's host received is decoded here too, so that a miss and a
// false alarm are both told apart from a client that sent nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { SDK_SITE_HOST } from '../../www/hosts.mjs';
import { datadogSegments } from './datadog-replay.mjs';
import { eventually, findingsOf, popupCards, popupDestinationRows, tabIdOf } from './harness.mjs';
import {
  PERSON, SETTLED_MS, bodyText, browser, fillSignup, leakFinding, leaksTo, server, signupPage, sleep, submit, useSdkSite,
} from './sdk-site.mjs';

useSdkSite();

const HIGHLIGHT_HOST = 'pub.highlight.io';
const operation = (request) => {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    return {};
  }
};
const highlightCalls = (name) => server.sdks.to(HIGHLIGHT_HOST).filter((r) => operation(r).operationName === name);
/** What a `pushSessionEvents` batch holds, as Highlight's API reads it: base64, then gzip. */
const batchText = (request) => gunzipSync(Buffer.from(operation(request).variables.data, 'base64')).toString('utf8');
const batchesCarrying = (value) => highlightCalls('PushSessionEvents').filter((r) => batchText(r).includes(value));
const sessionStarted = () =>
  eventually(() => highlightCalls('initializeSession').length > 0, { what: 'the session started', timeout: 20000 });

// Default privacy first: a finding of the unmasked run would stay in the list.
test("Highlight with its default privacy: nothing typed leaves; identify with the address on sign-up is a leak", async () => {
  server.sdks.clear();
  const page = await signupPage('highlight', { asPerson: true });
  await sessionStarted();
  const typedAt = Date.now();
  await fillSignup(page);
  await eventually(
    () => highlightCalls('PushSessionEvents').some((r) => r.time > typedAt + 1000 && batchText(r).includes('"source":5')),
    { what: 'a batch with the inputs recorded after typing', timeout: 20000 },
  );
  await sleep(SETTLED_MS);
  // What is typed is masked: the batches carry input events, not the values.
  assert.deepEqual(batchesCarrying(PERSON.email).length + batchesCarrying(PERSON.nom).length, 0);
  assert.deepEqual((await leaksTo(HIGHLIGHT_HOST)).filter((f) => f.lastSeen >= typedAt), []);

  const submittedAt = Date.now();
  await submit(page);
  const finding = await leakFinding('leakToThirdParty', HIGHLIGHT_HOST, 'a leak of the submitted address to Highlight', { since: submittedAt });
  const identify = highlightCalls('identifySession');
  assert.ok(identify.some((r) => operation(r).variables.user_identifier === PERSON.email), 'identifySession carries the address');
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  // Highlight is in Vigie's own tracker list (the database lacks it): the popup says what it is.
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  const card = (await popupCards(browser, tabId)).find((c) => c.kind === 'leakToThirdParty' && c.text.includes(HIGHLIGHT_HOST));
  assert.ok(card, 'the popup shows the leak');
  assert.match(card.text, /analytics or advertising company/);
  await page.close();
});

test('Highlight recording as typed: values gzipped by its worker, base64 in GraphQL, leave before submit', async () => {
  server.sdks.clear();
  const page = await signupPage('highlight-plain', { asPerson: true });
  await sessionStarted();
  // A pause after each field: the name's words may leave in different batches.
  await fillSignup(page, { pause: 300 });
  const finding = await leakFinding('leakBeforeSubmit', HIGHLIGHT_HOST, 'a leak before submit to Highlight');
  await eventually(async () => {
    const f = (await leaksTo(HIGHLIGHT_HOST)).find((x) => x.kind === 'leakBeforeSubmit');
    return ['email', 'name'].every((k) => f?.evidence?.dataKinds?.includes(k));
  }, { what: 'the address and the name', timeout: 20000 });
  assert.ok(batchesCarrying(PERSON.email).length > 0, 'a batch carries the typed address');
  assert.ok(batchesCarrying(PERSON.nom).length > 0, 'a batch carries the typed name');
  assert.equal(batchesCarrying(PERSON.mdp).length, 0, 'Highlight masks passwords');
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
});

// Amplitude Session Replay: each batch a gzipped JSON list of events, each
// event a JSON string of its own; the page-exit batch is a Blob beacon.
const AMPLITUDE_REPLAY_HOST = 'api-sr.amplitude.com';
const replayBatches = () => server.sdks.to(AMPLITUDE_REPLAY_HOST, '/sessions/v2/track');
const replayEvents = (request) => JSON.parse(bodyText(request)).events.map((e) => JSON.parse(e));
const inputsRecorded = (request) => replayEvents(request).filter((e) => e.type === 3 && e.data.source === 5).map((e) => e.data.text);
/** Amplitude started (its analytics client's first call), so the plugin records what comes next. */
const amplitudeStarted = () => eventually(() => server.sdks.to('api2.amplitude.com').length > 0, { what: 'Amplitude started', timeout: 20000 });
/**
 * The person goes on after typing (a click on the heading, again while
 * nothing is sent): the plugin sends what it holds when an event comes a
 * while after its last send, and that while grows with each send, so one
 * click at a fixed time may come too soon.
 */
const goOnUntil = (page, sent, what) =>
  eventually(async () => {
    if (sent()) return true;
    await page.locator('h1').click();
    return false;
  }, { what, timeout: 30000, interval: 1500 });

// The default level first: a finding of the light level would stay in the list.
test('Amplitude Session Replay at its default mask level: no leak', async () => {
  server.sdks.clear();
  const page = await signupPage('amplitude-replay');
  await amplitudeStarted();
  const typedAt = Date.now();
  await fillSignup(page, { pause: 300 });
  await goOnUntil(page, () => replayBatches().some((r) => r.time > typedAt && inputsRecorded(r).length > 0), 'a batch with the inputs');
  await sleep(SETTLED_MS);
  const typed = replayBatches().flatMap(inputsRecorded);
  assert.ok(typed.length > 0 && typed.every((t) => /^\**$/.test(t)), JSON.stringify(typed));
  assert.deepEqual((await leaksTo(AMPLITUDE_REPLAY_HOST)).filter((f) => f.lastSeen >= typedAt), []);
  await page.close();
});

test("Amplitude Session Replay at its 'light' level: the name, recorded as typed and gzipped, leaves before submit; the masked address does not", async () => {
  server.sdks.clear();
  const page = await signupPage('amplitude-replay-light');
  await amplitudeStarted();
  await fillSignup(page, { pause: 300 });
  await goOnUntil(page, () => replayBatches().some((r) => inputsRecorded(r).includes(PERSON.nom)), 'a batch with the name as typed');
  const finding = await leakFinding('leakBeforeSubmit', AMPLITUDE_REPLAY_HOST, 'a leak before submit to Amplitude Session Replay');
  const typed = replayBatches().flatMap(inputsRecorded);
  assert.ok(typed.includes(PERSON.prenom) && typed.includes(PERSON.nom), JSON.stringify(typed));
  assert.ok(!typed.includes(PERSON.email), 'the e-mail field is masked');
  // One finding per page and kind: the samples say what went to this host.
  await eventually(async () => {
    const f = (await leaksTo(AMPLITUDE_REPLAY_HOST)).find((x) => x.kind === 'leakBeforeSubmit');
    return f?.evidence?.samples?.some((s) => s.startsWith('L*** F*** → api-sr.amplitude.com/'));
  }, { what: 'the name sent to Amplitude', timeout: 20000 });
  const samples = (await leaksTo(AMPLITUDE_REPLAY_HOST)).find((x) => x.kind === 'leakBeforeSubmit').evidence.samples;
  assert.deepEqual(samples.filter((s) => s.includes(AMPLITUDE_REPLAY_HOST) && s.includes('@')), [], JSON.stringify(finding.evidence));
  await page.close();
});

/** What the popup of `tabId` says under the organization that received `host`'s requests. */
const destinationText = async (tabId, host) => (await popupDestinationRows(browser, tabId)).find((r) => r.text.includes(host)) ?? null;
const uncheckedCount = (row) => Number(/the body of (\d+) requests?:/.exec(row?.unread ?? '')?.[1] ?? 0);

test("Amplitude Session Replay's page-exit beacon, a Blob Chromium hides from extensions: the popup says Vigie could not read it", async () => {
  server.sdks.clear();
  const page = await signupPage('amplitude-replay-light');
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  // The popup is read before typing: opening it may blur the page, and the
  // plugin sends what it holds on blur, by fetch.
  await amplitudeStarted();
  const readAt = Date.now();
  const before = uncheckedCount(await destinationText(tabId, AMPLITUDE_REPLAY_HOST));
  // The name is typed last, with nothing after it: the plugin sends a batch
  // when an event comes a while after its last send, so what is held back
  // always ends with the name as typed.
  for (const field of ['email', 'prenom', 'mdp', 'nom']) {
    await page.locator(`#${field}`).click();
    await page.locator(`#${field}`).pressSequentially(PERSON[field], { delay: 20 });
  }
  const leftAt = Date.now();
  // The person leaves before the plugin sent what they typed: it goes in
  // the page's exit beacon, uncompressed JSON in a Blob.
  await page.goto(`https://${SDK_SITE_HOST}/nothing-here`);
  await eventually(
    () => replayBatches().some((r) => r.time >= leftAt && inputsRecorded(r).includes(PERSON.nom)),
    { what: 'the exit beacon with the typed name', timeout: 20000 },
  );
  const row = await eventually(async () => {
    const r = await destinationText(tabId, AMPLITUDE_REPLAY_HOST);
    return uncheckedCount(r) > before ? r : null;
  }, { what: 'the unchecked request counted', timeout: 20000, interval: 500 });
  // Each request counted once: no more than Amplitude's hosts received since.
  const sent = server.sdks.requests.filter((r) => r.time >= readAt && r.host.endsWith('amplitude.com')).length;
  assert.ok(uncheckedCount(row) - before <= sent, `${uncheckedCount(row) - before} counted, ${sent} sent`);
  const n = uncheckedCount(row);
  assert.equal(row.unread,
    `Vigie could not read all of the body of ${n} ${n === 1 ? 'request' : 'requests'}: the browser hides ${n === 1 ? 'it' : 'them'}, in whole or in part, from extensions, so Vigie cannot tell whether ${n === 1 ? 'it' : 'they'} carried personal data.`);
  await page.close();
});

// Datadog's session replay at its `allow` level: each segment deflated in
// its worker and posted as a Blob part of a multipart form, which Chromium
// leaves out of what it gives extensions. The hooks read the form whole as
// fetch (or sendBeacon, as the page is left) takes it.
const DATADOG_HOST = 'browser-intake-datadoghq.eu';
/** The text of the replay segments Datadog received, each part read as its intake does. */
const datadogReplays = () => datadogSegments(server.sdks.to(DATADOG_HOST, '/api/v2/replay'));

test("Datadog's session replay recording what is typed: its segments, Blob parts of a form Chromium hides, are read in the page, and the name leaves before submit", async () => {
  server.sdks.clear();
  const page = await signupPage('datadog-allow');
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  await eventually(() => server.sdks.to(DATADOG_HOST, '/api/v2/rum').length > 0 || datadogReplays().length > 0, { what: 'Datadog started', timeout: 20000 });
  await fillSignup(page, { pause: 300 });
  await goOnUntil(page, () => datadogReplays().some((t) => t.includes(PERSON.nom)), 'a replay segment with the name as typed');
  const segments = datadogReplays();
  assert.ok(!segments.some((t) => t.includes(PERSON.email)), 'Datadog masks e-mail fields at this level');
  await leakFinding('leakBeforeSubmit', DATADOG_HOST, 'a leak before submit to Datadog');
  // One finding per page and kind (the earlier tests' leaks share it): the samples say what went to this host.
  const sentHere = (f) => f.evidence.samples.filter((x) => x.includes(`→ ${DATADOG_HOST}/`));
  const finding = await eventually(async () => {
    const f = (await leaksTo(DATADOG_HOST)).find((x) => x.kind === 'leakBeforeSubmit');
    return f && sentHere(f).some((x) => x.startsWith('L*** F*** → ')) ? f : null;
  }, { what: 'the name sent to Datadog', timeout: 20000 });
  assert.ok(sentHere(finding).every((x) => !x.includes('@')), `the masked address is not claimed: ${JSON.stringify(finding.evidence.samples)}`);
  // Each segment deflated as a zlib stream.
  assert.ok(sentHere(finding).some((x) => /\(.*zlib.*\)$/.test(x)), JSON.stringify(finding.evidence.samples));
  // Found only in bodies read in the page: a claim, said so.
  assert.ok(finding.evidence.notes.includes('bodyReadInPage'), JSON.stringify(finding.evidence));
  const card = (await popupCards(browser, tabId)).find((c) => c.kind === 'leakBeforeSubmit' && c.text.includes(DATADOG_HOST));
  assert.ok(card, 'the popup shows the leak');
  await page.close();
});

// New Relic's browser agent: every harvest to bam.nr-data.net, its replay
// blobs gzipped, what else it sends as JSON text, attributes in the query.
const NEWRELIC_HOST = 'bam.nr-data.net';
const newRelicText = (request) => {
  const body = request.body[0] === 0x1f && request.body[1] === 0x8b ? gunzipSync(request.body).toString('utf8') : request.body.toString('utf8');
  return `${decodeURIComponent(request.query.replace(/\+/g, ' '))} ${body}`;
};
const newRelicCarrying = (value) => server.sdks.to(NEWRELIC_HOST).filter((r) => newRelicText(r).includes(value));

// Default masking first: a finding of the unmasked run would stay in the list.
test('New Relic with its session replay masking: nothing typed leaves; setUserId with the address on sign-up is a leak', async () => {
  server.sdks.clear();
  const page = await signupPage('newrelic');
  await eventually(() => server.sdks.to(NEWRELIC_HOST, '/1/').length > 0, { what: 'the agent started', timeout: 20000 });
  const typedAt = Date.now();
  await fillSignup(page);
  await eventually(() => server.sdks.to(NEWRELIC_HOST, '/browser/blobs').some((r) => r.time > typedAt + 1000), { what: 'a replay blob after typing', timeout: 20000 });
  await sleep(SETTLED_MS);
  assert.deepEqual(newRelicCarrying(PERSON.email).length + newRelicCarrying(PERSON.nom).length, 0);
  assert.deepEqual((await leaksTo(NEWRELIC_HOST)).filter((f) => f.lastSeen >= typedAt), []);

  const submittedAt = Date.now();
  await submit(page);
  const finding = await leakFinding('leakToThirdParty', NEWRELIC_HOST, 'a leak of the submitted address to New Relic', { since: submittedAt });
  assert.ok(newRelicCarrying(PERSON.email).some((r) => r.path.startsWith('/ins/')), 'the page action carries the user id');
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  await page.close();
});

test('New Relic session replay with inputs unmasked: what is typed, gzipped in its replay blobs, leaves before submit', async () => {
  server.sdks.clear();
  const page = await signupPage('newrelic-unmasked');
  await fillSignup(page, { pause: 300 });
  await leakFinding('leakBeforeSubmit', NEWRELIC_HOST, 'a leak before submit to New Relic');
  await eventually(async () => {
    const f = (await leaksTo(NEWRELIC_HOST)).find((x) => x.kind === 'leakBeforeSubmit');
    return ['l***@example.net → bam.nr-data.net/browser/blobs', 'L*** F*** → bam.nr-data.net/browser/blobs'].every((s) => f?.evidence?.samples?.some((x) => x.startsWith(s)));
  }, { what: 'the address and the name in the replay blobs', timeout: 20000 });
  assert.ok(newRelicCarrying(PERSON.email).some((r) => r.path === '/browser/blobs'), 'a replay blob carries the typed address');
  assert.equal(newRelicCarrying(PERSON.mdp).length, 0, 'New Relic masks passwords');
  await page.close();
});

// Mixpanel's Session Replay: its library loads the recorder (rrweb) from its
// CDN and posts what it recorded to /record/ every ten seconds, a JSON list
// of rrweb events gzipped with CompressionStream, sent as a Blob body of
// fetch, which Chromium hides from extensions: read in the page. The
// masked run types in the newsletter box too, the one field the unmasked
// run records.
const MIXPANEL_HOST = 'api-js.mixpanel.com';
const mixpanelBatches = () => server.sdks.to(MIXPANEL_HOST, '/record/');
const mixpanelInputs = (request) => {
  try {
    return JSON.parse(bodyText(request)).filter((e) => e.type === 3 && e.data?.source === 5).map((e) => e.data.text);
  } catch {
    return [];
  }
};
const mixpanelRecording = () =>
  eventually(() => mixpanelBatches().some((r) => r.query.includes('seq=0')), { what: "Mixpanel's first replay batch", timeout: 30000 });

// Masked by default first: a finding of the unmasked run would stay in the list.
test("Mixpanel Session Replay with its inputs masked (the default): what is typed never leaves, and nothing is said", async () => {
  server.sdks.clear();
  const page = await signupPage('mixpanel-replay-masked', { asPerson: true });
  await mixpanelRecording();
  const typedAt = Date.now();
  await fillSignup(page, { pause: 300 });
  await page.locator('#lettre-email').click();
  await page.locator('#lettre-email').pressSequentially(PERSON.email, { delay: 20 });
  await page.keyboard.press('Tab');
  await eventually(() => mixpanelBatches().some((r) => r.time > typedAt && mixpanelInputs(r).length > 0), { what: 'a replay batch with the inputs', timeout: 30000 });
  await sleep(SETTLED_MS);
  const typed = mixpanelBatches().flatMap(mixpanelInputs);
  assert.ok(typed.length > 0 && typed.every((t) => /^\**$/.test(t)), JSON.stringify(typed));
  assert.deepEqual((await leaksTo(MIXPANEL_HOST)).filter((f) => f.lastSeen >= typedAt), []);
  await page.close();
});

// Mixpanel masks e-mail, phone and password fields and any field with an
// autocomplete token even with its inputs unmasked: only the newsletter
// box, a plain text field, is recorded as typed.
test('Mixpanel Session Replay with inputs unmasked: the address typed in the newsletter box, gzipped in the page and sent as a Blob, leaves before submit; the masked sign-up fields do not', async () => {
  server.sdks.clear();
  const page = await signupPage('mixpanel-replay', { asPerson: true });
  await mixpanelRecording();
  await fillSignup(page, { pause: 300 });
  await page.locator('#lettre-email').click();
  await page.locator('#lettre-email').pressSequentially(PERSON.email, { delay: 20 });
  await page.keyboard.press('Tab');
  await eventually(() => mixpanelBatches().some((r) => mixpanelInputs(r).includes(PERSON.email)), { what: 'a replay batch with the typed address', timeout: 30000 });
  const typed = mixpanelBatches().flatMap(mixpanelInputs);
  assert.ok(!typed.includes(PERSON.nom) && !typed.includes(PERSON.prenom), 'the sign-up fields are masked');
  const finding = await leakFinding('leakBeforeSubmit', MIXPANEL_HOST, 'a leak before submit to Mixpanel');
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  // The body was a Blob: Vigie read it in the page, and says so.
  assert.ok(finding.evidence.notes.includes('bodyReadInPage'), JSON.stringify(finding.evidence.notes));
  assert.equal(mixpanelBatches().filter((r) => bodyText(r).includes(PERSON.mdp)).length, 0, 'Mixpanel masks passwords');
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
});
