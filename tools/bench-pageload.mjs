// Page-load overhead of Vigie in Chromium: the same heavy pages loaded in
// turn by four browsers started side by side — one with Vigie, one with no
// extension, one with an empty extension (what loading any extension costs),
// and one with an empty extension holding Vigie's permissions (what the
// browser charges any extension allowed to watch requests: with the
// `webRequest` permission, Chromium routes every request of every page
// through a proxy, whether or not a listener is registered) — over many
// rounds, the order of the four turning each round. Each
// load's time is the page's own Navigation Timing (start to the end of the
// load event); each round gives the ratios Vigie / none and Vigie / empty,
// and the median of those ratios is reported with the median times.
//
// The rounds are split among sessions (30 by default, two rounds each),
// each starting the four browsers afresh in a shuffled order: a browser
// instance has a bias of its own that lasts as long as it runs (in one
// 30-round run on this machine, the empty extension loaded the feed 11 %
// faster than no extension at all; the sessions of one run put Vigie's
// ratio anywhere from 0.75× to 1.38×), which more rounds in one session
// never average out, and many short sessions do better: with 10 sessions
// of six rounds, a build that takes 8 % less CPU per load measured 1.120×
// on the feed where its parent had measured 1.066×. Each session's median
// ratio is printed beside the median of all.
//
//   node tools/bench-pageload.mjs [--rounds 60] [--sessions 30] [--page feed|form|all] [--cache warm|off] [NAME=DIR ...]
//
// --cache warm (the default) loads pages as a returning visitor does: the
// feed's script chunks, style sheets and photos, cached for weeks or a year
// as the real ones are, come from the browser's caches, most of them
// without a request any extension sees. --cache off turns the browser's
// caches off in every browser (DevTools' "Disable cache"), as on a first
// visit: every asset is a request, seen by the request listeners.
//
// Each NAME=DIR adds an unpacked build of its own to the rounds (a variant
// of Vigie, another privacy extension), reported against the same empty
// extension with Vigie's permissions.
//
// Needs dist/chrome (./build.sh build) and /usr/bin/chromium. Not part of
// ./build.sh test: run by ./build.sh bench.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import { BENCH_PAGES, disableCaches, emptyExtension, launchBenchBrowser, loadTime, median, namedBuilds } from './bench-browser.mjs';
import { VIGIE_DIR, removeProfile, vigieWorker } from '../tests/e2e/harness.mjs';

const PAGES = BENCH_PAGES;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '60' }, sessions: { type: 'string', default: '30' }, page: { type: 'string', default: 'all' },
    warmup: { type: 'string', default: '3' }, cache: { type: 'string', default: 'warm' },
  },
});
const CORE = ['vigie', 'none', 'empty', 'same-perms'];
const ROUNDS = Number(values.rounds);
const SESSIONS = Number(values.sessions);
const WARMUP = Number(values.warmup);
const pages = values.page === 'all' ? Object.keys(PAGES) : [values.page];
const EXTRA = namedBuilds(positionals).map(({ name, dir }) => [name, dir]);
const CACHE_OFF = values.cache === 'off';
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || !Number.isInteger(SESSIONS) || SESSIONS < 1 || pages.some((p) => !PAGES[p]) || !['warm', 'off'].includes(values.cache) || EXTRA.some(([name, dir]) => !name || !dir || CORE.includes(name))) {
  console.error('usage: node tools/bench-pageload.mjs [--rounds N] [--sessions N] [--page feed|form|all] [--cache warm|off] [NAME=DIR ...]');
  process.exit(2);
}

async function start(name, extension, port) {
  const { context, profile } = await launchBenchBrowser(name, extension, port, { viewport: { width: 1280, height: 900 } });
  if (extension && existsSync(join(extension, 'background', 'background.js'))) await vigieWorker(context);
  const page = await context.newPage();
  if (CACHE_OFF) await disableCaches(context, page);
  return { name, context, page, profile };
}

