// The HAR audit page (www/audit, built into dist/audit by ./build.sh) in
// Chromium: served on loopback, a recorded fixture HAR set through the file
// input, the findings shown by site in English, then in French after the
// language switch, exported as JSON; a clean capture shows none, a
// truncated one an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AUDIT_DIR, startAuditServer } from '../../www/audit/serve.mjs';
import { ROOT } from './harness.mjs';

const har = (name) => join(ROOT, 'tests/har', name);
let server;
let browser;

before(async () => {
  if (!existsSync(join(AUDIT_DIR, 'index.html'))) throw new Error('dist/audit is missing: run ./build.sh first');
  server = await startAuditServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(lang) {
  const page = await browser.newPage({ acceptDownloads: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}?lang=${lang}`);
  await page.getByTestId('har-input').waitFor({ state: 'attached' });
  return { page, errors };
}

test('a recorded harvest shows its findings in English, then in French, and exports them', async () => {
  const { page, errors } = await openPage('en');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByTestId('har-input').setInputFiles(har('harvest-pattern-b.har'));
  const cards = page.getByTestId('finding');
  await cards.first().waitFor({ timeout: 30000 });
  const kinds = await cards.evaluateAll((list) => list.map((c) => `${c.dataset.kind}/${c.dataset.severity}`));
  assert.deepEqual(new Set(kinds), new Set(['contactExfiltration/high', 'harvestNotInView/high', 'harvestBurst/high', 'injectedUi/info']));
  assert.equal(await page.getByTestId('site').getAttribute('data-site'), 'www.linkedin.com');
  const harvest = page.locator('[data-testid="finding"][data-kind="harvestNotInView"]');
  assert.match(
    await harvest.getByTestId('sentence').textContent(),
    /^An extension or script on this page fetched the contact details of 9 profiles you did not open and sent them to api\.collector\.test$/,
  );
  assert.match(await harvest.textContent(), /High risk/);
  assert.match(await harvest.getByTestId('finding-evidence').textContent(), /9 lookups/);
  assert.match(await page.getByTestId('status').textContent(), /harvest-pattern-b\.har: .*4 findings/);
  assert.equal(await page.getByTestId('progress').isHidden(), true, 'the progress bar goes once done');

  await page.getByTestId('lang').selectOption('fr');
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  const sentence = await harvest.getByTestId('sentence').textContent();
  assert.match(sentence, /9 profils/);
  assert.match(sentence, /api\.collector\.test/);
  assert.doesNotMatch(sentence, /profiles you did not open/);
  assert.match(await harvest.textContent(), /Risque élevé|Élevé|élevé/i);
  const text = await page.getByTestId('results').textContent();
  assert.doesNotMatch(text, /\$\d|\$[A-Z_]+\$|undefined|NaN/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.lang, 'fr');
  assert.equal(exported.file, 'harvest-pattern-b.har');
  assert.equal(exported.sites[0].site, 'www.linkedin.com');
  assert.equal(exported.sites[0].findings.length, 4);
  assert.equal(exported.sentences.length, 4);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a clean capture shows no finding, a truncated one an error', async () => {
  const { page, errors } = await openPage('fr');
  await page.getByTestId('har-input').setInputFiles(har('clean-browse.har'));
  await page.getByTestId('no-findings').waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('finding').count(), 0);
  assert.match(await page.getByTestId('no-findings').textContent(), /Aucun constat/);

  const cut = readFileSync(har('contact-lookup-technique-1.har')).subarray(0, 20000);
  await page.getByTestId('har-input').setInputFiles({ name: 'cut.har', mimeType: 'application/json', buffer: cut });
  await page.getByTestId('error').waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('error').textContent(), /^Truncated: /);
  assert.equal(await page.getByTestId('finding').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('own values entered in the page go to its engine, or the page says this core cannot watch them', async () => {
  const { page, errors } = await openPage('en');
  await page.getByTestId('watch-email').fill('alice.martin@nordlys-energy.example');
  await page.getByTestId('har-input').setInputFiles(har('chromium-devtools.har'));
  await page.getByTestId('finding').first().waitFor({ timeout: 30000 });
  const refused = page.getByTestId('watch-refused');
  if ((await refused.count()) > 0) {
    // A core without the watchedValues event refuses it by its kind; the
    // capture is still audited.
    assert.match(await refused.textContent(), /MalformedEvent/);
  } else {
    const kinds = await page.getByTestId('finding').evaluateAll((list) => list.map((c) => c.dataset.kind));
    assert.ok(kinds.includes('leakToThirdParty'), `the person's e-mail, sent base64-encoded: ${kinds}`);
  }
  assert.equal(await page.getByTestId('watch-email').inputValue(), 'alice.martin@nordlys-energy.example', 'kept in the page');
  assert.deepEqual(errors, []);
  await page.close();
});
