// Replaced natives: fetch, XMLHttpRequest open/send, Response
// json/text/arrayBuffer/blob and JSON.parse (where a page's code reads what
// the site answers) replaced by another script, with the script that replaced them where the
// stack tells it (the "response interception" pattern of harvesters).
// Before Vigie's hooks: another extension's world-MAIN script can run
// before this one. After them: any page or extension script.

import { win } from './captured-web.js';
import { every } from './later.js';
import { NativeError, ReflectConstruct } from './captured.js';
import { calledAs, captureStackUrls, framesNow, framesOfError, selfUrl } from './call-stack.js';
import { sourceOf } from './disguise.js';
import { call, newList, ownDescriptor, ownValue, push } from './objects.js';
import { STACK_CUT, STACK_PAGE_CODE, readableFrames } from './stack.js';
import { reportReplaced } from './reports.js';
import { exec, looksNative } from './text.js';

// ---- replacements made before Vigie's hooks --------------------------------

// Who replaced a native before the hooks: the replacement is called so
// that the native under it fails from within it (an input whose string
// conversion throws, or a receiver of the wrong type), and the frames of
// that failure name its script. Nothing reaches the network.
const EXTENSION_FRAME = /^(?:chrome|moz)-extension:\/\//;
function extensionIn(frames) {
  for (let i = 0; i < frames.length; i++) {
    const url = frames[i]?.url;
    if (typeof url === 'string' && url !== selfUrl && exec(EXTENSION_FRAME, url) !== null) return url;
  }
  return null;
}
function extensionInError(error) {
  try {
    return extensionIn(framesOfError(error));
  } catch {
    return null;
  }
}
/** Calls `done(scriptUrl | null)` once the replacement has shown its frames. */
function probeReplacer(api, replacement, done) {
  let found = null;
  const probe = {
    __proto__: null,
    toString() {
      found = extensionIn(framesNow());
      throw ReflectConstruct(NativeError, []);
    },
  };
  let result;
  try {
    result = api === 'fetch' ? call(replacement, win, [probe]) : call(replacement, probe, []);
  } catch (error) {
    done(found ?? extensionInError(error));
    return;
  }
  const thenable = result !== null && typeof result === 'object' && typeof result.then === 'function';
  if (!thenable) {
    done(found);
    return;
  }
  // Promise-returning natives reject rather than throw; the error was
  // still made under the replacement's frame.
  call(result.then, result, [() => done(found), (error) => done(found ?? extensionInError(error))]);
}

/** Reports the guarded natives that are no longer native when Vigie loads. Runs once, before the hooks. */
export function reportEarlyReplacements() {
  const GUARDED = [
    { api: 'fetch', holder: win, key: 'fetch' },
    { api: 'XMLHttpRequest.open', holder: win.XMLHttpRequest?.prototype, key: 'open' },
    { api: 'XMLHttpRequest.send', holder: win.XMLHttpRequest?.prototype, key: 'send' },
    { api: 'Response.json', holder: win.Response?.prototype, key: 'json' },
    { api: 'Response.text', holder: win.Response?.prototype, key: 'text' },
    { api: 'Response.arrayBuffer', holder: win.Response?.prototype, key: 'arrayBuffer' },
    { api: 'Response.blob', holder: win.Response?.prototype, key: 'blob' },
    { api: 'JSON.parse', holder: win.JSON, key: 'parse' },
  ];
  for (let i = 0; i < GUARDED.length; i++) {
    const { api, holder, key } = GUARDED[i];
    if (!holder) continue;
    const current = ownValue(holder, key);
    if (typeof current !== 'function' || looksNative(sourceOf(current), key)) continue;
    try {
      probeReplacer(api, current, (by) => reportReplaced(api, by, 'beforeHooks'));
    } catch {
      reportReplaced(api, null, 'beforeHooks');
    }
  }
}

// ---- replacements made after Vigie's hooks ---------------------------------
// The guarded properties stay data properties, as the natives' are (an
// accessor that saw each assignment would show in their descriptors), so
// a replacement is seen in two ways: every few seconds, by comparing each
// property with what Vigie left there; and at once when a call reaches
// Vigie's wrapper while the property holds something else. That call may
// come through the replacement, as interceptors do; or from a script that
// kept the wrapper before the property was replaced (an SDK, another
// extension's main-world script), which replaced nothing. The innermost
// script on its stack is named only when V8 shows that script's function
// is the property's value (call-stack.js, calledAs), and that another
// script called it (as pages call fetch); otherwise it is reported as a
// caller only, which can tell the site's own wrapper from another's but
// names nobody. A caller-only report is made once for each value the
// property takes, and ends nothing: a later call shown to come through the
// replacement still names it, and a value put there since is reported.

