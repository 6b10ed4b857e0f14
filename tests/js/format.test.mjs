// The popup's pure helpers (extension/popup/format.js), with the real locale
// files standing in for chrome.i18n.getMessage.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localeT } from './locale.mjs';
import {
  absoluteTime,
  actorParts,
  candidateReasons,
  errorText,
  evidenceCounts,
  findingSentence,
  formatCount,
  healthNotes,
  isLead,
  joinParts,
  messageArg,
  pageLabel,
  plural,
  pluralCategory,
  profileLabel,
  relativeTime,
  severityRank,
  siteName,
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

describe('topSeverity', () => {
  test('is the most severe of the findings', () => {
    assert.equal(topSeverity([{ severity: 'info' }, { severity: 'high' }, { severity: 'warning' }]), 'high');
  });

  test('ranks unknown severities below the known ones', () => {
    assert.equal(topSeverity([{ severity: 'catastrophic' }, { severity: 'info' }]), 'info');
    assert.equal(severityRank('catastrophic'), 0);
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
    assert.equal(plural(en, 'unit_profiles', 12345, 'en'), '12,345 profiles');
    assert.equal(plural(fr, 'unit_profiles', 12345, 'fr'), `12${'\u202f'}345 profils`);
  });

  test('is empty when the locale has no such key', () => {
    assert.equal(plural(en, 'evidence_nothing', 2, 'en'), '');
  });
});

describe('evidenceCounts', () => {
  test('labels the counts in reading order', () => {
    assert.deepEqual(evidenceCounts({ profiles: 1, injections: 2 }, en, 'en'), ['2 injections', '1 profile']);
    assert.deepEqual(evidenceCounts({ windowSeconds: 3, lookups: 1 }, fr, 'fr'), [
      '1 consultation de coordonnées',
      'en 3 secondes',
    ]);
  });

  test('say how long a burst lasted in words, not by the count’s name', () => {
    assert.deepEqual(evidenceCounts({ windowSeconds: 4 }, en, 'en'), ['within 4 seconds']);
    assert.deepEqual(evidenceCounts({ windowSeconds: 1 }, en, 'en'), ['within 1 second']);
    assert.deepEqual(evidenceCounts({ windowSeconds: 1 }, fr, 'fr'), ['en 1 seconde']);
  });

  test('leaves out zero and non-numeric counts', () => {
    assert.deepEqual(evidenceCounts({ injections: 0, profiles: 'many', calls: 2 }, en, 'en'), ['2 calls']);
  });

  test('leaves out a count the locale has no label for rather than show its name', () => {
    assert.deepEqual(evidenceCounts({ frobs: 4, injections: 1 }, en, 'en'), ['1 injection']);
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

describe('messageArg', () => {
  test('writes a count with its unit in the plural form of the language', () => {
    assert.equal(messageArg({ count: 1, unit: 'profiles' }, en, 'en'), '1 profile');
    assert.equal(messageArg({ count: 12, unit: 'profiles' }, en, 'en'), '12 profiles');
    assert.equal(messageArg({ count: 1, unit: 'seconds' }, en, 'en'), '1 second');
    assert.equal(messageArg({ count: 0, unit: 'seconds' }, fr, 'fr'), '0 seconde');
    assert.equal(messageArg({ count: 2, unit: 'profilePages' }, fr, 'fr'), '2 pages de profil');
  });

  test('passes text through and writes a count of an unknown unit as its number', () => {
    assert.equal(messageArg('alice-martin', en, 'en'), 'alice-martin');
    assert.equal(messageArg({ count: 1234, unit: 'parsecs' }, en, 'en'), '1,234');
    assert.equal(messageArg(['a.test', 'b.test'], en, 'en'), 'a.test, b.test');
    assert.equal(messageArg(null, en, 'en'), '');
  });
});

describe('findingSentence', () => {
  const finding = {
    kind: 'injectedUi',
    message: { key: 'findingInjectedUiProfile', args: ['Fixture Contact Panel', 'alice-martin'] },
  };

  test('translates the message key with its arguments', () => {
    assert.equal(
      findingSentence(finding, en, 'en'),
      'Fixture Contact Panel injected a panel into the profile of alice-martin',
    );
    assert.equal(
      findingSentence(finding, fr, 'fr'),
      `L’extension «${NBSP}Fixture Contact Panel${NBSP}» a injecté un panneau dans le profil «${NBSP}alice-martin${NBSP}»`,
    );
  });

  test('fills counted arguments with their unit, so the sentence never says "1 seconds"', () => {
    const burst = {
      kind: 'harvestBurst',
      message: {
        key: 'findingHarvestBurst',
        args: ['Fixture Harvester', { count: 12, unit: 'profiles' }, { count: 1, unit: 'seconds' }],
      },
    };
    assert.equal(
      findingSentence(burst, en, 'en'),
      'Fixture Harvester fetched 12 profiles in 1 second, at a machine’s pace, not a person’s',
    );
    assert.match(findingSentence(burst, fr, 'fr'), /a consulté 12 profils en 1 seconde,/);
  });

  test('falls back to a sentence naming the kind when the key has no translation', () => {
    const unknown = { kind: 'harvestBurst', message: { key: 'findingSomethingNew', args: [] } };
    assert.equal(findingSentence(unknown, en, 'en'), 'Vigie noticed this on the site: Mass lookups');
    assert.equal(findingSentence(unknown, fr, 'fr'), `Vigie a relevé ceci sur le site${NBSP}: Consultations en rafale`);
  });

  test('falls back to a generic sentence for a kind it does not know, never a raw key', () => {
    const strange = { kind: 'telepathy', message: { key: 'findingTelepathy', args: ['x'] } };
    assert.equal(findingSentence(strange, en, 'en'), 'Vigie noticed something on this site: see the evidence below');
    assert.equal(findingSentence({}, en, 'en'), 'Vigie noticed something on this site: see the evidence below');
    assert.equal(findingSentence({}, none, 'en'), '');
  });
});

describe('healthNotes', () => {
  test('says nothing when all is well', () => {
    assert.deepEqual(healthNotes({ rejectedEvents: 0, capsReached: [] }, en, 'en'), []);
    assert.deepEqual(healthNotes(undefined, en, 'en'), []);
  });

  test('names the caps reached by their labels, with their limits, and counts rejected events', () => {
    const notes = healthNotes(
      { rejectedEvents: 1, capsReached: [{ what: 'findingsPerSite', limit: 100 }, { what: 'sites', limit: 5000 }] },
      en,
      'en',
    );
    assert.equal(notes.length, 2);
    assert.match(notes[0], /— warnings per site \(100\), sites remembered \(5,000\)\.$/);
    assert.doesNotMatch(notes[0], /findingsPerSite/);
    assert.equal(notes[1], '1 malformed observation was rejected.');
  });

  test('says a limit was reached without naming one it has no label for', () => {
    const notes = healthNotes({ capsReached: [{ what: 'somethingNew', limit: 3 }] }, fr, 'fr');
    assert.deepEqual(notes, ['Vigie a atteint une limite de stockage et a écarté des observations anciennes.']);
  });
});

describe('siteName and profileLabel', () => {
  const linkedin = { id: 'linkedin', name: 'LinkedIn', profileUrlPrefix: 'linkedin.com/in/' };

  test('call a site by its model’s name, else by its host without "www."', () => {
    assert.equal(siteName(linkedin, 'www.linkedin.com'), 'LinkedIn');
    assert.equal(siteName(null, 'www.example.org'), 'example.org');
    assert.equal(siteName({ id: 'x', name: ' ' }, 'Shop.Example.'), 'shop.example');
    assert.equal(siteName(null, undefined), '');
  });

  test('write a profile as the text of its address where the model says where profiles live', () => {
    assert.equal(profileLabel(linkedin, 'alice-martin'), 'linkedin.com/in/alice-martin');
    assert.equal(profileLabel(null, 'alice-martin'), 'alice-martin');
    const sales = { ...linkedin, leadIdPrefix: 'ACwA', leadUrlPrefix: 'linkedin.com/sales/lead/' };
    const lead = 'ACwAAA0DrUwBVYgKNPX9HNcbd6mXP2VOX1aji6c';
    assert.equal(profileLabel(sales, lead), `linkedin.com/sales/lead/${lead}`);
    assert.equal(profileLabel(sales, 'alice-martin'), 'linkedin.com/in/alice-martin');
    assert.equal(profileLabel(linkedin, lead), `linkedin.com/in/${lead}`, 'no lead prefix given: the profile address');
    assert.ok(isLead(sales, lead));
    assert.ok(!isLead(sales, 'alice-martin') && !isLead(linkedin, lead) && !isLead(null, lead));
    assert.equal(profileLabel({ id: 'x', name: 'X', profileUrlPrefix: null }, 'alice-martin'), 'alice-martin');
  });

  test('name the site in why a candidate extension is listed', () => {
    assert.deepEqual(candidateReasons(['cookies', 'hostAccess'], en, siteName(linkedin, 'www.linkedin.com')), [
      'can read LinkedIn',
      'can read your cookies',
    ]);
    assert.deepEqual(candidateReasons(['hostAccess'], fr, siteName(null, 'www.example.org')), ['peut lire example.org']);
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

test('a failure is said in the person’s language, the browser’s own words marked as a technical detail', async () => {
  const { failureLine } = await import('../../extension/popup/format.js');
  const { localeT } = await import('./locale.mjs');
  const fr = failureLine(localeT('fr'), 'Vigie n’a pas pu désactiver « X ».', new Error('No extension with id: x'));
  assert.equal(fr, 'Vigie n’a pas pu désactiver « X ». (détail technique\u00a0: No extension with id: x)');
  assert.equal(failureLine(localeT('en'), 'Could not export the evidence.', null), 'Could not export the evidence.');
});
