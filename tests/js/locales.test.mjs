// The locale files: the same keys and placeholders in every language, every
// placeholder used in a message defined (Chrome refuses to load an extension
// whose messages.json uses an undefined $NAME$), French typography, and every
// key the shell asks for present, including those it builds from the core's
// words (tests/js/vocabulary.mjs).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  CAPABILITIES,
  CAPS,
  COUNTS,
  DATA_KINDS,
  ENCODINGS,
  FINDER_BEHAVIOURS,
  KINDS,
  NOTES,
  PRIORS,
  RISKS,
  SENTENCES,
  UNITS,
  sentenceKey,
  sentenceKeys,
} from './vocabulary.mjs';

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

// What the shell builds a key from (`prefix_${value}`), and every value the
// core or the browser can give it. A key built from a prefix not listed here
// fails the test below until its values are.
const BUILT_KEYS = {
  severity: ['high', 'warning', 'info'],
  confidence: ['confirmed', 'likely', 'possible'],
  basis: ['seenInPage', 'seenOnNetwork', 'capabilityOnly'],
  kind: KINDS,
  installType: ['development', 'sideload', 'admin'],
  dataKind: DATA_KINDS,
  encoding: ENCODINGS,
  reason: ['hostAccess', 'cookies', 'allSites', 'accessUnknown'],
  note: NOTES,
  cap: CAPS,
  capability: CAPABILITIES,
  risk: RISKS,
  prior: PRIORS,
  finderDoes: FINDER_BEHAVIOURS,
};
// The same for counted labels (`prefix_${value}_one` and `_other`).
const BUILT_COUNTED_KEYS = {
  evidence: COUNTS,
  unit: UNITS,
};
// Keys built with a suffix: `confidence_${c}_hint`, `basis_${b}_hint`.
const HINTS = ['confidence', 'basis'];

// Sentences the core asks for by key, with the number of arguments it passes.
const FINDING_KEYS = sentenceKeys();

/** The shell's scripts that speak to a person: the popup's, the options page's and the background's. */
function shellSources() {
  const sources = [];
  for (const folder of ['popup', 'options', 'background']) {
    const files = readdirSync(new URL(`../../extension/${folder}/`, import.meta.url)).filter((f) => f.endsWith('.js'));
    for (const file of files) sources.push({ file: `${folder}/${file}`, text: read(`${folder}/${file}`) });
  }
  return sources;
}

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
    for (const key of SHARED_KEYS) for (const lang of LANGS) assert.ok(key in locales[lang], `${lang} ${key}`);
  });

  test('uiLanguage names the locale folder it sits in', () => {
    for (const lang of LANGS) assert.equal(locales[lang].uiLanguage.message, lang);
  });
});

