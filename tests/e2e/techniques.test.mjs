// The three techniques public scrapers use against LinkedIn, each
// reproduced by a fixture extension on the faithful fixture site (contact
// details only behind "Contact info", query ids only in the bundle,
// csrf-token required), with Vigie loaded: what the engine concludes, whom
// it blames, and what the popup says. And a person browsing as people do,
// with a harmless LinkedIn extension, who must get nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/server.mjs';
import { connections } from '../../www/linkedin/people.mjs';
import { CONTACT_LINK, SITE, blamed, findingsOf, popupCards, tabIdOf, waitForFinding, withBrowser } from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A finding that blames `name` must say who else could have done it only when it does not know. */
function assertBlames(finding, name) {
  assert.equal(blamed(finding), name, `${finding.kind} blames ${JSON.stringify(finding.actor)}`);
  if (finding.actor.type === 'unattributed') assert.ok(finding.actor.candidates.length > 0, 'never an empty candidate list');
}

test('technique 1: the contact query on every profile load, without a click, and the upload to a CRM', async () => {
  await withBrowser(server, ['graphql-lookup'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);

    const silent = await waitForFinding(browser, (f) => f.kind === 'contactWithoutGesture', 'contact details fetched without a click');
    assert.equal(silent.severity, 'warning');
    assert.deepEqual(silent.subjects, ['alice-martin']);
    assert.match(silent.message.key, /^findingContactWithoutGesture/);
    assertBlames(silent, 'Fixture Contact Lookup');

    const leak = await waitForFinding(
      browser,
      (f) => f.kind === 'contactExfiltration' && (f.evidence.destinations ?? []).includes('api.crm-sync.example'),
      'the upload to the CRM',
    );
    assert.equal(leak.severity, 'high');
    assert.ok(JSON.stringify(leak.message.args).includes('api.crm-sync.example'), 'the sentence names the receiving host');
    assert.ok(leak.subjects.includes('alice-martin'), JSON.stringify(leak.subjects));
    assertBlames(leak, 'Fixture Contact Lookup');
    assert.equal(server.collector.received.length, 1, 'the fixture did upload');

    const cards = await popupCards(browser, await tabIdOf(browser, `${SITE}/in/*`));
    const card = cards.find((c) => c.kind === 'contactExfiltration');
    assert.equal(card.severity, 'high');
    assert.match(card.text, /api\.crm-sync\.example/);
    assert.match(card.text, /Fixture Contact Lookup/);
    assert.match(cards.find((c) => c.kind === 'contactWithoutGesture').text, /without you opening “Contact info”/);
  });
});

test('technique 4: the Contact info pages fetched by a script, without a click or an API call, are lookups blamed on the reader', async () => {
  await withBrowser(server, ['overlay-reader'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);

    const silent = await waitForFinding(browser, (f) => f.kind === 'contactWithoutGesture', 'the profile in view read without a click');
    assert.deepEqual(silent.subjects, ['alice-martin']);
    assertBlames(silent, 'Fixture Overlay Reader');
    // The finding grows as the reader goes through the linked pages: waited
    // for until it holds two of them, as technique 7's is.
    const harvest = await waitForFinding(browser, (f) => f.kind === 'harvestNotInView' && f.subjects.length >= 2, 'the profiles it links to, read too');
    assert.ok(!harvest.subjects.includes('alice-martin'), JSON.stringify(harvest.subjects));
    assertBlames(harvest, 'Fixture Overlay Reader');
    const sent = await waitForFinding(
      browser,
      (f) => f.kind === 'contactExfiltration' && (f.evidence.destinations ?? []).includes('api.collector.test'),
      'the profiles read, sent to the collector',
    );
    assertBlames(sent, 'Fixture Overlay Reader');
  });
});

