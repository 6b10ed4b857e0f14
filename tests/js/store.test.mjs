// The background's IndexedDB store (extension/background/store.js) on an
// IndexedDB in memory (fake-indexeddb): one log record per batch, what a
// snapshot deletes and writes again, dropped events, and records an earlier
// version wrote one event each. A fresh import of the module is a fresh
// wake-up of the worker; the database outlives it, as IndexedDB does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';

globalThis.IDBKeyRange = IDBKeyRange;
let woken = 0;

/** A fresh database, and a function that wakes a worker on it: a fresh store module. */
function freshDatabase() {
  globalThis.indexedDB = new IDBFactory();
  return () => import(`../../extension/background/store.js?wake=${++woken}`);
}

const event = (n) => ({ type: 'navigation', tabId: 1, url: `https://example.com/${n}`, time: n });
const entry = (n) => ({ n, event: event(n) });
const ns = (log) => log.map(({ key }) => key);

/** What the database holds: the log's records `[key, value]`, and state's records by key. */
async function raw() {
  const db = await new Promise((resolve, reject) => {
    const request = globalThis.indexedDB.open('vigie');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const read = (name, how) =>
    new Promise((resolve, reject) => {
      const request = db.transaction(name).objectStore(name)[how]();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const [logKeys, logValues, stateKeys, stateValues] = await Promise.all([
    read('log', 'getAllKeys'), read('log', 'getAll'), read('state', 'getAllKeys'), read('state', 'getAll'),
  ]);
  db.close();
  return {
    log: logKeys.map((key, i) => [key, logValues[i]]),
    state: Object.fromEntries(stateKeys.map((key, i) => [key, stateValues[i]])),
  };
}

/** Puts `[key, value]` records in the log as they are, once `store` has made the database. */
async function putRaw(store, records) {
  await store.openStore();
  const db = await new Promise((resolve) => {
    const request = globalThis.indexedDB.open('vigie');
    request.onsuccess = () => resolve(request.result);
  });
  await new Promise((resolve) => {
    const tx = db.transaction('log', 'readwrite');
    for (const [key, value] of records) tx.objectStore('log').put(value, key);
    tx.oncomplete = resolve;
  });
  db.close();
}

test('a batch is one record, read back event by event, in order, by the next wake-up', async () => {
  const wake = freshDatabase();
  const first = await wake();
  await first.writeBatch(1, { log: [entry(1), entry(2), entry(3)] });
  await first.writeBatch(1, { log: [entry(4)] });
  const { log } = await raw();
  assert.deepEqual(log.map(([key]) => key), [[1, 1], [1, 4]]);
  const second = await wake();
  const loaded = await second.loadDurable(2);
  assert.deepEqual(ns(loaded.log), [[1, 1], [1, 2], [1, 3], [1, 4]]);
  assert.deepEqual(loaded.log[2].event, event(3));
  // A wake-up does not read its own events back.
  assert.deepEqual(ns((await second.loadDurable(1)).log), []);
});

test('the event as the log keeps it (`stored`) is what is written, not the event given to the engine', async () => {
  const wake = freshDatabase();
  const store = await wake();
  await store.writeBatch(1, { log: [{ n: 1, event: { ...event(1), body: 'secret' }, stored: event(1) }] });
  const loaded = await (await wake()).loadDurable(2);
  assert.deepEqual(loaded.log[0].event, event(1));
  assert.doesNotMatch(JSON.stringify((await raw()).log), /secret/);
});

test('a snapshot deletes the records it covers and writes again the events of a record that come after it', async () => {
  const wake = freshDatabase();
  const store = await wake();
  await store.writeBatch(1, { log: [entry(1), entry(2), entry(3), entry(4)] });
  await store.writeBatch(1, { log: [entry(5)] });
  // The engine's snapshot after event 2: the first record holds 1 to 4.
  await store.writeBatch(1, { snapshot: { text: 'S2', covers: { 1: 2 } } });
  const { log } = await raw();
  assert.deepEqual(log.map(([key]) => key), [[1, 3], [1, 5]]);
  const loaded = await (await wake()).loadDurable(2);
  assert.equal(loaded.snapshot.text, 'S2');
  assert.deepEqual(ns(loaded.log), [[1, 3], [1, 4], [1, 5]]);
  // A later snapshot takes the record written again like any other.
  await store.writeBatch(1, { snapshot: { text: 'S4', covers: { 1: 4 } } });
  assert.deepEqual((await raw()).log.map(([key]) => key), [[1, 5]]);
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, 5]]);
});

test('events of a batch that comes with a snapshot covering them are not written; those after it are', async () => {
  const wake = freshDatabase();
  const store = await wake();
  // Requests an earlier wake-up held, resumed before this wake-up's first
  // event (keys below 1), given to the engine before the snapshot.
  const resumed = [{ key: [1, -2], event: event(-2) }, { key: [1, -1], event: event(-1) }];
  await store.writeBatch(1, { log: [...resumed, entry(1), entry(2)], snapshot: { text: 'S1', covers: { 1: 1 } } });
  assert.deepEqual((await raw()).log.map(([key]) => key), [[1, 2]]);
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, 2]]);
});

