// The popup: asks the background for the active tab's PopupState (see
// extension/README.md) and shows it: the site's findings in the engine's order
// (most severe, then most recent), or what Vigie watched when there is nothing to report, with what a person
// can do about a finding (open or disable the extension, export the
// evidence). Everything shown is built as DOM nodes; nothing from the state
// is parsed as markup.

import { destinationsView } from './destinations.js';
import { el, icon, localizeStatic } from './dom.js';
import { rightsView } from './rights-links.js';
import { exportFinding, exportSite } from './export.js';
import { extensionsView } from './extensions-view.js';
import { findingCard } from './finding-card.js';
import {
  absoluteTime,
  errorText,
  failureLine,
  formatCount,
  healthNotes,
  pageLabel,
  plural,
  severityRank,
  topSeverity,
} from './format.js';

const ext = globalThis.browser ?? globalThis.chrome;

// The background may have to wake up and restore its engine first; past this,
// the popup says it got no answer and offers to try again.
const ANSWER_TIMEOUT_MS = 5000;

const ui = {
  content: document.getElementById('content'),
  siteLine: document.getElementById('site-line'),
  site: document.getElementById('site'),
  footer: document.getElementById('footer'),
  health: document.getElementById('health'),
  footerActions: document.getElementById('footer-actions'),
  exportAll: document.getElementById('export-all'),
  forget: document.getElementById('forget'),
  confirm: document.getElementById('confirm'),
  confirmQuestion: document.getElementById('confirm-question'),
  confirmError: document.getElementById('confirm-error'),
  forgetCancel: document.getElementById('forget-cancel'),
  forgetConfirm: document.getElementById('forget-confirm'),
  status: document.getElementById('status'),
};

/** `chrome.i18n.getMessage`, '' when the key or the API is missing. */
function t(key, args = []) {
  try {
    return ext?.i18n?.getMessage(key, args.map(String)) ?? '';
  } catch {
    return '';
  }
}

// The language of the messages actually in use (the browser falls back to
// the default locale when it has no translation for the UI language).
const lang = t('uiLanguage') || ext?.i18n?.getUILanguage?.() || 'en';

let currentSite = null;
let currentSiteModel = null;
let currentFindings = [];
let loadCount = 0;

/** Vigie's version, stamped on evidence files. */
function vigieVersion() {
  try {
    return ext?.runtime?.getManifest?.()?.version ?? null;
  } catch {
    return null;
  }
}

// What a finding card can do; see card-actions.js.
const findingActions = {
  // Opening a page may close the popup before any answer: silence is fine.
  details: (id) => ask({ type: 'vigie:extension-details', id }, { emptyOk: true }),
  disable: (id) => ask({ type: 'vigie:disable-extension', id }),
  exportFinding: (finding) => exportFinding(finding, { vigieVersion: vigieVersion() }),
};

/**
 * Sends a message to the background; rejects on timeout, `ok: false`, or
 * silence (unless `emptyOk`).
 */
async function ask(message, { emptyOk = false } = {}) {
  if (!ext?.runtime?.sendMessage) throw new Error('runtime.sendMessage is not available');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(t('popup_errorTimeout', [ANSWER_TIMEOUT_MS / 1000]) || 'No answer.')),
      ANSWER_TIMEOUT_MS,
    );
  });
  try {
    const reply = await Promise.race([ext.runtime.sendMessage(message), timeout]);
    if (emptyOk && reply == null) return {};
    if (reply == null || typeof reply !== 'object') {
      throw new Error(t('popup_errorNoReply') || 'Empty answer.');
    }
    if (reply.ok === false) throw new Error(errorText(reply.error) || 'ok: false');
    return reply;
  } finally {
    clearTimeout(timer);
  }
}

/** The tab to describe: `?tab=<id>` when the popup is opened as a page, else the active tab. */
async function targetTabId() {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  if (tab?.id == null) throw new Error(t('popup_errorNoTab') || 'No active tab.');
  return tab.id;
}

