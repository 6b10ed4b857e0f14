// The main-world hooks' reading of the bodies Chromium keeps from
// extensions (extension/content/main-world/sent-blobs.js): a Blob's bytes,
// and what a fetch sends, reported over the bridge as far as the engine's
// body size; fetch's options are read only by the Request the native would
// make, a page's Request only through a clone made before the page had it,
// and a page that replaces Blob's methods after load changes nothing. The
// module and the bridge run in a realm of their own that stands for a page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { buildSync } from 'esbuild';
import contract from '../../src/contract.json' with { type: 'json' };
import { ROOT } from './content-source.mjs';

const MAX = contract.engine.maxBodyBytes;

/** The module's exports in a fresh page realm, and the reports its bridge posted. */
function page({ v8 = true } = {}) {
  const posted = [];
  class MessagePort {
    postMessage(message) {
      if (this.recording) posted.push(message);
    }
  }
  class MessageChannel {
    constructor() {
      this.port1 = new MessagePort();
      this.port1.recording = true;
      this.port2 = new MessagePort();
    }
  }
  const context = vm.createContext({
    URL, Blob, File, MessagePort, MessageChannel, Uint8Array, crypto, Request, Headers, FormData, ReadableStream, ReadableStreamDefaultReader,
    document: {}, location: { origin: 'https://shop.example' }, setTimeout, setInterval, postMessage() {},
  });
  context.window = context;
  const { outputFiles } = buildSync({
    stdin: {
      contents: "export * from './extension/content/main-world/sent-blobs.js'; export { openBridge } from './extension/content/main-world/bridge.js'; export { learnStackFormat } from './extension/content/main-world/call-stack.js';",
      resolveDir: ROOT,
    },
    bundle: true, format: 'iife', globalName: 'underTest', write: false, logLevel: 'warning',
  });
  const module = vm.runInContext(`${outputFiles[0].text}\nunderTest`, context);
  module.openBridge();
  // V8's stacks, as in Chromium: where the browser hides these bodies.
  // Without them, as in Firefox, which gives a Blob body itself.
  if (v8) module.learnStackFormat();
  return { module, posted };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (bytes) => Buffer.from(bytes, 'latin1').toString('utf8');
const URL_SENT = 'https://apm.rum.example/intake/v2/rum/events';

test('a Blob handed to the browser is read and reported with the address it went to; anything else is not', async () => {
  const { module, posted } = page();
  const batch = '{"transaction":{"context":{"user":{"email":"ada@example.org"}}}}\n';
  module.readSentBlob(URL_SENT, new Blob([batch], { type: 'application/x-ndjson' }));
  // A File is a Blob too.
  module.readSentBlob(URL_SENT, new File(['x=1'], 'part.txt'));
  for (const other of ['a string', new TextEncoder().encode('bytes').buffer, new Uint8Array(3), { size: 3 }, null, undefined, new Blob([])]) {
    module.readSentBlob(URL_SENT, other);
  }
  await settled();
  assert.deepEqual(posted.map((p) => [p.kind, p.url, text(p.bytes), p.truncated]), [
    ['sentBody', URL_SENT, batch, false],
    ['sentBody', URL_SENT, 'x=1', false],
  ]);
  // A binary string, a character a byte: what Firefox's Xray wrappers show.
  assert.equal(typeof posted[0].bytes, 'string');
});

test('a Blob larger than the engine reads is cut there, and the cut said', async () => {
  const { module, posted } = page();
  module.readSentBlob(URL_SENT, new Blob([new Uint8Array(MAX + 10).fill(0x61)]));
  await settled();
  assert.deepEqual(posted.map((p) => [p.bytes.length, p.truncated]), [[MAX, true]]);
});

test('a page that replaces Blob’s methods after load changes nothing of what is read', async () => {
  const { module, posted } = page();
  const saved = Object.getOwnPropertyDescriptors(Blob.prototype);
  try {
    let ran = 0;
    Blob.prototype.arrayBuffer = () => {
      ran++;
      return Promise.resolve(new TextEncoder().encode('forged').buffer);
    };
    Blob.prototype.slice = () => {
      ran++;
      return new Blob(['forged']);
    };
    Object.defineProperty(Blob.prototype, 'size', { get: () => (ran++, 1), configurable: true });
    module.readSentBlob(URL_SENT, new Blob(['the real batch']));
    await settled();
    assert.equal(ran, 0);
  } finally {
    Object.defineProperties(Blob.prototype, saved);
  }
  assert.deepEqual(posted.map((p) => text(p.bytes)), ['the real batch']);
});

test('a page reads at most 100 bodies: the rest stay unread, as the popup says', async () => {
  const { module, posted } = page();
  for (let i = 0; i < 120; i++) module.readSentBlob(`${URL_SENT}?n=${i}`, new Blob([`batch ${i}`]));
  await settled();
  assert.equal(posted.length, 100);
  assert.equal(text(posted[99].bytes), 'batch 99');
});


test('fetch with options: the Request the native would make is fetched instead, read through a clone, and reads the options exactly as that Request does', async () => {
  const { module, posted } = page();
  const url = 'https://apm.rum.example/intake/v2/rum/events';
  const args = module.fetchArguments(url, [url, { method: 'POST', body: new Blob(['{"email":"ada@example.org"}']), keepalive: true }]);
  assert.equal(args.length, 1);
  assert.ok(args[0] instanceof Request);
  assert.equal(args[0].bodyUsed, false, 'the Request fetched still holds its body');
  assert.equal(await args[0].text(), '{"email":"ada@example.org"}');
  // A GET: nothing to read; the same Request the native would make.
  assert.equal(module.fetchArguments(url, [url, { method: 'GET' }])[0].method, 'GET');
  await settled();
  assert.deepEqual(posted.map((p) => [p.url, text(p.bytes), p.truncated]), [[url, '{"email":"ada@example.org"}', false]]);
  // What the options see: the same traps, in the same order, as one `new Request` makes.
  const traps = (make) => {
    const seen = [];
    const init = new Proxy({ method: 'POST', body: 'x' }, {
      get(t, k, r) { seen.push(`get ${String(k)}`); return Reflect.get(t, k, r); },
      has(t, k) { seen.push(`has ${String(k)}`); return Reflect.has(t, k); },
      getOwnPropertyDescriptor(t, k) { seen.push(`gopd ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
      ownKeys(t) { seen.push('ownKeys'); return Reflect.ownKeys(t); },
    });
    make(init);
    return seen;
  };
  assert.deepEqual(traps((init) => module.fetchArguments(url, [url, init])), traps((init) => new Request(url, init)));
  // Options the native refuses: left to it, to throw its own error.
  const refused = [url, { method: 'BAD METHOD' }];
  assert.equal(module.fetchArguments(url, refused), refused);
});

test('a Request the page made with a body is read, when fetched, through the clone made with it; its own body is untouched', async () => {
  const { module, posted } = page();
  const url = 'https://apm.rum.example/intake/v2/rum/events';
  const request = new Request(url, { method: 'POST', body: 'x'.repeat(MAX + 5) });
  module.copyNewRequest(request);
  const bare = new Request(url);
  module.copyNewRequest(bare);
  assert.equal(module.fetchArguments(url, [request])[0], request);
  module.fetchArguments(url, [bare]);
  await settled();
  assert.deepEqual(posted.map((p) => [p.bytes.length, p.truncated]), [[MAX, true]]);
  assert.equal((await request.text()).length, MAX + 5);
  // One read per Request.
  module.fetchArguments(url, [request]);
  await settled();
  assert.equal(posted.length, 1);
});

test('where the browser gives Blob bodies itself (Firefox), only a form fetch sends is read: its Blob parts are given by name only', async () => {
  // Firefox has no Request.body either: the copy is read whole, then cut.
  const saved = Object.getOwnPropertyDescriptor(Request.prototype, 'body');
  delete Request.prototype.body;
  let made;
  try {
    made = page({ v8: false });
  } finally {
    Object.defineProperty(Request.prototype, 'body', saved);
  }
  const { module, posted } = made;
  const url = 'https://browser-intake.example/api/v2/replay';
  module.readSentBlob(url, new Blob(['beacon']));
  module.fetchArguments(url, [url, { method: 'POST', body: new Blob(['a blob']) }]);
  const form = new FormData();
  form.append('segment', new Blob(['x\u009c segment']), 'blob');
  module.fetchArguments(url, [url, { method: 'POST', body: form }]);
  await settled();
  assert.equal(posted.length, 1);
  assert.match(text(posted[0].bytes), /name="segment"; filename="blob"[^]*x\u009c segment/);
});

test('binary bytes arrive as they were sent, one character a byte, across chunk boundaries', async () => {
  const { module, posted } = page();
  const bytes = Uint8Array.from({ length: 40000 }, (_, i) => (i * 131 + 7) % 256);
  module.readSentBlob(URL_SENT, new Blob([bytes]));
  module.fetchArguments(URL_SENT, [URL_SENT, { method: 'POST', body: bytes }]);
  await settled();
  assert.equal(posted.length, 2);
  for (const p of posted) assert.deepEqual(Buffer.from(p.bytes, 'latin1'), Buffer.from(bytes));
});
