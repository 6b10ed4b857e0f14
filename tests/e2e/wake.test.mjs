// Vigie woken cold in Chromium: after its service worker is stopped, the
// first thing to reach it — the popup, a tab switch, a request of a page —
// finds the wasm module loading, and must wait for it and for the state
// restored from disk instead of failing ("Vigie is not answering").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/server.mjs';
import { SITE, eventually, launch } from './harness.mjs';
import { workerControl } from './worker-control.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const findings = async (browser) => (await browser.worker()).evaluate(() => globalThis.vigie.findings());
const lookups = (list) =>
  list.filter((f) => f.kind === 'harvestNotInView').reduce((sum, f) => sum + (f.evidence.counts.lookups ?? 0), 0);

async function tabIdOf(browser, url) {
  const tabs = await (await browser.worker()).evaluate((u) => chrome.tabs.query({ url: u }), url);
  assert.equal(tabs.length, 1, `one tab showing ${url}`);
  return tabs[0].id;
}

test('a stopped worker woken by the popup, a tab switch or a page’s request answers with its state', async (t) => {
  const browser = await launch({ serverPort: server.port, fixtures: ['panel-injector', 'harvester-b'] });
  const control = await workerControl(browser);
  try {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);
    await eventually(async () => lookups(await findings(browser)) > 0, { what: 'the first harvest', timeout: 20000 });
    const tabId = await tabIdOf(browser, `${SITE}/in/*`);

    // The popup wakes it.
    assert.equal(await control.stop(), true);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.getByTestId('finding').first().waitFor();
    assert.equal(await popup.getByTestId('error').count(), 0, 'no “Vigie is not answering”');
    await popup.close();

    // A tab switch wakes it: the badge, cleared before the stop, is set again.
    // It is read once the harvest is over (its upload received, the findings
    // unchanged for two seconds): a finding that came after the read (the
    // upload's, on a loaded machine) made the woken worker show one more
    // than the count read, and the test wait for a badge it would never show.
    await eventually(() => server.collector.received.length > 0, { what: 'the harvester’s upload', timeout: 20000 });
    let lastKinds = null;
    await eventually(
      async () => {
        const now = JSON.stringify((await findings(browser)).map((f) => `${f.kind} ${f.severity} ${f.site}`).sort());
        const settled = now === lastKinds;
        lastKinds = now;
        return settled;
      },
      { what: 'the findings to settle', timeout: 20000, interval: 2000 },
    );
    const worker = await browser.worker();
    const badge = await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    assert.match(badge, /^[1-9]/);
    await worker.evaluate((id) => chrome.action.setBadgeText({ tabId: id, text: '' }), tabId);
    const other = await browser.context.newPage();
    await other.bringToFront();
    assert.equal(await control.stop(), true);
    await page.bringToFront();
    // Each poll that finds no badge switches away and back again.
    await t.test(
      'a tab switch sets the badge again',
      () =>
        eventually(
          async () => {
            const shown = await (await browser.worker()).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
            if (shown === badge) return true;
            await other.bringToFront();
            await page.bringToFront();
            return false;
          },
          { what: 'the badge set again by the woken worker', timeout: 30000, interval: 500 },
        ),
    );

    // A request wakes it: the harvester's lookups on the next profile start
    // a second after the page settles; the worker is stopped before.
    const before = lookups(await findings(browser));
    await page.goto(`${SITE}/in/bruno-keller/`);
    await page.waitForTimeout(500);
    // Marked, so that the worker which counts the lookups is known to be a
    // new one: something else of the page (its own reports) may wake it
    // first, so whether it runs right after the stop is not asserted.
    await (await browser.worker()).evaluate(() => {
      globalThis.beforeStop = true;
    });
    assert.equal(await control.stop(), true);
    await eventually(async () => lookups(await findings(browser)) > before, {
      what: 'the lookups made while the worker was stopped',
      timeout: 20000,
    });
    assert.equal(await (await browser.worker()).evaluate(() => globalThis.beforeStop), undefined, 'a new worker instance');
    const health = await (await browser.worker()).evaluate(() => globalThis.vigie.health());
    assert.equal(health.recoveries, 0);
  } finally {
    await control.close();
    await browser.close();
  }
});
