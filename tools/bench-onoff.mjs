// Page-load overhead of Vigie in Chromium, measured inside one browser: Vigie,
// an empty extension, an empty extension holding Vigie's permissions, and
// one that also listens to the events Vigie listens to and injects empty
// content scripts where Vigie injects its own (bench-browser.mjs's
// listeningExtension: what observing costs, whatever is done with it) are
// all installed in the same browser, and one more extension (the switch,
// which holds the `management` permission and nothing else) turns on one of
// them at a time — Vigie on, Vigie off with a stand-in on, the empty
// extension on, none on — before each load of the same heavy page.
//
// bench-pageload.mjs starts one browser per contender, and a browser
// instance keeps a bias of its own for as long as it runs (its sessions put
// Vigie anywhere from 0.75× to 1.57× of the permissions' stand-in), which
// its many short sessions only average out. Here every ratio is taken
// between loads of one browser instance, in one tab, a few seconds apart,
// so that a bias of the instance as a whole cancels in each ratio instead
// of being averaged. Sessions still differ (in one run of 4 sessions on this
// 2-core machine, their medians of Vigie / the stand-in went from 0.97× to
// 1.23× on the form page), so the rounds are split among a few.
//
// Each round turns each state on in turn (the order rotating round by
// round), loads about:blank and the page `--warmup` times (the first loads
// after Vigie is turned on pay for its worker's start: its WebAssembly
// compiled, its state read, its code not yet optimized; on this machine,
// the first two took 100 to 280 ms more than the stand-in's, and the
// difference settled after about five), then measures one load: the page's own Navigation Timing
// (start to the end of the load event). Vigie's worker is checked to be
// running before each of its measured loads, and absent before each of the
// others'. The switch extension is on in every state, a constant.
//
// Each ratio is printed with a 95 % interval for its median that counts the
// sessions' differences (bench-browser.mjs's medianInterval): on this
// machine, two runs of 60 rounds each put Vigie / the permissions' stand-in
// at 1.018× and 1.097× on the warm feed, and a figure is only as good as
// its interval.
//
// Around each measured load, the CPU time every thread of the browser's
// processes ran is also read from Linux (proc-cpu.mjs), and printed by kind
// of process (the browser's own, the page's renderer, the extensions'
// renderer, which runs their workers, the GPU and network processes), with
// what one state's load ran more than another's, round by round: the cost
// itself, and who paid it, where a load's wall time also carries the
// machine's pace.
//
//   node tools/bench-onoff.mjs [--rounds 40] [--sessions 4] [--page feed|form|all] [--warmup 8] [--cache warm|off] [--cold] [--settle 0] [--vigie DIR]
//
// --vigie measures another build of Vigie in its place (dist/chrome by
// default): a variant with a part of its work left out, say, to learn what
// that part costs in the same protocol. The stand-ins take its permissions,
// listeners and content scripts.
//
// --settle waits that many milliseconds before each measured load. By
// default the measured load follows the warm-up loads at once, and shares
// the two cores with what an extension does after them: Vigie gives each
// request to its engine 800 ms after it left (so that the page's own
// reports of who sent it arrive first), and writes its log then. Someone
// who clicks a link less than a second after the last page loaded pays for
// that; someone who reads the page first does not.
//
// --cold stops the extension's service worker (DevTools' Target.closeTarget)
// just before each measured load, as the browser stops an idle one after
// 30 seconds: the load is the first after someone read a page a while, and
// wakes the worker again.
//
// Needs dist/chrome (./build.sh build) and /usr/bin/chromium. Not part of
// ./build.sh test: run by ./build.sh bench.

import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import {
  BENCH_PAGES, disableCaches, emptyExtension, extensionWorkers, launchBenchBrowser, listeningExtension, loadTime, median, medianInterval,
  stopExtensionWorkers,
} from './bench-browser.mjs';
import { VIGIE_DIR as BUILT_VIGIE, eventually, removeProfile } from '../tests/e2e/harness.mjs';
import { cpuBetween, cpuSnapshot } from './proc-cpu.mjs';