describe('the shell’s keys', () => {
  for (const page of ['popup/popup.html', 'options/options.html']) {
    test(`every data-i18n key in ${page} exists in every language`, () => {
      const keys = [...read(page).matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(keys.length > 0);
      for (const key of keys) for (const lang of LANGS) assert.ok(key in locales[lang], `${lang} ${key}`);
    });
  }

  test('every literal key the popup and the background ask for exists in every language', () => {
    const sources = shellSources();
    assert.ok(sources.some((s) => s.file === 'popup/popup.js') && sources.some((s) => s.file === 'background/alerts.js'));
    const keys = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) keys.push([file, m[1]]);
      for (const m of text.matchAll(/plural\(t, '([A-Za-z0-9_]+)'/g)) keys.push([file, `${m[1]}_one`], [file, `${m[1]}_other`]);
    }
    assert.ok(keys.length > 30, `${keys.length} keys found`);
    for (const [file, key] of keys) for (const lang of LANGS) assert.ok(key in locales[lang], `${file}: ${lang} ${key}`);
  });

  test('every key the shell builds from a value exists for every value, in every language', () => {
    const built = new Set();
    const counted = new Set();
    for (const { file, text } of shellSources()) {
      for (const m of text.matchAll(/\bt\(`([A-Za-z]+)_\$\{/g)) built.add(`${file}: ${m[1]}`);
      for (const m of text.matchAll(/plural\(t, `([A-Za-z]+)_\$\{/g)) counted.add(`${file}: ${m[1]}`);
    }
    assert.ok(built.size > 5 && counted.size > 0);
    for (const entry of built) {
      const prefix = entry.split(': ')[1];
      assert.ok(prefix in BUILT_KEYS, `${entry}_…: list its values in BUILT_KEYS`);
    }
    for (const entry of counted) {
      const prefix = entry.split(': ')[1];
      assert.ok(prefix in BUILT_COUNTED_KEYS, `${entry}_…: list its values in BUILT_COUNTED_KEYS`);
    }
    for (const lang of LANGS) {
      for (const [prefix, values] of Object.entries(BUILT_KEYS)) {
        for (const value of values) assert.ok(`${prefix}_${value}` in locales[lang], `${lang} ${prefix}_${value}`);
      }
      for (const prefix of HINTS) {
        for (const value of BUILT_KEYS[prefix]) assert.ok(`${prefix}_${value}_hint` in locales[lang], `${lang} ${prefix}_${value}_hint`);
      }
      for (const [prefix, values] of Object.entries(BUILT_COUNTED_KEYS)) {
        for (const value of values) {
          for (const form of ['one', 'other']) {
            assert.ok(`${prefix}_${value}_${form}` in locales[lang], `${lang} ${prefix}_${value}_${form}`);
          }
        }
      }
    }
  });

  test('every counted label takes its number as $1', () => {
    for (const lang of LANGS) {
      for (const [key, entry] of Object.entries(locales[lang])) {
        if (!/_(one|other)$/.test(key)) continue;
        const contents = Object.values(entry.placeholders ?? {}).map((p) => p.content);
        assert.deepEqual(contents, ['$1'], `${lang} ${key}`);
      }
    }
  });

  test('every sentence of the core exists and takes $1…$n, each once', () => {
    assert.equal(Object.keys(FINDING_KEYS).length, 36);
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

  test('a counted argument fills a placeholder named for what it counts: $PROFILES$, never "$COUNT$ profiles"', () => {
    for (const [base, { args, forms }] of Object.entries(SENTENCES)) {
      for (const form of forms) {
        const key = sentenceKey(base, form);
        const offset = form === 'named' || form === 'unknown' ? 1 : 0;
        for (const lang of LANGS) {
          const placeholders = Object.entries(locales[lang][key].placeholders ?? {});
          args.forEach((arg, i) => {
            if (typeof arg === 'string') return;
            const [name] = placeholders.find(([, p]) => p.content === `$${i + offset + 1}`) ?? [];
            assert.ok(name && name !== 'count', `${lang} ${key}: $${i + offset + 1} is ${name}`);
          });
        }
      }
    }
  });
});

describe('the shell’s words and the core’s', () => {
  // The core's closed sets live in src/messages/vocabulary.rs (`words!` blocks).
  const rust = new URL('../../src/messages/vocabulary.rs', import.meta.url);
  const skip = existsSync(rust) ? false : 'src/messages/vocabulary.rs is not there';

  test('name the same evidence counts, units, encodings, caps, data kinds and sentences', { skip }, () => {
    const text = readFileSync(rust, 'utf8');
    const set = (name) => {
      const block = text.match(new RegExp(`\\b${name}\\s*\\{([^}]*)\\}`));
      assert.ok(block, `words! ${name} in vocabulary.rs`);
      return [...block[1].matchAll(/=\s*"([^"]+)"/g)].map((m) => m[1]);
    };
    assert.deepEqual(set('Count').sort(), [...COUNTS].sort());
    assert.deepEqual(set('Unit').sort(), [...UNITS].sort());
    assert.deepEqual(set('Encoding').sort(), [...ENCODINGS].sort());
    assert.deepEqual(set('Cap').sort(), [...CAPS].sort());
    assert.deepEqual(set('DataKind').sort(), [...DATA_KINDS].sort());
    assert.deepEqual(set('Note').sort(), [...NOTES].sort());
    assert.deepEqual(set('Sentence').sort(), Object.keys(SENTENCES).sort());
  });

  test('name the same words of the extension audit', () => {
    const text = readFileSync(new URL('../../src/audit/capability.rs', import.meta.url), 'utf8');
    const set = (name) => {
      const block = text.match(new RegExp(`\\b${name}\\s*\\{([^}]*)\\}`));
      assert.ok(block, `words! ${name} in capability.rs`);
      return [...block[1].matchAll(/=\s*"([^"]+)"/g)].map((m) => m[1]);
    };
    assert.deepEqual(set('Capability'), CAPABILITIES);
    assert.deepEqual(set('Risk'), RISKS);
    assert.deepEqual(set('Prior'), PRIORS);
    assert.deepEqual(set('FinderBehaviour'), FINDER_BEHAVIOURS);
  });
});