async function load() {
  const attempt = ++loadCount;
  ui.content.setAttribute('aria-busy', 'true');
  try {
    const tabId = await targetTabId();
    const state = await ask({ type: 'vigie:popup-state', tabId });
    if (attempt === loadCount) render(state);
  } catch (error) {
    if (attempt === loadCount) renderError(error);
  } finally {
    if (attempt === loadCount) ui.content.setAttribute('aria-busy', 'false');
  }
}

function render(state) {
  currentSite = typeof state.site === 'string' && state.site !== '' ? state.site : null;
  ui.site.textContent = currentSite ?? '';
  ui.siteLine.hidden = currentSite === null;

  currentSiteModel = currentSite !== null && state.siteModel && typeof state.siteModel === 'object' ? state.siteModel : null;
  // In the engine's order: it already put the most severe, then the most recent, first.
  currentFindings =
    currentSite === null || !Array.isArray(state.findings)
      ? []
      : state.findings.filter((f) => f && typeof f === 'object');
  if (currentSite === null) {
    ui.content.replaceChildren(unwatchedView(state));
  } else {
    // Without access to the site, or in a page its scripts could not
    // enter, Vigie saw nothing here: no "no warnings".
    const withheld = state.accessWithheld === true;
    const unwatched = !withheld && state.pageUnwatched === true;
    ui.content.replaceChildren(
      ...(withheld ? [accessNotice()] : unwatched ? [unwatchedNotice()] : state.reloadToWatch === true ? [reloadNotice()] : []),
      ...(currentFindings.length > 0 ? [findingsView(currentFindings, state.destinations)] : withheld || unwatched ? [] : [emptyView(state)]),
      ...[
        destinationsView(state.destinations, { t, lang }),
        rightsView(currentSite, state.destinations, currentFindings, { t, open: openExtensionPage }),
      ].filter(Boolean),
    );
  }
  renderFooter(state);
}

/** Opens one of Vigie's own pages (the GDPR letter, the authority report) in a tab. */
function openExtensionPage(path) {
  const url = ext.runtime.getURL(path);
  (ext.tabs?.create ? ext.tabs.create({ url }) : Promise.resolve(window.open(url))).catch(() => {});
}

/** The banner atop a view: a tone, an icon, a heading and what follows it. */
function verdict(tone, iconName, title, headingId, ...rest) {
  return el(
    'div',
    { className: `verdict verdict-${tone}` },
    icon(iconName, 'icon verdict-icon'),
    el(
      'div',
      {},
      el('h2', { className: 'verdict-title', text: title, attrs: headingId ? { id: headingId } : {} }),
      ...rest,
    ),
  );
}

function findingsView(findings, rows) {
  const now = Date.now();
  const top = topSeverity(findings) ?? 'info';
  const warnings = findings.filter((finding) => severityRank(finding?.severity) >= severityRank('warning')).length;
  const list = el('ol', { className: 'findings' });
  const ctx = {
    t,
    lang,
    now,
    siteModel: currentSiteModel,
    selfId: ext?.runtime?.id ?? null,
    actions: findingActions,
    rights: { site: currentSite, rows, open: openExtensionPage },
  };
  for (const finding of findings) list.append(findingCard(finding, ctx));
  return el(
    'section',
    { className: 'findings-view', attrs: { 'aria-labelledby': 'findings-heading' } },
    verdict(
      top,
      'alert',
      // The badge's number: warnings and worse. Information alone is said so.
      warnings > 0
        ? plural(t, 'popup_findingsHeading', warnings, lang) || String(warnings)
        : t('popup_infoOnlyHeading') || 'No warnings on this site, only information',
      'findings-heading',
      findings.length > 1 && el('p', { className: 'verdict-body', text: t('popup_findingsIntro') }),
      // The heading counts as the badge does; the information cards after
      // the warnings are said, so that the count never reads as the cards'.
      warnings > 0 &&
        findings.length > warnings &&
        el('p', { className: 'verdict-body', testid: 'info-more', text: plural(t, 'popup_findingsInfoMore', findings.length - warnings, lang) }),
    ),
    list,
  );
}

