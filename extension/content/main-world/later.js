// Vigie's own delays in the page's world. setTimeout and setInterval number
// their timers per window, across worlds: a timer of Vigie's started before
// the page's first would shift the numbers the page's own timers get, which
// a page can read (tests/e2e/probes.test.mjs). AbortSignal.timeout waits
// without a number; setTimeout only where it is missing.

import { AbortSignalTimeout, EventTargetAddListener, NativeAbortSignal, NativeSetTimeout, win } from './captured-web.js';
import { call } from './objects.js';

/** Runs `fn` once, `ms` from now; what it throws goes nowhere the page sees. */
export function later(ms, fn) {
  const run = () => {
    try {
      fn();
    } catch {
      // An error thrown from a listener would reach the page's onerror.
    }
  };
  if (typeof AbortSignalTimeout === 'function' && typeof EventTargetAddListener === 'function') {
    try {
      const signal = call(AbortSignalTimeout, NativeAbortSignal, [ms]);
      call(EventTargetAddListener, signal, ['abort', run, { __proto__: null, once: true }]);
      return;
    } catch {
      // Below.
    }
  }
  call(NativeSetTimeout, win, [run, ms]);
}

/** Runs `fn` every `ms`, each run timed from the end of the last. */
export function every(ms, fn) {
  const tick = () => {
    later(ms, tick);
    fn();
  };
  later(ms, tick);
}