const RECHECK_MS = 3000;
const watched = newList();
const replacedApis = { __proto__: null };

/** A report that settles `api` for this page: its author, or nobody known. */
function report(api, by) {
  if (replacedApis[api] === true) return;
  replacedApis[api] = true;
  reportReplaced(api, by, 'afterHooks');
}

/**
 * The stack to report for a call of `api`: when the page's property holds a
 * replacement and the replacement's frame is the only one with a script
 * URL, the platform or unreadable code called it (a timer, a promise
 * reaction, an event listener, a string run as code): whoever wrote the
 * replacement did not start the call, and nobody is known.
 */
export function callerStack(api, stack) {
  if (readableFrames !== 1) return stack;
  for (let i = 0; i < watched.length; i++) {
    const entry = watched[i];
    if (entry.api === api && replaced(entry)) return newList();
  }
  return stack;
}

function replaced(entry) {
  const descriptor = ownDescriptor(entry.holder, entry.key);
  return descriptor === undefined || descriptor.value !== entry.installed;
}

/**
 * Called by the wrapper named `boundary` with its call's stack (captured
 * here when not given): if the page's property no longer holds the
 * wrapper, the call came through what holds it now, or from a script that
 * kept the wrapper. Its caller is named as the replacement's author only
 * when its function is the property's value as V8 finds it, and a script
 * called it; else it is reported as `callThrough`.
 */
export function noticeCallThrough(api, boundary, stack) {
  if (replacedApis[api] === true) return;
  for (let i = 0; i < watched.length; i++) {
    const entry = watched[i];
    if (entry.api !== api || !replaced(entry)) continue;
    const urls = stack ?? captureStackUrls(boundary);
    const caller = urls.length > 0 && urls[0] !== STACK_PAGE_CODE && urls[0] !== STACK_CUT ? urls[0] : null;
    const calledByScript = urls.length > 1 && urls[1] !== STACK_CUT;
    // The first frame outside Vigie's must be that script's own: a frame
    // with no script URL (code a page ran from a string) could hold the
    // function V8 reads.
    if (caller !== null && calledByScript && calledAs(entry.key, caller)) {
      report(api, caller);
      return;
    }
    const value = ownValue(entry.holder, entry.key);
    if (entry.callerOnly === value) return;
    entry.callerOnly = value;
    if (admitCallerOnly()) reportReplaced(api, caller, 'callThrough');
  }
}

const MAX_CALLER_ONLY = 8;
let callerOnlyReports = 0;
/** A page swapping its property in a loop gets a few caller-only reports. */
function admitCallerOnly() {
  if (callerOnlyReports >= MAX_CALLER_ONLY) return false;
  callerOnlyReports++;
  return true;
}

/**
 * Guards fetch, XMLHttpRequest open/send (as `wrapped` holds them: Vigie's
 * wrappers, or the natives where a wrapper could not be installed),
 * Response json/text/arrayBuffer/blob and JSON.parse. Runs once, after the
 * hooks.
 */
export function guardReplacements(wrapped) {
  const add = (api, holder, key, installed) => {
    if (holder && typeof installed === 'function') push(watched, { __proto__: null, api, holder, key, installed, callerOnly: undefined });
  };
  add('fetch', win, 'fetch', wrapped.fetch);
  const xhrPrototype = win.XMLHttpRequest?.prototype;
  add('XMLHttpRequest.open', xhrPrototype, 'open', wrapped.open);
  add('XMLHttpRequest.send', xhrPrototype, 'send', wrapped.send);
  const responsePrototype = win.Response?.prototype;
  if (responsePrototype) {
    add('Response.json', responsePrototype, 'json', ownValue(responsePrototype, 'json'));
    add('Response.text', responsePrototype, 'text', ownValue(responsePrototype, 'text'));
    add('Response.arrayBuffer', responsePrototype, 'arrayBuffer', ownValue(responsePrototype, 'arrayBuffer'));
    add('Response.blob', responsePrototype, 'blob', ownValue(responsePrototype, 'blob'));
  }
  if (win.JSON) add('JSON.parse', win.JSON, 'parse', ownValue(win.JSON, 'parse'));
  if (watched.length === 0) return;
  every(RECHECK_MS, () => {
    for (let i = 0; i < watched.length; i++) {
      const entry = watched[i];
      // A value already reported by a caller only (perhaps the site's own
      // wrapper) is not reported again as nobody's.
      if (replacedApis[entry.api] !== true && replaced(entry) && entry.callerOnly !== ownValue(entry.holder, entry.key)) {
        report(entry.api, null);
      }
    }
  });
}
