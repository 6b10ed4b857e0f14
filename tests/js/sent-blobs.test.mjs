// The main-world hooks' reading of bodies sent as a Blob
// (extension/content/main-world/sent-blobs.js), which Chromium keeps from
// extensions: the Blob's bytes, reported over the bridge as a binary
// string, as far as the engine's body size; nothing else is read, no
// getter of the page runs, a page that replaces Blob's methods after load
// changes nothing, and a page with a `then` where the promise of the bytes
// would call it gets nothing read. The module and the bridge run in a realm
// of their own that stands for a page.
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
    URL, Blob, File, FormData, ArrayBuffer, DataView, MessagePort, MessageChannel, Uint8Array, TextEncoder, crypto,
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
  // V8's stacks, as in Chromium, which hides these bodies; without them, as
  // in Firefox, which gives them to extensions itself.
  if (v8) module.learnStackFormat();
  return { module, posted, context };
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
  // A binary string, a character a byte.
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


test('binary bytes arrive as they were sent, one character a byte, across chunk boundaries', async () => {
  const { module, posted } = page();
  const bytes = Uint8Array.from({ length: 40000 }, (_, i) => (i * 131 + 7) % 256);
  module.readSentBlob(URL_SENT, new Blob([bytes]));
  await settled();
  assert.deepEqual(posted.map((p) => Buffer.from(p.bytes, 'latin1')), [Buffer.from(bytes)]);
});

test('nothing is read while the page has a then on Object.prototype or ArrayBuffer.prototype, which would see and could swap the bytes', async () => {
  // The page realm's Object.prototype; ArrayBuffer is node's, shared with the realm.
  for (const holderOf of [(realm) => vm.runInContext('Object.prototype', realm), () => ArrayBuffer.prototype]) {
    const { module, posted, context } = page();
    const holder = holderOf(context);
    Object.defineProperty(holder, 'then', { get: () => undefined, configurable: true });
    try {
      module.readSentBlob(URL_SENT, new Blob(['batch']));
      await settled();
    } finally {
      delete holder.then;
    }
    assert.equal(posted.length, 0);
    // Once it is gone, bodies are read again.
    module.readSentBlob(URL_SENT, new Blob(['batch']));
    await settled();
    assert.equal(posted.length, 1);
  }
});

test('where the browser gives Blob bodies to extensions itself (Firefox), nothing is read', async () => {
  const { module, posted } = page({ v8: false });
  module.readSentBlob(URL_SENT, new Blob(['batch']));
  await settled();
  assert.equal(posted.length, 0);
});

/** The parts of a multipart body as `[headers, body]` (body a binary string), by the boundary its first line declares. */
function multipartParts(bytes) {
  const boundary = bytes.slice(0, bytes.indexOf('\r\n'));
  assert.ok(bytes.endsWith(`${boundary}--\r\n`), 'closed by its boundary');
  return bytes.slice(boundary.length + 2, bytes.length - boundary.length - 4).split(`\r\n${boundary}\r\n`).map((part) => {
    const at = part.indexOf('\r\n\r\n');
    return [part.slice(0, at), part.slice(at + 4).replace(/\r\n$/, '')];
  });
}

test('a FormData holding a Blob is reported whole, as multipart/form-data: text fields first, then each file with its bytes', async () => {
  for (const v8 of [true, false]) {
    const { module, posted, context } = page({ v8 });
    const form = new context.FormData();
    const segment = Uint8Array.from([0x78, 0x9c, 0x01, 0xff, 0x00, 0x80]);
    form.append('segment', new Blob([segment]), 'seg-1');
    form.append('event', new Blob(['{"records_count":3}'], { type: 'application/json' }));
    form.append('name', 'Léa "F" 😀');
    module.readSentBody(URL_SENT, form);
    await settled();
    assert.equal(posted.length, 1, `one report (${v8 ? 'Chromium' : 'Firefox'})`);
    assert.equal(posted[0].truncated, false);
    const parts = multipartParts(posted[0].bytes);
    assert.deepEqual(parts.map(([head]) => head), [
      'Content-Disposition: form-data; name="name"',
      'Content-Disposition: form-data; name="segment"; filename="seg-1"\r\nContent-Type: application/octet-stream',
      'Content-Disposition: form-data; name="event"; filename="blob"\r\nContent-Type: application/json',
    ]);
    assert.equal(text(parts[0][1]), 'Léa "F" 😀');
    assert.deepEqual(Buffer.from(parts[1][1], 'latin1'), Buffer.from(segment));
    assert.equal(parts[2][1], '{"records_count":3}');
  }
});

test('a FormData of text fields only is not read (the browser gives it whole), nor is anything that is no FormData', async () => {
  const { module, posted, context } = page({ v8: false });
  const form = new context.FormData();
  form.append('email', 'ada@example.org');
  module.readSentBody(URL_SENT, form);
  // In Firefox, a Blob alone is given to extensions by the browser.
  for (const other of ['a=1', new Blob(['x']), { entries: () => [['a', new Blob(['x'])]] }, new URLSearchParams('a=1'), null]) module.readSentBody(URL_SENT, other);
  await settled();
  assert.deepEqual(posted, []);
});

