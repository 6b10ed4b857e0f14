// The page observer's form-field reports (extension/content/observer/form-inputs.js):
// which fields count as e-mail, phone or name, and what is sent of them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

// The module only touches the DOM when watching; its classifiers take any
// field-like object.
globalThis.HTMLInputElement ??= class {};
globalThis.HTMLTextAreaElement ??= class {};
globalThis.HTMLFormElement ??= class {};
globalThis.ShadowRoot ??= class {};
globalThis.Element ??= class {};
// The prototypes' own readers, which the observer calls on a form (its
// controls override its properties by name): here the fake elements keep
// their attributes in `attributes`, and a form its controls in `controls`.
Element.prototype.getAttribute = function (name) {
  return this.attributes?.[name] ?? null;
};
Object.defineProperty(HTMLFormElement.prototype, 'elements', {
  configurable: true,
  get() {
    return this.controls;
  },
});
// What the observer sends to the background, and the window it listens on.
const sent = [];
globalThis.chrome ??= { runtime: { id: 'vigie-test', sendMessage: (message) => void sent.push(message) } };
const listeners = new Map();
globalThis.window ??= { addEventListener: (type, fn) => listeners.set(type, [...(listeners.get(type) ?? []), fn]) };
const { fieldKind, formInputReport, watchFormInputs } = await import('../../extension/content/observer/form-inputs.js');

function field({ type = 'text', name = '', id = '', autocomplete = '', value = '', form = null, localName = 'input' } = {}) {
  return { type, name, id, value, form, localName, getAttribute: (a) => (a === 'autocomplete' ? autocomplete : null) };
}

describe('fieldKind', () => {
  test('knows e-mail, phone and name fields by type, autocomplete token or name', () => {
    assert.equal(fieldKind(field({ type: 'email' })), 'email');
    assert.equal(fieldKind(field({ name: 'newsletter_email' })), 'email');
    assert.equal(fieldKind(field({ autocomplete: 'shipping email' })), 'email');
    assert.equal(fieldKind(field({ type: 'tel' })), 'phone');
    assert.equal(fieldKind(field({ id: 'mobilePhone' })), 'phone');
    assert.equal(fieldKind(field({ autocomplete: 'family-name' })), 'name');
    assert.equal(fieldKind(field({ name: 'first_name' })), 'name');
    assert.equal(fieldKind(field({ type: 'password' })), 'password');
  });

  test('leaves everything else alone', () => {
    for (const f of [
      field({ name: 'q', type: 'search' }),
      field({ name: 'username' }),
      field({ name: 'company_name' }),
      field({ type: 'checkbox', name: 'email_optin' }),
      field({ type: 'hidden', name: 'email' }),
    ]) {
      assert.equal(fieldKind(f), 'other', JSON.stringify(f));
    }
  });
});

describe('formInputReport', () => {
  test('sends the trimmed value with its form and whether it was submitted', () => {
    const form = { attributes: { id: 'newsletter' } };
    assert.deepEqual(formInputReport(field({ type: 'email', value: '  ada@example.org ', form }), false), {
      type: 'vigie:form-input',
      field: 'email',
      value: 'ada@example.org',
      formId: 'newsletter',
      formAction: null,
      submitted: false,
    });
  });

  test('a submitted report says where the form is sent, as the browser resolves it, never a field named "action"', () => {
    // The prototype's getter, as in a page: the form's own resolved action.
    Object.defineProperty(HTMLFormElement.prototype, 'action', {
      configurable: true,
      get() {
        return this.resolvedAction;
      },
    });
    try {
      const form = { attributes: { id: 'signup' }, resolvedAction: 'https://forms.example/submit', action: { name: 'action' } };
      const report = formInputReport(field({ type: 'email', value: 'ada@example.org', form }), true);
      assert.equal(report.formAction, 'https://forms.example/submit');
      assert.equal(report.submitted, true);
      // Not yet submitted: where the form goes is not said.
      assert.equal(formInputReport(field({ type: 'email', value: 'ada@example.org', form }), false).formAction, null);
    } finally {
      delete HTMLFormElement.prototype.action;
    }
  });

  test('an address typed whole into a log-in identifier box the page did not mark as an e-mail field is an e-mail', () => {
    // "E-mail or customer number", marked only as a username, or named as a log-in.
    const login = field({ name: 'identifiant', autocomplete: 'username', value: ' Lea.Fontaine+shop@example.net ' });
    assert.equal(fieldKind(login), 'other');
    assert.equal(formInputReport(login, false).field, 'email');
    assert.equal(formInputReport(login, false).value, 'Lea.Fontaine+shop@example.net');
    assert.equal(formInputReport(field({ id: 'login_id', value: 'ada@example.org' }), false).field, 'email');
    assert.equal(formInputReport(field({ name: 'session_key', autocomplete: 'username webauthn', value: 'ada@example.org' }), false).field, 'email');
    // Anything else in such a box is left alone: a user name, an address in
    // a sentence, a handle, something that only looks like one.
    for (const value of ['lea_fontaine', 'write to ada@example.org please', '@lea', 'ada@localhost', 'ada@example.o', 'a b@example.org', 'ada@-example.org']) {
      assert.equal(formInputReport(field({ name: 'identifiant', value }), false), null, value);
    }
    // Other boxes: an address there may be anyone's (a search, an invitation, a message).
    for (const other of [
      field({ name: 'q', value: 'ada@example.org' }),
      field({ type: 'search', name: 'user_search', value: 'ada@example.org' }),
      field({ name: 'invite', value: 'ada@example.org' }),
      field({ localName: 'textarea', type: 'textarea', name: 'message', value: 'ada@example.org' }),
      field({ type: 'hidden', name: 'login', value: 'ada@example.org' }),
    ]) {
      assert.equal(formInputReport(other, false), null, JSON.stringify(other));
    }
  });

  test("names a form by its own id or name, never by a control named 'id' or 'getAttribute'", () => {
    // <form id="inscription"><input type="hidden" name="id"><input name="getAttribute">…
    const form = { attributes: { id: 'inscription' }, id: { name: 'id' }, getAttribute: { name: 'getAttribute' } };
    assert.equal(formInputReport(field({ type: 'email', value: 'ada@example.org', form }), false).formId, 'inscription');
    const named = { attributes: { name: 'lettre' }, id: { name: 'id' } };
    assert.equal(formInputReport(field({ type: 'email', value: 'ada@example.org', form: named }), false).formId, 'lettre');
  });

  test('never sends a password, only that one was typed', () => {
    assert.equal(formInputReport(field({ type: 'password', value: 'hunter2' }), true).value, '');
  });

  test('sends nothing for empty or unwatched fields', () => {
    assert.equal(formInputReport(field({ type: 'email', value: '   ' }), false), null);
    assert.equal(formInputReport(field({ name: 'q', value: 'shoes' }), false), null);
  });
});

