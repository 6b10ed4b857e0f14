// The network ground truth: requests leaving the tabs, from webRequest
// (non-blocking). A page cannot forge these. Bodies are decoded and capped
// here, before they enter the core.

const api = globalThis.browser ?? globalThis.chrome;

export const MAX_BODY_BYTES = 64 * 1024;
// Main-world call records and gestures travel page → isolated world →
// background; holding requests this long lets them arrive first.
const HOLD_MS = 300;

function bodyText(requestBody) {
  if (!requestBody) return { body: null, truncated: false };
  if (requestBody.formData) {
    const text = new URLSearchParams(
      Object.entries(requestBody.formData).flatMap(([k, values]) => values.map((v) => [k, v])),
    ).toString();
    return { body: text.slice(0, MAX_BODY_BYTES), truncated: text.length > MAX_BODY_BYTES };
  }
  if (Array.isArray(requestBody.raw)) {
    const chunks = [];
    let size = 0;
    let truncated = false;
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
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    // Binary bodies decode to replacement characters: harmless to the matcher.
    let text = new TextDecoder('utf-8', { fatal: false }).decode(all);
    // A multi-byte character cut at the cap can grow the text: cap again.
    while (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) text = text.slice(0, -1);
    return { body: text, truncated };
  }
  return { body: null, truncated: false };
}

// The request headers Vigie reads. LinkedIn's own client sends x-li-track
// and x-li-page-instance with its API calls; scrapers often leave them out.
const WATCHED_HEADERS = new Set(['csrf-token', 'x-restli-protocol-version', 'x-li-track', 'x-li-page-instance', 'x-li-lang', 'accept', 'content-type']);
const MAX_HEADER_VALUE = 512;

// Requests held for HOLD_MS, by request id, so that their headers (which
// come in a later event) join them.
const held = new Map();

/** Calls `report(event)` for each request of a tab, slightly delayed. */
export function watchRequests(report) {
  api.webRequest.onBeforeSendHeaders.addListener(
    (details) => {
      const event = held.get(details.requestId);
      if (!event || !details.requestHeaders) return;
      event.headers = details.requestHeaders
        .filter((h) => WATCHED_HEADERS.has(h.name.toLowerCase()) && typeof h.value === 'string')
        .map((h) => ({ name: h.name.toLowerCase(), value: h.value.slice(0, MAX_HEADER_VALUE) }));
    },
    { urls: ['<all_urls>'] },
    ['requestHeaders'],
  );
  api.webRequest.onBeforeRequest.addListener(
    (details) => {
      if (details.tabId < 0 || details.type === 'main_frame') return;
      const { body, truncated } = bodyText(details.requestBody);
      const event = {
        type: 'request',
        time: details.timeStamp ?? Date.now(),
        tabId: details.tabId,
        url: details.url.slice(0, 8192),
        method: details.method,
        resourceType: details.type,
        body,
        bodyTruncated: truncated,
        headers: [],
      };
      held.set(details.requestId, event);
      setTimeout(() => {
        held.delete(details.requestId);
        report(event);
      }, HOLD_MS);
    },
    { urls: ['<all_urls>'] },
    ['requestBody'],
  );
}