function emptyView(state) {
  const stat = (value, base) => {
    const n = Number(value);
    if (!Number.isFinite(n)) return null;
    return el(
      'div',
      { className: 'stat' },
      el('dt', { className: 'stat-label', text: plural(t, base, n, lang) }),
      el('dd', { className: 'stat-value', text: formatCount(n, lang) }),
    );
  };
  const since = absoluteTime(state.watched?.since, lang);
  return el(
    'section',
    { className: 'empty-view', testid: 'empty-state', attrs: { 'aria-labelledby': 'empty-heading' } },
    verdict(
      'ok',
      'check',
      t('popup_emptyTitle') || 'No warnings on this site',
      'empty-heading',
      el('p', { className: 'verdict-body', text: t('popup_emptyBody') }),
    ),
    el(
      'dl',
      { className: 'stats' },
      stat(state.watched?.pages, 'stat_pages'),
      stat(state.watched?.injections, 'stat_injections'),
      stat(state.extensions?.total, 'stat_extensions'),
    ),
    since && el('p', { className: 'since', text: t('popup_watchingSince', [since]) }),
  );
}

/** A note above the findings: a title and what it means. */
function notice(testid, titleKey, fallback, bodyKey) {
  return el(
    'section',
    { className: 'reload-notice', testid, attrs: { role: 'note' } },
    el('p', { className: 'reload-notice-title', text: t(titleKey) || fallback }),
    el('p', { className: 'reload-notice-body', text: t(bodyKey) }),
  );
}

/** A page open before Vigie started: its scripts came late or not at all. */
const reloadNotice = () => notice('reload-notice', 'popup_reloadToWatch', 'Reload this page to watch it', 'popup_reloadToWatchBody');

/** A page open before Vigie started that its scripts could not enter: it sees nothing of the page until it is reloaded. */
const unwatchedNotice = () => notice('reload-notice', 'popup_reloadToWatch', 'Reload this page to watch it', 'popup_reloadToWatchMissingBody');

/** A site whose access the person withheld: Vigie sees nothing of it. */
const accessNotice = () => notice('access-notice', 'popup_accessWithheld', 'Vigie has no access to this site', 'popup_accessWithheldBody');

function unwatchedView(state) {
  const page = pageLabel(state.tab?.url);
  return el(
    'section',
    { className: 'message-view', testid: 'unwatched', attrs: { 'aria-labelledby': 'unwatched-heading' } },
    verdict(
      'neutral',
      'blocked',
      t('popup_unwatchedTitle') || 'Vigie can’t watch this page',
      'unwatched-heading',
      page && el('p', { className: 'page-label', text: page }),
    ),
    el('p', { className: 'message-body', text: t('popup_unwatchedBody') }),
  );
}

function renderError(error) {
  currentSite = null;
  currentSiteModel = null;
  currentFindings = [];
  ui.siteLine.hidden = true;
  ui.footer.hidden = true;
  const retry = el(
    'button',
    { className: 'button button-primary', testid: 'retry', attrs: { type: 'button' } },
    icon('retry', 'icon'),
    el('span', { text: t('popup_retry') || 'Try again' }),
  );
  retry.addEventListener('click', () => {
    ui.content.replaceChildren(el('p', { className: 'loading', text: t('popup_loading') || 'Loading…' }));
    load();
  });
  const detail = errorText(error);
  ui.content.replaceChildren(
    el(
      'section',
      { className: 'message-view', testid: 'error', attrs: { role: 'alert' } },
      verdict(
        'error',
        'alert',
        t('popup_errorTitle') || 'Vigie is not answering',
        null,
        el('p', { className: 'verdict-body', text: t('popup_errorBody') }),
      ),
      detail &&
        el(
          'details',
          { className: 'error-details' },
          el('summary', {}, el('span', { className: 'disclosure' }), t('popup_errorDetails') || 'Details'),
          el('p', { className: 'error-text' }, el('code', { text: detail })),
        ),
      el('div', { className: 'actions' }, retry),
    ),
  );
  retry.focus();
}

