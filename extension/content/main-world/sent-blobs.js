// Bodies a page sends that the browser keeps from extensions, read by the
// hooks as they hand them to the browser and reported beside the call:
//   { kind: 'sentBody', url, bytes, truncated }
// `bytes` a binary string, one character per byte (what Firefox's Xray
// wrappers would show a content script of a page's message, unlike an
// ArrayBuffer).
//   - A Blob (Chromium only): Chromium's webRequest gives such a body as an
//     error, without its bytes: a tag's JSON beacon, a batch gzipped with
//     CompressionStream, a replay segment. Firefox gives them itself.
//   - A FormData holding a Blob (both browsers): Chromium gives such a form
//     as the bytes around each Blob, the Blob left out; Firefox gives it by
//     its fields, each Blob by its file name. Datadog's session replay
//     sends its deflated segments so. The form is reported whole, as a
//     `multipart/form-data` body of Vigie's own boundary: its text fields
//     first (as the browser gave them), then its files, so that a cut at
//     the engine's body size falls in a file.
// A Blob's bytes never change, and the browser serializes a FormData when
// it is handed over, which is when the hooks read its entries: what is
// read is what leaves. The background gives the bytes to the request the
// browser saw leave without all of its body (network.js `claimSentBody`);
// the core searches them as that request's body, and says that they were
// read in the page, which could have steered what Vigie read.
//
// Reading runs no page code and changes nothing the page can see: the
// natives of Blob, File and FormData (and of FormData's iterator),
// captured at load, on the very argument the page passed; and not while
// the page has put a `then` on Object.prototype or ArrayBuffer.prototype,
// which the promise of the bytes would call (and so show the page, and let
// it swap, what is read).
//
// fetch's body is the `body` of its `init`, which the fetch hook sees as
// the native reads it (wrappers.js `watchInit`), or that of the Request it
// is given: the Request constructor's hook saw the body that Request was
// made with in the same way (wrappers.js `hookRequest`). The Request itself
// is never read nor cloned (a clone changes its body's stream, which a page
// can tell; and handing the browser a copy instead makes Chromium hide the
// body of every fetch, text included, as a Blob): a Request Vigie did not
// see made (in another frame, before Vigie's hooks) stays unread, and the
// popup counts it as a request Vigie could not read. At most
// MAX_READS bodies and MAX_TOTAL_BYTES per page: past that a request stays
// unread too.

import contract from '../../../src/contract.json' with { type: 'json' };
import { win } from './captured-web.js';
import {
  ObjectPrototype,
  ReflectApply,
  ReflectConstruct,
  ReflectGetPrototypeOf,
  StringFromCharCode,
  StringSlice,
  TypedArrayByteLength,
  TypedArrayPrototype,
} from './captured.js';
import { post } from './bridge.js';
import { readsV8CallSites } from './call-stack.js';
import { brandCheck, call, newList, ownDescriptor, ownGetter, ownValue, push, quietThen } from './objects.js';

const MAX_BYTES = contract.engine.maxBodyBytes;
const MAX_READS = 100;
const MAX_TOTAL_BYTES = 16 * MAX_BYTES;

const blobPrototype = win.Blob?.prototype;
const blobSize = ownGetter(blobPrototype, 'size');
const blobSlice = blobPrototype ? ownValue(blobPrototype, 'slice') : undefined;
const blobArrayBuffer = blobPrototype ? ownValue(blobPrototype, 'arrayBuffer') : undefined;
const NativeUint8Array = win.Uint8Array;
const ArrayBufferPrototype = win.ArrayBuffer?.prototype;
const CHUNK = 0x8000;
const READABLE =
  typeof blobSize === 'function' &&
  typeof blobSlice === 'function' &&
  typeof blobArrayBuffer === 'function' &&
  typeof NativeUint8Array === 'function' &&
  typeof TypedArrayByteLength === 'function';

let reads = 0;
let bytesRead = 0;
const ignore = () => {};

