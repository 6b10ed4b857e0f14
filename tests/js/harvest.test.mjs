// The popup's helpers for harvest findings (extension/popup/format.js): sites
// by name, candidate reasons, evidence tags, who may be disabled, evidence
// files. The real locale files stand in for chrome.i18n.getMessage.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localeT } from './locale.mjs';
import {
  actorParts,
  candidateReasons,
  evidenceChips,
  evidenceCounts,
  exportFileName,
  findingExport,
  findingSentence,
  hasDetails,
  isoDay,
  mayDisable,
  profileLabel,
  siteExport,
  siteInfo,
} from '../../extension/popup/format.js';

const NBSP = '\u00a0';

const en = localeT('en');
const fr = localeT('fr');
const none = () => '';

const HARVESTER = {
  type: 'extension',
  id: 'hgfedcbahgfedcbahgfedcbahgfedcba',
  name: 'Fixture Harvester',
  version: '0.3.1',
  installType: 'development',
};

const FINDING = {
  key: `harvestNotInView|www.linkedin.com|ext:${HARVESTER.id}`,
  site: 'www.linkedin.com',
  kind: 'harvestNotInView',
  severity: 'high',
  confidence: 'confirmed',
  basis: 'seenOnNetwork',
  actor: HARVESTER,
  message: { key: 'findingHarvestNotInViewSent', args: ['Fixture Harvester', '14', 'api.collector.test'] },
  explanation: 'Fixture Harvester fetched the contact details of 14 profiles you did not open.',
  evidence: { counts: { lookups: 14 }, dataKinds: ['email', 'phone'], destinations: ['api.collector.test'] },
  subjects: ['alice-martin', 'bruno-lefevre'],
  firstSeen: 1,
  lastSeen: 2,
  occurrences: 1,
};

describe('siteInfo and profileLabel', () => {
  test('know LinkedIn by name, on any of its hosts', () => {
    assert.equal(siteInfo('www.linkedin.com').name, 'LinkedIn');
    assert.equal(siteInfo('fr.linkedin.com').name, 'LinkedIn');
    assert.equal(siteInfo('LinkedIn.com.').name, 'LinkedIn');
  });

  test('call another site by its host without "www."', () => {
    assert.deepEqual(siteInfo('www.example.org'), { name: 'example.org', domain: 'example.org', profilePath: null });
    assert.equal(siteInfo('notlinkedin.com').name, 'notlinkedin.com');
    assert.equal(siteInfo(undefined).name, '');
  });

  test('write a profile as the text of its address where the site is known', () => {
    assert.equal(profileLabel('www.linkedin.com', 'alice-martin'), 'linkedin.com/in/alice-martin');
    assert.equal(profileLabel('shop.example', 'alice-martin'), 'alice-martin');
  });
});

describe('candidateReasons', () => {
  test('says why each candidate is listed, naming the site', () => {
    assert.deepEqual(candidateReasons(['cookies', 'hostAccess'], en, 'www.linkedin.com'), [
      'can read LinkedIn',
      'can read your cookies',
    ]);
    assert.deepEqual(candidateReasons(['hostAccess', 'cookies'], fr, 'www.linkedin.com'), [
      'peut lire LinkedIn',
      'peut lire vos cookies',
    ]);
  });

  test('leaves out "this site" when "every site" already says it', () => {
    assert.deepEqual(candidateReasons(['hostAccess', 'allSites'], en, 'www.linkedin.com'), ['can read every site']);
  });

  test('skips unknown, repeated and malformed reasons', () => {
    assert.deepEqual(candidateReasons(['cookies', 'cookies', 'telepathy', 7, null], en, 'x.test'), [
      'can read your cookies',
    ]);
    assert.deepEqual(candidateReasons(undefined, en, 'x.test'), []);
    assert.deepEqual(candidateReasons(['cookies'], none, 'x.test'), []);
  });
});

