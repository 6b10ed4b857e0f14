// Contact harvesting in Firefox (Debian's firefox-esr over Marionette), on
// the faithful LinkedIn-like site, by the same fixture extensions as the
// Chromium technique tests: the contact query on every profile load (whose
// upload to a CRM Firefox does not let a content script send from the
// page); the crawl of every connection; every lead of a Sales Navigator
// search asked for with its contact details. And a person browsing
// profiles, opening Contact info on one, who must get nothing.
//
// What differs from Chromium, and is asserted here as Firefox shows it:
// `management.getAll()` reports host permissions, so the extension with
// access is named among those who could; main-world stacks cannot name an
// extension in Firefox, and the isolated-world requests of these fixtures
// never pass through the page's hooks in either browser.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer } from '../../../www/server.mjs';
import { connections } from '../../../www/linkedin/people.mjs';
import { CONTACT_LINK, SITE, eventually } from '../harness.mjs';
import { FIREFOX, launchFirefox } from './launch.mjs';
import { diagnosis, openPopup, popupOf } from './popup.mjs';

const skip = process.env.VIGIE_FIREFOX !== '1'
  ? 'Firefox end to end runs in its own step of ./build.sh test (VIGIE_FIREFOX=1)'
  : !existsSync(FIREFOX) && `${FIREFOX} is not installed`;

let server;
before(async () => {
  if (!skip) server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

/**
 * The popup's cards for the tab showing `pattern`, read again (a fresh popup
 * each time) until `until(cards, shown)` holds; the tab that was current stays so.
 */
async function cardsUntil(ff, pattern, until, what) {
  const { marionette } = ff;
  const home = await marionette.windowHandle();
  let last = [];
  try {
    return await eventually(async () => {
      const shown = await popupOf(ff, pattern, home);
      last = shown.cards;
      return until(shown.cards, shown) && shown;
    }, { what: `${what} (last seen: ${JSON.stringify(last.map((c) => c.kind))})`, timeout: 40000, interval: 500 });
  } catch (error) {
    error.message += `\npopup cards: ${JSON.stringify(last, null, 1).slice(0, 3000)}`;
    error.message += `\nVigie's background: ${(await diagnosis(ff, home)).slice(0, 4000)}`;
    throw error;
  }
}

test('Firefox: the contact query on every profile load, without a click, is named; the upload Firefox refuses to send is not claimed', { skip, timeout: 180000 }, async () => {
  server.collector.clear();
  const ff = await launchFirefox({ serverPort: server.port, fixtures: ['graphql-lookup'] });
  try {
    await ff.marionette.navigate(`${SITE}/in/alice-martin/`);
    const shown = await cardsUntil(
      ff,
      `${SITE}/in/*`,
      // The badge is set just after the finding is made: read until it has been.
      (cards, { badge }) => cards.some((c) => c.kind === 'contactWithoutGesture') && badge === String(cards.filter((c) => c.severity !== 'info').length),
      'the unasked lookup in the popup, counted on the badge',
    );
    const silent = shown.cards.find((c) => c.kind === 'contactWithoutGesture');
    assert.equal(silent.severity, 'warning');
    assert.match(silent.text, /alice-martin/);
    assert.match(silent.text, /without you opening “Contact info”/);
    assert.match(silent.text, /Fixture Contact Lookup/, 'the extension with access to the site is named');

    // In Firefox the fixture's content script cannot make its cross-site
    // upload from this page (the site's policy allows connections to its own
    // host only, as LinkedIn's does): the request never leaves, and Vigie
    // must not say that it did. A real scraper uploads from its background
    // there, which no extension can see (README, "What Vigie can and cannot see").
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(server.collector.received.length, 0, 'Firefox sent no upload');
    const after = await openPopup(ff, `${SITE}/in/*`);
    assert.deepEqual(after.cards.filter((c) => c.kind === 'contactExfiltration'), [], 'no leak claimed for a request that never left');
  } finally {
    await ff.close();
  }
});

test('Firefox: every connection looked up, 250 ms apart, is a harvest blamed on the crawler, and nothing is said to have left', { skip, timeout: 180000 }, async () => {
  server.collector.clear();
  const ff = await launchFirefox({ serverPort: server.port, fixtures: ['connections-crawler'] });
  try {
    await ff.marionette.navigate(`${SITE}/feed/`);
    const everyone = connections().length;
    const shown = await cardsUntil(
      ff,
      `${SITE}/feed/*`,
      (cards) => cards.some((c) => c.kind === 'harvestNotInView' && c.text.includes(`${everyone} profiles`)),
      `the harvest of all ${everyone} connections`,
    );
    const harvest = shown.cards.find((c) => c.kind === 'harvestNotInView');
    assert.equal(harvest.severity, 'high');
    assert.match(harvest.text, /Fixture Network Export/);
    assert.ok(!shown.cards.some((c) => c.kind === 'contactExfiltration'), 'nothing left the browser, and no leak is claimed');
    assert.equal(server.collector.received.length, 0);
  } finally {
    await ff.close();
  }
});

test('Firefox: every lead of a Sales Navigator search asked for with its contact details is a harvest blamed on the enricher, written at lead addresses', { skip, timeout: 180000 }, async () => {
  server.collector.clear();
  const ff = await launchFirefox({ serverPort: server.port, fixtures: ['lead-enricher'] });
  try {
    await ff.marionette.navigate(`${SITE}/sales/search/people`);
    const shown = await cardsUntil(
      ff,
      `${SITE}/sales/*`,
      (cards) => cards.some((c) => c.kind === 'harvestNotInView' && c.text.includes('6 profiles')),
      'the six leads asked for, none open',
    );
    const harvest = shown.cards.find((c) => c.kind === 'harvestNotInView');
    assert.equal(harvest.severity, 'high');
    assert.match(harvest.text, /Fixture Lead Enricher/);
    assert.match(harvest.text, /linkedin\.com\/sales\/lead\/ACwAA/);
  } finally {
    await ff.close();
  }
});

test('Firefox: a person browsing profiles, typing addresses and clicking, opening Contact info on one, gets nothing', { skip, timeout: 180000 }, async () => {
  const ff = await launchFirefox({ serverPort: server.port, fixtures: ['benign-linkedin-helper'] });
  const { marionette } = ff;
  try {
    const people = connections().slice(0, 4);
    for (const [i, person] of people.entries()) {
      await marionette.navigate(`${SITE}/in/${person.slug}/`);
      if (i === 1) {
        // The top card, link included, is drawn by the site's script after its API answers.
        await eventually(() => marionette.execute(`return !!document.querySelector(${JSON.stringify(CONTACT_LINK)})`), {
          what: 'the Contact info link',
        });
        await marionette.click(CONTACT_LINK);
        await eventually(() => marionette.execute('return !!document.querySelector("#contact-dialog[open] a[href^=\\"mailto:\\"]")'), {
          what: 'the contact dialog',
        });
      }
    }
    // What the last page made is judged once held requests are let go.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const shown = await openPopup(ff, `${SITE}/in/*`, { until: (s) => s.cards.length > 0 || s.empty || s.error });
    assert.equal(shown.error, null);
    assert.deepEqual(shown.cards.map((c) => `${c.kind}: ${c.text}`), [], 'no finding for a person browsing');
    assert.equal(shown.badge, '');
  } finally {
    await ff.close();
  }
});
