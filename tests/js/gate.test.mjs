// What waits while a page loads (extension/background/gate.js): in order,
// until no tab's top document is loading, and never longer than MAX_WAIT_MS.

import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_WAIT_MS, hurry, idle, inLine, inTurn, loadEnded, loadStarted, resetGate, waitFor, whenIdle } from '../../extension/background/gate.js';

beforeEach(resetGate);

test('with no page loading, a task runs at once', () => {
  const ran = [];
  assert.equal(idle(), true);
  whenIdle(() => ran.push('a'));
  assert.deepEqual(ran, ['a']);
});

test('while a page loads, tasks wait, and run in the order they came once every load has ended', () => {
  const ran = [];
  loadStarted(1);
  loadStarted(2);
  whenIdle(() => ran.push('a'));
  whenIdle(() => ran.push('b'));
  assert.equal(idle(), false);
  loadEnded(1);
  assert.deepEqual(ran, [], 'tab 2 still loads');
  loadEnded(2);
  assert.deepEqual(ran, ['a', 'b']);
  assert.equal(idle(), true);
});

test('a task that comes after others wait goes after them, even once the loads ended', () => {
  const ran = [];
  loadStarted(1);
  whenIdle(() => ran.push('a'));
  loadEnded(3); // another tab, never seen loading: nothing changes
  assert.deepEqual(ran, []);
  loadStarted(1); // a new document in the same tab: still one load
  loadEnded(1);
  assert.deepEqual(ran, ['a']);
  whenIdle(() => ran.push('b'));
  assert.deepEqual(ran, ['a', 'b']);
});

test('a task run while the line drains that asks to wait goes after the rest', () => {
  const ran = [];
  loadStarted(1);
  whenIdle(() => {
    ran.push('a');
    whenIdle(() => ran.push('c'));
  });
  whenIdle(() => ran.push('b'));
  loadEnded(1);
  assert.deepEqual(ran, ['a', 'b', 'c']);
});

test('a task that throws does not keep the others from running', () => {
  const ran = [];
  const warn = console.warn;
  console.warn = () => {};
  try {
    loadStarted(1);
    whenIdle(() => {
      throw new Error('boom');
    });
    whenIdle(() => ran.push('b'));
    loadEnded(1);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(ran, ['b']);
});

test('a load that never ends holds nothing longer than MAX_WAIT_MS', async () => {
  const ran = [];
  loadStarted(1);
  const since = Date.now();
  whenIdle(() => ran.push(Date.now() - since));
  await sleep(MAX_WAIT_MS - 300);
  assert.deepEqual(ran, []);
  await sleep(600);
  assert.equal(ran.length, 1);
  assert.ok(ran[0] >= MAX_WAIT_MS - 20 && ran[0] < MAX_WAIT_MS + 400, `ran after ${ran[0]} ms`);
});

test('a load begun long ago (its end never reported) no longer counts', () => {
  const ran = [];
  loadStarted(1, Date.now() - 60_000);
  whenIdle(() => ran.push('a'));
  assert.deepEqual(ran, ['a']);
});

test('a task that waited knows it runs in its turn; other code does not', () => {
  const seen = [];
  loadStarted(1);
  whenIdle(() => seen.push(inTurn()));
  seen.push(inTurn());
  loadEnded(1);
  assert.deepEqual(seen, [false, true]);
  assert.equal(inTurn(), false);
});

test('what the line waits for holds it however long, and its end lets it go', async () => {
  const ran = [];
  let settle;
  waitFor(new Promise((resolve) => {
    settle = resolve;
  }));
  assert.equal(idle(), false);
  whenIdle(() => ran.push('a'));
  await sleep(MAX_WAIT_MS + 200);
  assert.deepEqual(ran, [], 'no time limit');
  settle();
  await sleep(0);
  assert.deepEqual(ran, ['a']);
  assert.equal(idle(), true);
});

test('its end with a page still loading leaves the line to the load, and to the time limit', async () => {
  const ran = [];
  let settle;
  waitFor(new Promise((resolve) => {
    settle = resolve;
  }));
  loadStarted(1);
  whenIdle(() => ran.push('a'));
  settle();
  await sleep(0);
  assert.deepEqual(ran, []);
  loadEnded(1);
  assert.deepEqual(ran, ['a']);
});

test('a person opening the popup runs what waits, pages loading or not; not before what the line waits for', async () => {
  const ran = [];
  loadStarted(1);
  whenIdle(() => ran.push('a'));
  hurry();
  assert.deepEqual(ran, ['a']);
  let settle;
  waitFor(new Promise((resolve) => {
    settle = resolve;
  }));
  whenIdle(() => ran.push('b'));
  hurry();
  assert.deepEqual(ran, ['a'], 'the inventory first');
  settle();
  await sleep(MAX_WAIT_MS + 100);
  assert.deepEqual(ran, ['a', 'b'], 'then the time limit, tab 1 still loading');
});

test('a task given in line resolves with what it returns, or rejects with what it throws, in its turn', async () => {
  loadStarted(1);
  const ok = inLine(() => 'done');
  const bad = inLine(() => {
    throw new Error('boom');
  });
  let settled = false;
  ok.then(() => {
    settled = true;
  });
  await sleep(0);
  assert.equal(settled, false, 'waits for the load');
  loadEnded(1);
  assert.equal(await ok, 'done');
  await assert.rejects(bad, /boom/);
});
