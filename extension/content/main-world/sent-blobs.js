// Bodies Chromium keeps from extensions. Its webRequest gives a body sent as
// a Blob as an error, without its bytes: a tag's JSON beacon, a batch
// gzipped with CompressionStream (Elastic's RUM agent posts every batch so,
// by `fetch`), a replay segment. The hooks read such a body as they hand it
// to the native, as far as the engine's body size, and report it beside
// the call:
//   { kind: 'sentBody', url, bytes, truncated }
// `bytes` a binary string, one character per byte: Firefox's content
// scripts see a page's message through Xray wrappers, which show strings
// but not an ArrayBuffer.
// The background gives the bytes to the request the browser saw leave
// without its body (network.js `claimSentBody`); the core searches them as
// that request's body, and says that they were read in the page, which
// could have steered what Vigie read.
//
// - sendBeacon(url, blob), XMLHttpRequest.send(blob): the Blob the page
//   passed, read with Blob's own natives (a Blob's bytes never change, so
//   what is read is what leaves).
// - fetch(input, init): Vigie never looks into `init` (a page can watch
//   that through a Proxy's traps, www/pages/probes.js). The hook makes the
//   Request the native would make (`new Request(input, init)`, which reads
//   `init` exactly as fetch does), fetches that Request, and reads a clone
//   of it: Vigie's own object, which the page never sees.
// - fetch(request) with a Request the page made: its body is a stream only
//   the native may consume, and cloning it there would change the stream
//   the page holds. The Request hook clones every Request made with a body
//   as it is made, before the page has it, and the fetch of that Request
//   reads the clone (Elastic's agent turns every fetch into a Request).
//
// Only where stacks are V8's (Chromium), whose webRequest hides these
// bodies; in Firefox, which gives a Blob body itself but a form's Blob parts
// by name only, just what `fetch` sends as `multipart/form-data` (Datadog's
// replay segments). Nothing here runs page code: natives captured at load.
// A bucket of MAX_READS reads per page, refilled at REFILL_PER_S, and
// MAX_TOTAL_BYTES in all: past that a request stays unread, which the popup
// counts.

import contract from '../../../src/contract.json' with { type: 'json' };
import { win } from './captured-web.js';
import { NativeWeakMap, PromiseThen, ReflectApply, ReflectConstruct, ReflectGetPrototypeOf, RegExpExec, WeakMapDelete, WeakMapGet, WeakMapSet } from './captured.js';
import { post } from './bridge.js';
import { readsV8CallSites, withPageCode } from './call-stack.js';
import { brandCheck, call, listOf, newList, now, ownGetter, ownValue, push } from './objects.js';

const MAX_BYTES = contract.engine.maxBodyBytes;
const MAX_READS = 100;
const REFILL_PER_S = 1;
const MAX_TOTAL_BYTES = 64 * MAX_BYTES;

const blobPrototype = win.Blob?.prototype;
const blobSize = ownGetter(blobPrototype, 'size');
const blobSlice = blobPrototype ? ownValue(blobPrototype, 'slice') : undefined;
const blobArrayBuffer = blobPrototype ? ownValue(blobPrototype, 'arrayBuffer') : undefined;
const NativeRequest = win.Request;
const requestPrototype = NativeRequest?.prototype;
const requestUrl = ownGetter(requestPrototype, 'url');
const requestBody = ownGetter(requestPrototype, 'body');
const requestClone = requestPrototype ? ownValue(requestPrototype, 'clone') : undefined;
// Firefox has no Request.body: a copy is read whole, as a Blob, then cut.
const requestBlob = requestPrototype ? ownValue(requestPrototype, 'blob') : undefined;
const requestHeaders = ownGetter(requestPrototype, 'headers');
const headersGet = win.Headers ? ownValue(win.Headers.prototype, 'get') : undefined;
const streamGetReader = win.ReadableStream ? ownValue(win.ReadableStream.prototype, 'getReader') : undefined;
const readerPrototype = win.ReadableStreamDefaultReader?.prototype;
const readerRead = readerPrototype ? ownValue(readerPrototype, 'read') : undefined;
const readerCancel = readerPrototype ? ownValue(readerPrototype, 'cancel') : undefined;
const NativeUint8Array = win.Uint8Array;
const typedArrayPrototype = NativeUint8Array ? ReflectGetPrototypeOf(NativeUint8Array.prototype) : undefined;
const typedArrayByteLength = ownGetter(typedArrayPrototype, 'byteLength');
const typedArraySet = typedArrayPrototype ? ownValue(typedArrayPrototype, 'set') : undefined;
const typedArraySubarray = typedArrayPrototype ? ownValue(typedArrayPrototype, 'subarray') : undefined;

