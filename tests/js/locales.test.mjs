// The locale files: the same keys and placeholders in every language, every
// placeholder used in a message defined (Chrome refuses to load an extension
// whose messages.json uses an undefined $NAME$), French typography, and every
// key the popup asks for present.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const LANGS = ['en', 'fr'];
const read = (path) => readFileSync(new URL(`../../extension/${path}`, import.meta.url), 'utf8');
const locales = Object.fromEntries(LANGS.map((lang) => [lang, JSON.parse(read(`_locales/${lang}/messages.json`))]));

// Keys other parts of the shell (background, manifest) rely on.
const SHARED_KEYS = [
  'extName',
  'extDescription',
  'actionTitle',
  'badgeTitleWarnings',
  'notificationTitle',
  'notificationOpenPopup',
  'findingInjectedUiProfile',
  'findingInjectedUiPage',
  'findingInjectedUiProfileUnknown',
  'findingInjectedUiPageUnknown',
  'kind_injectedUi',
];

// Keys the popup builds from the values of Finding fields.
const FIELD_KEYS = [
  ...['high', 'warning', 'info'].map((s) => `severity_${s}`),
  ...['confirmed', 'likely', 'possible'].flatMap((c) => [`confidence_${c}`, `confidence_${c}_hint`]),
  ...['seenInPage', 'seenOnNetwork', 'capabilityOnly'].flatMap((b) => [`basis_${b}`, `basis_${b}_hint`]),
  ...['injections', 'profiles', 'requests', 'pages'].flatMap((n) => [`evidence_${n}_one`, `evidence_${n}_other`]),
  // Harvest detection (extension/README.md).
  ...['injectedUi', 'harvestNotInView', 'harvestBurst', 'contactWithoutGesture', 'contactExfiltration']
    .concat(['nativesReplaced', 'bulkCrawl'])
    .map((k) => `kind_${k}`),
  ...['lookups', 'profilesNotInView', 'searches', 'calls', 'matches', 'pagesOpened'].flatMap((n) => [
    `evidence_${n}_one`,
    `evidence_${n}_other`,
  ]),
  ...['email', 'phone', 'name'].map((k) => `dataKind_${k}`),
  ...['plain', 'url', 'base64', 'md5', 'sha1', 'sha256'].map((e) => `encoding_${e}`),
  ...['hostAccess', 'cookies', 'allSites'].map((r) => `reason_${r}`),
];

// Sentences the core asks for by key, with the number of arguments it passes.
const FINDING_KEYS = {
  findingHarvestNotInView: 2,
  findingHarvestNotInViewSent: 3,
  findingHarvestNotInViewUnattributed: 1,
  findingHarvestNotInViewUnattributedSent: 2,
  findingHarvestBurst: 3,
  findingHarvestBurstUnattributed: 2,
  findingContactWithoutGesture: 2,
  findingContactWithoutGestureUnattributed: 1,
  findingContactExfiltration: 3,
  findingContactExfiltrationUnattributed: 2,
  findingNativesReplaced: 2,
  findingNativesReplacedUnattributed: 1,
  findingBulkCrawl: 2,
};

const placeholdersUsed = (message) => [...message.matchAll(/\$([a-z0-9_@]+)\$/gi)].map((m) => m[1].toLowerCase());

