// The reports of the main world, sent over the bridge: a network call with
// the scripts on its stack, a replaced native with the script that replaced
// it where known, and a worker started by the page. Reporting never changes
// what the page sees.

import { NativeURL, theDocument, win } from './captured-web.js';
import { ReflectConstruct } from './captured.js';
import { post } from './bridge.js';
import { admitCall, admitReplacementReport } from './budget.js';
import { captureStackUrls } from './call-stack.js';
import { callerStack } from './replacement.js';
import { call, ownGetter } from './objects.js';
import { capText, socketUrl, startsWith } from './text.js';

const urlHref = ownGetter(NativeURL.prototype, 'href');
const baseUri = ownGetter(win.Node?.prototype, 'baseURI');

/** `text` resolved against the document's base URL, capped; as written when it is no URL. */
export function absoluteUrl(text) {
  try {
    const base = baseUri ? call(baseUri, theDocument, []) : undefined;
    return capText(call(urlHref, ReflectConstruct(NativeURL, [text, base]), []));
  } catch {
    return capText(text);
  }
}

/** http(s) and ws(s) URLs; written without array methods a page could replace. */
function reachesNetwork(url) {
  return startsWith(url, 'https:') || startsWith(url, 'http:') || startsWith(url, 'wss:') || startsWith(url, 'ws:');
}

/** The guarded property each reported api goes through (replacement.js). */
const GUARDED_API = { __proto__: null, fetch: 'fetch', xhr: 'XMLHttpRequest.send' };

/**
 * Reports a call; `boundary` is the name of the wrapper the page called.
 * Returns the script URLs of the call's stack, or null when not reported.
 */
export function reportCall(api, url, method, boundary) {
  try {
    const absolute = api === 'websocket' ? socketUrl(absoluteUrl(url)) : absoluteUrl(url);
    // Only calls that reach the network can be paired with the browser's
    // record of a request: `data:` and `blob:` calls cost nothing to make, so
    // a page could otherwise spend the budget on them to hide real calls.
    if (!reachesNetwork(absolute)) return null;
    if (!admitCall()) return null;
    const stack = captureStackUrls(boundary);
    const reported = GUARDED_API[api] === undefined ? stack : callerStack(GUARDED_API[api], stack);
    post({ __proto__: null, kind: 'call', api, url: absolute, method: capText(method), stack: reported });
    return stack;
  } catch {
    // Reporting must never change what the page sees.
    return null;
  }
}

const replacementsReported = { __proto__: null };

/** Reports, once, that `api` was replaced `by` a script (or null) `when` (before or after the hooks). */
export function reportReplaced(api, by, when) {
  const key = `${api}|${when}|${by}`;
  if (replacementsReported[key] === true || !admitReplacementReport()) return;
  replacementsReported[key] = true;
  post({ __proto__: null, kind: 'nativeReplaced', api, by, when });
}

let workerReported = false;

/** Reports, once per page, that the page started a dedicated worker. */
export function reportWorker() {
  if (workerReported) return;
  workerReported = true;
  try {
    post({ __proto__: null, kind: 'worker' });
  } catch {
    // Reporting must never change what the page sees.
  }
}
