// The fixture extensions on their own, without Vigie: each one must really do
// what it stands for (harvest, intercept, scrape, or nothing at all) against
// the faithful fixture site, as seen by the collector hosts and in the page,
// so that Vigie's tests built on them exercise real behaviour.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { connections, findPerson } from '../../www/linkedin/people.mjs';
import { LINKEDIN_ASSET_HOSTS, LINKEDIN_HOST } from '../../www/hosts.mjs';
import { CONTACT_LINK, SITE, eventually, fixtureExtension, removeProfile } from './harness.mjs';

// The site and its asset hosts (scripts, style sheets, photos): what the
// site's own pages contact.
const SITE_HOSTS = new Set([LINKEDIN_HOST, ...LINKEDIN_ASSET_HOSTS]);

const PROFILE = (slug) => `${SITE}/in/${slug}/`;
const person = findPerson;

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
    removeProfile(profile);
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
    // one search first (with the current query id, read from the bundle),
    // then one contact lookup per other member. The site's own calls carry
    // x-li-track; the harvester's do not.
    const csrf = (await context.cookies(SITE)).find((c) => c.name === 'JSESSIONID').value;
    const own = voyager.filter((r) => !r.headers['x-li-track']);
    assert.match(own[0].url, /\/voyager\/api\/graphql\?.*queryId=voyagerSearchDashClusters\.[0-9a-f]{32}$/);
    assert.equal(own[0].url.split('queryId=')[1], server.queryIds()['search-cluster-collection']);
    const lookups = own.slice(1).map((r) => r.url.match(/\/identity\/profiles\/([^/]+)\/profileContactInfo$/)?.[1]);
    assert.deepEqual(lookups.sort(), [...ids].sort());
    for (const r of own) {
      assert.equal(r.headers['csrf-token'], csrf.replace(/^"|"$/g, ''));
      assert.equal(r.headers['x-restli-protocol-version'], '2.0.0');
    }

    // Once per page load: an in-page navigation (the contact dialog pushes a
    // URL) does not start another harvest.
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await sleep(1500);
    assert.equal(received('/v1/contacts').length, 1);
  });
});

test('Fixture Interceptor forwards contact info only after "Contact info" is clicked', async () => {
  await withFixture('interceptor-c', async (context) => {
    const page = await context.newPage();
    await page.goto(PROFILE('bruno-keller'));
    await page.locator('#browsemap-list a').first().waitFor();
    const replaced = await page.evaluate(() =>
      [window.fetch, Response.prototype.json].map((f) => !Function.prototype.toString.call(f).includes('[native code]')),
    );
    assert.deepEqual(replaced, [true, true], 'fetch and Response.prototype.json are replaced in the main world');

    await sleep(1500);
    assert.equal(server.collector.received.length, 0, 'nothing is forwarded before the person asks');

    await page.click(CONTACT_LINK);
    const mail = page.locator('#contact-dialog[open] a[href^="mailto:"]');
    await mail.waitFor();
    assert.equal(await mail.textContent(), person('bruno-keller').email, 'the site still works');

    const [post] = await eventually(() => received('/v1/intercept').length && received('/v1/intercept'), {
      what: 'the intercepted response at the collector',
    });
    const { url, data } = JSON.parse(post.body);
    assert.match(url, /^https:\/\/www\.linkedin\.com\/voyager\/api\/graphql\?.*variables=\(memberIdentity:bruno-keller\)&queryId=voyagerIdentityDashProfiles\./);
    assert.equal(data.included.find((e) => e.emailAddress).emailAddress.emailAddress, person('bruno-keller').email);
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

    await page.click(CONTACT_LINK);
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
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await sleep(1200);
    assert.equal(received('/v1/leads').length, 1);
    assert.equal(await page.locator('#fs-panel > iframe').count(), 1);
  });
});

