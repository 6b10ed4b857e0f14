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
import { CONTACT_LINK, ROOT, VIGIE_DIR, eventually, fixtureExtension, removeProfile, vigieWorker } from '../e2e/harness.mjs';

const OUT = join(ROOT, 'tests/har');

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
    const selfId = new URL(worker.url()).host;
    await eventually(
      async () => (await worker.evaluate(() => chrome.management.getAll())).filter((e) => e.id !== selfId && e.enabled).length >= session.fixtures.length,
      { what: 'the fixture extensions to load' },
    );
    const findings = async () => (await vigieWorker(context)).evaluate(() => globalThis.vigie.findings());
    const page = await context.newPage();
    await session.run(page, findings);
    await page.waitForTimeout(1000);
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
  har.log.comment = 'Recorded by tests/har/record.mjs; bodies of extension background loads left out.';
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
