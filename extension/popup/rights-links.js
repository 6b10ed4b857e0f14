// "Your rights" in the popup: for each organization that received personal
// data from the site (per "Where your data goes"), a link that opens the
// GDPR letter page (rights.html); for each contact-harvesting finding, a
// link that opens the report for the data-protection authority
// (report.html). Both pages are Vigie's own and write everything locally.

import { el } from './dom.js';
import { destinationGroups } from './destinations.js';

/** The kinds of finding that describe contact harvesting. */
export const HARVEST_KINDS = ['harvestNotInView', 'harvestBurst', 'contactWithoutGesture', 'contactExfiltration'];

/**
 * What the section offers: `[{ kind: 'letter', organization, key }]` for
 * each listed organization that received personal data (the key of a
 * finding that names one of its hosts), then `[{ kind: 'report', key,
 * findingKind }]` for each harvest finding.
 */
export function rightsOffers(rows, findings) {
  const offers = [];
  const keyOf = new Map((Array.isArray(rows) ? rows : []).map((r) => [r?.host, Array.isArray(r?.findings) ? r.findings : []]));
  for (const group of destinationGroups(rows)) {
    if (!group.listed || group.dataKinds.length === 0) continue;
    const key = group.hosts.flatMap((h) => keyOf.get(h.host) ?? [])[0];
    if (key) offers.push({ kind: 'letter', organization: group.name, key });
  }
  for (const f of Array.isArray(findings) ? findings : []) {
    if (HARVEST_KINDS.includes(f?.kind)) offers.push({ kind: 'report', key: f.key, findingKind: f.kind });
  }
  return offers;
}

/** The section, or null when there is nothing to offer. `open(path)` opens an extension page. */
export function rightsView(site, rows, findings, { t, open }) {
  const offers = rightsOffers(rows, findings);
  if (offers.length === 0) return null;
  const list = el('ul', { className: 'rights' });
  for (const offer of offers) {
    const query = `site=${encodeURIComponent(site)}&key=${encodeURIComponent(offer.key)}`;
    const label =
      offer.kind === 'letter'
        ? t('popup_rightsLetter', [offer.organization]) || `Ask ${offer.organization} what it holds about you (GDPR)`
        : t('popup_rightsReport', [t(`kind_${offer.findingKind}`) || offer.findingKind]) ||
          `Report for the data-protection authority: ${offer.findingKind}`;
    const button = el('button', {
      className: 'button button-small button-secondary',
      testid: offer.kind === 'letter' ? 'rights-letter' : 'rights-report',
      text: label,
      attrs: { type: 'button' },
    });
    button.addEventListener('click', () => open(`popup/${offer.kind === 'letter' ? 'rights' : 'report'}.html?${query}`));
    list.append(el('li', {}, button));
  }
  return el(
    'section',
    { className: 'rights-view', testid: 'rights', attrs: { 'aria-labelledby': 'rights-heading' } },
    el('h2', { className: 'destinations-title', text: t('popup_rightsHeading') || 'Your rights', attrs: { id: 'rights-heading' } }),
    list,
  );
}
