// Session recorders and form trackers, as published on npm, on the garden
// shop's sign-up page (www/sdks/, tests/e2e/sdk-site.mjs), in Chromium with
// Vigie: rrweb with its packer in a replay vendor's tag, Microsoft Clarity
// (clarity-js), Snowplow's browser tracker with its form-tracking plugin,
// Usermaven's form tracking, OpenReplay's tracker, and Rollbar's error
// monitoring. Nothing in them was
// written for Vigie: rrweb's packer deflates each event into a JSON string
// of bytes; Clarity gzips each upload in the page and hashes the id it is
// given; Snowplow sends each changed field's value, in JSON or base64url in
// a URL; OpenReplay's Web Worker posts its own binary format; Rollbar's
// telemetry keeps what is typed and sends it with the next error report.
// What each vendor's host received is decoded here too, so that a miss and
// a false alarm are both told apart from a vendor that sent nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { SDK_SITE_HOST } from '../../www/hosts.mjs';
import { eventually, findingsOf, popupCards, tabIdOf, waitForFinding } from './harness.mjs';
import {
  PERSON, SETTLED_MS, bodyText, browser, carries, fillSignup, leakFinding, leaksTo, server, signUp, signupPage, sleep, submit, useSdkSite,
} from './sdk-site.mjs';

useSdkSite();

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
  // Closed first: what the page sends as it goes is judged too.
  await page.close();
  await sleep(SETTLED_MS);
  const batches = server.sdks.to(SILLAGE_HOST, '/v1/batch');
  assert.ok(batches.some((r) => sillageEvents(r).length > 0), 'the recording reached the vendor');
  assert.ok(!batches.some((r) => sillageEvents(r).some((e) => JSON.stringify(e).includes(PERSON.email))), 'masked: no typed value in any event');
  assert.deepEqual(await leaksTo(SILLAGE_HOST), []);
});

