// Native-looking wrappers. Function.prototype.toString answers for each
// wrapper with its native's source (or, for accessors that have no native,
// with a native-looking text), through a WeakMap the page cannot reach.

import { FunctionToString, NativeWeakMap, WeakMapGet, WeakMapSet } from './captured.js';
import { call, defineValue } from './objects.js';

const disguises = new NativeWeakMap();

/** Makes `wrapper`'s source read as `nativeOrSource`'s (a function, or a source text). */
export function disguise(wrapper, nativeOrSource) {
  call(WeakMapSet, disguises, [wrapper, nativeOrSource]);
}

/** The source text of `fn` as the native toString gives it, or null. */
export function sourceOf(fn) {
  try {
    return call(FunctionToString, fn, []);
  } catch {
    return null;
  }
}

/** Replaces Function.prototype.toString with one that keeps the disguises. */
export function installToString() {
  const toStringWrapper = {
    toString() {
      const disguised = call(WeakMapGet, disguises, [this]);
      if (typeof disguised === 'string') return disguised;
      return call(FunctionToString, disguised === undefined ? this : disguised, []);
    },
  }.toString;
  disguise(toStringWrapper, FunctionToString);
  defineValue(Function.prototype, 'toString', toStringWrapper, true, false, true);
}
