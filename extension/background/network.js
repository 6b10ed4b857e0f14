// The network ground truth: requests leaving the tabs, from webRequest
// (non-blocking). A page cannot forge these. URLs, header values and bodies
// are capped here, before they enter the core, to the sizes of
// src/contract.json — raw bodies as bytes, in base64, decoded by the core
// (Content-Encoding, compression made in the page, envelopes); the headers
// read are the contract's list (those of every site model and of any site,
// `content-encoding` among them), then every one a page's script could have
// set (not the browser's own: cookies, user agent, `sec-`; nor a sign-in
// token), whose values the core searches too.
//
// A request is held back a moment before it reaches the core; held, it is
// also written to the log's `held` store (journal.js), so that a worker
// stopped meanwhile does not forget it: the next wake-up gives it to the
// engine first, before its own events.

import { CONTRACT } from '../generated/contract.js';
import { isFirefox } from './browser.js';
import { whenIdle } from './gate.js';
import { hold, heldInMemory, release, withoutQuery } from './journal.js';

const api = globalThis.browser ?? globalThis.chrome;

const MAX_BODY_BYTES = CONTRACT.engine.maxBodyBytes;
const MAX_URL_BYTES = CONTRACT.shell.maxUrlBytes;
const MAX_HEADER_VALUE_BYTES = CONTRACT.shell.maxHeaderValueBytes;
// Main-world call records and gestures travel page → isolated world →
// background; holding requests this long lets them arrive first.
const HOLD_MS = CONTRACT.shell.requestHoldMs;
const RELEASE_GRID_MS = 50;
const READ_HEADERS = new Set(CONTRACT.readHeaders);
const BROWSER_SET = new Set(CONTRACT.browserSetHeaders);
const BROWSER_SET_PREFIXES = CONTRACT.browserSetHeaderPrefixes;
const CREDENTIALS = new Set(CONTRACT.credentialHeaders);
const MAX_HEADERS = CONTRACT.engine.maxHeaders;
const MAX_HEADER_BYTES = CONTRACT.shell.maxHeaderBytes;
const ENCODER = new TextEncoder();
// The headers read matter only on requests that can carry a body or a
// site's client headers: fetch and XHR, beacons and pings, form posts into
// frames, plugins, CSP reports, sockets. Images, scripts, style sheets,
// fonts and media, most of a heavy page's requests, never reach that
// listener. Each browser refuses the other's type names.
const HEADER_TYPES = {
  chrome: ['sub_frame', 'object', 'xmlhttprequest', 'ping', 'csp_report', 'websocket', 'other'],
  firefox: ['sub_frame', 'object', 'object_subrequest', 'xmlhttprequest', 'ping', 'beacon', 'csp_report', 'websocket', 'other'],
};

/**
 * The request filter of a listener that has no use for top documents: every
 * type this browser names but `main_frame` (its webRequest.ResourceType), so
 * that a page's own load dispatches no event to the worker. A browser that
 * does not list its types is given every URL, and the listener passes over
 * top documents itself. So is Firefox, as a precaution: since its listeners
 * took a list of types, one end-to-end test there (a replay's form read in
 * the page) has failed in CI twice in four runs, never before, for a cause
 * not found; every URL is what it passed with.
 */
export function subresourceFilter(resourceTypes = api?.webRequest?.ResourceType, firefox = isFirefox()) {
  if (firefox) return { urls: ['<all_urls>'] };
  const types = resourceTypes && typeof resourceTypes === 'object' ? Object.values(resourceTypes).filter((t) => typeof t === 'string') : [];
  if (!types.includes('main_frame') || types.length < 2) return { urls: ['<all_urls>'] };
  return { urls: ['<all_urls>'], types: types.filter((t) => t !== 'main_frame') };
}

/**
 * `text` cut to at most `max` bytes of UTF-8, never inside a character (a
 * streaming decoder holds back an incomplete last character instead of
 * writing U+FFFD). Returns `{ text, truncated }`.
 */
