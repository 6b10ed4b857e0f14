// The background's view of the network (extension/background/network.js):
// which request headers it passes to the core, and how it caps URLs, header
// values and bodies — all from the contract the build generates out of
// src/contract.json and the site models, not from copies in the shell.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONTRACT, installBrowser } from './background-fakes/setup.mjs';

// The tabs the fake browser shows (tabs.query); tests change them in place.
const tabs = [];
const { chrome } = installBrowser({ tabs });
const { base64Of, claimSentBody, cutToBytes, heldDurably, networkCounts, formBlobsUnread, frameOf, holdsBlobs, notePageShown, pageOfUntabbed, senderOrigin, socketMessagesEvent, subresourceFilter, tabShowing, tabThatLeft, watchRequests } = await import(
  '../../extension/background/network.js'
);

const reported = [];
// `task`: which task reported it (a microtask between two tasks moves it on).
let task = 0;
let taskEnds = false;
watchRequests((event) => {
  if (!taskEnds) {
    taskEnds = true;
    queueMicrotask(() => {
      task += 1;
      taskEnds = false;
    });
  }
  reported.push({ event, at: Date.now(), task });
});

let nextId = 1;
// How long a request that may take a body read in its page waits for it (network.js BODY_WAIT_MS).
const BODY_WAIT_MS = 2 * CONTRACT.shell.requestHoldMs + 1000;
/**
 * Fires a request of tab 7 to `https://www.linkedin.com/<id>/<path>`, then its
 * headers, as webRequest would; resolves to what was reported and when.
 */
async function request({ path = 'voyager/api/me', headers = [], requestBody = null } = {}) {
  const requestId = String(nextId++);
  const prefix = `https://www.linkedin.com/${requestId}/`;
  const sentAt = Date.now();
  const url = `${prefix}${path}`;
  chrome.webRequest.onBeforeRequest.fire({ requestId, tabId: 7, type: 'xmlhttprequest', method: 'POST', url, requestBody });
  chrome.webRequest.onBeforeSendHeaders.fire({ requestId, requestHeaders: headers });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const found = reported.find((r) => r.event.url.startsWith(prefix));
    if (found) {
      reported.splice(reported.indexOf(found), 1);
      return { ...found, sentAt };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the request was not reported');
}

describe('the headers the background reads', () => {
  test('are the contract’s first, then every one a page could set; never the browser’s own nor a sign-in token', async () => {
    assert.ok(CONTRACT.readHeaders.includes('x-li-track'), 'LinkedIn’s client header comes from its site model');
    const { event } = await request({
      headers: [
        { name: 'X-Amp-Exp-User', value: 'eyJ1c2VyX2lkIjoiYWRhQGV4YW1wbGUub3JnIn0' },
        { name: 'X-Li-Track', value: '{"clientVersion":"1.13"}' },
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Cookie', value: 'li_at=secret' },
        { name: 'User-Agent', value: 'Mozilla/5.0' },
        { name: 'Sec-Fetch-Mode', value: 'cors' },
        { name: 'Referer', value: 'https://shop.example/' },
        { name: 'Authorization', value: 'Bearer secret' },
        { name: 'x-li-page-instance', value: 'urn:li:page:d_flagship3_profile_view_base' },
        { name: 'X-Binary', binaryValue: [1, 2, 3] },
      ],
    });
    assert.deepEqual(
      event.headers.map((h) => h.name),
      ['x-li-track', 'content-type', 'x-li-page-instance', 'x-amp-exp-user'],
    );
  });

  test('a page’s headers stop at the engine’s count and the contract’s total size', async () => {
    const many = Array.from({ length: 2 * CONTRACT.engine.maxHeaders }, (_, i) => ({ name: `x-h${i}`, value: 'v' }));
    const { event: counted } = await request({ headers: [{ name: 'x-li-track', value: '{}' }, ...many] });
    assert.equal(counted.headers.length, CONTRACT.engine.maxHeaders);
    assert.equal(counted.headers[0].name, 'x-li-track', 'the site model’s header first');
    const big = Array.from({ length: 4 }, (_, i) => ({ name: `x-big${i}`, value: 'a'.repeat(CONTRACT.shell.maxHeaderValueBytes) }));
    const { event: sized } = await request({ headers: big });
    const total = sized.headers.reduce((sum, h) => sum + h.value.length, 0);
    assert.equal(total, CONTRACT.shell.maxHeaderBytes);
    assert.ok(sized.headers.every((h) => h.value.length <= CONTRACT.shell.maxHeaderValueBytes));
  });

  test('have their values cut to the contract’s size, never inside a character', async () => {
    const value = 'é'.repeat(CONTRACT.shell.maxHeaderValueBytes);
    const { event } = await request({ headers: [{ name: 'accept', value }] });
    const sent = event.headers[0].value;
    assert.ok(new TextEncoder().encode(sent).byteLength <= CONTRACT.shell.maxHeaderValueBytes);
    assert.equal(sent, 'é'.repeat(CONTRACT.shell.maxHeaderValueBytes / 2));
  });
});

describe('a request reported to the core', () => {
  test('waits the contract’s hold time, so the page’s call records can arrive first', async () => {
    const { event, at, sentAt } = await request();
    assert.equal(event.type, 'request');
    assert.ok(at - sentAt >= CONTRACT.shell.requestHoldMs - 5, `${at - sentAt} ms`);
  });

  test('is reported at each of its redirects, in order', async () => {
    const requestId = String(nextId++);
    const prefix = `https://www.linkedin.com/${requestId}/`;
    for (const path of ['old', 'new']) {
      chrome.webRequest.onBeforeRequest.fire({ requestId, tabId: 7, type: 'xmlhttprequest', method: 'GET', url: `${prefix}${path}` });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 150));
    const mine = reported.filter((r) => r.event.url.startsWith(prefix));
    for (const r of mine) reported.splice(reported.indexOf(r), 1);
    assert.deepEqual(mine.map((r) => r.event.url), [`${prefix}old`, `${prefix}new`]);
  });

  test('a burst of requests reaches the core together, in the order they came', async () => {
    const ids = Array.from({ length: 5 }, () => String(nextId++));
    for (const requestId of ids) {
      chrome.webRequest.onBeforeRequest.fire({ requestId, tabId: 7, type: 'fetch', method: 'GET', url: `https://www.linkedin.com/${requestId}/burst` });
    }
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 150));
    const mine = reported.filter((r) => r.event.url.endsWith('/burst'));
    for (const r of mine) reported.splice(reported.indexOf(r), 1);
    assert.deepEqual(mine.map((r) => r.event.url.split('/')[3]), ids);
    assert.equal(new Set(mine.map((r) => r.task)).size, 1, 'released in one task');
  });

  test('has its URL cut to the contract’s size', async () => {
    const { event } = await request({ path: `long?q=${'a'.repeat(2 * CONTRACT.shell.maxUrlBytes)}` });
    assert.equal(event.url.length, CONTRACT.shell.maxUrlBytes);
    assert.match(event.url, /\/long\?q=a+$/);
  });

  test('has its body cut to the engine’s size, and says so', async () => {
    const big = new TextEncoder().encode('x'.repeat(CONTRACT.engine.maxBodyBytes + 10)).buffer;
    const raw = await request({ requestBody: { raw: [{ bytes: big }] } });
    assert.equal(raw.event.body, null);
    assert.equal(Buffer.from(raw.event.bodyBase64, 'base64').length, CONTRACT.engine.maxBodyBytes);
    assert.equal(raw.event.bodyTruncated, true);

    // Cut in raw bytes across parts, before encoding.
    const half = new Uint8Array(CONTRACT.engine.maxBodyBytes / 2 + 1).fill(0x41).buffer;
    const parts = await request({ requestBody: { raw: [{ bytes: half }, { file: '/tmp/x' }, { bytes: half }] } });
    assert.equal(Buffer.from(parts.event.bodyBase64, 'base64').length, CONTRACT.engine.maxBodyBytes);
    assert.equal(parts.event.bodyTruncated, true);

    const form = await request({ requestBody: { formData: { note: ['ü'.repeat(CONTRACT.engine.maxBodyBytes)] } } });
    assert.ok(new TextEncoder().encode(form.event.body).byteLength <= CONTRACT.engine.maxBodyBytes);
    assert.equal(form.event.bodyTruncated, true);

    const small = await request({ requestBody: { formData: { q: ['alice'] } } });
    assert.deepEqual([small.event.body, small.event.bodyTruncated], ['q=alice', false]);
  });
});

