// The demo's last act: the same detectors on a HAR capture, in the audit
// page (dist/audit) served on loopback — a harvest recorded from the fixture
// site is audited in the page, its findings printed in English and French,
// and the page saved to out/demo/audit-page.png.
//
//   node www/audit/demo.mjs [--headed]      (./build.sh demo runs it)
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startAuditServer } from './serve.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const HAR = join(ROOT, 'tests/har/harvest-pattern-b.har');
const outDir = join(ROOT, 'out/demo');
const headed = process.argv.includes('--headed');

const server = await startAuditServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...(headed ? [] : ['--headless=new']), '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  await page.goto(`${server.url}?lang=en`);
  console.log(`\nThe HAR audit page, ${server.url}: ${HAR.slice(ROOT.length + 1)} chosen in the page`);
  await page.getByTestId('har-input').setInputFiles(HAR);
  await page.getByTestId('finding').first().waitFor({ timeout: 60000 });
  for (const lang of ['en', 'fr']) {
    await page.getByTestId('lang').selectOption(lang);
    console.log(`  ${await page.getByTestId('status').textContent()}`);
    for (const card of await page.getByTestId('finding').all()) {
      const severity = await card.getAttribute('data-severity');
      console.log(`    [${severity}] ${await card.getByTestId('sentence').textContent()}`);
    }
  }
  await page.getByTestId('lang').selectOption('en');
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, 'audit-page.png'), fullPage: true });
  console.log(`  saved out/demo/audit-page.png; the same from the command line:`);
  console.log(`    cargo run --release --bin vigie-audit -- ${HAR.slice(ROOT.length + 1)}`);
} finally {
  await browser.close();
  await server.close();
}
