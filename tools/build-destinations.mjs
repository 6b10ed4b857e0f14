// Compiles the two databases behind "where your data goes" into the compact
// tables the extension ships (run by ./build.sh build, offline: both come
// from node_modules, installed from package-lock.json):
//
// - organizations.txt: host → brand → organization, from Ghostery's
//   tracker database (@ghostery/trackerdb, CC BY-NC-SA 4.0: the compiled
//   table stays under that license, with its attribution in the file), plus
//   src/destinations/trackers.json, tracker domains the database does not
//   list yet (for companies it lists, or for companies it lacks, which that
//   file then names with its source), and the brands it files under a broad
//   category whose scripts record what visitors do (monitoring), and
//   src/destinations/brands.json, Vigie's own list of first-party domains of
//   the same organizations (a messaging app's own domains are no tracker, so
//   the tracker database leaves them out).
// - ip-country.bin: sorted IP ranges → ISO 3166-1 country, from
//   @ip-location-db/geo-whois-asn-country (CC0 1.0; built from the regional
//   internet registries' data, CC BY 4.0 NRO). Ranges are kept at the
//   granularity of the smallest block announced on the Internet (IPv4 /24,
//   IPv6 /48: smaller ones are not routed between networks), so a start is
//   3 or 6 bytes; adjacent ranges of one country merge and gaps are written
//   as "unknown", so that each range is only its start. The core finds an
//   address by binary search over the starts, big-endian so that comparing
//   bytes compares numbers.
//
// organizations.txt layout: UTF-8 text, a record per line, its fields split
// by tabs (a value holding a tab or a line break is refused), an empty
// optional field absent; indexes count the O and B lines from 0
// (src/destinations/organizations.rs reads it):
//   VGORG01                                            format and version
//   # …                                                attribution, sources (JSON)
//   O id name country privacy-contact privacy-policy website
//   B name organization-index category monitoring(0|1) sent-on-purpose-marks…
//   D domain brand-index
//
// ip-country.bin layout (counts little-endian, starts big-endian):
//   "VGIPCC02"                      magic and format version
//   u32 C, then C × 2 bytes         country codes; index 0 is "??" (unknown)
//   twice (IPv4, then IPv6):
//     u8 W, u32 N, N × W bytes, N × u8   prefix width in bytes, range starts (sorted), country index
//   u32 L, L bytes                  the sources and their versions, JSON
//
//   node tools/build-destinations.mjs --out <dir>
//       [--ipv4-csv <file> --ipv6-csv <file> --ip-source <text>]
//
// The IP ranges come from the npm package unless both CSV files are given:
// any CSV of the package's shape — `start,end,country` per line, an
// inclusive range given as addresses (`1.0.0.0,1.0.0.255,AU`) or as numbers
// (`16777216,16777471,AU`), ISO 3166-1 alpha-2 codes, anything else read as
// unknown — such as the files ip-location-db publishes outside npm. Their
// provenance and license (`--ip-source`, required with them) go into the
// table's sources. A line that is not a range stops the build with its file
// and line number.

import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..');
const require = createRequire(import.meta.url);

const IP_PACKAGE = '@ip-location-db/geo-whois-asn-country';
const ORG_PACKAGE = '@ghostery/trackerdb';
export const MAGIC = 'VGIPCC02';
// Prefix widths kept, in bytes: IPv4 /24, IPv6 /48.
const V4_BYTES = 3;
const V6_BYTES = 6;
const UNKNOWN = '??';

/** node_modules/<name>, found the way node finds packages (some export no package.json). */
function packageDir(name) {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`${name} is not installed: run npm ci (./build.sh does)`);
}

function packageInfo(name) {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8'));
  return { package: name, version: pkg.version, license: pkg.license };
}

async function* csvRows(path) {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (!line.trim()) continue;
    const fields = line.split(',').map((field) => field.trim());
    const [start, end, country] = fields;
    yield { start, end, country, fields: fields.length, where: `${path}:${number}` };
  }
}

/**
 * Ranges `{ start, end, country }` (BigInt, inclusive, sorted) as starts and
 * country indexes: gaps become unknown, neighbours of one country merge.
 */
