// Can a page tell that Vigie is installed? The probes of www/pages/probes.js
// (property shapes, sources in every realm, names, errors and their stacks,
// traces on objects the page watches, messages it receives; nothing timed)
// run in Chromium without any extension, then with Vigie. Each output must
// be the same, and none may hold an extension URL or Vigie's id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { SITE, launch, removeProfile } from './harness.mjs';
import { assertNoProbeTells } from './probe-compare.mjs';

const PAGE = `${SITE}/__pages/probes.html`;

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

async function runProbes(context) {
  const page = await context.newPage();
  try {
    await page.goto(PAGE);
    // Waited for from outside: a promise the test awaited would show as an
    // async frame in the probes' stacks.
    await page.waitForFunction(() => window.__probeResults !== undefined, null, { timeout: 30000 });
    const results = await page.evaluate(() => window.__probeResults);
    const count = await page.evaluate(() => window.__probeCount);
    return { results, count };
  } finally {
    await page.close();
  }
}

/** The probes in a browser with no extension at all. */
async function withoutVigie() {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=en-US', ...chromiumHostArgs(server.port)],
    ignoreDefaultArgs: ['--enable-automation'],
  });
  try {
    return await runProbes(context);
  } finally {
    await context.close().catch(() => {});
    removeProfile(profile);
  }
}

async function withVigie() {
  const browser = await launch({ serverPort: server.port });
  try {
    const worker = await browser.worker();
    await worker.evaluate(() => {
      globalThis.fieldReads = [];
      chrome.runtime.onMessage.addListener((message) => {
        for (const one of message?.type === 'vigie:batch' ? message.messages : [message]) {
          if (one?.type === 'vigie:main-world' && one.report?.kind === 'fieldRead') globalThis.fieldReads.push(one.report);
        }
        return false;
      });
    });
    const probes = await runProbes(browser.context);
    const fieldReads = await worker.evaluate(() => globalThis.fieldReads);
    return { ...probes, extensionId: browser.extensionId, fieldReads };
  } finally {
    await browser.close();
  }
}

/**
 * Probes that still tell, and why. Page code that a wrapper runs (a URL
 * object's toString, fetch's init getters) runs with the wrapper on the
 * stack, which no wrapper written in JavaScript avoids. While it runs,
 * Vigie's Error.prepareStackTrace takes its frames out of every stack read
 * there (extension/content/main-world/call-stack.js, withPageCode), so the
 * page sees its own frames, as many as without Vigie; but the page can see
 * that stand-in itself, and an Error made there and formatted after the
 * call still holds the frames V8 captured, which a prepareStackTrace the
 * page installs then can ask for their file, the extension URL.
 */
const KNOWN_TELLS = {
  // fetch's one reaction, which takes Vigie's frames out of a rejection's
  // stack (Chromium gives a failed fetch's error the stack of the call, the
  // wrapper in it): handing the page the native's own promise left Vigie's
  // id in every failed fetch's call sites, so the reaction stays.
  'fetch: a rejected call’s reaction against a resolved promise': 'the page’s reaction runs a turn after the rejection, behind Vigie’s',
  'fetch: a rejected call with a throwing URL, against a resolved promise': 'the page’s reaction runs a turn after the rejection, behind Vigie’s',
  'fetch: how often then is looked up on its Response': 'the promise the page gets is resolved with the Response by Vigie’s reaction: one more look-up of then',
  'fetch: call sites of a failed fetch’s error, read after': 'the stack is formatted as the rejection passes Vigie’s reaction, without Vigie’s frames, before the page installs its Error.prepareStackTrace (no extension URL)',
  'Error.prepareStackTrace and stackTraceLimit seen by a URL’s toString': 'Vigie’s stand-in and raised limit are in place while page code runs inside a wrapper (no extension URL)',
  'XMLHttpRequest.open: call sites of an Error made in a URL’s toString, read after the call': 'V8 formats a stack when it is first read: read after the wrapper returned, CallSite.getFileName() of its frames gives the extension URL',
  // The same, formatted by V8 itself: the frames V8 captured, Vigie's among
  // them (by their function names, at "<anonymous>", with no extension URL).
  'XMLHttpRequest.open: an Error made in a URL’s toString, read after the call': 'V8 formats a stack when it is first read: read after the wrapper returned, it lists Vigie’s frames (no extension URL)',
  'Error.captureStackTrace seen by a URL’s toString': 'the same: a stack captured inside the wrapper and read after it returned (no extension URL)',
};

test('no probe tells a page that Vigie is installed', async () => {
  const off = await withoutVigie();
  const on = await withVigie();
  assertNoProbeTells(off, on, (output) => output.includes('chrome-extension://') || output.includes(on.extensionId), KNOWN_TELLS);
  // The probes read the e-mail field's value several times, and a city
  // field's once: one fieldRead report, for the e-mail field, names their
  // script, through the bridge to the background.
  assert.deepEqual(on.fieldReads, [{ kind: 'fieldRead', field: 'email', stack: [`${SITE}/__pages/probes.js`] }]);
  // The probes did reach the hooked functions: without Vigie, misuse
  // throws the browser's own errors.
  assert.match(off.results['XMLHttpRequest.open: called on a plain object'], /Illegal invocation/);
});
