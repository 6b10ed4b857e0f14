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

import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import { disableCaches, launchBenchBrowser, median, namedBuilds } from './bench-browser.mjs';
import { VIGIE_DIR, removeProfile } from '../tests/e2e/harness.mjs';

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

/** What a Chromium process does, from its command line. */
function kindOf(pid) {
  let args;
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its title: spaces
  } catch {
    return 'gone';
  }
  const type = args.find((a) => a.startsWith('--type='))?.slice(7);
  if (!type) return 'browser';
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension' : 'page';
  if (type === 'utility') {
    const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19) ?? '';
    return sub.includes('network') ? 'network' : 'utility';
  }
  return type === 'gpu-process' ? 'gpu' : 'other';
}

const kinds = new Map();
/**
 * CPU time used so far by each thread of `root` and its descendants, from
 * the scheduler's own count (/proc/PID/task/TID/schedstat, in nanoseconds:
 * /proc/PID/stat counts 10 ms ticks, too coarse for a load of 50 ms):
 * `Map(tid → { kind, ms })`.
 */
function threadCpu(root) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const threads = new Map();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    if (!kinds.has(pid)) kinds.set(pid, kindOf(pid));
    const kind = kinds.get(pid);
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch { /* gone */ }
    for (const tid of tids) {
      try {
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        threads.set(Number(tid), { kind, ms: ns / 1e6 });
      } catch { /* gone */ }
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return threads;
}

/**
 * What was used between two readings, by kind: each thread's time since the
 * first reading, or all of it for a thread started since (a thread that
 * ended in between counts nothing).
 */
function spent(before, after) {
  const by = {};
  let total = 0;
  for (const [tid, { kind, ms }] of after) {
    const used = Math.max(0, ms - (before.get(tid)?.ms ?? 0));
    by[kind] = (by[kind] ?? 0) + used;
    total += used;
  }
  return { total, by };
}

/** The browser's main process id: the chromium child of this node process. */
function browserPid(before) {
  const mine = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || before.has(Number(d))) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (ppid === process.pid && /chrom/.test(comm)) mine.push(Number(d));
    } catch { /* gone */ }
  }
  return mine[0];
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
    const before = new Set(readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number));
    const { context, profile } = await launchBenchBrowser(b.name, b.dir, server.port);
    const pid = browserPid(before);
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
      const c0 = threadCpu(b.pid);
      await b.page.goto(url, { waitUntil: 'load' });
      const load = await b.page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; });
      await sleep(SETTLE_MS); // what the load leaves to do (the extension's work after it)
      const used = spent(c0, threadCpu(b.pid));
      const m1 = await mainThreadMs(b.cdp);
      b.task.push(m1.task - m0.task);
      b.script.push(m1.script - m0.script);
      b.cpu.push(used.total);
      b.by.push(used.by);
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
