// A page load that wakes the worker (extension/background/gate.js): the
// worker takes the extension inventory first, and what pages did meanwhile
// (the navigation that woke it, the requests whose hold ended) reaches the
// engine after it, in the order it came, however long the inventory takes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTRACT, engineHeldBack, installBrowser } from './background-fakes/setup.mjs';

// The engine's module is held back until the test lets it load: the
// inventory waits for it.
const load = engineHeldBack();
const { chrome } = installBrowser({ tabs: [] });
await import('../../extension/background/background.js');

const HOLD_MS = CONTRACT.shell.requestHoldMs;
const ingested = () => globalThis.fakeWasm.live?.ingested ?? [];

test('a navigation that came while the inventory was taken reaches the engine before the request its page made, and both after the inventory', async () => {
  chrome.webNavigation.onCommitted.fire({ tabId: 80, frameId: 0, url: 'https://heavy.example/', transitionType: 'link', transitionQualifiers: [], timeStamp: Date.now() });
  chrome.webRequest.onBeforeRequest.fire({ requestId: 'w1', tabId: 80, frameId: 0, type: 'xmlhttprequest', method: 'GET', url: 'https://cdn.example/a.json', timeStamp: Date.now() });
  // The request's hold ends while the engine is still loading.
  await sleep(HOLD_MS + 300);
  assert.equal(ingested().length, 0);
  load();
  // The inventory is taken while the page still loads.
  const taken = Date.now() + 5000;
  while (!ingested().some((e) => e.type === 'extensionInventory') && Date.now() < taken) await sleep(10);
  await sleep(50);
  chrome.webNavigation.onCompleted.fire({ tabId: 80, frameId: 0, url: 'https://heavy.example/', timeStamp: Date.now() });
  const deadline = Date.now() + 5000;
  while (ingested().filter((e) => e.tabId === 80).length < 2 && Date.now() < deadline) await sleep(20);
  const types = ingested().map((e) => (e.tabId === 80 ? `${e.type} ${e.url}` : e.type));
  assert.deepEqual(types, ['extensionInventory', 'navigation https://heavy.example/', 'request https://cdn.example/a.json']);
});