test('Fixture Quiet Scraper posts what Contact info rendered and leaves nothing of it on the page', async () => {
  await withFixture('quiet-scraper', async (context) => {
    const page = await context.newPage();
    await page.goto(PROFILE('chloe-nguyen'));
    await sleep(1200);
    assert.equal(server.collector.received.length, 0, 'nothing before the person opens Contact info');

    await page.click(CONTACT_LINK);
    const [post] = await eventually(() => received('/v2/contacts').length && received('/v2/contacts'), {
      what: 'the contact at the CRM',
    });
    const chloe = person('chloe-nguyen');
    assert.deepEqual(JSON.parse(post.body), {
      fullName: `${chloe.firstName} ${chloe.lastName}`,
      email: chloe.email,
      phone: chloe.phone,
      source: 'linkedin',
      ref: 'chloe-nguyen',
    });
    assert.equal(await page.locator('#contact-dialog[open]').count(), 0, 'the dialog is closed');
    assert.equal(await page.locator('#contact-dialog .contact-item').count(), 0, 'and empty');
  });
});

test('Fixture Dark Reader darkens the page and sends nothing', async () => {
  await withFixture('benign-restyler', async (context) => {
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto('https://www.linkedin.com/feed/');
    await page.goto(PROFILE('david-okafor'));
    await page.click(CONTACT_LINK);
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
    const elsewhere = requests.filter((u) => !SITE_HOSTS.has(new URL(u).host));
    assert.deepEqual(elsewhere, [], 'only the site itself was contacted');
    const injected = await page.evaluate(() => document.documentElement.outerHTML.includes('chrome-extension://'));
    assert.equal(injected, false);
  });
});

/** Voyager calls a page made, with their headers (content scripts' included). */
function recordVoyager(page) {
  const calls = [];
  page.on('request', (r) => {
    if (r.url().includes('/voyager/api/')) calls.push({ url: decodeURIComponent(r.url()), headers: r.headers(), at: Date.now() });
  });
  return calls;
}

test('Fixture Overlay Reader fetches the Contact info pages of the profile in view and of those it links to, without a click', async () => {
  await withFixture('overlay-reader', async (context) => {
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (r) => {
      const dialog = new URL(r.url()).pathname.match(/^\/in\/[^/]+\/(overlay|detail)\/contact-info\/$/)?.[1];
      if (dialog) fetched.push({ url: r.url(), type: r.resourceType(), dialog });
    });
    await page.goto(PROFILE('alice-martin'));
    const [post] = await eventually(() => received('/v2/leads').length && received('/v2/leads'), { what: 'the leads at the collector' });
    assert.equal(post.host, 'api.collector.test');
    const { leads } = JSON.parse(post.body);
    assert.equal(leads[0].profile, 'alice-martin');
    assert.ok(leads.length >= 3, `the profile in view and those it links to: ${JSON.stringify(leads)}`);
    // Linked by member id, each answered by a redirect to the vanity address, as on the real site.
    assert.ok(fetched.length >= leads.length, 'a Contact info page fetched per profile');
    assert.ok(fetched.every((f) => f.type === 'fetch'), 'by a script, not loaded as pages');
    // The profile in view at the dialog's address, the others at the older one.
    assert.ok(fetched.some((f) => f.dialog === 'overlay') && fetched.some((f) => f.dialog === 'detail'), JSON.stringify(fetched));
    assert.equal(await page.locator('#contact-dialog[open]').count(), 0, 'the person never opened Contact info');
    assert.equal(new URL(page.url()).pathname, '/in/alice-martin/');
  });
});

