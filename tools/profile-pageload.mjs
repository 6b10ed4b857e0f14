// Where Vigie's time goes while a page loads, in Chromium: a CPU profile of
// the page's renderer (content scripts included) and of Vigie's service
// worker over the same loads, summed by script. Not a test; a tool for
// finding the cost the page-load benchmark measures.
//
//   node --experimental-websocket tools/profile-pageload.mjs [--page feed|form] [--loads 5] [--save DIR]
//
// --save writes page.cpuprofile and worker.cpuprofile (for DevTools' Performance panel).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import { launchBenchBrowser } from './bench-browser.mjs';
import { VIGIE_DIR, removeProfile, vigieWorker } from '../tests/e2e/harness.mjs';

const PAGES = { feed: 'https://www.linkedin.com/feed/', form: 'https://www.atelier-lumiere.fr/devis' };
const { values } = parseArgs({ options: { page: { type: 'string', default: 'form' }, loads: { type: 'string', default: '5' }, save: { type: 'string' } } });
const url = PAGES[values.page];
const LOADS = Number(values.loads);

/** Self time per script URL and per function (top entries), from a CDP profile. */
function summarize(profile) {
  const byScript = new Map();
  const byFunction = new Map();
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0;
    if (!us) continue;
    const { url: script, functionName, lineNumber } = node.callFrame;
    const name = script ? script.replace(/^chrome-extension:\/\/[a-z]+/, 'ext:') : `(${functionName || 'native'})`;
    byScript.set(name, (byScript.get(name) ?? 0) + us);
    const fname = `${functionName || '(anon)'} ${name}:${lineNumber + 1}`;
    byFunction.set(fname, (byFunction.get(fname) ?? 0) + us);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`).join('\n');
  return `  by script:\n${top(byScript, 12)}\n  by function:\n${top(byFunction, 25)}`;
}

const DEVTOOLS_PORT = 9000 + Math.floor(Math.random() * 900);

/** A minimal CDP client over the target's WebSocket (Node's global WebSocket). */
async function rawSession(wsUrl) {
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  let next = 1;
  const waiting = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(msg.error.message));
    else w.resolve(msg.result);
  };
  return {
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    }),
    close: () => ws.close(),
  };
}

const server = await startServer({ port: 0 });
const { context, profile: profileDir } = await launchBenchBrowser('profile', VIGIE_DIR, server.port, {
  args: [`--remote-debugging-port=${DEVTOOLS_PORT}`],
});
try {
  const worker = await vigieWorker(context);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' }); // warm-up
  await new Promise((r) => setTimeout(r, 1500));
  const pageCdp = await context.newCDPSession(page);
  // The worker has no Playwright CDP session: reach it over the DevTools port.
  const targets = await (await fetch(`http://127.0.0.1:${DEVTOOLS_PORT}/json/list`)).json();
  const swTarget = targets.find((t) => t.type === 'service_worker' && t.url.endsWith('/background/background.js'));
  const swCdp = swTarget ? await rawSession(swTarget.webSocketDebuggerUrl) : null;
  if (swCdp) {
    await swCdp.send('Profiler.enable');
    await swCdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await swCdp.send('Profiler.start');
  }
  await pageCdp.send('Profiler.enable');
  await pageCdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await pageCdp.send('Profiler.start');
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'load' });
    times.push(await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; }));
  }
  const { profile } = await pageCdp.send('Profiler.stop');
  if (values.save) writeFileSync(join(values.save, 'page.cpuprofile'), JSON.stringify(profile));
  console.log(`${url}: ${LOADS} loads, load times ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
  console.log('page renderer (all loads):');
  console.log(summarize(profile));
  if (swCdp) {
    await new Promise((r) => setTimeout(r, 1500)); // let the worker finish what the loads gave it
    const { profile: sw } = await swCdp.send('Profiler.stop');
    if (values.save) writeFileSync(join(values.save, 'worker.cpuprofile'), JSON.stringify(sw));
    console.log('Vigie service worker (same loads, and 1.5 s after):');
    console.log(summarize(sw));
    swCdp.close();
  } else console.log('(no service worker target found)');
} finally {
  await context.close().catch(() => {});
  removeProfile(profileDir);
  await server.close();
}