const BLOBS_READABLE = typeof blobArrayBuffer === 'function' && typeof blobSlice === 'function' && typeof blobSize === 'function';
const STREAMS_READABLE =
  typeof requestBody === 'function' &&
  typeof streamGetReader === 'function' &&
  typeof readerRead === 'function' &&
  typeof readerCancel === 'function';
const REQUESTS_READABLE =
  typeof NativeRequest === 'function' &&
  typeof requestUrl === 'function' &&
  typeof requestClone === 'function' &&
  (STREAMS_READABLE || (typeof requestBlob === 'function' && BLOBS_READABLE)) &&
  typeof requestHeaders === 'function' &&
  typeof headersGet === 'function' &&
  typeof typedArrayByteLength === 'function' &&
  typeof typedArraySet === 'function' &&
  typeof typedArraySubarray === 'function';

let tokens = MAX_READS;
let lastRefill = now();
let bytesRead = 0;
const ignore = () => {};

/** Whether a Blob's bytes are hidden from extensions here: in Chromium. */
function hidden() {
  return readsV8CallSites();
}

const MULTIPART = /^\s*multipart\/form-data/i;

/**
 * Whether what `request` (a Request only Vigie holds, or one the page has
 * not had yet) sends may be hidden from extensions: anything in Chromium,
 * a form that may hold Blob parts in Firefox.
 */
function mayBeHidden(request) {
  return hidden() || sendsForm(request);
}

/** Whether `request` sends a `multipart/form-data` body. */
function sendsForm(request) {
  const type = call(headersGet, call(requestHeaders, request, []), ['content-type']);
  return typeof type === 'string' && call(RegExpExec, MULTIPART, [type]) !== null;
}

/** Whether one more body may be read now (and counts it). */
function admitRead() {
  const t = now();
  tokens += ((t - lastRefill) / 1000) * REFILL_PER_S;
  if (tokens > MAX_READS) tokens = MAX_READS;
  lastRefill = t;
  if (tokens < 1 || bytesRead >= MAX_TOTAL_BYTES) return false;
  tokens -= 1;
  return true;
}

const StringFromCharCode = String.fromCharCode;
const CHUNK = 0x8000;

/** `bytes` (a Uint8Array of this realm) as a binary string. */
function binaryText(bytes) {
  const length = call(typedArrayByteLength, bytes, []);
  let text = '';
  for (let at = 0; at < length; at += CHUNK) {
    text += call(ReflectApply, undefined, [StringFromCharCode, undefined, call(typedArraySubarray, bytes, [at, at + CHUNK])]);
  }
  return text;
}

const report = (url, bytes, truncated) => post({ __proto__: null, kind: 'sentBody', url, bytes: binaryText(bytes), truncated });

/**
 * Reads `body` when it is a Blob (a File too) and reports its bytes as the
 * body of the call to `url` (absolute, as reported). Never throws.
 */
export function readSentBlob(url, body) {
  try {
    if (!BLOBS_READABLE || !hidden() || !brandCheck(blobSize, body) || call(blobSize, body, []) === 0 || !admitRead()) return;
    readBlob(url, body);
  } catch {
    // Reporting must never change what the page sees.
  }
}

