// Built-ins a page can replace to run its own code from another script's
// callback. An extension's world-MAIN code that calls `performance.now()`
// or pushes to an array in its own callback would run whatever the page put
// there, with the extension's frame below it: and a function the page
// bound (`navigator.sendBeacon.bind(…)`) leaves no frame of its own at all.
// So a stack that names an extension as where a call started proves
// nothing once the page has replaced what such code calls. The built-ins
// below, as they were once Vigie's hooks were in place, are compared with
// what is there at each reported call: any replaced, shadowed or turned
// into an accessor, and the stack says page code may be on it
// (call-stack.js). Not every function an extension may call is listed; the
// README says so.

import { ReflectGetOwnPropertyDescriptor } from './captured.js';
import { theDocument, win } from './captured-web.js';
import { newList, ownValue, push } from './objects.js';
import { indexOf, slice } from './text.js';

const WATCHED = [
  ['performance', ['now']],
  ['Performance.prototype', ['now']],
  ['Date', ['now']],
  ['Math', ['random']],
  ['JSON', ['stringify', 'parse']],
  ['Reflect', ['apply', 'construct']],
  ['Object', ['keys', 'values', 'entries', 'assign', 'defineProperty', 'freeze']],
  ['Function.prototype', ['call', 'apply', 'bind']],
  ['Array.prototype', ['push', 'pop', 'shift', 'unshift', 'splice', 'slice', 'concat', 'join', 'map', 'forEach', 'filter', 'reduce', 'indexOf', 'includes', 'find', 'findIndex', 'some', 'every', 'sort']],
  ['Promise', ['resolve', 'all']],
  ['Promise.prototype', ['then', 'catch', 'finally']],
  ['String.prototype', ['split', 'replace', 'indexOf', 'slice', 'substring', 'toLowerCase', 'toUpperCase', 'trim', 'includes', 'startsWith', 'match']],
  ['Map.prototype', ['get', 'set', 'has', 'delete']],
  ['Set.prototype', ['add', 'has', 'delete']],
  ['console', ['log', 'info', 'warn', 'error', 'debug']],
  ['window', ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback', 'postMessage']],
  ['EventTarget.prototype', ['addEventListener', 'removeEventListener', 'dispatchEvent']],
  ['document', ['querySelector', 'querySelectorAll', 'getElementById', 'createElement']],
  ['Document.prototype', ['querySelector', 'querySelectorAll', 'getElementById', 'createElement']],
  ['Element.prototype', ['querySelector', 'querySelectorAll', 'getAttribute', 'setAttribute', 'closest', 'matches']],
  ['Node.prototype', ['appendChild', 'insertBefore', 'removeChild', 'contains']],
];

/**
 * The holder a WATCHED name stands for, or undefined. Read once, before any
 * page script ran: plain property reads (`performance` and `document` are
 * accessors of the window) cannot run page code yet.
 */
function holderOf(name) {
  if (name === 'window') return win;
  if (name === 'document') return theDocument;
  let value = win;
  let start = 0;
  while (value !== undefined && value !== null) {
    let end = indexOf(name, '.', start);
    if (end < 0) end = name.length;
    value = value[slice(name, start, end)];
    if (end === name.length) return value;
    start = end + 1;
  }
  return undefined;
}

/** [holder, key, had an own property, its value] for each watched built-in, as it is now. */
let baseline = null;

/** Records the built-ins as they are: called once Vigie's own hooks are in place. */
export function recordBuiltins() {
  try {
    const list = newList();
    for (let i = 0; i < WATCHED.length; i++) {
      const holder = holderOf(WATCHED[i][0]);
      if (holder === undefined || holder === null) continue;
      const keys = WATCHED[i][1];
      for (let k = 0; k < keys.length; k++) {
        const own = ReflectGetOwnPropertyDescriptor(holder, keys[k]);
        push(list, [holder, keys[k], own !== undefined, own === undefined ? undefined : ownValue(own, 'value')]);
      }
    }
    baseline = list;
  } catch {
    baseline = null;
  }
}

/**
 * Whether any watched built-in differs from what recordBuiltins saw. Never
 * throws. Runs at every reported call: two lookups per built-in, no more.
 * A descriptor the engine makes has `value` as an own data property when
 * it describes a data property, and none when it describes an accessor,
 * so the descriptor of its `value` field tells both at once.
 */
export function builtinsReplaced() {
  const list = baseline;
  if (list === null) return false;
  try {
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      const own = ReflectGetOwnPropertyDescriptor(entry[0], entry[1]);
      if (own === undefined) {
        if (entry[2]) return true;
        continue;
      }
      if (!entry[2]) return true;
      const value = ReflectGetOwnPropertyDescriptor(own, 'value');
      if (value === undefined || value.value !== entry[3]) return true;
    }
    return false;
  } catch {
    return true;
  }
}
