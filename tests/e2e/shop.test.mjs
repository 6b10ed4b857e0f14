// The boutique fixture (www/shop/) on its own, in Chromium without any
// extension: each third-party tag must really do what it stands for —
// hash and send the e-mail before submit, replay typed values in gzip,
// mask them, identify in gzip JSON, match in a pixel's query, sync an
// unrelated id — as seen by the hosts that receive it, so that Vigie's
// leak tests built on them (leaks.test.mjs) exercise real behaviour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { SHOP_HOST } from '../../www/hosts.mjs';
import { CUSTOMER } from '../../www/shop/site.mjs';
import { eventually } from './harness.mjs';

const EMAIL = 'Jean.Dupont@example.fr';
const PHONE = '06 12 34 56 78';
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

let server;
let browser;
let received;
before(async () => {
  server = await startServer({ port: 0 });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...chromiumHostArgs(server.port)],
  });
  // One visit with every tag on the checkout: type, leave the fields, wait
  // for the batches, then submit.
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`https://${SHOP_HOST}/commande?tags=mesurely,replaywise,clarisight,segmently,adtrace,cartgraph`);
  await page.locator('#email').pressSequentially(EMAIL, { delay: 15 });
  await page.locator('#tel').click();
  await page.locator('#tel').pressSequentially(PHONE, { delay: 15 });
  await page.locator('#prenom').click();
  const replayed = (value) => server.shop.to('in.replaywise.io').some((r) => JSON.parse(gunzipSync(r.raw)).evts.some((e) => e.d.v === value));
  await eventually(
    () =>
      replayed(EMAIL) &&
      replayed(PHONE) &&
      server.shop.to('collect.mesurely.com').some((r) => r.raw.includes('identify')) &&
      server.shop.to('px.adtrace.net').some((r) => r.query['ud[ph]']),
    { what: 'the replay batches, the identify beacon and the pixel with the phone' },
  );
  const beforeSubmit = Date.now();
  await page.click('button[type=submit]');
  await page.locator('.done').waitFor();
  await eventually(() => server.shop.to('api.segmently.com').some((r) => gunzipSync(r.raw).includes('"identify"')), { what: 'the identify call' });
  await eventually(() => server.shop.to('metrics.atelier-lumiere.fr').length, { what: 'the first-party conversion' });
  await page.close();
  assert.deepEqual(errors, []);
  received = { all: [...server.shop.received], beforeSubmit };
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the analytics tag sends the SHA-256 of the e-mail, URL-encoded JSON in data=, before submit', () => {
  const hits = received.all.filter((r) => r.host === 'collect.mesurely.com');
  const form = hits.map((r) => new URLSearchParams(r.raw.toString('utf8')));
  const identify = form.map((f) => JSON.parse(f.get('data'))).flatMap((d) => d.ev).find((e) => e.n === 'identify');
  assert.equal(identify.p.em, sha256(EMAIL.toLowerCase()));
  const sent = hits.find((r) => r.raw.includes('identify'));
  assert.ok(sent.time < received.beforeSubmit);
  assert.match(sent.headers['content-type'], /^application\/x-www-form-urlencoded/);
  assert.ok(!hits.some((r) => r.raw.toString().toLowerCase().includes('dupont')), 'never the e-mail in clear');
});

test('the pixel sends the hashed e-mail and phone in its GET query, before submit', () => {
  const leads = received.all.filter((r) => r.host === 'px.adtrace.net' && r.query.ev === 'Lead');
  assert.ok(leads.length >= 1);
  assert.ok(leads.every((r) => r.method === 'GET' && r.time < received.beforeSubmit));
  assert.equal(leads.at(-1).query['ud[em]'], sha256(EMAIL.toLowerCase()));
  assert.equal(leads.at(-1).query['ud[ph]'], sha256('33612345678'));
});

