// The profile network in real Chromium, reached under www.linkedin.com, the
// way a person sees it and with no extension: pages render from the API
// under the site's strict CSP, the site's own code sends LinkedIn's client
// headers, and contact details are fetched only when "Contact info" is
// opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { findPerson } from '../../www/linkedin/people.mjs';
import { CONTACT_LINK, SITE } from './harness.mjs';

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

/** A new page that records the Voyager calls it makes and any CSP complaint. */
async function watchedPage() {
  const page = await browser.newPage();
  const calls = [];
  const cspErrors = [];
  page.on('request', (r) => {
    if (r.url().includes('/voyager/api/')) calls.push({ url: decodeURIComponent(r.url()), headers: r.headers() });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  return { page, calls, cspErrors };
}

const queryOf = (call) => new URL(call.url).searchParams.get('queryId')?.split('.')[0];

test('"Contact info" fetches the e-mail and phone only when opened, with the client headers', async () => {
  const { page, calls, cspErrors } = await watchedPage();
  const alice = findPerson('alice-martin');
  await page.goto(`${SITE}/in/alice-martin/`);
  assert.equal(await page.textContent('h1'), 'Alice Martin');
  await page.locator('#browsemap-list a').first().waitFor();

  // Every load: the top card by vanity name and "More profiles for you" by
  // member URN; no contact query.
  assert.deepEqual(calls.map(queryOf).sort(), ['voyagerIdentityDashProfileBrowsemap', 'voyagerIdentityDashProfiles']);
  assert.match(calls.find((c) => queryOf(c) === 'voyagerIdentityDashProfiles').url, /variables=\(vanityName:alice-martin\)/);
  assert.match(calls.find((c) => queryOf(c) === 'voyagerIdentityDashProfileBrowsemap').url, new RegExp(`variables=\\(profileUrn:urn:li:fsd_profile:${alice.memberId}\\)`));
  assert.doesNotMatch(await page.content(), /nordlys-energy|mailto:|tel:/);

  await page.click(CONTACT_LINK);
  const mail = page.locator('#contact-dialog[open] a[href^="mailto:"]');
  await mail.waitFor();
  assert.equal(await mail.textContent(), alice.email);
  // The number is plain text, as on the real site: no tel: link.
  assert.equal((await page.locator('#contact-dialog .ci-phone span').first().textContent()).trim(), alice.phone);
  assert.equal(await page.locator('#contact-dialog a[href^="tel:"]').count(), 0);
  assert.equal(new URL(page.url()).pathname, '/in/alice-martin/overlay/contact-info/');

  const lookup = calls.at(-1);
  assert.match(lookup.url, /variables=\(memberIdentity:alice-martin\)&queryId=voyagerIdentityDashProfiles\.[0-9a-f]{32}$/);
  assert.equal(lookup.url.split('queryId=')[1], server.queryIds()['profile-contact-info-finder']);
  const csrf = (await page.context().cookies(SITE)).find((c) => c.name === 'JSESSIONID');
  assert.equal(csrf.httpOnly, false, 'page scripts can read JSESSIONID');
  assert.equal((await page.context().cookies(SITE)).find((c) => c.name === 'li_at').httpOnly, true);
  for (const call of calls) {
    assert.equal(call.headers['csrf-token'], csrf.value.replace(/^"|"$/g, ''));
    assert.equal(call.headers['x-restli-protocol-version'], '2.0.0');
    assert.equal(call.headers['x-li-lang'], 'en_US');
    assert.equal(call.headers.accept, 'application/vnd.linkedin.normalized+json+2.1');
    assert.equal(JSON.parse(call.headers['x-li-track']).osName, 'web');
    assert.match(call.headers['x-li-page-instance'], /^urn:li:page:d_flagship3_profile_view_base(_contact_details)?;[A-Za-z0-9+/]{22}==$/);
  }
  assert.match(lookup.headers['x-li-page-instance'], /^urn:li:page:d_flagship3_profile_view_base_contact_details;/);

  await page.click('#contact-dialog button.close');
  await page.waitForURL(`${SITE}/in/alice-martin/`);
  assert.deepEqual(cspErrors, []);
  await page.close();
});

test('a member-URN profile URL lands on the vanity URL', async () => {
  const { page } = await watchedPage();
  const bruno = findPerson('bruno-keller');
  await page.goto(`${SITE}/in/${bruno.memberId}/`);
  assert.equal(page.url(), `${SITE}/in/bruno-keller/`);
  assert.equal(await page.textContent('h1'), 'Bruno Keller');
  await page.close();
});

test('the contact dialog opened at its own URL loads on its own; a stranger shares nothing', async () => {
  const { page, calls } = await watchedPage();
  await page.goto(`${SITE}/in/kenji-watanabe/overlay/contact-info/`);
  await page.locator('#contact-dialog[open] .contact-item').first().waitFor();
  // 2nd-degree: the contact-info query answers, without e-mail or phone.
  assert.equal(await page.locator('#contact-dialog a[href^="mailto:"], #contact-dialog .ci-phone').count(), 0);
  assert.match(await page.locator('#contact-body').innerText(), /linkedin\.com\/in\/kenji-watanabe\//);
  assert.ok(calls.some((c) => c.url.includes('variables=(memberIdentity:kenji-watanabe)')));
  await page.close();
});

test('the feed lists posts whose reactors are linked by member URN', async () => {
  const { page, calls } = await watchedPage();
  await page.goto(`${SITE}/feed/`);
  await page.locator('.post').first().waitFor();
  assert.equal(await page.locator('.post').count(), 10);
  assert.deepEqual([...new Set(calls.map(queryOf))], ['voyagerFeedDashMainFeed']);
  assert.match(calls[0].headers['x-li-page-instance'], /^urn:li:page:d_flagship3_feed;/);
  const reactor = await page.locator('.post a.reactor').first().getAttribute('href');
  assert.match(reactor, /^\/in\/ACoAA[\w-]{34}\/$/);
  const author = await page.locator('.post .post-actor a').first().getAttribute('href');
  assert.match(author, /^\/in\/[a-z-]+\/$/);

  // A person following a reactor's link reaches the vanity URL.
  await Promise.all([page.waitForURL(/\/in\/[a-z-]+\/$/), page.locator('.post a.reactor').first().click()]);
  assert.equal(new URL(page.url()).pathname, `/in/${findPerson(reactor.split('/')[2]).slug}/`);

  await page.goto(`${SITE}/feed/`);
  await page.click('#feed-more');
  await page.locator('.post').nth(11).waitFor();
  await page.close();
});

test('My Network lists the connections from the connections endpoint', async () => {
  const { page, calls } = await watchedPage();
  await page.goto(`${SITE}/mynetwork/invite-connect/connections/`);
  await page.locator('#connections-list a').first().waitFor();
  assert.equal(await page.textContent('#connections-count'), '14 connections');
  assert.match(calls[0].url, /\/voyager\/api\/relationships\/dash\/connections\?/);
  await page.close();
});