describe('the origin of the document that sent a request', () => {
  test('is Chromium’s initiator, or the origin of Firefox’s documentUrl, or not said', () => {
    assert.equal(senderOrigin({ initiator: 'https://www.shop.example' }), 'https://www.shop.example');
    assert.equal(senderOrigin({ documentUrl: 'https://www.shop.example:8443/a/b?c#d' }), 'https://www.shop.example:8443');
    assert.equal(senderOrigin({ initiator: 'null' }), null, 'an opaque origin names nobody');
    assert.equal(senderOrigin({ documentUrl: 'about:srcdoc' }), null);
    assert.equal(senderOrigin({ documentUrl: 'not a url' }), null);
    assert.equal(senderOrigin({}), null);
  });

  test('comes with its frame: a top document being unloaded is still the top one', () => {
    assert.equal(frameOf({ frameId: 0 }), 0);
    assert.equal(frameOf({ frameId: 2, parentFrameId: -1, frameType: 'outermost_frame', documentLifecycle: 'pending_deletion' }), 0);
    assert.equal(frameOf({ frameId: 3, parentFrameId: -1, frameType: 'outermost_frame', documentLifecycle: 'cached' }), 0);
    assert.equal(frameOf({ frameId: 4, parentFrameId: -1, frameType: 'outermost_frame', documentLifecycle: 'prerender' }), 4);
    assert.equal(frameOf({ frameId: 5, parentFrameId: 0, frameType: 'sub_frame', documentLifecycle: 'pending_deletion' }), 5);
    assert.equal(frameOf({ frameId: -1 }), -1);
    assert.equal(frameOf({}), null);
  });

  test('goes to the core with the request', async () => {
    const requestId = `o${nextId++}`;
    const url = `https://in.replay.example/${requestId}`;
    chrome.webRequest.onBeforeRequest.fire({ requestId, tabId: 7, frameId: 0, type: 'ping', method: 'POST', url, initiator: 'https://www.shop.example' });
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 300));
    const found = reported.find((r) => r.event.url === url);
    reported.splice(reported.indexOf(found), 1);
    assert.equal(found.event.origin, 'https://www.shop.example');
    assert.equal(found.event.unloading, undefined, 'a live document is not said to be going away');
  });

  test('from a document going away says so: its hooks report no call records any more', async () => {
    const requestId = `o${nextId++}`;
    const url = `https://in.replay.example/${requestId}`;
    chrome.webRequest.onBeforeRequest.fire({
      requestId, tabId: 7, frameId: 9, parentFrameId: -1, frameType: 'outermost_frame', documentLifecycle: 'pending_deletion',
      type: 'ping', method: 'POST', url, initiator: 'https://www.shop.example',
    });
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 300));
    const found = reported.find((r) => r.event.url === url);
    reported.splice(reported.indexOf(found), 1);
    assert.deepEqual([found.event.frameId, found.event.unloading], [0, true]);
  });
});