test('session replay sends the values as typed in gzip batches made in the page', () => {
  const batches = received.all.filter((r) => r.host === 'in.replaywise.io');
  assert.ok(batches.every((r) => r.raw[0] === 0x1f && r.raw[1] === 0x8b && r.query.compression === 'gzip-js'));
  assert.ok(batches.every((r) => !r.raw.includes(Buffer.from('example.fr'))), 'nothing readable without decompressing');
  const events = batches.flatMap((r) => JSON.parse(gunzipSync(r.raw)).evts);
  const typed = events.filter((e) => e.ty === 'in').map((e) => e.d.v);
  assert.ok(typed.includes(EMAIL) && typed.includes(PHONE), JSON.stringify(typed.slice(-3)));
  assert.ok(batches.find((r) => JSON.parse(gunzipSync(r.raw)).evts.some((e) => e.d.v === EMAIL)).time < received.beforeSubmit);
});

test('the masking replay sends zlib batches in NDJSON envelopes with nothing typed in them', () => {
  const posts = received.all.filter((r) => r.host === 'rec.clarisight.net');
  assert.ok(posts.length >= 1);
  const batches = posts.flatMap((r) => r.raw.toString('utf8').trim().split('\n')).map((line) => JSON.parse(inflateSync(Buffer.from(JSON.parse(line).z, 'base64'))));
  const inputs = batches.flat().filter(([kind]) => kind === 'i');
  assert.ok(inputs.length > 5, 'it records the inputs');
  const text = JSON.stringify(batches);
  for (const needle of ['dupont', 'Dupont', 'example', '06 12', '0612', 'Jean']) assert.ok(!text.includes(needle), needle);
  assert.ok(inputs.some(([, , d]) => d.v === '•'.repeat(EMAIL.length)));
});

test('the analytics client identifies the buyer at submit, gzip JSON with Content-Encoding: gzip', () => {
  const posts = received.all.filter((r) => r.host === 'api.segmently.com' && r.method === 'POST');
  assert.ok(posts.every((r) => r.headers['content-encoding'] === 'gzip'));
  const identify = posts.find((r) => gunzipSync(r.raw).includes('"identify"'));
  assert.ok(identify.time >= received.beforeSubmit);
  const call = JSON.parse(gunzipSync(identify.raw)).batch.find((m) => m.type === 'identify');
  assert.equal(call.traits.email, EMAIL);
  assert.equal(call.traits.phone, PHONE);
});

test('the first party gets the order after submit; the identity sync only a random 64-hex id', () => {
  const own = received.all.filter((r) => r.host.endsWith('atelier-lumiere.fr'));
  assert.deepEqual(own.map((r) => `${r.host}${r.path}`).sort(), ['metrics.atelier-lumiere.fr/v1/conversion', `${SHOP_HOST}/api/commande`]);
  assert.ok(own.every((r) => r.time >= received.beforeSubmit && r.raw.includes(EMAIL)));
  const sync = received.all.filter((r) => r.host === 'sync.cartgraph.com');
  const uid = sync.find((r) => r.path === '/sync').query.uid;
  assert.match(uid, /^[0-9a-f]{64}$/);
  assert.equal(JSON.parse(sync.find((r) => r.path === '/v1/visit').raw).device, uid);
  for (const text of [EMAIL, EMAIL.toLowerCase(), '33612345678', '+33612345678']) assert.notEqual(uid, sha256(text));
});

test('on the account page, filled in by the site, the analytics tag sends the hashed e-mail with nothing typed', async () => {
  server.shop.clear();
  const page = await browser.newPage();
  await page.goto(`https://${SHOP_HOST}/compte?tags=mesurely`);
  const identify = await eventually(
    () =>
      server.shop
        .to('collect.mesurely.com')
        .flatMap((r) => JSON.parse(new URLSearchParams(r.raw.toString('utf8')).get('data')).ev)
        .find((e) => e.n === 'identify'),
    { what: 'the identify beacon' },
  );
  await page.close();
  assert.equal(identify.p.em, sha256(CUSTOMER.email));
});
