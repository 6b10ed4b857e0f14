// What each of Vigie's content scripts costs a new frame, measured steadily
// enough to tell a change of a tenth of a millisecond, which a page load on
// this machine cannot (its loads swing by 10 to 20 %).
//
// Every frame is a new JavaScript context, and most of what a content script
// costs at document_start is the first use in that context of each browser
// interface it touches: the browser builds the interface then (Blink's
// interface objects are made on first use), from 5 µs (TextDecoder) to
// 300 µs (HTMLInputElement) each in Chromium 156 here. A sampling profile
// files that under "(program)", not under the script. So this runs each
// script as the first script of many fresh frames, the way a page's load
// runs it, and reads the time around it:
//   - the frames are srcdoc iframes of a page of the heavy page's host
//     (www.linkedin.com or www.atelier-lumiere.fr, from the fixture server),
//     so each script sees that site's address and sets up as it would there;
//   - the first 10 frames of each round are not counted: the isolate's
//     compile cache then holds each script, as it does for a page's loads;
//   - the scripts take turns, round by round.
//
//   node tools/bench-contexts.mjs [--page feed|form] [--frames 120] [--rounds 6] [script.js ...]
//
// The scripts default to dist/chrome/content/main-world.js and observer.js
// (./build.sh build). The observer runs here in the page's world, with a
// stand-in chrome.runtime whose messages go nowhere; in a browser it runs in
// a world of its own, whose interfaces are built apart from the page's. A
// script that leaves `globalThis.__vtr`, a list of [step, performance.now()]
// (a copy instrumented by hand), also gets the mean time of each step.
//
// Not a test. Needs /usr/bin/chromium.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startServer } from '../www/server.mjs';
import { BENCH_PAGES, launchBenchBrowser, median } from './bench-browser.mjs';
import { removeProfile } from '../tests/e2e/harness.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { page: { type: 'string', default: 'feed' }, frames: { type: 'string', default: '120' }, rounds: { type: 'string', default: '6' } },
});
const FRAMES = Number(values.frames);
const ROUNDS = Number(values.rounds);
const bench = BENCH_PAGES[values.page];
if (!bench || !Number.isInteger(FRAMES) || FRAMES < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('usage: node tools/bench-contexts.mjs [--page feed|form] [--frames N] [--rounds N] [script.js ...]');
  process.exit(2);
}
const scripts = positionals.length ? positionals : ['dist/chrome/content/main-world.js', 'dist/chrome/content/observer.js'];
// Written into a srcdoc inline script: its own closing tags escaped.
const sources = scripts.map((file) => readFileSync(file, 'utf8').replaceAll('</script', '<\\/script'));
const RUNTIME = 'globalThis.chrome = { runtime: { id: "vigie-bench", sendMessage: () => Promise.resolve(null) } };';

/** In the page: the mean ms per fresh frame of `source`, and of each step it marked. */
async function timeInFrames([source, runtime, frames]) {
  const WARM = 10;
  let total = 0;
  const steps = {};
  for (let i = 0; i < WARM + frames; i++) {
    const frame = document.createElement('iframe');
    const loaded = new Promise((resolve) => { frame.onload = resolve; });
    frame.srcdoc = `<!doctype html><script>${runtime}</` + `script><script>globalThis.__t0 = performance.now();${source}\n;globalThis.__t1 = performance.now();</` + 'script><p>.';
    document.body.appendChild(frame);
    await loaded;
    const w = frame.contentWindow;
    if (i >= WARM) {
      if (typeof w.__t1 !== 'number') throw new Error('the script did not run to its end in a frame (it threw, or was blocked)');
      total += w.__t1 - w.__t0;
      const marks = w.__vtr;
      if (Array.isArray(marks)) for (let j = 1; j < marks.length; j++) steps[marks[j][0]] = (steps[marks[j][0]] ?? 0) + marks[j][1] - marks[j - 1][1];
    }
    frame.remove();
  }
  for (const step in steps) steps[step] /= frames;
  return { mean: total / frames, steps };
}

const server = await startServer({ port: 0 });
const { context, profile } = await launchBenchBrowser('contexts', null, server.port);
const results = scripts.map(() => ({ means: [], steps: {} }));
try {
  const page = await context.newPage();
  // An empty page of the host, with none of the site's scripts, and no
  // Content-Security-Policy (a srcdoc frame inherits its parent's, and the
  // site's forbids inline scripts).
  const blank = new URL('/vigie-bench-contexts', bench.url).href;
  await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><body></body>' }));
  await page.goto(blank);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < scripts.length; k++) {
      const i = (k + round) % scripts.length;
      const { mean, steps } = await page.evaluate(timeInFrames, [sources[i], RUNTIME, FRAMES]);
      results[i].means.push(mean);
      for (const [step, ms] of Object.entries(steps)) (results[i].steps[step] ??= []).push(ms);
    }
  }
} finally {
  await context.close().catch(() => {});
  removeProfile(profile);
  await server.close();
}

const us = (ms) => `${Math.round(ms * 1000)} µs`;
console.log(`each script as the first of ${FRAMES} fresh frames of ${new URL(bench.url).host}, ${ROUNDS} rounds (performance.now() is coarse: 100 µs, averaged over the frames)`);
for (let i = 0; i < scripts.length; i++) {
  const { means, steps } = results[i];
  console.log(`  ${scripts[i]}: median ${us(median(means))} per frame (rounds: ${means.map(us).join(', ')})`);
  for (const [step, list] of Object.entries(steps)) console.log(`    ${us(median(list)).padStart(7)}  ${step}`);
}
