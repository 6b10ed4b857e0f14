// Records the HAR fixtures of tests/har/ from the fixture sites: Chromium
// (Playwright's `recordHar`) with Vigie and a fixture scraper loaded, the
// same session the end-to-end tests drive, and beside each HAR the findings
// the extension itself raised in that session (`<name>.extension.json`), so
// that tests/har.rs can compare the command line's findings with them.
//
//   node tests/har/record.mjs            (after ./build.sh, which builds dist/chrome)
//
// Each session is short: the HARs stay small enough to check in.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { SHOP_HOST } from '../../www/hosts.mjs';
import { CUSTOMER } from '../../www/shop/site.mjs';
import { CONTACT_LINK, ROOT, VIGIE_DIR, eventually, fixtureExtension, removeProfile, vigieWorker } from '../e2e/harness.mjs';

const OUT = join(ROOT, 'tests/har');

/** Whether `findings` hold a leak to `host` of `kind`. */
const leakTo = (findings, host, kind) => findings.some((f) => f.kind === kind && (f.evidence?.destinations ?? []).includes(host));

const SESSIONS = [
  {
    name: 'harvest-pattern-b',
    fixtures: ['harvester-b'],
    async run(page, findings) {
      await page.goto('https://www.linkedin.com/in/alice-martin/');
      await eventually(async () => (await findings()).some((f) => f.kind === 'contactExfiltration'), {
        what: 'the harvest and its upload',
        timeout: 30000,
        interval: 300,
      });
    },
  },
  {
    name: 'contact-lookup-technique-1',
    fixtures: ['graphql-lookup'],
    async run(page, findings) {
      await page.goto('https://www.linkedin.com/in/alice-martin/');
      await eventually(async () => (await findings()).some((f) => f.kind === 'contactExfiltration'), {
        what: 'the lookup and its upload to the CRM',
        timeout: 30000,
        interval: 300,
      });
    },
  },
  {
    // The boutique (www/shop/), the person having named their own address
    // in the options page (a HAR has no record of it: tests/har.rs gives it
    // to the command line with --watch). Their account page, filled in by
    // the site, whose analytics tag sends the address's SHA-256: a leak.
    // Then a checkout, in a tab of its own, where they type the address
    // and submit: the shop's own order and its first-party conversion carry
    // it in clear, an identity sync sends an unrelated 64-hex id: none of it
    // is a leak. No tag there reads what is typed (no hash on blur, no
    // replay), and none sends it compressed (a HAR writes request bodies as
    // text: a gzip body's bytes do not survive it): what the extension
    // finds, the HAR holds.
    name: 'shop-leaks',
    fixtures: [],
    async run(first, findings, { context, extensionId, server }) {
      let page = first;
      server.shop.clear();
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options/options.html`);
      await options.fill('#value', CUSTOMER.email);
      await options.click('#add button[type=submit]');
      await options.locator('[data-testid=watched-entry]').waitFor();
      await options.close();
      await page.goto(`https://${SHOP_HOST}/compte?tags=mesurely,cartgraph`);
      await eventually(async () => leakTo(await findings(), 'collect.mesurely.com', 'leakToThirdParty'), {
        what: 'the account page’s hashed address',
        timeout: 30000,
        interval: 300,
      });
      // A value typed is searched in what its tab sent: the account page's
      // beacon, sent before it was typed, is not the checkout's.
      await page.close();
      page = await context.newPage();
      await page.goto(`https://${SHOP_HOST}/commande?tags=cartgraph`);
      for (const [selector, value] of [['#email', CUSTOMER.email], ['#prenom', CUSTOMER.firstName], ['#nom', CUSTOMER.lastName]]) {
        await page.locator(selector).click();
        await page.locator(selector).pressSequentially(value, { delay: 20 });
        await page.keyboard.press('Tab');
      }
      await page.click('button[type=submit]');
      await page.locator('.done').waitFor();
      await eventually(() => server.shop.to('metrics.atelier-lumiere.fr').length, { what: 'the first-party conversion' });
      await page.waitForTimeout(2500);
      return page;
    },
    /** The options page, where the address was named, is not the shop's session. */
    leaveOut: (url, extensionId) => url.startsWith(`chrome-extension://${extensionId}/options/`),
  },
  {
    name: 'clean-browse',
    fixtures: ['benign-linkedin-helper'],
    async run(page) {
      await page.goto('https://www.linkedin.com/feed/');
      await page.goto('https://www.linkedin.com/in/alice-martin/');
      await page.waitForTimeout(1500);
      // A person asks for the contact details, reads them, and moves on.
      await page.click(CONTACT_LINK);
      await page.locator('#contact-dialog[open] .contact-item').first().waitFor();
      await page.waitForTimeout(1500);
      await page.goto('https://www.linkedin.com/in/bruno-keller/');
      await page.waitForTimeout(2000);
    },
  },
];