/** Reads `blob` as far as MAX_BYTES and reports its bytes (the read already admitted). */
function readBlob(url, blob) {
  const size = call(blobSize, blob, []);
  if (size === 0) return;
  const truncated = size > MAX_BYTES;
  const read = truncated ? MAX_BYTES : size;
  bytesRead += read;
  const part = truncated ? call(blobSlice, blob, [0, read]) : blob;
  call(PromiseThen, call(blobArrayBuffer, part, []), [(buffer) => report(url, ReflectConstruct(NativeUint8Array, [buffer]), truncated), ignore]);
}

/** Whether `request` has a body (where Request.body is missing, a form has one). */
function hasBody(request) {
  return STREAMS_READABLE ? call(requestBody, request, []) !== null : sendsForm(request);
}

/** Reads `copy` (a Request clone only Vigie holds) whole, as a Blob, and reports it as far as MAX_BYTES. */
function readCopyWhole(url, copy) {
  if (!admitRead()) return;
  call(PromiseThen, call(requestBlob, copy, []), [(blob) => readBlob(url, blob), ignore]);
}

/** Reads `copy` (a Request clone only Vigie holds), as far as MAX_BYTES, and reports it. */
function readCopy(url, copy) {
  if (!STREAMS_READABLE) return readCopyWhole(url, copy);
  const stream = call(requestBody, copy, []);
  if (stream === null || !admitRead()) return;
  const reader = call(streamGetReader, stream, []);
  const chunks = newList();
  let size = 0;
  const finish = (truncated) => {
    const all = ReflectConstruct(NativeUint8Array, [size]);
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      call(typedArraySet, all, [chunks[i], at]);
      at += call(typedArrayByteLength, chunks[i], []);
    }
    bytesRead += size;
    if (size > 0) report(url, all, truncated);
  };
  const next = () => {
    call(PromiseThen, call(readerRead, reader, []), [
      (result) => {
        try {
          if (ownValue(result, 'done') === true) return finish(false);
          const chunk = ownValue(result, 'value');
          const length = call(typedArrayByteLength, chunk, []);
          if (size + length > MAX_BYTES) {
            push(chunks, call(typedArraySubarray, chunk, [0, MAX_BYTES - size]));
            size = MAX_BYTES;
            call(readerCancel, reader, []);
            return finish(true);
          }
          push(chunks, chunk);
          size += length;
          next();
        } catch {
          // A copy that cannot be read says nothing.
        }
      },
      ignore,
    ]);
  };
  next();
}

// The clone of each Request the page made with a body, by Request: made as
// the Request was, read when it is fetched.
const requestCopies = new NativeWeakMap();

/** Keeps a clone of `request`, just made for the page, if it has a body. */
export function copyNewRequest(request) {
  try {
    if (!REQUESTS_READABLE || !hasBody(request) || !mayBeHidden(request)) return;
    call(WeakMapSet, requestCopies, [request, call(requestClone, request, [])]);
  } catch {
    // Reporting must never change what the page sees.
  }
}

/**
 * For fetch's arguments `args` (the URL already converted), reported as a
 * call to `url`: the arguments to give the native, and a read of the body
 * they send started. With options, `[Request]` made from them as fetch
 * would; otherwise `args` unchanged. Never throws: a Request the native
 * refuses to make leaves `args` to the native, which throws its own error.
 */
export function fetchArguments(url, args) {
  try {
    if (!REQUESTS_READABLE) return args;
    if (args.length === 1) {
      const copy = call(WeakMapGet, requestCopies, [args[0]]);
      if (copy !== undefined) {
        call(WeakMapDelete, requestCopies, [args[0]]);
        readCopy(url, copy);
      }
      return args;
    }
    let request;
    try {
      // Options a page made with getters see them run here, as in fetch.
      const given = newList();
      given[0] = args[0];
      given[1] = args[1];
      request = withPageCode((...both) => ReflectConstruct(NativeRequest, listOf(both)), undefined, given);
    } catch {
      return args;
    }
    if (hasBody(request) && mayBeHidden(request)) readCopy(url, call(requestClone, request, []));
    const made = newList();
    made[0] = request;
    return made;
  } catch {
    return args;
  }
}