test("rrweb with its packer, inputs unmasked: what is typed, deflated event by event into strings of bytes, leaves before submit", async () => {
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
  // The first name and the family name, each in an event of its own, are
  // the person's name: in one batch, or in two when typing straddles the
  // tag's sending (every few seconds).
  const texts = (r) => sillageEvents(r).map((e) => e.data?.text);
  await eventually(() => server.sdks.to(SILLAGE_HOST, '/v1/batch').some((r) => texts(r).includes(PERSON.nom)), { what: 'the family name sent', timeout: 20000 });
  const named = await waitForFinding(
    browser,
    (f) => f.kind === 'leakBeforeSubmit' && f.evidence?.destinations?.includes(SILLAGE_HOST) && f.evidence.dataKinds.includes('name'),
    'the name typed in two fields, in packed events',
    { timeout: 30000 },
  );
  assert.ok(named.subjects.includes('L*** F***'), JSON.stringify(named.subjects));
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
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
    // A pause after each field, as a person takes: the first name leaves
    // before the family name is typed.
    await fillSignup(page, { pause: 1500 });
    // One finding for the site and collector: this run's requests show in its samples (the JSON batches' path, or the pixel's).
    // The path whole: at the sample's end, or before how the value was written.
    const path = sdk === 'snowplow-get' ? `${SNOWPLOW_HOST}/i` : `${SNOWPLOW_HOST}/…/tp2`;
    const atPath = (s) => s.endsWith(path) || s.includes(`${path} (`);
    const finding = await waitForFinding(
      browser,
      (f) => f.kind === 'leakBeforeSubmit' && (f.evidence?.samples ?? []).some(atPath),
      `a leak before submit to Snowplow's collector (${sdk})`,
      { timeout: 30000 },
    );
    const changes = snowplowFormEvents().filter((e) => e.event.schema.includes('change_form'));
    assert.ok(changes.some((e) => e.event.data.value === PERSON.email), `the change event carries the address (${sdk})`);
    assert.ok(!changes.some((e) => e.event.data.value === PERSON.mdp), 'the plugin leaves passwords out');
    assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
    // Each field in a request of its own: the first name and the family
    // name, sent apart to one collector, are the person's name (a sample of
    // this run's path: both runs add to one finding).
    const named = await waitForFinding(
      browser,
      (f) => f.kind === 'leakBeforeSubmit' && (f.evidence?.samples ?? []).some((s) => s.startsWith('L*** F*** ') && atPath(s)),
      `the name typed in two fields, sent field by field (${sdk})`,
      { timeout: 30000 },
    );
    assert.ok(named.subjects.includes('L*** F***'), JSON.stringify(named.subjects));
    const sentIn = (value) => changes.find((e) => e.event.data.value === value)?.request;
    assert.notEqual(sentIn(PERSON.prenom), sentIn(PERSON.nom), 'the two names left in separate requests');
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
  // Closed first: what the page sends as it goes is judged too.
  await page.close();
  await sleep(SETTLED_MS);
  const values = snowplowFormEvents().flatMap((e) => (e.event.data.elements ?? [e.event.data]).map((el) => el.value));
  assert.ok(values.length > 0 && values.every((v) => v === 'redacted' || v === null), JSON.stringify(values));
  assert.deepEqual(server.sdks.to(SNOWPLOW_HOST).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  // Findings of the test above stay in the browser: none is new or renewed.
  assert.deepEqual((await leaksTo(SNOWPLOW_HOST)).filter((f) => f.lastSeen >= startedAt), []);
});

// OpenReplay: its Web Worker posts binary batches; the tracker's public
// forceFlushBatch sends what is recorded now rather than at its 30 s tick.
const OPENREPLAY_HOST = 'api.openreplay.com';
const openReplayBatches = () => server.sdks.to(OPENREPLAY_HOST, '/ingest/v1/web/i');
const flushOpenReplay = (page) => page.evaluate(() => window.tracker.forceFlushBatch());

test('OpenReplay recording inputs as typed: what is typed, posted in binary batches by its worker, leaves before submit', async () => {
  server.sdks.clear();
  const page = await signupPage('openreplay-plain');
  await eventually(() => server.sdks.to(OPENREPLAY_HOST, '/ingest/v1/web/start').length > 0, { what: 'the session started', timeout: 20000 });
  await fillSignup(page);
  // Flushed until a batch carries the address: one flush may come before the worker has it.
  await eventually(async () => {
    await flushOpenReplay(page);
    return openReplayBatches().some((r) => carries(r, PERSON.email));
  }, { what: 'an OpenReplay batch with the address', timeout: 20000, interval: 1000 });
  const finding = await leakFinding('leakBeforeSubmit', OPENREPLAY_HOST, 'a leak before submit to OpenReplay');
  assert.ok(openReplayBatches().some((r) => carries(r, PERSON.email)), 'a batch carries the typed address');
  assert.ok(!openReplayBatches().some((r) => carries(r, PERSON.mdp)), 'OpenReplay hides passwords');
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  await page.close();
});

test("OpenReplay with its default obscuring: nothing typed leaves; setUserID with the address on sign-up is a leak", async () => {
  server.sdks.clear();
  const page = await signupPage('openreplay');
  await eventually(() => server.sdks.to(OPENREPLAY_HOST, '/ingest/v1/web/start').length > 0, { what: 'the session started', timeout: 20000 });
  const typedAt = Date.now();
  await fillSignup(page);
  await eventually(
    async () => {
      await flushOpenReplay(page);
      return openReplayBatches().some((r) => r.time > typedAt + 500);
    },
    { what: 'a batch after typing', timeout: 20000, interval: 500 },
  );
  await sleep(SETTLED_MS);
  // Obscured: the batches hold the fields' lengths, not what was typed.
  assert.deepEqual(openReplayBatches().filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.query), []);
  assert.deepEqual((await leaksTo(OPENREPLAY_HOST)).filter((f) => f.lastSeen >= typedAt), []);
  const submittedAt = Date.now();
  await submit(page);
  await eventually(
    async () => {
      await flushOpenReplay(page);
      return openReplayBatches().some((r) => r.time > submittedAt && carries(r, PERSON.email));
    },
    { what: 'the user id sent', timeout: 20000, interval: 500 },
  );
  const finding = await leakFinding('leakToThirdParty', OPENREPLAY_HOST, 'a leak of the submitted address to OpenReplay', { since: submittedAt });
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  // A company the tracker database lacks, named in Vigie's own list: the popup says what it is.
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  const card = (await popupCards(browser, tabId)).find((c) => c.kind === 'leakToThirdParty' && c.text.includes(OPENREPLAY_HOST));
  assert.ok(card, 'the popup shows the leak');
  assert.match(card.text, /analytics or advertising company/);
  await page.close();
});

