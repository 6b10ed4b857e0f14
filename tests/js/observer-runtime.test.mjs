// The page observer's messages to the background
// (extension/content/observer/runtime.js): the main world's reports sent
// within a few milliseconds travel as one batch, in order; any other message
// sends them first; once the page is hidden or leaving they go at once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import contract from '../../src/contract.json' with { type: 'json' };

const sent = [];
globalThis.chrome = {
  runtime: {
    id: 'vigie',
    sendMessage(message) {
      sent.push(message);
      return Promise.resolve();
    },
  },
};
const { ask, flush, send, sendSoon, watchPageLife } = await import('../../extension/content/observer/runtime.js');

const BATCH_MS = contract.shell.reportBatchMs;
const MAX_BATCH = contract.shell.maxReportBatch;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (n) => ({ type: 'vigie:main-world', report: { kind: 'call', api: 'fetch', url: `https://x.example/${n}` } });
const taken = () => sent.splice(0);

test('reports sent within the batch delay go as one message, in order', async () => {
  sendSoon(report(1));
  sendSoon(report(2));
  sendSoon(report(3));
  assert.deepEqual(sent, [], 'nothing before the delay');
  await wait(BATCH_MS + 30);
  assert.deepEqual(taken(), [{ type: 'vigie:batch', messages: [report(1), report(2), report(3)] }]);
});

test('a report alone goes as itself', async () => {
  sendSoon(report(4));
  await wait(BATCH_MS + 30);
  assert.deepEqual(taken(), [report(4)]);
});

test('any other message sends the waiting reports first', async () => {
  sendSoon(report(5));
  send({ type: 'vigie:gesture', href: null, text: 'Contact info', at: 1 });
  assert.deepEqual(taken(), [report(5), { type: 'vigie:gesture', href: null, text: 'Contact info', at: 1 }]);
  sendSoon(report(6));
  await ask({ type: 'vigie:config' });
  assert.deepEqual(taken(), [report(6), { type: 'vigie:config' }]);
  await wait(BATCH_MS + 30);
  assert.deepEqual(sent, [], 'nothing sent twice');
});

test('a full batch goes at once', () => {
  for (let i = 0; i < MAX_BATCH; i++) sendSoon(report(i));
  const batches = taken();
  assert.equal(batches.length, 1);
  assert.equal(batches[0].messages.length, MAX_BATCH);
  assert.equal(batches[0].messages.length <= contract.shell.maxReportBatch, true, 'what the background accepts');
  flush();
  assert.deepEqual(sent, []);
});

test('once the page is hidden or leaving, reports go at once; batched again when it is shown', async () => {
  const listeners = {};
  const documentListeners = {};
  const page = {
    addEventListener: (type, listener, capture) => {
      assert.equal(capture, true, 'before the page hears of it');
      listeners[type] = listener;
    },
    document: {
      visibilityState: 'visible',
      addEventListener: (type, listener, capture) => {
        assert.equal(capture, true);
        documentListeners[type] = listener;
      },
    },
  };
  watchPageLife(page);
  sendSoon(report(7));
  listeners.pagehide();
  assert.deepEqual(taken(), [report(7)], 'what waited, sent as the page leaves');
  sendSoon(report(8));
  assert.deepEqual(taken(), [report(8)], 'a beacon sent from the page\'s own pagehide listener');
  listeners.pageshow();
  sendSoon(report(9));
  assert.deepEqual(sent, []);
  page.document.visibilityState = 'hidden';
  documentListeners.visibilitychange();
  assert.deepEqual(taken(), [report(9)]);
  sendSoon(report(10));
  assert.deepEqual(taken(), [report(10)]);
  page.document.visibilityState = 'visible';
  documentListeners.visibilitychange();
  sendSoon(report(11));
  assert.deepEqual(sent, []);
  // Frozen (no timer runs): what waits goes first.
  documentListeners.freeze();
  assert.deepEqual(taken(), [report(11)]);
  sendSoon(report(12));
  assert.deepEqual(taken(), [report(12)]);
  documentListeners.resume();
  sendSoon(report(13));
  assert.deepEqual(sent, []);
  await wait(BATCH_MS + 30);
  assert.deepEqual(taken(), [report(13)]);
});

test('while the page loads, reports wait until its load event has ended, or half the request hold at most', async () => {
  const LOAD_WAIT_MS = contract.shell.requestHoldMs / 2;
  const listeners = [];
  globalThis.document = { readyState: 'loading' };
  globalThis.addEventListener = (type, listener) => listeners.push([type, listener]);
  try {
    sendSoon(report(20));
    sendSoon(report(21));
    await wait(BATCH_MS + 30);
    assert.deepEqual(sent, [], 'held past the batch delay while the page loads');
    assert.deepEqual(listeners.map(([type]) => type), ['load']);
    globalThis.document.readyState = 'complete';
    listeners[0][1]();
    assert.deepEqual(sent, [], 'not within the load event itself');
    await wait(5);
    assert.deepEqual(taken(), [{ type: 'vigie:batch', messages: [report(20), report(21)] }]);
    // Loaded: the batch delay again.
    sendSoon(report(22));
    await wait(BATCH_MS + 30);
    assert.deepEqual(taken(), [report(22)]);
    // A load that does not end (a frame's, a stalled resource): sent all the same.
    globalThis.document.readyState = 'interactive';
    const started = Date.now();
    sendSoon(report(23));
    while (sent.length === 0 && Date.now() - started < LOAD_WAIT_MS + 500) await wait(10);
    assert.deepEqual(taken(), [report(23)]);
    const waited = Date.now() - started;
    assert.ok(waited >= LOAD_WAIT_MS - 5 && waited < contract.shell.requestHoldMs, `sent after ${waited} ms`);
    assert.equal(listeners.length, 1, 'one load listener for the page');
  } finally {
    delete globalThis.document;
    delete globalThis.addEventListener;
  }
});