describe('a raw body', () => {
  test('goes to the core as the bytes sent, in base64, never decoded as text', async () => {
    // gzip's magic, a lone UTF-8 continuation byte, NUL, an invalid lead byte:
    // a text decoder would have replaced most of them.
    const bytes = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x80, 0x00, 0xff, 0xfe, 0xc3, 0x28, 0x41]);
    const split = [{ bytes: bytes.slice(0, 5).buffer }, { bytes: bytes.slice(5).buffer }];
    const { event } = await request({ requestBody: { raw: split } });
    assert.deepEqual([...Buffer.from(event.bodyBase64, 'base64')], [...bytes]);
    assert.equal(event.body, null);
    assert.equal(event.bodyTruncated, false);
  });

  test('the browser gives as an error (Chromium, a Blob) is said to be unread, not taken for none', async () => {
    const { event } = await request({ requestBody: { error: 'Unknown error.' } });
    assert.deepEqual([event.body, event.bodyBase64, event.bodyUnread], [null, undefined, true]);
    const none = await request({});
    assert.equal(none.event.bodyUnread, undefined);
  });

  test('of a form whose blobs Chromium left out is searched for what was given, and said to be partly unread', async () => {
    // Datadog's replay request as Chromium gives it: the multipart text
    // around two Blob parts (a deflated segment, its JSON metadata), the
    // blobs themselves dropped.
    const piece = (text) => ({ bytes: new TextEncoder().encode(text).buffer });
    const head = (name) => `Content-Disposition: form-data; name="${name}"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const raw = [piece(`------B\r\n${head('segment')}`), piece(`\r\n------B\r\n${head('event')}`), piece('\r\n------B--\r\n')];
    const { event } = await request({ requestBody: { raw } });
    assert.equal(event.bodyUnread, true);
    assert.match(Buffer.from(event.bodyBase64, 'base64').toString('latin1'), /name="segment"[^]*name="event"[^]*------B--/);
    // The same form with its blobs given: read whole.
    const whole = [piece(`------B\r\n${head('segment')}`), piece('x\x9c\x01'), piece(`\r\n------B\r\n${head('event')}{}`), piece('\r\n------B--\r\n')];
    assert.equal((await request({ requestBody: { raw: whole } })).event.bodyUnread, undefined);
    // Bytes that merely end with an empty line, then go on: nothing left out.
    const text = [piece('GET-like text\r\n\r\n'), piece('more text')];
    assert.equal((await request({ requestBody: { raw: text } })).event.bodyUnread, undefined);
  });

  test('of a form Firefox gives by its fields holds a Blob when a part is named "blob"; in Chromium such a value is text', async () => {
    assert.equal(holdsBlobs({ segment: ['bf7d4c17-1796179610956'], event: ['blob'] }), true);
    assert.equal(holdsBlobs({ q: ['alice'], photo: ['photo.jpg'] }), false);
    assert.equal(holdsBlobs({}), false);
    // This shell runs as Chromium's: a form it gives by fields holds no blob.
    const { event } = await request({ requestBody: { formData: { event: ['blob'] } } });
    assert.deepEqual([event.body, event.bodyUnread], ['event=blob', undefined]);
    // Said unread once its headers show it was multipart: a URL-encoded field may say "blob".
    const multipart = { headers: [{ name: 'content-type', value: 'multipart/form-data; boundary=----B' }] };
    formBlobsUnread(multipart, true);
    assert.equal(multipart.bodyUnread, true);
    const encoded = { headers: [{ name: 'content-type', value: 'application/x-www-form-urlencoded' }] };
    formBlobsUnread(encoded, true);
    assert.equal(encoded.bodyUnread, undefined);
    const noBlob = { headers: multipart.headers };
    formBlobsUnread(noBlob, false);
    assert.equal(noBlob.bodyUnread, undefined);
  });

  test('kept from extensions (a Blob) takes the bytes the page’s hooks read for it, in either order, and is marked as read in the page', async () => {
    const bytes = base64Of(new TextEncoder().encode('{"user":{"email":"ada@example.org"}}'));
    const blobRequest = (requestId, url, tabId = 7, frameId = 0) =>
      chrome.webRequest.onBeforeRequest.fire({ requestId, tabId, frameId, type: 'xmlhttprequest', method: 'POST', url, requestBody: { error: 'Unknown error.' } });
    // A request left unread is held until a read in its page can no longer come.
    const reportedFor = async (url) => {
      await new Promise((resolve) => setTimeout(resolve, BODY_WAIT_MS + 200));
      const found = reported.filter((r) => r.event.url === url);
      for (const r of found) reported.splice(reported.indexOf(r), 1);
      return found.map((r) => r.event);
    };
    // The request first, held; then the hooks' read.
    const first = `https://apm.rum.example/intake/v2/rum/events?n=${nextId++}`;
    blobRequest(`b${nextId++}`, first);
    assert.equal(claimSentBody(7, 0, { url: `${first}#x`, bodyBase64: bytes, truncated: false }), true);
    let [event] = await reportedFor(first);
    assert.deepEqual([event.bodyBase64, event.bodyFromPage, event.bodyUnread, event.bodyTruncated], [bytes, true, undefined, false]);
    // The hooks' read first: it waits for the request.
    const second = `https://apm.rum.example/intake/v2/rum/events?n=${nextId++}`;
    assert.equal(claimSentBody(7, 0, { url: second, bodyBase64: bytes, truncated: true }), false);
    blobRequest(`b${nextId++}`, second);
    [event] = await reportedFor(second);
    assert.deepEqual([event.bodyBase64, event.bodyFromPage, event.bodyTruncated], [bytes, true, true]);
    // Another tab's read, another frame's, another address, or a read that is not base64: the request stays unread.
    const third = `https://apm.rum.example/intake/v2/rum/events?n=${nextId++}`;
    claimSentBody(8, 0, { url: third, bodyBase64: bytes, truncated: false });
    claimSentBody(7, 3, { url: third, bodyBase64: bytes, truncated: false });
    claimSentBody(7, 0, { url: `${third}&more`, bodyBase64: bytes, truncated: false });
    assert.equal(claimSentBody(7, 0, { url: third, bodyBase64: '{"not":"base64"}', truncated: false }), false);
    assert.equal(claimSentBody(7, 0, { url: third, bodyBase64: 'A'.repeat(4 * Math.ceil(CONTRACT.engine.maxBodyBytes / 3) + 4), truncated: false }), false);
    blobRequest(`b${nextId++}`, third);
    [event] = await reportedFor(third);
    assert.deepEqual([event.bodyBase64, event.bodyFromPage, event.bodyUnread], [undefined, undefined, true]);
    // A body the browser gave is never replaced by a read in the page.
    const fourth = `https://apm.rum.example/intake/v2/rum/events?n=${nextId++}`;
    const given = base64Of(new TextEncoder().encode('given'));
    chrome.webRequest.onBeforeRequest.fire({ requestId: `b${nextId++}`, tabId: 7, frameId: 0, type: 'xmlhttprequest', method: 'POST', url: fourth, requestBody: { raw: [{ bytes: new TextEncoder().encode('given').buffer }] } });
    assert.equal(claimSentBody(7, 0, { url: fourth, bodyBase64: bytes, truncated: false }), false);
    [event] = await reportedFor(fourth);
    assert.deepEqual([event.bodyBase64, event.bodyFromPage], [given, undefined]);
    // One read, one request: a second request to the same address stays unread.
    const fifth = `https://apm.rum.example/intake/v2/rum/events?n=${nextId++}`;
    claimSentBody(7, 0, { url: fifth, bodyBase64: bytes, truncated: false });
    blobRequest(`b${nextId++}`, fifth);
    blobRequest(`b${nextId++}`, fifth);
    const both = await reportedFor(fifth);
    assert.deepEqual(both.map((e) => e.bodyFromPage === true).sort(), [false, true]);
    // The hooks' read coming after the request's usual hold (a busy page): the request waited for it.
    const sixth = `https://apm.rum.example/intake/v2/rum/events?n=${nextId++}`;
    blobRequest(`b${nextId++}`, sixth);
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 300));
    assert.deepEqual(reported.filter((r) => r.event.url === sixth), [], 'still held');
    assert.equal(claimSentBody(7, 0, { url: sixth, bodyBase64: bytes, truncated: false }), true);
    [event] = await reportedFor(sixth);
    assert.deepEqual([event.bodyBase64, event.bodyFromPage, event.bodyUnread], [bytes, true, undefined]);
  });

  test('read in the page are counted as given, taken, refused, expired or missing, and the URLs missed noted without their query', async () => {
    const bytes = base64Of(new TextEncoder().encode('{"a":1}'));
    const blobRequest = (url) =>
      chrome.webRequest.onBeforeRequest.fire({ requestId: `c${nextId++}`, tabId: 7, frameId: 0, type: 'xmlhttprequest', method: 'POST', url, requestBody: { error: 'Unknown error.' } });
    const before = networkCounts();
    const delta = () => {
      const now = networkCounts();
      return Object.fromEntries(['requests', 'unread', 'reads', 'readsGiven', 'readsKept', 'readsRefused', 'readsExpired', 'readsTaken', 'releasedUnread'].map((k) => [k, now[k] - before[k]]));
    };
    const given = `https://count.example/given?secret=${nextId++}`;
    blobRequest(given);
    claimSentBody(7, 0, { url: given, bodyBase64: bytes, truncated: false });
    const taken = `https://count.example/taken?secret=${nextId++}`;
    claimSentBody(7, 0, { url: taken, bodyBase64: bytes, truncated: false });
    blobRequest(taken);
    claimSentBody(7, 0, { url: taken, bodyBase64: 'not base64!', truncated: false });
    const missed = `https://count.example/missed?secret=${nextId++}`;
    blobRequest(missed);
    const orphan = `https://count.example/orphan?secret=${nextId++}`;
    claimSentBody(7, 0, { url: orphan, bodyBase64: bytes, truncated: false });
    await new Promise((resolve) => setTimeout(resolve, BODY_WAIT_MS + 200));
    // A later read of the tab looks at the waiting ones: the orphan has expired.
    claimSentBody(7, 0, { url: `https://count.example/later?n=${nextId++}`, bodyBase64: bytes, truncated: false });
    for (const url of [given, taken, missed]) reported.splice(reported.findIndex((r) => r.event.url === url), 1);
    assert.deepEqual(delta(), { requests: 3, unread: 3, reads: 5, readsGiven: 1, readsKept: 3, readsRefused: 1, readsExpired: 1, readsTaken: 1, releasedUnread: 1 });
    const { noted } = networkCounts();
    assert.equal(noted.releasedUnread.at(-1), 'https://count.example/missed');
    assert.equal(noted.readsExpired.at(-1), 'https://count.example/orphan');
  });

  test('of a form whose blobs Chromium left out takes the form the page’s hooks read whole, in place of what was given', async () => {
    const piece = (text) => ({ bytes: new TextEncoder().encode(text).buffer });
    const head = (name) => `Content-Disposition: form-data; name="${name}"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const raw = [piece(`------B\r\n${head('segment')}`), piece('\r\n------B--\r\n')];
    const whole = base64Of(new TextEncoder().encode(`------V\r\n${head('segment')}L\u00e9a Fontaine\r\n------V--\r\n`));
    const url = `https://browser-intake.example/api/v2/replay?n=${nextId++}`;
    chrome.webRequest.onBeforeRequest.fire({ requestId: `f${nextId++}`, tabId: 7, frameId: 0, type: 'xmlhttprequest', method: 'POST', url, requestBody: { raw } });
    assert.equal(claimSentBody(7, 0, { url, bodyBase64: whole, truncated: false }), true);
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 200));
    const found = reported.filter((r) => r.event.url === url);
    for (const r of found) reported.splice(reported.indexOf(r), 1);
    assert.deepEqual(found.map((r) => [r.event.body, r.event.bodyBase64, r.event.bodyFromPage, r.event.bodyUnread]), [[null, whole, true, undefined]]);
  });

  test('of only a file upload, or empty, sends no body', async () => {
    const { event } = await request({ requestBody: { raw: [{ file: '/home/me/photo.jpg' }] } });
    assert.equal(event.body, null);
    assert.ok(!('bodyBase64' in event));
  });

  test('is encoded in standard base64 whatever its size', () => {
    for (const size of [0, 1, 2, 3, 0x8000 - 1, 0x8000, 0x8000 + 1, 100000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 131 + 7) & 0xff);
      assert.equal(base64Of(bytes), Buffer.from(bytes).toString('base64'), `${size} bytes`);
    }
  });
});

