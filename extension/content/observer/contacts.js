// Contact data the page shows: mailto: and tel: links, e-mail addresses
// and phone numbers written in open dialogs (a number alone in its text,
// as LinkedIn's Contact info writes it), and the page's h1 (a profile's
// name). Each value
// is sent once per page (a URL change starts a new page), at most
// maxContactValues (src/contract.json) per page.

import contract from '../../../src/contract.json' with { type: 'json' };
import { MAX_CONTACT_LENGTH, cleanText, emailsInText, freshContactValues, mailtoAddresses, phoneText, telNumber } from './contact-text.js';
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

/** Phone numbers written alone in a text of `root`, within MAX_DIALOG_TEXT characters. */
function phonesIn(root) {
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let read = 0;
  for (let node = walker.nextNode(); node !== null && read < MAX_DIALOG_TEXT; node = walker.nextNode()) {
    const text = node.data;
    read += text.length;
    // Cheap first: a number's text holds a digit and is short.
    if (text.length > 120 || !/[0-9]/.test(text)) continue;
    const number = phoneText(text);
    if (number) found.push(number);
  }
  return found;
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
    for (const number of phonesIn(dialog)) values.push({ kind: 'phone', value: number });
  }
  const heading = document.querySelector('h1');
  const name = heading ? cleanText(heading.innerText ?? heading.textContent, MAX_CONTACT_LENGTH) : '';
  if (name) values.push({ kind: 'name', value: name });
  return values;
}

// LinkedIn's hydration data (`<code id="bpr-guid-N">` JSON) names the
// member a profile shows both by URN and by vanity slug; scrapers look
// members up by either. Reported so that one member counts once.
const HYDRATION = 'code[id^="bpr-guid-"]';
const MAX_HYDRATION_TEXT = 200_000;
const MEMBER_URN = /"entityUrn"\s*:\s*"(urn:li:fsd?_profile:[A-Za-z0-9_-]{8,80})"/;
const PUBLIC_ID = /"publicIdentifier"\s*:\s*"([A-Za-z0-9_%-]{3,100})"/;
let identitySeen = new Set();
// What each blob names, read once per text: a page holds many large blobs
// and is scanned again after every change.
const blobPairs = new WeakMap();

/** Pairs of a member URN and its vanity slug written in one hydration blob. */
export function memberIdentities(texts) {
  const pairs = [];
  for (const text of texts) {
    const urn = MEMBER_URN.exec(text);
    const slug = PUBLIC_ID.exec(text);
    if (urn && slug) pairs.push({ member: urn[1], slug: slug[1] });
  }
  return pairs;
}

function scanContacts() {
  contactTimer = null;
  contactWaitSince = 0;
  if (location.href !== contactPage) {
    contactPage = location.href;
    contactSeen = new Set();
    identitySeen = new Set();
  }
  const values = freshContactValues(contactSeen, collectContacts(), MAX_CONTACT_VALUES);
  if (values.length > 0) send({ type: 'vigie:page-contact', values });
  const pairs = [];
  for (const code of document.querySelectorAll(HYDRATION)) {
    const text = code.textContent ?? '';
    let known = blobPairs.get(code);
    if (known?.length !== text.length) {
      known = { length: text.length, pairs: memberIdentities([text.slice(0, MAX_HYDRATION_TEXT)]) };
      blobPairs.set(code, known);
    }
    pairs.push(...known.pairs);
  }
  for (const pair of pairs) {
    const key = `${pair.member}|${pair.slug}`;
    if (identitySeen.has(key)) continue;
    identitySeen.add(key);
    send({ type: 'vigie:member-identity', ...pair });
  }
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

/**
 * Scans the page for contact data once it is parsed, then after every
 * change. The changes are watched from then on only: while the parser
 * builds the page, every node it adds would be a mutation record to make
 * and read, and the scan at DOMContentLoaded sees all of them at once.
 */
export function watchContacts() {
  const start = () => {
    new MutationObserver(scheduleContactScan).observe(document, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['href', 'open', 'role', 'aria-modal'],
    });
    scanContacts();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
