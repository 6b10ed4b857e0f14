// Tabs open before Vigie started, in Chromium. Installed while a profile is
// open (Chromium loads it through the DevTools protocol,
// Extensions.loadUnpacked, as a person's "Load unpacked" would), Vigie has
// none of its manifest content scripts in that tab: it injects them, sees
// what is already in the page (the panel a fixture injected), and its popup
// asks to reload the page until it is reloaded. Restored at start-up, the
// tab here loads after the extensions and has Vigie's scripts: Vigie finds
// its hooks there and neither injects again nor asks for a reload. In the
// tab Vigie came into late, a request no hook recorded names nobody. (An
// update is not tested: chrome.runtime.reload() unloads an extension loaded
// from the command line instead of reloading it.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { SITE, VIGIE_DIR, eventually, fixtureExtension, launch, removeProfile } from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const PROFILE = `${SITE}/in/alice-martin/`;

async function popupOf(browser, tabId) {
  // `browser`: { context, extensionId }.
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
  await popup.locator('[data-testid="finding"], [data-testid="empty-state"], [data-testid="error"]').first().waitFor();
  const shown = {
    reload: (await popup.getByTestId('reload-notice').count()) ? await popup.getByTestId('reload-notice').textContent() : null,
    actors: await popup.getByTestId('finding-actor').allTextContents(),
    error: await popup.getByTestId('error').count(),
  };
  await popup.close();
  return shown;
}

async function profileTab(browser) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=-1`);
    return await eventually(async () => {
      const tabs = await page.evaluate((u) => chrome.tabs.query({ url: u }), `${SITE}/in/*`);
      return tabs.length === 1 && tabs[0].status === 'complete' && tabs[0];
    }, { what: 'the profile tab' });
  } finally {
    await page.close();
  }
}

/**
 * Chromium with the panel fixture only, on a profile page; then Vigie
 * installed into the running browser over the DevTools protocol. Chromium
 * offers `Extensions.loadUnpacked` over the pipe Playwright launches with
 * (and `--enable-unsafe-extension-debugging`); some builds refuse it over a
 * port.
 */