describe('a request with no tab', () => {
  const SHOP = 'https://www.shop.example/checkout?step=2';
  /** Fires a request with no tab (Firefox 133–146's keepalive fetch) and its headers; waits `wait` ms. */
  async function untabbed(details, { wait = CONTRACT.shell.requestHoldMs + 300 } = {}) {
    const requestId = `u${nextId++}`;
    const url = `https://in.replay.example/${requestId}`;
    chrome.webRequest.onBeforeRequest.fire({ requestId, tabId: -1, frameId: 0, type: 'xmlhttprequest', method: 'POST', url, ...details });
    chrome.webRequest.onBeforeSendHeaders.fire({ requestId, requestHeaders: [{ name: 'Content-Encoding', value: 'gzip' }] });
    await new Promise((resolve) => setTimeout(resolve, wait));
    const found = reported.filter((r) => r.event.url === url);
    for (const r of found) reported.splice(reported.indexOf(r), 1);
    return found.map((r) => r.event);
  }

  test('from a page is given to the tab showing that page, body and headers with it', async () => {
    tabs.splice(0, tabs.length, { id: 3, url: 'https://other.example/' }, { id: 4, url: `${SHOP}#pay` });
    const body = Uint8Array.from([0x1f, 0x8b, 8, 0]).buffer;
    const [event, ...more] = await untabbed({ documentUrl: SHOP, originUrl: SHOP, requestBody: { raw: [{ bytes: body }] } });
    assert.equal(more.length, 0);
    assert.equal(event.tabId, 4);
    assert.deepEqual([...Buffer.from(event.bodyBase64, 'base64')], [0x1f, 0x8b, 8, 0]);
    assert.deepEqual(event.headers, [{ name: 'content-encoding', value: 'gzip' }]);
  });

  test('from a frame is given to the tab showing its top page', async () => {
    tabs.splice(0, tabs.length, { id: 5, url: SHOP });
    const [event] = await untabbed({
      documentUrl: 'https://widget.example/frame',
      frameId: 12,
      frameAncestors: [{ url: 'https://mid.example/', frameId: 9 }, { url: SHOP, frameId: 0 }],
    });
    assert.deepEqual([event.tabId, event.frameId], [5, 12]);
  });

  test('is dropped when no tab shows its page, or when it came from no web page', async () => {
    tabs.splice(0, tabs.length, { id: 5, url: 'https://other.example/' });
    assert.deepEqual(await untabbed({ documentUrl: SHOP }), []);
    tabs.splice(0, tabs.length, { id: 5, url: 'moz-extension://abc/background.html' });
    assert.deepEqual(await untabbed({ documentUrl: 'moz-extension://abc/background.html' }), []);
    assert.deepEqual(await untabbed({}), [], 'no document at all (a worker, the browser)');
  });

  test('from a page its tab has just left goes to that tab, as that page’s (its last batch)', async () => {
    tabs.splice(0, tabs.length, { id: 8, url: 'https://news.example/today' });
    const at = Date.now();
    chrome.webNavigation.onCommitted.fire({ tabId: 8, frameId: 0, url: `${SHOP}#form`, timeStamp: at - 2000 });
    chrome.webNavigation.onCommitted.fire({ tabId: 8, frameId: 3, url: 'https://ads.example/frame', timeStamp: at - 1500 });
    chrome.webNavigation.onCommitted.fire({ tabId: 8, frameId: 0, url: 'https://news.example/today', timeStamp: at - 100 });
    const [event, ...more] = await untabbed({ documentUrl: SHOP });
    assert.equal(more.length, 0);
    assert.deepEqual([event.tabId, event.frameId, event.origin], [8, 0, 'https://www.shop.example']);
    // A frame's keepalive fetch comes as its top page's: the top page's origin.
    const [framed] = await untabbed({ documentUrl: 'about:srcdoc', frameAncestors: [{ url: SHOP, frameId: 0 }] });
    assert.deepEqual([framed.tabId, framed.origin], [8, 'https://www.shop.example']);
    assert.equal(tabThatLeft(SHOP, at + 10_000), null, 'only moments after');
    assert.equal(tabThatLeft('https://news.example/today'), null, 'a page still shown was not left');
  });

  test('from a page whose tab has just been closed goes to that tab, as that page’s (its last batch)', async () => {
    tabs.splice(0, tabs.length, { id: 12, url: 'https://news.example/today' });
    chrome.webNavigation.onCommitted.fire({ tabId: 11, frameId: 0, url: 'https://www.signup.example/compte', timeStamp: Date.now() - 2000 });
    assert.deepEqual(await untabbed({ documentUrl: 'https://www.signup.example/compte' }), [], 'no tab shows the page: not yet closed, not left');
    chrome.tabs.onRemoved.fire(11, { windowId: 1, isWindowClosing: false });
    const [event, ...more] = await untabbed({ documentUrl: 'https://www.signup.example/compte' });
    assert.equal(more.length, 0);
    assert.deepEqual([event.tabId, event.frameId, event.origin], [11, 0, 'https://www.signup.example']);
    assert.equal(tabThatLeft('https://www.signup.example/compte', Date.now() + 10_001), null, 'only moments after');
  });

  test('from a single-page app left at the address it last showed goes to the tab that left it', async () => {
    tabs.splice(0, tabs.length, { id: 10, url: 'https://next.example/' });
    const at = Date.now();
    chrome.webNavigation.onCommitted.fire({ tabId: 10, frameId: 0, url: 'https://app.example/inbox', timeStamp: at - 3000 });
    chrome.webNavigation.onHistoryStateUpdated.fire({ tabId: 10, frameId: 0, url: 'https://app.example/settings/profile', timeStamp: at - 2000 });
    assert.equal(tabThatLeft('https://app.example/inbox'), null, 'a history change leaves no page behind');
    chrome.webNavigation.onCommitted.fire({ tabId: 10, frameId: 0, url: 'https://next.example/', timeStamp: at - 100 });
    const [event] = await untabbed({ documentUrl: 'https://app.example/settings/profile' });
    assert.deepEqual([event.tabId, event.origin], [10, 'https://app.example']);
  });

  test('from a page left long ago, or by a tab Vigie did not see leave it, is dropped', async () => {
    tabs.splice(0, tabs.length, { id: 9, url: 'https://b.example/' });
    notePageShown(9, 'https://a.example/', Date.now() - 60_000);
    notePageShown(9, 'https://b.example/', Date.now() - 30_000);
    assert.deepEqual(await untabbed({ documentUrl: 'https://a.example/' }), []);
    assert.deepEqual(await untabbed({ documentUrl: 'https://c.example/' }), []);
  });

  test('arriving together, share one look at the tabs', async () => {
    tabs.splice(0, tabs.length, { id: 6, url: SHOP });
    const query = chrome.tabs.query;
    let looks = 0;
    chrome.tabs.query = async (...args) => {
      looks += 1;
      return query(...args);
    };
    try {
      const sent = await Promise.all([1, 2, 3].map(() => untabbed({ documentUrl: SHOP })));
      assert.deepEqual(sent.map((events) => events.map((e) => e.tabId)), [[6], [6], [6]]);
      assert.equal(looks, 1);
    } finally {
      chrome.tabs.query = query;
    }
  });

  test('shown in several tabs goes to the one used last', () => {
    const same = [
      { id: 1, url: SHOP, lastAccessed: 100 },
      { id: 2, url: SHOP, lastAccessed: 300 },
      { id: 3, url: 'https://other.example/', lastAccessed: 900 },
      { id: -1, url: SHOP, lastAccessed: 999 },
    ];
    assert.equal(tabShowing(same, SHOP), 2);
    assert.equal(tabShowing(same, 'https://nowhere.example/'), null);
  });

  test('names its page without fragment, and only for web pages', () => {
    assert.equal(pageOfUntabbed({ documentUrl: `${SHOP}#x` }), SHOP);
    assert.equal(pageOfUntabbed({ documentUrl: 'about:blank' }), null);
    assert.equal(pageOfUntabbed({ documentUrl: 'moz-extension://abc/x.html' }), null);
    assert.equal(pageOfUntabbed({ documentUrl: 'https://f.example/', frameAncestors: [] }), 'https://f.example/');
    assert.equal(pageOfUntabbed({}), null);
  });
});