/** Whether the page put a `then` where the promise of an ArrayBuffer looks for one. */
function pageThenable() {
  return ownDescriptor(ObjectPrototype, 'then') !== undefined || (ArrayBufferPrototype !== undefined && ownDescriptor(ArrayBufferPrototype, 'then') !== undefined);
}

/** `buffer`'s bytes as a binary string, a character a byte. */
function binaryText(buffer) {
  return bytesText(ReflectConstruct(NativeUint8Array, [buffer]));
}

/**
 * The first `count` bytes (all by default) of the Uint8Array `bytes` as a
 * binary string, a character a byte. Read by index into a list of Vigie's
 * own: a typed array's `subarray` looks up its constructor, and spreading
 * one into a call reads its `length`, both on prototypes a page can change.
 */
function bytesText(bytes, count = call(TypedArrayByteLength, bytes, [])) {
  let text = '';
  for (let at = 0; at < count; at += CHUNK) {
    const end = at + CHUNK < count ? at + CHUNK : count;
    const codes = newList();
    for (let i = at; i < end; i++) codes[i - at] = bytes[i];
    text += ReflectApply(StringFromCharCode, undefined, codes);
  }
  return text;
}

/** The bytes of the Blob `body` (a File too), then `use(text)`; never throws. */
function readBlob(blob, size, use) {
  const part = size < call(blobSize, blob, []) ? call(blobSlice, blob, [0, size]) : blob;
  quietThen(call(blobArrayBuffer, part, []), (buffer) => use(binaryText(buffer)), ignore);
}

/**
 * Reads `body` when it is a Blob (a File too) and reports its bytes as the
 * body of the call to `url` (absolute, as reported). Never throws.
 */
export function readSentBlob(url, body) {
  try {
    if (!READABLE || !readsV8CallSites() || !brandCheck(blobSize, body)) return;
    const size = call(blobSize, body, []);
    if (size === 0 || reads >= MAX_READS || bytesRead >= MAX_TOTAL_BYTES || pageThenable()) return;
    const truncated = size > MAX_BYTES;
    const read = truncated ? MAX_BYTES : size;
    reads++;
    bytesRead += read;
    readBlob(body, read, (bytes) => post({ __proto__: null, kind: 'sentBody', url, bytes, truncated }));
  } catch {
    // Reporting must never change what the page sees.
  }
}

// The browser's own UTF-8 encoder, as it writes a form's text (a lone
// surrogate becomes U+FFFD).
const encoder = typeof win.TextEncoder === 'function' ? ReflectConstruct(win.TextEncoder, []) : undefined;
const encode = encoder ? ownValue(win.TextEncoder.prototype, 'encode') : undefined;

/** `text` in UTF-8, as a binary string (a character a byte). */
const utf8Binary = (text) => bytesText(call(encode, encoder, [text]));

const FormDataConstructor = win.FormData;
const formDataEntries = typeof FormDataConstructor === 'function' ? ownValue(FormDataConstructor.prototype, 'entries') : undefined;
const fileName = ownGetter(win.File?.prototype, 'name');
const blobType = ownGetter(blobPrototype, 'type');

/** `next` of FormData's iterators, taken from one made now, before any page script runs. */
function formIteratorNext() {
  try {
    return ownValue(ReflectGetPrototypeOf(call(formDataEntries, ReflectConstruct(FormDataConstructor, []), [])), 'next');
  } catch {
    return undefined;
  }
}
const formNext = typeof formDataEntries === 'function' ? formIteratorNext() : undefined;
const FORMS_READABLE = READABLE && typeof encode === 'function' && typeof formNext === 'function' && typeof fileName === 'function' && typeof blobType === 'function';
// More entries than a form of the page's can hold is no form to read.
const MAX_ENTRIES = 512;
const BOUNDARY = '----VigieFormBoundaryQ8n3vT0cX1';
const CRLF = '\r\n';
const CLOSING = `--${BOUNDARY}--${CRLF}`;

/**
 * The entries of `form` as `[{ name, value }]` (a string, or a File), or
 * null when `form` is no FormData or holds more than MAX_ENTRIES. Its
 * iterator and the pairs it yields are the browser's: reading them runs no
 * page code.
 */
