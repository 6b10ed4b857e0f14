// The background stopped and woken (extension/background/): what one wake-up
// observed — navigations, page reports, requests still held back — is back
// in the engine of the next, in order, from the event log and the held
// requests on disk; a value typed into a form never reaches the disk (only
// storage.session); a report is acknowledged once logged. The first wake-up
// runs on mocked timers, so that stopping it freezes it where it stood, as
// the browser does to a worker.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import CONTRACT from '../../src/contract.json' with { type: 'json' };
import { emptySiteReport, installBrowser, until } from './background-fakes/setup.mjs';

const PROFILE = 'https://www.linkedin.com/in/alice-martin/';
const TYPED = 'alice.private@example.com';
const tabs = [{ id: 7, url: PROFILE }];

async function settle() {
  for (let i = 0; i < 30; i++) await turn();
}

/** Loads a fresh set of background modules, as a woken worker does. */
async function wake(n) {
  const browser = installBrowser({ tabs });
  globalThis.fakeWasm.ready = false;
  globalThis.fakeWasm.instance = (globalThis.fakeWasm.instance ?? 0) + 1;
  await import(`../../extension/background/background.js?wake=${n}`);
  return browser;
}

function report(chrome, message) {
  return new Promise((resolve) => {
    const sender = { id: chrome.runtime.id, tab: { id: 7, url: PROFILE }, frameId: 0, url: PROFILE };
    chrome.runtime.onMessage.fire(message, sender, resolve);
  });
}

globalThis.fakeWasm = {
  answers: {
    siteReport: emptySiteReport,
  },
};
const ingested = () => globalThis.fakeWasm.live.ingested;

test('a stopped worker forgets nothing it observed: the next wake-up replays it, typed values from session memory only', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const first = await wake(1);
  await settle();
  first.chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: PROFILE, timeStamp: 1000 });
  const ack = report(first.chrome, { type: 'vigie:form-input', field: 'email', value: TYPED, formId: 'signup', submitted: false });
  for (const id of ['r1', 'r2', 'r3']) {
    first.chrome.webRequest.onBeforeRequest.fire({
      requestId: id, tabId: 7, type: 'xmlhttprequest', method: 'GET', timeStamp: 1001,
      url: `https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo${id === 'r3' ? `?email=${encodeURIComponent(TYPED)}` : ''}`,
    });
    first.chrome.webRequest.onBeforeSendHeaders.fire({ requestId: id, requestHeaders: [{ name: 'Accept', value: 'application/json' }] });
  }
  await settle();
  mock.timers.tick(20); // the journal's flush, not the requests' hold
  await settle();
  assert.deepEqual(await ack, { ok: true }, 'the report is acknowledged once logged');
  assert.equal(ingested().filter((e) => e.type === 'request').length, 0, 'the requests are still held');

  // Stopped here: its timers never fire again.
  mock.timers.reset();
  const disk = JSON.stringify([...globalThis.fakeStore.log.values(), ...globalThis.fakeStore.held.values(), globalThis.fakeStore.snapshot]);
  assert.ok(!disk.includes(TYPED) && !disk.includes(encodeURIComponent(TYPED)), 'no typed value on disk, not even in a URL query');
  assert.equal(globalThis.fakeStore.held.size, 3, 'the held requests are on disk');
  assert.ok(JSON.stringify(globalThis.fakeSession).includes(TYPED), 'the typed value is in session memory');
  assert.equal(globalThis.fakeSession.accessLevel, 'TRUSTED_CONTEXTS');

  const second = await wake(2);
  const deadline = Date.now() + 3000;
  while (ingested().filter((e) => e.type === 'request').length < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seen = ingested().map((e) => (e.type === 'request' ? e.url.split('?')[0].split('/').at(-2) : e.type));
  assert.ok(
    ingested().some((e) => e.type === 'request' && e.url.endsWith(`?email=${encodeURIComponent(TYPED)}`)),
    'the held request comes back whole, from session memory',
  );
  assert.deepEqual(
    seen.filter((s) => s !== 'extensionInventory'),
    ['navigation', 'formInput', 'r1', 'r2', 'r3'],
    'in the order observed',
  );
  assert.equal(ingested().find((e) => e.type === 'formInput').value, TYPED, 'the engine has the typed value back');
  assert.deepEqual(ingested().find((e) => e.type === 'request').headers, [{ name: 'accept', value: 'application/json' }]);
  await settle();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(globalThis.fakeStore.held.size, 0, 'released requests leave the held store');

  // The popup of the woken worker answers, and says nothing needs a reload.
  const state = await new Promise((resolve) => {
    const sender = { id: second.self, url: `chrome-extension://${second.self}/popup/popup.html` };
    second.chrome.runtime.onMessage.fire({ type: 'vigie:popup-state', tabId: 7 }, sender, resolve);
  });
  assert.equal(state.ok, true, JSON.stringify(state));
  assert.equal(state.reloadToWatch, false);
  assert.equal(state.health.recoveries, 0);
});

