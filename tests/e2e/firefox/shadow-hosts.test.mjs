// Extension addresses inside shadow roots, in Firefox (see
// tests/e2e/shadow-hosts.test.mjs for Chromium): Vigie's observer reaches
// closed roots there through `openOrClosedShadowRoot`, and finds the
// elements that can hold one with the same selectors and XPath.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startServer } from '../../../www/server.mjs';
import { SITE, eventually } from '../harness.mjs';
import { FIREFOX, launchFirefox } from './launch.mjs';

const skip = process.env.VIGIE_FIREFOX !== '1'
  ? 'Firefox end to end runs in its own step of ./build.sh test (VIGIE_FIREFOX=1)'
  : !existsSync(FIREFOX) && `${FIREFOX} is not installed`;

// The places the page writes an address in, and the id each writes.
const PLACES = Object.fromEntries(
  [...readFileSync(new URL('../../../www/pages/shadow-hosts.js', import.meta.url), 'utf8').matchAll(/^ {2}(\w+): '([a-p]{32})',$/gm)].map((m) => [m[1], m[2]]),
);

let server;
before(async () => {
  if (!skip) server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

test('Firefox: every shadow root that holds an extension address is searched, large document or small subtree', { skip, timeout: 120000 }, async () => {
  assert.equal(Object.keys(PLACES).length, 8);
  const ff = await launchFirefox({ serverPort: server.port });
  const { marionette } = ff;
  try {
    const url = `${SITE}/__pages/shadow-hosts.html`;
    await marionette.navigate(url);
    await marionette.switchTo(await marionette.newTab());
    await marionette.navigate(ff.vigieUrl('popup/popup.html?tab=-1'));
    const tabId = await marionette.execute('return browser.tabs.query({ url: arguments[0] }).then((tabs) => tabs[0]?.id ?? null)', [url]);
    assert.ok(Number.isInteger(tabId));
    let ids = [];
    await eventually(async () => {
      const findings = await marionette.execute(
        `return browser.runtime.sendMessage({ type: 'vigie:popup-state', tabId: arguments[0] })
           .then((state) => (state.findings ?? []).filter((f) => f.kind === 'injectedUi').map((f) => ({ id: f.actor.id, confidence: f.confidence })))`,
        [tabId],
      );
      ids = findings.map((f) => f.id);
      assert.ok(findings.every((f) => f.confidence === 'possible'), JSON.stringify(findings));
      return Object.values(PLACES).every((id) => ids.includes(id));
    }, { what: 'an injection finding for every place', timeout: 30000, interval: 500 }).catch((error) => {
      error.message += `; not found: ${Object.entries(PLACES).filter(([, id]) => !ids.includes(id)).map(([place]) => place).join(', ')}`;
      throw error;
    });
  } finally {
    await ff.close();
  }
});
