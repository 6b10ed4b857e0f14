// CPU cost of page loads with and without an extension, in Chromium: the
// CPU time (all of the browser's processes, thread by thread, from the
// scheduler's count in /proc, in nanoseconds) that N loads of a page take,
// each split by kind of process, for each build given, with the builds'
// loads interleaved round by round. Wall-clock load times on a shared
// 2-core machine swing by tens of percent; CPU time per load is steadier
// and is what an extension adds to every page. Beside it, the page
// renderer's main-thread time for the same loads (Chromium's Performance
// metrics, in microseconds): all its tasks, and the script among them,
// content scripts included.
//
//   node tools/bench-pagecpu.mjs [--page feed|form] [--rounds 10] [--settle 1000] [--cache warm|off] [NAME=DIR ...]
//
// --cache off: the browser's caches turned off, every load a first visit
// (see bench-pageload.mjs).
//
// --settle: how long after the load event the CPU is still counted (the
// extension's work a load leaves behind); 0 counts the load alone.
//
// With no NAME=DIR, compares dist/chrome with no extension. Linux only.

import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import { disableCaches, launchBenchBrowser, median, namedBuilds } from './bench-browser.mjs';
import { VIGIE_DIR, removeProfile } from '../tests/e2e/harness.mjs';
import { browserPid, cpuBetween, cpuSnapshot } from './proc-cpu.mjs';

const PAGES = { feed: 'https://www.linkedin.com/feed/', form: 'https://www.atelier-lumiere.fr/devis' };
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    page: { type: 'string', default: 'form' }, rounds: { type: 'string', default: '10' }, settle: { type: 'string', default: '1000' },
    cache: { type: 'string', default: 'warm' },
  },
});
const url = PAGES[values.page];
const ROUNDS = Number(values.rounds);
const SETTLE_MS = Number(values.settle);
const builds = positionals.length
  ? namedBuilds(positionals)
  : [{ name: 'vigie', dir: VIGIE_DIR }, { name: 'none', dir: null }];
if (!url || !Number.isInteger(ROUNDS) || ROUNDS < 1 || !(SETTLE_MS >= 0) || !['warm', 'off'].includes(values.cache)) {
  console.error('usage: node tools/bench-pagecpu.mjs [--page feed|form] [--rounds N] [--settle MS] [--cache warm|off] [NAME=DIR ...]');
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The page renderer's main-thread time so far, in ms: `{ task, script }`. */
async function mainThreadMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: value('TaskDuration'), script: value('ScriptDuration') };
}

const server = await startServer({ port: 0 });
const running = [];
try {
  for (const b of builds) {
    const { context, profile } = await launchBenchBrowser(b.name, b.dir, server.port);
    const pid = browserPid(running.map((r) => r.pid));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (values.cache === 'off') await disableCaches(context, page);
    await page.goto(url, { waitUntil: 'load' });
    running.push({ ...b, profile, context, page, cdp, pid, cpu: [], by: [], load: [], task: [], script: [] });
  }
  await sleep(2000);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < running.length; i++) {
      const b = running[(i + round) % running.length];
      await b.page.goto('about:blank');
      await sleep(200);
      const m0 = await mainThreadMs(b.cdp);
      const c0 = cpuSnapshot(b.pid);
      await b.page.goto(url, { waitUntil: 'load' });
      const load = await b.page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; });
      await sleep(SETTLE_MS); // what the load leaves to do (the extension's work after it)
      const used = cpuBetween(c0, cpuSnapshot(b.pid));
      const m1 = await mainThreadMs(b.cdp);
      b.task.push(m1.task - m0.task);
      b.script.push(m1.script - m0.script);
      b.cpu.push(used.total.run);
      b.by.push(Object.fromEntries(Object.entries(used.kinds).map(([k, v]) => [k, v.run])));
      b.load.push(load);
    }
  }
  console.log(`${url}: ${ROUNDS} rounds, CPU time of all the browser's processes per load (load + ${SETTLE_MS} ms after), caches ${values.cache}`);
  const base = running.find((b) => !b.dir) ?? running[running.length - 1];
  for (const b of running) {
    console.log(`  ${b.name.padEnd(10)} CPU ${median(b.cpu).toFixed(1).padStart(6)} ms (min ${Math.min(...b.cpu).toFixed(1)}), load ${median(b.load).toFixed(0)} ms, CPU vs ${base.name} ${(median(b.cpu) / median(base.cpu)).toFixed(2)}×`);
    const names = [...new Set(b.by.flatMap((u) => Object.keys(u)))].sort();
    console.log(`  ${''.padEnd(10)} by process, median ms: ${names.map((k) => `${k} ${median(b.by.map((u) => u[k] ?? 0)).toFixed(1)}`).join(', ')}`);
    console.log(`  ${''.padEnd(10)} page renderer's main thread, median ms: tasks ${median(b.task).toFixed(1)}, script ${median(b.script).toFixed(1)}`);
  }
} finally {
  for (const b of running) { await b.context.close().catch(() => {}); removeProfile(b.profile); }
  await server.close();
}