describe('memberIdentities', async () => {
  globalThis.location ??= { href: 'https://www.linkedin.com/in/bruno-keller/' };
  const { memberIdentities } = await import('../../extension/content/observer/contacts.js');
  test('pairs the member URN and the vanity slug written in one hydration blob', () => {
    const blob = '{"data":{"entityUrn":"urn:li:fsd_profile:ACoAABrunoKellerX1y2Z3","publicIdentifier":"bruno-keller"}}';
    assert.deepEqual(memberIdentities([blob, '{"data":{"entityUrn":"urn:li:fsd_profile:ACoAAOnlyUrnQ1w2"}}']), [
      { member: 'urn:li:fsd_profile:ACoAABrunoKellerX1y2Z3', slug: 'bruno-keller' },
    ]);
  });
});

describe('watchFormInputs', () => {
  const SETTLE_MS = 800; // src/contract.json shell.formInputSettleMs
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  class Input extends HTMLInputElement {
    constructor(form) {
      super();
      Object.assign(this, { type: 'email', name: 'email', id: 'email', value: '', form, localName: 'input' });
    }
    getAttribute() {
      return null;
    }
  }
  class Form extends HTMLFormElement {
    constructor() {
      super();
      this.attributes = { id: 'connexion' };
      this.controls = [];
    }
  }
  const fire = (type, target, { isTrusted = true } = {}) => {
    for (const fn of listeners.get(type) ?? []) fn({ isTrusted, target, composedPath: () => [target] });
  };

  test('a value submitted is not reported unsubmitted after, unless the field is emptied and typed again', async () => {
    watchFormInputs();
    const form = new Form();
    const field = new Input(form);
    form.controls.push(field);
    sent.length = 0;
    // Typed, then submitted with Enter before the value settled.
    field.value = 'ada@example.org';
    fire('input', field);
    fire('submit', form);
    // A late `change` of the same value, and the settle timer's time.
    fire('change', field);
    await sleep(SETTLE_MS + 200);
    assert.deepEqual(sent.map((m) => [m.value, m.submitted]), [['ada@example.org', true]]);
    // Emptied, then the same address typed again: typed, not submitted.
    field.value = '';
    fire('input', field);
    field.value = 'ada@example.org';
    fire('input', field);
    await sleep(SETTLE_MS + 200);
    assert.deepEqual(sent.map((m) => [m.value, m.submitted]), [['ada@example.org', true], ['ada@example.org', false]]);
  });
  test("a form's controls are read through its prototype: a control named 'elements' does not hide the others", async () => {
    const form = new Form();
    const field = new Input(form);
    form.controls.push(field);
    // <input type="hidden" name="elements"> overrides form.elements.
    Object.defineProperty(form, 'elements', { value: { name: 'elements' } });
    sent.length = 0;
    field.value = 'lea.fontaine@example.net';
    fire('input', field);
    fire('submit', form);
    assert.deepEqual(sent.map((m) => [m.value, m.formId, m.submitted]), [['lea.fontaine@example.net', 'connexion', true]]);
    await sleep(SETTLE_MS + 200);
    assert.equal(sent.length, 1);
  });

  test("a submit event a script made submits what the person typed, never a value a script put in a field they did not touch", async () => {
    const form = new Form();
    const typed = new Input(form);
    const planted = new Input(form);
    Object.assign(planted, { name: 'contact_email', id: 'contact_email' });
    form.controls.push(typed, planted);
    sent.length = 0;
    typed.value = 'lea.fontaine@example.net';
    fire('input', typed);
    // A script sets the other field, then makes a submit event of its own.
    planted.value = 'ceo@example.org';
    fire('submit', form, { isTrusted: false });
    assert.deepEqual(sent.map((m) => [m.value, m.submitted]), [['lea.fontaine@example.net', true]]);
    // Neither is typed later by the settle timer: the planted value never
    // was, and the typed one was submitted.
    await sleep(SETTLE_MS + 200);
    assert.equal(sent.length, 1);
  });
});
