// The background (extension/background/background.js) woken cold: the
// browser delivers events before the wasm module has loaded, as it does to a
// stopped service worker or Firefox event page. Every entry point must wait
// for the module — static helpers included — then answer the popup with the
// engine's findings as ordered and its site model, set the badge from the
// engine's count, and write notifications from the locale.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installBrowser, until } from './background-fakes/setup.mjs';
import contract from '../../src/contract.json' with { type: 'json' };

const PROFILE_URL = 'https://www.linkedin.com/in/alice-martin/';
const { chrome, calls, self } = installBrowser({
  tabs: [
    { id: 7, url: PROFILE_URL },
    { id: 8, url: 'chrome://extensions/' },
  ],
});

const LINKEDIN = { id: 'linkedin', name: 'LinkedIn', profileUrlPrefix: 'linkedin.com/in/' };
// Already ordered by the engine; a shell that sorted them again by severity
// would swap these two.
const FINDINGS = [
  {
    key: 'bulkCrawl|www.linkedin.com|unattributed',
    site: 'www.linkedin.com',
    kind: 'bulkCrawl',
    severity: 'info',
    actor: { type: 'unattributed', candidates: [] },
    message: { key: 'findingBulkCrawlUnrequested', args: [{ count: 3, unit: 'profilePages' }] },
    lastSeen: 2,
  },
  {
    key: 'harvestBurst|www.linkedin.com|ext:h',
    site: 'www.linkedin.com',
    kind: 'harvestBurst',
    severity: 'high',
    actor: { type: 'extension', id: 'h', name: 'Fixture Harvester' },
    message: {
      key: 'findingHarvestBurst',
      args: ['Fixture Harvester', { count: 12, unit: 'profiles' }, { count: 1, unit: 'seconds' }],
    },
    lastSeen: 1,
  },
];

// The module is held back until the test lets it load.
let load;
globalThis.fakeWasm = {
  gate: new Promise((resolve) => {
    load = resolve;
  }),
  ready: false,
  calls: [],
  answers: {
    siteReport: (site) => ({
      findings: FINDINGS,
      health: { rejectedEvents: 0, capsReached: [], bridgeDrops: 0 },
      watched: { pages: 1, injections: 0, since: 1 },
      extensions: { total: 2, enabled: 2 },
      // Not a count of the findings above: the badge must be the engine's.
      badge: { count: 5, worst: 'high' },
      siteModel: site === 'www.linkedin.com' ? LINKEDIN : null,
    }),
    badge: (site) => (site === 'www.linkedin.com' ? { count: 5, worst: 'high' } : { count: 0, worst: null }),
  },
};

const failures = [];
process.on('unhandledRejection', (reason) => failures.push(reason));

await import('../../extension/background/background.js');

/** Sends a message as the popup does; resolves to the background's answer. */
function fromPopup(message) {
  return new Promise((resolve) => {
    const sender = { id: self, url: `chrome-extension://${self}/popup/popup.html` };
    const answered = chrome.runtime.onMessage.fire(message, sender, resolve);
    assert.deepEqual(answered, [true], 'the background answers asynchronously');
  });
}

/** Sends a message as a page's observer does; resolves to the answer. */
function fromPage(message, tab) {
  return new Promise((resolve) => {
    chrome.runtime.onMessage.fire(message, { id: self, tab, frameId: 0, url: tab.url }, resolve);
  });
}

test('a page observer is told what to watch while the module is still loading', async () => {
  // A person's first click on "Contact info" must reach the core before the
  // lookup it starts: the observer cannot wait for a worker's engine.
  assert.deepEqual(await fromPage({ type: 'vigie:config' }, { id: 7, url: PROFILE_URL }), { watchGestures: true, watchContacts: true });
  for (const url of ['https://shop.example/checkout', 'https://www.linkedin.com.example/in/x/', 'chrome://extensions/']) {
    assert.deepEqual(await fromPage({ type: 'vigie:config' }, { id: 9, url }), { watchGestures: false, watchContacts: false }, url);
  }
  assert.equal(globalThis.fakeWasm.calls.length, 0);
});