describe('locale files', () => {
  test('every language has the same keys', () => {
    const [first, ...rest] = LANGS;
    for (const lang of rest) {
      assert.deepEqual(Object.keys(locales[lang]).sort(), Object.keys(locales[first]).sort(), lang);
    }
  });

  for (const lang of LANGS) {
    test(`${lang}: each entry has a message and a description, and defines the placeholders it uses`, () => {
      for (const [key, entry] of Object.entries(locales[lang])) {
        assert.match(key, /^[A-Za-z0-9_]+$/, `${lang} ${key}: key name`);
        assert.equal(typeof entry.message, 'string', `${lang} ${key}: message`);
        assert.ok(entry.message.trim() !== '', `${lang} ${key}: empty message`);
        assert.ok(typeof entry.description === 'string' && entry.description !== '', `${lang} ${key}: description`);
        const defined = Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase());
        for (const name of placeholdersUsed(entry.message)) {
          assert.ok(defined.includes(name), `${lang} ${key}: $${name}$ is not defined`);
        }
        for (const [name, placeholder] of Object.entries(entry.placeholders ?? {})) {
          assert.match(placeholder.content, /^\$[1-9]$/, `${lang} ${key}: ${name} content`);
        }
      }
    });
  }

  test('translations take the same arguments as English', () => {
    for (const [key, entry] of Object.entries(locales.en)) {
      const args = (e) =>
        Object.values(e.placeholders ?? {})
          .map((p) => p.content)
          .sort();
      assert.deepEqual(args(locales.fr[key]), args(entry), key);
    }
  });

  test('every counted label has both plural forms', () => {
    for (const lang of LANGS) {
      for (const key of Object.keys(locales[lang])) {
        if (key.endsWith('_one')) assert.ok(`${key.slice(0, -4)}_other` in locales[lang], `${lang} ${key}`);
        if (key.endsWith('_other')) assert.ok(`${key.slice(0, -6)}_one` in locales[lang], `${lang} ${key}`);
      }
    }
  });

  test('French puts a non-breaking space before : ; ! ? and inside « »', () => {
    for (const [key, { message }] of Object.entries(locales.fr)) {
      assert.doesNotMatch(message, /[^\u00a0\u202f][:;!?](\s|$)/u, `${key}: ${message}`);
      assert.doesNotMatch(message, /«[^\u00a0\u202f]|[^\u00a0\u202f]»/u, `${key}: ${message}`);
      assert.doesNotMatch(message, /'/, `${key}: typographic apostrophe`);
    }
  });

  test('the description fits the stores’ 132 characters', () => {
    for (const lang of LANGS) assert.ok(locales[lang].extDescription.message.length <= 132, lang);
  });

  test('the keys the rest of the shell relies on are there', () => {
    for (const key of SHARED_KEYS) assert.ok(key in locales.en, key);
  });

  test('uiLanguage names the locale folder it sits in', () => {
    for (const lang of LANGS) assert.equal(locales[lang].uiLanguage.message, lang);
  });
});

describe('the popup’s keys', () => {
  test('every data-i18n key in popup.html exists', () => {
    const keys = [...read('popup/popup.html').matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(keys.length > 0);
    for (const key of keys) assert.ok(key in locales.en, key);
  });

  test('every literal key the popup scripts ask for exists', () => {
    const scripts = readdirSync(new URL('../../extension/popup/', import.meta.url)).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.includes('popup.js'));
    const sources = scripts.map((f) => read(`popup/${f}`)).join('\n');
    const literal = [...sources.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)].map((m) => m[1]);
    const counted = [...sources.matchAll(/plural\(t, '([A-Za-z0-9_]+)'/g)].flatMap((m) => [
      `${m[1]}_one`,
      `${m[1]}_other`,
    ]);
    assert.ok(literal.length > 10);
    for (const key of [...literal, ...counted]) assert.ok(key in locales.en, key);
  });

  test('every key built from a Finding field value exists', () => {
    for (const key of FIELD_KEYS) assert.ok(key in locales.en, key);
  });

  test('every harvest sentence exists and takes $1…$n, each once', () => {
    for (const [key, count] of Object.entries(FINDING_KEYS)) {
      for (const lang of LANGS) {
        const entry = locales[lang][key];
        assert.ok(entry, `${lang} ${key}`);
        const contents = Object.values(entry.placeholders ?? {})
          .map((p) => p.content)
          .sort();
        assert.deepEqual(
          contents,
          Array.from({ length: count }, (_, i) => `$${i + 1}`),
          `${lang} ${key}`,
        );
        const used = placeholdersUsed(entry.message);
        assert.equal(new Set(used).size, count, `${lang} ${key}: every argument appears`);
      }
    }
  });
});
