// The popup's pure helpers (extension/popup/format.js), with the real locale
// files standing in for chrome.i18n.getMessage.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localeT } from './locale.mjs';
import {
  absoluteTime,
  actorParts,
  errorText,
  evidenceCounts,
  findingSentence,
  formatCount,
  healthNotes,
  joinParts,
  pageLabel,
  plural,
  pluralCategory,
  relativeTime,
  severityRank,
  sortFindings,
  topSeverity,
  truncate,
} from '../../extension/popup/format.js';

const NBSP = '\u00a0';

const en = localeT('en');
const fr = localeT('fr');
const none = () => '';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 14, 0, 0);

describe('sortFindings', () => {
  test('puts the most severe first, then the most recently seen', () => {
    const sorted = sortFindings([
      { key: 'a', severity: 'info', lastSeen: 9 },
      { key: 'b', severity: 'warning', lastSeen: 1 },
      { key: 'c', severity: 'high', lastSeen: 1 },
      { key: 'd', severity: 'warning', lastSeen: 5 },
    ]);
    assert.deepEqual(
      sorted.map((f) => f.key),
      ['c', 'd', 'b', 'a'],
    );
  });

  test('breaks ties by key so the order is stable between renders', () => {
    const sorted = sortFindings([
      { key: 'z', severity: 'info', lastSeen: 1 },
      { key: 'm', severity: 'info', lastSeen: 1 },
    ]);
    assert.deepEqual(
      sorted.map((f) => f.key),
      ['m', 'z'],
    );
  });

  test('does not reorder the array it is given', () => {
    const findings = [
      { key: 'a', severity: 'info' },
      { key: 'b', severity: 'high' },
    ];
    sortFindings(findings);
    assert.equal(findings[0].key, 'a');
  });

  test('ranks unknown severities last and drops entries that are not objects', () => {
    const sorted = sortFindings([null, { key: 'x', severity: 'catastrophic' }, 3, { key: 'y', severity: 'info' }]);
    assert.deepEqual(
      sorted.map((f) => f.key),
      ['y', 'x'],
    );
    assert.equal(severityRank('catastrophic'), 0);
  });

  test('reads a missing list as no findings', () => {
    assert.deepEqual(sortFindings(undefined), []);
  });
});

describe('topSeverity', () => {
  test('is the most severe of the findings', () => {
    assert.equal(topSeverity([{ severity: 'info' }, { severity: 'high' }, { severity: 'warning' }]), 'high');
  });

  test('is null without findings', () => {
    assert.equal(topSeverity([]), null);
  });
});

describe('plurals', () => {
  test('English puts only 1 in the singular, French 0 and 1', () => {
    assert.equal(pluralCategory(1, 'en'), 'one');
    assert.equal(pluralCategory(0, 'en'), 'other');
    assert.equal(pluralCategory(0, 'fr'), 'one');
    assert.equal(pluralCategory(1, 'fr'), 'one');
    assert.equal(pluralCategory(2, 'fr'), 'other');
  });

  test('folds CLDR categories the locale files lack into "other"', () => {
    // French has a "many" category for a million.
    assert.equal(pluralCategory(1_000_000, 'fr'), 'other');
  });

  test('picks the _one or _other key with the number grouped for the language', () => {
    assert.equal(plural(en, 'evidence_profiles', 1, 'en'), '1 profile');
    assert.equal(plural(en, 'evidence_profiles', 0, 'en'), '0 profiles');
    assert.equal(plural(fr, 'evidence_profiles', 0, 'fr'), '0 profil');
    assert.equal(plural(en, 'evidence_requests', 12345, 'en'), '12,345 requests');
    assert.equal(plural(fr, 'evidence_requests', 12345, 'fr'), `12${'\u202f'}345 requêtes`);
  });

  test('is empty when the locale has no such key', () => {
    assert.equal(plural(en, 'evidence_nothing', 2, 'en'), '');
  });
});

describe('evidenceCounts', () => {
  test('labels the counts in reading order', () => {
    assert.deepEqual(evidenceCounts({ profiles: 1, injections: 2 }, en, 'en'), ['2 injections', '1 profile']);
    assert.deepEqual(evidenceCounts({ pages: 3, requests: 1 }, fr, 'fr'), ['1 requête', '3 pages']);
  });

  test('leaves out zero and non-numeric counts', () => {
    assert.deepEqual(evidenceCounts({ injections: 0, profiles: 'many', pages: 2 }, en, 'en'), ['2 pages']);
  });

  test('shows a count the locale does not know as number and name, after the known ones', () => {
    assert.deepEqual(evidenceCounts({ frobs: 4, injections: 1 }, en, 'en'), ['1 injection', '4 frobs']);
  });

  test('reads missing counts as none', () => {
    assert.deepEqual(evidenceCounts(undefined, en, 'en'), []);
  });

  test('joins with a middle dot, skipping empty parts', () => {
    assert.equal(joinParts(['2 injections', '', '1 profile', null]), '2 injections · 1 profile');
  });
});