export function compactRanges(ranges, countryIndex) {
  const starts = [];
  const countries = [];
  const push = (start, index) => {
    if (countries.length && countries[countries.length - 1] === index) return;
    if (starts.length && starts[starts.length - 1] === start) {
      // A range that collapsed onto the previous start (finer than the
      // granularity kept): the first one wins.
      return;
    }
    starts.push(start);
    countries.push(index);
  };
  let next = 0n;
  for (const r of ranges) {
    if (r.end < next) continue; // inside the previous range at this granularity
    const start = r.start < next ? next : r.start;
    if (start > next) push(next, 0);
    push(start, countryIndex(r.country));
    next = r.end + 1n;
  }
  push(next, 0);
  return { starts, countries };
}

/** An address given as a decimal number (the `-num.csv` files), if it is one below 2^bits. */
function numericAddress(text, bits) {
  if (!/^\d{1,39}$/.test(text)) return null;
  const n = BigInt(text);
  return n < 1n << BigInt(bits) ? n : null;
}

/** The first `V6_BYTES` bytes of an IPv6 address, as a number. */
export function ipv6Prefix(text) {
  const numeric = numericAddress(text, 128);
  if (numeric !== null) return numeric >> BigInt(128 - V6_BYTES * 8);
  // Expands `a:b::c` to its eight groups and keeps the first four.
  const [head, tail, more] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  if (more !== undefined || groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) {
    throw new Error(`not an IPv6 address: ${text}`);
  }
  const full = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return full >> BigInt(128 - V6_BYTES * 8);
}

/** The first `V4_BYTES` bytes of an IPv4 address, as a number. */
export function ipv4Prefix(text) {
  const numeric = numericAddress(text, 32);
  if (numeric !== null) return numeric >> BigInt(32 - V4_BYTES * 8);
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    throw new Error(`not an IPv4 address: ${text}`);
  }
  const [a, b, c, d] = parts.map(Number);
  const full = BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d);
  return full >> BigInt(32 - V4_BYTES * 8);
}

/** The ranges of one CSV file, sorted by start; a line that is not a range is an error naming it. */
export async function readRanges(path, parse) {
  const ranges = [];
  for await (const row of csvRows(path)) {
    let start;
    let end;
    try {
      if (row.fields !== 3) throw new Error('expected start,end,country');
      start = parse(row.start);
      end = parse(row.end);
      if (end < start) throw new Error('the range ends before it starts');
    } catch (error) {
      throw new Error(`${row.where}: ${error.message}`);
    }
    ranges.push({ start, end, country: row.country });
  }
  if (ranges.length === 0) throw new Error(`${path}: no ranges`);
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return ranges;
}

export function encodeIpTable({ codes, v4, v6, sources }) {
  const meta = Buffer.from(JSON.stringify(sources), 'utf8');
  const family = (f, width) => 1 + 4 + f.starts.length * (width + 1);
  const size = 8 + 4 + codes.length * 2 + family(v4, V4_BYTES) + family(v6, V6_BYTES) + 4 + meta.length;
  const out = Buffer.alloc(size);
  let at = out.write(MAGIC, 0, 'latin1');
  at = out.writeUInt32LE(codes.length, at);
  for (const code of codes) at += out.write(code, at, 'latin1');
  for (const [f, width] of [[v4, V4_BYTES], [v6, V6_BYTES]]) {
    at = out.writeUInt8(width, at);
    at = out.writeUInt32LE(f.starts.length, at);
    for (const s of f.starts) {
      for (let i = width - 1; i >= 0; i -= 1) out[at++] = Number((s >> BigInt(i * 8)) & 0xffn);
    }
    for (const c of f.countries) at = out.writeUInt8(c, at);
  }
  at = out.writeUInt32LE(meta.length, at);
  meta.copy(out, at);
  return out;
}

/**
 * Where the IP ranges come from: the CSV files and their sources as given
 * on the command line, else the npm package's.
 */
export function ipSource(args) {
  const value = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const v4 = value('--ipv4-csv');
  const v6 = value('--ipv6-csv');
  const source = value('--ip-source');
  if (v4 === undefined && v6 === undefined && source === undefined) {
    const dir = packageDir(IP_PACKAGE);
    return {
      v4: join(dir, 'geo-whois-asn-country-ipv4.csv'),
      v6: join(dir, 'geo-whois-asn-country-ipv6.csv'),
      sources: [{ ...packageInfo(IP_PACKAGE), attribution: 'ip-location-db by sapics (CC0 1.0), from the regional internet registries\' data (CC BY 4.0, NRO)' }],
    };
  }
  if (!v4 || !v6 || !source?.trim()) {
    throw new Error('--ipv4-csv, --ipv6-csv and --ip-source go together: both files, and where they come from and under which license');
  }
  for (const file of [v4, v6]) if (!existsSync(file)) throw new Error(`${file} not found`);
  return {
    v4: resolve(v4),
    v6: resolve(v6),
    sources: [{ files: [basename(v4), basename(v6)], attribution: source.trim() }],
  };
}

