// What Vigie's content scripts cost each page load, from Chromium's own
// trace: for each load of a page, the compile and the run of each content
// script, the injection around them, and the page's messages to extensions,
// on the page renderer's main thread; and the extension API calls of the
// extension's service worker over the same loads, and the time its thread
// ran during each load and in the 2 s after. A sampling profile
// (profile-pageload.mjs) files most of this under "(program)": compiling,
// V8's lazy parses and the bindings' native work are not JavaScript.
//
//   node tools/trace-pageload.mjs [--page feed|form] [--loads 8] [--extension DIR] [--cold]
//
// --cold stops the extension's service worker (DevTools' Target.closeTarget)
// 2.5 s after each load, and loads the page again 0.7 s later, as the first
// load after the browser stopped an idle worker: the worker starts during
// the load.
//
// Needs dist/chrome (./build.sh build) and /usr/bin/chromium. Not a test.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import { launchBenchBrowser, median, stopExtensionWorkers } from './bench-browser.mjs';
import { VIGIE_DIR, removeProfile } from '../tests/e2e/harness.mjs';

const PAGES = { feed: 'https://www.linkedin.com/feed/', form: 'https://www.atelier-lumiere.fr/devis' };
const { values } = parseArgs({
  options: {
    page: { type: 'string', default: 'feed' }, loads: { type: 'string', default: '8' }, extension: { type: 'string', default: VIGIE_DIR },
    cold: { type: 'boolean', default: false },
  },
});
const url = PAGES[values.page];
const LOADS = Number(values.loads);
if (!url || !Number.isInteger(LOADS) || LOADS < 1) {
  console.error('usage: node tools/trace-pageload.mjs [--page feed|form] [--loads N] [--extension DIR] [--cold]');
  process.exit(2);
}

// Chromium writes the trace when the duration is over: long enough for the
// loads, then waited for.
const TRACE_SECONDS = 20 + LOADS * (values.cold ? 5 : 2);
// `toplevel` gives each thread's tasks; `blink.user_timing` each load's start and end.
const CATEGORIES = ['v8', 'disabled-by-default-v8.compile', 'extensions', 'toplevel', 'blink.user_timing'];

const traceDir = mkdtempSync(join(tmpdir(), 'vigie-trace-'));
const traceFile = join(traceDir, 'trace.json');
const server = await startServer({ port: 0 });
const { context, profile } = await launchBenchBrowser('trace', values.extension, server.port, {
  args: [`--trace-startup=${CATEGORIES.join(',')}`, `--trace-startup-file=${traceFile}`, `--trace-startup-duration=${TRACE_SECONDS}`, '--trace-startup-format=json'],
});
const started = Date.now();
const loadTimes = [];
try {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  for (let i = 0; i < LOADS; i++) {
    await page.goto('about:blank');
    if (values.cold) {
      // Settled after the last load (Vigie hands requests to its engine
      // 800 ms after they left), then stopped.
      await new Promise((r) => setTimeout(r, 2500));
      await stopExtensionWorkers(cdp);
      await new Promise((r) => setTimeout(r, 700));
    }
    await page.goto(url, { waitUntil: 'load' });
    loadTimes.push(await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; }));
  }
  await new Promise((r) => setTimeout(r, Math.max(0, TRACE_SECONDS * 1000 + 3000 - (Date.now() - started))));
} finally {
  await context.close().catch(() => {});
  removeProfile(profile);
  await server.close();
}

let events;
try {
  events = JSON.parse(readFileSync(traceFile, 'utf8')).traceEvents;
} finally {
  rmSync(traceDir, { recursive: true, force: true });
}

const names = (kind, key) => new Map(events.filter((e) => e.ph === 'M' && e.name === kind).map((e) => [key(e), e.args.name]));
const processName = names('process_name', (e) => e.pid);
const threadName = names('thread_name', (e) => `${e.pid}:${e.tid}`);
const timed = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
// A page's renderer is "Renderer"; the extension's own is "Extension Renderer".
const onPageMainThread = (e) => processName.get(e.pid) === 'Renderer' && threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain';
const complete = timed.filter(onPageMainThread);
const inWorker = timed.filter((e) => threadName.get(`${e.pid}:${e.tid}`) === 'ServiceWorker thread');
const scriptOf = (e) => /chrome-extension:\/\/[a-p]{32}(\/content\/[^"?]+)/.exec(JSON.stringify(e.args ?? {}))?.[1] ?? null;

/** Durations in ms of the events named `name`, for content script `script` when given. */
const durations = (name, script) => complete.filter((e) => e.name === name && (script === undefined || scriptOf(e) === script)).map((e) => e.dur / 1000);
const scripts = [...new Set(complete.map(scriptOf).filter(Boolean))].sort();

const fmt = (xs) => (xs.length ? `median ${median(xs).toFixed(2)} ms, min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)} (${xs.length})` : 'none');
console.log(`${url}: ${LOADS} loads${values.cold ? ', each waking a stopped worker' : ''}, load times ${loadTimes.map((t) => t.toFixed(0)).join(' ')} ms`);
console.log('page renderer, main thread, per event:');
for (const script of scripts) {
  console.log(`  ${script}`);
  console.log(`    compile  ${fmt(durations('v8.compile', script))}`);
  console.log(`    run      ${fmt(durations('v8.run', script))}`);
}
console.log(`  injection (compile and run included)  ${fmt(durations('ScriptInjection::InjectJs'))}`);
const perLoad = (list, name) => {
  const matching = list.filter((e) => e.name === name);
  return `${(matching.length / LOADS).toFixed(1)} per load, ${(matching.reduce((s, e) => s + e.dur, 0) / 1000 / LOADS).toFixed(2)} ms per load`;
};
console.log(`  messages opened to the extension: ${perLoad(complete, 'MainThreadIPCMessageSender::SendOpenMessageChannel/extension')}`);
console.log('service workers (every extension loaded), same loads:');
console.log(`  extension API calls: ${perLoad(inWorker, 'NativeExtensionBindingsSystem::SendRequest')}`);
// The worker thread's own tasks (CPU time), from each load's start to the
// end of its load event, and in the 2 s after.
const marks = events.filter((e) => e.ph !== 'X' && onPageMainThread(e));
const starts = marks.filter((e) => e.name === 'navigationStart' && JSON.stringify(e.args ?? {}).includes(url)).map((e) => e.ts).sort((a, b) => a - b);
const ends = marks.filter((e) => e.name === 'loadEventEnd').map((e) => e.ts).sort((a, b) => a - b);
const windows = starts.map((start) => [start, ends.find((end) => end > start)]).filter(([, end]) => end !== undefined);
const workerTasks = inWorker.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
const workerTime = (from, to) => workerTasks.filter((e) => e.ts >= from && e.ts < to).reduce((sum, e) => sum + (e.tdur ?? e.dur), 0) / 1000;
if (windows.length) {
  console.log(`  worker thread's tasks during each load: ${fmt(windows.map(([start, end]) => workerTime(start, end)))}`);
  console.log(`  and in the 2 s after each load: ${fmt(windows.map(([, end]) => workerTime(end, end + 2e6)))}`);
}
