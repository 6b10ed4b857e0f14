// What a person sees outside the popup: the badge on the toolbar icon and a
// notification for a new high-severity finding (the engine decides which,
// and limits them per actor, site and time).

import { siteOf, withEngine } from './core.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, args) => api.i18n.getMessage(key, args) || '';

const COLOURS = { high: '#c62828', warning: '#b45309' };

/** Shows the number of warnings for the page a tab shows. */
export async function updateBadge(tabId, url) {
  const site = siteOf(url);
  const { count, worst } = site
    ? await withEngine((e) => {
        const findings = e.siteReport(site).findings.filter((f) => f.severity !== 'info');
        return { count: findings.length, worst: findings[0]?.severity };
      })
    : { count: 0, worst: null };
  const text = count === 0 ? '' : count > 99 ? '99+' : String(count);
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
  }
}

/** Refreshes the badge of every tab showing `site`. */
export async function updateBadgesForSite(site) {
  const tabs = await api.tabs.query({});
  await Promise.all(tabs.filter((tab) => siteOf(tab.url) === site).map((tab) => updateBadge(tab.id, tab.url)));
}

/** Raises one notification per finding key the engine asked to notify. */
export async function notify(findings, keys) {
  for (const key of keys) {
    const finding = findings.find((f) => f.key === key);
    if (!finding) continue;
    const sentence = t(finding.message.key, finding.message.args) || finding.explanation;
    try {
      await api.notifications.create(`vigie:${key}`, {
        type: 'basic',
        iconUrl: api.runtime.getURL('icons/vigie-128.png'),
        title: t('notificationTitle', [finding.site]) || `Vigie: ${finding.site}`,
        message: sentence,
        priority: 2,
      });
    } catch (error) {
      console.warn('Vigie: notification failed:', error);
    }
  }
}