async function installIntoRunningBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-e2e-install-'));
  const fixture = fixtureExtension('panel-injector');
  let context = null;
  const close = async () => {
    await context?.close().catch(() => {});
    removeProfile(profile);
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: false,
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--enable-unsafe-extension-debugging',
        `--load-extension=${fixture}`,
        ...chromiumHostArgs(server.port),
      ],
      ignoreDefaultArgs: ['--disable-extensions', '--enable-automation'],
    });
    const page = await context.newPage();
    await page.goto(PROFILE);
    await page.locator('#fcp-panel iframe').waitFor();
    // A script of the page keeps fetch as it was, before Vigie's hooks. It
    // also listens to the window's messages before any script Vigie puts
    // in: it takes the hooks' hello, and hands the observer a channel of
    // its own, to speak in the hooks' place.
    await page.evaluate(() => {
      window.takenFetch = window.fetch;
      addEventListener(
        'message',
        (event) => {
          if (event.data?.__vigie !== 'hello' || window.forgedPort) return;
          event.stopImmediatePropagation();
          const channel = new MessageChannel();
          window.forgedPort = channel.port1;
          postMessage({ ...event.data }, location.origin, [channel.port2]);
        },
        true,
      );
    });
    const cdp = await context.browser().newBrowserCDPSession();
    const { id } = await cdp.send('Extensions.loadUnpacked', { path: VIGIE_DIR });
    return { context, extensionId: id, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

test('a profile open when Vigie is installed is watched from where Vigie came in, and asks to be reloaded', async () => {
  const browser = await installIntoRunningBrowser();
  try {
    const tab = await profileTab(browser);
    const shown = await eventually(async () => {
      const now = await popupOf(browser, tab.id);
      return now.reload && now.actors.length > 0 && now;
    }, { what: 'the reload notice and the panel named', timeout: 20000, interval: 300 });
    assert.equal(shown.error, 0);
    assert.match(shown.actors[0], /Fixture Contact Panel/, 'the panel already in the page is seen');
    assert.match(shown.reload, /Reload this page to watch it/);

    // That script asks for another member's contact details through the
    // fetch it kept: no hook records the call, as for an extension's
    // request. In a page Vigie came into late, that absence proves nothing:
    // the lookup is neither said to be no page script's, nor put down to the
    // panel shown in the page. Nor is the call record the page forges on the
    // channel it put in the hooks' place, naming the panel's script, believed.
    assert.ok(await browser.page.evaluate(() => Boolean(window.forgedPort)), 'the page took the hooks’ hello');
    await browser.page.evaluate(() => {
      const panel = new URL(document.querySelector('#fcp-panel iframe').src).origin;
      const url = new URL('/voyager/api/identity/profiles/bruno-keller/profileContactInfo', location.href).href;
      window.forgedPort.postMessage({ kind: 'call', api: 'fetch', url, method: 'GET', stack: [`${panel}/content.js`] });
      return window.takenFetch(url).catch(() => {});
    });
    const worker = browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
    const upload = await eventually(async () => {
      const findings = await worker.evaluate(() => globalThis.vigie.findings());
      return findings.find((f) => f.kind !== 'injectedUi' && (f.subjects ?? []).includes('bruno-keller'));
    }, { what: 'the lookup of another member', timeout: 20000, interval: 300 }).catch(async (error) => {
      const seen = await worker.evaluate(async () => ({ findings: await globalThis.vigie.findings(), network: globalThis.vigie.network() }));
      error.message += `; findings: ${JSON.stringify(seen.findings.map((f) => [f.kind, f.actor.type, f.evidence.destinations, f.evidence.notes]))}; network: ${JSON.stringify(seen.network).slice(0, 3000)}`;
      throw error;
    });
    assert.notEqual(upload.actor.type, 'extension', JSON.stringify(upload.actor));
    assert.ok(!(upload.evidence.notes ?? []).includes('notFromPageScripts'), JSON.stringify(upload.evidence.notes));
    assert.ok((upload.evidence.notes ?? []).includes('hooksLate'), JSON.stringify(upload.evidence.notes));

    await browser.page.reload();
    await browser.page.locator('#fcp-panel iframe').waitFor();
    assert.equal((await popupOf(browser, tab.id)).reload, null, 'watched from its start once reloaded');
  } finally {
    await browser.close();
  }
});

test('a profile restored at start-up with Vigie’s scripts is not injected again, and needs no reload', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-e2e-restart-'));
  try {
    const first = await launch({ serverPort: server.port, fixtures: ['panel-injector'], keepProfile: profile });
    const page = await first.context.newPage();
    await page.goto(PROFILE);
    await page.locator('#fcp-panel iframe').waitFor();
    await first.close();

    const browser = await launch({ serverPort: server.port, fixtures: ['panel-injector'], keepProfile: profile, restoreSession: true });
    try {
      const tab = await profileTab(browser);
      const shown = await eventually(async () => {
        const now = await popupOf(browser, tab.id);
        return now.actors.length > 0 && now;
      }, { what: 'the panel named', timeout: 20000, interval: 300 });
      assert.equal(shown.error, 0);
      assert.equal(shown.reload, null);
      // One set of hooks: a second would wrap the first, and report each call
      // twice. (The hooks leave nothing the page's world can see: they are
      // counted by their reports.)
      const worker = await browser.worker();
      await worker.evaluate(() => {
        globalThis.restoredCalls = 0;
        chrome.runtime.onMessage.addListener((message) => {
          for (const one of message?.type === 'vigie:batch' ? message.messages : [message]) {
            if (one?.type === 'vigie:main-world' && one.report?.url?.includes('restored-probe')) globalThis.restoredCalls++;
          }
          return false;
        });
      });
      const restored = browser.context.pages().find((p) => p.url().startsWith(`${SITE}/in/`));
      await restored.evaluate(() => fetch('/feed/?restored-probe=1').then(() => {}, () => {}));
      await eventually(() => worker.evaluate(() => globalThis.restoredCalls > 0), { what: 'the call reported' });
      await restored.waitForTimeout(500);
      assert.equal(await worker.evaluate(() => globalThis.restoredCalls), 1, 'Vigie’s hooks are in the page, once');
    } finally {
      await browser.close();
    }
  } finally {
    removeProfile(profile);
  }
});