test('resumed events with keys below a wake-up\'s first are a record of their own, read back before it', async () => {
  const wake = freshDatabase();
  const store = await wake();
  await store.writeBatch(1, { log: [entry(1), { key: [1, -1], event: event(-1) }, entry(2)] });
  assert.deepEqual((await raw()).log.map(([key]) => key), [[1, -1], [1, 1]]);
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, -1], [1, 1], [1, 2]]);
});

test("a stopped wake-up's late batch of resumed and later events: the next snapshot takes the resumed ones only", async () => {
  const wake = freshDatabase();
  const first = await wake();
  await first.writeBatch(1, { log: [entry(1), entry(2)] });
  const second = await wake();
  assert.deepEqual(ns((await second.loadDurable(2)).log), [[1, 1], [1, 2]]);
  // Wake-up 1's batch of requests it resumed (whose holds the second
  // wake-up found on disk and resumed itself) and of its event 3 commits late.
  await first.writeBatch(1, { log: [{ key: [1, -1], event: event(-1) }, entry(3)] });
  await second.writeBatch(2, { snapshot: { text: 'S', covers: { 1: 2, 2: 0 } } });
  assert.deepEqual(ns((await (await wake()).loadDurable(3)).log), [[1, 3]]);
});

test('a dropped event is never read again, and leaves the list of dropped ones once a snapshot covers it', async () => {
  const wake = freshDatabase();
  const store = await wake();
  await store.writeBatch(1, { log: [entry(1), entry(2), entry(3)] });
  await store.writeBatch(1, { dropLog: [[1, 2]] });
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, 1], [1, 3]]);
  assert.deepEqual((await raw()).state.dropped, [[1, 2]]);
  await store.writeBatch(1, { snapshot: { text: 'S1', covers: { 1: 1 } } });
  // Still after the snapshot: still dropped.
  assert.deepEqual((await raw()).state.dropped, [[1, 2]]);
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, 3]]);
  await store.writeBatch(1, { snapshot: { text: 'S3', covers: { 1: 3 } } });
  const after = await raw();
  assert.deepEqual(after.state.dropped, []);
  assert.deepEqual(after.log, []);
});

test("an earlier wake-up's dropped last event goes with the snapshot that includes the rest of its wake-up", async () => {
  const wake = freshDatabase();
  await (await wake()).writeBatch(1, { log: [entry(1), entry(2), entry(3)] });
  // The next wake-up reads 1 to 3, drops 3 (the engine trapped on it) and
  // takes a snapshot after 1 and 2 and two events of its own.
  const second = await wake();
  assert.deepEqual(ns((await second.loadDurable(2)).log), [[1, 1], [1, 2], [1, 3]]);
  await second.writeBatch(2, { dropLog: [[1, 3]], log: [entry(1), entry(2)] });
  await second.writeBatch(2, { snapshot: { text: 'S', covers: { 1: 2, 2: 2 } } });
  const after = await raw();
  assert.deepEqual(after.log, []);
  assert.deepEqual(after.state.dropped, []);
  assert.deepEqual(after.state.engine.covers, { 1: 3, 2: 2 });
  assert.deepEqual(ns((await (await wake()).loadDurable(3)).log), []);
});

