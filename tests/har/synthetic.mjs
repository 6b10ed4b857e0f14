// Writes a large synthetic HAR for throughput measurements: the recorded
// sessions' entries repeated over many pages (one tab each), times shifted
// so that every copy is a session of its own.
//
//   node tests/har/synthetic.mjs OUT.har [MEGABYTES=64]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const [out, megabytes = '64'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node tests/har/synthetic.mjs OUT.har [MEGABYTES]');
  process.exit(2);
}
const target = Number(megabytes) * 1e6;
const sources = ['harvest-pattern-b.har', 'clean-browse.har', 'contact-lookup-technique-1.har'].map(
  (name) => JSON.parse(readFileSync(join(here, name), 'utf8')).log,
);
const pages = [];
const entries = [];
let size = 0;
for (let copy = 0; size < target; copy++) {
  const log = sources[copy % sources.length];
  const shift = copy * 3_600_000;
  const moved = (iso) => new Date(Date.parse(iso) + shift).toISOString();
  for (const page of log.pages ?? []) {
    pages.push({ ...page, id: `${page.id}-${copy}`, startedDateTime: moved(page.startedDateTime) });
  }
  for (const entry of log.entries) {
    const copied = { ...entry, startedDateTime: moved(entry.startedDateTime) };
    if (entry.pageref) copied.pageref = `${entry.pageref}-${copy}`;
    entries.push(copied);
    size += JSON.stringify(copied).length;
  }
}
const har = { log: { version: '1.2', creator: { name: 'vigie synthetic', version: '1' }, pages, entries } };
writeFileSync(out, JSON.stringify(har));
console.log(`${out}: ${entries.length} entries, ${pages.length} pages`);
