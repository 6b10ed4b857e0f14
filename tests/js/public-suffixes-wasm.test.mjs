// The extension's wasm does not carry the Public Suffix List: the background
// gives it (loadPublicSuffixes, extension/background/core.js). On the real
// core built by ./build.sh (target/wasm-web), each test in a wasm instance of
// its own: with the list, two sites under a private suffix (github.io) are
// two parties and an e-mail typed on one and sent to the other is a leak;
// without it, the fallback (a host's last two labels) takes them for one
// party; text that is not a list is refused. Skipped when the core is not
// built.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const built = new URL('../../target/wasm-web/', import.meta.url);
const glue = new URL('vigie.js', built);
const skip = !existsSync(glue) && 'the core is not built (./build.sh)';
const LIST = readFileSync(new URL('../../src/observe/public_suffix_list.dat', import.meta.url), 'utf8');

let instances = 0;
/** The glue as a module of its own (a fresh wasm instance). */
async function freshCore() {
  instances += 1;
  const wasm = await import(`${glue.href}?instance=${instances}`);
  wasm.initSync({ module: readFileSync(new URL('vigie_bg.wasm', built)) });
  return wasm;
}

function leakAcrossGithubPages(wasm) {
  const engine = new wasm.Engine();
  const v = wasm.Engine.schemaVersion();
  const page = 'https://alice.github.io/signup';
  const events = [
    { type: 'navigation', time: 1000, tabId: 1, url: page },
    {
      type: 'formInput', time: 1400, tabId: 1, pageUrl: page, field: 'email',
      value: 'jeanne.martin@example.net', formId: 'signup', submitted: false,
    },
    {
      type: 'request', time: 1500, tabId: 1, method: 'POST', resourceType: 'xmlhttprequest',
      url: 'https://tracker.github.io/collect', body: 'e=jeanne.martin%40example.net',
    },
  ];
  for (const event of events) engine.ingest({ v, ...event });
  return engine.allFindings().filter((f) => f.kind === 'leakBeforeSubmit');
}

test('with the list given, a private suffix separates two parties', { skip }, async () => {
  const wasm = await freshCore();
  wasm.loadPublicSuffixes(LIST);
  const leaks = leakAcrossGithubPages(wasm);
  assert.equal(leaks.length, 1);
  assert.deepEqual(leaks[0].evidence.destinations, ['tracker.github.io']);
});

test('without the list, a host is its last two labels', { skip }, async () => {
  const wasm = await freshCore();
  assert.deepEqual(leakAcrossGithubPages(wasm), []);
});

test('text that is not a list is refused, and a list once given stays', { skip }, async () => {
  const wasm = await freshCore();
  assert.throws(() => wasm.loadPublicSuffixes(''), { name: 'InvalidArgument' });
  wasm.loadPublicSuffixes(LIST);
  wasm.loadPublicSuffixes('');
  assert.equal(leakAcrossGithubPages(wasm).length, 1);
});