test('Fixture Email Finder posts the server-driven Contact info action for the profile in view and those it links to, without a click', async () => {
  await withFixture('rsc-contact-finder', async (context) => {
    const page = await context.newPage();
    const posted = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/flagship-web/rsc-action/actions/navigation') posted.push({ type: r.resourceType(), method: r.method(), body: r.postData() });
    });
    await page.goto(PROFILE('alice-martin'));
    const found = await eventually(
      async () => {
        const kept = await page.evaluate(() => sessionStorage.getItem('fixture-email-finder'));
        return kept && JSON.parse(kept);
      },
      { what: 'the addresses found', timeout: 30000 },
    );
    assert.equal(found[0].profile, 'alice-martin');
    assert.ok(found.length >= 3, JSON.stringify(found));
    // The site answers what the viewer may see: connections' addresses, and
    // none of strangers who keep them to themselves.
    assert.ok(found.some((f) => typeof f.email === 'string' && f.email.includes('@')), JSON.stringify(found));
    assert.ok(posted.length >= found.length && posted.every((p) => p.type === 'fetch' && p.method === 'POST'), JSON.stringify(posted));
    assert.ok(posted.every((p) => typeof JSON.parse(p.body).clientArguments.payload.vanityName === 'string'));
    assert.equal(await page.locator('#contact-dialog[open]').count(), 0, 'the person never opened Contact info');
  });
});

test('Fixture Lead Enricher asks the sales API for the contact details of every lead of a search, none of them open', async () => {
  await withFixture('lead-enricher', async (context) => {
    const page = await context.newPage();
    const asked = [];
    page.on('request', (r) => {
      const url = decodeURIComponent(r.url());
      if (url.includes('/sales-api/salesApiProfiles/')) asked.push({ url, type: r.resourceType() });
    });
    await page.goto(`${SITE}/sales/search/people`);
    const [post] = await eventually(() => received('/v2/leads').length && received('/v2/leads'), { what: 'the leads at the collector' });
    const { leads } = JSON.parse(post.body);
    assert.equal(leads.length, 6, JSON.stringify(leads));
    for (const lead of leads) assert.match(lead.id, /^ACwAA[\w-]{34}$/);
    // Contact details of the leads the viewer may see: those of connections.
    const shown = leads.filter((l) => l.email);
    assert.ok(shown.length >= 2, JSON.stringify(leads));
    for (const lead of shown) assert.equal(lead.email, findPerson(lead.linkedin.split('/in/')[1]).email);
    assert.equal(asked.length, 6);
    assert.ok(asked.every((a) => a.type === 'fetch' && a.url.includes('contactInfo')), JSON.stringify(asked));
    assert.equal(new URL(page.url()).pathname, '/sales/search/people', 'no lead was opened');
  });
});

test('Fixture Contact Lookup syncs the contact details of the profile in view, without a click', async () => {
  await withFixture('graphql-lookup', async (context) => {
    const page = await context.newPage();
    const calls = recordVoyager(page);
    await page.goto(PROFILE('alice-martin'));
    const [post] = await eventually(() => received('/v1/contacts').length && received('/v1/contacts'), {
      what: 'the contact at the CRM',
    });
    const alice = person('alice-martin');
    assert.equal(post.host, 'api.crm-sync.example');
    assert.deepEqual(JSON.parse(post.body), {
      name: 'Alice Martin',
      email: alice.email,
      phone: alice.phone,
      profileUrl: PROFILE('alice-martin'),
    });
    assert.equal(await page.locator('#contact-dialog[open]').count(), 0, 'the person never opened Contact info');
    assert.equal(new URL(page.url()).pathname, '/in/alice-martin/');

    // The contact query of this deployment, read from the bundle; the
    // csrf-token from the cookie; none of the site's tracking headers.
    const lookups = calls.filter((c) => c.url.includes('memberIdentity:'));
    assert.equal(lookups.length, 1);
    assert.equal(lookups[0].url.split('queryId=')[1], server.queryIds()['profile-contact-info-finder']);
    assert.match(lookups[0].url, /variables=\(memberIdentity:alice-martin\)/);
    const csrf = (await context.cookies(SITE)).find((c) => c.name === 'JSESSIONID').value.replace(/^"|"$/g, '');
    assert.equal(lookups[0].headers['csrf-token'], csrf);
    assert.equal(lookups[0].headers['x-li-track'], undefined);

    // Every profile load: a second profile is synced too.
    await page.goto(PROFILE('bruno-keller'));
    await eventually(() => received('/v1/contacts').length === 2, { what: 'the second profile at the CRM' });
    assert.equal(JSON.parse(received('/v1/contacts')[1].body).email, person('bruno-keller').email);
  });
});