function renderFooter(state) {
  const notes = healthNotes(state.health, t, lang);
  ui.health.replaceChildren(...notes.map((note) => el('p', {}, icon('info', 'icon icon-small'), note)));
  ui.health.hidden = notes.length === 0;
  ui.forget.hidden = currentSite === null;
  ui.exportAll.hidden = currentFindings.length === 0;
  closeConfirm(false);
  syncFooterActions();
  ui.footer.hidden = ui.forget.hidden && ui.exportAll.hidden && ui.health.hidden && ui.status.textContent === '';
}

/** The footer's button row shows only when one of its buttons does. */
function syncFooterActions() {
  ui.footerActions.hidden = ui.forget.hidden && ui.exportAll.hidden;
}

function exportAll() {
  if (currentSite === null || currentFindings.length === 0) return;
  ui.status.classList.remove('status-error');
  try {
    const fileName = exportSite(currentSite, currentFindings, { vigieVersion: vigieVersion() });
    ui.status.textContent = t('popup_exportDone', [fileName]) || fileName;
  } catch (error) {
    ui.status.classList.add('status-error');
    ui.status.textContent = failureLine(t, t('popup_exportFailed') || 'Could not export the evidence.', error);
  }
}

function openConfirm() {
  if (currentSite === null) return;
  ui.confirmQuestion.textContent = t('popup_forgetQuestion', [currentSite]) || `Forget ${currentSite}?`;
  ui.confirmError.hidden = true;
  ui.forget.hidden = true;
  syncFooterActions();
  ui.confirm.hidden = false;
  ui.status.textContent = '';
  ui.status.classList.remove('status-error');
  // The safe choice gets the focus: Enter right away keeps the records.
  ui.forgetCancel.focus();
}

function closeConfirm(restoreFocus) {
  const wasOpen = !ui.confirm.hidden;
  ui.confirm.hidden = true;
  setConfirmBusy(false);
  if (currentSite !== null) ui.forget.hidden = false;
  syncFooterActions();
  if (wasOpen && restoreFocus) ui.forget.focus();
}

function setConfirmBusy(busy) {
  ui.forgetConfirm.disabled = busy;
  ui.forgetCancel.disabled = busy;
}

async function forgetSite() {
  const site = currentSite;
  if (site === null) return;
  setConfirmBusy(true);
  try {
    const reply = await ask({ type: 'vigie:forget-site', site });
    const removed = Number(reply.removed);
    ui.status.classList.remove('status-error');
    ui.status.textContent = Number.isFinite(removed) ? plural(t, 'popup_forgetDone', removed, lang) : '';
    await load();
    if (!ui.forget.hidden) ui.forget.focus();
  } catch (error) {
    setConfirmBusy(false);
    ui.confirmError.textContent = failureLine(t, t('popup_forgetFailed') || 'Could not forget this site.', error);
    ui.confirmError.hidden = false;
  }
}

// ---- the Extensions view (extensions-view.js) ------------------------------

async function showExtensions() {
  const attempt = ++loadCount;
  ui.content.setAttribute('aria-busy', 'true');
  ui.footer.hidden = true;
  try {
    const state = await ask({ type: 'vigie:extensions' });
    if (attempt !== loadCount) return;
    ui.content.replaceChildren(
      extensionsView(state, {
        t,
        lang,
        selfId: ext?.runtime?.id ?? null,
        actions: findingActions,
        onBack: () => load(),
        onChanged: () => showExtensions(),
      }),
    );
  } catch (error) {
    if (attempt === loadCount) renderError(error);
  } finally {
    if (attempt === loadCount) ui.content.setAttribute('aria-busy', 'false');
  }
}

const openExtensions = document.getElementById('open-extensions');
openExtensions.title = t('popup_extensionsOpenHint');
openExtensions.addEventListener('click', () => showExtensions());

document.documentElement.lang = lang;
localizeStatic(document, t);
ui.exportAll.addEventListener('click', exportAll);
ui.forget.addEventListener('click', openConfirm);
ui.forgetCancel.addEventListener('click', () => closeConfirm(true));
ui.forgetConfirm.addEventListener('click', forgetSite);
ui.confirm.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    closeConfirm(true);
  }
});
// `?view=extensions` opens the Extensions view directly.
if (new URLSearchParams(location.search).get('view') === 'extensions') showExtensions();
else load();
