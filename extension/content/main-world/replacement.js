// Replaced natives: fetch, XMLHttpRequest open/send and Response json/text
// replaced by another script, with the script that replaced them where the
// stack tells it (the "response interception" pattern of harvesters).
// Before Vigie's hooks: another extension's world-MAIN script can run
// before this one. After them: any page or extension script.

import { NativeSetInterval, win } from './captured-web.js';
import { NativeError, ReflectConstruct, ReflectDefineProperty, ReflectGetOwnPropertyDescriptor } from './captured.js';
import { captureStackUrls, framesNow, framesOfError, selfUrl } from './call-stack.js';
import { disguise, sourceOf } from './disguise.js';
import { call, defineValue, isObject, newList, ownDescriptor, ownGetter, ownValue, push } from './objects.js';
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
  ];
  for (let i = 0; i < GUARDED.length; i++) {
    const { api, holder, key } = GUARDED[i];
    if (!holder) continue;
    const current = ownValue(holder, key);
    if (looksNative(sourceOf(current), key)) continue;
    try {
      probeReplacer(api, current, (by) => reportReplaced(api, by, 'beforeHooks'));
    } catch {
      reportReplaced(api, null, 'beforeHooks');
    }
  }
}

// ---- replacements made after Vigie's hooks ---------------------------------
// Each guarded property becomes an accessor on the same object, with the
// same enumerable/configurable flags: the getter returns the current
// value, so pages keep working; the setter stores the new one and reports
// it with the assigning script. Assigning on another receiver (an XHR
// instance, a subclass prototype) creates an own property there, as
// assignment to the original data property would.

const watchedAccessors = newList();

function guardReplacement(api, holder, key, initial) {
  const original = ownDescriptor(holder, key);
  if (!original || original.value !== initial || original.configurable !== true) return;
  let current = initial;
  const accessors = {
    get [key]() {
      return current;
    },
    set [key](value) {
      if (this !== holder) {
        if (isObject(this)) defineValue(this, key, value, true, true, true);
        return;
      }
      current = value;
      if (value !== initial) reportReplaced(api, captureStackUrls(`set ${key}`)[0] ?? null, 'afterHooks');
    },
  };
  const getter = ownGetter(accessors, key);
  const setter = ownValue(ReflectGetOwnPropertyDescriptor(accessors, key), 'set');
  disguise(getter, `function get ${key}() { [native code] }`);
  disguise(setter, `function set ${key}() { [native code] }`);
  const installed = ReflectDefineProperty(holder, key, {
    __proto__: null,
    get: getter,
    set: setter,
    enumerable: original.enumerable === true,
    configurable: true,
  });
  if (installed) push(watchedAccessors, { __proto__: null, api, holder, key, getter });
}

// Object.defineProperty (or delete) goes around the setter: check every
// few seconds that each accessor is still Vigie's, and report once per api.
const RECHECK_MS = 3000;
const bypassReported = { __proto__: null };

/**
 * Guards fetch, XMLHttpRequest open/send (as `wrapped` holds them: Vigie's
 * wrappers, or the natives where a wrapper could not be installed) and
 * Response json/text. Runs once, after the hooks.
 */
export function guardReplacements(wrapped) {
  guardReplacement('fetch', win, 'fetch', wrapped.fetch);
  const xhrPrototype = win.XMLHttpRequest?.prototype;
  if (xhrPrototype) {
    guardReplacement('XMLHttpRequest.open', xhrPrototype, 'open', wrapped.open);
    guardReplacement('XMLHttpRequest.send', xhrPrototype, 'send', wrapped.send);
  }
  const responsePrototype = win.Response?.prototype;
  if (responsePrototype) {
    guardReplacement('Response.json', responsePrototype, 'json', ownValue(responsePrototype, 'json'));
    guardReplacement('Response.text', responsePrototype, 'text', ownValue(responsePrototype, 'text'));
  }
  if (watchedAccessors.length > 0) {
    call(NativeSetInterval, win, [
      () => {
        for (let i = 0; i < watchedAccessors.length; i++) {
          const watched = watchedAccessors[i];
          if (bypassReported[watched.api] === true) continue;
          if (ownGetter(watched.holder, watched.key) === watched.getter) continue;
          bypassReported[watched.api] = true;
          reportReplaced(watched.api, null, 'afterHooks');
        }
      },
      RECHECK_MS,
    ]);
  }
}
