// Two of the background's readings of where events come from
// (extension/background/background.js):
// - a tab an extension or another program opened stays theirs, page after
//   page, while it is moved along a modelled site as a `link` (how profile
//   queues walk one pinned background tab), until the person clicks in it,
//   asks for a page there (a reload or a step back does not count), or it
//   leaves the site;
// - main-world reports of a frame of the page's own document (about:blank,
//   about:srcdoc) are the page's calls and workers, since Chromium gives
//   that frame's requests as the top document's; other subframes' are not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { emptySiteReport, installBrowser } from './background-fakes/setup.mjs';
import CONTRACT from '../../src/contract.json' with { type: 'json' };

const FEED = 'https://www.linkedin.com/feed/';
const profile = (slug) => `https://www.linkedin.com/in/${slug}/`;
globalThis.fakeWasm = {
  answers: {
    siteReport: emptySiteReport,
  },
};
const { chrome } = installBrowser({ tabs: [{ id: 1, url: FEED }] });
await import('../../extension/background/background.js');
const ingested = () => globalThis.fakeWasm.live?.ingested ?? [];

async function settle() {
  for (let i = 0; i < 40; i++) await turn();
}

let clock = 10_000;
/** Commits `url` in `tabId`'s top frame; resolves to the navigation the engine got. */
async function commit(tabId, url, transitionType = 'link', transitionQualifiers = []) {
  clock += 1000;
  chrome.webNavigation.onCommitted.fire({ tabId, frameId: 0, url, transitionType, transitionQualifiers, timeStamp: clock });
  await settle();
  const navigation = ingested().findLast((e) => e.type === 'navigation' && e.tabId === tabId);
  assert.equal(navigation?.url, url);
  return navigation;
}

/** A message from a frame; `origin` as Chromium gives it (Firefox gives none: `{ origin: undefined }`). */
function fromFrame(tabId, tabUrl, frameId, url, message, sender = { origin: new URL(tabUrl).origin }) {
  return new Promise((resolve) => {
    chrome.runtime.onMessage.fire(message, { id: chrome.runtime.id, tab: { id: tabId, url: tabUrl }, frameId, url, ...sender }, resolve);
  });
}

test('a tab a program opened stays unrequested while it is moved along the site, until the person clicks in it', async () => {
  chrome.tabs.onCreated.fire({ id: 40, url: 'about:blank' });
  chrome.webNavigation.onCommitted.fire({ tabId: 40, frameId: 0, url: 'about:blank', transitionType: 'link', transitionQualifiers: [], timeStamp: clock });
  for (const slug of ['elena-rossi', 'farid-haddad', 'grace-obrien']) {
    assert.equal((await commit(40, profile(slug))).unrequested, true, slug);
  }
  // A trusted click in the tab: what follows is the person's.
  await fromFrame(40, profile('grace-obrien'), 0, profile('grace-obrien'), { type: 'vigie:gesture', at: clock, href: profile('jonas-berg'), text: 'Jonas Berg' });
  assert.equal((await commit(40, profile('jonas-berg'))).unrequested, false);
  assert.equal((await commit(40, profile('kenji-watanabe'))).unrequested, false);
});

test('a reload or a step back in such a tab is no page it asked for, and leaves the tab the program’s', async () => {
  chrome.tabs.onCreated.fire({ id: 44 });
  assert.equal((await commit(44, profile('quentin-dubois'))).unrequested, true);
  assert.equal((await commit(44, profile('rosa-lindqvist'))).unrequested, true);
  assert.equal((await commit(44, profile('quentin-dubois'), 'link', ['forward_back'])).unrequested, false);
  assert.equal((await commit(44, profile('rosa-lindqvist'), 'reload')).unrequested, false);
  chrome.webNavigation.onCommitted.fire({ tabId: 44, frameId: 0, url: 'about:blank#next', transitionType: 'link', transitionQualifiers: [], timeStamp: clock });
  assert.equal((await commit(44, profile('samuel-adeyemi'))).unrequested, true);
  // A step back in a tab the person opened is theirs, as before.
  chrome.tabs.onCreated.fire({ id: 45 });
  assert.equal((await commit(45, profile('tess-van-dijk'), 'link', ['forward_back'])).unrequested, false);
  assert.equal((await commit(45, profile('alice-martin'))).unrequested, false);
});

