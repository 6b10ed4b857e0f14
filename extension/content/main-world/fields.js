// Field reads: a script that reads the value of an e-mail, phone, name or
// password field, or an address from a log-in identifier box the page did
// not mark as an e-mail field (the HTMLInputElement `value` getter), reported as
// { kind: 'fieldRead', field, stack } at most once per field kind per
// calling script per page, and only for a field that holds something. A
// claim a page could forge, never proof on its own: the core corroborates
// it when the value then leaves to that script's host.
//
// The getter stays a getter with the native's name, length, flags and
// source; the setter is the native's. Fields are classified as the
// observer's form-inputs.js does (shared/field-patterns.js), through getters
// captured at load.

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
import { win } from './captured-web.js';
import { ReflectDefineProperty, StringToLowerCase, WeakMapGet, WeakMapSet, NativeWeakMap } from './captured.js';
import { post } from './bridge.js';
import { captureStackUrls, scrubbed } from './call-stack.js';
import { disguise } from './disguise.js';
import { call, ownDescriptor, ownGetter, ownValue } from './objects.js';
import { exec, trim } from './text.js';

/** A log-in identifier box with no mark of e-mail: its value decides. */
const LOGIN_BOX = 'login';
/** The longest value the observer reports (longer ones are no address). */
const MAX_FORM_VALUE = contract.shell.maxFormValue;
/** Stack captures for field reads on one page; past it, reads are no longer reported. */
const MAX_CAPTURES = 240;

const lower = (text) => call(StringToLowerCase, text, []);

export function hookFieldReads() {
  const proto = win.HTMLInputElement?.prototype;
  const descriptor = proto ? ownDescriptor(proto, 'value') : undefined;
  if (!descriptor || typeof descriptor.get !== 'function') return;
  const nativeGet = descriptor.get;
  const typeOf = ownGetter(proto, 'type');
  const nameOf = ownGetter(proto, 'name');
  const autocompleteOf = ownGetter(proto, 'autocomplete');
  const idOf = ownGetter(win.Element?.prototype, 'id');
  const getAttribute = ownValue(win.Element?.prototype ?? {}, 'getAttribute');
  if (typeof typeOf !== 'function' || typeof nameOf !== 'function' || typeof idOf !== 'function') return;

  const kinds = new NativeWeakMap();
  const reported = { __proto__: null };
  let captures = 0;

  function kindOf(field) {
    const type = lower(call(typeOf, field, []));
    if (type === 'password') return 'password';
    if (type === 'email') return 'email';
    if (type === 'tel') return 'phone';
    if (type !== 'text' && type !== 'search' && type !== '') return null;
    const raw = typeof getAttribute === 'function' ? call(getAttribute, field, ['autocomplete']) : null;
    const autocomplete = typeof raw === 'string' ? lower(raw) : typeof autocompleteOf === 'function' ? lower(call(autocompleteOf, field, [])) : '';
    if (exec(AUTOCOMPLETE_EMAIL, autocomplete) !== null) return 'email';
    if (exec(AUTOCOMPLETE_PHONE, autocomplete) !== null) return 'phone';
    if (exec(AUTOCOMPLETE_NAME, autocomplete) !== null) return 'name';
    const name = call(nameOf, field, []);
    const id = call(idOf, field, []);
    const label = `${name} ${id}`;
    if (exec(EMAIL_NAME, label) !== null) return 'email';
    if (exec(PHONE_NAME, label) !== null) return 'phone';
    if (exec(NAME_NAME, name) !== null || exec(NAME_NAME, id) !== null) return 'name';
    // A log-in identifier box: what it holds decides (an address typed
    // into it is an e-mail read).
    const login = type !== 'search' && (exec(AUTOCOMPLETE_USERNAME, autocomplete) !== null || exec(LOGIN_NAME, label) !== null);
    return login ? LOGIN_BOX : null;
  }

  /** The kind a read of `value` from a field of `kind` reveals, or null. */
  function kindRead(kind, value) {
    if (kind !== LOGIN_BOX) return kind;
    if (value.length > MAX_FORM_VALUE) return null;
    return exec(EMAIL_SHAPED, trim(value)) !== null ? 'email' : null;
  }

  function notice(field, value) {
    if (typeof value !== 'string' || value === '' || captures >= MAX_CAPTURES) return;
    // A field's type can change: its kind is cached per type.
    const type = call(typeOf, field, []);
    let cached = call(WeakMapGet, kinds, [field]);
    if (cached === undefined || cached.type !== type) {
      cached = { __proto__: null, type, kind: kindOf(field) };
      call(WeakMapSet, kinds, [field, cached]);
    }
    const kind = cached.kind === null ? null : kindRead(cached.kind, value);
    if (kind === null) return;
    captures++;
    const stack = captureStackUrls('get value');
    const key = `${kind}|${stack[0] ?? ''}`;
    if (reported[key] === true) return;
    reported[key] = true;
    post({ __proto__: null, kind: 'fieldRead', field: kind, stack });
  }

  const accessors = {
    get value() {
      let value;
      try {
        value = call(nativeGet, this, []);
      } catch (error) {
        throw scrubbed(error);
      }
      try {
        notice(this, value);
      } catch {
        // Reporting must never change what the page sees.
      }
      return value;
    },
  };
  const getter = ownGetter(accessors, 'value');
  disguise(getter, nativeGet);
  descriptor.get = getter;
  ReflectDefineProperty(proto, 'value', descriptor);
}
