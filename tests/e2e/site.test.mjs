// The profile network in real Chromium, reached under www.linkedin.com: the
// contact dialog must work under the site's strict CSP, the way a user sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...chromiumHostArgs(server.port),
    ],
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('"Contact info" opens the dialog with the e-mail', async () => {
  const page = await browser.newPage();
  const cspErrors = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });

  await page.goto('https://www.linkedin.com/in/alice-martin/');
  assert.equal(await page.textContent('h1'), 'Alice Martin');
  await page.click('#contact-info-link');

  const mail = page.locator('#contact-dialog[open] a[href^="mailto:"]');
  await mail.waitFor();
  assert.equal(await mail.textContent(), 'alice.martin@nordlys-energy.example');
  assert.equal(new URL(page.url()).pathname, '/in/alice-martin/overlay/contact-info/');

  await page.click('#contact-dialog button.close');
  await page.waitForURL('https://www.linkedin.com/in/alice-martin/');
  assert.deepEqual(cspErrors, []);
  await page.close();
});