export async function buildIpTable({ v4: v4Path, v6: v6Path, sources }) {
  const codes = [UNKNOWN];
  const indexOf = new Map([[UNKNOWN, 0]]);
  const countryIndex = (code) => {
    if (!/^[A-Z]{2}$/.test(code)) return 0;
    if (!indexOf.has(code)) {
      indexOf.set(code, codes.length);
      codes.push(code);
    }
    if (codes.length > 255) throw new Error('more than 255 countries: the table keeps one byte per range');
    return indexOf.get(code);
  };
  const v4 = compactRanges(await readRanges(v4Path, ipv4Prefix), countryIndex);
  // The end of the address space is not a start to keep.
  if (v4.starts[v4.starts.length - 1] === 1n << BigInt(V4_BYTES * 8)) {
    v4.starts.pop();
    v4.countries.pop();
  }
  const v6 = compactRanges(await readRanges(v6Path, ipv6Prefix), countryIndex);
  if (v6.starts[v6.starts.length - 1] === 1n << BigInt(V6_BYTES * 8)) {
    v6.starts.pop();
    v6.countries.pop();
  }
  return encodeIpTable({ codes, v4, v6, sources });
}

/** The registrable-looking key of a domain entry (trackerdb lists hosts and domains). */
function normalDomain(domain) {
  return domain.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
}

export function buildOrganizations(db, brands, trackers = { trackers: [], monitoring: [] }) {
  const orgIds = new Map();
  const organizations = [];
  // Companies the database does not list, from trackers.json (each with its
  // source); the database's own entry wins once it has one.
  const added = new Map((trackers.organizations ?? []).map((o) => [o.id, { name: o.name, website_url: o.website, privacy_policy_url: o.privacyPolicy }]));
  // A pattern the database files under no organization (Pendo, Qualaroo,
  // Sumo Logic and some 400 others) is its own: named by the pattern, under
  // the pattern's key, unless the database (or trackers.json) has an
  // organization of that very id (then it is that one's). Skipping them would leave their hosts
  // unknown, and a submitted address sent to an analytics company unknown to
  // Vigie is given the benefit of the doubt. Not those filed as hosting
  // (herokuapp.com, jsdelivr.net, CDNs): their hosts serve many companies,
  // which one organization would make one party.
  const fromPatterns = new Map();
  const ownOrganization = (key, pattern) => {
    if (!db.organizations[key] && !added.has(key)) {
      fromPatterns.set(key, { name: pattern.name ?? key, website_url: pattern.website_url ?? undefined });
    }
    return key;
  };
  const orgIndex = (id) => {
    if (!orgIds.has(id)) {
      const o = db.organizations[id] ?? added.get(id) ?? fromPatterns.get(id);
      if (!o) throw new Error(`unknown organization ${id}`);
      orgIds.set(id, organizations.length);
      const entry = { id, name: o.name };
      if (o.country) entry.country = o.country;
      if (o.privacy_contact) entry.privacyContact = o.privacy_contact;
      if (o.privacy_policy_url) entry.privacyPolicy = o.privacy_policy_url;
      if (o.website_url) entry.website = o.website_url;
      organizations.push(entry);
    }
    return orgIds.get(id);
  };
  const brandList = [];
  const domains = {};
  const add = (domain, brand) => {
    const d = normalDomain(domain);
    if (d && !(d in domains)) domains[d] = brand;
  };
  // Brands whose script records what visitors do, which the database files
  // under a broader category (Vigie's reading: trackers.json `monitoring`).
  const monitoring = new Map((trackers.monitoring ?? []).map((m) => [m.brand, m]));
  const monitored = new Set();
  for (const [key, pattern] of Object.entries(db.patterns).sort(([a], [b]) => a.localeCompare(b))) {
    if (!pattern.domains?.length || (!pattern.organization && pattern.category === 'hosting')) continue;
    const brand = brandList.length;
    const name = pattern.name ?? key;
    const organization = orgIndex(pattern.organization ?? ownOrganization(key, pattern));
    const entry = { name, organization, category: pattern.category };
    if (monitoring.has(name)) {
      entry.monitoring = true;
      const marks = monitoring.get(name).sentOnPurpose ?? [];
      if (marks.length) entry.sentOnPurpose = marks;
      monitored.add(name);
    }
    brandList.push(entry);
    for (const d of pattern.domains) add(d, brand);
  }
  for (const name of monitoring.keys()) {
    if (!monitored.has(name)) throw new Error(`trackers.json: monitoring: ${name} is no brand of the tracker database`);
  }
  // Tracker domains the database lacks for companies it lists, then Vigie's
  // own first-party domains: both add to the tracker database, never override it.
  for (const t of trackers.trackers) {
    if (!db.categories?.[t.category] && !Object.values(db.patterns).some((p) => p.category === t.category)) {
      throw new Error(`trackers.json: ${t.name}: unknown category ${t.category}`);
    }
    const brand = brandList.length;
    const entry = { name: t.name, organization: orgIndex(t.organization), category: t.category };
    // A company the database lacks whose script records what visitors do
    // (real-user monitoring): as the `monitoring` list marks the database's.
    if (t.monitoring === true) entry.monitoring = true;
    brandList.push(entry);
    for (const d of t.domains) add(d, brand);
  }
  for (const b of brands.brands) {
    const brand = brandList.length;
    brandList.push({ name: b.name, organization: orgIndex(b.organization), category: 'first_party' });
    for (const d of b.domains) add(d, brand);
  }
  return { organizations, brands: brandList, domains };
}