function formEntries(form) {
  let iterator;
  try {
    iterator = call(formDataEntries, form, []);
  } catch {
    return null;
  }
  const entries = newList();
  for (;;) {
    const step = call(formNext, iterator, []);
    if (ownValue(step, 'done') === true) return entries;
    if (entries.length >= MAX_ENTRIES) return null;
    const pair = ownValue(step, 'value');
    push(entries, { __proto__: null, name: ownValue(pair, 0), value: ownValue(pair, 1) });
  }
}

/** A name or file name in a part's headers, escaped as the HTML standard's form encoding does. */
function headerText(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    out += c === '"' ? '%22' : c === '\r' ? '%0D' : c === '\n' ? '%0A' : c;
  }
  return utf8Binary(out);
}

/** The headers of a part of the form (a delimiter, then the empty line after them). */
function partHead(name, file) {
  const disposition = `--${BOUNDARY}${CRLF}Content-Disposition: form-data; name="${headerText(name)}"`;
  if (file === null) return `${disposition}${CRLF}${CRLF}`;
  const type = call(blobType, file, []);
  return `${disposition}; filename="${headerText(call(fileName, file, []))}"${CRLF}Content-Type: ${type === '' ? 'application/octet-stream' : utf8Binary(type)}${CRLF}${CRLF}`;
}

/**
 * Reads `body` when it is a FormData holding a Blob, and reports it as a
 * `multipart/form-data` body of the call to `url` (absolute, as reported).
 * Returns whether `body` was a FormData (read or not). Never throws.
 */
export function readSentForm(url, body) {
  try {
    if (!FORMS_READABLE) return false;
    const entries = formEntries(body);
    if (entries === null) return false;
    // A form of text fields only, the browser gives whole.
    const files = newList();
    for (let i = 0; i < entries.length; i++) if (typeof entries[i].value !== 'string') push(files, entries[i]);
    if (files.length === 0 || reads >= MAX_READS || bytesRead >= MAX_TOTAL_BYTES || pageThenable()) return true;
    reads++;
    let text = '';
    let truncated = false;
    const room = MAX_BYTES - CLOSING.length;
    for (let i = 0; i < entries.length; i++) {
      const { name, value } = entries[i];
      if (typeof value !== 'string') continue;
      // UTF-8 takes at least a byte a UTF-16 unit: a longer value cannot fit.
      if (text.length + value.length > room) {
        truncated = true;
        continue;
      }
      const part = `${partHead(name, null)}${utf8Binary(value)}${CRLF}`;
      if (text.length + part.length <= room) text += part;
      else truncated = true;
    }
    const report = () => {
      bytesRead += text.length;
      post({ __proto__: null, kind: 'sentBody', url, bytes: `${text}${CLOSING}`, truncated });
    };
    const next = (at) => {
      if (at >= files.length) {
        report();
        return;
      }
      const file = files[at].value;
      const head = partHead(files[at].name, file);
      const size = call(blobSize, file, []);
      const left = room - text.length - head.length - CRLF.length;
      if (left <= 0) {
        truncated = true;
        report();
        return;
      }
      const read = size > left ? left : size;
      truncated ||= read < size;
      if (read === 0) {
        text += `${head}${CRLF}`;
        next(at + 1);
        return;
      }
      readBlob(file, read, (bytes) => {
        text += `${head}${bytes}${CRLF}`;
        next(at + 1);
      });
    };
    next(0);
    return true;
  } catch {
    // Reporting must never change what the page sees.
    return false;
  }
}

/**
 * Reads `body`, handed to the browser for `url`, when the browser keeps it
 * (in whole or in part) from extensions: a FormData holding a Blob, or, in
 * Chromium, a Blob. Never throws.
 */
export function readSentBody(url, body) {
  if (!readSentForm(url, body)) readSentBlob(url, body);
}