describe('evidenceChips', () => {
  test('lists data kinds, then encodings, then destinations, each in a fixed order', () => {
    const chips = evidenceChips(
      {
        destinations: ['api.collector.test', 'cdn.collector.test'],
        encodings: ['sha256', 'plain', 'url'],
        dataKinds: ['phone', 'name', 'email'],
      },
      en,
    );
    assert.deepEqual(
      chips.map((c) => [c.group, c.label]),
      [
        ['dataKind', 'e-mail'],
        ['dataKind', 'phone'],
        ['dataKind', 'name'],
        ['encoding', 'in clear'],
        ['encoding', 'URL-encoded'],
        ['encoding', 'SHA-256 hash'],
        ['destination', 'api.collector.test'],
        ['destination', 'cdn.collector.test'],
      ],
    );
  });

  test('labels every known value in French', () => {
    const labels = evidenceChips(
      { dataKinds: ['email', 'phone', 'name'], encodings: ['plain', 'url', 'base64', 'md5', 'sha1', 'sha256'] },
      fr,
    ).map((c) => c.label);
    assert.deepEqual(labels, [
      'e-mail',
      'téléphone',
      'nom',
      'en clair',
      'encodé pour URL',
      'base64',
      'empreinte MD5',
      'empreinte SHA-1',
      'empreinte SHA-256',
    ]);
  });

  test('explains that a hash still identifies, and where data went', () => {
    const [plain, md5, host] = evidenceChips({ encodings: ['md5', 'plain'], destinations: ['api.collector.test'] }, en);
    assert.equal(plain.hint, 'How the data was written in the request');
    assert.match(md5.hint, /still identifies/);
    assert.equal(host.hint, 'Sent to api.collector.test');
  });

  test('shows an unknown value as given, and skips repeats and non-strings', () => {
    const chips = evidenceChips({ dataKinds: ['email', 'email', 'iban', 3, ''], encodings: ['rot13'] }, en);
    assert.deepEqual(
      chips.map((c) => c.label),
      ['e-mail', 'iban', 'rot13'],
    );
  });

  test('has nothing to show for evidence without these fields', () => {
    assert.deepEqual(evidenceChips({ counts: { lookups: 2 } }, en), []);
    assert.deepEqual(evidenceChips(undefined, en), []);
  });
});

describe('evidence counts of harvest findings', () => {
  test('have labels in both languages, profiles first', () => {
    const counts = { pagesOpened: 60, calls: 2, matches: 1, searches: 3, lookups: 14, profilesNotInView: 14 };
    assert.deepEqual(evidenceCounts(counts, en, 'en'), [
      '14 profiles not opened',
      '14 lookups',
      '3 searches',
      '1 match',
      '2 calls',
      '60 pages opened',
    ]);
    assert.deepEqual(evidenceCounts({ lookups: 1, pagesOpened: 1 }, fr, 'fr'), [
      '1 consultation de coordonnées',
      '1 page ouverte',
    ]);
  });
});

describe('sentences and actors of harvest findings', () => {
  test('read the core’s message in either language', () => {
    assert.equal(
      findingSentence(FINDING, en),
      'Fixture Harvester fetched the contact details of 14 profiles you did not open and sent them to api.collector.test',
    );
    assert.equal(
      findingSentence({ message: { key: 'findingContactExfiltrationUnattributed', args: ['api.collector.test', '1'] } }, fr),
      `Une extension ou un script de cette page a envoyé des coordonnées à api.collector.test — profils concernés${NBSP}: 1`,
    );
    assert.equal(
      findingSentence({ message: { key: 'findingHarvestBurst', args: ['Fixture Harvester', '40', '12'] } }, en),
      'Fixture Harvester fetched 40 profiles in 12 seconds, faster than a person can',
    );
  });

  test('name an unattributed actor as "an extension or script on this page"', () => {
    const actor = { type: 'unattributed', candidates: [] };
    assert.equal(actorParts(actor, en).name, 'An extension or script on this page');
    assert.equal(actorParts(actor, fr).name, 'Une extension ou un script de cette page');
    assert.equal(actorParts(actor, none).name, 'An extension or script on this page');
  });
});

