// Can a page tell, in Firefox, that Vigie is installed? The probes of
// www/pages/probes.js (the Chromium run is tests/e2e/probes.test.mjs) run in
// firefox-esr without any extension, then with Vigie. Each output must be the
// same, and none may hold an extension URL or Vigie's UUID.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { test, before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { startServer } from '../../../www/server.mjs';
import { SITE, eventually } from '../harness.mjs';
import { assertNoProbeTells } from '../probe-compare.mjs';
import { FIREFOX, VIGIE_UUID, launchFirefox } from './launch.mjs';

const skip = process.env.VIGIE_FIREFOX !== '1'
  ? 'Firefox end to end runs in its own step of ./build.sh test (VIGIE_FIREFOX=1)'
  : !existsSync(FIREFOX) && `${FIREFOX} is not installed`;

const PAGE = `${SITE}/__pages/probes.html`;

let server;
before(async () => {
  if (!skip) server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

async function runProbes(vigieDir) {
  const ff = await launchFirefox({ serverPort: server.port, ...(vigieDir === null ? { vigieDir } : {}) });
  try {
    await ff.marionette.navigate(PAGE);
    // Polled from outside: a promise awaited in the page would show as an
    // async frame in the probes' stacks.
    await eventually(() => ff.marionette.execute('return window.__probeResults !== undefined'), {
      what: 'the probes to finish',
      timeout: 60000,
      interval: 250,
    });
    return await ff.marionette.execute('return { results: window.__probeResults, count: window.__probeCount }');
  } finally {
    await ff.close();
  }
}

/** Probes that still tell in Firefox, and why. */
const KNOWN_TELLS = {
  // As in Chromium (tests/e2e/probes.test.mjs): fetch's one reaction, which
  // gives a rejection's error the location of the page's call.
  'fetch: a rejected call’s reaction against a resolved promise': 'the page’s reaction runs a turn after the rejection, behind Vigie’s',
  'fetch: how often then is looked up on its Response': 'the promise the page gets is resolved with the Response by Vigie’s reaction: one more look-up of then',
  'fetch: a rejected call with a throwing URL, against a resolved promise': 'the same reaction',
  // Firefox resolves a window's built-in globals lazily, and the order it
  // lists them in depends on which were looked up, and when: any world-MAIN
  // script run at document start changes it (an empty one too), and
  // Vigie's, which captures built-ins then, in its own way. No name is
  // added or missing.
  'window: own keys': 'the order of the window’s built-ins, not its names, differs once a world-MAIN script ran at document start',
};

test('Firefox: no probe tells a page that Vigie is installed', { skip, timeout: 240000 }, async () => {
  const off = await runProbes(null);
  const on = await runProbes(undefined);
  assertNoProbeTells(off, on, (output) => output.includes('moz-extension://') || output.includes(VIGIE_UUID), KNOWN_TELLS);
});
