// Reading Vigie in Firefox over Marionette: its popup opened as a page for
// a given tab, what it shows, and the add-on's state from the browser's own
// (chrome) context.
import assert from 'node:assert/strict';
import { eventually } from '../harness.mjs';
import { VIGIE_ID } from './launch.mjs';

/** Runs `script` in the browser's own (chrome) context, where the add-on's internals are. */
export async function inChrome(marionette, script, args = []) {
  await marionette.setContext('chrome');
  try {
    return await marionette.execute(script, args);
  } finally {
    await marionette.setContext('content');
  }
}

export const backgroundState = (marionette) =>
  inChrome(marionette, 'return WebExtensionPolicy.getByID(arguments[0])?.extension?.backgroundState ?? null', [VIGIE_ID]);

/**
 * The popup of the tab showing `url`, read as `openPopup` reads it, then
 * closed, back on `tab` (a window handle): what it showed.
 */
export async function popupOf(ff, url, tab, options) {
  const shown = await openPopup(ff, url, options);
  await ff.marionette.closeTab();
  await ff.marionette.switchTo(tab);
  return shown;
}

/**
 * Opens Vigie's popup as a page in a new tab for the tab showing `url`
 * (WebExtension tab id found from the popup's own page), waits until it has
 * rendered and `until` holds (opening it again while not), and returns what
 * it shows; the popup tab stays current.
 */
export async function openPopup(ff, url, { until = (shown) => shown.cards.length > 0 || shown.empty || shown.error } = {}) {
  const { marionette } = ff;
  await marionette.switchTo(await marionette.newTab());
  await marionette.navigate(ff.vigieUrl('popup/popup.html?tab=-1'));
  const tabId = await marionette.execute(
    'return browser.tabs.query({ url: arguments[0] }).then((tabs) => tabs[0]?.id ?? null)',
    [url],
  );
  assert.ok(Number.isInteger(tabId), `a tab shows ${url}`);
  const popupUrl = ff.vigieUrl(`popup/popup.html?tab=${tabId}`);
  await marionette.navigate(popupUrl);
  const read = () =>
    marionette.execute(`
      const cards = [...document.querySelectorAll('[data-testid="finding"]')];
      return {
        cards: cards.map((c) => ({ severity: c.dataset.severity, kind: c.dataset.kind, text: c.textContent })),
        destinations: [...document.querySelectorAll('[data-testid="destination"]')].map((d) => ({
          text: d.textContent,
          sockets: d.querySelector('[data-testid="destination-sockets"]')?.textContent ?? null,
        })),
        empty: !!document.querySelector('[data-testid="empty-state"]'),
        error: document.querySelector('[data-testid="error"]')?.textContent ?? null,
        reload: document.querySelector('[data-testid="reload-notice"]')?.textContent ?? null,
        badge: null,
      };`);
  // The popup renders once: rendered without what `until` waits for, it is
  // opened again, so that what comes a moment later is seen.
  const rendered = (now) => now.cards.length > 0 || now.empty || now.error || now.reload;
  const shown = await eventually(async () => {
    const now = await read();
    if (until(now)) return now;
    if (rendered(now)) await marionette.navigate(popupUrl);
    return false;
  }, { what: 'the popup to render', timeout: 20000, interval: 300 });
  shown.tabId = tabId;
  shown.badge = await marionette.execute('return browser.action.getBadgeText({ tabId: arguments[0] })', [tabId]);
  return shown;
}


/**
 * What Vigie's background can tell of a failure, read from its own page in
 * a new tab (closed after, back on `tab`): its health, what became of
 * requests and of the bodies read in pages (`vigie.network()`), and the
 * findings' kinds and hosts. For a failing test's message; never throws.
 */
export async function diagnosis(ff, tab) {
  const { marionette } = ff;
  try {
    await marionette.switchTo(await marionette.newTab());
    await marionette.navigate(ff.vigieUrl('popup/popup.html?tab=-1'));
    const found = await marionette.execute(`
      return browser.runtime.getBackgroundPage().then(async (w) => {
        const findings = await w.vigie.findings();
        return {
          health: await w.vigie.health(),
          network: w.vigie.network(),
          findings: (Array.isArray(findings) ? findings : []).map((f) => [f.kind, f.site, f.key].join(' ')),
        };
      }, (error) => ({ error: String(error) }));`);
    await marionette.closeTab();
    await marionette.switchTo(tab);
    return JSON.stringify(found);
  } catch (error) {
    return `(no diagnosis: ${error?.message ?? error})`;
  }
}
