// String helpers of the main-world code: pure functions over strings that
// call only the natives captured at load, so that a page which later
// replaces String.prototype or RegExp.prototype methods changes nothing.

import contract from '../../../src/contract.json' with { type: 'json' };
import {
  ReflectApply,
  RegExpExec,
  StringIndexOf,
  StringLastIndexOf,
  StringSlice,
  StringToUpperCase,
  StringTrim,
} from './captured.js';

/** Longest URL, method or stack entry reported. */
export const MAX_TEXT = contract.shell.maxReportText;

export const slice = (s, start, end) => ReflectApply(StringSlice, s, end === undefined ? [start] : [start, end]);
export const indexOf = (s, needle, from) => ReflectApply(StringIndexOf, s, [needle, from === undefined ? 0 : from]);
export const lastIndexOf = (s, needle) => ReflectApply(StringLastIndexOf, s, [needle]);
export const startsWith = (s, prefix) => slice(s, 0, prefix.length) === prefix;
export const endsWith = (s, suffix) => s.length >= suffix.length && slice(s, s.length - suffix.length) === suffix;
export const trim = (s) => ReflectApply(StringTrim, s, []);
export const exec = (re, s) => ReflectApply(RegExpExec, re, [s]);

/**
 * The address a WebSocket opened with `url` connects to, as the browser
 * reports its handshake: `new WebSocket('https://…')` (allowed since
 * Chrome 125 and Firefox 124) connects to `wss://…`, `http://…` to `ws://…`.
 */
export function socketUrl(url) {
  if (startsWith(url, 'https:')) return `wss:${slice(url, 6)}`;
  if (startsWith(url, 'http:')) return `ws:${slice(url, 5)}`;
  return url;
}

export function capText(text) {
  return text.length > MAX_TEXT ? slice(text, 0, MAX_TEXT) : text;
}

const BEYOND_A_BYTE = /[^\u0000-\u00ff]/;
/** Whether WebIDL takes `text` as a ByteString (no character above U+00FF). */
export const isByteString = (text) => exec(BEYOND_A_BYTE, text) === null;

/** Fetch's method normalisation: the six standard methods are upper-cased, others kept. */
export function normalizeMethod(method) {
  const upper = ReflectApply(StringToUpperCase, method, []);
  switch (upper) {
    case 'DELETE':
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
    case 'POST':
    case 'PUT':
      return upper;
    default:
      return method;
  }
}

const NATIVE_SOURCE = /^function ([\w$]*)\(\) \{\s*\[native code\]\s*\}$/;

/** Whether `source` (Function.prototype.toString output) is that of the native named `name`. */
export function looksNative(source, name) {
  if (typeof source !== 'string') return false;
  const match = exec(NATIVE_SOURCE, source);
  return match !== null && match[1] === name;
}