const PAGES = BENCH_PAGES;
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '40' }, sessions: { type: 'string', default: '4' }, page: { type: 'string', default: 'all' },
    warmup: { type: 'string', default: '8' }, cache: { type: 'string', default: 'warm' }, cold: { type: 'boolean', default: false },
    settle: { type: 'string', default: '0' }, vigie: { type: 'string', default: BUILT_VIGIE },
  },
});
const VIGIE_DIR = values.vigie;
const ROUNDS = Number(values.rounds);
const SESSIONS = Number(values.sessions);
const WARMUP = Number(values.warmup);
const SETTLE_MS = Number(values.settle);
const pages = values.page === 'all' ? Object.keys(PAGES) : [values.page];
if (![ROUNDS, SESSIONS].every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(WARMUP) || WARMUP < 1 || !(SETTLE_MS >= 0)
  || pages.some((p) => !PAGES[p]) || !['warm', 'off'].includes(values.cache)) {
  console.error('usage: node tools/bench-onoff.mjs [--rounds N] [--sessions N] [--page feed|form|all] [--warmup N>=1] [--cache warm|off] [--cold] [--settle MS] [--vigie DIR]');
  process.exit(2);
}

const dirs = {
  switch: emptyExtension('Bench switch', { permissions: ['management'] }),
  empty: emptyExtension('Empty'),
  'same-perms': emptyExtension("Empty with Vigie's permissions", { permissionsOf: VIGIE_DIR }),
  listening: listeningExtension("Vigie's listeners, doing nothing", VIGIE_DIR),
};
const NAMES = { Empty: 'empty', "Empty with Vigie's permissions": 'same-perms', "Vigie's listeners, doing nothing": 'listening' };
const STATES = ['vigie', 'none', 'empty', 'same-perms', 'listening'];

/**
 * Whether Vigie's service worker runs, by the browser's own list of targets:
 * Playwright's list of workers once kept a worker of Vigie, disabled, for
 * more than 15 s.
 */
async function vigieWorkerRuns(session) {
  return (await extensionWorkers(session.cdp, `${session.ids.vigie}/`)).length > 0;
}

