// Contact data the page shows: mailto: and tel: links, e-mail addresses
// written in open dialogs, and the page's h1 (a profile's name). Each value
// is sent once per page (a URL change starts a new page), at most
// maxContactValues (src/contract.json) per page.

import contract from '../../../src/contract.json' with { type: 'json' };
import { MAX_CONTACT_LENGTH, cleanText, emailsInText, freshContactValues, mailtoAddresses, telNumber } from './contact-text.js';
import { send } from './runtime.js';

const MAX_CONTACT_VALUES = contract.engine.maxContactValues;
const MAX_DIALOG_TEXT = contract.shell.maxDialogText;
const CONTACT_DEBOUNCE_MS = 300;
const CONTACT_MAX_WAIT_MS = 1000; // a page that never stops changing is still scanned
const DIALOGS = 'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
const CONTACT_LINKS = 'a[href^="mailto:" i], a[href^="tel:" i]';

let contactPage = location.href;
let contactSeen = new Set();
let contactTimer = null;
let contactWaitSince = 0;

function isShown(element) {
  return typeof element.checkVisibility === 'function' ? element.checkVisibility() : true;
}

function collectContacts() {
  const values = [];
  for (const link of document.querySelectorAll(CONTACT_LINKS)) {
    const href = link.getAttribute('href');
    for (const address of mailtoAddresses(href)) values.push({ kind: 'email', value: address });
    const number = telNumber(href);
    if (number) values.push({ kind: 'phone', value: number });
  }
  for (const dialog of document.querySelectorAll(DIALOGS)) {
    if (!isShown(dialog)) continue;
    for (const address of emailsInText((dialog.textContent ?? '').slice(0, MAX_DIALOG_TEXT))) {
      values.push({ kind: 'email', value: address });
    }
  }
  const heading = document.querySelector('h1');
  const name = heading ? cleanText(heading.innerText ?? heading.textContent, MAX_CONTACT_LENGTH) : '';
  if (name) values.push({ kind: 'name', value: name });
  return values;
}

function scanContacts() {
  contactTimer = null;
  contactWaitSince = 0;
  if (location.href !== contactPage) {
    contactPage = location.href;
    contactSeen = new Set();
  }
  const values = freshContactValues(contactSeen, collectContacts(), MAX_CONTACT_VALUES);
  if (values.length > 0) send({ type: 'vigie:page-contact', values });
}

function scheduleContactScan() {
  const t = Date.now();
  if (contactTimer !== null) {
    if (t - contactWaitSince >= CONTACT_MAX_WAIT_MS) return;
    clearTimeout(contactTimer);
  } else {
    contactWaitSince = t;
  }
  contactTimer = setTimeout(scanContacts, CONTACT_DEBOUNCE_MS);
}

/** Scans the page for contact data once it is parsed, then after every change. */
export function watchContacts() {
  new MutationObserver(scheduleContactScan).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['href', 'open', 'role', 'aria-modal'],
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scanContacts, { once: true });
  else scanContacts();
}
