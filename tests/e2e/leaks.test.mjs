// Personal data leaving a shop, in Chromium with Vigie: what a person types
// into the boutique's forms (www/shop/) and what they asked Vigie to watch
// (the options page), followed to the third parties that receive it —
// hashed on blur before submit, replayed in gzip, matched in a pixel's
// query, identified in gzip JSON, in a live chat's WebSocket address — and
// the same pages' clean traffic (a
// masking replay, an unrelated 64-hex id, the shop's own posts) left alone.
// What each tag sends is checked on its own in shop.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { startServer } from '../../www/server.mjs';
import { SDK_SITE_HOST, SHOP_HOST } from '../../www/hosts.mjs';
import { CUSTOMER } from '../../www/shop/site.mjs';
import { eventually, findingsOf, launch, popupCards, popupDestinationRows, tabIdOf, waitForFinding } from './harness.mjs';

const LEAK_KINDS = new Set(['leakToThirdParty', 'leakBeforeSubmit']);
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Long enough for a request seen by the browser to be held, given to the
// engine and matched, on a loaded machine.
const SETTLED_MS = 2500;

let server;
let browser;
before(async () => {
  server = await startServer({ port: 0 });
  browser = await launch({ serverPort: server.port });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const leaks = async () => (await findingsOf(browser)).filter((f) => LEAK_KINDS.has(f.kind));
const names = (finding, host) => (finding.evidence?.destinations ?? []).includes(host);
const leakTo = (host, kind = null) => (f) => LEAK_KINDS.has(f.kind) && (!kind || f.kind === kind) && names(f, host);

/** Opens a shop page with exactly `tags`, and returns it. */
async function shopPage(path, tags) {
  const page = await browser.context.newPage();
  await page.goto(`https://${SHOP_HOST}${path}?tags=${tags.join(',')}`);
  return page;
}

/** Types into the checkout's fields, leaving each one (Tab) as a person does. */
async function fillCheckout(page, { email, tel = '', prenom = '', nom = '' }) {
  for (const [selector, value] of [['#email', email], ['#tel', tel], ['#prenom', prenom], ['#nom', nom]]) {
    if (!value) continue;
    await page.locator(selector).click();
    await page.locator(selector).pressSequentially(value, { delay: 20 });
    await page.keyboard.press('Tab');
  }
}

test('a checkout with a masking replay, an identity sync and first-party posts: no leak', async () => {
  server.shop.clear();
  const page = await shopPage('/commande', ['clarisight', 'cartgraph']);
  await fillCheckout(page, { email: 'paul.girard@example.fr', tel: '06 98 76 54 32', prenom: 'Paul', nom: 'Girard' });
  const submittedAt = Date.now();
  await page.click('button[type=submit]');
  await page.locator('.done').waitFor();
  await eventually(() => server.shop.to('metrics.atelier-lumiere.fr').length && server.shop.to('sync.cartgraph.com', '/v1/visit').length, {
    what: 'the first-party conversion and the id sync',
  });
  // The masking replay's batch sent after the submit holds the last inputs.
  await eventually(() => server.shop.to('rec.clarisight.net').some((r) => r.time > submittedAt), { what: 'a replay batch after the submit' });
  await sleep(SETTLED_MS);
  await page.close();
  assert.deepEqual(await leaks(), []);
  // The masking replay does read the fields (to mask them): a claim the
  // page could forge, never corroborated here since nothing typed left.
  for (const f of (await findingsOf(browser)).filter((f) => f.kind === 'fieldSniffing')) {
    assert.equal(f.actor.origin, 'https://cdn.clarisight.net');
    assert.equal(f.confidence, 'possible');
    assert.deepEqual(f.evidence.destinations ?? [], []);
  }
});

test('an account page filled in by the site: no leak until the person watches their own address', async () => {
  server.shop.clear();
  let page = await shopPage('/compte', ['mesurely']);
  await eventually(() => server.shop.to('collect.mesurely.com').some((r) => r.raw.includes('identify')), { what: 'the identify beacon' });
  await sleep(SETTLED_MS);
  await page.close();
  assert.deepEqual(await leaks(), [], 'nothing was typed and nothing is watched: the hash means nothing to Vigie');

  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.fill('#value', CUSTOMER.email.toUpperCase());
  await options.click('#add button[type=submit]');
  await options.locator('[data-testid=watched-entry]').waitFor();
  assert.deepEqual(await options.locator('[data-testid=watched-masked]').allTextContents(), ['c***@example.org']);
  assert.ok(!(await options.content()).includes('claire'), 'never shown in clear');

  server.shop.clear();
  page = await shopPage('/compte', ['mesurely']);
  const finding = await waitForFinding(browser, leakTo('collect.mesurely.com', 'leakToThirdParty'), 'a leak of the watched address');
  await page.close();
  assert.ok(finding.evidence.encodings.includes('sha256'), JSON.stringify(finding.evidence));
  assert.equal(finding.evidence.dataKinds[0], 'email');
  const all = JSON.stringify(await findingsOf(browser));
  assert.ok(!all.includes(CUSTOMER.email), 'the watched value never appears in clear in a finding');
  assert.ok(!all.includes(sha256(CUSTOMER.email)), 'nor its hash');

  // The test box finds it in the form the tag used, in this page.
  await options.fill('#test-url', `https://collect.mesurely.com/v2/e?em=${sha256(CUSTOMER.email)}`);
  await options.click('#test button[type=submit]');
  const match = options.locator('[data-testid=leak-match]').first();
  await match.waitFor();
  assert.equal(await match.getAttribute('data-part'), 'url');
  assert.match(await match.getAttribute('data-encodings'), /sha256/);
  await options.fill('#test-url', '');
  await options.check('#test-base64');
  await options.fill('#test-body', gzipSync(JSON.stringify({ traits: { email: CUSTOMER.email } })).toString('base64'));
  await options.click('#test button[type=submit]');
  await eventually(async () => (await options.locator('[data-testid=leak-match]').first().getAttribute('data-encodings'))?.includes('gzip'), { what: 'a gzip match' });
  await options.fill('#test-body', gzipSync(JSON.stringify({ traits: { email: 'someone.else@example.org' } })).toString('base64'));
  await options.click('#test button[type=submit]');
  await options.locator('[data-testid=leak-test-none]').waitFor();
  await options.close();
});

test('typing an e-mail: the analytics tag’s hash of it, sent on blur, is a leak before submit', async () => {
  const email = 'jean.dupont@example.fr';
  const page = await shopPage('/commande', ['mesurely']);
  await fillCheckout(page, { email });
  const finding = await waitForFinding(browser, leakTo('collect.mesurely.com', 'leakBeforeSubmit'), 'a leak before submit');
  assert.ok(finding.evidence.encodings.includes('sha256'), JSON.stringify(finding.evidence));
  assert.ok(!JSON.stringify(finding).includes(email));
  // The popup of that tab says it.
  const tabId = await tabIdOf(browser, `https://${SHOP_HOST}/commande*`, { active: true });
  const cards = await popupCards(browser, tabId);
  assert.ok(cards.some((c) => c.kind === 'leakBeforeSubmit' && c.text.includes('collect.mesurely.com')), JSON.stringify(cards.map((c) => c.text)));
  await page.close();
});

test('a Blob sent by sendBeacon, XMLHttpRequest or fetch, which Chromium keeps from extensions, is read in the page (inside a Request the page made too): the typed address in it is a leak, said to rest on that read; one inside a copy of a Request is said unread', async () => {
  server.shop.clear();
  const email = 'paul.girard@example.fr';
  const page = await shopPage('/commande', []);
  await fillCheckout(page, { email });
  await page.evaluate((typed) => {
    navigator.sendBeacon('https://b.pulsebeam.io/v1/visit', new Blob([JSON.stringify({ device: 'c41d', email: typed })], { type: 'text/plain' }));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'https://x.pulsebeam.io/v2/upload');
    xhr.send(new Blob([`{"fields":{"email":"${typed}"}}`], { type: 'application/json' }));
    fetch('https://f.pulsebeam.io/v1/t', { method: 'POST', mode: 'no-cors', body: new Blob([JSON.stringify({ traits: { email: typed } })]) });
    // A form with a Blob part, as Datadog's replay sends its segments.
    const form = new FormData();
    form.append('segment', new Blob([JSON.stringify({ records: [{ text: typed }] })]), 'segment');
    form.append('event', new Blob(['{"records_count":1}'], { type: 'application/json' }));
    fetch('https://m.pulsebeam.io/v1/replay', { method: 'POST', mode: 'no-cors', body: form });
    // A Request made by the page (as a fetch wrapper makes one of every call), and one made from it.
    fetch(new Request('https://r.pulsebeam.io/v1/t', { method: 'POST', mode: 'no-cors', body: new Blob([JSON.stringify({ traits: { email: typed } })]) }));
    fetch(new Request(new Request('https://q.pulsebeam.io/v1/t', { method: 'POST', mode: 'no-cors', body: new Blob([JSON.stringify({ traits: { email: typed } })]) })));
    // A copy of a Request (clone): its body is not known to the hooks.
    fetch(new Request('https://c.pulsebeam.io/v1/t', { method: 'POST', mode: 'no-cors', body: new Blob([JSON.stringify({ traits: { email: typed } })]) }).clone());
  }, email);
  for (const host of ['b.pulsebeam.io', 'x.pulsebeam.io', 'f.pulsebeam.io', 'm.pulsebeam.io', 'r.pulsebeam.io', 'q.pulsebeam.io']) {
    const finding = await waitForFinding(browser, leakTo(host, 'leakBeforeSubmit'), `the leak in the Blob sent to ${host}`);
    assert.ok(finding.evidence.notes.includes('bodyReadInPage'), JSON.stringify(finding.evidence));
    assert.equal(finding.confidence, 'likely');
    assert.ok(!JSON.stringify(finding).includes(email));
  }
  await eventually(() => server.shop.to('c.pulsebeam.io', '/v1/t').length > 0, { what: 'the fetch of a copy of a Request with a Blob' });
  await sleep(SETTLED_MS);
  assert.ok(!(await leaks()).some((f) => names(f, 'c.pulsebeam.io')), 'a Blob inside a copy of a Request is not read');
  const tabId = await tabIdOf(browser, `https://${SHOP_HOST}/commande*`, { active: true });
  const row = (await popupDestinationRows(browser, tabId)).find((r) => r.text.includes('c.pulsebeam.io'));
  assert.match(row?.unread ?? '', /could not read all of the body of 1 request/, JSON.stringify(row));
  await page.close();
});

test('the first pages loaded as Vigie starts for the first time, whose commits Chromium does not report to it, are still watched: their leaks are told', async () => {
  // Chromium gives a worker starting for the first time no webNavigation
  // event until its listeners are known; the pages committed meanwhile
  // reach Vigie by their reports and requests alone. A fresh profile each
  // time, its first page opened as soon as Vigie's worker exists.
  for (let round = 0; round < 2; round++) {
    const fresh = await launch({ serverPort: server.port, waitForFixtures: false });
    try {
      const page = await fresh.context.newPage();
      await page.goto(`https://${SHOP_HOST}/commande?tags=mesurely`);
      await fillCheckout(page, { email: 'jean.dupont@example.fr' });
      const finding = await waitForFinding(fresh, leakTo('collect.mesurely.com', 'leakBeforeSubmit'), `a leak before submit on the first page (round ${round + 1})`);
      assert.equal(finding.site, SHOP_HOST);
      const tabId = await tabIdOf(fresh, `https://${SHOP_HOST}/commande*`, { active: true });
      const cards = await popupCards(fresh, tabId);
      assert.ok(cards.some((c) => c.kind === 'leakBeforeSubmit' && c.text.includes('collect.mesurely.com')), JSON.stringify(cards.map((c) => c.text)));
    } finally {
      await fresh.close();
    }
  }
});

test('session replay: the typed values, gzip-compressed in the page, are a leak', async () => {
  const page = await shopPage('/commande', ['replaywise']);
  await fillCheckout(page, { email: 'marie.leroy@example.fr', tel: '07 11 22 33 44' });
  const finding = await waitForFinding(browser, leakTo('in.replaywise.io'), 'a leak to the replay host');
  assert.ok(finding.evidence.encodings.includes('gzip'), JSON.stringify(finding.evidence));
  assert.equal(finding.actor.origin, 'https://script.replaywise.io', 'the sending script is named');
  assert.ok(finding.evidence.samples.some((s) => s.startsWith('m***@example.fr')), JSON.stringify(finding.evidence.samples));
  // The replay script read the fields, and their values then reached its host.
  const sniffing = await waitForFinding(
    browser,
    (f) => f.kind === 'fieldSniffing' && f.actor.origin === 'https://script.replaywise.io' && f.confidence === 'likely',
    'the field reads corroborated by the leak',
  );
  assert.ok(sniffing.evidence.destinations.includes('in.replaywise.io'));
  await page.close();
});

test('session replay compressed with raw deflate, which has no header to be known by: a leak', async () => {
  const page = await shopPage('/commande', ['replaywise-raw']);
  await fillCheckout(page, { email: 'noemie.caron@example.fr', tel: '07 33 44 55 66' });
  await eventually(
    () => server.shop.to('in.replaywise.io').some((r) => r.query.compression === 'deflate-raw' && inflateRawSync(r.raw).includes('noemie.caron@example.fr')),
    { what: 'a raw-deflate batch with the address' },
  );
  const finding = await waitForFinding(browser, (f) => leakTo('in.replaywise.io')(f) && f.evidence.samples.some((s) => s.startsWith('n***@example.fr')), 'a leak of the raw-deflated address');
  assert.ok(finding.evidence.encodings.includes('deflate'), JSON.stringify(finding.evidence));
  await page.close();
});

test('an abandoned-cart beacon, sent as the person leaves for another site, is the shop’s leak, not the next site’s', async () => {
  // Chromium sends it from the shop's document after the next page has
  // committed, under another frame id: it is still the shop's.
  const page = await shopPage('/commande', ['relanceo']);
  await fillCheckout(page, { email: 'ines.garcia@example.fr', tel: '06 22 33 44 55' });
  await page.goto(`https://${SDK_SITE_HOST}/nothing-here`);
  await eventually(() => server.shop.to('t.relanceo.com').some((r) => r.raw.includes('ines.garcia@example.fr')), { what: 'the beacon' });
  const leak = await waitForFinding(browser, leakTo('t.relanceo.com', 'leakBeforeSubmit'), 'the beacon’s leak before submit');
  assert.equal(leak.site, SHOP_HOST);
  assert.ok(leak.evidence.dataKinds.includes('email'), JSON.stringify(leak.evidence));
  await sleep(SETTLED_MS);
  assert.deepEqual((await leaks()).filter((f) => f.site === SDK_SITE_HOST).map((f) => f.key), [], 'nothing filed under the site the person went to');
  await page.close();
});

test('a pixel’s query before submit is a leak before submit', async () => {
  const page = await shopPage('/commande', ['adtrace']);
  await fillCheckout(page, { email: 'luc.moreau@example.fr', tel: '06 55 44 33 22' });
  const pixel = await waitForFinding(browser, leakTo('px.adtrace.net', 'leakBeforeSubmit'), 'the pixel’s leak before submit');
  assert.ok(pixel.evidence.encodings.includes('sha256'), JSON.stringify(pixel.evidence));
  await page.close();
});

test('a pixel’s advanced matching of the first and family names, each hashed on its own, is the name leaving before submit', async () => {
  const page = await shopPage('/commande', ['adtrace']);
  await fillCheckout(page, { email: '', prenom: 'Margaux', nom: 'Lefebvre' });
  await eventually(() => server.shop.to('px.adtrace.net').some((r) => r.query['ud[ln]'] === sha256('lefebvre')), { what: 'the pixel with both names hashed' });
  const named = await waitForFinding(
    browser,
    (f) => leakTo('px.adtrace.net', 'leakBeforeSubmit')(f) && f.evidence.dataKinds.includes('name') && f.subjects.includes('M*** L***'),
    'the hashed name’s leak before submit',
  );
  assert.ok(named.evidence.encodings.includes('sha256'), JSON.stringify(named.evidence));
  assert.ok(!JSON.stringify(await leaks()).includes('Lefebvre'), 'the name appears in no finding');
  await page.close();
});

test('a live chat’s WebSocket: the address in its handshake is a leak before submit; the name sent in a message over it, read in the page, is one too', async () => {
  server.shop.clear();
  const page = await shopPage('/commande', ['tchatbox']);
  await fillCheckout(page, { email: 'jeanne.roux@example.fr', prenom: 'Jeanne', nom: 'Roux' });
  // The widget reopened its socket with the address in the query, then
  // sent the name as a message over it.
  await eventually(() => server.shop.to('ws.tchatbox.io').some((r) => r.method === 'WS' && r.raw.toString('utf8').includes('"family-name":"Roux"')), {
    what: 'the name sent over the WebSocket',
  });
  assert.ok(server.shop.to('ws.tchatbox.io').some((r) => r.method === 'GET' && r.query.email === 'jeanne.roux@example.fr'), 'the address in a handshake');
  const finding = await waitForFinding(browser, (f) => leakTo('ws.tchatbox.io', 'leakBeforeSubmit')(f) && f.evidence.dataKinds.includes('email'), 'the leak in the WebSocket handshake');
  // The handshake is the browser's own record: confirmed.
  assert.equal(finding.confidence, 'confirmed', JSON.stringify(finding));
  // The browser shows extensions no message: the page's hooks read it as
  // the widget sent it, which the finding says.
  const named = await waitForFinding(
    browser,
    (f) => leakTo('ws.tchatbox.io', 'leakBeforeSubmit')(f) && f.evidence.dataKinds.includes('name'),
    'the name sent over the WebSocket',
  );
  assert.ok(named.subjects.includes('J*** R***'), JSON.stringify(named.subjects));
  // (Its confidence is the finding's, which earlier leaks of the page's
  // scripts on this site may have raised: tests/destinations_findings.rs
  // checks that a message read in the page alone is likely.)
  assert.ok(named.evidence.notes.includes('bodyReadInPage'), JSON.stringify(named.evidence));
  const tabId = await tabIdOf(browser, `https://${SHOP_HOST}/commande*`, { active: true });
  const opened = server.shop.to('ws.tchatbox.io').filter((r) => r.method === 'GET').length;
  assert.ok(opened >= 2, `${opened} handshakes`);
  // Socket.IO's connects and the visitor cards, every message but a ping.
  const sent = server.shop.to('ws.tchatbox.io').filter((r) => r.method === 'WS' && r.raw.length >= 4).length;
  const row = await eventually(async () => {
    const found = (await popupDestinationRows(browser, tabId)).find((r) => r.text.includes('ws.tchatbox.io'));
    return found?.sockets?.includes(`Vigie read ${sent} messages`) && found;
  }, { what: 'the messages read, in the popup' });
  assert.equal(row.sockets,
    `${opened} WebSocket connections to its servers were requested. Vigie read ${sent} messages the pages’ scripts sent over them, and looked for your data in them; not seen: what a page’s worker sends, what goes over a connection a page opened before Vigie’s hooks were in place, and what a page sends past its first 1,000 messages or 1 MiB (each message read as far as 64 KiB).`);
  await page.close();
});


test('at submit, a gzip identify (Content-Encoding) of the person’s own address is a leak', async () => {
  // The address watched since the account page above, typed here. A value
  // typed and submitted counts only hashed (a form's own submission carries
  // it as typed), unless it is one the person asked Vigie to watch: then
  // the plain identify counts too.
  const page = await shopPage('/commande', ['segmently']);
  await fillCheckout(page, { email: CUSTOMER.email, prenom: CUSTOMER.firstName, nom: CUSTOMER.lastName });
  await page.click('button[type=submit]');
  await eventually(() => server.shop.to('api.segmently.com').some((r) => r.headers['content-encoding'] === 'gzip' && gunzipSync(r.raw).includes('"identify"')), {
    what: 'the identify call',
  });
  const identify = await waitForFinding(browser, leakTo('api.segmently.com', 'leakToThirdParty'), 'the identify call’s leak');
  assert.ok(identify.evidence.encodings.includes('gzip'), JSON.stringify(identify.evidence));
  await page.close();
  assert.ok(!(await leaks()).some(leakTo('api.segmently.com', 'leakBeforeSubmit')), 'sent at submit, not before');
  // Nothing of all this was ever said about the clean hosts.
  for (const host of ['rec.clarisight.net', 'sync.cartgraph.com', 'metrics.atelier-lumiere.fr', SHOP_HOST]) {
    assert.ok(!(await leaks()).some((f) => names(f, host)), host);
  }
});