describe('relativeTime', () => {
  test('says "just now" under 45 seconds and for times in the future', () => {
    assert.equal(relativeTime(NOW - 30_000, NOW, en, 'en'), 'just now');
    assert.equal(relativeTime(NOW + 5 * MINUTE, NOW, fr, 'fr'), 'à l’instant');
  });

  test('counts minutes, hours and days in the language', () => {
    assert.equal(relativeTime(NOW - 2 * MINUTE, NOW, en, 'en'), '2 minutes ago');
    assert.equal(relativeTime(NOW - 2 * MINUTE, NOW, fr, 'fr'), 'il y a 2 minutes');
    assert.equal(relativeTime(NOW - 50 * MINUTE, NOW, en, 'en'), '50 minutes ago');
    assert.equal(relativeTime(NOW - 3 * HOUR, NOW, en, 'en'), '3 hours ago');
    assert.equal(relativeTime(NOW - 26 * HOUR, NOW, en, 'en'), '1 day ago');
    assert.equal(relativeTime(NOW - 3 * DAY, NOW, fr, 'fr'), 'il y a 3 jours');
  });

  test('speaks of elapsed time, never of "yesterday"', () => {
    assert.equal(relativeTime(NOW - 23 * HOUR, NOW, en, 'en'), '1 day ago');
  });

  test('is empty for something that is not a time', () => {
    assert.equal(relativeTime(null, NOW, en, 'en'), '');
    assert.equal(relativeTime('soon', NOW, en, 'en'), '');
  });

  test('falls back to English words when the locale lacks "just now"', () => {
    assert.equal(relativeTime(NOW, NOW, none, 'en'), 'just now');
  });
});

describe('absoluteTime', () => {
  test('writes a date and time in the language', () => {
    assert.match(absoluteTime(NOW, 'en'), /Nov 23, 2026/);
    assert.match(absoluteTime(NOW, 'fr'), /23 nov\. 2026/);
  });

  test('is empty for something that is not a time', () => {
    assert.equal(absoluteTime(undefined, 'en'), '');
  });
});

describe('formatCount', () => {
  test('groups digits the way the language does', () => {
    assert.equal(formatCount(1834, 'en'), '1,834');
    assert.equal(formatCount(1834, 'fr'), `1${'\u202f'}834`);
  });

  test('passes through what is not a number', () => {
    assert.equal(formatCount('n/a', 'en'), 'n/a');
  });
});

describe('actorParts', () => {
  test('names an extension with its version, the id in the tooltip', () => {
    const parts = actorParts(
      { type: 'extension', id: 'abcdefghijklmnopabcdefghijklmnop', name: 'Fixture Contact Panel', version: '1.2.0' },
      en,
    );
    assert.deepEqual(parts, {
      name: 'Fixture Contact Panel',
      detail: '1.2.0',
      title: 'Fixture Contact Panel · 1.2.0 · abcdefghijklmnopabcdefghijklmnop',
    });
  });

  test('calls an extension without a name unknown, in the language', () => {
    assert.equal(actorParts({ type: 'extension', id: 'x', name: null }, fr).name, 'Extension inconnue');
  });

  test('names a script by its origin and the site by its host', () => {
    assert.equal(actorParts({ type: 'script', origin: 'https://cdn.example' }, en).name, 'https://cdn.example');
    assert.deepEqual(actorParts({ type: 'site', host: 'shop.example' }, en), {
      name: 'shop.example',
      detail: 'this site',
      title: 'shop.example',
    });
  });

  test('survives a missing or unknown actor', () => {
    assert.equal(actorParts(undefined, en).name, 'Unknown source');
    assert.equal(actorParts({ type: 'robot' }, en).name, 'Unknown source');
  });
});

describe('findingSentence', () => {
  const finding = {
    message: { key: 'findingInjectedUiProfile', args: ['Fixture Contact Panel', 'alice-martin'] },
    explanation: 'Extension “Fixture Contact Panel” injected a panel into the profile of alice-martin.',
  };

  test('translates the message key with its arguments', () => {
    assert.equal(findingSentence(finding, en), 'Fixture Contact Panel injected a panel into the profile of alice-martin');
    assert.equal(
      findingSentence(finding, fr),
      `L’extension «${NBSP}Fixture Contact Panel${NBSP}» a injecté un panneau dans le profil «${NBSP}alice-martin${NBSP}»`,
    );
  });

  test('falls back to the English explanation when the key has no translation', () => {
    const unknown = { ...finding, message: { key: 'findingSomethingNew', args: [] } };
    assert.equal(findingSentence(unknown, fr), finding.explanation);
    assert.equal(findingSentence({ explanation: 'Plain.' }, fr), 'Plain.');
    assert.equal(findingSentence({}, fr), '');
  });
});

describe('healthNotes', () => {
  test('says nothing when all is well', () => {
    assert.deepEqual(healthNotes({ rejectedEvents: 0, capsReached: [] }, en, 'en'), []);
    assert.deepEqual(healthNotes(undefined, en, 'en'), []);
  });

  test('lists the caps reached and the rejected events', () => {
    const notes = healthNotes(
      { rejectedEvents: 1, capsReached: [{ what: 'findingsPerSite', limit: 200 }, { what: 'sites', limit: 5000 }] },
      en,
      'en',
    );
    assert.equal(notes.length, 2);
    assert.match(notes[0], /findingsPerSite \(200\), sites \(5,000\)/);
    assert.equal(notes[1], '1 malformed observation was rejected.');
  });
});

describe('text helpers', () => {
  test('truncate cuts long text with an ellipsis and leaves short text alone', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 4), 'abc');
    assert.equal(truncate(undefined, 4), '');
  });

  test('pageLabel names browser pages by scheme and host', () => {
    assert.equal(pageLabel('chrome://extensions/?id=abc'), 'chrome://extensions');
    assert.equal(pageLabel('about:blank'), 'about:blank');
    assert.equal(pageLabel(''), '');
    assert.equal(pageLabel(undefined), '');
  });

  test('errorText reads strings, core errors with a kind, and Error objects', () => {
    assert.equal(errorText('boom'), 'boom');
    assert.equal(errorText({ kind: 'BadInput', message: 'unknown event' }), 'BadInput: unknown event');
    assert.equal(errorText(new Error('gone')), 'gone');
    assert.equal(errorText({ kind: 'Closed' }), 'Closed');
    assert.equal(errorText(null), '');
  });
});
