// Bodies a page sends as a Blob. Chromium's webRequest gives such a body as
// an error, without its bytes: a tag's JSON beacon, a batch gzipped with
// CompressionStream, a replay segment. The sendBeacon and
// XMLHttpRequest.send hooks read the Blob they hand to the native — a
// Blob's bytes never change, so what is read is what leaves — as far as
// the engine's body size, and report them beside the call:
//   { kind: 'sentBody', url, bytes, truncated }
// The background gives them to the request the browser saw leave without
// its body (network.js `claimSentBody`); the core searches them as that
// request's body, and says that they were read in the page, which could
// have steered what Vigie read.
//
// Reading runs no page code and changes nothing the page can see: the
// Blob's own natives, captured at load, on the very argument the page
// passed. A Blob given to `fetch` stays unread: it sits in fetch's options
// (or in a Request made from them), and looking there is something a page
// can watch (a Proxy's traps: see www/pages/probes.js); the popup counts
// such a request as one Vigie could not read. At most MAX_READS bodies and
// MAX_TOTAL_BYTES per page: past that the request stays unread too.

import contract from '../../../src/contract.json' with { type: 'json' };
import { win } from './captured-web.js';
import { PromiseThen } from './captured.js';
import { post } from './bridge.js';
import { brandCheck, call, ownGetter, ownValue } from './objects.js';

const MAX_BYTES = contract.engine.maxBodyBytes;
const MAX_READS = 100;
const MAX_TOTAL_BYTES = 16 * MAX_BYTES;

const blobPrototype = win.Blob?.prototype;
const blobSize = ownGetter(blobPrototype, 'size');
const blobSlice = blobPrototype ? ownValue(blobPrototype, 'slice') : undefined;
const blobArrayBuffer = blobPrototype ? ownValue(blobPrototype, 'arrayBuffer') : undefined;

let reads = 0;
let bytesRead = 0;
const ignore = () => {};

/**
 * Reads `body` when it is a Blob (a File too) and reports its bytes as the
 * body of the call to `url` (absolute, as reported). Never throws.
 */
export function readSentBlob(url, body) {
  try {
    if (typeof blobArrayBuffer !== 'function' || typeof blobSlice !== 'function' || !brandCheck(blobSize, body)) return;
    const size = call(blobSize, body, []);
    if (size === 0 || reads >= MAX_READS || bytesRead >= MAX_TOTAL_BYTES) return;
    const truncated = size > MAX_BYTES;
    const read = truncated ? MAX_BYTES : size;
    reads++;
    bytesRead += read;
    const part = truncated ? call(blobSlice, body, [0, read]) : body;
    const report = (bytes) => post({ __proto__: null, kind: 'sentBody', url, bytes, truncated });
    call(PromiseThen, call(blobArrayBuffer, part, []), [report, ignore]);
  } catch {
    // Reporting must never change what the page sees.
  }
}