test("a stopped wake-up's batch committed after the next one read the log is read by the one after", async () => {
  const wake = freshDatabase();
  const first = await wake();
  await first.writeBatch(1, { log: [entry(1), entry(2)] });
  const second = await wake();
  assert.deepEqual(ns((await second.loadDurable(2)).log), [[1, 1], [1, 2]]);
  // Wake-up 1's last transaction commits late.
  await first.writeBatch(1, { log: [entry(3)] });
  await second.writeBatch(2, { snapshot: { text: 'S', covers: { 1: 2, 2: 0 } } });
  assert.deepEqual(ns((await (await wake()).loadDurable(3)).log), [[1, 3]]);
});

test('records an earlier version wrote, one event each, are read and deleted the same way', async () => {
  const wake = freshDatabase();
  const store = await wake();
  // The database as that version left it: the same stores, one event per key.
  await putRaw(store, [1, 2, 3].map((n) => [[1, n], event(n)]));
  const next = await wake();
  const loaded = await next.loadDurable(2);
  assert.deepEqual(ns(loaded.log), [[1, 1], [1, 2], [1, 3]]);
  assert.deepEqual(loaded.log[1].event, event(2));
  await next.writeBatch(2, { snapshot: { text: 'S', covers: { 1: 2 } } });
  assert.deepEqual((await raw()).log.map(([key]) => key), [[1, 3]]);
});

test('a record whose batch is not an array of [n, event] pairs yields nothing from those pairs, and no error', async () => {
  const wake = freshDatabase();
  const store = await wake();
  await putRaw(store, [[[1, 4], { batch: [null, ['x', event(9)], [4, event(4)]] }]]);
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, 4]]);
});

test("a drop an earlier wake-up's late transaction wrote does not stretch a snapshot over events nobody read", async () => {
  const wake = freshDatabase();
  const first = await wake();
  await first.writeBatch(1, { log: [entry(1), entry(2)] });
  const second = await wake();
  assert.deepEqual(ns((await second.loadDurable(2)).log), [[1, 1], [1, 2]]);
  // Wake-up 1's last transactions commit late: events 3 to 5, then a drop of 5.
  await first.writeBatch(1, { log: [entry(3), entry(4), entry(5)] });
  await first.writeBatch(1, { dropLog: [[1, 5]] });
  await second.writeBatch(2, { snapshot: { text: 'S', covers: { 1: 2, 2: 0 } } });
  assert.deepEqual(ns((await (await wake()).loadDurable(3)).log), [[1, 3], [1, 4]]);
  assert.deepEqual((await raw()).state.dropped, [[1, 5]], 'the drop stays until a snapshot covers it');
});

test('a snapshot whose transaction aborts leaves the records it would have written again as they were', async () => {
  const wake = freshDatabase();
  const store = await wake();
  // Event 3 can be written once, then not the second time (as a write
  // refused for want of space would be), then again.
  let reads = 0;
  const fragile = {
    type: 'navigation',
    get url() {
      reads += 1;
      if (reads === 2) throw new Error('refused');
      return 'https://example.com/3';
    },
  };
  await store.writeBatch(1, { log: [entry(1), entry(2), { n: 3, event: fragile }, entry(4)] });
  await assert.rejects(store.writeBatch(1, { snapshot: { text: 'S2', covers: { 1: 2 } } }));
  assert.deepEqual((await raw()).log.map(([key]) => key), [[1, 1]], 'nothing changed on disk');
  // The same snapshot taken again must still write 3 and 4 again.
  await store.writeBatch(1, { snapshot: { text: 'S2', covers: { 1: 2 } } });
  assert.deepEqual(ns((await (await wake()).loadDurable(2)).log), [[1, 3], [1, 4]]);
});
