// The options page: the person's own watched values (add, remove, listed
// masked — the clear values are never put on screen again once added), and
// a box to test a URL or a request body against them with the same pool and
// decoder the engine uses (LeakMatcher, in this page's own wasm:
// extension/matcher/, wasm/vigie_matcher.js).
//
// The entries are written here, to IndexedDB (../background/watched-store.js);
// the background is then told, and gives the new set to the engine.

import * as wasm from '../wasm/vigie_matcher.js';
import { el, localizeStatic } from '../popup/dom.js';
import { failureLine } from '../popup/format.js';
import { KINDS, addEntry, listEntries, mask, removeEntry, valuesOf } from '../background/watched-store.js';

const ext = globalThis.browser ?? globalThis.chrome;

/** `chrome.i18n.getMessage`, '' when the key or the API is missing. */
function t(key, args = []) {
  try {
    return ext?.i18n?.getMessage(key, args.map(String)) ?? '';
  } catch {
    return '';
  }
}

const ui = {
  entries: document.getElementById('entries'),
  empty: document.getElementById('empty'),
  add: document.getElementById('add'),
  kind: document.getElementById('kind'),
  value: document.getElementById('value'),
  addError: document.getElementById('add-error'),
  test: document.getElementById('test'),
  testUrl: document.getElementById('test-url'),
  testBody: document.getElementById('test-body'),
  testBase64: document.getElementById('test-base64'),
  testEncoding: document.getElementById('test-encoding'),
  testResult: document.getElementById('test-result'),
};

const KIND_LABELS = {
  email: () => t('options_kind_email') || 'E-mail address',
  phone: () => t('options_kind_phone') || 'Phone number',
  name: () => t('options_kind_name') || 'Name',
  custom: () => t('options_kind_custom') || 'Other text',
};

const ERRORS = {
  empty: () => t('options_error_empty') || 'Type a value first.',
  email: () => t('options_error_email') || 'This is not an e-mail address.',
  phone: () => t('options_error_phone') || 'This is not a phone number.',
  tooShort: () => t('options_error_tooShort') || 'Use at least 4 characters: shorter text would match by chance.',
  tooLong: () => t('options_error_tooLong') || 'This value is too long.',
  full: () => t('options_error_full') || 'You have reached the maximum number of watched values: remove one first.',
  kind: () => t('options_error_storage') || 'Could not save the value.',
};

let entries = [];

function render() {
  ui.entries.replaceChildren(
    ...entries.map((entry) => {
      const shown = mask(entry.kind, entry.value);
      const remove = el('button', {
        className: 'button button-quiet',
        text: t('options_remove') || 'Remove',
        testid: 'watched-remove',
        attrs: { type: 'button', 'aria-label': t('options_removeLabel', [shown]) || `Remove ${shown}` },
      });
      remove.addEventListener('click', () => change(() => removeEntry(entry.id)));
      return el(
        'li',
        { testid: 'watched-entry', attrs: { 'data-kind': entry.kind } },
        el('span', { className: 'kind', text: KIND_LABELS[entry.kind]() }),
        el('span', { className: 'masked', text: shown, testid: 'watched-masked' }),
        remove,
      );
    }),
  );
  ui.empty.hidden = entries.length > 0;
}

function showError(text) {
  ui.addError.textContent = text ?? '';
  ui.addError.hidden = !text;
}

/** Runs a change of the store, shows the new list, and tells the background. */
async function change(task) {
  showError(null);
  try {
    entries = await task();
  } catch (error) {
    showError((ERRORS[error?.code] ?? ERRORS.kind)());
    return false;
  }
  render();
  matcher?.free?.();
  matcher = null;
  try {
    await ext.runtime.sendMessage({ type: 'vigie:watched-changed' });
  } catch (error) {
    console.warn('Vigie: could not tell the background:', error?.message);
  }
  return true;
}

ui.add.addEventListener('submit', async (event) => {
  event.preventDefault();
  const kind = KINDS.includes(ui.kind.value) ? ui.kind.value : 'custom';
  if (await change(() => addEntry(kind, ui.value.value))) ui.value.value = '';
});

// ---- the test box ---------------------------------------------------------------

let moduleReady = null;
let matcher = null;

function loadModule() {
  moduleReady ??= wasm.default({ module_or_path: ext.runtime.getURL('wasm/vigie_matcher_bg.wasm') });
  return moduleReady;
}

function bodyBytes() {
  const text = ui.testBody.value;
  if (!ui.testBase64.checked) return new TextEncoder().encode(text);
  const binary = atob(text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function matchLine(found) {
  const forms = (found.encodings ?? []).map((e) => t(`encoding_${e}`) || e).join(' → ');
  const where = found.part === 'url' ? t('options_testInUrl') || 'in the URL' : t('options_testInBody') || 'in the body';
  const kind = KIND_LABELS[found.dataKind]?.() ?? found.dataKind;
  return el(
    'li',
    { testid: 'leak-match', attrs: { 'data-kind': found.dataKind, 'data-part': found.part, 'data-encodings': (found.encodings ?? []).join(' ') } },
    el('strong', { text: `${kind} ${found.masked}` }),
    ` — ${forms} — ${where}`,
  );
}

ui.test.addEventListener('submit', async (event) => {
  event.preventDefault();
  const say = (text, testid = 'leak-test-message') => ui.testResult.replaceChildren(el('p', { text, testid }));
  if (!entries.length) return say(t('options_testNoValues') || 'Add a watched value first.');
  let body;
  try {
    body = bodyBytes();
  } catch {
    return say(t('options_testBadBase64') || 'The body is not valid base64.');
  }
  try {
    await loadModule();
    if (typeof wasm.LeakMatcher !== 'function') throw new Error('LeakMatcher is missing from the wasm module');
    matcher ??= new wasm.LeakMatcher(valuesOf(entries));
    const found = matcher.scan(ui.testUrl.value.trim(), body, ui.testEncoding.value || undefined) ?? [];
    if (!found.length) return say(t('options_testNone') || 'None of your watched values is in it.', 'leak-test-none');
    ui.testResult.replaceChildren(el('p', { text: t('options_testFound') || 'Found:' }), el('ul', {}, ...found.map(matchLine)));
  } catch (error) {
    say(failureLine(t, t('options_testFailed') || 'The test could not run.', error), 'leak-test-error');
  }
});

// ---- start ----------------------------------------------------------------------

localizeStatic(document, t);
document.documentElement.lang = t('uiLanguage') || 'en';
listEntries().then(
  (list) => {
    entries = list;
    render();
  },
  () => showError(t('options_error_storage') || 'Could not read the watched values.'),
);