/** `xs` in a random order (Fisher–Yates). */
function shuffled(xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const server = await startServer({ port: 0 });
const empty = emptyExtension();
const permitted = emptyExtension("Empty with Vigie's permissions", { permissionsOf: VIGIE_DIR });
const CONTENDERS = [
  ['vigie', VIGIE_DIR],
  ['none', null],
  ['empty', empty],
  ['same-perms', permitted],
  ...EXTRA,
];
const results = Object.fromEntries(pages.map((key) => [key, {
  times: Object.fromEntries(CONTENDERS.map(([name]) => [name, []])),
  ratios: { none: [], empty: [], permitted: [], platform: [] },
  extra: Object.fromEntries(EXTRA.map(([name]) => [name, { ratios: [], sessions: [] }])),
  sessions: [],
}]));
let version = '';
let browsers = [];
const stopAll = async () => {
  for (const b of browsers) {
    await b.context.close().catch(() => {});
    removeProfile(b.profile);
  }
  browsers = [];
};
try {
  for (let session = 0; session < SESSIONS; session++) {
    const rounds = Math.ceil((ROUNDS * (session + 1)) / SESSIONS) - Math.ceil((ROUNDS * session) / SESSIONS);
    for (const [name, extension] of shuffled(CONTENDERS)) browsers.push(await start(name, extension, server.port));
    version ||= browsers[0].context.browser()?.version() ?? '';
    for (const key of pages) {
      const { url } = PAGES[key];
      const { times, ratios } = results[key];
      const sessionFrom = ratios.permitted.length;
      for (let round = -WARMUP; round < rounds; round++) {
        const order = browsers.map((_, i) => browsers[(i + Math.max(round, 0)) % browsers.length]);
        const t = {};
        for (const b of order) t[b.name] = await loadTime(b.page, url);
        if (round < 0) continue;
        for (const name of Object.keys(times)) times[name].push(t[name]);
        ratios.none.push(t.vigie / t.none);
        ratios.empty.push(t.vigie / t.empty);
        ratios.permitted.push(t.vigie / t['same-perms']);
        ratios.platform.push(t['same-perms'] / t.empty);
        for (const [name] of EXTRA) results[key].extra[name].ratios.push(t[name] / t['same-perms']);
      }
      results[key].sessions.push(median(ratios.permitted.slice(sessionFrom)));
      for (const { ratios: r, sessions: s } of Object.values(results[key].extra)) s.push(median(r.slice(sessionFrom)));
    }
    await stopAll();
  }
  console.log(`page-load overhead: ${ROUNDS} rounds in ${SESSIONS} sessions (each after ${WARMUP} warm-up), Chromium ${version}, ${CACHE_OFF ? 'caches off (a first visit)' : 'caches warm (a returning visitor)'}`);
  for (const key of pages) {
    const { label, url } = PAGES[key];
    const { times, ratios, sessions, extra } = results[key];
    console.log(`\n${label} — ${url}`);
    for (const name of Object.keys(times)) console.log(`  ${name.padEnd(10)} median load ${median(times[name]).toFixed(1)} ms`);
    console.log(`  Vigie / no extension:                            median ratio ${median(ratios.none).toFixed(3)}×`);
    console.log(`  Vigie / empty extension:                         median ratio ${median(ratios.empty).toFixed(3)}×`);
    console.log(`  Vigie / empty extension with Vigie's permissions: median ratio ${median(ratios.permitted).toFixed(3)}×`);
    console.log(`    (each session's: ${sessions.map((r) => `${r.toFixed(3)}×`).join(', ')})`);
    console.log(`  (the permissions alone: same-perms / empty         median ratio ${median(ratios.platform).toFixed(3)}×)`);
    for (const [name, { ratios: r, sessions: s }] of Object.entries(extra)) {
      console.log(`  ${name} / empty extension with Vigie's permissions: median ratio ${median(r).toFixed(3)}×`);
      console.log(`    (each session's: ${s.map((x) => `${x.toFixed(3)}×`).join(', ')})`);
    }
  }
} finally {
  await stopAll();
  removeProfile(empty);
  removeProfile(permitted);
  await server.close();
}
