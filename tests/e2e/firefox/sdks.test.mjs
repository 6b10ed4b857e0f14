// Real analytics SDKs from npm in Firefox (Debian's firefox-esr over
// Marionette) with Vigie, on the garden shop's sign-up page (www/sdks/):
// PostHog's session recording without input masking (rrweb batches gzipped
// in the page, sent by fetch), and Microsoft Clarity (uploads gzipped in the
// page with CompressionStream, sent by XMLHttpRequest): its default masking
// leaves nothing to find, and its `identify` on sign-up sends the address's
// SHA-256; OpenReplay's tracker, whose Web Worker posts binary batches of
// what is typed; Amplitude's Session Replay, whose last batch leaves in a
// Blob beacon as the page is left (a body Chromium hides from extensions,
// Firefox does not); Datadog's session replay, whose segments are Blob parts
// of a multipart form (which Firefox gives by name only: read by the hooks);
// Mixpanel's Session Replay, whose batches leave gzipped in a Blob body of fetch;
// Rollbar, whose error reports carry the telemetry of what was typed;
// CleverTap, whose profile leaves lz-string in base64 in its URLs, here with
// its encryption in transit on: AES-GCM, the key and IV in the same envelope.
// What the popup shows is read as a person sees it.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { startServer } from '../../../www/server.mjs';
import { SDK_SITE_HOST } from '../../../www/hosts.mjs';
import { clevertapTexts, openEnvelope } from '../clevertap.mjs';
import { datadogSegments } from '../datadog-replay.mjs';
import { eventually } from '../harness.mjs';
import { FIREFOX, launchFirefox } from './launch.mjs';
import { diagnosis, popupOf } from './popup.mjs';

const skip = process.env.VIGIE_FIREFOX !== '1'
  ? 'Firefox end to end runs in its own step of ./build.sh test (VIGIE_FIREFOX=1)'
  : !existsSync(FIREFOX) && `${FIREFOX} is not installed`;