describe('cutToBytes', () => {
  test('leaves text within the size as it is', () => {
    assert.deepEqual(cutToBytes('abc', 3), { text: 'abc', truncated: false });
  });

  test('cuts at a character boundary, counting UTF-8 bytes', () => {
    assert.deepEqual(cutToBytes('aé€', 4), { text: 'aé', truncated: true });
    assert.deepEqual(cutToBytes('😀😀', 5), { text: '😀', truncated: true });
    assert.deepEqual(cutToBytes('😀', 3), { text: '', truncated: true });
  });

  test('counts bytes, not characters, near the limit', () => {
    // '€' is one UTF-16 code unit and three bytes of UTF-8.
    assert.deepEqual(cutToBytes('€€€', 8), { text: '€€', truncated: true });
    assert.deepEqual(cutToBytes('€€€', 9), { text: '€€€', truncated: false });
    assert.deepEqual(cutToBytes('abc', 9), { text: 'abc', truncated: false });
  });
});

describe('the requests of top documents', () => {
  // Chromium 148's webRequest.ResourceType.
  const CHROMIUM = {
    CSP_REPORT: 'csp_report', FONT: 'font', IMAGE: 'image', MAIN_FRAME: 'main_frame', MEDIA: 'media', OBJECT: 'object', OTHER: 'other',
    PING: 'ping', SCRIPT: 'script', STYLESHEET: 'stylesheet', SUB_FRAME: 'sub_frame', WEBBUNDLE: 'webbundle', WEBSOCKET: 'websocket',
    XMLHTTPREQUEST: 'xmlhttprequest',
  };

  test('are left out of the listeners’ filter by every other type the browser names, new ones included', () => {
    const filter = subresourceFilter(CHROMIUM);
    assert.deepEqual(filter.urls, ['<all_urls>']);
    assert.deepEqual(
      [...filter.types].sort(),
      Object.values(CHROMIUM).filter((t) => t !== 'main_frame').sort(),
    );
    assert.ok(subresourceFilter({ ...CHROMIUM, WEBTRANSPORT: 'webtransport' }).types.includes('webtransport'));
  });

  test('are passed over by the listeners themselves where the browser does not list its types', async () => {
    assert.deepEqual(subresourceFilter(undefined), { urls: ['<all_urls>'] });
    assert.deepEqual(subresourceFilter({ IMAGE: 'image' }), { urls: ['<all_urls>'] });
    assert.deepEqual(subresourceFilter('main_frame'), { urls: ['<all_urls>'] });
    assert.deepEqual(subresourceFilter(CHROMIUM, true), { urls: ['<all_urls>'] }, 'nor in Firefox');
    reported.length = 0;
    chrome.webRequest.onBeforeRequest.fire({ requestId: 'top-1', tabId: 7, frameId: 0, type: 'main_frame', method: 'GET', url: 'https://www.linkedin.com/feed/', timeStamp: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 200));
    assert.deepEqual(reported, []);
  });
});