// Messages sent over an open WebSocket: the browser shows extensions a
// socket's handshake, never what travels over it. Each message a page's
// script hands to `send` is read as it is handed over (a string, an
// ArrayBuffer or a view of one, which the browser copies then; a Blob,
// which never changes) and reported as `{ kind: 'socketMessage', url,
// bytes, truncated }`; the observer gathers a socket's messages into one
// report. At most MAX_MESSAGES messages and MAX_MESSAGE_TOTAL bytes per
// page; shorter than MIN_MESSAGE bytes (Socket.IO's pings, acknowledgements)
// they are not read.
const MAX_MESSAGES = 1000;
const MAX_MESSAGE_TOTAL = 16 * MAX_BYTES;
const MIN_MESSAGE = 4;
let messages = 0;
let messageBytes = 0;

const arrayBufferByteLength = ownGetter(ArrayBufferPrototype, 'byteLength');
const typedArrayBuffer = ownGetter(TypedArrayPrototype, 'buffer');
const typedArrayByteOffset = ownGetter(TypedArrayPrototype, 'byteOffset');
const dataViewPrototype = win.DataView?.prototype;
const dataViewBuffer = ownGetter(dataViewPrototype, 'buffer');
const dataViewByteOffset = ownGetter(dataViewPrototype, 'byteOffset');
const dataViewByteLength = ownGetter(dataViewPrototype, 'byteLength');

/** The bytes of an ArrayBuffer or of a view of one, as a Uint8Array of Vigie's making; null for anything else. */
function bytesOf(data) {
  if (brandCheck(arrayBufferByteLength, data)) return ReflectConstruct(NativeUint8Array, [data]);
  if (brandCheck(TypedArrayByteLength, data)) {
    return ReflectConstruct(NativeUint8Array, [call(typedArrayBuffer, data, []), call(typedArrayByteOffset, data, []), call(TypedArrayByteLength, data, [])]);
  }
  if (brandCheck(dataViewByteLength, data)) {
    return ReflectConstruct(NativeUint8Array, [call(dataViewBuffer, data, []), call(dataViewByteOffset, data, []), call(dataViewByteLength, data, [])]);
  }
  return null;
}

function reportMessage(url, bytes, truncated) {
  post({ __proto__: null, kind: 'socketMessage', url, bytes, truncated });
}

/**
 * Reads `data`, just sent over the open WebSocket to `url`, and reports it.
 * Anything but a string, a Blob, an ArrayBuffer or a view of one (an
 * object the browser turned into a string by its toString) is not read:
 * reading it would run the page's code again. Never throws.
 */
export function readSentMessage(url, data) {
  try {
    if (messages >= MAX_MESSAGES || messageBytes >= MAX_MESSAGE_TOTAL) return;
    if (typeof data === 'string') {
      if (data.length < MIN_MESSAGE || typeof encode !== 'function') return;
      // UTF-8 takes at least a byte a UTF-16 unit: more units than that cannot fit.
      const text = data.length > MAX_BYTES ? call(StringSlice, data, [0, MAX_BYTES]) : data;
      const bytes = utf8Binary(text);
      const kept = bytes.length > MAX_BYTES ? call(StringSlice, bytes, [0, MAX_BYTES]) : bytes;
      messages++;
      messageBytes += kept.length;
      reportMessage(url, kept, text !== data || bytes.length > MAX_BYTES);
      return;
    }
    if (!READABLE) return;
    if (brandCheck(blobSize, data)) {
      const size = call(blobSize, data, []);
      if (size < MIN_MESSAGE || pageThenable()) return;
      const read = size > MAX_BYTES ? MAX_BYTES : size;
      // Counted now: reads still under way count against the budget too.
      messages++;
      messageBytes += read;
      readBlob(data, read, (bytes) => reportMessage(url, bytes, size > MAX_BYTES));
      return;
    }
    const view = bytesOf(data);
    if (view === null) return;
    const length = call(TypedArrayByteLength, view, []);
    if (length < MIN_MESSAGE) return;
    const kept = length > MAX_BYTES ? MAX_BYTES : length;
    messages++;
    messageBytes += kept;
    reportMessage(url, bytesText(view, kept), length > MAX_BYTES);
  } catch {
    // Reporting must never change what the page sees.
  }
}