describe('mayDisable and hasDetails', () => {
  const SELF = 'vigievigievigievigievigievigievi';

  test('offer both for an installed extension the browser can name', () => {
    assert.equal(mayDisable(HARVESTER, SELF), true);
    assert.equal(hasDetails(HARVESTER), true);
  });

  test('never offer to disable Vigie itself', () => {
    const vigie = { ...HARVESTER, id: SELF, name: 'Vigie' };
    assert.equal(mayDisable(vigie, SELF), false);
    assert.equal(hasDetails(vigie), true);
  });

  test('do not offer to disable what an administrator imposed', () => {
    assert.equal(mayDisable({ ...HARVESTER, installType: 'admin' }, SELF), false);
  });

  test('offer neither for an unnamed extension, an unattributed finding, a script or a site', () => {
    for (const actor of [
      { ...HARVESTER, name: null },
      { ...HARVESTER, name: '  ' },
      { ...HARVESTER, id: '' },
      { type: 'unattributed', candidates: [{ id: HARVESTER.id, name: 'Fixture Harvester', reasons: [] }] },
      { type: 'script', origin: 'https://cdn.example' },
      { type: 'site', host: 'www.linkedin.com' },
      undefined,
    ]) {
      assert.equal(mayDisable(actor, SELF), false, JSON.stringify(actor));
      assert.equal(hasDetails(actor), false, JSON.stringify(actor));
    }
  });
});

describe('evidence files', () => {
  // Built from local parts: the same calendar day in every time zone.
  const DAY = new Date(2026, 10, 23, 14, 5, 0);

  test('are named after the site, the kind and the local day', () => {
    assert.equal(
      exportFileName('www.linkedin.com', 'harvestNotInView', DAY),
      'vigie-evidence-www.linkedin.com-harvestNotInView-2026-11-23.json',
    );
    assert.equal(exportFileName('www.linkedin.com', 'all', DAY.getTime()), 'vigie-evidence-www.linkedin.com-all-2026-11-23.json');
    assert.equal(isoDay(new Date(2026, 0, 5)), '2026-01-05');
  });

  test('keep only safe characters in their name', () => {
    assert.equal(
      exportFileName('../evil/host:8080', 'kind with spaces/..', DAY),
      'vigie-evidence-evil-host-8080-kind-with-spaces-2026-11-23.json',
    );
    assert.equal(exportFileName(null, '', DAY), 'vigie-evidence-site-finding-2026-11-23.json');
    assert.equal(isoDay('not a date'), 'undated');
  });

  test('hold the finding as the core wrote it, stamped with the time and the version', () => {
    const text = findingExport(FINDING, { exportedAt: Date.UTC(2026, 10, 23, 13, 5), vigieVersion: '0.4.0' });
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /\n {2}"exportedAt": "2026-11-23T13:05:00.000Z",\n/);
    const doc = JSON.parse(text);
    assert.equal(doc.exportedAt, '2026-11-23T13:05:00.000Z');
    assert.equal(doc.vigieVersion, '0.4.0');
    const rest = { ...doc };
    delete rest.exportedAt;
    delete rest.vigieVersion;
    assert.deepEqual(rest, FINDING);
    assert.deepEqual(Object.keys(doc).slice(0, 3), ['exportedAt', 'vigieVersion', 'key']);
  });

  test('let the export’s stamp win over a field of the same name', () => {
    const doc = JSON.parse(findingExport({ ...FINDING, exportedAt: 'forged' }, { exportedAt: 0, vigieVersion: '1' }));
    assert.equal(doc.exportedAt, '1970-01-01T00:00:00.000Z');
  });

  test('gather a whole site in one file', () => {
    const doc = JSON.parse(siteExport('www.linkedin.com', [FINDING], { exportedAt: DAY, vigieVersion: '0.4.0' }));
    assert.deepEqual(Object.keys(doc), ['exportedAt', 'vigieVersion', 'site', 'findings']);
    assert.equal(doc.site, 'www.linkedin.com');
    assert.deepEqual(doc.findings, [FINDING]);
    assert.deepEqual(JSON.parse(siteExport('x.test', undefined, {})).findings, []);
    assert.equal(JSON.parse(siteExport('x.test', [], {})).vigieVersion, null);
  });
});
