// Values a person types into form fields: e-mail, phone and name fields
// (and an address typed whole into a log-in identifier box marked only as
// a username), reported when the value settles (a pause in typing, or `change`), not per
// keystroke, and once more, marked submitted, when its form is submitted.
// Trackers that read a field before the person submits (Leaky Forms, Senol
// et al., USENIX Security 2022) send what is typed within moments: the core
// holds these values in memory to recognise them in what leaves the page.
// A password's value is never read; only that one was typed.

import contract from '../../../src/contract.json' with { type: 'json' };
import {
  AUTOCOMPLETE_EMAIL,
  AUTOCOMPLETE_NAME,
  AUTOCOMPLETE_PHONE,
  AUTOCOMPLETE_USERNAME,
  EMAIL_NAME,
  EMAIL_SHAPED,
  LOGIN_NAME,
  NAME_NAME,
  PHONE_NAME,
} from '../shared/field-patterns.js';
import { send } from './runtime.js';

const MAX_VALUE = contract.shell.maxFormValue;
const SETTLE_MS = contract.shell.formInputSettleMs;
const MAX_REPORTS = contract.shell.maxFormReportsPerPage;


/** The kind of a form field: email, phone, name, password or other. */
export function fieldKind(field) {
  const type = String(field.type ?? '').toLowerCase();
  if (type === 'password') return 'password';
  if (type === 'email') return 'email';
  if (type === 'tel') return 'phone';
  if (type !== 'text' && type !== 'search' && type !== '' && field.localName === 'input') return 'other';
  const autocomplete = String(field.getAttribute?.('autocomplete') ?? '').toLowerCase();
  if (AUTOCOMPLETE_EMAIL.test(autocomplete)) return 'email';
  if (AUTOCOMPLETE_PHONE.test(autocomplete)) return 'phone';
  if (AUTOCOMPLETE_NAME.test(autocomplete)) return 'name';
  const label = `${field.name ?? ''} ${field.id ?? ''}`;
  if (EMAIL_NAME.test(label)) return 'email';
  if (PHONE_NAME.test(label)) return 'phone';
  if (NAME_NAME.test(String(field.name ?? '')) || NAME_NAME.test(String(field.id ?? ''))) return 'name';
  return 'other';
}

// A form's properties are read through the prototypes: a form's controls
// override its own properties by name (`form.action`, `form.id`,
// `form.elements` or `form.getAttribute` would be an <input name="action">,
// "id", "elements" or "getAttribute" of the form, if it had one), in this
// world as in the page's.
const MAX_ACTION = contract.shell.maxObserverUrlText;
const formGetter = (name) => globalThis.HTMLFormElement && Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, name)?.get;
const getAttribute = globalThis.Element?.prototype.getAttribute;

/** Where the field's form is sent (its resolved action URL), or null. */
function formAction(field) {
  const form = field.form;
  const actionOf = formGetter('action');
  if (!form || !actionOf) return null;
  const action = String(actionOf.call(form) ?? '');
  return action ? action.slice(0, MAX_ACTION) : null;
}

function formId(field) {
  const form = field.form;
  if (!form || !getAttribute) return null;
  const id = getAttribute.call(form, 'id') || getAttribute.call(form, 'name') || '';
  return id ? id.slice(0, 128) : null;
}

/** The controls of a form. */
function controlsOf(form) {
  const elements = formGetter('elements');
  return elements ? [...elements.call(form)] : [];
}

/** A log-in identifier box: a text input marked as a username, or named as a log-in. */
function isLoginBox(field) {
  const type = String(field.type ?? '').toLowerCase();
  if (field.localName !== 'input' || (type !== 'text' && type !== '')) return false;
  const autocomplete = String(field.getAttribute?.('autocomplete') ?? '').toLowerCase();
  return AUTOCOMPLETE_USERNAME.test(autocomplete) || LOGIN_NAME.test(`${field.name ?? ''} ${field.id ?? ''}`);
}

/**
 * The kind of what a field holds: the field's kind, or, for a log-in
 * identifier box the page did not mark as an e-mail field ("E-mail or
 * customer number"), `email` when the whole value is an address.
 */
function valueKind(field) {
  const kind = fieldKind(field);
  if (kind !== 'other' || !isLoginBox(field)) return kind;
  const value = String(field.value ?? '').trim();
  return value.length <= MAX_VALUE && EMAIL_SHAPED.test(value) ? 'email' : 'other';
}

/** The report for a field, or null when there is nothing worth sending. */
export function formInputReport(field, submitted) {
  const field_ = valueKind(field);
  if (field_ === 'other') return null;
  const value = field_ === 'password' ? '' : String(field.value ?? '').trim().slice(0, MAX_VALUE);
  if (field_ !== 'password' && value === '') return null;
  return { type: 'vigie:form-input', field: field_, value, formId: formId(field), formAction: submitted ? formAction(field) : null, submitted };
}

function isField(node) {
  return node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement;
}

/** Watches form fields on this page (every site, every frame). */
export function watchFormInputs() {
  const timers = new WeakMap();
  const lastSent = new WeakMap();
  let reports = 0;
  const report = (field, submitted) => {
    const message = formInputReport(field, submitted);
    if (!message) return;
    const key = `${message.value}|${submitted}`;
    // A value once submitted from this field is typed again only when it
    // changes: a late `change` (implicit submission) or settle timer does
    // not make it unsubmitted.
    const stale = !submitted && lastSent.get(field) === `${message.value}|true`;
    if (stale || lastSent.get(field) === key || reports >= MAX_REPORTS) return;
    lastSent.set(field, key);
    reports += 1;
    send(message);
  };
  const targetOf = (event) => {
    const target = event.composedPath?.()[0] ?? event.target;
    return isField(target) ? target : null;
  };
  // The fields the person typed in (a trusted `input` or `change`).
  const typedIn = new WeakSet();
  const onChange = (event) => {
    const field = event.isTrusted ? targetOf(event) : null;
    if (!field) return;
    typedIn.add(field);
    report(field, false);
  };
  const onSubmit = (event) => {
    const form = event.composedPath?.()[0] ?? event.target;
    if (!(form instanceof HTMLFormElement)) return;
    for (const field of controlsOf(form)) {
      if (!isField(field)) continue;
      // A submit event a script made (a site's own "send" button may make
      // one) submits what the person typed, never a value a script put in
      // a field they did not touch: such a value is not theirs to report.
      if (!event.isTrusted && !typedIn.has(field)) continue;
      clearTimeout(timers.get(field));
      report(field, true);
    }
  };
  // `change` and `submit` do not cross a shadow root's boundary (`input`
  // does): a form inside an open shadow root, as widgets draw theirs, is
  // watched from its root once one of its fields is typed in.
  const roots = new WeakSet();
  const watchRootOf = (field) => {
    const root = field.getRootNode?.();
    if (!(root instanceof ShadowRoot) || roots.has(root)) return;
    roots.add(root);
    root.addEventListener('change', onChange, true);
    root.addEventListener('submit', onSubmit, true);
  };
  window.addEventListener(
    'input',
    (event) => {
      const field = event.isTrusted ? targetOf(event) : null;
      if (!field) return;
      typedIn.add(field);
      // Emptied: what is typed next is new, even the value submitted before.
      if (field.value === '') lastSent.delete(field);
      watchRootOf(field);
      clearTimeout(timers.get(field));
      timers.set(field, setTimeout(() => report(field, false), SETTLE_MS));
    },
    true,
  );
  window.addEventListener('change', onChange, true);
  window.addEventListener('submit', onSubmit, true);
}
