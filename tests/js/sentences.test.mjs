// Every sentence the core can send, in every actor form, at one and at many,
// in English and in French, through the popup's own text builders (the same
// ones the cards and the background's notifications use): no key, no
// placeholder, no "undefined", no count shown by its name, and the plural
// forms right ("1 profile", "2 profiles", "1 seconde").

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evidenceCounts, findingSentence, healthNotes } from '../../extension/popup/format.js';
import { matrixFindings } from './finding-samples.mjs';
import { localeT } from './locale.mjs';
import { COUNT_LABELS, UNIT_PHRASES, leftovers } from './plurals.mjs';
import { CAPS, COUNTS, SENTENCES } from './vocabulary.mjs';

const LANGS = ['en', 'fr'];
// One, a few, and enough to need digit grouping.
const AMOUNTS = [1, 2, 1234];

for (const lang of LANGS) {
  const t = localeT(lang);

  describe(`${lang}: every finding’s sentence and evidence`, () => {
    for (const n of AMOUNTS) {
      const findings = matrixFindings(n);

      test(`at ${n}, every sentence in every actor form reads as a sentence`, () => {
        // Every sentence the core has, in every form it is written in.
        const expected = Object.values(SENTENCES).reduce((sum, s) => sum + s.forms.length, 0);
        assert.equal(findings.length, expected);
        for (const finding of findings) {
          const sentence = findingSentence(finding, t, lang);
          const where = `${finding.message.key} at ${n}: ${sentence}`;
          assert.ok(sentence.length > 20, where);
          assert.deepEqual(leftovers(sentence, COUNTS), [], where);
          for (const unit of finding.units) {
            const phrase = UNIT_PHRASES[lang][unit](n);
            // The phrase whole: "1 profile" not followed by a letter ("1 profiles").
            assert.match(sentence, new RegExp(`(^|[^\\d\\u202f,])${escape(phrase)}(?![\\p{L}])`, 'u'), where);
          }
        }
      });

      test(`at ${n}, every evidence count has its label and its plural form`, () => {
        for (const finding of findings) {
          const labels = evidenceCounts(finding.evidence.counts, t, lang);
          const where = `${finding.kind} at ${n}: ${labels.join(' · ')}`;
          assert.equal(labels.length, Object.keys(finding.evidence.counts).length, where);
          assert.deepEqual(leftovers(labels.join(' · '), COUNTS), [], where);
          for (const [name, label] of Object.entries(COUNT_LABELS[lang])) {
            if (name in finding.evidence.counts) assert.ok(labels.includes(label(n)), `${where}: ${label(n)}`);
          }
        }
      });
    }
  });

  test(`${lang}: the health line names every cap by its label`, () => {
    const [line] = healthNotes({ capsReached: CAPS.map((what) => ({ what, limit: 2 })) }, t, lang);
    assert.deepEqual(leftovers(line, CAPS), []);
    assert.equal(line.match(/\(2\)/g).length, CAPS.length);
  });
}

test('French reads "1 profil", "2 profils", "0 seconde"; English "1 profile", "2 profiles", "0 seconds"', () => {
  const burst = (n, seconds) => ({
    kind: 'harvestBurst',
    message: {
      key: 'findingHarvestBurstUnattributed',
      args: [
        { count: n, unit: 'profiles' },
        { count: seconds, unit: 'seconds' },
      ],
    },
  });
  assert.match(findingSentence(burst(1, 0), localeT('fr'), 'fr'), / 1 profil en 0 seconde,/);
  assert.match(findingSentence(burst(2, 2), localeT('fr'), 'fr'), / 2 profils en 2 secondes,/);
  assert.match(findingSentence(burst(1, 0), localeT('en'), 'en'), / 1 profile in 0 seconds,/);
  assert.match(findingSentence(burst(2, 1), localeT('en'), 'en'), / 2 profiles in 1 second,/);
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('capabilities gained read as one list of the language: the French spacing before “;”, items after the first in lower case, names kept', () => {
  const finding = {
    kind: 'extensionRiskRose',
    message: {
      key: 'findingExtensionRiskRose',
      args: [
        'Helper',
        { phrases: [{ key: 'prior_notInstalled', args: [] }] },
        { phrases: [{ key: 'risk_high', args: [] }] },
        {
          phrases: [
            { key: 'capability_allSites', args: [] },
            { key: 'capability_siteLogin', args: ['LinkedIn'] },
            { key: 'capability_clipboardRead', args: [] },
          ],
        },
      ],
    },
  };
  const en = findingSentence(finding, localeT('en'), 'en');
  assert.match(en, /New: Reads and changes every site you visit; can use your LinkedIn login [^;]*; reads your clipboard$/, en);
  const fr = findingSentence(finding, localeT('fr'), 'fr');
  assert.match(fr, /Nouveaux accès\u00a0: Lit et modifie tous les sites que vous visitez\u00a0; peut [^;]*\u00a0; lit /, fr);
  assert.doesNotMatch(fr, /[^\u00a0];/, fr);
});

test('caps past which Vigie read only in part are said apart from the records it set aside, in both languages', () => {
  const health = {
    capsReached: [
      { what: 'bodyBytes', limit: 65536, times: 2, inPart: true },
      { what: 'findingsPerSite', limit: 100, times: 1, inPart: false },
    ],
  };
  for (const lang of LANGS) {
    const notes = healthNotes(health, localeT(lang), lang);
    assert.equal(notes.length, 2, notes.join(' | '));
    assert.match(notes[0], lang === 'en' ? /only part of what some pages sent.*bytes read per request body/ : /qu’une partie.*octets lus par corps de requête/);
    assert.match(notes[1], lang === 'en' ? /set some older observations aside.*warnings per site/ : /écarté des observations anciennes.*alertes par site/);
  }
});