test('a form larger than the engine reads is cut in its files, its text fields kept, and the cut said', async () => {
  const { module, posted, context } = page();
  const form = new context.FormData();
  form.append('replay', new Blob([new Uint8Array(MAX).fill(0x61)]));
  form.append('more', new Blob(['never read']));
  form.append('user', 'ada@example.org');
  module.readSentBody(URL_SENT, form);
  await settled();
  assert.equal(posted.length, 1);
  assert.ok(posted[0].bytes.length <= MAX, 'within the engine body size');
  assert.equal(posted[0].truncated, true);
  const parts = multipartParts(posted[0].bytes);
  assert.equal(parts[0][1], 'ada@example.org');
  assert.match(parts[1][1], /^a+$/);
  assert.ok(!posted[0].bytes.includes('never read'));
});

test('a form is read through the natives captured at load: a page that replaces FormData, Blob or iterator methods after load changes nothing', async () => {
  const { module, posted, context } = page();
  const form = new context.FormData();
  form.append('segment', new Blob(['the real segment']));
  let ran = 0;
  const FormDataPrototype = context.FormData.prototype;
  const iteratorPrototype = Object.getPrototypeOf(new context.FormData().entries());
  const saved = [
    [FormDataPrototype, Object.getOwnPropertyDescriptors(FormDataPrototype)],
    [iteratorPrototype, Object.getOwnPropertyDescriptors(iteratorPrototype)],
    [Blob.prototype, Object.getOwnPropertyDescriptors(Blob.prototype)],
  ];
  try {
    FormDataPrototype.entries = function* () { ran++; yield ['segment', 'forged']; };
    iteratorPrototype.next = () => (ran++, { done: true });
    Blob.prototype.arrayBuffer = async () => (ran++, new TextEncoder().encode('forged').buffer);
    module.readSentBody(URL_SENT, form);
    await settled();
  } finally {
    for (const [holder, descriptors] of saved) Object.defineProperties(holder, descriptors);
  }
  assert.equal(ran, 0);
  assert.equal(multipartParts(posted[0].bytes)[0][1], 'the real segment');
});

const SOCKET = 'wss://ws.tchatbox.io/socket.io/?EIO=4&transport=websocket';

test('a message sent over a WebSocket is read whatever its type, in both browsers; pings and objects the browser turned into text are not', async () => {
  for (const v8 of [true, false]) {
    const { module, posted, context } = page({ v8 });
    const frame = '42["visitor:update",{"name":"Léa Fontaine"}]';
    module.readSentMessage(SOCKET, frame);
    module.readSentMessage(SOCKET, new TextEncoder().encode('binary frame').buffer);
    const bytes = new TextEncoder().encode('..a view of a buffer..');
    module.readSentMessage(SOCKET, bytes.subarray(2, 20));
    module.readSentMessage(SOCKET, new DataView(bytes.buffer, 2, 6));
    module.readSentMessage(SOCKET, new Blob(['{"email":"ada@example.org"}']));
    // Socket.IO's pings, and an object the browser sent as its toString's text.
    let read = 0;
    for (const other of ['2', '3', '40', new Uint8Array(2), { toString() { read++; return 'not read'; } }, null, undefined]) {
      module.readSentMessage(SOCKET, other);
    }
    await settled();
    assert.deepEqual(posted.map((p) => [p.kind, p.url, text(p.bytes), p.truncated]), [
      ['socketMessage', SOCKET, frame, false],
      ['socketMessage', SOCKET, 'binary frame', false],
      ['socketMessage', SOCKET, 'a view of a buffer', false],
      ['socketMessage', SOCKET, 'a view', false],
      ['socketMessage', SOCKET, '{"email":"ada@example.org"}', false],
    ], `v8: ${v8}`);
    assert.equal(read, 0, 'no toString of the page ran');
    assert.ok(context);
  }
});

test('a message longer than the engine reads is cut there, and the cut said; past the page\'s budget nothing more is read', async () => {
  const { module, posted } = page();
  module.readSentMessage(SOCKET, 'é'.repeat(MAX));
  module.readSentMessage(SOCKET, new Uint8Array(MAX + 1).fill(0x61));
  await settled();
  assert.deepEqual(posted.map((p) => [p.bytes.length, p.truncated]), [[MAX, true], [MAX, true]]);
  for (let i = 0; i < 20; i++) module.readSentMessage(SOCKET, 'a'.repeat(MAX));
  await settled();
  // 16 bodies' worth a page.
  assert.equal(posted.length, 16);
});

test("reading a message runs none of the page's code, though the page redefined what typed arrays look up", async () => {
  const { module, posted } = page();
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const saved = {
    length: Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length'),
    constructor: Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'constructor'),
  };
  let seen = 0;
  try {
    Object.defineProperty(TypedArrayPrototype, 'length', { get() { seen++; return saved.length.get.call(this); }, configurable: true });
    Object.defineProperty(Uint8Array.prototype, 'constructor', { get() { seen++; return Uint8Array; }, configurable: true });
    module.readSentMessage(SOCKET, '42["visitor",{"email":"ada@example.org"}]');
    module.readSentMessage(SOCKET, new TextEncoder().encode('binary frame').buffer);
    module.readSentMessage(SOCKET, new Uint8Array(MAX + 5).fill(0x62));
  } finally {
    Object.defineProperty(TypedArrayPrototype, 'length', saved.length);
    Object.defineProperty(Uint8Array.prototype, 'constructor', saved.constructor);
  }
  await settled();
  assert.equal(seen, 0, 'no getter of the page ran');
  assert.deepEqual(posted.map((p) => [text(p.bytes).slice(0, 12), p.bytes.length, p.truncated]), [
    ['42["visitor"', 41, false],
    ['binary frame', 12, false],
    ['bbbbbbbbbbbb', MAX, true],
  ]);
});
