// tools/build-destinations.mjs's IP table from CSV files other than the
// npm package's: the same ranges whether addresses are written as text or
// as numbers, a line that is not a range refused with its file and line,
// the files' provenance required and recorded in the table, and the
// command line taking them instead of the package.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MAGIC, buildIpTable, buildOrganizations, encodeOrganizations, ipSource, ipv4Prefix, ipv6Prefix, readRanges } from '../../tools/build-destinations.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const TOOL = join(ROOT, 'tools', 'build-destinations.mjs');

const V4 = ['1.0.0.0,1.0.0.255,AU', '1.0.1.0,1.0.3.255,CN', '', '1.0.8.0,1.0.15.255,CN', '8.8.8.0,8.8.8.255,US', '9.9.9.0,9.9.9.255,ZZZ'];
const V4_NUM = ['16777216,16777471,AU', '16777472,16778239,CN', '', '16779264,16781311,CN', '134744064,134744319,US', '151587072,151587327,ZZZ'];
const V6 = ['2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP', '2a03:2880::,2a03:2880:ffff:ffff:ffff:ffff:ffff:ffff,IE'];

/** Decodes a table the tool wrote: the country of an address's prefix, and the sources. */
function readTable(bytes) {
  assert.equal(bytes.subarray(0, 8).toString('latin1'), MAGIC);
  let at = 8;
  const n = bytes.readUInt32LE(at);
  at += 4;
  const codes = [];
  for (let i = 0; i < n; i += 1) codes.push(bytes.subarray(at + 2 * i, at + 2 * i + 2).toString('latin1'));
  at += 2 * n;
  const families = [];
  for (let f = 0; f < 2; f += 1) {
    const width = bytes[at];
    const count = bytes.readUInt32LE(at + 1);
    const starts = [];
    for (let i = 0; i < count; i += 1) {
      let v = 0n;
      for (let b = 0; b < width; b += 1) v = (v << 8n) | BigInt(bytes[at + 5 + i * width + b]);
      starts.push(v);
    }
    const countries = [...bytes.subarray(at + 5 + count * width, at + 5 + count * (width + 1))].map((c) => codes[c]);
    families.push({ starts, countries });
    at += 5 + count * (width + 1);
  }
  const metaLength = bytes.readUInt32LE(at);
  const sources = JSON.parse(bytes.subarray(at + 4, at + 4 + metaLength).toString('utf8'));
  const country = (family, prefix) => {
    const { starts, countries } = families[family];
    let found = '??';
    for (let i = 0; i < starts.length && starts[i] <= prefix; i += 1) found = countries[i];
    return found;
  };
  return {
    v4: (ip) => country(0, ipv4Prefix(ip)),
    v6: (ip) => country(1, ipv6Prefix(ip)),
    rangeCount: families[0].starts.length + families[1].starts.length,
    sources,
  };
}

