// Lists and objects that page code cannot reach into, and property reads
// and writes that never run a page's getter or setter. Arrays and objects
// Vigie builds have a null prototype, so setters a page puts on
// Array.prototype or Object.prototype are never called with Vigie's data.

import {
  DateNow,
  NativePromise,
  PromiseThen,
  ReflectApply,
  ReflectDefineProperty,
  ReflectGetOwnPropertyDescriptor,
  ReflectSetPrototypeOf,
  SymbolSpecies,
} from './captured.js';

export const call = (fn, self, args) => ReflectApply(fn, self, args);
export const now = () => call(DateNow, undefined, []);
export const isObject = (value) => (typeof value === 'object' && value !== null) || typeof value === 'function';

/** An empty array with no prototype: writing to it never reaches a setter. */
export function newList() {
  const list = [];
  ReflectSetPrototypeOf(list, null);
  return list;
}

export function push(list, value) {
  list[list.length] = value;
}

/** A copy of an arguments object (no iterator, no prototype). */
export function listOf(args) {
  const list = newList();
  for (let i = 0; i < args.length; i++) list[i] = args[i];
  return list;
}

/**
 * The value of an own data property, without running a getter anywhere:
 * even `descriptor.value` is read as an own field, since for an accessor
 * it would fall through to Object.prototype, where a page can put one.
 */
export function ownValue(object, key) {
  const descriptor = ReflectGetOwnPropertyDescriptor(object, key);
  const field = descriptor === undefined ? undefined : ReflectGetOwnPropertyDescriptor(descriptor, 'value');
  return field === undefined ? undefined : field.value;
}

export function ownGetter(object, key) {
  const descriptor = object ? ReflectGetOwnPropertyDescriptor(object, key) : undefined;
  return descriptor === undefined ? undefined : ownValue(descriptor, 'get');
}

/** A descriptor copied field by field into a null-prototype object. */
function cleanDescriptor(descriptor) {
  const clean = { __proto__: null };
  const keys = ['value', 'writable', 'get', 'set', 'enumerable', 'configurable'];
  for (let i = 0; i < keys.length; i++) {
    const field = ReflectGetOwnPropertyDescriptor(descriptor, keys[i]);
    if (field !== undefined) clean[keys[i]] = field.value;
  }
  return clean;
}

export function ownDescriptor(object, key) {
  const descriptor = ReflectGetOwnPropertyDescriptor(object, key);
  return descriptor === undefined ? undefined : cleanDescriptor(descriptor);
}

export function defineValue(object, key, value, writable, enumerable, configurable) {
  return ReflectDefineProperty(object, key, { __proto__: null, value, writable, enumerable, configurable });
}

/**
 * Web IDL's conversion to a string, done once by Vigie so that the native
 * gets the result and a page's toString runs once, as without Vigie. A
 * Symbol is left to the native (no report), which throws its own error.
 */
export const toText = (value) => (typeof value === 'string' ? value : `${value}`);
export const isSymbol = (value) => typeof value === 'symbol';

/** Whether `value` is a platform object of the kind whose own getter this is. */
export function brandCheck(getter, value) {
  if (typeof getter !== 'function' || !isObject(value)) return false;
  try {
    call(getter, value, []);
    return true;
  } catch {
    return false;
  }
}

// What Promise.prototype.then takes as the promise's constructor: the
// native, whatever the page did to Promise.prototype.constructor or
// Promise[Symbol.species].
const NATIVE_SPECIES = { __proto__: null, [SymbolSpecies]: NativePromise };

/**
 * `promise.then(onFulfilled, onRejected)`, for a promise Vigie holds and the
 * page never sees (a native's, before the wrapper hands on its own): `then`
 * reads the promise's `constructor`, then that one's Symbol.species
 * (SpeciesConstructor), which are the page's to watch or to break
 * (`Promise.prototype.constructor = 1` makes `then` throw). Given its own
 * `constructor`, a holder of the native species, the promise reads nothing
 * of the page, and the promise `then` makes is a native one.
 */
export function quietThen(promise, onFulfilled, onRejected) {
  ReflectDefineProperty(promise, 'constructor', { __proto__: null, value: NATIVE_SPECIES });
  return ReflectApply(PromiseThen, promise, [onFulfilled, onRejected]);
}
