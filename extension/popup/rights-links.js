// "Your rights" in the popup: for each organization that received personal
// data from the site (per "Where your data goes"), a link that opens the
// GDPR letter page (rights.html); for each contact-harvesting finding, a
// link that opens the report for the data-protection authority
// (report.html). Each finding's card offers the same two pages for that
// finding (cardRightsButtons). Both pages are Vigie's own and write
// everything locally.

import { el, icon } from './dom.js';
import { destinationGroups } from './destinations.js';

/** The kinds of finding that describe contact harvesting. */
export const HARVEST_KINDS = ['harvestNotInView', 'harvestBurst', 'contactWithoutGesture', 'contactExfiltration'];

/** The extension page that writes `kind` ('letter' or 'report') about one finding. */
export function rightsPath(kind, site, key) {
  const query = `site=${encodeURIComponent(site)}&key=${encodeURIComponent(key)}`;
  return `popup/${kind === 'letter' ? 'rights' : 'report'}.html?${query}`;
}

/**
 * The organization a finding's letter is addressed to: the first of its
 * destinations that the organizations table lists, as the core picks it
 * (Engine::access_request), read from the site's destination rows. Null
 * when none is listed: the core writes no letter to a bare domain.
 */
export function letterOrganization(finding, rows) {
  const organizationOf = new Map();
  for (const row of Array.isArray(rows) ? rows : []) {
    if (typeof row?.host === 'string' && typeof row.organization === 'string' && row.organization !== '') {
      organizationOf.set(row.host, row.organization);
    }
  }
  const destinations = Array.isArray(finding?.evidence?.destinations) ? finding.evidence.destinations : [];
  for (const host of destinations) {
    if (organizationOf.has(host)) return organizationOf.get(host);
  }
  return null;
}

/**
 * A finding card's rights buttons: "Your rights with <organization>" when
 * an organization is identified, "Prepare a report for the authority" for contact
 * harvesting; none without `rights` ({ site, rows, open }) in the card's
 * context or without a finding key.
 */
export function cardRightsButtons(finding, { t, rights }) {
  if (!rights || typeof finding?.key !== 'string' || finding.key === '') return [];
  const site = typeof finding.site === 'string' && finding.site !== '' ? finding.site : rights.site;
  const buttons = [];
  const add = (kind, label, hint, testid) => {
    const button = el(
      'button',
      { className: 'button button-small button-secondary button-rights', testid, title: hint, attrs: { type: 'button' } },
      // Both open a page of Vigie's own, which writes the letter or the
      // report there: nothing is downloaded or sent by the click.
      icon('external', 'icon icon-small'),
      el('span', { text: label }),
    );
    button.addEventListener('click', () => rights.open(rightsPath(kind, site, finding.key)));
    buttons.push(button);
  };
  const organization = letterOrganization(finding, rights.rows);
  if (organization !== null) {
    add(
      'letter',
      t('popup_actionRights', [organization]) || `Your rights with ${organization}`,
      t('popup_rightsLetter', [organization]) || `Ask ${organization} what it holds about you (GDPR)`,
      'action-rights-letter',
    );
  }
  if (HARVEST_KINDS.includes(finding.kind)) {
    add(
      'report',
      t('popup_actionReport') || 'Prepare a report for the authority',
      t('popup_actionReportHint') || 'A printable report of this warning for the data-protection authority',
      'action-rights-report',
    );
  }
  return buttons;
}

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
    button.addEventListener('click', () => open(rightsPath(offer.kind, site, offer.key)));
    list.append(el('li', {}, button));
  }
  return el(
    'section',
    { className: 'rights-view', testid: 'rights', attrs: { 'aria-labelledby': 'rights-heading' } },
    el('h2', { className: 'destinations-title', text: t('popup_rightsHeading') || 'Your rights', attrs: { id: 'rights-heading' } }),
    list,
  );
}
