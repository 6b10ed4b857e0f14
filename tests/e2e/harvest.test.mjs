// The Kaspr pattern in real Chromium: fixture extensions that harvest,
// intercept or scrape contact data on the LinkedIn-like site, each named by
// Vigie with the right finding and confidence; and a person browsing with a
// benign extension, who must get no warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from '../../www/server.mjs';
import { CONTACT_LINK, eventually, withBrowser } from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const findingsOf = (worker) => worker.evaluate(() => globalThis.vigie.findings());

async function waitForFinding(browser, predicate, what, { timeout = 15000 } = {}) {
  return eventually(
    async () => {
      const worker = await browser.worker();
      return (await findingsOf(worker)).find(predicate);
    },
    { what, timeout, interval: 200 },
  );
}

test('pattern B: contact lookups of profiles not in view are named and followed to the collector', async () => {
  await withBrowser(server, ['harvester-b'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/in/alice-martin/');
    const harvest = await waitForFinding(
      browser,
      (f) => f.kind === 'harvestNotInView' && (f.evidence.destinations ?? []).includes('api.collector.test'),
      'a harvest finding with its destination',
    );
    assert.equal(harvest.actor.type, 'extension');
    assert.equal(harvest.actor.name, 'Fixture Harvester');
    assert.equal(harvest.confidence, 'likely');
    assert.equal(harvest.severity, 'high');
    assert.ok(harvest.subjects.length >= 5, `profiles: ${harvest.subjects}`);
    assert.ok(!harvest.subjects.includes('alice-martin'), 'the profile in view is not harvesting');
    assert.equal(harvest.message.key, 'findingHarvestNotInViewSent');
    // The harvester calls the API without the headers LinkedIn's client sends.
    assert.equal(harvest.evidence.counts.lookupsWithoutClientHeaders, harvest.evidence.counts.lookups);
    const leak = await waitForFinding(browser, (f) => f.kind === 'contactExfiltration', 'the leak');
    assert.equal(leak.actor.name, 'Fixture Harvester');

    // One notification for this extension on this site, however many findings.
    const worker = await browser.worker();
    const notifications = await worker.evaluate(() => chrome.notifications.getAll());
    assert.equal(Object.keys(notifications).length, 1, JSON.stringify(notifications));

    // From the popup: export the evidence, then disable the extension.
    const tabs = await worker.evaluate(() => chrome.tabs.query({ url: 'https://www.linkedin.com/in/*' }));
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabs[0].id}`);
    const card = popup.locator('[data-testid="finding"][data-kind="harvestNotInView"]');
    await card.waitFor();
    assert.match(await card.textContent(), /Fixture Harvester fetched the contact details of \d+ profiles you did not open/);
    assert.match(await card.textContent(), /api\.collector\.test/);
    // Every count in words, never a placeholder or a count's name; the
    // profiles as addresses on the site the engine's model describes.
    assert.doesNotMatch(await card.textContent(), /\$\d|\$[A-Z]+\$|undefined|NaN|lookupsWithoutClientHeaders|profilesNotInView/);
    assert.match(await card.getByTestId('profiles-list').locator('li').first().textContent(), /^linkedin\.com\/in\/[a-z-]+$/);
    const [download] = await Promise.all([popup.waitForEvent('download'), card.getByTestId('action-export').click()]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(exported.kind, 'harvestNotInView');
    assert.equal(exported.actor.name, 'Fixture Harvester');
    await card.getByTestId('action-disable').click();
    await card.getByTestId('disable-confirm').click();
    const id = harvest.actor.id;
    await eventually(async () => (await worker.evaluate((x) => chrome.management.get(x), id)).enabled === false, {
      what: 'the harvester to be disabled',
    });
  });
});

// The browser does not order world-MAIN scripts of different extensions;
// here the interceptor's runs first, and Vigie's hooks name it by probing the
// replacement they find.
test('pattern C: replaced natives and forwarded responses name the interceptor', async (t) => {
  await withBrowser(server, ['interceptor-c'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/in/bruno-keller/');
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    const replaced = await waitForFinding(browser, (f) => f.kind === 'nativesReplaced', 'replaced natives');
    assert.equal(replaced.actor.name, 'Fixture Interceptor');
    assert.equal(replaced.confidence, 'likely', 'main-world claims are never confirmed');
    // The sentence names what was replaced: ["Fixture Interceptor", "fetch, …"].
    assert.equal(replaced.message.key, 'findingNativesReplaced');
    assert.match(replaced.message.args[1], /fetch/);
    const leak = await waitForFinding(browser, (f) => f.kind === 'contactExfiltration', 'the forwarded contact data');
    assert.equal(leak.actor.name, 'Fixture Interceptor');
    assert.equal(leak.confidence, 'likely');
    assert.deepEqual(leak.evidence.destinations, ['api.collector.test']);
    assert.ok(leak.subjects.includes('bruno-keller'), JSON.stringify(leak.subjects));
    // The forwarded answer names Bruno twice: by vanity name and by member
    // URN (urn:li:fsd_profile:ACoAA…), which his page's hydration blob pairs.
    assert.deepEqual(leak.subjects, ['bruno-keller'], 'one member, whether named by vanity name or member URN');
    assert.ok(leak.evidence.dataKinds.includes('email'));
    const worker = await browser.worker();
    assert.ok(!(await findingsOf(worker)).some((f) => f.kind === 'contactWithoutGesture'), 'the person clicked Contact info');
  });
});

test('pattern D: the scraper panel and the lead it sends are both named', async () => {
  await withBrowser(server, ['scraper-d'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/in/chloe-nguyen/');
    await page.locator('#fs-panel iframe').waitFor();
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    const leak = await waitForFinding(browser, (f) => f.kind === 'contactExfiltration', 'the scraped lead');
    assert.equal(leak.actor.name, 'Fixture Scraper');
    assert.equal(leak.confidence, 'likely');
    assert.deepEqual(leak.subjects, ['chloe-nguyen']);
    assert.ok(leak.evidence.dataKinds.includes('email'));
    const panel = await waitForFinding(browser, (f) => f.kind === 'injectedUi', 'the panel');
    assert.equal(panel.actor.name, 'Fixture Scraper');
    // Its resource is one any page can load: the page could have written it.
    assert.equal(panel.confidence, 'likely');
    assert.ok(panel.evidence.notes.includes('pageCouldHaveWritten'), JSON.stringify(panel.evidence));
  });
});

test('a person clicking through 20 profiles with a benign extension gets no warning', async () => {
  await withBrowser(server, ['benign-restyler'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/in/alice-martin/');
    for (let i = 0; i < 20; i++) {
      if (i % 4 === 0) {
        // Connections show their e-mail there; other members only their profile link.
        await page.click(CONTACT_LINK);
        await page.locator('#contact-dialog[open] .contact-item').first().waitFor();
        await page.click('#contact-dialog button.close');
      }
      // A person reads for a moment, then follows a "More profiles for you"
      // link (a member-URN URL the site redirects to the vanity URL).
      await page.waitForTimeout(1600);
      const tiles = page.locator('#browsemap-list a');
      await tiles.first().waitFor();
      await Promise.all([page.waitForNavigation(), tiles.nth(i % (await tiles.count())).click()]);
    }
    const worker = await browser.worker();
    await page.waitForTimeout(800);
    const findings = await findingsOf(worker);
    const warnings = findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(warnings, [], JSON.stringify(warnings, null, 1));
    const health = await worker.evaluate(() => globalThis.vigie.health());
    assert.equal(health.rejectedEvents, 0);
    assert.deepEqual(server.collector.received, []);
  });
});

test('profiles opened in tabs no person opened are a crawl; tabs a person opens are not', async () => {
  await withBrowser(server, ['tab-crawler'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/feed/');
    // The person opens two profiles in new tabs first (ctrl-click on a post's author).
    for (const slug of ['alice-martin', 'hugo-lefevre']) {
      await page.click(`a[href="/in/${slug}/"]`, { modifiers: ['Control'] });
    }
    const crawl = await waitForFinding(browser, (f) => f.kind === 'bulkCrawl' && f.subjects.length >= 3, 'the crawl');
    assert.equal(crawl.message.key, 'findingBulkCrawlUnrequested');
    assert.deepEqual([...crawl.subjects].sort(), ['bruno-keller', 'chloe-nguyen', 'david-okafor']);
    assert.equal(crawl.actor.type, 'unattributed');
    assert.deepEqual(crawl.actor.candidates.map((c) => c.name), ['Fixture Tab Crawler']);
  });
});

test('a profile queue walked in one pinned background tab is a crawl', async () => {
  await withBrowser(server, ['queue-crawler'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto('https://www.linkedin.com/feed/');
    const crawl = await waitForFinding(browser, (f) => f.kind === 'bulkCrawl' && f.subjects.length >= 4, 'the crawl', { timeout: 30000 });
    assert.equal(crawl.message.key, 'findingBulkCrawlUnrequested');
    assert.deepEqual([...crawl.subjects].sort(), ['elena-rossi', 'farid-haddad', 'grace-obrien', 'ines-carvalho']);
    assert.deepEqual(crawl.actor.candidates.map((c) => c.name), ['Fixture Profile Queue']);
  });
});

test('in a tab a program opened on a profile, the profiles the person then clicks to are not counted as a crawl', async () => {
  await withBrowser(server, [], async (browser) => {
    // Another program (here Vigie's own worker, as a mail client would)
    // opens a profile in a new tab: a page no person asked for.
    const worker = await browser.worker();
    const opened = browser.context.waitForEvent('page');
    await worker.evaluate(() => chrome.tabs.create({ url: 'https://www.linkedin.com/in/alice-martin/' }));
    const page = await opened;
    await page.waitForLoadState();
    // The person takes it over: clicks through to other profiles, each a
    // page load in that tab.
    for (const slug of ['bruno-keller', 'chloe-nguyen']) {
      await page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        link.textContent = 'Next profile';
        link.id = 'next-profile';
        document.body.prepend(link);
      }, `/in/${slug}/`);
      await Promise.all([page.waitForURL(`**/in/${slug}/`), page.click('#next-profile')]);
    }
    // The program opens one more profile: with the first, two pages no
    // person asked for, a crawl; the two the person clicked to are not in it.
    await worker.evaluate(() => chrome.tabs.create({ url: 'https://www.linkedin.com/in/david-okafor/', active: false }));
    const crawl = await waitForFinding(browser, (f) => f.kind === 'bulkCrawl', 'the crawl of the two program-opened pages');
    assert.deepEqual([...crawl.subjects].sort(), ['alice-martin', 'david-okafor']);
  });
});
