// Personal data kept in clear: after a session in which contact details
// pass through Vigie (a profile's own, shown in its contact dialog; those a
// harvester fetches and uploads; values typed into a sign-up form whose
// analytics tag sends them away), ALL of Vigie's persistent storage — its
// IndexedDB databases, storage.local and storage.sync — is dumped and
// searched for every canary value, in every encoding a leak detector
// matches. Values needed only for matching live in memory and
// storage.session (dropped when the browser closes), never there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer } from '../../www/server.mjs';
import { allPeople, findPerson, fullName } from '../../www/linkedin/people.mjs';
import { CONTACT_LINK, SITE, eventually, findingsOf, launch } from './harness.mjs';

const TYPED = { name: 'Zoé Canarybird', email: 'zoe.canarybird@example.net', phone: '+33 6 98 76 54 32' };

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

/** The forms a value can take in storage or on the wire. */
function encodings(value) {
  const forms = new Map();
  const add = (name, text) => {
    if (text && text.length >= 6) forms.set(`${name}`, text);
  };
  const variants = new Set([value, value.toLowerCase(), value.replace(/[\s.()-]/g, '')]);
  for (const v of variants) {
    const tag = v === value ? '' : v === value.toLowerCase() ? ' lowercased' : ' compact';
    add(`plain${tag}`, v);
    add(`url-encoded${tag}`, encodeURIComponent(v));
    add(`form-encoded${tag}`, new URLSearchParams({ x: v }).toString().slice(2));
    add(`base64${tag}`, Buffer.from(v).toString('base64').replace(/=+$/, ''));
    add(`base64url${tag}`, Buffer.from(v).toString('base64url'));
    add(`hex${tag}`, Buffer.from(v).toString('hex'));
    for (const hash of ['md5', 'sha1', 'sha256']) add(`${hash}${tag}`, createHash(hash).update(v).digest('hex'));
  }
  return forms;
}

/** Everything Vigie keeps on disk, as text: its IndexedDB databases, storage.local and storage.sync. */
async function dumpStorage(worker) {
  return worker.evaluate(async () => {
    const encode = (value) =>
      JSON.stringify(value, (key, v) => {
        if (v instanceof ArrayBuffer) v = new Uint8Array(v);
        if (ArrayBuffer.isView(v)) return { bytes: btoa(String.fromCharCode(...new Uint8Array(v.buffer, v.byteOffset, v.byteLength))) };
        if (v instanceof Map) return [...v];
        if (v instanceof Set) return [...v];
        return v;
      });
    const out = { indexedDB: {}, local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null) };
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      out.indexedDB[name] = {};
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readonly');
        const [keys, values] = await Promise.all(
          ['getAllKeys', 'getAll'].map(
            (method) =>
              new Promise((resolve, reject) => {
                const r = tx.objectStore(store)[method]();
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              }),
          ),
        );
        out.indexedDB[name][store] = keys.map((k, i) => [k, values[i]]);
      }
      db.close();
    }
    return { text: encode(out), stores: Object.fromEntries(Object.entries(out.indexedDB).map(([n, s]) => [n, Object.keys(s)])) };
  });
}

test('no canary value is kept in Vigie’s persistent storage, in any encoding', async () => {
  const browser = await launch({ serverPort: server.port, fixtures: ['harvester-b'] });
  try {
    // A profile whose contact dialog the person opens, while a harvester
    // fetches other members' details and uploads them.
    const page = await browser.context.newPage();
    await page.goto(`${SITE}/in/alice-martin/`);
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
    await eventually(() => server.collector.received.length > 0, { what: 'the harvester’s upload', timeout: 20000 });
    await eventually(async () => (await findingsOf(browser)).some((f) => f.kind === 'harvestNotInView'), {
      what: 'the harvest seen',
      timeout: 20000,
    });

    // A sign-up form whose tag sends what is typed before it is submitted.
    const form = await browser.context.newPage();
    await form.goto('https://shop.example.test/__pages/signup.html');
    for (const [field, value] of Object.entries(TYPED)) {
      await form.locator(`#${field}`).pressSequentially(value, { delay: 5 });
      await form.locator(`#${field}`).blur();
    }
    await eventually(() => server.collector.received.filter((r) => r.path === '/v1/identify').length >= 3, {
      what: 'the tag’s three identify calls',
      timeout: 10000,
    });
    await form.locator('button[type=submit]').click();
    await form.waitForLoadState();
    await form.waitForTimeout(1500);

    // What the log keeps, then the snapshot of the engine that replaces it.
    const worker = await browser.worker();
    const logged = await dumpStorage(worker);
    await worker.evaluate(() => globalThis.vigie.persist());
    const compacted = await dumpStorage(worker);
    console.log(`# storage dumped: ${logged.text.length} characters, ${compacted.text.length} after compaction; IndexedDB ${JSON.stringify(compacted.stores)}`);

    // The canaries: the profile's own contact details, those of every member
    // whose details the harvester could fetch, and the typed values.
    const canaries = [TYPED.name, TYPED.email, TYPED.phone];
    const alice = findPerson('alice-martin');
    canaries.push(fullName(alice), alice.email, alice.phone);
    for (const p of allPeople()) if (p.email) canaries.push(p.email);
    for (const p of allPeople()) if (p.phone) canaries.push(p.phone);
    const hitsIn = (text) => {
      const hits = [];
      for (const value of new Set(canaries)) {
        for (const [form, encoded] of encodings(value)) if (text.includes(encoded)) hits.push(`${value} (${form})`);
      }
      return hits;
    };
    const inLog = hitsIn(logged.text);
    const inSnapshot = hitsIn(compacted.text);
    console.log(`# ${new Set(canaries).size} canary values: ${inLog.length} found with the event log, ${inSnapshot.length} after compaction`);
    for (const hit of [...inLog, ...inSnapshot].slice(0, 40)) console.log(`#   ${hit}`);
    assert.deepEqual(inLog, [], 'canaries in the event log, the held requests or storage.local/sync');
    assert.ok(logged.text.length > 1000, 'Vigie wrote its state');
    // The engine's snapshot keeps addresses without their query: the form
    // sent by GET left the typed values in the tab's URL.
    assert.ok(compacted.text.includes('shop.example.test/__pages/blank.html'), 'the snapshot holds the page the form led to');
    assert.deepEqual(inSnapshot, [], 'canaries in the engine’s snapshot');
  } finally {
    await browser.close();
  }
});