describe('socketMessagesEvent', () => {
  const report = (over = {}) => ({ url: 'wss://ws.tchatbox.io/socket.io/?EIO=4', bodyBase64: Buffer.from('--b\r\n\r\n42["x"]\r\n--b--\r\n').toString('base64'), truncated: false, count: 1, ...over });

  test("messages read in a page become a request of the sender's tab and frame, its body read in the page", () => {
    const event = socketMessagesEvent(7, 2, 'https://www.atelier-lumiere.fr', report({ count: 3 }), 1234);
    assert.deepEqual(event, {
      type: 'request', time: 1234, tabId: 7, url: 'wss://ws.tchatbox.io/socket.io/?EIO=4', method: 'GET', resourceType: 'websocket',
      frameId: 2, origin: 'https://www.atelier-lumiere.fr', headers: [], body: null, bodyBase64: report().bodyBase64,
      bodyTruncated: false, bodyFromPage: true, socketMessages: 3,
    });
    assert.equal(socketMessagesEvent(7, 0, 'null', report()).origin, null);
    // The top document being left: Chromium names it by another frame id.
    assert.equal(socketMessagesEvent(7, 41, null, report({ top: true })).frameId, 0);
    assert.equal(socketMessagesEvent(7, 41, null, report({ top: false })).frameId, 41);
  });

  test('anything but messages of a ws or wss socket, with a body, a count and a cut, is refused', () => {
    for (const bad of [
      report({ url: 'https://ws.tchatbox.io/' }), report({ url: 42 }), report({ bodyBase64: '' }), report({ bodyBase64: 'not base64!' }),
      report({ bodyBase64: 'A'.repeat(4 * Math.ceil(CONTRACT.engine.maxBodyBytes / 3) + 4) }),
      report({ count: 0 }), report({ count: 33 }), report({ count: 1.5 }), report({ truncated: 'no' }), report({ top: 'yes' }),
    ]) {
      assert.equal(socketMessagesEvent(7, 0, null, bad), null, JSON.stringify(bad).slice(0, 120));
    }
    assert.equal(socketMessagesEvent(-1, 0, null, report()), null, 'no tab');
    assert.equal(socketMessagesEvent(7, -1, null, report()), null, 'no frame');
  });
});

