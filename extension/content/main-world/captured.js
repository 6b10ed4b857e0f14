// The language's natives, captured when Vigie's main-world bundle loads, at
// document_start, before any page script exists (the DuckDuckGo privacy
// extension does the same in its captured-globals.js). Everything Vigie's
// main-world code calls after load goes through these references: a page
// that later replaces Reflect.apply, Array.prototype.push,
// RegExp.prototype.exec, Error.prepareStackTrace or
// Function.prototype.toString cannot reach or steer Vigie's code path.
//
// Only ECMAScript built-ins live here: they exist in every realm, so the
// pure modules that use them (text.js, objects.js, stack.js) can be tested
// in node. The browser's own natives are in captured-web.js.

export const ReflectApply = Reflect.apply;
export const ReflectConstruct = Reflect.construct;
export const ReflectDefineProperty = Reflect.defineProperty;
export const ReflectDeleteProperty = Reflect.deleteProperty;
export const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const ReflectGetPrototypeOf = Reflect.getPrototypeOf;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ReflectSetPrototypeOf = Reflect.setPrototypeOf;
export const StringSlice = String.prototype.slice;
export const StringFromCharCode = String.fromCharCode;
export const StringIndexOf = String.prototype.indexOf;
export const StringLastIndexOf = String.prototype.lastIndexOf;
export const StringToUpperCase = String.prototype.toUpperCase;
export const StringToLowerCase = String.prototype.toLowerCase;
export const StringTrim = String.prototype.trim;
export const RegExpExec = RegExp.prototype.exec;
export const NativeProxy = Proxy;
export const NativeWeakMap = WeakMap;
export const WeakMapGet = WeakMap.prototype.get;
export const WeakMapSet = WeakMap.prototype.set;
export const WeakMapDelete = WeakMap.prototype.delete;
export const FunctionToString = Function.prototype.toString;
export const NativeError = Error;
export const ErrorToString = Error.prototype.toString;
export const errorCaptureStackTrace = typeof Error.captureStackTrace === 'function' ? Error.captureStackTrace : null;
export const NativePromise = Promise;
export const PromiseReject = Promise.reject;
export const PromiseThen = Promise.prototype.then;
export const SymbolSpecies = Symbol.species;
export const DateNow = Date.now;
export const ObjectPrototype = Reflect.getPrototypeOf({});
export const TypedArrayPrototype = Reflect.getPrototypeOf(Uint8Array.prototype);
export const TypedArrayByteLength = Reflect.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get;
