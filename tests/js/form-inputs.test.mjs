// The page observer's form-field reports (extension/content/observer/form-inputs.js):
// which fields count as e-mail, phone or name, and what is sent of them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

// The module only touches the DOM when watching; its classifiers take any
// field-like object.
globalThis.HTMLInputElement ??= class {};
globalThis.HTMLTextAreaElement ??= class {};
globalThis.HTMLFormElement ??= class {};
globalThis.chrome ??= undefined;
const { fieldKind, formInputReport } = await import('../../extension/content/observer/form-inputs.js');

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
    const form = { id: 'newsletter', getAttribute: () => null };
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
      const form = { id: 'signup', getAttribute: () => null, resolvedAction: 'https://forms.example/submit', action: { name: 'action' } };
      const report = formInputReport(field({ type: 'email', value: 'ada@example.org', form }), true);
      assert.equal(report.formAction, 'https://forms.example/submit');
      assert.equal(report.submitted, true);
      // Not yet submitted: where the form goes is not said.
      assert.equal(formInputReport(field({ type: 'email', value: 'ada@example.org', form }), false).formAction, null);
    } finally {
      delete HTMLFormElement.prototype.action;
    }
  });

  test('an address typed whole into a text box the page did not mark as one is an e-mail', () => {
    // A log-in identifier ("E-mail or username"), marked only as a username.
    const login = field({ name: 'identifiant', autocomplete: 'username', value: ' Lea.Fontaine+shop@example.net ' });
    assert.equal(fieldKind(login), 'other');
    assert.equal(formInputReport(login, false).field, 'email');
    assert.equal(formInputReport(login, false).value, 'Lea.Fontaine+shop@example.net');
    assert.equal(formInputReport(field({ localName: 'textarea', type: 'textarea', value: 'ada@example.org' }), false).field, 'email');
    // Anything else in such a box is left alone: a user name, an address in
    // a sentence, a handle, something that only looks like one.
    for (const value of ['lea_fontaine', 'write to ada@example.org please', '@lea', 'ada@localhost', 'ada@example.o', 'a b@example.org', 'ada@-example.org']) {
      assert.equal(formInputReport(field({ name: 'identifiant', value }), false), null, value);
    }
    // Not a text box: a hidden or checkbox input holding an address is not typed.
    assert.equal(formInputReport(field({ type: 'hidden', name: 'x', value: 'ada@example.org' }), false), null);
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