describe('which holds are written to disk', () => {
  const asset = { type: 'request', resourceType: 'script', method: 'GET', url: 'https://static.example/app.js', body: null };

  test('not an asset fetched with GET, with no body and no query; any other request', () => {
    assert.equal(heldDurably(asset), false);
    for (const resourceType of ['stylesheet', 'font', 'image', 'imageset', 'media']) {
      assert.equal(heldDurably({ ...asset, resourceType }), false, resourceType);
    }
    assert.equal(heldDurably({ ...asset, url: 'https://static.example/app.js?v=2' }), true, 'a query');
    assert.equal(heldDurably({ ...asset, url: 'https://static.example/app.js#x' }), true, 'a fragment');
    assert.equal(heldDurably({ ...asset, method: 'POST' }), true, 'another method');
    assert.equal(heldDurably({ ...asset, body: 'a=1' }), true, 'a body');
    assert.equal(heldDurably({ ...asset, bodyBase64: 'YQ==' }), true, 'a raw body');
    assert.equal(heldDurably({ ...asset, bodyUnread: true }), true, 'a body Vigie could not read');
    for (const resourceType of ['xmlhttprequest', 'ping', 'sub_frame', 'other', 'websocket', 'beacon', 'object', undefined]) {
      assert.equal(heldDurably({ ...asset, resourceType }), true, String(resourceType));
    }
  });

  test('an asset’s hold stays in memory; a pixel’s, with a query, and a redirect of a durable one go to disk and end there', async () => {
    const store = globalThis.fakeStore;
    const fire = (requestId, type, url) => chrome.webRequest.onBeforeRequest.fire({ requestId, tabId: 7, type, method: 'GET', url });
    const [script, pixel, moved, grown] = ['asset-1', 'asset-2', 'asset-3', 'asset-4'];
    fire(script, 'script', 'https://static.example/held/app.js');
    fire(pixel, 'image', 'https://pixel.example/held/p.gif?em=abc');
    fire(moved, 'image', 'https://pixel.example/held/r.gif?to=cdn');
    fire(grown, 'image', 'https://static.example/held/g.gif');
    await new Promise((resolve) => setTimeout(resolve, 5));
    fire(moved, 'image', 'https://cdn.example/held/r.gif');
    fire(grown, 'image', 'https://pixel.example/held/g.gif?em=abc');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(store.held.has(script), false, 'the script’s hold is not on disk');
    assert.equal(store.held.has(pixel), true, 'the pixel’s is');
    assert.equal(store.held.get(moved)?.event.url, 'https://cdn.example/held/r.gif', 'the redirect’s record replaced the first on disk');
    // (Its query is kept in session memory only: journal.js.)
    assert.equal(store.held.get(grown)?.event.url, 'https://pixel.example/held/g.gif', 'an asset redirected with a query goes to disk');
    await new Promise((resolve) => setTimeout(resolve, CONTRACT.shell.requestHoldMs + 800));
    const mine = reported.filter((r) => r.event.url.includes('/held/'));
    for (const r of mine) reported.splice(reported.indexOf(r), 1);
    assert.deepEqual(
      mine.map((r) => r.event.url).sort(),
      [
        'https://cdn.example/held/r.gif', 'https://pixel.example/held/g.gif?em=abc', 'https://pixel.example/held/p.gif?em=abc',
        'https://pixel.example/held/r.gif?to=cdn', 'https://static.example/held/app.js', 'https://static.example/held/g.gif',
      ],
      'every one reaches the engine',
    );
    assert.equal(store.held.has(pixel), false, 'the pixel’s hold ended on disk');
    assert.equal(store.held.has(moved), false, 'so did the redirected ones’');
    assert.equal(store.held.has(grown), false);
  });
});
