// When the engine starts (extension/background/core.js, background.js): a
// woken worker holds the engine's start while a page loads, so that the page
// that woke it does not share the cores with the engine's start; events are
// logged meanwhile and reach the engine, in order, once it starts. The
// popup, a person waiting, starts it at once.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { emptySiteReport, installBrowser, until } from './background-fakes/setup.mjs';

installBrowser();
globalThis.fakeWasm = { answers: { siteReport: emptySiteReport } };
const wasm = globalThis.fakeWasm;
const core = await import('../../extension/background/core.js');

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const event = (id) => ({ type: 'tabClosed', time: id, tabId: id, id });

test('the engine starts only when told to; events taken meanwhile are logged and reach it, in order', async () => {
  let answered = false;
  const outs = Promise.all(range(1, 5).map((id) => core.ingest(event(id)))).then((all) => {
    answered = true;
    return all;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(answered, false, 'no event was answered before the engine could start');
  assert.equal(wasm.live, undefined, 'no engine was made before startEngine()');
  core.startEngine();
  await outs;
  assert.deepEqual(wasm.live.ingested.map((e) => e.id), range(1, 5));
});

// The background as a woken worker runs it, with one tab.
const PAGE = 'https://shop.example/';
let wakes = 0;
async function wake(tabs) {
  const browser = installBrowser({ tabs });
  globalThis.fakeWasm.live = undefined;
  globalThis.fakeWasm.ready = false;
  await import(`../../extension/background/background.js?wake=${++wakes}`);
  return browser;
}

async function settle() {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('woken while a page loads, the engine starts when the load ends, not before', async () => {
  const tabs = [{ id: 7, url: PAGE, status: 'loading' }];
  const { chrome } = await wake(tabs);
  await settle();
  assert.equal(globalThis.fakeWasm.live, undefined, 'no engine while the page loads');
  // A frame's load is not the page's.
  chrome.webNavigation.onCompleted.fire({ frameId: 3, tabId: 7, url: `${PAGE}frame` });
  await settle();
  assert.equal(globalThis.fakeWasm.live, undefined, "a frame's load does not start it");
  tabs[0].status = 'complete';
  chrome.webNavigation.onCompleted.fire({ frameId: 0, tabId: 7, url: PAGE });
  await until(() => globalThis.fakeWasm.live, 'the engine started after the load');
});

test('with another tab still loading, one load ending does not start it; the popup does, at once', async () => {
  const tabs = [{ id: 7, url: PAGE, status: 'complete' }, { id: 8, url: PAGE, status: 'loading' }];
  const { chrome, self } = await wake(tabs);
  chrome.webNavigation.onCompleted.fire({ frameId: 0, tabId: 7, url: PAGE });
  await settle();
  assert.equal(globalThis.fakeWasm.live, undefined, 'tab 8 still loads');
  const answer = await new Promise((resolve) => {
    const sender = { id: self, url: `chrome-extension://${self}/popup/popup.html` };
    chrome.runtime.onMessage.fire({ type: 'vigie:popup-state', tabId: 7 }, sender, resolve);
  });
  assert.ok(globalThis.fakeWasm.live, 'the popup started the engine');
  assert.ok(answer && !answer.error, 'and was answered');
});

test('woken with no page loading, the engine starts at once', async () => {
  await wake([{ id: 7, url: PAGE, status: 'complete' }]);
  await until(() => globalThis.fakeWasm.live, 'the engine started');
});

test('a page whose load never ends holds the start at most 1.5 s', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    await wake([{ id: 7, url: PAGE, status: 'loading' }]);
    await settle();
    mock.timers.tick(1400);
    await settle();
    assert.equal(globalThis.fakeWasm.live, undefined, 'held at 1.4 s');
    mock.timers.tick(100);
    await settle();
    assert.ok(globalThis.fakeWasm.live, 'started at 1.5 s');
  } finally {
    mock.timers.reset();
  }
});
