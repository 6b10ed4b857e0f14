// The Extensions view: every installed extension with what it can do (the
// core's capability audit), its risk, what a known contact finder is known to
// do, and the findings that name it on any site — riskiest first, as the core
// orders them. Actions: open its page in the browser, disable it (after a
// confirmation). Built as DOM nodes only; nothing is parsed as markup.
//
// Honesty: a capability line says what the browser reports. Chrome does not
// report the sites an extension's content scripts run on, and the core then
// says "not reported"; this view never says an extension cannot do something.

import { disableConfirm, detailsButton } from './card-actions.js';
import { el, icon } from './dom.js';
import { findingSentence, plural } from './format.js';

const RISK_ORDER = ['high', 'medium', 'low'];
const SEVERITY_OF_RISK = { high: 'high', medium: 'warning', low: 'info' };

/** A capability line in the language: `capability_<name>` with its arguments. */
export function capabilityText(line, t) {
  const args = Array.isArray(line?.args) ? line.args.map(String) : [];
  return t(`capability_${line?.capability}`, args) || String(line?.capability ?? '');
}

/** What a known contact finder is known to do, as one sentence. */
function finderBlock(finder, t) {
  const known = (Array.isArray(finder.knownTo) ? finder.knownTo : [])
    .map((word) => t(`finderDoes_${word}`) || word)
    .join(', ');
  return el(
    'div',
    { className: 'extension-finder', testid: 'extension-finder' },
    el('p', {
      text:
        finder.vendor && finder.vendor !== finder.product
          ? t('popup_extensionFinder', [finder.product, finder.vendor, known])
          : t('popup_extensionFinderOwnVendor', [finder.product, known]),
    }),
    el('p', { className: 'extension-finder-note', text: t('popup_extensionFinderNote') }),
    el('p', { className: 'extension-finder-source', text: t('popup_extensionFinderSource', [finder.source]) }),
  );
}

function findingsBlock(report, t, lang) {
  const findings = Array.isArray(report.findings) ? report.findings : [];
  const candidateIn = Number(report.candidateIn) || 0;
  if (findings.length === 0 && candidateIn === 0) return null;
  const list = el('ul', { className: 'extension-findings' });
  for (const finding of findings) {
    const site = finding.site === 'extensions' ? t('popup_extensionsSiteName') : finding.site;
    list.append(
      el(
        'li',
        { className: `extension-finding severity-${finding.severity}`, testid: 'extension-finding', attrs: { 'data-kind': finding.kind } },
        el('span', { text: findingSentence(finding, t, lang) }),
        ' ',
        el('span', { className: 'extension-finding-site', text: t('popup_extensionFindingOn', [site]) }),
      ),
    );
  }
  return el(
    'div',
    { className: 'extension-findings-area' },
    findings.length > 0 && el('p', { className: 'extension-findings-count', text: plural(t, 'popup_extensionFindings', findings.length, lang) }),
    findings.length > 0 && list,
    candidateIn > 0 && el('p', { className: 'extension-candidate', text: plural(t, 'popup_extensionCandidate', candidateIn, lang) }),
  );
}

/** One extension's card. */
export function extensionCard(report, ctx) {
  const { t, lang } = ctx;
  const audit = report.audit ?? {};
  const risk = RISK_ORDER.includes(audit.risk) ? audit.risk : 'low';
  const name = typeof audit.name === 'string' && audit.name.trim() !== '' ? audit.name : audit.id;
  const status = el('p', { className: 'card-status', attrs: { role: 'status' } });
  const capabilities = Array.isArray(audit.capabilities) ? audit.capabilities : [];
  // Where the browser hides an extension's site access, a risk below high
  // is as far as the browser tells, no more.
  const hidden = capabilities.some((line) => line?.capability === 'accessNotReported');
  const riskText = (hidden && risk !== 'high' && t(`risk_${risk}AsReported`)) || t(`risk_${risk}`) || risk;
  const lines = el('ul', { className: 'extension-capabilities' });
  for (const line of capabilities) {
    lines.append(
      el('li', {
        className: `capability capability-${line.risk}`,
        testid: 'capability',
        text: capabilityText(line, t),
        attrs: { 'data-capability': line.capability },
      }),
    );
  }
  const actor = { type: 'extension', id: audit.id, name, version: audit.version, installType: audit.installType };
  const row = el('div', { className: 'card-actions' });
  row.append(detailsButton({ id: audit.id, name }, ctx, status));
  let confirm = null;
  if (audit.enabled && audit.id !== ctx.selfId && audit.installType !== 'admin') {
    const disable = el(
      'button',
      { className: 'button button-small button-secondary button-caution', testid: 'action-disable', attrs: { type: 'button' } },
      icon('power', 'icon icon-small'),
      el('span', { text: t('popup_actionDisable') || 'Disable…' }),
    );
    const cardCtx = { ...ctx, actions: { ...ctx.actions, disable: async (id) => {
      await ctx.actions.disable(id);
      ctx.onChanged?.();
    } } };
    confirm = disableConfirm(actor, cardCtx, status, disable, () => {});
    disable.addEventListener('click', () => confirm.open());
    row.prepend(disable);
  }
  return el(
    'li',
    {
      className: `card extension-card severity-${SEVERITY_OF_RISK[risk]}`,
      testid: 'extension',
      attrs: { 'data-id': audit.id, 'data-risk': risk, 'data-enabled': String(audit.enabled === true) },
    },
    el(
      'div',
      { className: 'card-head' },
      el(
        'div',
        { className: 'card-label' },
        el('span', { className: 'severity', testid: 'extension-risk', text: riskText }),
        audit.enabled === false && el('span', { className: 'kind', testid: 'extension-disabled', text: t('popup_extensionDisabled') }),
      ),
      audit.version && el('span', { className: 'when', text: String(audit.version) }),
    ),
    el('p', { className: 'sentence extension-name', testid: 'extension-name', text: name, title: audit.id }),
    capabilities.length > 0
      ? lines
      : el('p', { className: 'extension-nothing', text: t('popup_extensionNothingReported') }),
    audit.contactFinder && finderBlock(audit.contactFinder, t),
    findingsBlock(report, t, lang),
    el('div', { className: 'card-actions-area' }, row, confirm?.node, status),
  );
}

/**
 * The whole view for a background answer `{extensions, selfId}`; `onBack`
 * returns to the site's view.
 */
export function extensionsView(state, ctx) {
  const { t } = ctx;
  const back = el(
    'button',
    { className: 'button button-small button-secondary', testid: 'extensions-back', attrs: { type: 'button' } },
    el('span', { text: t('popup_extensionsBack') || 'Back' }),
  );
  back.addEventListener('click', () => ctx.onBack());
  const reports = Array.isArray(state.extensions) ? state.extensions : [];
  const list = el('ol', { className: 'findings extensions' });
  for (const report of reports) list.append(extensionCard(report, { ...ctx, selfId: state.selfId ?? ctx.selfId }));
  return el(
    'section',
    { className: 'extensions-view', testid: 'extensions-view', attrs: { 'aria-labelledby': 'extensions-heading' } },
    el('div', { className: 'extensions-head' }, back, el('h2', { className: 'verdict-title', text: t('popup_extensionsTitle'), attrs: { id: 'extensions-heading' } })),
    el('p', { className: 'verdict-body', text: t('popup_extensionsIntro') }),
    reports.length > 0 ? list : el('p', { className: 'message-body', testid: 'extensions-empty', text: t('popup_extensionsEmpty') }),
  );
}