describe('the IP table from CSV files', () => {
  let dir;
  const file = (name, lines) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-ip-csv-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('addresses written as text or as numbers give the same ranges', async () => {
    const text = await readRanges(file('v4.csv', V4), ipv4Prefix);
    const numbers = await readRanges(file('v4-num.csv', V4_NUM), ipv4Prefix);
    assert.deepEqual(numbers, text);
    assert.equal(text.length, 5, 'the blank line is no range');
    const v6 = await readRanges(file('v6.csv', V6), ipv6Prefix);
    const v6num = await readRanges(
      file('v6-num.csv', [
        '42540528726795050063891204319802818560,42540528806023212578155541913346768895,JP',
        `${0x2a032880n << 96n},${(0x2a032881n << 96n) - 1n},IE`,
      ]),
      ipv6Prefix,
    );
    assert.deepEqual(v6num, v6);
  });

  test('a line that is not a range stops the build, naming the file and the line', async () => {
    const refused = [
      [['ip_range_start,ip_range_end,country_code', ...V4], 1, /not an IPv4 address/],
      [[...V4.slice(0, 2), '1.0.4.0,1.0.7.255'], 3, /expected start,end,country/],
      [[V4[0], '1.0.4.0,1.0.7.255,CN,extra'], 2, /expected start,end,country/],
      [[V4[0], '1.0.7.0,1.0.4.255,CN'], 2, /ends before it starts/],
      [[V4[0], '1.0.256.0,1.0.256.255,CN'], 2, /not an IPv4 address/],
      [[V4[0], '4294967296,4294967297,CN'], 2, /not an IPv4 address/],
      [[V4[0], '2001:db8::,2001:db8::ffff,NL'], 2, /not an IPv4 address/],
    ];
    for (const [lines, line, why] of refused) {
      const path = file('bad.csv', lines);
      await assert.rejects(readRanges(path, ipv4Prefix), (error) => {
        assert.ok(error.message.startsWith(`${path}:${line}: `), error.message);
        assert.match(error.message, why);
        return true;
      });
    }
    await assert.rejects(readRanges(file('v6-bad.csv', ['2001:db8::1::2,2001:db8::ffff,NL']), ipv6Prefix), /:1: not an IPv6 address/);
    await assert.rejects(readRanges(file('v6-bad.csv', ['2001:db8:g::,2001:db8::ffff,NL']), ipv6Prefix), /:1: not an IPv6 address/);
    await assert.rejects(readRanges(file('empty.csv', ['', '']), ipv4Prefix), /no ranges/);
  });

  test('the table places addresses in their ranges, gaps and unknown codes unknown, the sources recorded', async () => {
    const source = ipSource(['--ipv4-csv', file('v4.csv', V4), '--ipv6-csv', file('v6.csv', V6), '--ip-source', 'Test ranges (CC0 1.0)']);
    const table = readTable(await buildIpTable(source));
    assert.equal(table.v4('1.0.0.7'), 'AU');
    assert.equal(table.v4('1.0.2.1'), 'CN');
    assert.equal(table.v4('1.0.5.1'), '??', 'a gap');
    assert.equal(table.v4('1.0.9.1'), 'CN');
    assert.equal(table.v4('8.8.8.8'), 'US');
    assert.equal(table.v4('9.9.9.9'), '??', 'not a country code');
    assert.equal(table.v4('200.1.1.1'), '??');
    assert.equal(table.v6('2001:200:1::1'), 'JP');
    assert.equal(table.v6('2a03:2880:f12d:83:face:b00c:0:25de'), 'IE');
    assert.equal(table.v6('2001:db8::1'), '??');
    assert.deepEqual(table.sources, [{ files: ['v4.csv', 'v6.csv'], attribution: 'Test ranges (CC0 1.0)' }]);
  });

  test('the files come with their provenance, or not at all', () => {
    const v4 = file('v4.csv', V4);
    const v6 = file('v6.csv', V6);
    for (const args of [
      ['--ipv4-csv', v4, '--ipv6-csv', v6],
      ['--ipv4-csv', v4, '--ipv6-csv', v6, '--ip-source', '  '],
      ['--ipv4-csv', v4, '--ip-source', 'x'],
      ['--ip-source', 'x'],
    ]) {
      assert.throws(() => ipSource(args), /go together/, args.join(' '));
    }
    assert.throws(() => ipSource(['--ipv4-csv', v4, '--ipv6-csv', join(dir, 'missing.csv'), '--ip-source', 'x']), /missing\.csv not found/);
    // Without them, the npm package's files.
    const fromPackage = ipSource([]);
    assert.ok(existsSync(fromPackage.v4) && existsSync(fromPackage.v6));
    assert.equal(fromPackage.sources[0].package, '@ip-location-db/geo-whois-asn-country');
    assert.equal(fromPackage.sources[0].license, 'CC0-1.0');
  });

  test('the command line builds the shipped table from the files given', () => {
    const out = join(dir, 'out');
    const args = [TOOL, '--out', out, '--ipv4-csv', file('v4-num.csv', V4_NUM), '--ipv6-csv', file('v6.csv', V6)];
    const refused = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /go together/);
    assert.ok(!existsSync(out), 'nothing written');
    const said = execFileSync(process.execPath, [...args, '--ip-source', 'A mirror of the registries (CC0 1.0)'], { encoding: 'utf8' });
    assert.match(said, /IP ranges from v4-num\.csv and v6\.csv/);
    const table = readTable(readFileSync(join(out, 'ip-country.bin')));
    assert.equal(table.v4('1.0.2.1'), 'CN');
    assert.equal(table.v6('2001:200::1'), 'JP');
    assert.equal(table.sources[0].attribution, 'A mirror of the registries (CC0 1.0)');
    assert.ok(existsSync(join(out, 'organizations.txt')));
  });
});

