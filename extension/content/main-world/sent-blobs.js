// Bodies a page sends as a Blob. Chromium's webRequest gives such a body as
// an error, without its bytes: a tag's JSON beacon, a batch gzipped with
// CompressionStream, a replay segment. The sendBeacon and
// XMLHttpRequest.send hooks read the Blob they hand to the native — a
// Blob's bytes never change, so what is read is what leaves — as far as
// the engine's body size, and report them beside the call:
//   { kind: 'sentBody', url, bytes, truncated }
// `bytes` a binary string, one character per byte (what Firefox's Xray
// wrappers would show a content script of a page's message, unlike an
// ArrayBuffer).
// The background gives them to the request the browser saw leave without
// its body (network.js `claimSentBody`); the core searches them as that
// request's body, and says that they were read in the page, which could
// have steered what Vigie read.
//
// Reading runs no page code and changes nothing the page can see: the
// Blob's own natives, captured at load, on the very argument the page
// passed; and not while the page has put a `then` on Object.prototype or
// ArrayBuffer.prototype, which the promise of the bytes would call (and so
// show the page, and let it swap, what is read). Only in Chromium (V8's
// stacks): Firefox gives such bodies to extensions itself.
//
// A Blob given to `fetch` stays unread: it sits in fetch's options (or in a
// Request made from them), and looking there is something a page can
// watch (a Proxy's traps: see www/pages/probes.js); copying the Request
// instead is no way out, since Chromium then hides the body of every
// fetch, text included, as a Blob. The popup counts such a request as one
// Vigie could not read. At most MAX_READS bodies and MAX_TOTAL_BYTES per
// page: past that a request stays unread too.

import contract from '../../../src/contract.json' with { type: 'json' };
import { win } from './captured-web.js';
import { ObjectPrototype, PromiseThen, ReflectApply, ReflectConstruct, TypedArrayByteLength, TypedArrayPrototype } from './captured.js';
import { post } from './bridge.js';
import { readsV8CallSites } from './call-stack.js';
import { brandCheck, call, ownDescriptor, ownGetter, ownValue } from './objects.js';

const MAX_BYTES = contract.engine.maxBodyBytes;
const MAX_READS = 100;
const MAX_TOTAL_BYTES = 16 * MAX_BYTES;

const blobPrototype = win.Blob?.prototype;
const blobSize = ownGetter(blobPrototype, 'size');
const blobSlice = blobPrototype ? ownValue(blobPrototype, 'slice') : undefined;
const blobArrayBuffer = blobPrototype ? ownValue(blobPrototype, 'arrayBuffer') : undefined;
const NativeUint8Array = win.Uint8Array;
const typedArraySubarray = ownValue(TypedArrayPrototype, 'subarray');
const ArrayBufferPrototype = win.ArrayBuffer?.prototype;
const StringFromCharCode = String.fromCharCode;
const CHUNK = 0x8000;
const READABLE =
  typeof blobSize === 'function' &&
  typeof blobSlice === 'function' &&
  typeof blobArrayBuffer === 'function' &&
  typeof NativeUint8Array === 'function' &&
  typeof TypedArrayByteLength === 'function' &&
  typeof typedArraySubarray === 'function';

let reads = 0;
let bytesRead = 0;
const ignore = () => {};

/** Whether the page put a `then` where the promise of an ArrayBuffer looks for one. */
function pageThenable() {
  return ownDescriptor(ObjectPrototype, 'then') !== undefined || (ArrayBufferPrototype !== undefined && ownDescriptor(ArrayBufferPrototype, 'then') !== undefined);
}

/** `buffer`'s bytes as a binary string, a character a byte. */
function binaryText(buffer) {
  const bytes = ReflectConstruct(NativeUint8Array, [buffer]);
  const length = call(TypedArrayByteLength, bytes, []);
  let text = '';
  for (let at = 0; at < length; at += CHUNK) {
    text += ReflectApply(StringFromCharCode, undefined, call(typedArraySubarray, bytes, [at, at + CHUNK]));
  }
  return text;
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
    const part = truncated ? call(blobSlice, body, [0, read]) : body;
    const report = (buffer) => post({ __proto__: null, kind: 'sentBody', url, bytes: binaryText(buffer), truncated });
    call(PromiseThen, call(blobArrayBuffer, part, []), [report, ignore]);
  } catch {
    // Reporting must never change what the page sees.
  }
}