const CRAWLER_ID = 'gldckcclmccefjldifomfjnnphlobnin'; // from the fixture's manifest key

test('Fixture Network Export looks up every connection about 250 ms apart and keeps them locally', async () => {
  await withFixture('connections-crawler', async (context) => {
    const page = await context.newPage();
    const calls = recordVoyager(page);
    await page.goto(`${SITE}/feed/`);
    const expected = connections();
    const lookups = await eventually(
      () => {
        const found = calls.filter((c) => c.url.endsWith('/profileContactInfo'));
        return found.length === expected.length && found;
      },
      { what: 'a lookup per connection', timeout: 20000 },
    );
    const listings = calls.filter((c) => c.url.includes('/relationships/dash/connections'));
    assert.equal(listings.length, 2, 'two pages of connections');
    assert.ok(listings.at(-1).at < lookups[0].at, 'the list first');
    const ids = lookups.map((c) => c.url.match(/\/identity\/profiles\/([^/]+)\/profileContactInfo$/)[1]);
    assert.deepEqual([...ids].sort(), expected.map((p) => p.memberId).sort(), 'by member id');
    const gaps = lookups.slice(1).map((c, i) => c.at - lookups[i].at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    // Spaced by its 250 ms pause; the upper bound is loose, as each step also
    // waits for a fetch and storage on a machine that may be busy.
    assert.ok(mean > 200 && mean < 1500, `spaced by its 250 ms pause, not sent at once (mean ${mean.toFixed(0)} ms)`);

    // Kept in chrome.storage.local, shown on its export page; nothing sent.
    const exportPage = await context.newPage();
    await exportPage.goto(`chrome-extension://${CRAWLER_ID}/export.html`);
    await exportPage.waitForFunction((n) => document.getElementById('count').textContent === `${n} connections`, expected.length);
    const emails = await exportPage.locator('#contacts td:nth-child(2)').allTextContents();
    assert.deepEqual(emails.sort(), expected.map((p) => p.email).sort());
    assert.equal(server.collector.received.length, 0);

    // Done once: the next page lists the connections again but looks up nobody.
    await page.goto(`${SITE}/feed/`);
    await sleep(2000);
    assert.equal(calls.filter((c) => c.url.endsWith('/profileContactInfo')).length, expected.length);
  });
});

test('Fixture Connections CSV asks the dash profile API for the contact details of every connection, about a second apart, and keeps them', async () => {
  await withFixture('dash-exporter', async (context) => {
    const page = await context.newPage();
    const answers = [];
    page.on('response', async (r) => {
      if (/ProfileContactInfo-\d+/.test(r.url())) answers.push({ url: decodeURIComponent(r.url()), at: Date.now(), body: await r.text().catch(() => '') });
    });
    await page.goto(`${SITE}/mynetwork/invite-connect/connections/`);
    const expected = connections();
    const lookups = await eventually(() => answers.length === expected.length && answers, {
      what: 'a contact lookup per connection',
      timeout: 40000,
    });
    // Both of the API's paths, each member by id, with the contact decoration.
    assert.ok(lookups.some((l) => l.url.includes('/voyager/api/identity/dash/profiles?')));
    assert.ok(lookups.some((l) => l.url.includes('/voyager/api/voyagerIdentityDashProfiles?')));
    const ids = lookups.map((l) => new URL(l.url).searchParams.get('memberIdentity'));
    assert.deepEqual([...ids].sort(), expected.map((p) => p.memberId).sort());
    // The answers carry what the person may see of each: their e-mail.
    for (const p of expected.filter((p) => p.email)) assert.ok(lookups.some((l) => l.body.includes(p.email)), p.slug);
    const gaps = lookups.slice(1).map((l, i) => l.at - lookups[i].at);
    assert.ok(Math.min(...gaps) > 300, `paced (${gaps.join(', ')} ms)`);
    assert.equal(server.collector.received.length, 0, 'nothing uploaded');
  });
});

test('Fixture Batch Export asks the dash profile API for the contact details of its connections five at a time, and keeps them', async () => {
  await withFixture('batch-exporter', async (context) => {
    const page = await context.newPage();
    const answers = [];
    page.on('response', async (r) => {
      if (/[?&]ids=List\(/.test(r.url())) answers.push({ url: r.url(), body: await r.text().catch(() => '') });
    });
    await page.goto(`${SITE}/mynetwork/invite-connect/connections/`);
    const expected = connections();
    const batches = await eventually(() => answers.length === Math.ceil(expected.length / 5) && answers, {
      what: 'a batch per five connections',
      timeout: 40000,
    });
    const asked = batches.flatMap((b) => {
      const ids = new URL(b.url).searchParams.get('ids');
      assert.match(b.url, /ProfileContactInfo-\d+/);
      return ids.slice('List('.length, -1).split(',').map((k) => decodeURIComponent(k).split(':').pop());
    });
    assert.deepEqual([...asked].sort(), expected.map((p) => p.memberId).sort());
    // The answers carry what the person may see of each: their e-mail.
    for (const p of expected.filter((p) => p.email)) assert.ok(batches.some((b) => b.body.includes(p.email)), p.slug);
    assert.equal(server.collector.received.length, 0, 'nothing uploaded');
  });
});

test('Fixture Prospect Finder reads the site\'s own answers, uploads them from its worker and resolves URNs in background tabs', async () => {
  await withFixture('response-interceptor', async (context) => {
    const opened = [];
    context.on('page', (p) => opened.push(p));
    const page = await context.newPage();
    const calls = recordVoyager(page);
    await page.goto(PROFILE('alice-martin'));
    await page.locator('#browsemap-list a').first().waitFor();
    const replaced = await page.evaluate(() =>
      [window.fetch, XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.send].map(
        (f) => !Function.prototype.toString.call(f).includes('[native code]'),
      ),
    );
    assert.deepEqual(replaced, [true, true, true], 'fetch and XMLHttpRequest are replaced in the main world');

    const uploads = () => received('/v2/prospects/bulk').map((r) => JSON.parse(r.body));
    const [first] = await eventually(() => uploads().length && uploads(), { what: 'the first upload' });
    assert.equal(first.query, 'voyagerIdentityDashProfileBrowsemap');
    const browsemap = first.prospects;
    assert.equal(browsemap.length, 5);
    for (const p of browsemap) {
      assert.match(p.urn, /^urn:li:fsd_profile:ACoAA[\w-]{34}$/);
      assert.equal(p.publicIdentifier, null);
      assert.equal(p.name, `${findPerson(p.urn).firstName} ${findPerson(p.urn).lastName}`);
    }

    // Each URN is resolved in a background tab, then uploaded by vanity name.
    const resolved = await eventually(
      () => {
        const list = uploads().filter((u) => u.query === 'resolved').flatMap((u) => u.prospects);
        return list.length === 5 && list;
      },
      { what: 'five profiles resolved', timeout: 30000 },
    );
    for (const p of resolved) {
      assert.equal(p.publicIdentifier, findPerson(p.urn).slug);
      assert.equal(p.profileUrl, PROFILE(p.publicIdentifier));
    }
    const tabs = opened.filter((p) => p !== page);
    assert.equal(tabs.length, 5, 'one background tab per member');
    await eventually(() => tabs.every((t) => t.isClosed()), { what: 'the tabs to close' });
    // It made no API call of its own: every Voyager call carries the site's headers.
    assert.ok(calls.every((c) => c.headers['x-li-track']));
  });
});

test('Fixture Reading Time shows the About section\'s reading time and sends nothing', async () => {
  await withFixture('benign-linkedin-helper', async (context) => {
    const requests = [];
    context.on('request', (r) => requests.push({ url: r.url(), headers: r.headers() }));
    const page = await context.newPage();
    await page.goto(PROFILE('elena-rossi'));
    const line = page.locator('#frt-reading-time');
    await line.waitFor();
    assert.match(await line.textContent(), /^About: \d+ words · 1 min read$/);
    await page.goto(`${SITE}/feed/`);
    await page.locator('.post').first().waitFor();
    await sleep(1000);
    assert.deepEqual(requests.filter((r) => !SITE_HOSTS.has(new URL(r.url).host)), []);
    assert.ok(requests.filter((r) => r.url.includes('/voyager/api/')).every((r) => r.headers['x-li-track']), 'only the site\'s own API calls');
    assert.equal(await page.evaluate(() => document.documentElement.outerHTML.includes('chrome-extension://')), false);
    assert.equal(server.collector.received.length, 0);
  });
});

test('Fixture Link Preview titles a same-site link on hover with the fetch it kept, past the page\'s own wrapper, and sends nothing elsewhere', async () => {
  await withFixture('benign-link-preview', async (context) => {
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto(`${SITE}/feed/`);
    await page.locator('.post').first().waitFor();
    const wrapped = await page.evaluate(async () => {
      // The page wraps fetch after the extension kept it.
      let seen = 0;
      const previous = window.fetch;
      window.fetch = function fetch(input, init) {
        seen += 1;
        return previous.call(this, input, init);
      };
      const link = Object.assign(document.createElement('a'), { href: '/in/alice-martin/', textContent: 'Alice' });
      document.body.append(link);
      link.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      for (let i = 0; i < 50 && !link.dataset.flpPreviewed; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      return { title: link.title, seen };
    });
    assert.match(wrapped.title, /Alice Martin/);
    assert.equal(wrapped.seen, 0, 'the page\'s wrapper saw none of its calls');
    assert.ok(requests.includes(`${SITE}/in/alice-martin/`), 'the linked page asked for');
    assert.deepEqual(requests.filter((url) => !SITE_HOSTS.has(new URL(url).host)), []);
    assert.equal(server.collector.received.length, 0);
  });
});

test('Fixture Profile Queue walks its profiles in one pinned background tab and sends nothing', async () => {
  await withFixture('queue-crawler', async (context) => {
    const pages = [];
    context.on('request', (r) => r.isNavigationRequest() && r.resourceType() === 'document' && pages.push(r.url()));
    const page = await context.newPage();
    await page.goto(`${SITE}/feed/`);
    // A move the browser dropped (while the tab is new) is made again.
    const profiles = () => [...new Set(pages.filter((url) => url.includes('/in/')))];
    await eventually(() => profiles().length >= 4, { what: 'the four profiles', timeout: 15000 });
    assert.deepEqual(profiles(), ['elena-rossi', 'farid-haddad', 'grace-obrien', 'ines-carvalho'].map(PROFILE));
    // One tab besides the person's, pinned and in the background, walked
    // from profile to profile.
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const tabs = await eventually(
      async () => {
        const pinned = await worker.evaluate(() => chrome.tabs.query({ pinned: true }));
        return pinned.length === 1 && pinned[0].url === 'https://www.linkedin.com/in/ines-carvalho/' ? pinned : null;
      },
      { what: 'the pinned tab on the last profile' },
    );
    assert.equal(tabs[0].active, false);
    assert.equal(await page.evaluate(() => document.visibilityState), 'visible', 'the person’s tab stayed in front');
    assert.equal(server.collector.received.length, 0);
  });
});

test('Fixture Notes Button puts its own button with its icon into LinkedIn pages and sends nothing', async () => {
  await withFixture('benign-notes-button', async (context) => {
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto(PROFILE('alice-martin'));
    const icon = page.locator('#fnb-notes img');
    await icon.waitFor();
    assert.match(await icon.getAttribute('src'), /^chrome-extension:\/\/[a-p]{32}\/icon\.png$/);
    assert.ok(await icon.evaluate((img) => img.complete && img.naturalWidth === 24), 'the icon loaded');
    await sleep(500);
    assert.deepEqual(requests.filter((url) => !/^https:\/\/www\.linkedin\.com\/|^chrome-extension:/.test(url)), []);
    assert.equal(server.collector.received.length, 0);
  });
});