const ROLLBAR_HOST = 'api.rollbar.com';
/** The page's error (its bug on leaving the e-mail field), as Rollbar reports it. */
const pageError = ({ item }) => item.data.body.trace?.exception?.class === 'TypeError';
/** Rollbar's items: each a JSON document, the error or message and the telemetry events before it. */
const rollbarItems = () => server.sdks.to(ROLLBAR_HOST, '/api/1/item').map((r) => ({ request: r, item: JSON.parse(bodyText(r)) }));
/** The values its telemetry recorded of what was typed in the sign-up form's e-mail field. */
const rollbarTyped = ({ item }) =>
  (item.data.body.telemetry ?? []).filter((e) => e.type === 'dom' && e.body?.type === 'rollbar-input-event' && /input#email\b/.test(e.body.element ?? '')).map((e) => e.body.value);

// Scrubbed first: a finding of the default run would stay in the list.
test("Rollbar with scrubTelemetryInputs: the error report's telemetry holds only masks, no leak", async () => {
  server.sdks.clear();
  const page = await signupPage('rollbar-scrubbed');
  await fillSignup(page);
  // Leaving the e-mail field runs the page's bug: Rollbar reports the error.
  await eventually(() => rollbarItems().some((i) => rollbarTyped(i).length > 0), { what: 'an error report with the telemetry of the e-mail field', timeout: 20000 });
  await page.close();
  await sleep(SETTLED_MS);
  const items = rollbarItems();
  assert.ok(items.some(pageError), "the page's error was reported");
  assert.ok(items.every((i) => rollbarTyped(i).every((v) => /^\*+$/.test(v))), JSON.stringify(items.map(rollbarTyped)));
  assert.ok(!items.some(({ request }) => carries(request, PERSON.email)), 'no address in any report');
  assert.deepEqual(await leaksTo(ROLLBAR_HOST), []);
});

test("Rollbar at its defaults: what is typed, in the telemetry of an error the page made, leaves before submit; the person set on sign-up is a leak", async () => {
  server.sdks.clear();
  const page = await signupPage('rollbar');
  await fillSignup(page);
  const finding = await leakFinding('leakBeforeSubmit', ROLLBAR_HOST, 'a leak before submit in an error report');
  const before = rollbarItems();
  // Sent by Rollbar's own code, in clear: its telemetry keeps each value as typed.
  const errors = before.filter(pageError);
  assert.ok(errors.some((i) => rollbarTyped(i).includes(PERSON.email)), JSON.stringify(before.map(rollbarTyped)));
  assert.ok(finding.evidence.dataKinds.includes('email'), JSON.stringify(finding.evidence));
  assert.ok(!JSON.stringify(await findingsOf(browser)).includes(PERSON.mdp), 'the password appears in no finding');
  assert.ok(!before.some(({ request }) => carries(request, PERSON.mdp)), 'Rollbar masks the password');

  const submittedAt = Date.now();
  await submit(page);
  const signedUp = await leakFinding('leakToThirdParty', ROLLBAR_HOST, "the signed-up person in Rollbar's report", { since: submittedAt });
  assert.ok(
    rollbarItems().some(({ request, item }) => request.time > submittedAt && item.data.person?.email === PERSON.email && item.data.body.message?.body === 'Signed up'),
    'the person rides with the message',
  );
  assert.ok(signedUp.evidence.dataKinds.includes('email'), JSON.stringify(signedUp.evidence));
  // Rollbar is an analytics company of the tracker database: the popup says so.
  assert.ok(signedUp.evidence.notes.includes('submittedToTracker'), JSON.stringify(signedUp.evidence));
  const tabId = await tabIdOf(browser, `https://${SDK_SITE_HOST}/inscription*`, { active: true });
  const cards = await popupCards(browser, tabId);
  assert.ok(cards.some((c) => c.kind === 'leakBeforeSubmit' && c.text.includes(ROLLBAR_HOST)), JSON.stringify(cards.map((c) => c.text)));
  assert.ok(cards.some((c) => c.kind === 'leakToThirdParty' && c.text.includes(ROLLBAR_HOST)), JSON.stringify(cards.map((c) => c.text)));
  await page.close();
});

const USERMAVEN_HOST = 'events.usermaven.com';
/** The events Usermaven's host received (each request a JSON array of them). */
const usermavenEvents = () => server.sdks.to(USERMAVEN_HOST, '/api/v1/event').flatMap((r) => JSON.parse(bodyText(r)));

test("Usermaven's form tracking: the fields it reads from the sign-up form as it is submitted are a leak to an analytics company the tracker database lacks; its autocapture alone: none", async () => {
  const anonymous = await signUp('usermaven-anonymous');
  await eventually(() => usermavenEvents().some((e) => e.event_type === 'signed_up'), { what: 'the signed_up event at Usermaven', timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  // Its autocapture saw each field changed, and sent no value.
  assert.ok(usermavenEvents().some((e) => e.event_type === '$autocapture' && e.autocapture_attributes?.attr__id === 'email'), 'autocapture saw the e-mail field');
  assert.deepEqual(server.sdks.to(USERMAVEN_HOST).filter((r) => carries(r, PERSON.email) || carries(r, PERSON.nom)).map((r) => r.path), []);
  assert.deepEqual(await leaksTo(USERMAVEN_HOST), []);

  const page = await signUp('usermaven');
  const finding = await leakFinding('leakToThirdParty', USERMAVEN_HOST, 'a leak to Usermaven');
  // Nothing the site's own code gave it: the SDK read the form itself.
  const fields = usermavenEvents().filter((e) => e.event_type === '$form').flatMap((e) => e.event_attributes?.fields ?? []);
  assert.equal(fields.find((f) => f.name === 'email')?.value, PERSON.email, JSON.stringify(fields));
  assert.equal(fields.find((f) => f.name === 'mdp')?.value, '', 'the password is left out');
  assert.ok(finding.evidence.notes.includes('submittedToTracker'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  await page.close();
});