async function record(server, session) {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-har-'));
  const harPath = join(OUT, `${session.name}.har`);
  const extensions = [VIGIE_DIR, ...session.fixtures.map(fixtureExtension)].join(',');
  let selfId;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    viewport: { width: 1280, height: 900 },
    recordHar: { path: harPath, content: 'embed' },
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=en-US',
      `--disable-extensions-except=${extensions}`, `--load-extension=${extensions}`,
      ...chromiumHostArgs(server.port),
    ],
    ignoreDefaultArgs: ['--disable-extensions', '--enable-automation'],
  });
  try {
    const worker = await vigieWorker(context);
    selfId = new URL(worker.url()).host;
    await eventually(
      async () => (await worker.evaluate(() => chrome.management.getAll())).filter((e) => e.id !== selfId && e.enabled).length >= session.fixtures.length,
      { what: 'the fixture extensions to load' },
    );
    const findings = async () => (await vigieWorker(context)).evaluate(() => globalThis.vigie.findings());
    const page = await context.newPage();
    const last = (await session.run(page, findings, { context, extensionId: selfId, server })) ?? page;
    await last.waitForTimeout(1000);
    const seen = await findings();
    writeFileSync(join(OUT, `${session.name}.extension.json`), `${JSON.stringify(seen, null, 2)}\n`);
    console.log(`${session.name}: ${seen.length} findings: ${seen.map((f) => `${f.kind}/${f.severity}`).join(', ') || 'none'}`);
  } finally {
    await context.close();
    removeProfile(profile);
  }
  // The bodies of the extensions' own background loads (no page: Vigie's
  // wasm alone is over a megabyte) are left out to keep the fixture small;
  // the entries stay, as a real browser's HAR holds them.
  const har = JSON.parse(readFileSync(harPath, 'utf8'));
  for (const entry of har.log.entries) {
    if (!entry.pageref && entry.request.url.startsWith('chrome-extension://')) delete entry.response.content.text;
  }
  let comment = 'Recorded by tests/har/record.mjs; bodies of extension background loads left out.';
  if (session.leaveOut) {
    // A page of Vigie's own goes with all its entries.
    const gone = new Set(har.log.entries.filter((e) => e.pageref && session.leaveOut(e.request.url, selfId)).map((e) => e.pageref));
    har.log.entries = har.log.entries.filter((e) => !gone.has(e.pageref) && !session.leaveOut(e.request.url, selfId));
    // Playwright records no entry for an extension page's own files: its
    // page is the one left without entries.
    const used = new Set(har.log.entries.map((e) => e.pageref));
    har.log.pages = (har.log.pages ?? []).filter((p) => !gone.has(p.id) && used.has(p.id));
    comment += ' Vigie’s options page, where the person named their address, left out.';
  }
  har.log.comment = comment;
  writeFileSync(harPath, `${JSON.stringify(har, null, 1)}\n`);
  console.log(`${session.name}: ${har.log.entries.length} entries, ${har.log.pages?.length ?? 0} pages`);
}

const only = process.argv.slice(2);
const server = await startServer({ port: 0 });
try {
  for (const session of SESSIONS) {
    if (only.length === 0 || only.includes(session.name)) await record(server, session);
  }
} finally {
  await server.close();
}
