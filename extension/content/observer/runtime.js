// Messages to Vigie's background. The background adds the tab and page URL
// from the browser's own record of the sender, and the core judges.
//
// The main world's reports (a network call each: dozens while a heavy page
// loads) travel together: each `runtime.sendMessage` opens a channel to the
// background, about half a millisecond of the page's main thread, so those
// sent within CONTRACT's `reportBatchMs` of the first go as one
// `vigie:batch`, at most `maxReportBatch` at a time. While the page loads,
// its main thread is at its busiest: reports then wait until its load event
// has ended, or half of `requestHoldMs` at most. Both delays are below the
// time the background holds a request for its call record
// (`requestHoldMs`). Any other message first sends what waits, so that the
// background receives everything in the order it happened; and once the
// page is hidden or leaving (a beacon sent at unload, timers throttled or
// frozen), reports go at once.

import contract from '../../../src/contract.json' with { type: 'json' };

const api = globalThis.browser ?? globalThis.chrome;
const BATCH_MS = contract.shell.reportBatchMs;
const MAX_BATCH = contract.shell.maxReportBatch;
const LOAD_WAIT_MS = contract.shell.requestHoldMs / 2;

let waiting = [];
let timer = null;
let atOnce = false;

/** Whether this frame can reach Vigie's background at all. */
export function runtimeAvailable() {
  return Boolean(api?.runtime?.id);
}

function sendNow(message) {
  try {
    const pending = api.runtime.sendMessage(message);
    // Chrome and Firefox return a promise; a stopped background or a
    // reloaded extension rejects it, which is not the page's business.
    if (pending && typeof pending.catch === 'function') pending.catch(() => {});
  } catch {
    // The extension context was invalidated (Vigie updated or reloaded).
  }
}

/** Sends the reports that wait, if any. */
export function flush() {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (waiting.length === 0) return;
  const messages = waiting;
  waiting = [];
  sendNow(messages.length === 1 ? messages[0] : { type: 'vigie:batch', messages });
}

/** Sends `message`, expecting no answer. */
export function send(message) {
  flush();
  sendNow(message);
}

/** Sends `message` with the reports sent within the next few milliseconds. */
export function sendSoon(message) {
  if (atOnce) {
    send(message);
    return;
  }
  waiting.push(message);
  if (waiting.length >= MAX_BATCH) flush();
  else timer ??= setTimeout(flush, loading() ? untilLoaded() : BATCH_MS);
}

/** Whether this frame's document is still loading (its load event not yet fired). */
function loading() {
  const state = globalThis.document?.readyState;
  return state === 'loading' || state === 'interactive';
}

let loadWatched = false;

/**
 * What waits is sent once the load event has ended (a task after it, so
 * not within it); returns the longest wait, for a load that never ends.
 */
function untilLoaded() {
  if (!loadWatched && typeof globalThis.addEventListener === 'function') {
    loadWatched = true;
    globalThis.addEventListener('load', () => setTimeout(flush, 0), { once: true });
  }
  return LOAD_WAIT_MS;
}

/** Sends `message`; resolves to the answer, or null when there is none. */
export function ask(message) {
  flush();
  try {
    const pending = api.runtime.sendMessage(message);
    return pending && typeof pending.then === 'function' ? pending.catch(() => null) : Promise.resolve(null);
  } catch {
    return Promise.resolve(null);
  }
}

/**
 * From now on, reports go as they come while the page is hidden or leaving;
 * batched again once it is shown. Registered at document_start, in the
 * capture phase: before any listener of the page's, which may send a last
 * beacon from its own.
 */
export function watchPageLife(target = globalThis) {
  const hidden = () => {
    flush();
    atOnce = true;
  };
  const shown = () => {
    atOnce = false;
  };
  target.addEventListener('pagehide', hidden, true);
  target.addEventListener('pageshow', shown, true);
  const document = target.document;
  if (!document) return;
  // A frozen page runs no timer until it resumes (Chromium's page lifecycle).
  document.addEventListener('freeze', hidden, true);
  document.addEventListener('resume', shown, true);
  document.addEventListener(
    'visibilitychange',
    () => (document.visibilityState === 'hidden' ? hidden() : shown()),
    true,
  );
}