const EMAIL = 'lea.fontaine@example.net';
let server;
before(async () => {
  if (!skip) server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

/** A request's body as the vendor's server reads it (gzip undone). */
const bodyText = (r) => (r.body[0] === 0x1f && r.body[1] === 0x8b ? gunzipSync(r.body) : r.body).toString('utf8');

/** Firefox with Vigie, and what the tests do in it as a person would. */
async function firefoxSession() {
  const ff = await launchFirefox({ serverPort: server.port });
  const { marionette } = ff;
  const home = await marionette.windowHandle();
  const popupCards = async () => {
    // Read once rendered: before, no card shows and an absence would prove nothing.
    const popup = await popupOf(ff, `https://${SDK_SITE_HOST}/*`, home);
    return popup.cards;
  };
  const signUp = async (sdk, { submit }) => {
    await marionette.navigate(`https://${SDK_SITE_HOST}/inscription?sdk=${sdk}`);
    await marionette.click('#email');
    await marionette.type('#email', EMAIL);
    await marionette.click('#prenom');
    await marionette.type('#prenom', 'Léa');
    await marionette.click('#nom');
    if (submit) await marionette.click('button[type=submit]');
  };
  const waitForCards = async (what, check) => {
    let last = [];
    return eventually(async () => {
      last = await popupCards();
      return check(last) && last;
    }, { what, timeout: 40000, interval: 500 }).catch(async (error) => {
      error.message += `\npopup cards: ${JSON.stringify(last.map((c) => `${c.kind}: ${c.text}`)).slice(0, 3000)}`;
      error.message += `\nVigie's background: ${(await diagnosis(ff, home)).slice(0, 4000)}`;
      throw error;
    });
  };
  return { ff, marionette, popupCards, signUp, waitForCards };
}
const named = (cards, kind, host) => cards.some((c) => c.kind === kind && c.text.includes(host));

test('Firefox: real SDKs — PostHog recording typed input is a leak before submit; Clarity masks it, and its identify sends the SHA-256 of the address', { skip, timeout: 180000 }, async () => {
  const { ff, popupCards, signUp, waitForCards } = await firefoxSession();
  try {
    // Clarity with its default masking: typed and submitted, nothing found.
    const typedAt = Date.now();
    await signUp('clarity-masked', { submit: true });
    await eventually(() => server.sdks.to('q.clarity.ms', '/collect').some((r) => r.time > typedAt + 1000 && r.body[0] === 0x1f), {
      what: 'a gzipped Clarity upload after typing',
      timeout: 30000,
    });
    assert.ok(!server.sdks.to('q.clarity.ms').some((r) => bodyText(r).includes(EMAIL)), 'Clarity masked what was typed');
    // Nothing said of Clarity, once what was sent has had time to reach the engine.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const masked = await popupCards();
    assert.deepEqual(masked.filter((c) => c.text.includes('clarity.ms') && c.kind !== 'fieldSniffing').map((c) => `${c.kind}: ${c.text}`), []);

    // PostHog recording without input masking: a leak before submit.
    await signUp('posthog-replay', { submit: false });
    await eventually(() => server.sdks.to('eu.i.posthog.com', '/s/').some((r) => bodyText(r).includes(EMAIL)), {
      what: 'a PostHog recording batch with the address',
      timeout: 30000,
    });
    await waitForCards('the leak to PostHog in the popup', (cards) => named(cards, 'leakBeforeSubmit', 'eu.i.posthog.com'));

    // Clarity's identify after sign-up: the address's SHA-256, gzipped.
    await signUp('clarity', { submit: true });
    const hashed = createHash('sha256').update(EMAIL).digest('hex');
    await eventually(() => server.sdks.to('q.clarity.ms', '/collect').some((r) => bodyText(r).includes(hashed)), {
      what: 'the Clarity upload with the hashed address',
      timeout: 30000,
    });
    const cards = await waitForCards('the leak to Clarity in the popup', (shown) => named(shown, 'leakToThirdParty', 'q.clarity.ms'));
    // Masked in the popup; nothing typed reached Clarity before a submit.
    assert.ok(!cards.some((c) => c.text.includes(EMAIL)), 'the address is shown masked');
    assert.ok(!named(cards, 'leakBeforeSubmit', 'q.clarity.ms'), 'nothing typed reached Clarity');
  } finally {
    await ff.close();
  }
});

test("Firefox: OpenReplay's Web Worker posts what is typed in binary batches: a leak before submit", { skip, timeout: 180000 }, async () => {
  const { ff, marionette, signUp, waitForCards } = await firefoxSession();
  try {
    await signUp('openreplay-plain', { submit: false });
    // The tracker's public forceFlushBatch sends what it recorded now rather than at its 30 s tick.
    await eventually(
      async () => {
        await marionette.execute('(window.wrappedJSObject ?? window).tracker?.forceFlushBatch();');
        return server.sdks.to('api.openreplay.com', '/ingest/v1/web/i').some((r) => r.body.includes(EMAIL));
      },
      { what: 'an OpenReplay batch with the address', timeout: 30000, interval: 1000 },
    );
    const cards = await waitForCards('the leak to OpenReplay in the popup', (shown) => named(shown, 'leakBeforeSubmit', 'api.openreplay.com'));
    assert.ok(!cards.some((c) => c.text.includes(EMAIL)), 'the address is shown masked');
  } finally {
    await ff.close();
  }
});

test("Firefox: Amplitude Session Replay's page-exit beacon, a Blob, is read: the name typed leaves before submit", { skip, timeout: 180000 }, async () => {
  const { ff, marionette, signUp, waitForCards } = await firefoxSession();
  try {
    // Its `light` level masks the e-mail field and records the name fields as typed.
    await signUp('amplitude-replay-light', { submit: false });
    await eventually(() => server.sdks.to('api2.amplitude.com').length > 0, { what: 'Amplitude started', timeout: 20000 });
    // The name is typed last, with nothing after it: the plugin sends a batch
    // when an event comes a while after its last send, so what it holds back
    // for the exit beacon always ends with the name as typed.
    await marionette.type('#nom', 'Fontaine');
    const leftAt = Date.now();
    // Left before the plugin sent what was typed: it goes in the exit beacon.
    await marionette.navigate(`https://${SDK_SITE_HOST}/nothing-here`);
    await eventually(
      () => server.sdks.to('api-sr.amplitude.com', '/sessions/v2/track').some((r) => r.time >= leftAt && bodyText(r).includes('Fontaine')),
      { what: 'the exit beacon with the typed name', timeout: 30000 },
    );
    const earlier = server.sdks.to('api-sr.amplitude.com').filter((r) => r.time < leftAt && bodyText(r).includes('Fontaine'));
    assert.deepEqual(earlier.map((r) => r.path), [], 'the name left only in the exit beacon');
    const cards = await waitForCards('the name leaking to Amplitude in the popup', (shown) => named(shown, 'leakBeforeSubmit', 'api-sr.amplitude.com'));
    assert.ok(!cards.some((c) => c.text.includes('Fontaine')), 'the name is shown masked');
  } finally {
    await ff.close();
  }
});

/** The text of the replay segments Datadog received (Blob parts of a multipart form, deflated). */
const datadogReplays = () => datadogSegments(server.sdks.to('browser-intake-datadoghq.eu', '/api/v2/replay'));

test("Firefox: Datadog's session replay recording what is typed: its segments, Blob parts of a form Firefox gives by name only, are read in the page, and the name leaves before submit", { skip, timeout: 180000 }, async () => {
  const { ff, marionette, signUp, waitForCards } = await firefoxSession();
  try {
    await signUp('datadog-allow', { submit: false });
    await marionette.type('#nom', 'Fontaine');
    await marionette.click('h1');
    await eventually(() => datadogReplays().some((t) => t.includes('Fontaine')), { what: 'a replay segment with the typed name', timeout: 30000 });
    // Firefox gives the form's parts by their file names, not their bytes:
    // the hooks read the form whole as fetch takes it.
    const cards = await waitForCards('the name leaking to Datadog in the popup', (shown) => named(shown, 'leakBeforeSubmit', 'browser-intake-datadoghq.eu'));
    assert.ok(!cards.some((c) => c.text.includes('Fontaine')), 'the name is shown masked');
  } finally {
    await ff.close();
  }
});

test("Firefox: Mixpanel Session Replay with inputs unmasked: the address typed in the newsletter box, gzipped in the page and posted as a Blob, leaves before submit", { skip, timeout: 180000 }, async () => {
  const { ff, marionette, signUp, waitForCards } = await firefoxSession();
  try {
    // Mixpanel still masks the sign-up fields (their types and autocomplete
    // tokens); the newsletter box is a plain text field.
    await signUp('mixpanel-replay', { submit: false });
    await marionette.click('#lettre-email');
    await marionette.type('#lettre-email', EMAIL);
    await marionette.click('h1');
    const inputs = (r) => {
      try {
        return JSON.parse(bodyText(r)).filter((e) => e.type === 3 && e.data?.source === 5).map((e) => e.data.text);
      } catch {
        return [];
      }
    };
    await eventually(() => server.sdks.to('api-js.mixpanel.com', '/record/').some((r) => inputs(r).includes(EMAIL)), {
      what: 'a Mixpanel replay batch with the address',
      timeout: 40000,
    });
    const cards = await waitForCards('the leak to Mixpanel in the popup', (shown) => named(shown, 'leakBeforeSubmit', 'api-js.mixpanel.com'));
    assert.ok(!cards.some((c) => c.text.includes(EMAIL)), 'the address is shown masked');
  } finally {
    await ff.close();
  }
});

test("Firefox: Rollbar at its defaults: the address typed, in the telemetry of an error the page made, leaves before submit", { skip, timeout: 180000 }, async () => {
  const { ff, signUp, waitForCards } = await firefoxSession();
  try {
    // Leaving the e-mail field runs the page's bug; Rollbar reports it with
    // the field's value as typed in its telemetry.
    await signUp('rollbar', { submit: false });
    await eventually(() => server.sdks.to('api.rollbar.com', '/api/1/item').some((r) => bodyText(r).includes(EMAIL)), {
      what: 'a Rollbar error report with the address',
      timeout: 40000,
    });
    const cards = await waitForCards('the leak to Rollbar in the popup', (shown) => named(shown, 'leakBeforeSubmit', 'api.rollbar.com'));
    assert.ok(!cards.some((c) => c.text.includes(EMAIL)), 'the address is shown masked');
  } finally {
    await ff.close();
  }
});

const CLEVERTAP_HOST = 'eu1.clevertap-prod.com';
/** What CleverTap's SDK sent, each request's `d` (lz-string in base64), opened when it is the encrypted envelope. */
const clevertapPayloads = () =>
  clevertapTexts(server.sdks.to(CLEVERTAP_HOST, '/a')).map((text) => {
    const inner = openEnvelope(text);
    return inner === null ? text : `encrypted:${inner}`;
  });

test("Firefox: CleverTap with its encryption in transit: the profile sent on sign-up, encrypted with its key beside it, is a leak to its regional host; its sign-up event alone is not", { skip, timeout: 180000 }, async () => {
  const { ff, popupCards, signUp, waitForCards } = await firefoxSession();
  try {
    // The sign-up event alone: no one's details, nothing said of CleverTap.
    await signUp('clevertap-anonymous', { submit: true });
    await eventually(() => clevertapPayloads().some((p) => p.includes('"evtName":"Signed Up"')), { what: 'the Signed Up event at CleverTap', timeout: 30000 });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.deepEqual((await popupCards()).filter((c) => c.text.includes(CLEVERTAP_HOST)).map((c) => `${c.kind}: ${c.text}`), []);

    // Logged in on sign-up, encrypted in transit.
    await signUp('clevertap-encrypted', { submit: true });
    await eventually(() => clevertapPayloads().some((p) => p.startsWith('encrypted:') && p.includes(EMAIL)), {
      what: 'the encrypted profile with the address at CleverTap',
      timeout: 30000,
    });
    assert.ok(server.sdks.to(CLEVERTAP_HOST).every((r) => !decodeURIComponent(r.query).includes('example.net')), 'never as plain text');
    const cards = await waitForCards('the leak to CleverTap in the popup', (shown) => named(shown, 'leakToThirdParty', CLEVERTAP_HOST));
    const card = cards.find((c) => c.kind === 'leakToThirdParty' && c.text.includes(CLEVERTAP_HOST));
    assert.match(card.text, /encrypted, its key sent with it/, card.text);
    assert.ok(!cards.some((c) => c.text.includes(EMAIL)), 'the address is shown masked');
  } finally {
    await ff.close();
  }
});

