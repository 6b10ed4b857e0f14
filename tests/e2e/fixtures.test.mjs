// The fixture extensions on their own, without Vigie: each one must really do
// what it stands for (harvest, intercept, scrape, or nothing at all), as seen
// by the collector host and in the page, so that Vigie's tests built on them
// exercise real behaviour.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { allPeople } from '../../www/linkedin/people.mjs';
import { eventually, fixtureExtension } from './harness.mjs';

const PROFILE = (slug) => `https://www.linkedin.com/in/${slug}/`;
const person = (slug) => allPeople().find((p) => p.slug === slug);

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});
beforeEach(() => server.collector.clear());

/** Runs `body(context)` in Chromium with only the named fixture loaded. */
async function withFixture(name, body) {
  const dir = fixtureExtension(name);
  const profile = mkdtempSync(join(tmpdir(), 'vigie-fixture-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: false,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--disable-extensions-except=${dir}`, `--load-extension=${dir}`,
        ...chromiumHostArgs(server.port),
      ],
      ignoreDefaultArgs: ['--disable-extensions', '--enable-automation'],
    });
    return await body(context);
  } finally {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

const received = (path) => server.collector.received.filter((r) => r.path === path);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('Fixture Harvester posts the contacts of other members, not of the profile in view', async () => {
  await withFixture('harvester-b', async (context) => {
    const page = await context.newPage();
    const voyager = [];
    page.on('request', (r) => {
      if (r.url().includes('/voyager/api/')) voyager.push({ url: r.url(), headers: r.headers() });
    });
    await page.goto(PROFILE('alice-martin'));

    const icon = page.locator('#fh-button > img');
    await icon.waitFor({ state: 'attached' });
    assert.match(await icon.getAttribute('src'), /^chrome-extension:\/\/[a-p]{32}\/icon\.png$/);

    const [post] = await eventually(() => received('/v1/contacts').length && received('/v1/contacts'), {
      what: 'the harvested contacts at the collector',
    });
    assert.equal(post.method, 'POST');
    const sent = JSON.parse(post.body);
    assert.equal(sent.source, 'linkedin');
    assert.equal(sent.viewer, 'alice-martin');
    const ids = sent.contacts.map((c) => c.publicIdentifier);
    assert.ok(!ids.includes('alice-martin'), 'the profile in view is not harvested');
    assert.equal(new Set(ids).size, ids.length);
    const withEmail = sent.contacts.filter((c) => c.email === person(c.publicIdentifier)?.email);
    assert.ok(withEmail.length >= 5, `at least 5 other members with their e-mail (got ${withEmail.length})`);

    // The site API was called from the page, with the session's csrf token:
    // one search first, then one contact lookup per other member.
    const csrf = (await context.cookies('https://www.linkedin.com')).find((c) => c.name === 'JSESSIONID').value;
    assert.match(voyager[0].url, /\/voyager\/api\/graphql\?.*queryId=voyagerSearchDashClusters\./);
    const lookups = voyager.slice(1).map((r) => r.url.match(/\/identity\/profiles\/([^/]+)\/profileContactInfo$/)?.[1]);
    assert.deepEqual(lookups.sort(), [...ids].sort());
    for (const r of voyager) {
      assert.equal(r.headers['csrf-token'], csrf.replace(/^"|"$/g, ''));
      assert.equal(r.headers['x-restli-protocol-version'], '2.0.0');
    }

    // Once per page load: an in-page navigation (the contact dialog pushes a
    // URL) does not start another harvest.
    await page.click('#contact-info-link');
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await sleep(1500);
    assert.equal(received('/v1/contacts').length, 1);
  });
});

test('Fixture Interceptor forwards contact info only after "Contact info" is clicked', async () => {
  await withFixture('interceptor-c', async (context) => {
    const page = await context.newPage();
    await page.goto(PROFILE('bruno-keller'));
    const replaced = await page.evaluate(() =>
      [window.fetch, Response.prototype.json].map((f) => !Function.prototype.toString.call(f).includes('[native code]')),
    );
    assert.deepEqual(replaced, [true, true], 'fetch and Response.prototype.json are replaced in the main world');

    await sleep(1500);
    assert.equal(server.collector.received.length, 0, 'nothing is forwarded before the person asks');

    await page.click('#contact-info-link');
    const mail = page.locator('#contact-dialog[open] a[href^="mailto:"]');
    await mail.waitFor();
    assert.equal(await mail.textContent(), person('bruno-keller').email, 'the site still works');

    const [post] = await eventually(() => received('/v1/intercept').length && received('/v1/intercept'), {
      what: 'the intercepted response at the collector',
    });
    const { url, data } = JSON.parse(post.body);
    assert.equal(url, 'https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/profileContactInfo');
    assert.equal(data.data.emailAddress, person('bruno-keller').email);
    await sleep(500);
    assert.equal(received('/v1/intercept').length, 1, 'one response, forwarded once');
  });
});

test('Fixture Scraper frames its panel and posts the lead once the dialog shows the e-mail', async () => {
  await withFixture('scraper-d', async (context) => {
    const page = await context.newPage();
    await page.goto(PROFILE('chloe-nguyen'));
    const frame = page.locator('#fs-panel > iframe');
    await frame.waitFor({ state: 'attached' });
    assert.match(await frame.getAttribute('src'), /^chrome-extension:\/\/[a-p]{32}\/panel\.html$/);

    await sleep(1200);
    assert.equal(server.collector.received.length, 0, 'no lead before the contact dialog opens');

    await page.click('#contact-info-link');
    const [post] = await eventually(() => received('/v1/leads').length && received('/v1/leads'), {
      what: 'the lead at the collector',
    });
    const chloe = person('chloe-nguyen');
    assert.deepEqual(JSON.parse(post.body), {
      name: `${chloe.firstName} ${chloe.lastName}`,
      email: chloe.email,
      phone: chloe.phone,
      profile: '/in/chloe-nguyen/overlay/contact-info/',
    });

    // Once per profile: opening the dialog again sends nothing more.
    await page.keyboard.press('Escape');
    await page.locator('#contact-dialog[open]').waitFor({ state: 'detached' });
    await page.click('#contact-info-link');
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await sleep(1200);
    assert.equal(received('/v1/leads').length, 1);
    assert.equal(await page.locator('#fs-panel > iframe').count(), 1);
  });
});

test('Fixture Dark Reader darkens the page and sends nothing', async () => {
  await withFixture('benign-restyler', async (context) => {
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto('https://www.linkedin.com/feed/');
    await page.goto(PROFILE('david-okafor'));
    await page.click('#contact-info-link');
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await sleep(1500);

    // Relative luminance of the body's background, with and without the theme.
    const { themed, plain, css } = await page.evaluate(() => {
      const style = document.getElementById('fdr-dark-theme');
      const luminance = () => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      };
      const themed = luminance();
      style.sheet.disabled = true;
      const plain = luminance();
      style.sheet.disabled = false;
      return { themed, plain, css: style.textContent };
    });
    assert.ok(plain > 0.8 && themed < 0.2, `the page is darker (luminance ${plain.toFixed(2)} → ${themed.toFixed(2)})`);
    assert.doesNotMatch(css, /url\(|extension:/);

    assert.equal(server.collector.received.length, 0);
    const elsewhere = requests.filter((u) => new URL(u).host !== 'www.linkedin.com');
    assert.deepEqual(elsewhere, [], 'only the site itself was contacted');
    const injected = await page.evaluate(() => document.documentElement.outerHTML.includes('chrome-extension://'));
    assert.equal(injected, false);
  });
});
