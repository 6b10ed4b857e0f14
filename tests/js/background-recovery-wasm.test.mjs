// The supervisor (extension/background/core.js) on the real core built by
// ./build.sh (target/wasm-web): how long a recovery takes — a fresh instance
// where the glue can make one (wasm-bindgen's
// --experimental-reset-state-function), the engine restored from its
// snapshot and the log after it replayed — with 500 events of a harvest in
// the log. The trap is thrown by the test inside an engine call, as a panic
// surfaces (RuntimeError: unreachable). Skipped when the core is not built.
// VIGIE_WASM_DIR points at another wasm-bindgen output (e.g. one made with
// the reset function) to measure it.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { installBrowser } from './background-fakes/setup.mjs';

const built = process.env.VIGIE_WASM_DIR
  ? pathToFileURL(`${process.env.VIGIE_WASM_DIR.replace(/\/$/, '')}/`)
  : new URL('../../target/wasm-web/', import.meta.url);
const glue = new URL('vigie.js', built);
const wasmFile = new URL('vigie_bg.wasm', built);
const skip = !existsSync(glue) && 'the core is not built (./build.sh)';

let core = null;
let resets = false;
if (!skip) {
  register('./background-fakes/real-wasm-loader.mjs', import.meta.url, { data: { glue: pathToFileURL(glue.pathname).href } });
  const { chrome } = installBrowser();
  // The glue fetches the module from the extension's URL: serve the file.
  // So is the Public Suffix List, given again to each new instance.
  const wasmUrl = chrome.runtime.getURL('wasm/vigie_bg.wasm');
  const suffixesUrl = chrome.runtime.getURL('data/public_suffix_list.dat');
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, ...rest) => {
    if (String(url) === wasmUrl) return new Response(readFileSync(wasmFile), { headers: { 'content-type': 'application/wasm' } });
    if (String(url) === suffixesUrl) return new Response(readFileSync(new URL('../../src/observe/public_suffix_list.dat', import.meta.url)));
    return realFetch(url, ...rest);
  };
  core = await import('../../extension/background/core.js');
  core.startEngine();
  resets = typeof (await import(glue.href)).__wbg_reset_state === 'function';
}

const PROFILE = 'https://www.linkedin.com/in/alice-martin/';
function harvestEvents(count) {
  const events = [{ type: 'navigation', time: 1, tabId: 7, url: PROFILE, transition: null, unrequested: false }];
  for (let i = 1; i < count; i++) {
    events.push({
      type: 'request', time: 1000 + i * 50, tabId: 7, method: 'GET', resourceType: 'xmlhttprequest',
      url: `https://www.linkedin.com/voyager/api/identity/profiles/member-${i % 40}/profileContactInfo`,
      body: null, bodyTruncated: false, headers: [],
    });
  }
  return events;
}

test('recovery from a trap on the real core, with 500 events in the log', { skip }, async () => {
  await core.persist();
  for (const event of harvestEvents(500)) core.ingest(event);
  const before = await core.withEngine((e) => e.allFindings());
  assert.ok(before.length > 0, 'the harvest raised findings');
  const started = performance.now();
  const findings = await core.withEngine((e) => {
    if (!globalThis.trapped) {
      globalThis.trapped = true;
      throw new WebAssembly.RuntimeError('unreachable');
    }
    return e.allFindings();
  });
  const elapsed = performance.now() - started;
  const health = await core.health();
  assert.equal(health.recoveries, 1);
  assert.deepEqual(findings, before, 'the rebuilt engine holds what the lost one held');
  console.log(
    `# recovery on the real core, 500 logged events: ${health.lastRecoveryMs} ms ` +
      `(${resets ? 'fresh instance' : 'no reset function in the glue: engine rebuilt in the same instance'}); ` +
      `the trapped read answered in ${elapsed.toFixed(1)} ms`,
  );
});