test('technique 7: the server-driven Contact info action posted by a content script, without a click, is a lookup of the member its body names', async () => {
  await withBrowser(server, ['rsc-contact-finder'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);

    const silent = await waitForFinding(browser, (f) => f.kind === 'contactWithoutGesture', 'the profile in view asked for without a click');
    assert.deepEqual(silent.subjects, ['alice-martin']);
    assertBlames(silent, 'Fixture Email Finder');
    const harvest = await waitForFinding(browser, (f) => f.kind === 'harvestNotInView' && f.subjects.length >= 2, 'the profiles it links to, asked for too');
    assert.ok(!harvest.subjects.includes('alice-martin'), JSON.stringify(harvest.subjects));
    assertBlames(harvest, 'Fixture Email Finder');
    // It uploads nothing: no exfiltration is claimed.
    assert.equal((await findingsOf(browser)).filter((f) => f.kind === 'contactExfiltration').length, 0);
  });
});

test('technique 5: every lead of a Sales Navigator search asked for with its contact details is a harvest, a burst and an export blamed on the enricher', async () => {
  await withBrowser(server, ['lead-enricher'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/sales/search/people`);

    const harvest = await waitForFinding(browser, (f) => f.kind === 'harvestNotInView' && f.subjects.length >= 6, 'the leads of the search, none open');
    assert.equal(harvest.severity, 'high');
    for (const subject of harvest.subjects) assert.match(subject, /^ACwAA[\w-]{34}$/, 'leads by their Sales Navigator ids');
    assertBlames(harvest, 'Fixture Lead Enricher');
    const sent = await waitForFinding(
      browser,
      (f) => f.kind === 'contactExfiltration' && (f.evidence.destinations ?? []).includes('api.collector.test'),
      'the export of the leads',
    );
    assertBlames(sent, 'Fixture Lead Enricher');
    assert.ok(harvest.subjects.every((s) => sent.subjects.includes(s)), JSON.stringify(sent.subjects));
    // The export names each lead by its id and by its profile's address: each counted once.
    assert.equal(sent.subjects.length, harvest.subjects.length, JSON.stringify(sent.subjects));
    const burst = await waitForFinding(browser, (f) => f.kind === 'harvestBurst', 'six leads at machine regularity');
    assertBlames(burst, 'Fixture Lead Enricher');

    const cards = await popupCards(browser, await tabIdOf(browser, `${SITE}/sales/*`));
    const card = cards.find((c) => c.kind === 'harvestNotInView');
    assert.match(card.text, /Fixture Lead Enricher/);
    assert.match(card.text, /linkedin\.com\/sales\/lead\/ACwAA/, 'a lead written at its lead address');
  });
});

test('a person opening leads of a Sales Navigator search, whose pages show their contact details unasked, gets nothing', async () => {
  await withBrowser(server, ['benign-linkedin-helper'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/sales/search/people`);
    for (const nth of [0, 3, 1]) {
      await page.locator('.lead-row a').nth(nth).click();
      await page.waitForURL((url) => url.pathname.startsWith('/sales/lead/'));
      await page.locator('#lead-card h1').waitFor();
      await sleep(1500);
      await page.goBack();
      await page.locator('.lead-row a').first().waitFor();
    }
    // Alice Martin is a connection: her lead page showed her e-mail.
    await page.locator('.lead-row a', { hasText: 'Alice Martin' }).click();
    await page.locator('#lead-contact a[href^="mailto:"]').waitFor();
    await sleep(1500);
    const findings = await findingsOf(browser);
    const warnings = findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(warnings, [], JSON.stringify(warnings, null, 1));
  });
});

test('technique 2: every connection looked up, 250 ms apart, is a harvest and a burst blamed on the crawler', async () => {
  await withBrowser(server, ['connections-crawler'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/feed/`);
    const everyone = connections().length;

    const harvest = await waitForFinding(
      browser,
      (f) => f.kind === 'harvestNotInView' && f.subjects.length === everyone,
      'the harvest of every connection',
      { timeout: 30000 },
    );
    assert.equal(harvest.severity, 'high');
    assertBlames(harvest, 'Fixture Network Export');
    const ids = new Set(connections().flatMap((p) => [p.slug, p.memberId.toLowerCase()]));
    for (const subject of harvest.subjects) assert.ok(ids.has(subject.toLowerCase()), `a connection: ${subject}`);
    // The crawler omits the client headers LinkedIn's own code sends.
    assert.equal(harvest.evidence.counts.lookupsWithoutClientHeaders, harvest.evidence.counts.lookups);

    const burst = await waitForFinding(browser, (f) => f.kind === 'harvestBurst', 'the burst');
    assert.equal(burst.severity, 'high');
    assertBlames(burst, 'Fixture Network Export');

    // Nothing left the browser: no leak is claimed.
    const all = await findingsOf(browser);
    assert.deepEqual(all.filter((f) => f.kind === 'contactExfiltration'), []);
    assert.equal(server.collector.received.length, 0);

    const cards = await popupCards(browser, await tabIdOf(browser, `${SITE}/feed/*`));
    const card = cards.find((c) => c.kind === 'harvestNotInView');
    assert.match(card.text, /Fixture Network Export/);
    assert.match(card.text, new RegExp(`${everyone} profiles`));
  });
});

test('technique 6: a connections exporter asking the dash profile API with its ProfileContactInfo decoration, irregularly paced, is a harvest', async () => {
  await withBrowser(server, ['dash-exporter'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/mynetwork/invite-connect/connections/`);
    const everyone = connections().length;
    const harvest = await waitForFinding(
      browser,
      (f) => f.kind === 'harvestNotInView' && f.subjects.length === everyone,
      'the harvest of every connection',
      { timeout: 45000 },
    );
    assert.equal(harvest.severity, 'high');
    assertBlames(harvest, 'Fixture Connections CSV');
    const ids = new Set(connections().map((p) => p.memberId));
    for (const subject of harvest.subjects) assert.ok(ids.has(subject), `a connection, by its member id: ${subject}`);
    // Nothing left the browser: no leak is claimed.
    const all = await findingsOf(browser);
    assert.deepEqual(all.filter((f) => f.kind === 'contactExfiltration'), []);
  });
});

test('technique 8: a connections exporter asking for contact details five at a time (Rest.li batch get) is a harvest of each connection, and a burst', async () => {
  await withBrowser(server, ['batch-exporter'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/mynetwork/invite-connect/connections/`);
    const everyone = connections().length;
    const harvest = await waitForFinding(
      browser,
      (f) => f.kind === 'harvestNotInView' && f.subjects.length === everyone,
      'the harvest of every connection',
      { timeout: 45000 },
    );
    assert.equal(harvest.severity, 'high');
    assertBlames(harvest, 'Fixture Batch Export');
    const ids = new Set(connections().map((p) => p.memberId));
    for (const subject of harvest.subjects) assert.ok(ids.has(subject), `a connection, by its member id: ${subject}`);
    // A request per five connections.
    assert.equal(harvest.evidence.counts.lookups, Math.ceil(everyone / 5));
    const burst = await waitForFinding(browser, (f) => f.kind === 'harvestBurst', 'the burst');
    assertBlames(burst, 'Fixture Batch Export');
    const all = await findingsOf(browser);
    assert.deepEqual(all.filter((f) => f.kind === 'contactExfiltration'), []);
  });
});

test('technique 3: fetch and XMLHttpRequest replaced to read the site\'s answers are reported, fetch named; its background tabs are a crawl', async () => {
  await withBrowser(server, ['response-interceptor'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);

    // Each replacement is its own report. fetch, which the site calls through
    // the replacement, is named; XMLHttpRequest, replaced but not called
    // while the test looks, is found by the main world's periodic check,
    // which cannot tell who replaced it: the finding says who could have.
    const replaced = await waitForFinding(
      browser,
      (f) => f.kind === 'nativesReplaced' && /fetch/.test(f.message.args[1]),
      'fetch replaced',
    );
    assert.equal(replaced.actor.type, 'extension');
    assert.equal(replaced.actor.name, 'Fixture Prospect Finder');
    assert.equal(replaced.confidence, 'likely', 'main-world claims are never confirmed');
    assert.equal(replaced.message.key, 'findingNativesReplaced');
    const xhr = await waitForFinding(
      browser,
      (f) => f.kind === 'nativesReplaced' && f.evidence.samples.some((sample) => sample.startsWith('XMLHttpRequest')),
      'XMLHttpRequest replaced',
    );
    assertBlames(xhr, 'Fixture Prospect Finder');

    // The people it read went out from its service worker (which Vigie
    // cannot see); the tabs it opened to resolve their URNs, Vigie can.
    const resolved = () => server.collector.received.filter((r) => JSON.parse(r.body).query === 'resolved').length;
    await waitForFinding(browser, () => resolved() >= 2, 'two resolved profiles at the CRM', { timeout: 30000 });
    const crawl = await waitForFinding(browser, (f) => f.kind === 'bulkCrawl', 'the crawl in unrequested tabs', { timeout: 30000 });
    assert.equal(crawl.message.key, 'findingBulkCrawlUnrequested');
    assertBlames(crawl, 'Fixture Prospect Finder');

    // It made no API call of its own: no lookup is claimed.
    const all = await findingsOf(browser);
    assert.deepEqual(all.filter((f) => ['harvestNotInView', 'harvestBurst', 'contactWithoutGesture'].includes(f.kind)), []);

    const cards = await popupCards(browser, await tabIdOf(browser, `${SITE}/in/*`, { active: true }));
    assert.ok(
      cards.some((c) => c.kind === 'nativesReplaced' && /Fixture Prospect Finder/.test(c.actor)),
      JSON.stringify(cards.map((c) => [c.kind, c.actor])),
    );
  });
});

test('beside the crawler, a harmless extension with LinkedIn access is never blamed', async (t) => {
  await withBrowser(server, ['connections-crawler', 'benign-linkedin-helper'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/elena-rossi/`);
    await page.locator('#frt-reading-time').waitFor();
    // Every connection but Elena, whose profile is in view.
    const harvest = await waitForFinding(
      browser,
      (f) => f.kind === 'harvestNotInView' && f.subjects.length === connections().length - 1,
      'the harvest of every other connection',
      { timeout: 30000 },
    );
    await waitForFinding(browser, (f) => f.kind === 'harvestBurst', 'the burst');
    for (const f of await findingsOf(browser)) {
      assert.notEqual(f.actor.name, 'Fixture Reading Time', `${f.kind} names the harmless extension`);
      if (f.actor.type === 'unattributed') {
        assert.ok(f.actor.candidates.some((c) => c.name === 'Fixture Network Export'), `${f.kind}: the crawler is a candidate`);
      }
    }
    // Which of the two ran the lookups, the browser does not tell: Chrome
    // reports neither extension's content scripts, and both may act on
    // LinkedIn. Vigie lists both and names neither (checked above); it does
    // not rank one above the other on a guess.
  });
});

test('beside an interceptor, another extension\'s silent lookup and upload are not blamed on the interceptor', async (t) => {
  await withBrowser(server, ['graphql-lookup', 'response-interceptor'], async (browser) => {
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);
    const replaced = await waitForFinding(browser, (f) => f.kind === 'nativesReplaced', 'the replaced natives');
    assert.equal(replaced.actor.name, 'Fixture Prospect Finder', JSON.stringify(replaced));
    const silent = await waitForFinding(browser, (f) => f.kind === 'contactWithoutGesture', 'the lookup without a click');
    const leak = await waitForFinding(browser, (f) => f.kind === 'contactExfiltration', 'the upload to the CRM');
    for (const f of [silent, leak]) {
      if (f.actor.type === 'unattributed') {
        assert.ok(f.actor.candidates.some((c) => c.name === 'Fixture Contact Lookup'), `${f.kind}: the lookup is a candidate`);
      }
    }
    // An extension seen only in the main world is no evidence for requests
    // that carry no call record: they came from an isolated world or a
    // background, and another extension could have made them.
    for (const f of [silent, leak]) assert.notEqual(f.actor.name, 'Fixture Prospect Finder', `${f.kind}: ${JSON.stringify(f.actor)}`);
  });
});

/** Opens "Contact info" the way a person does, reads it, and closes it. */
async function openContactInfo(page) {
  await page.click(CONTACT_LINK);
  await page.locator('#contact-dialog[open] .contact-item').first().waitFor();
  await sleep(800);
  await page.click('#contact-dialog button.close');
  await page.locator('#contact-dialog[open]').waitFor({ state: 'detached' });
  // Closing goes back in history, as LinkedIn's dialog does; a navigation
  // started before that traversal ends would be aborted by it.
  await page.waitForURL((url) => !url.pathname.includes('/overlay/'));
}

/** Clicks a link and waits for the profile it leads to (member-URN links redirect). */
async function follow(page, link) {
  const from = page.url();
  await link.click();
  await page.waitForURL((url) => url.href !== from && /^\/in\/[a-z-]+\/$/.test(url.pathname));
  await page.locator('h1').waitFor();
  return new URL(page.url()).pathname.split('/')[2];
}

test('a person browsing ten profiles, by typing addresses and clicking, opening Contact info on some, gets nothing', async () => {
  await withBrowser(server, ['benign-linkedin-helper'], async (browser) => {
    const page = await browser.context.newPage();
    const visited = [];
    const read = () => sleep(2000); // a person reads for a moment

    await page.goto(`${SITE}/feed/`);
    await read();
    visited.push(await follow(page, page.locator('.post .post-actor a').first())); // a post's author
    await read();
    await openContactInfo(page);
    visited.push(await follow(page, page.locator('#browsemap-list a').nth(1))); // More profiles for you
    await read();
    await page.goto(`${SITE}/in/hugo-lefevre/`); // typed
    visited.push('hugo-lefevre');
    await read();
    await openContactInfo(page);
    await page.goto(`${SITE}/in/jonas-berg/overlay/contact-info/`); // a pasted Contact info address
    visited.push('jonas-berg');
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await read();
    await page.click('#contact-dialog button.close');
    visited.push(await follow(page, page.locator('#browsemap-list a').first()));
    await read();
    await page.goto(`${SITE}/feed/`);
    await page.locator('.post').first().waitFor();
    await read();
    visited.push(await follow(page, page.locator('.post a.reactor').nth(2))); // someone who reacted
    await read();
    await openContactInfo(page);
    await page.goto(`${SITE}/mynetwork/invite-connect/connections/`);
    await read();
    visited.push(await follow(page, page.locator('#connections-list a').nth(10)));
    await read();
    visited.push(await follow(page, page.locator('#browsemap-list a').nth(3)));
    await read();
    await page.goBack();
    await page.locator('h1').waitFor();
    await read();
    await page.goto(`${SITE}/in/oliver-hughes/`); // not a connection: Contact info shows no e-mail
    visited.push('oliver-hughes');
    await read();
    await openContactInfo(page);
    visited.push(await follow(page, page.locator('#browsemap-list a').nth(2)));
    await read();
    assert.equal(new Set(visited).size, 10, `ten profiles: ${visited}`);

    await sleep(1000);
    const findings = await findingsOf(browser);
    const warnings = findings.filter((f) => f.severity !== 'info');
    for (const f of warnings) console.log(`# false alarm: ${f.kind} ${f.severity} ${JSON.stringify({ actor: f.actor, subjects: f.subjects, evidence: f.evidence })}`);
    assert.deepEqual(warnings, [], JSON.stringify(warnings, null, 1));
    assert.ok(!findings.some((f) => f.actor.name === 'Fixture Reading Time'));
    const health = await (await browser.worker()).evaluate(() => globalThis.vigie.health());
    assert.equal(health.rejectedEvents, 0, JSON.stringify(health));
    assert.deepEqual(server.collector.received, []);
    const cards = await popupCards(browser, await tabIdOf(browser, `${SITE}/in/*`));
    assert.deepEqual(cards.filter((c) => c.severity !== 'info'), []);
  });
});
