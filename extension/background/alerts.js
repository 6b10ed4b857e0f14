// What a person sees outside the popup: the badge on the toolbar icon and a
// notification for a new high-severity finding (the engine decides which,
// and limits them per actor, site and time). The engine counts the badge;
// the sentence of a notification is written from the locale, as the popup
// writes it.

import { findingSentence } from '../popup/sentence.js';
import { siteOf, withEngine } from './core.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, args) => api.i18n.getMessage(key, args) || '';
// The language of the messages in use: the browser falls back to the default
// locale when it has none for the UI language.
const lang = () => t('uiLanguage') || api.i18n.getUILanguage?.() || 'en';

const COLOURS = { high: '#c62828', warning: '#b45309' };

// What each tab's badge was last set to: most updates (a navigation, a
// finding seen again) change nothing, and each call repaints the toolbar.
// The browser resets a tab's badge and title to the extension's defaults
// (no text, the manifest's title) when the tab loads a new document; a
// stopped worker forgets this map, which only costs the calls again.
const shown = new Map();
// The state of a badge with no warnings, the browser's default.
const NO_WARNINGS = '';

/**
 * The browser reset the badge of `tabId` (a new document, an error page):
 * it shows the defaults, which a page with no warnings (most pages) keeps
 * without a call.
 */
export function badgeReset(tabId) {
  shown.set(tabId, NO_WARNINGS);
}

/** What the badge of `tabId` shows is unknown (the browser may have reset it unseen), or the tab closed. */
export function badgeCleared(tabId) {
  shown.delete(tabId);
}

/** Shows the number of warnings (and worse) for the page a tab shows, as the engine counts them. */
export async function updateBadge(tabId, url) {
  const site = await siteOf(url);
  const { count, worst } = site ? await withEngine((e) => e.badge(site)) : { count: 0, worst: null };
  const text = count === 0 ? '' : count > 99 ? '99+' : String(count);
  const state = count === 0 ? NO_WARNINGS : `${text}|${worst}|${count}`;
  if (shown.get(tabId) === state) return;
  shown.set(tabId, state);
  try {
    await api.action.setBadgeText({ tabId, text });
    if (count > 0) {
      await api.action.setBadgeBackgroundColor({ tabId, color: COLOURS[worst] ?? COLOURS.warning });
      await api.action.setTitle({ tabId, title: t('badgeTitleWarnings', [String(count)]) });
    } else {
      await api.action.setTitle({ tabId, title: t('actionTitle') });
    }
  } catch {
    // The tab closed meanwhile.
    if (shown.get(tabId) === state) shown.delete(tabId);
  }
}

/** Refreshes the badge of every tab, e.g. after a wake-up replayed the log. */
export async function updateAllBadges() {
  const tabs = await api.tabs.query({});
  await Promise.all(tabs.map((tab) => updateBadge(tab.id, tab.url)));
}

/** Refreshes the badge of every tab showing `site`. */
export async function updateBadgesForSite(site) {
  const tabs = await api.tabs.query({});
  const sites = await Promise.all(tabs.map((tab) => siteOf(tab.url)));
  await Promise.all(tabs.filter((_, i) => sites[i] === site).map((tab) => updateBadge(tab.id, tab.url)));
}

// The keys notified in this browser session: a wake-up that replays the log
// hears the engine ask again for what was notified before the stop.
const NOTIFIED_KEY = 'vigie:notified';
const MAX_NOTIFIED = 500;

async function notifiedKeys() {
  try {
    return new Set((await api.storage?.session?.get(NOTIFIED_KEY))?.[NOTIFIED_KEY] ?? []);
  } catch {
    return new Set();
  }
}

/** An extension that gained access is news about the extension, not a site. */
function notificationTitle(finding) {
  if (finding.kind === 'extensionRiskRose') return t('notificationTitleExtension') || 'Vigie';
  return t('notificationTitle', [finding.site]) || `Vigie: ${finding.site}`;
}

/**
 * Raises one notification per finding key the engine asked to notify. With
 * `replayed`, only those not raised before in this browser session.
 */
export async function notify(findings, keys, { replayed = false } = {}) {
  const before = await notifiedKeys();
  const fresh = keys.filter((key) => !(replayed && before.has(key)));
  if (!fresh.length) return;
  try {
    await api.storage?.session?.set({ [NOTIFIED_KEY]: [...before, ...fresh].slice(-MAX_NOTIFIED) });
  } catch {
    // No session storage: a replay may notify again.
  }
  for (const key of fresh) {
    const finding = findings.find((f) => f.key === key);
    if (!finding) continue;
    const sentence = findingSentence(finding, t, lang()) || t('notificationOpenPopup');
    try {
      await api.notifications.create(`vigie:${key}`, {
        type: 'basic',
        iconUrl: api.runtime.getURL('icons/vigie-128.png'),
        title: notificationTitle(finding),
        message: sentence,
        priority: 2,
      });
    } catch (error) {
      console.warn('Vigie: notification failed:', error);
    }
  }
}
