// The popup's helpers for what a finding card offers beyond its sentence
// (extension/popup/format.js): the tags of what data went where and in what
// form, who may be disabled or opened, and evidence files. The real locale
// files stand in for chrome.i18n.getMessage.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evidenceChips,
  exportFileName,
  findingExport,
  hasDetails,
  isoDay,
  mayDisable,
  siteExport,
} from '../../extension/popup/format.js';
import { localeT } from './locale.mjs';

const en = localeT('en');
const fr = localeT('fr');

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
  message: {
    key: 'findingHarvestNotInViewSent',
    args: ['Fixture Harvester', { count: 14, unit: 'profiles' }, 'api.collector.test'],
  },
  evidence: { counts: { lookups: 14 }, dataKinds: ['email', 'phone'], destinations: ['api.collector.test'] },
  subjects: ['alice-martin', 'bruno-lefevre'],
  firstSeen: 1,
  lastSeen: 2,
  occurrences: 1,
};

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

  test('says a SHA-512 is a hash too, and lists the layers of a leak in a fixed order', () => {
    const chips = evidenceChips({ encodings: ['gzip', 'hex', 'sha512', 'plain'], dataKinds: ['custom', 'email'] }, en);
    assert.deepEqual(chips.map((c) => c.value), ['email', 'custom', 'plain', 'sha512', 'hex', 'gzip']);
    assert.match(chips.find((c) => c.value === 'sha512').hint, /still identifies/);
    assert.doesNotMatch(chips.find((c) => c.value === 'gzip').hint, /still identifies/);
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
