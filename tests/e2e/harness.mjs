// Launches Debian's Chromium with the built Vigie (dist/chrome) and optional
// fixture extensions, with the fixture sites reached under their real host
// names. Every launch gets a fresh profile directory, removed on close.

import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs } from '../../www/server.mjs';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SITE = 'https://www.linkedin.com';
/** The "Contact info" link of a profile's top card (its id on the real site). */
export const CONTACT_LINK = '#top-card-text-details-contact-info';
export const VIGIE_DIR = join(ROOT, 'dist/chrome');
export const fixtureExtension = (name) => join(ROOT, 'tests/fixtures/extensions', name);

/**
 * `keepProfile`: a profile directory the caller made and removes (to start
 * the browser again on it); `vigieDir`: another build of Vigie (a test
 * build, say); `restoreSession`: reopen the tabs of the last
 * session, as a browser restarted by a person does — they load before the
 * extensions, and get no content scripts from their manifests. `args`: more
 * command-line switches.
 */
export async function launch({ serverPort, fixtures = [], headed = false, lang = 'en-US', keepProfile = null, restoreSession = false, args = [], vigieDir = VIGIE_DIR, waitForFixtures = true }) {
  if (!existsSync(join(vigieDir, 'manifest.json'))) throw new Error(`${vigieDir} is missing: run ./build.sh first`);
  const profile = keepProfile ?? mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
  const extensions = [vigieDir, ...fixtures.map(fixtureExtension)].join(',');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    viewport: { width: 1280, height: 900 },
    args: [
      ...(headed ? [] : ['--headless=new']),
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--lang=${lang}`,
      `--disable-extensions-except=${extensions}`, `--load-extension=${extensions}`,
      ...chromiumHostArgs(serverPort),
      ...(restoreSession ? ['--restore-last-session'] : []),
      ...args,
    ],
    ignoreDefaultArgs: ['--disable-extensions', '--enable-automation'],
  });
  const worker = await vigieWorker(context);
  const extensionId = new URL(worker.url()).host;
  // Every fixture loaded before the first page opens: a page opened before
  // an extension finished loading gets none of its content scripts, and a
  // test would see nothing happen (a race on a busy machine).
  // `waitForFixtures: false` (no fixtures): the first page opens as soon as
  // Vigie's worker exists, as a person's first page after installing it.
  if (waitForFixtures || fixtures.length > 0) {
    await eventually(
      async () => {
        const others = await worker.evaluate(() => chrome.management.getAll());
        return others.filter((e) => e.id !== extensionId && e.enabled).length >= fixtures.length;
      },
      { what: `the fixture extensions to load (${fixtures.join(', ')})` },
    );
  }
  return {
    context,
    extensionId,
    worker: () => vigieWorker(context),
    async close() {
      await context.close().catch(() => {});
      if (!keepProfile) removeProfile(profile);
    },
  };
}

/**
 * Runs `body(browser)` with Chromium launched on `server` (the fixture
 * server, its collector cleared first) with `fixtures` beside Vigie, and
 * closes it whatever happens.
 */
export async function withBrowser(server, fixtures, body) {
  server.collector.clear();
  const browser = await launch({ serverPort: server.port, fixtures });
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

/**
 * Removes a browser profile directory. The browser's helper processes (GPU,
 * crash handler, utility) can still write into it for a moment after the
 * main process has gone, which makes one recursive removal fail with
 * ENOTEMPTY; it is tried again, then left in /tmp with a warning rather than
 * failing a test that has already passed.
 */
export function removeProfile(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.warn(`# could not remove ${dir}: ${error.code ?? error.message}`);
  }
}

/** Vigie's service worker, waiting for it to (re)start if needed. */
export async function vigieWorker(context) {
  const isVigie = (w) => w.url().endsWith('/background/background.js');
  const running = context.serviceWorkers().find(isVigie);
  if (running) return running;
  return context.waitForEvent('serviceworker', { predicate: isVigie, timeout: 15000 });
}

/**
 * Polls `probe` until it returns a truthy value, or fails after `timeout` ms.
 * A probe that never settles (a call into a browser target that went away)
 * counts as a falsy answer once the time is up.
 */
export async function eventually(probe, { timeout = 10000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    let timer;
    const expired = new Promise((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), undefined);
    });
    try {
      last = await Promise.race([probe(), expired]);
    } finally {
      clearTimeout(timer);
    }
    if (last) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** The engine's findings, from Vigie's (possibly woken) worker. */
export async function findingsOf(browser) {
  return (await browser.worker()).evaluate(() => globalThis.vigie.findings());
}

/** The first finding matching `predicate`, waiting for it. */
export function waitForFinding(browser, predicate, what, { timeout = 20000 } = {}) {
  return eventually(async () => (await findingsOf(browser)).find(predicate), { what, timeout, interval: 200 });
}

/**
 * Whom a finding blames first: the extension it names, or for an
 * unattributed finding the first of the extensions able to do it.
 */
export function blamed(finding) {
  if (finding.actor.type === 'extension') return finding.actor.name;
  return finding.actor.candidates?.[0]?.name ?? null;
}

/** What Vigie's popup shows for a tab (the popup page opened on that tab's id). */
export async function popupCards(browser, tabId) {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.locator('[data-testid="finding"], [data-testid="empty-state"]').first().waitFor();
    return await popup.locator('[data-testid="finding"]').evaluateAll((cards) =>
      cards.map((c) => ({
        kind: c.dataset.kind,
        severity: c.dataset.severity,
        actor: c.querySelector('[data-testid="finding-actor"]')?.textContent ?? '',
        candidates: [...c.querySelectorAll('[data-testid="candidate"]')].map((x) => x.textContent),
        text: c.textContent,
      })),
    );
  } finally {
    await popup.close();
  }
}

/**
 * The rows of "Where your data goes" in an open popup page: for each
 * organization, its name, countries, what is said of the person's own data
 * and of other people's contact data,
 * of bodies Vigie could not read and of WebSocket connections.
 */
export function destinationRows(popup) {
  return popup.locator('[data-testid="destination"]').evaluateAll((items) =>
    items.map((i) => ({
      organization: i.querySelector('[data-testid="destination-organization"]')?.textContent,
      countries: i.querySelector('[data-testid="destination-countries"]')?.textContent,
      personal: i.querySelector('[data-testid="destination-personal"]')?.textContent ?? null,
      contacts: i.querySelector('[data-testid="destination-contacts"]')?.textContent ?? null,
      unread: i.querySelector('[data-testid="destination-unread"]')?.textContent ?? null,
      sockets: i.querySelector('[data-testid="destination-sockets"]')?.textContent ?? null,
      text: i.textContent,
    })),
  );
}

/** The popup's destination rows for `tabId` (see destinationRows). */
export async function popupDestinationRows(browser, tabId) {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.locator('[data-testid="destination"]').first().waitFor();
    return await destinationRows(popup);
  } finally {
    await popup.close();
  }
}

/**
 * The id of the one tab whose URL matches `pattern` (chrome.tabs.query
 * syntax); with `active`, the one in front (an extension's background tabs
 * may match too).
 */
export async function tabIdOf(browser, pattern, { active } = {}) {
  const query = active ? { url: pattern, active: true } : { url: pattern };
  const tabs = await (await browser.worker()).evaluate((q) => chrome.tabs.query(q), query);
  if (tabs.length !== 1) throw new Error(`${tabs.length} tabs show ${pattern}, expected one`);
  return tabs[0].id;
}