test('an event a stopped wake-up wrote after the next one read the log is replayed later, not taken as saved', async () => {
  // The first wake-up's name, from the key of its typed value.
  const firstWake = globalThis.fakeSession['vigie:typed'][0].key[0];
  await globalThis.vigie.persist();
  // Its last transaction lands only now, after the second read the log.
  const late = { type: 'tabClosed', time: 5000, tabId: 99 };
  globalThis.fakeStore.log.set(JSON.stringify([firstWake, 999]), { key: [firstWake, 999], event: late });
  await globalThis.vigie.persist();
  assert.ok(globalThis.fakeStore.log.size >= 1, 'a snapshot does not delete what it does not include');

  await wake(3);
  await until(() => ingested().some((e) => e.tabId === 99), 'the late event replayed');
  await globalThis.vigie.persist();
  assert.deepEqual([...globalThis.fakeStore.log.values()], [], 'and then covered by a snapshot');
});

test('a released request is logged a moment later, with the others of its page; a stop meanwhile loses nothing: its hold, still on disk, gives it to the next wake-up once', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const fourth = await wake(4);
  await settle();
  const url = 'https://www.linkedin.com/voyager/api/identity/profiles/r9/profileContactInfo';
  fourth.chrome.webRequest.onBeforeRequest.fire({ requestId: 'r9', tabId: 7, type: 'xmlhttprequest', method: 'GET', timeStamp: 6000, url });
  await settle();
  mock.timers.tick(30); // the hold's write
  await settle();
  assert.ok(globalThis.fakeStore.held.has('r9'), 'held on disk');
  // Released to the engine; its log entry and the end of its hold not yet written.
  for (let waited = 0; waited < CONTRACT.shell.requestHoldMs + 200; waited += 50) {
    mock.timers.tick(50);
    await settle();
  }
  assert.equal(ingested().filter((e) => e.url === url).length, 1, 'the engine has it');
  const logged = () => [...globalThis.fakeStore.log.values()].some((v) => v?.url === url || v?.event?.url === url);
  assert.ok(globalThis.fakeStore.held.has('r9') && !logged(), 'not yet logged: its hold keeps it');

  // Stopped here: its timers never fire again.
  mock.timers.reset();
  await wake(5);
  await until(() => ingested().some((e) => e.url === url), 'the held request given to the next engine');
  await settle();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(ingested().filter((e) => e.url === url).length, 1, 'once');
  assert.ok(!globalThis.fakeStore.held.has('r9') && logged(), 'then logged, its hold ended, in one batch');
});

test('what waited for a page to load comes back from a stop in the order it was due: a report before a request its page sent earlier but held longer', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const sixth = await wake(6);
  await settle();
  // Tab 7's page loads (never ends here): what comes meanwhile waits (gate.js).
  sixth.chrome.webNavigation.onCommitted.fire({ frameId: 0, tabId: 7, url: PROFILE, timeStamp: Date.now() });
  await settle();
  const url = 'https://www.linkedin.com/voyager/api/identity/profiles/r30/profileContactInfo';
  sixth.chrome.webRequest.onBeforeRequest.fire({ requestId: 'r30', tabId: 7, type: 'xmlhttprequest', method: 'GET', timeStamp: Date.now(), url });
  // The page's report comes a moment after the request left, well within its hold.
  const sent = Date.now();
  while (Date.now() < sent + 5);
  report(sixth.chrome, { type: 'vigie:main-world', report: { kind: 'ready' } });
  await settle();
  mock.timers.tick(30); // the holds' write
  await settle();
  assert.ok(globalThis.fakeStore.held.has('r30'), 'the request held on disk');
  assert.ok([...globalThis.fakeStore.held.keys()].some((k) => k.startsWith('report:')), 'the report held on disk while the page loads');
  const before = ingested().length;

  // Stopped here: its timers never fire again.
  mock.timers.reset();
  await wake(7);
  await until(() => ingested().some((e) => e.url === url), 'the held request given to the next engine');
  const after = ingested().slice(before).filter((e) => e.type !== 'extensionInventory' && e.type !== 'navigation' && e.type !== 'formInput');
  assert.deepEqual(after.map((e) => e.type), ['mainWorld', 'request'], 'the report first: it was due at the engine before the request');
});
