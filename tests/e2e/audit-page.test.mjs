// The HAR audit page (www/audit, built into dist/audit by ./build.sh) in
// Chromium: served on loopback, a recorded fixture HAR set through the file
// input, the findings shown by site in English, then in French after the
// language switch, exported as JSON; a clean capture shows none, a
// truncated one an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

/**
 * A capture of a shop's account page whose analytics tag sends the SHA-256
 * of the signed-in person's e-mail to its own host: nothing in it says the
 * value is personal until the person says it is theirs.
 */
function shopCapture(email) {
  const hash = createHash('sha256').update(email).digest('hex');
  const started = '2026-11-30T10:00:00.000Z';
  const entry = (url, method, type, status, mimeType, postData, at = started) => ({
    pageref: 'page_1',
    startedDateTime: at,
    time: 12,
    _resourceType: type,
    request: { method, url, httpVersion: 'HTTP/2', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...(postData ? { postData } : {}) },
    response: { status, statusText: '', httpVersion: 'HTTP/2', headers: [], cookies: [], content: { size: 0, mimeType }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
  });
  return Buffer.from(JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ id: 'page_1', startedDateTime: started, title: 'Mon compte', pageTimings: {} }],
      entries: [
        entry('https://www.atelier-lumiere.fr/compte', 'GET', 'document', 200, 'text/html; charset=utf-8'),
        entry('https://collect.mesurely.com/v1/batch', 'POST', 'fetch', 204, 'text/plain', {
          mimeType: 'application/x-www-form-urlencoded',
          text: `data=${encodeURIComponent(JSON.stringify([{ e: 'identify', em: hash }]))}`,
        }, '2026-11-30T10:00:01.500Z'),
      ],
    },
  }));
}

test('own values entered in the page go to its engine: the hashed e-mail a tag sent is a leak, and only once it is named', async () => {
  const email = 'camille.durand@example.net';
  const { page, errors } = await openPage('en');
  const capture = { name: 'shop.har', mimeType: 'application/json', buffer: shopCapture(email) };

  // Without the person's value, the hash is an opaque id.
  await page.getByTestId('har-input').setInputFiles(capture);
  await page.getByTestId('no-findings').waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('finding').count(), 0, 'no leak claimed for a value nobody named');

  await page.getByTestId('watch-email').fill(email);
  await page.getByTestId('har-input').setInputFiles({ ...capture, name: 'shop-again.har' });
  await page.getByTestId('finding').first().waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('watch-refused').count(), 0, 'the engine takes the watched values');
  const cards = await page.getByTestId('finding').evaluateAll((list) => list.map((c) => ({ kind: c.dataset.kind, text: c.textContent })));
  const leak = cards.find((c) => c.kind === 'leakToThirdParty');
  assert.ok(leak, `the person's e-mail, sent hashed: ${JSON.stringify(cards)}`);
  assert.match(leak.text, /collect\.mesurely\.com/);
  assert.ok(!leak.text.includes(email), 'the value is shown masked');
  assert.equal(await page.getByTestId('watch-email').inputValue(), email, 'kept in the page');
  assert.equal(await page.getByTestId('watch-invalid').count(), 0);

  // A phone that is not one is said, and the address is still watched,
  // taken as the options page takes it (capitals and spaces do not matter).
  await page.getByTestId('watch-email').fill(`  ${email.toUpperCase()} `);
  await page.getByTestId('watch-phone').fill('12 34');
  await page.getByTestId('har-input').setInputFiles({ ...capture, name: 'shop-third.har' });
  await page.getByTestId('watch-invalid').waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('watch-invalid').textContent(), /not a phone number/);
  assert.equal(await page.locator('[data-testid="finding"][data-kind="leakToThirdParty"]').count(), 1, 'the address, watched');
  assert.deepEqual(errors, []);
  await page.close();
});
