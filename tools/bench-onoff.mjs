// Page-load overhead of Vigie in Chromium, measured inside one browser: Vigie,
// an empty extension, and an empty extension holding Vigie's permissions are
// all installed in the same browser, and a fourth extension (the switch,
// which holds the `management` permission and nothing else) turns on one of
// them at a time — Vigie on, Vigie off with the permissions' stand-in on,
// the empty extension on, none on — before each load of the same heavy page.
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
//   node tools/bench-onoff.mjs [--rounds 40] [--sessions 4] [--page feed|form|all] [--warmup 8] [--cache warm|off] [--cold]
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
import { BENCH_PAGES, disableCaches, emptyExtension, launchBenchBrowser, loadTime, median } from './bench-browser.mjs';
import { VIGIE_DIR, eventually, removeProfile } from '../tests/e2e/harness.mjs';

const PAGES = BENCH_PAGES;
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '40' }, sessions: { type: 'string', default: '4' }, page: { type: 'string', default: 'all' },
    warmup: { type: 'string', default: '8' }, cache: { type: 'string', default: 'warm' }, cold: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(values.rounds);
const SESSIONS = Number(values.sessions);
const WARMUP = Number(values.warmup);
const pages = values.page === 'all' ? Object.keys(PAGES) : [values.page];
if (![ROUNDS, SESSIONS].every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(WARMUP) || WARMUP < 1
  || pages.some((p) => !PAGES[p]) || !['warm', 'off'].includes(values.cache)) {
  console.error('usage: node tools/bench-onoff.mjs [--rounds N] [--sessions N] [--page feed|form|all] [--warmup N>=1] [--cache warm|off] [--cold]');
  process.exit(2);
}

const dirs = {
  switch: emptyExtension('Bench switch', { permissions: ['management'] }),
  empty: emptyExtension('Empty'),
  'same-perms': emptyExtension("Empty with Vigie's permissions", { permissionsOf: VIGIE_DIR }),
};
const STATES = ['vigie', 'none', 'empty', 'same-perms'];
const isVigieWorker = (w) => w.url().endsWith('/background/background.js');

async function startSession(port) {
  const { context, profile } = await launchBenchBrowser('onoff', [VIGIE_DIR, dirs.switch, dirs.empty, dirs['same-perms']], port, {
    viewport: { width: 1280, height: 900 },
  });
  // The switch: the one worker that can call chrome.management.
  const switchWorker = await eventually(async () => {
    for (const w of context.serviceWorkers().filter((w) => w.url().endsWith('/sw.js'))) {
      if (await w.evaluate(() => typeof chrome.management?.setEnabled === 'function').catch(() => false)) return w;
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
  }, { Empty: 'empty', "Empty with Vigie's permissions": 'same-perms' });
  if (!ids.vigie || !ids.empty || !ids['same-perms']) throw new Error(`extensions not all found: ${JSON.stringify(ids)}`);
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
  if (!id) return;
  const { targetInfos } = await session.cdp.send('Target.getTargets');
  for (const t of targetInfos) {
    if (t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${id}/`)) {
      await session.cdp.send('Target.closeTarget', { targetId: t.targetId });
    }
  }
}

const server = await startServer({ port: 0 });
const results = Object.fromEntries(pages.map((key) => [key, {
  times: Object.fromEntries(STATES.map((s) => [s, []])),
  ratios: { none: [], empty: [], permitted: [], platform: [] },
  sessions: [],
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
      const { times, ratios } = results[key];
      const from = ratios.permitted.length;
      for (let round = 0; round < rounds; round++) {
        const t = {};
        for (let i = 0; i < STATES.length; i++) {
          const state = STATES[(i + round + s) % STATES.length];
          await turnOn(session, state);
          for (let w = 0; w < WARMUP; w++) await loadTime(session.page, url);
          // The list of workers learns of a stop a little after it.
          await eventually(() => session.context.serviceWorkers().some(isVigieWorker) === (state === 'vigie'), {
            timeout: 5000, what: `Vigie's worker ${state === 'vigie' ? 'running' : 'stopped'} with ${state} on`,
          });
          if (values.cold) {
            await stopWorker(session, state);
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          t[state] = await loadTime(session.page, url);
        }
        for (const state of STATES) times[state].push(t[state]);
        ratios.none.push(t.vigie / t.none);
        ratios.empty.push(t.vigie / t.empty);
        ratios.permitted.push(t.vigie / t['same-perms']);
        ratios.platform.push(t['same-perms'] / t.empty);
      }
      results[key].sessions.push(median(ratios.permitted.slice(from)));
    }
    await session.context.close();
    removeProfile(session.profile);
    session = null;
  }
  console.log(`page-load overhead inside one browser: ${ROUNDS} rounds in ${SESSIONS} sessions (${WARMUP} warm-up loads after each switch), Chromium ${version}, ${values.cache === 'off' ? 'caches off (a first visit)' : 'caches warm (a returning visitor)'}${values.cold ? ', each measured load waking the extension\'s stopped worker' : ''}`);
  for (const key of pages) {
    const { label, url } = PAGES[key];
    const { times, ratios, sessions } = results[key];
    console.log(`\n${label} — ${url}`);
    for (const state of STATES) console.log(`  ${state.padEnd(10)} median load ${median(times[state]).toFixed(1)} ms`);
    console.log(`  Vigie / no extension:                            median ratio ${median(ratios.none).toFixed(3)}×`);
    console.log(`  Vigie / empty extension:                         median ratio ${median(ratios.empty).toFixed(3)}×`);
    console.log(`  Vigie / empty extension with Vigie's permissions: median ratio ${median(ratios.permitted).toFixed(3)}×`);
    console.log(`    (each session's: ${sessions.map((r) => `${r.toFixed(3)}×`).join(', ')})`);
    console.log(`  (the permissions alone: same-perms / empty         median ratio ${median(ratios.platform).toFixed(3)}×)`);
  }
} finally {
  if (session) {
    await session.context.close().catch(() => {});
    removeProfile(session.profile);
  }
  for (const dir of Object.values(dirs)) removeProfile(dir);
  await server.close();
}
