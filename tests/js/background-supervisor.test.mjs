// The supervisor of the engine (extension/background/core.js) against a fake
// wasm module that traps like the real one: a panic leaves the instance
// unusable ("recursive use of an object"), and only a fresh instance works
// again. A trap must cost the event it trapped on and nothing else: the
// engine is rebuilt from the last snapshot and the log, recoveries are
// counted in health, and the core's own refusals (MalformedEvent, …) are
// not traps.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installBrowser } from './background-fakes/setup.mjs';

installBrowser();
globalThis.fakeWasm = { answers: {} };
const wasm = globalThis.fakeWasm;
const core = await import('../../extension/background/core.js');
// The worker's start is held while pages load (background.js); these tests
// start it at once (background-start.test.mjs tests the hold).
core.startEngine();

const ids = () => wasm.live.ingested.map((event) => event.id);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const event = (id) => ({ type: 'tabClosed', time: id, tabId: id, id });

test('an event the engine traps on is dropped; the engine is rebuilt with every other event, in order', async () => {
  wasm.trap = (name, [e]) => name === 'ingest' && e?.id === 30;
  const outs = await Promise.all(range(1, 50).map((id) => core.ingest(event(id))));
  wasm.trap = null;
  assert.equal(outs[29], null, 'the trapping event is reported refused');
  assert.deepEqual(ids(), range(1, 50).filter((id) => id !== 30));
  const health = await core.health();
  assert.equal(health.recoveries, 1);
  assert.equal(health.droppedEvents, 1);
  assert.ok(wasm.resets >= 1, 'a fresh instance of the module');
  assert.equal(typeof health.lastRecoveryMs, 'number');
});

test('a read that traps is answered by the rebuilt engine', async () => {
  let trapped = false;
  wasm.trap = (name) => name === 'badge' && !trapped && (trapped = true);
  wasm.answers.badge = () => ({ count: 2, worst: 'high' });
  const badge = await core.withEngine((e) => e.badge('www.linkedin.com'));
  wasm.trap = null;
  assert.deepEqual(badge, { count: 2, worst: 'high' });
  assert.equal((await core.health()).recoveries, 2);
  assert.deepEqual(ids(), range(1, 50).filter((id) => id !== 30), 'nothing lost with the instance');
});

test('the core’s refusals are not traps: no recovery', async () => {
  wasm.answers.ingest = (e) => {
    if (e.id !== 51) return undefined;
    const error = new Error('missing field `tabId`');
    error.name = 'MalformedEvent';
    throw error;
  };
  assert.equal(await core.ingest(event(51)), null);
  delete wasm.answers.ingest;
  assert.equal((await core.health()).recoveries, 2);
});

test('a rebuild starts from the last snapshot and replays only the log after it', async () => {
  await core.persist();
  const snapshotAt = wasm.calls.length;
  for (const id of range(52, 60)) await core.ingest(event(id));
  wasm.trap = (name, [e]) => name === 'ingest' && e?.id === 61;
  await core.ingest(event(61));
  wasm.trap = null;
  const replayed = wasm.calls.slice(snapshotAt).filter(([name]) => name === 'restore' || name === 'ingest');
  // 52…60 live, 61 traps, then: restore, and 52…60 again.
  assert.deepEqual(
    replayed.slice(-10).map(([name, e]) => (name === 'restore' ? 'restore' : e.id)),
    ['restore', ...range(52, 60)],
  );
  assert.deepEqual(ids(), range(1, 60).filter((id) => ![30, 51, 61].includes(id)), "51 was refused, not lost");
});

test('recovery time with 500 events in the log since the snapshot', async () => {
  await core.persist();
  for (const id of range(100, 599)) core.ingest(event(id));
  wasm.trap = (name, [e]) => name === 'ingest' && e?.id === 600;
  const started = performance.now();
  await core.ingest(event(600));
  const elapsed = performance.now() - started;
  wasm.trap = null;
  const health = await core.health();
  assert.equal(health.recoveries, 4);
  assert.ok(health.lastRecoveryMs < 1000, `recovery took ${health.lastRecoveryMs} ms`);
  console.log(`# recovery with 500 logged events (fake engine): ${health.lastRecoveryMs} ms; call answered in ${elapsed.toFixed(1)} ms`);
});
