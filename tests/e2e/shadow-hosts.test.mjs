// Extension addresses inside shadow roots, end to end in Chromium: Vigie's
// observer finds them under every kind of element that can hold a root
// (www/pages/shadow-hosts.js) — a div, a custom element no registry
// defines, a web component of the page's, a root inside a large root —
// open or closed, in a large document read at its first scan and in a small
// subtree added after the load. The page wrote every address, so each is
// a possible injection that says so, never more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/server.mjs';
import { SITE, eventually, findingsOf, launch } from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

test('every shadow root that holds an extension address is searched, large document or small subtree', async () => {
  const browser = await launch({ serverPort: server.port });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/__pages/shadow-hosts.html`);
    const places = await page.evaluate(() => window.shadowPlaces);
    assert.equal(Object.keys(places).length, 8);
    const found = await eventually(
      async () => {
        const ids = new Set(
          (await findingsOf(browser)).filter((f) => f.kind === 'injectedUi' && f.actor.type === 'extension').map((f) => f.actor.id),
        );
        return Object.values(places).every((id) => ids.has(id)) ? ids : null;
      },
      { what: 'an injection finding for every place', timeout: 20000 },
    ).catch(async (error) => {
      const ids = new Set((await findingsOf(browser)).filter((f) => f.kind === 'injectedUi').map((f) => f.actor.id));
      const missed = Object.entries(places).filter(([, id]) => !ids.has(id)).map(([place]) => place);
      throw new Error(`${error.message}; not found: ${missed.join(', ')}`);
    });
    for (const finding of (await findingsOf(browser)).filter((f) => f.kind === 'injectedUi' && found.has(f.actor.id))) {
      // No extension has these ids, and none could load them: the page wrote them.
      assert.equal(finding.actor.name ?? null, null);
      assert.equal(finding.confidence, 'possible', JSON.stringify(finding));
      assert.equal(finding.severity, 'info');
    }
  } finally {
    await browser.close();
  }
});