export function cutToBytes(text, max) {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most URLs and headers
  // are known to fit without being encoded.
  if (text.length * 3 <= max) return { text, truncated: false };
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength <= max) return { text, truncated: false };
  return { text: new TextDecoder('utf-8').decode(bytes.subarray(0, max), { stream: true }), truncated: true };
}

/** `bytes` in standard base64, in chunks (a spread of 64 KiB would overflow the call stack). */
export function base64Of(bytes) {
  let binary = '';
  for (let at = 0; at < bytes.byteLength; at += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/**
 * What the core is given of a request body: `{ body, bodyBase64, truncated,
 * unread, blobParts }`; `blobParts`: a form Firefox gave by its fields may
 * have held blobs, which is so if it was sent as `multipart/form-data`
 * (`formBlobsUnread`, once the request's headers are known).
 * A form (webRequest's `formData`) as URL-encoded text; raw bytes as they
 * were sent, in base64 — never decoded as UTF-8 here: most of what leaves a
 * page for analytics and session replay is compressed (gzip made in the
 * page, `Content-Encoding: gzip`), and a text decoder would turn it into
 * replacement characters. Raw bytes are cut at the engine's body size
 * before encoding, and the cut said.
 */
export function requestBodyOf(requestBody) {
  const none = { body: null, bodyBase64: null, truncated: false, unread: false, blobParts: false };
  if (!requestBody) return none;
  // Chromium gives a body sent as a Blob (sendBeacon, fetch, XHR) as an
  // error, without its bytes: said, so that it is not taken for no body.
  if (typeof requestBody.error === 'string') return { ...none, unread: true };
  if (requestBody.formData) {
    const form = new URLSearchParams(
      Object.entries(requestBody.formData).flatMap(([k, values]) => values.map((v) => [k, v])),
    ).toString();
    const { text, truncated } = cutToBytes(form, MAX_BODY_BYTES);
    return { ...none, body: text, truncated, blobParts: isFirefox() && holdsBlobs(requestBody.formData) };
  }
  if (Array.isArray(requestBody.raw)) {
    const chunks = [];
    let size = 0;
    let truncated = false;
    const unread = hidesFormParts(requestBody.raw);
    for (const part of requestBody.raw) {
      if (!part.bytes) continue; // file uploads: not read
      const room = MAX_BODY_BYTES - size;
      if (room <= 0) {
        truncated = true;
        break;
      }
      const bytes = new Uint8Array(part.bytes, 0, Math.min(room, part.bytes.byteLength));
      truncated ||= bytes.byteLength < part.bytes.byteLength;
      chunks.push(bytes);
      size += bytes.byteLength;
    }
    if (size === 0) return { ...none, truncated, unread };
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return { ...none, bodyBase64: base64Of(all), truncated, unread };
  }
  return none;
}

/**
 * Whether a form Firefox gives as `formData` held a `Blob`: Firefox gives a
 * multipart form's file parts as their file names, without their bytes, and
 * a Blob appended without a name is named "blob" (the XHR and Fetch
 * specifications' FormData). A file with a name of its own cannot be told
 * from a text field; one part named so is enough to say the form was not
 * read whole. Chromium gives such forms as raw bytes (`hidesFormParts`).
 */
export function holdsBlobs(formData) {
  return Object.values(formData).some((values) => Array.isArray(values) && values.includes('blob'));
}

/**
 * Marks `event` unread when its form, given by fields with a part named
 * "blob" (`blobParts`), was sent as `multipart/form-data`: a URL-encoded
 * field may say "blob" as text.
 */
export function formBlobsUnread(event, blobParts) {
  const type = event.headers.find((h) => h.name === 'content-type')?.value ?? '';
  if (blobParts && /^\s*multipart\/form-data\b/i.test(type)) event.bodyUnread = true;
}

const PART_HEAD_END = [0x0d, 0x0a, 0x0d, 0x0a]; // the empty line after a part's headers
const NEXT_DELIMITER = [0x0d, 0x0a, 0x2d, 0x2d]; // the line break and "--" of the next delimiter

/**
 * Whether Chromium left out parts of a `multipart/form-data` body: it gives
 * a `FormData` holding a `Blob` (Datadog's replay segments, a file made in
 * the page) as the bytes around it, each blob dropped without a trace, so
 * that one part's headers end one piece and the next delimiter begins the
 * next. What was read is still searched; what was not is said.
 */
export function hidesFormParts(raw) {
  const endsWith = (bytes, tail) =>
    bytes.byteLength >= tail.length && tail.every((b, i) => bytes[bytes.byteLength - tail.length + i] === b);
  const startsWith = (bytes, head) => bytes.byteLength >= head.length && head.every((b, i) => bytes[i] === b);
  for (let i = 1; i < raw.length; i += 1) {
    if (!raw[i - 1]?.bytes || !raw[i]?.bytes) continue;
    if (endsWith(new Uint8Array(raw[i - 1].bytes), PART_HEAD_END) && startsWith(new Uint8Array(raw[i].bytes), NEXT_DELIMITER)) return true;
  }
  return false;
}

// Requests held for HOLD_MS, by request id, so that their headers (which
// come in a later event) join them: `{ event, arrivedAt, blobParts, durable }`
// (`blobParts`: see `requestBodyOf`, settled once the headers are known;
// `durable`: the hold is kept in IndexedDB too, see `heldDurably`).
const held = new Map();

// The subresources a page's load fetches by the dozen: its scripts,
// styles, fonts, images and media.
const ASSET_TYPES = new Set(['script', 'stylesheet', 'font', 'image', 'imageset', 'media']);

/**
 * Whether a request's hold is written to IndexedDB, so that a worker
 * stopped during it does not lose the request (journal.js). Not an asset
 * fetched with GET, with no body and no query or fragment (half of a heavy
 * page's requests, each a record put and deleted): nothing a form or a
 * script gives such a request travels but its path, which the engine still
 * reads once the hold ends. A worker stopped within HOLD_MS of one loses
 * it; its site's next load asks for it again.
 */
export function heldDurably(event) {
  if (!ASSET_TYPES.has(event.resourceType) || event.method !== 'GET') return true;
  if (event.body != null || event.bodyBase64 != null || event.bodyUnread) return true;
  return typeof event.url !== 'string' || withoutQuery(event.url) !== event.url;
}

/** The mark of the release grid a request due at `at` goes to the engine at (`watchRequests`). */
const slotOf = (at) => Math.ceil(at / RELEASE_GRID_MS) * RELEASE_GRID_MS;
/** When a request that arrived `at` goes to the engine: the first mark of the release grid after its hold. */
const dueAt = (at) => slotOf(at + HOLD_MS);

/** Writes a held request's record again (it gained headers or a body), durably once it may carry data. */
function holdAgain(requestId, record) {
  record.durable ||= heldDurably(record.event);
  if (record.durable) hold(requestId, { event: record.event, arrivedAt: record.arrivedAt, dueAt: dueAt(record.arrivedAt) });
}
// Requests with no tab whose page is being looked up, by request id:
// `{ headers }`, the headers that arrived meanwhile.
const untabbed = new Map();

/** `url` without its fragment, or null if it is not an http(s) URL. */
function pageKey(url) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return null;
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * The top-level page a request with no tab was made from, as Firefox
 * reports it (`documentUrl`, and `frameAncestors` for a frame's request):
 * its URL without fragment, or null when the request came from no web page
 * (an extension, a worker of no document, the browser itself).
 */
export function pageOfUntabbed(details) {
  const ancestors = Array.isArray(details.frameAncestors) ? details.frameAncestors : [];
  const top = ancestors.length > 0 ? ancestors[ancestors.length - 1].url : details.documentUrl;
  return pageKey(top);
}

/**
 * The id of the tab showing `page` (a URL without fragment), or null. When
 * several tabs show the same page, the one used last takes the request:
 * which of them sent it is not said by the browser.
 */
export function tabShowing(tabs, page) {
  let best = null;
  for (const tab of tabs) {
    if (!Number.isInteger(tab.id) || tab.id < 0 || pageKey(tab.url) !== page) continue;
    if (best === null || (tab.lastAccessed ?? 0) > (best.lastAccessed ?? 0)) best = tab;
  }
  return best === null ? null : best.id;
}

/**
 * The origin of the document that made a request, as the browser reports
 * it: Chromium's `initiator`, the origin of Firefox's `documentUrl`. The
 * core files a top-frame request under the page the tab has just left when
 * this is that page's origin (its last batch, sent while the person moves
 * on). Null when the browser does not say.
 */
export function senderOrigin(details) {
  let origin = null;
  if (typeof details.initiator === 'string') origin = details.initiator;
  else if (typeof details.documentUrl === 'string') {
    try {
      origin = new URL(details.documentUrl).origin;
    } catch {
      origin = null;
    }
  }
  return origin === null || origin === 'null' ? null : cutToBytes(origin, MAX_URL_BYTES).text;
}

/**
 * The frame that made a request, `0` for the tab's top document. Chromium
 * gives a top document that is being unloaded or put in the back/forward
 * cache (its `pagehide` batch, sent as the next page commits) another frame
 * id: it is still a top document. A prerendered one is not the tab's yet.
 */
export function frameOf(details) {
  if (details.frameType === 'outermost_frame' && isUnloading(details)) return 0;
  return Number.isInteger(details.frameId) ? details.frameId : null;
}

/**
 * Whether the browser says the document that made a request is going away
 * (Chromium's `documentLifecycle`): its `pagehide` batch, sent as the tab
 * moves on or closes, when its hooks' call records no longer leave it.
 */
export function isUnloading(details) {
  return details.documentLifecycle === 'pending_deletion' || details.documentLifecycle === 'cached';
}

// The pages tabs have just left, by page URL without fragment: `{ tabId, at }`.
// Firefox 133 to 146 give a page's keepalive fetch no tab, only the page's
// address; one sent while the page is being left (a replay's last batch)
// finds no tab showing that page any more, but the tab that just left it.
const LEFT_PAGE_MS = 10_000;
const MAX_LEFT_PAGES = 64;
const leftPages = new Map();
const shownPages = new Map();

/**
 * Notes that tab `tabId` now shows `url`: a top-level commit, or with
 * `history` a single-page app's new address for the same document (Firefox's
 * `documentUrl` follows it), which leaves no page behind.
 */
export function notePageShown(tabId, url, at = Date.now(), { history = false } = {}) {
  const before = shownPages.get(tabId);
  const now = pageKey(url);
  if (now === null) shownPages.delete(tabId);
  else shownPages.set(tabId, now);
  if (before && before !== now && !history) noteLeft(before, tabId, at);
}

function noteLeft(page, tabId, at) {
  leftPages.delete(page);
  leftPages.set(page, { tabId, at });
  if (leftPages.size > MAX_LEFT_PAGES) leftPages.delete(leftPages.keys().next().value);
}

/**
 * Notes that tab `tabId` was closed: the page it showed is left too, and its
 * last batch, sent as it goes, is still the tab's (the core keeps a closed
 * tab's page for it).
 */
function notePageClosed(tabId, at = Date.now()) {
  const before = shownPages.get(tabId);
  shownPages.delete(tabId);
  if (before) noteLeft(before, tabId, at);
}

/** The tab that left `page` (a URL without fragment) moments ago, or null. */
export function tabThatLeft(page, at = Date.now()) {
  const left = leftPages.get(page);
  return left && at - left.at <= LEFT_PAGE_MS ? left.tabId : null;
}

/**
 * Whether a request header of this (lower-case) name is the page's own to
 * pass on: one a page's script can set, and no credential sent back to the
 * service that issued it.
 */
export function pageCanSet(name) {
  return !BROWSER_SET.has(name) && !CREDENTIALS.has(name) && !BROWSER_SET_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * The headers passed to the core: the contract's first (those the site
 * models read), then every other one a page's script could have set, whose
 * values the core searches for personal data; at most the engine's count,
 * each value and all of them cut to the contract's sizes.
 */
function readHeaders(requestHeaders) {
  const read = [];
  const others = [];
  for (const h of requestHeaders) {
    // Firefox gives a value it cannot read as text as `binaryValue`.
    if (typeof h.value !== 'string') continue;
    const name = h.name.toLowerCase();
    if (READ_HEADERS.has(name)) read.push({ name, value: h.value });
    else if (pageCanSet(name)) others.push({ name, value: h.value });
  }
  if (others.length === 0 && read.length <= MAX_HEADERS) {
    return read.map(({ name, value }) => ({ name, value: cutToBytes(value, MAX_HEADER_VALUE_BYTES).text }));
  }
  const passed = [];
  let room = MAX_HEADER_BYTES;
  for (const { name, value } of read.concat(others)) {
    if (passed.length === MAX_HEADERS || room <= 0) break;
    const cut = cutToBytes(value, Math.min(MAX_HEADER_VALUE_BYTES, room)).text;
    room -= ENCODER.encode(cut).byteLength;
    passed.push({ name, value: cut });
  }
  return passed;
}

// Bodies the browser keeps from extensions, in whole (a Blob in Chromium:
// `requestBody.error`) or in part (a FormData holding a Blob: Chromium
// leaves the Blob out, Firefox gives its file name), read by the page's
// hooks as they handed the body to the browser
// (content/main-world/sent-blobs.js) and sent here by the observer of the
// frame that sent it: each goes to the first held request of that tab and
// frame to that URL which came without all of its body, or waits for it a
// moment (the hooks' message can come first; in Firefox a form's Blob is
// known only from the request's headers). What the browser gave of such a
// body is replaced: the hooks read the same form whole, its text fields
// first. Another frame's hooks cannot give a body to the top page's
// request. By tab:
// `[{ url, frameId, bodyBase64, truncated, until }]`.
const claims = new Map();
const CLAIM_MS = 2 * HOLD_MS + 1000;
// A request still waiting for the body its page's hooks read (or, in
// Firefox, for the headers that say whether its form held blobs) is held
// past HOLD_MS, until the read comes or this long after it arrived: the
// read leaves the page on its own path (Blob reads, the bridge, a runtime
// message), which a busy page or worker can delay past HOLD_MS, and once
// the request has gone to the core a read that comes after it is lost.
const BODY_WAIT_MS = CLAIM_MS;
const MAX_CLAIMS_PER_TAB = 16;
// The base64 of MAX_BODY_BYTES bytes.
const MAX_CLAIM_BASE64 = 4 * Math.ceil(MAX_BODY_BYTES / 3);

// What became of the bodies read in pages, since this wake-up, for the
// extension's own console and the tests' diagnoses (`vigie.network()`):
// counts only, nothing of what was sent.
const counts = {
  // Requests taken from tabs, and those among them that came without all
  // of their body (in Firefox, a form with a part named "blob", its headers
  // not yet known).
  requests: 0,
  unread: 0,
  // Reads received from pages: given to their request at once, kept for
  // one to come, refused (malformed or too large), and kept ones that
  // expired unclaimed.
  reads: 0,
  readsGiven: 0,
  readsKept: 0,
  readsRefused: 0,
  readsExpired: 0,
  // Kept reads that a request took as it came, or once its headers came.
  readsTaken: 0,
  // Requests released to the core still waiting for their page's read.
  releasedUnread: 0,
};
// The URLs (without query) of the last requests released still waiting
// for their read, and of the last reads that expired unclaimed.
const MAX_NOTED = 8;
const noted = { releasedUnread: [], readsExpired: [] };
const note = (list, url) => {
  list.push(typeof url === 'string' ? withoutQuery(url) : null);
  if (list.length > MAX_NOTED) list.shift();
};

/** The counts above and the URLs noted, for diagnosis. */
export function networkCounts() {
  return { ...counts, noted: { releasedUnread: [...noted.releasedUnread], readsExpired: [...noted.readsExpired] } };
}

/** The reads of tab `tabId` still in time; the expired ones counted and noted. */
function liveClaims(tabId, now) {
  const all = claims.get(tabId);
  if (!all) return undefined;
  const live = [];
  for (const claim of all) {
    if (claim.until >= now) live.push(claim);
    else {
      counts.readsExpired += 1;
      note(noted.readsExpired, claim.url);
    }
  }
  return live;
}

/** Whether `event` is a request that came without all of its body and may take one read in its page. */
const waitsForItsBody = (event) => event.bodyUnread === true && event.bodyFromPage !== true;

/**
 * Whether a held request may still take a body read in its page: it waits
 * for one, or is a form Firefox gave with a part named "blob" whose headers
 * (which say whether it was multipart) have not come yet.
 */
const mayTakeBody = ({ event, blobParts }) =>
  waitsForItsBody(event) || (blobParts === true && !event.headers.some((h) => h.name === 'content-type'));

function giveBody(event, claim) {
  event.body = null;
  event.bodyBase64 = claim.bodyBase64;
  event.bodyTruncated = claim.truncated;
  event.bodyFromPage = true;
  delete event.bodyUnread;
}

/** Gives `event` the body its page's hooks read for it, if one is waiting. */
function takeClaim(event) {
  const waiting = liveClaims(event.tabId, Date.now());
  if (!waiting) return;
  claims.set(event.tabId, waiting);
  if (!waitsForItsBody(event)) return;
  const url = pageKey(event.url);
  const at = waiting.findIndex((c) => c.url === url && c.frameId === event.frameId);
  if (at < 0) return;
  giveBody(event, waiting.splice(at, 1)[0]);
  counts.readsTaken += 1;
}

/**
 * A body read in frame `frameId` of tab `tabId` for a request to `url`:
 * given to the held request it belongs to (written again to the log's
 * `held` store), or kept until that request comes. Returns whether it was
 * given now.
 */
/** Whether `text` is a body read in a page as the observer relays it: standard base64, not empty, within the engine's body size. */
const isPageBody = (text) => typeof text === 'string' && text.length > 0 && text.length <= MAX_CLAIM_BASE64 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

export function claimSentBody(tabId, frameId, { url, bodyBase64, truncated }) {
  counts.reads += 1;
  const refused = () => {
    counts.readsRefused += 1;
    return false;
  };
  if (!Number.isInteger(tabId) || tabId < 0 || !Number.isInteger(frameId) || !isPageBody(bodyBase64)) return refused();
  const key = pageKey(typeof url === 'string' ? cutToBytes(url, MAX_URL_BYTES).text : null);
  if (key === null) return refused();
  const claim = { url: key, frameId, bodyBase64, truncated: truncated === true, until: Date.now() + CLAIM_MS };
  for (const [requestId, record] of held) {
    const { event } = record;
    if (event.tabId !== tabId || event.frameId !== frameId || !waitsForItsBody(event) || pageKey(event.url) !== key) continue;
    giveBody(event, claim);
    holdAgain(requestId, record);
    counts.readsGiven += 1;
    return true;
  }
  const waiting = liveClaims(tabId, Date.now()) ?? [];
  waiting.push(claim);
  if (waiting.length > MAX_CLAIMS_PER_TAB) {
    const dropped = waiting.shift();
    counts.readsExpired += 1;
    note(noted.readsExpired, dropped.url);
  }
  claims.set(tabId, waiting);
  counts.readsKept += 1;
  return false;
}

// Messages of one report: the parts of a multipart body the core reads.
const MAX_SOCKET_MESSAGES = CONTRACT.shell.maxSocketMessagesPerReport;

/**
 * The event for messages a page's script sent over an open WebSocket, read
 * by the page's hooks in frame `frameId` of tab `tabId` (the browser shows
 * extensions the handshake only): `{ url, bodyBase64, truncated, count, top }`,
 * the messages one a part of a `multipart/form-data` body; `top` when the
 * observer runs in the tab's top document, which keeps frame 0 while it is
 * being left (Chromium then names it by another frame id, as frameOf says
 * of its requests). Null when the report is not one.
 */
export function socketMessagesEvent(tabId, frameId, origin, { url, bodyBase64, truncated, count, top }, time = Date.now()) {
  if (!Number.isInteger(tabId) || tabId < 0 || !Number.isInteger(frameId) || frameId < 0) return null;
  if (top !== undefined && typeof top !== 'boolean') return null;
  if (typeof url !== 'string' || !/^wss?:\/\//i.test(url)) return null;
  if (!isPageBody(bodyBase64)) return null;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SOCKET_MESSAGES || typeof truncated !== 'boolean') return null;
  return {
    type: 'request',
    time,
    tabId,
    url: cutToBytes(url, MAX_URL_BYTES).text,
    method: 'GET',
    resourceType: 'websocket',
    frameId: top === true ? 0 : frameId,
    origin: typeof origin === 'string' && origin !== 'null' ? cutToBytes(origin, MAX_URL_BYTES).text : null,
    headers: [],
    body: null,
    bodyBase64,
    bodyTruncated: truncated,
    bodyFromPage: true,
    socketMessages: count,
  };
}

/**
 * Calls `report(event)` for each request of a tab, slightly delayed. `report`
 * must log or hold the event synchronously (core.js `ingest` logs it,
 * background.js `ingestInOrder` holds it until the inventory is taken): the
 * end of this hold is written in the same batch.
 */
export function watchRequests(report) {
  // One look at the tabs serves every request with no tab that arrives
  // while it is under way (a page can send many).
  let looking = null;
  const openTabs = () => {
    looking ??= api.tabs.query({}).finally(() => {
      looking = null;
    });
    return looking;
  };
  // Requests are released at the next mark of a RELEASE_GRID_MS grid after
  // their hold: the burst of a page's load goes to the engine in one task,
  // so its log entries and the ends of its holds are written in one
  // transaction, not one per request. In order: a slot's requests as they
  // came, slots one after the other. A redirect takes the request id again
  // with a new record: both are reported, and the hold ends with the last.
  const slots = new Map();
  const releaseAt = (requestId, at) => {
    const record = held.get(requestId);
    if (!record) return;
    const slot = slotOf(at);
    let due = slots.get(slot);
    if (!due) {
      due = [];
      slots.set(slot, due);
      const run = () => {
        for (const [id, r] of due) {
          const last = held.get(id) === r;
          // Its page's read may still come (claimSentBody): held a while longer.
          if (last && mayTakeBody(r) && Date.now() - r.arrivedAt < BODY_WAIT_MS) {
            releaseAt(id, Date.now() + RELEASE_GRID_MS);
            continue;
          }
          if (last) held.delete(id);
          if (last && mayTakeBody(r)) {
            counts.releasedUnread += 1;
            note(noted.releasedUnread, r.event.url);
          }
          report(r.event);
          if (last && r.durable) release(id);
        }
      };
      // While a page loads, the slot waits for it (gate.js): the requests
      // stay held meanwhile, as they were.
      setTimeout(() => {
        slots.delete(slot);
        whenIdle(run);
      }, Math.max(0, slot - Date.now()));
    }
    due.push([requestId, record]);
  };
  api.webRequest.onBeforeSendHeaders.addListener(
    (details) => {
      if (!details.requestHeaders) return;
      const pending = untabbed.get(details.requestId);
      if (pending) {
        pending.headers = readHeaders(details.requestHeaders);
        return;
      }
      const record = held.get(details.requestId);
      if (!record) return;
      const headers = readHeaders(details.requestHeaders);
      // Most requests carry none of the headers read: nothing to write again.
      if (headers.length === 0) return;
      record.event.headers = headers;
      formBlobsUnread(record.event, record.blobParts);
      takeClaim(record.event);
      holdAgain(details.requestId, record);
    },
    { urls: ['<all_urls>'], types: HEADER_TYPES[isFirefox() ? 'firefox' : 'chrome'] },
    ['requestHeaders'],
  );
  const take = (details, tabId, headers = [], origin = senderOrigin(details)) => {
    const { body, bodyBase64, truncated, unread, blobParts } = requestBodyOf(details.requestBody);
    const event = {
      type: 'request',
      time: details.timeStamp ?? Date.now(),
      tabId,
      url: cutToBytes(details.url, MAX_URL_BYTES).text,
      method: details.method,
      resourceType: details.type,
      frameId: frameOf(details),
      origin,
      body,
      ...(bodyBase64 === null ? {} : { bodyBase64 }),
      bodyTruncated: truncated,
      ...(unread ? { bodyUnread: true } : {}),
      ...(isUnloading(details) ? { unloading: true } : {}),
      headers,
    };
    formBlobsUnread(event, blobParts);
    counts.requests += 1;
    if (event.bodyUnread || blobParts) counts.unread += 1;
    takeClaim(event);
    const arrivedAt = Date.now();
    // A redirect's new record replaces an earlier one's hold on disk.
    const durable = heldDurably(event) || held.get(details.requestId)?.durable === true;
    held.set(details.requestId, { event, arrivedAt, blobParts, durable });
    // `dueAt`: when it goes to the engine, which a woken worker orders
    // resumed holds by (behind the call record its page sent meanwhile).
    if (durable) hold(details.requestId, { event, arrivedAt, dueAt: dueAt(arrivedAt) });
    else heldInMemory(event);
    releaseAt(details.requestId, arrivedAt + HOLD_MS);
  };
  api.webRequest.onBeforeRequest.addListener(
    (details) => {
      if (details.type === 'main_frame') return;
      if (details.tabId >= 0) {
        take(details, details.tabId);
        return;
      }
      // No tab: a worker's or an extension's request, or (Firefox 133 to
      // 146) a page's keepalive fetch, which those versions send with the
      // page's document but no tab. The tab showing that page takes it, or
      // the tab that has just left it (the page's last batch).
      const page = pageOfUntabbed(details);
      if (page === null) return;
      const pending = { headers: [] };
      untabbed.set(details.requestId, pending);
      const done = () => untabbed.delete(details.requestId);
      openTabs().then(
        (tabs) => {
          done();
          const tabId = tabShowing(tabs, page) ?? tabThatLeft(page);
          // It is the top page's request (a frame's comes as frame 0).
          if (tabId !== null) take(details, tabId, pending.headers, new URL(page).origin);
        },
        done,
      );
    },
    subresourceFilter(),
    ['requestBody'],
  );
  api.webNavigation.onCommitted.addListener((details) => {
    if (details.frameId === 0 && details.tabId >= 0) notePageShown(details.tabId, details.url, details.timeStamp ?? Date.now());
  });
  api.webNavigation.onHistoryStateUpdated.addListener((details) => {
    if (details.frameId === 0 && details.tabId >= 0) notePageShown(details.tabId, details.url, details.timeStamp ?? Date.now(), { history: true });
  });
  api.tabs.onRemoved.addListener((tabId) => {
    notePageClosed(tabId);
    claims.delete(tabId);
  });
}

// Server addresses: the `ip` the browser reports when a response starts
// (webRequest, both browsers), once per tab, origin and address. The core
// keeps the country it is registered in and drops the address; nothing
// else ever sees it. Cached responses report no address.
const MAX_ADDRESSES_REMEMBERED = 2000;
// The scheme and authority a URL starts with: a response from an origin
// already reported is passed over without parsing its URL (most of a heavy
// page's responses).
const ORIGIN_PART = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** Calls `report(event)` with a `serverAddress` event for each new (tab, origin, address). */
export function watchServerAddresses(report, { override = null } = {}) {
  const addressesSent = new Set();
  api.webRequest.onResponseStarted.addListener(
    (details) => {
      if (details.tabId < 0 || details.type === 'main_frame' || details.fromCache) return;
      const start = ORIGIN_PART.exec(details.url)?.[0];
      if (!start) return;
      const key = `${details.tabId}|${start}|${details.ip ?? ''}`;
      if (addressesSent.has(key)) return;
      if (addressesSent.size >= MAX_ADDRESSES_REMEMBERED) addressesSent.clear();
      addressesSent.add(key);
      let url;
      try {
        url = new URL(details.url);
      } catch {
        return;
      }
      const ip = override?.(url.hostname) ?? details.ip;
      if (typeof ip !== 'string' || ip === '') return;
      report({
        type: 'serverAddress',
        time: details.timeStamp ?? Date.now(),
        tabId: details.tabId,
        url: cutToBytes(`${url.origin}/`, MAX_URL_BYTES).text,
        ip,
      });
    },
    subresourceFilter(),
  );
}
