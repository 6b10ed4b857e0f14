// A page whose commit the browser never reported to Vigie
// (extension/background/background.js `noteReportingPage`): Chromium does
// not dispatch webNavigation events to a worker starting for the first
// time, so the pages that commit meanwhile reach Vigie only by their
// reports and requests. A report from the top frame of a tab in which no
// commit was seen gives the engine the page it came from, as an
// `unreported` navigation, once a commit has had time to come; a commit
// seen meanwhile, a tab with a commit seen, other frames, and documents the
// tab does not show (prerendered, cached, being left) give none.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { emptySiteReport, installBrowser } from './background-fakes/setup.mjs';

globalThis.fakeWasm = { answers: { siteReport: emptySiteReport } };
const { chrome } = installBrowser({ tabs: [] });
await import('../../extension/background/background.js');
const navigations = (tabId) => (globalThis.fakeWasm.live?.ingested ?? []).filter((e) => e.type === 'navigation' && e.tabId === tabId);

// The wait for a commit (background.js UNREPORTED_COMMIT_MS), and a margin.
const WAIT_MS = 400 + 250;
const SHOP = 'https://shop.example/inscription';

function report(tabId, url, frameId = 0, documentLifecycle = undefined) {
  return new Promise((resolve) => {
    chrome.runtime.onMessage.fire(
      { type: 'vigie:main-world', report: { kind: 'ready' } },
      { id: chrome.runtime.id, tab: { id: tabId, url }, frameId, url, origin: new URL(url).origin, ...(documentLifecycle ? { documentLifecycle } : {}) },
      resolve,
    );
  });
}

test('a report from a tab no commit was seen in gives the engine its page, unreported, a moment later', async () => {
  report(60, `${SHOP}#form`);
  report(60, SHOP);
  await sleep(100);
  assert.deepEqual(navigations(60), [], 'not at once: the commit may still come');
  await sleep(WAIT_MS);
  const [navigation, ...more] = navigations(60);
  assert.deepEqual(more, [], 'one for the page');
  assert.deepEqual([navigation.url, navigation.transition, navigation.unrequested], [`${SHOP}#form`, 'unreported', false]);
});

test('a commit that comes meanwhile is the page’s navigation, and no unreported one follows', async () => {
  report(61, SHOP);
  chrome.webNavigation.onCommitted.fire({ tabId: 61, frameId: 0, url: SHOP, transitionType: 'typed', transitionQualifiers: [], timeStamp: Date.now() });
  // Its load ends (what comes while it loads waits for that: gate.js).
  chrome.webNavigation.onCompleted.fire({ tabId: 61, frameId: 0, url: SHOP, timeStamp: Date.now() });
  await sleep(WAIT_MS);
  assert.deepEqual(navigations(61).map((n) => n.transition), ['typed']);
});

test('once a commit was seen in a tab, reports never name its page, not even those of a document being left', async () => {
  chrome.webNavigation.onCommitted.fire({ tabId: 62, frameId: 0, url: 'https://news.example/', transitionType: 'link', transitionQualifiers: [], timeStamp: Date.now() });
  chrome.webNavigation.onCompleted.fire({ tabId: 62, frameId: 0, url: 'https://news.example/', timeStamp: Date.now() });
  report(62, SHOP);
  // A subframe's report, in a tab with no commit seen: not the tab's page.
  report(63, 'https://ads.example/frame', 4);
  await sleep(WAIT_MS);
  assert.deepEqual(navigations(62).map((n) => n.url), ['https://news.example/']);
  assert.deepEqual(navigations(63), []);
});

test('a document the tab does not show (prerendered, cached, being left) names no page; an active one does', async () => {
  for (const [tabId, lifecycle] of [[64, 'prerender'], [65, 'cached'], [66, 'pending_deletion']]) report(tabId, SHOP, 0, lifecycle);
  report(67, SHOP, 0, 'active');
  await sleep(WAIT_MS);
  assert.deepEqual([64, 65, 66].flatMap(navigations), []);
  assert.deepEqual(navigations(67).map((n) => n.transition), ['unreported']);
});
