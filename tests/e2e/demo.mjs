// `./build.sh demo`: Chromium with Vigie and the fixture contact-panel
// extension, browsing the demo profile network under www.linkedin.com.
// Prints the findings Vigie raised and writes screenshots of the popup and of
// the profile page to out/demo/. With --headed, opens a real window and waits
// for Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceCounts } from '../../extension/popup/format.js';
import { findingSentence } from '../../extension/popup/sentence.js';
import { startServer } from '../../www/server.mjs';
import { localeT } from '../js/locale.mjs';
import { ROOT, launch, eventually } from './harness.mjs';

// The findings are printed in English as the popup words them.
const t = localeT('en');

const headed = process.argv.includes('--headed');
const outDir = join(ROOT, 'out/demo');
mkdirSync(outDir, { recursive: true });

const server = await startServer({ port: 0 });
const browser = await launch({ serverPort: server.port, fixtures: ['panel-injector'], headed });
let exitCode = 0;
try {
  const page = await browser.context.newPage();
  console.log('Browsing https://www.linkedin.com/feed/ and three profiles…');
  await page.goto('https://www.linkedin.com/feed/');
  for (const slug of ['alice-martin', 'bruno-keller', 'chloe-nguyen']) {
    await page.goto(`https://www.linkedin.com/in/${slug}/`);
    await page.locator('#fcp-panel iframe').waitFor();
  }
  await page.click('#contact-info-link');
  await page.locator('#contact-dialog[open]').waitFor();
  await page.screenshot({ path: join(outDir, 'profile.png') });

  const worker = await browser.worker();
  const findings = await eventually(async () => {
    const list = await worker.evaluate(() => globalThis.vigie.findings());
    return list.some((f) => f.subjects.length >= 3) && list;
  }, { what: 'findings for the three profiles' });

  console.log(`\nVigie raised ${findings.length} finding(s):\n`);
  for (const f of findings) {
    console.log(`  [${f.severity.toUpperCase()}] ${findingSentence(f, t, 'en')}`);
    console.log(`    site: ${f.site}   kind: ${f.kind}   confidence: ${f.confidence}   basis: ${f.basis}`);
    const a = f.actor;
    console.log(`    actor: ${a.name ?? '(unknown)'} ${a.version ?? ''} — ${a.id}${a.installType ? ` (${a.installType})` : ''}`);
    const counts = evidenceCounts(f.evidence.counts, t, 'en').join(', ');
    console.log(`    evidence: ${counts}; profiles: ${f.subjects.join(', ')}`);
    for (const s of f.evidence.samples) console.log(`      · ${s}`);
    console.log('');
  }

  const [tab] = await worker.evaluate(() => chrome.tabs.query({ url: 'https://www.linkedin.com/in/*' }));
  const badge = await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tab.id);
  console.log(`Badge on the LinkedIn tab: "${badge}"`);

  for (const lang of ['en']) {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 320 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tab.id}`);
    await popup.getByTestId('finding').first().waitFor();
    await popup.screenshot({ path: join(outDir, `popup.png`), fullPage: true });
    console.log(`Popup screenshot (${lang}): ${join(outDir, 'popup.png')}`);
    await popup.close();
  }
  console.log(`Profile page screenshot: ${join(outDir, 'profile.png')}`);

  if (headed) {
    console.log('\nThe browser stays open; press Ctrl-C to stop.');
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
} catch (error) {
  console.error('demo failed:', error);
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
