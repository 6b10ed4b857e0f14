// What a person can do about a finding: open the extension's page in the
// browser (the Details button sits next to the extension's name, see
// finding-card.js), turn the extension off (after a confirmation inside the
// card), exercise their rights (a GDPR letter to the organization that got
// the data, a report for the authority about contact harvesting; see
// rights-links.js), and save the finding's evidence as a file.
//
// The card gets its effects from popup.js through `ctx`:
//   ctx.actions.details(id)      → Promise; rejects when the page could not be opened
//   ctx.actions.disable(id)      → Promise; rejects with the browser's reason
//   ctx.actions.exportFinding(f) → the file name; throws when it failed
//   ctx.selfId                   → Vigie's own id, never offered for disabling
//   ctx.rights                   → { site, rows, open(path) }: the site's
//                                  destination rows and how to open one of
//                                  Vigie's pages; no rights buttons without it
// Outcomes are written to the card's status line (role="status").

import { el, icon } from './dom.js';
import { actorParts, failureLine, mayDisable } from './format.js';
import { cardRightsButtons } from './rights-links.js';

let confirmCount = 0;

/** Writes an outcome to a status line; `tone` 'ok' or 'error', '' text clears it. */
export function setStatus(status, text, tone = 'ok') {
  status.textContent = text;
  status.classList.toggle('card-status-error', tone === 'error');
}


function actionButton({ testid, label, hint, iconName, className = 'button-secondary' }) {
  return el(
    'button',
    { className: `button button-small ${className}`, testid, title: hint, attrs: { type: 'button' } },
    iconName && icon(iconName, 'icon icon-small'),
    el('span', { text: label }),
  );
}

/** "Details": asks the background to open the browser's page for `extension` ({ id, name }). */
export function detailsButton(extension, { t, actions }, status) {
  const button = actionButton({
    testid: 'action-details',
    label: t('popup_actionDetails') || 'Details',
    hint: t('popup_actionDetailsHint'),
    iconName: 'external',
  });
  button.dataset.extensionId = extension.id;
  button.addEventListener('click', async () => {
    setStatus(status, '');
    button.disabled = true;
    try {
      await actions.details(extension.id);
    } catch (error) {
      setStatus(status, failureLine(t, t('popup_detailsFailed') || 'Could not open the extension’s page.', error), 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/**
 * The card's action row — Disable… when the actor is an extension Vigie may
 * turn off, the rights buttons that apply, Export evidence always — and the
 * confirmation Disable… opens.
 */
export function cardActions(finding, ctx, status) {
  const { t, actions } = ctx;
  const actor = finding.actor;

  const exportButton = actionButton({
    testid: 'action-export',
    label: t('popup_actionExport') || 'Export evidence',
    hint: t('popup_actionExportHint'),
    iconName: 'download',
    className: 'button-secondary button-export',
  });
  exportButton.addEventListener('click', () => {
    try {
      const fileName = actions.exportFinding(finding);
      setStatus(status, t('popup_exportDone', [fileName]) || fileName);
    } catch (error) {
      setStatus(status, failureLine(t, t('popup_exportFailed') || 'Could not export the evidence.', error), 'error');
    }
  });

  const row = el('div', { className: 'card-actions' });
  let confirm = null;
  if (mayDisable(actor, ctx.selfId)) {
    const disable = actionButton({
      testid: 'action-disable',
      label: t('popup_actionDisable') || 'Disable…',
      iconName: 'power',
      className: 'button-secondary button-caution',
    });
    confirm = disableConfirm(actor, ctx, status, disable, () => exportButton.focus());
    disable.addEventListener('click', () => confirm.open());
    row.append(disable);
  }
  row.append(...cardRightsButtons(finding, ctx), exportButton);

  return el('div', { className: 'card-actions-area' }, row, confirm?.node);
}

/**
 * The "Disable …?" question under the action row; `open()` shows it. Once the
 * extension is off, `trigger` goes away and `afterDone` places the focus.
 */
export function disableConfirm(actor, { t, actions }, status, trigger, afterDone) {
  const { name } = actorParts(actor, t);
  const questionId = `disable-question-${++confirmCount}`;
  const noteId = `${questionId}-note`;
  const cancel = el(
    'button',
    { className: 'button button-small button-secondary', testid: 'disable-cancel', attrs: { type: 'button' } },
    el('span', { text: t('popup_disableCancel') || 'Cancel' }),
  );
  const accept = el(
    'button',
    { className: 'button button-small button-danger', testid: 'disable-confirm', attrs: { type: 'button' } },
    el('span', { text: t('popup_disableConfirm') || 'Disable' }),
  );
  const error = el('p', { className: 'confirm-error', hidden: true });
  const node = el(
    'div',
    {
      className: 'confirm card-confirm',
      hidden: true,
      attrs: { role: 'group', 'aria-labelledby': questionId, 'aria-describedby': noteId },
    },
    el(
      'div',
      {},
      el('p', {
        className: 'confirm-question',
        text: t('popup_disableQuestion', [name]) || `Disable ${name}?`,
        attrs: { id: questionId },
      }),
      ' ',
      el('p', { className: 'confirm-note', text: t('popup_disableNote'), attrs: { id: noteId } }),
    ),
    el('div', { className: 'confirm-actions' }, cancel, accept),
    error,
  );

  const busy = (on) => {
    cancel.disabled = on;
    accept.disabled = on;
  };
  const close = (restoreFocus) => {
    node.hidden = true;
    trigger.hidden = false;
    busy(false);
    if (restoreFocus) trigger.focus();
  };
  const open = () => {
    setStatus(status, '');
    error.hidden = true;
    trigger.hidden = true;
    node.hidden = false;
    // The safe choice gets the focus: Enter right away leaves the extension on.
    cancel.focus();
  };

  cancel.addEventListener('click', () => close(true));
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !cancel.disabled) {
      event.preventDefault();
      close(true);
    }
  });
  accept.addEventListener('click', async () => {
    busy(true);
    try {
      await actions.disable(actor.id);
      node.hidden = true;
      // Done: nothing left to disable from this card.
      trigger.remove();
      setStatus(status, t('popup_disableDone', [name]) || `${name} is disabled.`);
      afterDone();
    } catch (reason) {
      busy(false);
      error.textContent = failureLine(t, t('popup_disableFailed', [name]) || `Could not disable ${name}.`, reason);
      error.hidden = false;
    }
  });

  return { node, open };
}