async function startSession(port) {
  const { context, profile } = await launchBenchBrowser('onoff', [VIGIE_DIR, ...Object.values(dirs)], port, {
    viewport: { width: 1280, height: 900 },
  });
  // The switch, by its name: the stand-ins holding Vigie's permissions can
  // call chrome.management too.
  const switchWorker = await eventually(async () => {
    for (const w of context.serviceWorkers().filter((w) => w.url().endsWith('/sw.js'))) {
      if (await w.evaluate(() => chrome.runtime.getManifest().name === 'Bench switch').catch(() => false)) return w;
    }
    return null;
  }, { timeout: 15000, what: "the switch extension's worker" });
  // Every other extension's id, by name: Vigie is the one that is not ours.
  const ids = await switchWorker.evaluate(async (names) => {
    const self = chrome.runtime.id;
    const out = {};
    for (const e of await chrome.management.getAll()) {
      if (e.id === self) continue;
      out[names[e.name] ?? 'vigie'] = e.id;
    }
    return out;
  }, NAMES);
  if (STATES.some((state) => state !== 'none' && !ids[state])) throw new Error(`extensions not all found: ${JSON.stringify(ids)}`);
  // Vigie's worker, started with the browser, has started its engine before
  // the first switch: an extension turned off while its worker still starts
  // can leave that worker listed, and running, for minutes (seen twice in
  // Chromium 156, a session's first state turning Vigie off at once).
  await eventually(async () => {
    const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ids.vigie}/`));
    return worker ? worker.evaluate(() => globalThis.vigie.health().then(() => true)).catch(() => false) : false;
  }, { timeout: 30000, what: "Vigie's engine started" });
  const page = await context.newPage();
  if (values.cache === 'off') await disableCaches(context, page);
  const cdp = await context.newCDPSession(page);
  return { context, profile, page, switchWorker, ids, cdp };
}

/** Turns on the extension `state` names (none for 'none'), every other off. */
async function turnOn(session, state) {
  await session.switchWorker.evaluate(async ({ ids, state }) => {
    // Off first, then on: two never run side by side.
    for (const [name, id] of Object.entries(ids)) if (name !== state) await chrome.management.setEnabled(id, false);
    if (ids[state]) await chrome.management.setEnabled(ids[state], true);
  }, { ids: session.ids, state });
}

/** Stops the service worker of the extension `state` names, if it runs. */
async function stopWorker(session, state) {
  const id = session.ids[state];
  if (id) await stopExtensionWorkers(session.cdp, `${id}/`);
}

// The ratios reported, each taken load by load within a round.
const RATIOS = [
  { name: 'none', of: 'vigie', to: 'none', label: 'Vigie / no extension' },
  { name: 'empty', of: 'vigie', to: 'empty', label: 'Vigie / empty extension' },
  { name: 'permitted', of: 'vigie', to: 'same-perms', label: "Vigie / empty extension with Vigie's permissions", sessions: true },
  { name: 'own', of: 'vigie', to: 'listening', label: "Vigie / Vigie's listeners doing nothing (Vigie's own work)", sessions: true },
  { name: 'observing', of: 'listening', to: 'same-perms', label: "listeners doing nothing / Vigie's permissions (observing at all)", sessions: true },
  { name: 'platform', of: 'same-perms', to: 'empty', label: 'the permissions alone: same-perms / empty' },
];
// The CPU differences reported, round by round: what one state's load ran
// more than another's, by kind of process.
const CPU_DIFFERENCES = [
  { name: 'own', of: 'vigie', to: 'listening', label: "Vigie − Vigie's listeners doing nothing (Vigie's own work)" },
  { name: 'permitted', of: 'vigie', to: 'same-perms', label: "Vigie − empty extension with Vigie's permissions" },
  { name: 'observing', of: 'listening', to: 'same-perms', label: "listeners doing nothing − Vigie's permissions (observing at all)" },
];
const KINDS = ['total', 'browser', 'renderer', 'extension', 'gpu', 'network'];
/** The CPU run in `kind` (or in all, for 'total') in a cpuBetween reading. */
const runOf = (cpu, kind) => (kind === 'total' ? cpu.total : cpu.kinds[kind])?.run ?? 0;
const server = await startServer({ port: 0 });
const results = Object.fromEntries(pages.map((key) => [key, {
  times: Object.fromEntries(STATES.map((s) => [s, []])),
  // The CPU the browser's processes ran during each measured load (proc-cpu.mjs).
  cpu: Object.fromEntries(STATES.map((s) => [s, []])),
  // Each ratio's samples, one array per session.
  ratios: Object.fromEntries(RATIOS.map(({ name }) => [name, []])),
  // Each CPU difference's samples (ms run, by kind), one array per session.
  cpuDifferences: Object.fromEntries(CPU_DIFFERENCES.map(({ name }) => [name, []])),
}]));
let version = '';
let session = null;
try {
  for (let s = 0; s < SESSIONS; s++) {
    const rounds = Math.ceil((ROUNDS * (s + 1)) / SESSIONS) - Math.ceil((ROUNDS * s) / SESSIONS);
    session = await startSession(server.port);
    version ||= session.context.browser()?.version() ?? '';
    for (const key of pages) {
      const { url } = PAGES[key];
      const { times, cpu, ratios, cpuDifferences } = results[key];
      for (const r of RATIOS) ratios[r.name].push([]);
      for (const d of CPU_DIFFERENCES) cpuDifferences[d.name].push([]);
      for (let round = 0; round < rounds; round++) {
        const t = {};
        const c = {};
        for (let i = 0; i < STATES.length; i++) {
          const state = STATES[(i + round + s) % STATES.length];
          await turnOn(session, state);
          for (let w = 0; w < WARMUP; w++) await loadTime(session.page, url);
          // The browser's list of targets learns of a stop a little after it.
          await eventually(async () => (await vigieWorkerRuns(session)) === (state === 'vigie'), {
            timeout: 15000, what: `Vigie's worker ${state === 'vigie' ? 'running' : 'stopped'} with ${state} on`,
          });
          if (SETTLE_MS) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          if (values.cold) {
            await stopWorker(session, state);
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          const marks = [];
          t[state] = await loadTime(session.page, url, () => marks.push(cpuSnapshot()));
          c[state] = cpuBetween(...marks);
        }
        for (const state of STATES) {
          times[state].push(t[state]);
          cpu[state].push(c[state]);
        }
        for (const r of RATIOS) ratios[r.name].at(-1).push(t[r.of] / t[r.to]);
        for (const d of CPU_DIFFERENCES) {
          const threads = {};
          for (const thread of new Set([...Object.keys(c[d.of].threads), ...Object.keys(c[d.to].threads)])) {
            threads[thread] = (c[d.of].threads[thread] ?? 0) - (c[d.to].threads[thread] ?? 0);
          }
          cpuDifferences[d.name].at(-1).push({ ...Object.fromEntries(KINDS.map((k) => [k, runOf(c[d.of], k) - runOf(c[d.to], k)])), threads });
        }
      }
    }
    await session.context.close();
    removeProfile(session.profile);
    session = null;
  }
  console.log(`page-load overhead inside one browser: ${ROUNDS} rounds in ${SESSIONS} sessions (${WARMUP} warm-up loads after each switch${SETTLE_MS ? `, then ${SETTLE_MS} ms idle` : ''}), Chromium ${version}, ${values.cache === 'off' ? 'caches off (a first visit)' : 'caches warm (a returning visitor)'}${values.cold ? ', each measured load waking the extension\'s stopped worker' : ''}`);
  for (const key of pages) {
    const { label, url } = PAGES[key];
    const { times, cpu, ratios, cpuDifferences } = results[key];
    console.log(`\n${label} — ${url}`);
    for (const state of STATES) console.log(`  ${state.padEnd(10)} median load ${median(times[state]).toFixed(1)} ms`);
    // The median of every round's ratio, and a 95 % interval for it that
    // counts the sessions' differences (medianInterval).
    for (const r of RATIOS) {
      const [low, high] = medianInterval(ratios[r.name]);
      console.log(`  ${`${r.label}:`.padEnd(84)} median ratio ${median(ratios[r.name].flat()).toFixed(3)}× (95 % interval ${low.toFixed(3)}–${high.toFixed(3)})`);
      if (r.sessions) console.log(`    each session's: ${ratios[r.name].map((x) => `${median(x).toFixed(3)}×`).join(', ')}`);
    }
    // CPU: less swayed by the machine's pace than a load's wall time, and
    // it says which process paid.
    const ms = (x) => x.toFixed(1).padStart(6);
    console.log(`  CPU the browser's processes ran during each measured load, median ms (${KINDS.join(', ')}; then the time their threads waited for a CPU):`);
    for (const state of STATES) {
      const runs = KINDS.map((k) => median(cpu[state].map((x) => runOf(x, k))));
      console.log(`    ${state.padEnd(10)} ${runs.map(ms).join(' ')}   waited ${ms(median(cpu[state].map((x) => x.total.wait)))}`);
    }
    for (const d of CPU_DIFFERENCES) {
      const groups = cpuDifferences[d.name].map((g) => g.map((x) => x.total));
      const [low, high] = medianInterval(groups);
      const byKind = KINDS.slice(1).map((k) => `${k} ${median(cpuDifferences[d.name].flat().map((x) => x[k])).toFixed(1)}`).join(', ');
      console.log(`  ${`${d.label}:`.padEnd(84)} ${median(groups.flat()).toFixed(1)} ms of CPU (95 % interval ${low.toFixed(1)} to ${high.toFixed(1)}); by process, median: ${byKind}`);
      // The threads whose difference is largest, by its median over the rounds.
      const samples = cpuDifferences[d.name].flat();
      const names = new Set(samples.flatMap((x) => Object.keys(x.threads)));
      const byThread = [...names].map((n) => [n, median(samples.map((x) => x.threads[n] ?? 0))]).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
      console.log(`    by thread, median: ${byThread.slice(0, 8).map(([n, v]) => `${n} ${v.toFixed(1)}`).join(', ')}`);
    }
  }
} finally {
  if (session) {
    await session.context.close().catch(() => {});
    removeProfile(session.profile);
  }
  for (const dir of Object.values(dirs)) removeProfile(dir);
  await server.close();
}