test('a popup, a tab switch and a navigation that arrive before the module has loaded are answered once it has', async () => {
  // Cold: nothing loaded yet, and the browser is already delivering events.
  const state = fromPopup({ type: 'vigie:popup-state', tabId: 7 });
  const unwatched = fromPopup({ type: 'vigie:popup-state', tabId: 8 });
  chrome.tabs.onActivated.fire({ tabId: 7 });
  chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 10 });
  // The person clicks "Contact info"; the lookup it starts is held, then
  // released, all before the module (and so the inventory) is there.
  const clickedAt = Date.now() - 500;
  chrome.runtime.onMessage.fire(
    { type: 'vigie:gesture', href: `${PROFILE_URL}overlay/contact-info/`, text: 'Contact info', at: clickedAt },
    { id: self, tab: { id: 7, url: PROFILE_URL }, frameId: 0, url: PROFILE_URL },
    () => {},
  );
  // A click on another site, made before its observer knew what to watch:
  // dropped by the background, never logged.
  chrome.runtime.onMessage.fire(
    { type: 'vigie:gesture', href: 'https://shop.example/panier?session=abc', text: 'Panier' },
    { id: self, tab: { id: 9, url: 'https://shop.example/' }, frameId: 0, url: 'https://shop.example/' },
    () => {},
  );
  const lookup = `https://www.linkedin.com/voyager/api/identity/profiles/alice-martin/profileContactInfo`;
  chrome.webRequest.onBeforeRequest.fire({ requestId: 'r1', tabId: 7, frameId: 0, type: 'xmlhttprequest', method: 'GET', url: lookup, timeStamp: 12 });
  await new Promise((resolve) => setTimeout(resolve, contract.shell.requestHoldMs + 100));
  assert.equal(globalThis.fakeWasm.calls.length, 0, 'nothing called into the module before it loaded');

  load();
  const ingested = await until(() => {
    const events = globalThis.fakeWasm.calls.filter(([name, event]) => name === 'ingest' && event.tabId === 7).map(([, event]) => event.type);
    return events.includes('request') && events;
  }, 'the lookup');
  assert.deepEqual(
    ingested.filter((type) => ['navigation', 'gesture', 'request'].includes(type)),
    ['navigation', 'gesture', 'request'],
    'in the order they arrived, whatever waited for the inventory',
  );
  assert.ok(!globalThis.fakeWasm.calls.some(([name, event]) => name === 'ingest' && event.type === 'gesture' && event.tabId === 9));
  const click = globalThis.fakeWasm.calls.find(([name, event]) => name === 'ingest' && event.type === 'gesture')[1];
  assert.equal(click.time, clickedAt, 'the click’s own time, not when the worker read it');
  const answer = await state;
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.equal(answer.site, 'www.linkedin.com');
  assert.deepEqual(answer.siteModel, LINKEDIN);
  assert.deepEqual(
    answer.findings.map((f) => f.key),
    FINDINGS.map((f) => f.key),
    'in the engine’s order',
  );
  const none = await unwatched;
  assert.deepEqual([none.ok, none.site, none.siteModel, none.findings], [true, null, null, []]);

  await until(() => calls.some(([name, arg]) => name === 'action.setBadgeText' && arg.text === '5'), 'the badge');
  assert.deepEqual(failures, []);
});

test('the badge shows the engine’s count, coloured by the worst severity, with a title in the locale', async () => {
  const badge = calls.filter(([name, arg]) => name === 'action.setBadgeText' && arg.tabId === 7).at(-1);
  assert.deepEqual(badge[1], { tabId: 7, text: '5' });
  const colour = calls.filter(([name]) => name === 'action.setBadgeBackgroundColor').at(-1);
  assert.deepEqual(colour[1], { tabId: 7, color: '#c62828' });
  const title = calls.filter(([name, arg]) => name === 'action.setTitle' && arg.tabId === 7).at(-1);
  assert.equal(title[1].title, 'Vigie — warnings on this site: 5');
});

test('a badge already showing the engine’s count is not set again, until a new document resets it', async () => {
  const badgeCalls = (from) => calls.slice(from).filter(([name, arg]) => name.startsWith('action.set') && arg.tabId === 7);
  const before = calls.length;
  const asked = globalThis.fakeWasm.calls.filter(([name]) => name === 'badge').length;
  // A history change on the same document: the count has not changed.
  chrome.webNavigation.onHistoryStateUpdated.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 10 });
  await until(() => globalThis.fakeWasm.calls.filter(([name]) => name === 'badge').length > asked, 'the engine asked for the badge');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(badgeCalls(before), [], 'no call repaints an unchanged badge');
  // A new document: the browser cleared the tab's badge, which is set again.
  chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 11 });
  await until(() => badgeCalls(before).some(([name, arg]) => name === 'action.setBadgeText' && arg.text === '5'), 'the badge set again');
  // A page that failed to load (an error page) resets it too, without a commit.
  const afterCommit = calls.length;
  chrome.webNavigation.onErrorOccurred.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 12 });
  chrome.webNavigation.onHistoryStateUpdated.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 13 });
  await until(() => badgeCalls(afterCommit).some(([name, arg]) => name === 'action.setBadgeText' && arg.text === '5'), 'the badge set after an error page');
  assert.deepEqual(failures, []);
});