test('a page the person asks for, or another site, makes such a tab theirs', async () => {
  chrome.tabs.onCreated.fire({ id: 41 });
  assert.equal((await commit(41, profile('lea-schmidt'))).unrequested, true);
  assert.equal((await commit(41, profile('mateo-garcia'), 'typed')).unrequested, false);
  assert.equal((await commit(41, profile('nadia-benali'))).unrequested, false);

  // Another site, where clicks are not reported: the person may be clicking.
  chrome.tabs.onCreated.fire({ id: 42 });
  assert.equal((await commit(42, 'https://news.example/story')).unrequested, true);
  assert.equal((await commit(42, profile('oliver-hughes'))).unrequested, false);

  // A tab opened from a page (an opener) is never unrequested.
  chrome.tabs.onCreated.fire({ id: 43, openerTabId: 1 });
  assert.equal((await commit(43, profile('priya-raman'))).unrequested, false);
});

test('calls and workers of an about:blank frame of the page’s origin are the page’s; other subframes’ reports are not', async () => {
  const page = profile('alice-martin');
  const call = (url) => ({ type: 'vigie:main-world', report: { kind: 'call', api: 'fetch', url, method: 'POST', stack: [] } });
  const worker = { type: 'vigie:main-world', report: { kind: 'worker' } };
  const before = ingested().length;
  await fromFrame(7, page, 5, 'about:blank', call('https://collector.example/blank'));
  await fromFrame(7, page, 5, 'about:blank', worker);
  // A srcdoc frame's requests come with its own frame id (Chromium 156).
  await fromFrame(7, page, 6, 'about:srcdoc', worker);
  // An about:blank frame inside another site's frame is that site's.
  await fromFrame(7, page, 9, 'about:blank', worker, { origin: 'https://ads.example' });
  // Firefox names no sender origin.
  await fromFrame(7, page, 10, 'about:blank', worker, { origin: undefined });
  await fromFrame(7, page, 8, 'https://ads.example/frame', call('https://collector.example/ads'));
  await fromFrame(7, page, 5, 'about:blank', { type: 'vigie:main-world', report: { kind: 'ready' } });
  await fromFrame(7, page, 0, page, { type: 'vigie:main-world', report: { kind: 'ready' } });
  await settle();
  const reports = ingested()
    .slice(before)
    .filter((e) => e.type === 'mainWorld')
    .map((e) => [e.tabId, e.pageUrl, e.report.kind, e.report.url ?? null]);
  assert.deepEqual(reports, [
    [7, page, 'call', 'https://collector.example/blank'],
    [7, page, 'worker', null],
    [7, page, 'ready', null],
  ]);
});

test('a batch of main-world reports is taken as its reports one by one, in order; nothing else travels in one', async () => {
  const page = profile('alice-martin');
  const call = (url) => ({ type: 'vigie:main-world', report: { kind: 'call', api: 'fetch', url, method: 'POST', stack: [] } });
  const before = ingested().length;
  const answer = await fromFrame(8, page, 0, page, {
    type: 'vigie:batch',
    messages: [
      call('https://collector.example/1'),
      { type: 'vigie:gesture', at: clock, href: profile('jonas-berg'), text: 'Jonas Berg' },
      call('https://collector.example/2'),
      { type: 'vigie:main-world', report: { kind: 'worker' } },
    ],
  });
  assert.equal(answer?.ok, true, 'acknowledged once logged');
  // A batch longer than the observer sends is refused whole, unanswered.
  const tooLong = Array.from({ length: CONTRACT.shell.maxReportBatch + 1 }, (_, i) => call(`https://collector.example/long/${i}`));
  const refused = [];
  chrome.runtime.onMessage.fire({ type: 'vigie:batch', messages: tooLong }, { id: chrome.runtime.id, tab: { id: 8, url: page }, frameId: 0, url: page }, (a) => refused.push(a));
  chrome.runtime.onMessage.fire({ type: 'vigie:batch', messages: 'not a list' }, { id: chrome.runtime.id, tab: { id: 8, url: page }, frameId: 0, url: page }, (a) => refused.push(a));
  // A subframe's batch is held to the subframe's rules.
  await fromFrame(8, page, 3, 'https://ads.example/frame', { type: 'vigie:batch', messages: [call('https://collector.example/ads')] });
  await settle();
  assert.deepEqual(refused, []);
  const taken = ingested().slice(before);
  assert.deepEqual(
    taken.map((e) => [e.type, e.tabId, e.report?.kind ?? null, e.report?.url ?? null]),
    [
      ['mainWorld', 8, 'call', 'https://collector.example/1'],
      ['mainWorld', 8, 'call', 'https://collector.example/2'],
      ['mainWorld', 8, 'worker', null],
    ],
  );
});
