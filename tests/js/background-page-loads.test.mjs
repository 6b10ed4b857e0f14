// While a tab's page loads, the background gives the engine nothing of what
// pages do (extension/background/gate.js): the requests whose hold ended,
// and the navigations and reports that come meanwhile, wait, in the order
// they came, until no page loads, or MAX_WAIT_MS at most.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTRACT, emptySiteReport, installBrowser } from './background-fakes/setup.mjs';
import { MAX_WAIT_MS } from '../../extension/background/gate.js';

globalThis.fakeWasm = { answers: { siteReport: emptySiteReport }, calls: [] };
const tabs = [];
const { chrome } = installBrowser({ tabs });
await import('../../extension/background/background.js');

const HOLD_MS = CONTRACT.shell.requestHoldMs;
const ingested = () => (globalThis.fakeWasm.live?.ingested ?? []).filter((e) => e.type === 'navigation' || e.type === 'request');
const of = (tabId) => ingested().filter((e) => e.tabId === tabId).map((e) => (e.type === 'navigation' ? `navigation ${e.url}` : `request ${e.url}`));

let nextId = 1;
function commit(tabId, url) {
  chrome.webNavigation.onCommitted.fire({ tabId, frameId: 0, url, transitionType: 'link', transitionQualifiers: [], timeStamp: Date.now() });
}
function complete(tabId, url) {
  chrome.webNavigation.onCompleted.fire({ tabId, frameId: 0, url, timeStamp: Date.now() });
}
function request(tabId, url) {
  chrome.webRequest.onBeforeRequest.fire({ requestId: `r${nextId++}`, tabId, frameId: 0, type: 'xmlhttprequest', method: 'GET', url, timeStamp: Date.now() });
}

test('the background has started (its inventory taken)', async () => {
  commit(69, 'https://start.example/');
  complete(69, 'https://start.example/');
  const deadline = Date.now() + 5000;
  while (of(69).length === 0 && Date.now() < deadline) await sleep(20);
  assert.deepEqual(of(69), ['navigation https://start.example/']);
});

test('a request whose hold ends while its page loads reaches the engine when the load ends, before a navigation that came later', async () => {
  commit(70, 'https://news.example/');
  await sleep(50);
  assert.deepEqual(of(70), ['navigation https://news.example/'], 'the navigation, with nothing waiting, goes at once');
  request(70, 'https://cdn.example/a.json');
  await sleep(HOLD_MS + 300);
  assert.deepEqual(of(70), ['navigation https://news.example/'], 'its hold ended; the page still loads');
  // Another tab's page commits: its navigation waits behind the request.
  commit(71, 'https://shop.example/');
  complete(70, 'https://news.example/');
  await sleep(50);
  assert.deepEqual(of(71), [], 'tab 71 still loads');
  assert.deepEqual(of(70), ['navigation https://news.example/']);
  complete(71, 'https://shop.example/');
  await sleep(50);
  assert.deepEqual(of(70), ['navigation https://news.example/', 'request https://cdn.example/a.json']);
  assert.deepEqual(of(71), ['navigation https://shop.example/']);
  const order = ingested().filter((e) => e.tabId === 70 || e.tabId === 71).map((e) => e.url);
  assert.ok(order.indexOf('https://cdn.example/a.json') < order.indexOf('https://shop.example/'), 'in the order they came');
});

test('a load that never ends keeps nothing waiting past MAX_WAIT_MS', async () => {
  commit(72, 'https://slow.example/');
  request(72, 'https://cdn.example/b.json');
  await sleep(HOLD_MS + 200);
  assert.deepEqual(of(72), ['navigation https://slow.example/']);
  await sleep(MAX_WAIT_MS + 300);
  assert.deepEqual(of(72), ['navigation https://slow.example/', 'request https://cdn.example/b.json']);
  complete(72, 'https://slow.example/');
});

test('with no page loading, a request reaches the engine as its hold ends', async () => {
  request(73, 'https://cdn.example/c.json');
  await sleep(HOLD_MS + 250);
  assert.deepEqual(of(73), ['request https://cdn.example/c.json']);
});

test('a person opening the popup while a page loads gets what waited: it reaches the engine before the popup reads it', async () => {
  tabs.push({ id: 74, url: 'https://busy.example/' });
  commit(74, 'https://busy.example/');
  request(74, 'https://cdn.example/d.json');
  await sleep(HOLD_MS + 250);
  assert.deepEqual(of(74), ['navigation https://busy.example/'], 'the page still loads');
  const self = chrome.runtime.id;
  const state = await new Promise((resolve) => {
    chrome.runtime.onMessage.fire({ type: 'vigie:popup-state', tabId: 74 }, { id: self, url: `chrome-extension://${self}/popup/popup.html` }, resolve);
  });
  assert.equal(state.ok, true, JSON.stringify(state));
  assert.deepEqual(of(74), ['navigation https://busy.example/', 'request https://cdn.example/d.json']);
  complete(74, 'https://busy.example/');
});

test('a tab the browser replaced ends its load: what waits goes to the engine', async () => {
  commit(75, 'https://swapped.example/');
  request(75, 'https://cdn.example/e.json');
  await sleep(HOLD_MS + 250);
  assert.deepEqual(of(75), ['navigation https://swapped.example/'], 'the page still loads');
  chrome.tabs.onReplaced.fire(76, 75);
  await sleep(20);
  assert.deepEqual(of(75), ['navigation https://swapped.example/', 'request https://cdn.example/e.json']);
});

test('forgetting a site while a page loads takes what waited with it, at once', async () => {
  commit(77, 'https://forget.example/');
  request(77, 'https://cdn.example/f.json');
  await sleep(HOLD_MS + 250);
  const self = chrome.runtime.id;
  const started = Date.now();
  const answer = await new Promise((resolve) => {
    chrome.runtime.onMessage.fire({ type: 'vigie:forget-site', site: 'forget.example' }, { id: self, url: `chrome-extension://${self}/popup/popup.html` }, resolve);
  });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.ok(Date.now() - started < 1000, `answered in ${Date.now() - started} ms`);
  const calls = globalThis.fakeWasm.calls;
  const requestAt = calls.findIndex(([name, event]) => name === 'ingest' && event?.url === 'https://cdn.example/f.json');
  const forgotAt = calls.findIndex(([name, site]) => name === 'forgetSite' && site === 'forget.example');
  assert.ok(requestAt >= 0 && forgotAt > requestAt, 'the request reached the engine before the site was forgotten');
  complete(77, 'https://forget.example/');
});