test('a new document with no warnings keeps the badge the browser reset, without a call; one with warnings is set', async () => {
  const badgeCalls = (from) => calls.slice(from).filter(([name, arg]) => name.startsWith('action.set') && arg.tabId === 7);
  const asked = () => globalThis.fakeWasm.calls.filter(([name, site]) => name === 'badge' && site === 'www.example.org').length;
  // The tab leaves the profile (badge 5) for a site with no warnings.
  const before = calls.length;
  const askedBefore = asked();
  chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: 'https://www.example.org/', timeStamp: 14 });
  await until(() => asked() > askedBefore, 'the engine asked for the badge');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(badgeCalls(before), [], 'the browser already shows no badge and the default title');
  // Activating the tab: what it shows is unknown, so its badge is set
  // (for the page the browser says the tab shows).
  chrome.tabs.onActivated.fire({ tabId: 7, windowId: 1 });
  await until(() => badgeCalls(before).some(([name]) => name === 'action.setBadgeText'), 'the badge set on activation');
  // Back to the profile: its warnings are shown again.
  const back = calls.length;
  chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 15 });
  await until(() => badgeCalls(back).some(([name, arg]) => name === 'action.setBadgeText' && arg.text === '5'), 'the badge set again');
  assert.deepEqual(failures, []);
});

test('a notification says what happened in a sentence from the locale, counts with their units', async () => {
  const unknownKey = {
    ...FINDINGS[1],
    key: 'harvestBurst|www.linkedin.com|ext:n',
    message: { key: 'findingFromANewerCore', args: ['x'] },
  };
  globalThis.fakeWasm.answers.ingest = () => ({
    findings: [FINDINGS[1], unknownKey],
    notify: [FINDINGS[1].key, unknownKey.key],
    notices: [],
  });
  chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: PROFILE_URL, timeStamp: 20 });
  const created = await until(() => {
    const list = calls.filter(([name]) => name === 'notifications.create');
    return list.length >= 2 && list;
  }, 'two notifications');
  assert.deepEqual(
    created.map(([, id, options]) => [id, options.title, options.message]),
    [
      [
        `vigie:${FINDINGS[1].key}`,
        'Vigie: warning on www.linkedin.com',
        'Fixture Harvester fetched 12 profiles in 1 second, at a machine’s pace, not a person’s',
      ],
      [`vigie:${unknownKey.key}`, 'Vigie: warning on www.linkedin.com', 'Vigie noticed this on the site: Mass lookups'],
    ],
  );
  assert.deepEqual(failures, []);
});

test('a notification clicked opens what it is about: the popup of a tab showing its site, or the Extensions view', async () => {
  const before = calls.length;
  chrome.notifications.onClicked.fire(`vigie:${FINDINGS[1].key}`);
  await until(() => calls.slice(before).some(([name]) => name === 'action.openPopup'), 'the popup opened');
  const made = calls.slice(before).map(([name, ...args]) => [name, ...args]);
  // Tab 7 shows www.linkedin.com but is not the active one: brought forward first.
  assert.deepEqual(made.find(([name]) => name === 'tabs.update'), ['tabs.update', 7, { active: true }]);
  assert.ok(made.findIndex(([name]) => name === 'tabs.update') < made.findIndex(([name]) => name === 'action.openPopup'));

  const later = calls.length;
  chrome.notifications.onClicked.fire('vigie:extensionRiskRose|extensions|ext:abcdefghijklmnopabcdefghijklmnop');
  const opened = await until(() => calls.slice(later).find(([name]) => name === 'tabs.create'), 'the Extensions view');
  assert.equal(opened[1].url, `chrome-extension://${self}/popup/popup.html?view=extensions`);
  assert.ok(!calls.slice(later).some(([name]) => name === 'action.openPopup'), 'not the popup of whatever tab is active');
  assert.deepEqual(failures, []);
});