export const ORGANIZATIONS_FORMAT = 'VGORG01';

/** The organizations table as text (the layout above). */
export function encodeOrganizations({ comment, sources, organizations, brands, domains }) {
  const field = (value) => {
    const text = value === undefined || value === null ? '' : String(value);
    if (/[\t\r\n]/.test(text)) throw new Error(`organizations table: a tab or line break in ${JSON.stringify(text)}`);
    return text;
  };
  const line = (...fields) => fields.map(field).join('\t');
  return [
    ORGANIZATIONS_FORMAT,
    `# ${field(comment)}`,
    `# sources: ${field(JSON.stringify(sources))}`,
    ...organizations.map((o) => line('O', o.id, o.name, o.country, o.privacyContact, o.privacyPolicy, o.website)),
    ...brands.map((b) => line('B', b.name, b.organization, b.category, b.monitoring ? 1 : 0, ...(b.sentOnPurpose ?? []))),
    ...Object.entries(domains).map(([domain, brand]) => line('D', domain, brand)),
  ].join('\n') + '\n';
}

async function main() {
  const i = process.argv.indexOf('--out');
  if (i < 0 || !process.argv[i + 1]) throw new Error('missing --out');
  const out = resolve(process.argv[i + 1]);
  const ipFrom = ipSource(process.argv);
  mkdirSync(out, { recursive: true });

  const db = JSON.parse(readFileSync(join(packageDir(ORG_PACKAGE), 'dist', 'trackerdb.json'), 'utf8'));
  const brands = JSON.parse(readFileSync(join(ROOT, 'src', 'destinations', 'brands.json'), 'utf8'));
  const trackers = JSON.parse(readFileSync(join(ROOT, 'src', 'destinations', 'trackers.json'), 'utf8'));
  const table = {
    comment:
      'Compiled by tools/build-destinations.mjs. Data: Ghostery Tracker Database (@ghostery/trackerdb), ' +
      'Copyright Ghostery GmbH, CC BY-NC-SA 4.0 (https://creativecommons.org/licenses/by-nc-sa/4.0/); ' +
      'this compiled table is shared under the same license. Tracker domains the database lacks: src/destinations/trackers.json; ' +
      'first-party brand domains: src/destinations/brands.json.',
    sources: [
      packageInfo(ORG_PACKAGE),
      { file: 'src/destinations/trackers.json', date: trackers.date },
      { file: 'src/destinations/brands.json', date: brands.date },
    ],
    ...buildOrganizations(db, brands, trackers),
  };
  writeFileSync(join(out, 'organizations.txt'), encodeOrganizations(table));
  const ip = await buildIpTable(ipFrom);
  writeFileSync(join(out, 'ip-country.bin'), ip);
  console.log(`  destinations: ${Object.keys(table.domains).length} domains of ${table.organizations.length} organizations, ` +
    `${ip.length} bytes of IP ranges from ${ipFrom.sources[0].package ?? ipFrom.sources[0].files.join(' and ')} (${out})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