describe('the organizations table', () => {
  const db = {
    categories: { site_analytics: {}, utilities: {} },
    organizations: { datadog: { name: 'Datadog', country: 'US' }, stripe: { name: 'Stripe', country: 'US' } },
    patterns: {
      datadog: { name: 'Datadog', organization: 'datadog', category: 'utilities', domains: ['browser-intake-datadoghq.eu'] },
      stripe: { name: 'Stripe', organization: 'stripe', category: 'utilities', domains: ['stripe.com'] },
    },
  };
  const brands = { brands: [] };

  test('marks the brands trackers.json says record what visitors do, with their marks, and keeps their category', () => {
    const monitoring = [{ brand: 'Datadog', sentOnPurpose: ['{"type":"feedback"'] }];
    const table = buildOrganizations(db, brands, { trackers: [], monitoring });
    const datadog = table.brands[table.domains['browser-intake-datadoghq.eu']];
    assert.deepEqual(datadog, { name: 'Datadog', organization: 0, category: 'utilities', monitoring: true, sentOnPurpose: ['{"type":"feedback"'] });
    const stripe = table.brands[table.domains['stripe.com']];
    assert.equal(stripe.monitoring, undefined);
  });

  test("adds trackers.json's tracker domains, for a company the database lacks too, never over the database's", () => {
    const trackers = {
      organizations: [{ id: 'openreplay', name: 'OpenReplay', website: 'https://openreplay.com' }, { id: 'stripe', name: 'Not Stripe' }],
      trackers: [
        { name: 'OpenReplay', organization: 'openreplay', category: 'site_analytics', domains: ['openreplay.com'] },
        { name: 'Stripe again', organization: 'stripe', category: 'site_analytics', domains: ['stripe.com', 'stripe.network'] },
      ],
      monitoring: [],
    };
    const table = buildOrganizations(db, brands, trackers);
    const replay = table.brands[table.domains['openreplay.com']];
    assert.equal(replay.category, 'site_analytics');
    assert.deepEqual(table.organizations[replay.organization], { id: 'openreplay', name: 'OpenReplay', website: 'https://openreplay.com' });
    // The database's brand and organization stand.
    assert.equal(table.brands[table.domains['stripe.com']].name, 'Stripe');
    assert.equal(table.organizations[table.brands[table.domains['stripe.network']].organization].name, 'Stripe');
    assert.throws(() => buildOrganizations(db, brands, { trackers: [{ ...trackers.trackers[0], organization: 'nobody' }], monitoring: [] }), /unknown organization nobody/);
  });

  test("marks a company trackers.json adds as recording what visitors do when it says so, and only then", () => {
    const trackers = {
      organizations: [{ id: 'grafana_labs', name: 'Grafana Labs' }, { id: 'rudderstack', name: 'RudderStack' }],
      trackers: [
        { name: 'Grafana Faro', organization: 'grafana_labs', category: 'utilities', monitoring: true, domains: ['grafana.net'] },
        { name: 'RudderStack', organization: 'rudderstack', category: 'site_analytics', domains: ['rudderstack.com'] },
      ],
      monitoring: [],
    };
    const table = buildOrganizations(db, brands, trackers);
    assert.deepEqual(table.brands[table.domains['grafana.net']], { name: 'Grafana Faro', organization: 2, category: 'utilities', monitoring: true });
    assert.equal(table.brands[table.domains['rudderstack.com']].monitoring, undefined);
  });

  test('writes the table a line per record, tab-separated, empty fields for what an entry lacks', () => {
    const monitoring = [{ brand: 'Datadog', sentOnPurpose: ['{"type":"feedback"', 'survey'] }];
    const table = { comment: 'Compiled.', sources: [{ file: 'x.json' }], ...buildOrganizations(db, brands, { trackers: [], monitoring }) };
    assert.equal(encodeOrganizations(table), [
      'VGORG01',
      '# Compiled.',
      '# sources: [{"file":"x.json"}]',
      'O\tdatadog\tDatadog\tUS\t\t\t',
      'O\tstripe\tStripe\tUS\t\t\t',
      'B\tDatadog\t0\tutilities\t1\t{"type":"feedback"\tsurvey',
      'B\tStripe\t1\tutilities\t0',
      'D\tbrowser-intake-datadoghq.eu\t0',
      'D\tstripe.com\t1',
      '',
    ].join('\n'));
    const tab = { ...table, organizations: [{ id: 'x', name: 'A\tB' }] };
    assert.throws(() => encodeOrganizations(tab), /a tab or line break in "A\\tB"/);
    assert.throws(() => encodeOrganizations({ ...table, comment: 'two\nlines' }), /line break/);
  });

  test('a pattern the database files under no organization is its own, or the one of its id, unless it is hosting', () => {
    const withOrphans = {
      ...db,
      organizations: { ...db.organizations, chicory: { name: 'Chicory', country: 'US' } },
      patterns: {
        ...db.patterns,
        'pendo.io': { name: 'pendo', organization: null, category: 'site_analytics', website_url: 'https://www.pendo.io/', domains: ['pendo.io'] },
        qualaroo: { name: 'Qualaroo', organization: null, category: 'site_analytics', website_url: null, domains: ['qualaroo.com'] },
        chicory: { name: 'Chicory', organization: null, category: 'advertising', domains: ['chicory.co'] },
        empty: { name: 'Nothing', organization: null, category: 'misc', domains: [] },
        heroku: { name: 'Heroku', organization: null, category: 'hosting', domains: ['herokuapp.com'] },
      },
    };
    const table = buildOrganizations(withOrphans, brands, { trackers: [], monitoring: [] });
    const ownerOf = (domain) => table.organizations[table.brands[table.domains[domain]].organization];
    assert.deepEqual(ownerOf('pendo.io'), { id: 'pendo.io', name: 'pendo', website: 'https://www.pendo.io/' });
    assert.equal(table.brands[table.domains['pendo.io']].category, 'site_analytics');
    assert.deepEqual(ownerOf('qualaroo.com'), { id: 'qualaroo', name: 'Qualaroo' });
    assert.deepEqual(ownerOf('chicory.co'), { id: 'chicory', name: 'Chicory', country: 'US' });
    assert.equal(table.brands.some((b) => b.name === 'Nothing'), false);
    // A host of a hosting service serves many companies: not one organization.
    assert.equal(table.domains['herokuapp.com'], undefined);
    // Each is its own: no two of them share an organization.
    assert.notEqual(table.brands[table.domains['pendo.io']].organization, table.brands[table.domains['qualaroo.com']].organization);
  });

  test('refuses a brand the tracker database does not have', () => {
    assert.throws(() => buildOrganizations(db, brands, { trackers: [], monitoring: [{ brand: 'Datadogg' }] }), /Datadogg is no brand/);
  });
});
