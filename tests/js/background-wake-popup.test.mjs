// A person who opens the popup while a woken worker still takes its
// inventory, and a page loads: the popup's answer waits for both the
// inventory and what the page did meanwhile (extension/background/gate.js).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTRACT, engineHeldBack, installBrowser } from './background-fakes/setup.mjs';

const load = engineHeldBack();
const tabs = [{ id: 90, url: 'https://heavy.example/' }];
const { chrome } = installBrowser({ tabs });
await import('../../extension/background/background.js');

test('the popup opened during the inventory answers with the page’s request in the engine', async () => {
  chrome.webNavigation.onCommitted.fire({ tabId: 90, frameId: 0, url: 'https://heavy.example/', transitionType: 'link', transitionQualifiers: [], timeStamp: Date.now() });
  chrome.webRequest.onBeforeRequest.fire({ requestId: 'p1', tabId: 90, frameId: 0, type: 'xmlhttprequest', method: 'GET', url: 'https://cdn.example/p.json', timeStamp: Date.now() });
  await sleep(CONTRACT.shell.requestHoldMs + 300);
  const self = chrome.runtime.id;
  const answered = new Promise((resolve) => {
    chrome.runtime.onMessage.fire({ type: 'vigie:popup-state', tabId: 90 }, { id: self, url: `chrome-extension://${self}/popup/popup.html` }, resolve);
  });
  await sleep(50);
  load();
  const state = await answered;
  assert.equal(state.ok, true, JSON.stringify(state));
  const seen = (globalThis.fakeWasm.live?.ingested ?? []).map((e) => (e.tabId === 90 ? `${e.type} ${e.url}` : e.type));
  assert.deepEqual(seen, ['extensionInventory', 'navigation https://heavy.example/', 'request https://cdn.example/p.json']);
});
