// Vigie in real Chromium, with a fixture extension that injects a
// contact-finder panel into LinkedIn-like profile pages served under
// www.linkedin.com.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/server.mjs';
import { CONTACT_LINK, launch, eventually } from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const findings = (worker) => worker.evaluate(() => globalThis.vigie.findings());

async function tabIdOf(worker, url) {
  const tabs = await worker.evaluate((u) => chrome.tabs.query({ url: u }), url);
  assert.equal(tabs.length, 1, `one tab showing ${url}`);
  return tabs[0].id;
}

/**
 * Opens the real action popup (chrome.action.openPopup, for the active tab)
 * and reads what it shows. Playwright does not attach to action popups, so
 * the reading goes through another page of Vigie, which can reach the popup's
 * document with chrome.extension.getViews (same extension, same process).
 */
async function readActionPopup(browser, worker, page) {
  // The reader opens first: a tab opened after the popup would close it.
  const reader = await browser.context.newPage();
  try {
    await reader.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=-1`);
    await page.bringToFront();
    await worker.evaluate(() => chrome.action.openPopup());
    return await eventually(
      () =>
        reader.evaluate(() => {
          const [view] = chrome.extension.getViews({ type: 'popup' });
          const doc = view?.document;
          const cards = [...(doc?.querySelectorAll('[data-testid="finding"]') ?? [])];
          if (!doc || (!cards.length && !doc.querySelector('[data-testid="empty-state"]'))) return null;
          return {
            site: doc.querySelector('[data-testid="site"]')?.textContent,
            empty: !!doc.querySelector('[data-testid="empty-state"]'),
            cards: cards.map((c) => ({
              severity: c.dataset.severity,
              kind: c.dataset.kind,
              actor: c.querySelector('[data-testid="finding-actor"]')?.textContent,
              text: c.textContent,
            })),
          };
        }),
      { what: 'the action popup to render' },
    );
  } finally {
    await reader.close();
  }
}

test('a panel injected into a profile is named in the popup, counted on the badge, and survives a worker stop', async () => {
  const browser = await launch({ serverPort: server.port, fixtures: ['panel-injector'] });
  try {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/in/alice-martin/');
    await page.locator('#fcp-panel iframe').waitFor();

    let worker = await browser.worker();
    const [finding] = await eventually(async () => {
      const list = await findings(worker);
      return list.length > 0 && list;
    }, { what: 'a finding' });
    assert.equal(finding.kind, 'injectedUi');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.confidence, 'likely');
    assert.equal(finding.actor.name, 'Fixture Contact Panel');
    assert.deepEqual(finding.subjects, ['alice-martin']);

    const tabId = await tabIdOf(worker, 'https://www.linkedin.com/in/*');
    // The badge is set once the finding is made: waited for, not raced.
    await eventually(async () => (await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)) === '1', {
      what: 'the badge to count the finding',
    });

    // The popup of Vigie for that tab names the fixture extension.
    const shown = await readActionPopup(browser, worker, page);
    assert.equal(shown.site, 'www.linkedin.com');
    assert.equal(shown.cards.length, 1);
    assert.equal(shown.cards[0].severity, 'warning');
    assert.match(shown.cards[0].actor, /Fixture Contact Panel/);
    assert.match(shown.cards[0].text, /alice-martin/);

    // Stop Vigie's service worker the way the browser does when idle.
    await worker.evaluate(() => {
      globalThis.beforeStop = true;
    });
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
    // Ask the browser, not the old handle: a call on a stopped worker can hang.
    await eventually(
      async () => !(await cdp.send('Target.getTargets')).targetInfos.some((t) => t.targetId === target.targetId),
      { what: 'the old worker to stop' },
    );

    // Reopening the popup wakes a fresh worker that restores the finding.
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.getByTestId('finding').first().waitFor();
    assert.match(await popup.getByTestId('finding-actor').textContent(), /Fixture Contact Panel/);
    worker = await browser.worker();
    assert.equal(await worker.evaluate(() => globalThis.beforeStop), undefined, 'a new worker instance');
    assert.equal((await findings(worker)).length, 1);
    assert.equal((await worker.evaluate(() => globalThis.vigie.health())).rejectedEvents, 0);
  } finally {
    await browser.close();
  }
});

test('a person browsing profiles without a harvesting extension gets no warning', async () => {
  const browser = await launch({ serverPort: server.port });
  try {
    const page = await browser.context.newPage();
    for (const slug of ['alice-martin', 'bruno-keller', 'chloe-nguyen']) {
      await page.goto(`https://www.linkedin.com/in/${slug}/`);
      await page.click(CONTACT_LINK);
      await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    }
    // What the last page made is judged once held requests are let go.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const worker = await browser.worker();
    const tabId = await tabIdOf(worker, 'https://www.linkedin.com/in/*');
    // Vigie did watch: the pages are counted, so the silence means something.
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.getByTestId('empty-state').waitFor();
    const state = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'vigie:popup-state', tabId: id }), tabId);
    assert.equal(state.ok, true);
    assert.ok(state.watched.pages >= 3, `pages watched: ${state.watched.pages}`);
    assert.deepEqual(state.findings, []);
    assert.equal(state.health.rejectedEvents, 0, 'every observation was well formed');
    assert.equal(await popup.getByTestId('finding').count(), 0);
    assert.equal(await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), '');
  } finally {
    await browser.close();
  }
});

test('the popup speaks French in a French browser', async () => {
  const browser = await launch({ serverPort: server.port, fixtures: ['panel-injector'], lang: 'fr' });
  try {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/in/elena-rossi/');
    const worker = await browser.worker();
    await eventually(async () => (await findings(worker)).length > 0, { what: 'a finding' });
    const tabId = await tabIdOf(worker, 'https://www.linkedin.com/in/*');
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    const card = popup.getByTestId('finding').first();
    await card.waitFor();
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'fr');
    assert.match(await card.textContent(), /a injecté un panneau dans le profil/);
    assert.match(await card.textContent(), /elena-rossi/);
  } finally {
    await browser.close();
  }
});
