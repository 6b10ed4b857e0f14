// Native-looking wrappers. Function.prototype.toString answers for each
// wrapper with its native's source (or, for accessors that have no native,
// with a native-looking text), through a WeakMap the page cannot reach.
//
// Every frame of a page has its own realm, its own copy of this script and
// its own toString, and a page can ask one frame's toString about another
// frame's wrapper. Every copy is the same bundle, so a wrapper's real
// source is the same text in every frame: each copy also keeps the answer
// for its wrappers' sources, and gives it for any function whose source is
// one of them.

import { scrubbed } from './call-stack.js';
import { FunctionToString, NativeWeakMap, ReflectDefineProperty, WeakMapGet, WeakMapSet } from './captured.js';
import { call, defineValue, ownDescriptor, ownGetter } from './objects.js';

const disguises = new NativeWeakMap();
const answersBySource = { __proto__: null };

/** The source text of `fn` as the native toString gives it, or null. */
export function sourceOf(fn) {
  try {
    return call(FunctionToString, fn, []);
  } catch {
    return null;
  }
}

/** Makes `wrapper`'s source read as `nativeOrSource`'s (a function, or a source text). */
export function disguise(wrapper, nativeOrSource) {
  call(WeakMapSet, disguises, [wrapper, nativeOrSource]);
  const own = sourceOf(wrapper);
  const answer = typeof nativeOrSource === 'string' ? nativeOrSource : sourceOf(nativeOrSource);
  if (own !== null && answer !== null) answersBySource[own] = answer;
}

// In V8, constructors such as WebSocket are built-ins that answer `caller`
// and `arguments` with null, where a JavaScript function in strict code
// throws (SpiderMonkey throws for both). Function.prototype's two accessors
// answer null for the wrappers that stand for such a native, as for the
// native itself.
const nullCallerSources = { __proto__: null };

/** Marks `wrapper` as answering `caller` and `arguments` as `native` does, when that is null. */
export function answersNullCaller(wrapper, native) {
  const getter = ownGetter(Function.prototype, 'caller');
  let answer;
  try {
    answer = typeof getter === 'function' ? call(getter, native, []) : undefined;
  } catch {
    return;
  }
  const own = sourceOf(wrapper);
  if (answer === null && own !== null) nullCallerSources[own] = true;
}

function callerOrArguments(self, nativeGet) {
  if (typeof self === 'function' && nullCallerSources[sourceOf(self)] === true) return null;
  try {
    return call(nativeGet, self, []);
  } catch (error) {
    throw scrubbed(error);
  }
}

/** Replaces Function.prototype's `caller` and `arguments` getters; each has its own source. */
function wrapCallerAccessors() {
  const caller = ownDescriptor(Function.prototype, 'caller');
  const args = ownDescriptor(Function.prototype, 'arguments');
  if (caller === undefined || args === undefined || typeof caller.get !== 'function' || typeof args.get !== 'function') return;
  const nativeCaller = caller.get;
  const nativeArguments = args.get;
  const accessors = {
    get caller() {
      return callerOrArguments(this, nativeCaller);
    },
    get arguments() {
      return callerOrArguments(this, nativeArguments);
    },
  };
  caller.get = ownGetter(accessors, 'caller');
  args.get = ownGetter(accessors, 'arguments');
  disguise(caller.get, nativeCaller);
  disguise(args.get, nativeArguments);
  ReflectDefineProperty(Function.prototype, 'caller', caller);
  ReflectDefineProperty(Function.prototype, 'arguments', args);
}

/** Replaces Function.prototype.toString with one that keeps the disguises. */
export function installToString() {
  const toStringWrapper = {
    toString() {
      const disguised = call(WeakMapGet, disguises, [this]);
      if (typeof disguised === 'string') return disguised;
      let source;
      try {
        source = call(FunctionToString, disguised === undefined ? this : disguised, []);
      } catch (error) {
        throw scrubbed(error);
      }
      if (disguised !== undefined) return source;
      const answer = answersBySource[source];
      return typeof answer === 'string' ? answer : source;
    },
  }.toString;
  disguise(toStringWrapper, FunctionToString);
  defineValue(Function.prototype, 'toString', toStringWrapper, true, false, true);
  wrapCallerAccessors();
}
