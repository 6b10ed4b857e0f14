// Where data goes, in Firefox (Debian's firefox-esr over Marionette): the
// video app of www/destinations/ reports a view, then a person's sign-up
// e-mail hashed, to its analytics host. A test build of Vigie
// (extension/build.mjs --test-server-addresses) reports, for that host, an
// address of the IP table's own China Telecom range in place of the one
// Firefox's webRequest gives (the fixture server, reached through the
// loopback proxy of launch.mjs: no traffic leaves the machine); release
// builds carry no such map. The view alone, received in China, raises
// nothing; the hashed e-mail is sent outside the EU/EEA, named with
// ByteDance Inc and China in the popup, and its GDPR letter opens in
// Firefox with the organization, the date and the data kind, without the
// typed address.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../www/server.mjs';
import { ROOT, eventually } from '../harness.mjs';
import { FIREFOX, launchFirefox } from './launch.mjs';
import { openPopup } from './popup.mjs';

const skip = process.env.VIGIE_FIREFOX !== '1'
  ? 'Firefox end to end runs in its own step of ./build.sh test (VIGIE_FIREFOX=1)'
  : !existsSync(FIREFOX) && `${FIREFOX} is not installed`;

const VIDEO = 'https://www.videoapp.example/';
// China Telecom's range: the registry's country, checked in tests/destinations.rs.
const ADDRESSES = { 'analytics.tiktok.com': '36.110.1.1' };
const TYPED = 'camille.martin@example.org';

let server;
let build;
before(async () => {
  if (skip) return;
  server = await startServer({ port: 0 });
  build = mkdtempSync(join(tmpdir(), 'vigie-firefox-destinations-'));
  writeFileSync(join(build, 'addresses.json'), JSON.stringify(ADDRESSES));
  execFileSync(process.execPath, [
    'extension/build.mjs', '--wasm', 'target/wasm-web', '--data', 'target/destinations',
    '--out', join(build, 'dist'), '--version', '0.0.0', '--test-server-addresses', join(build, 'addresses.json'),
  ], { cwd: ROOT, stdio: 'ignore' });
});
after(async () => {
  await server?.close();
  if (build) rmSync(build, { recursive: true, force: true });
});

/** The popup's destination groups, as text, read from the popup tab that is current. */
const destinations = (marionette) =>
  marionette.execute(`return [...document.querySelectorAll('[data-testid="destination"]')].map((d) => ({
    organization: d.querySelector('[data-testid="destination-organization"]')?.textContent ?? '',
    countries: d.querySelector('[data-testid="destination-countries"]')?.textContent ?? '',
    personal: d.querySelector('[data-testid="destination-personal"]')?.textContent ?? null,
  }))`);

test('Firefox: a hashed sign-up e-mail received in China is sent outside the EU/EEA, named in the popup, with its GDPR letter; the view alone is not', { skip, timeout: 180000 }, async () => {
  const ff = await launchFirefox({ serverPort: server.port, vigieDir: join(build, 'dist', 'firefox') });
  const { marionette } = ff;
  try {
    const today = new Date().toISOString().slice(0, 10);
    const home = await marionette.windowHandle();
    await marionette.navigate(VIDEO);
    await eventually(() => marionette.execute('return document.body.dataset.viewed === "yes"'), { what: 'the view reported' });

    // The view reached ByteDance's host, placed in China: listed, no finding.
    const seen = await eventually(async () => {
      const popup = await openPopup(ff, `${VIDEO}*`, { until: (shown) => shown.cards.length > 0 || shown.empty });
      const rows = await destinations(marionette);
      await marionette.closeTab();
      await marionette.switchTo(home);
      const bytedance = rows.find((r) => r.organization === 'ByteDance Inc');
      return bytedance && /China/.test(bytedance.countries) && { popup, bytedance };
    }, { what: 'ByteDance Inc in China in the destinations view', timeout: 30000, interval: 500 });
    assert.equal(seen.bytedance.personal, null, 'no personal data yet');
    assert.ok(!seen.popup.cards.some((c) => c.kind === 'sentOutsideEea'), JSON.stringify(seen.popup.cards));

    // The person signs up; the SDK sends their e-mail hashed.
    await marionette.click('#email');
    await marionette.type('#email', TYPED);
    await marionette.click('button[type="submit"]');
    await eventually(() => marionette.execute('return document.body.dataset.signedUp === "yes"'), { what: 'the sign-up sent' });

    let last = [];
    const shown = await eventually(async () => {
      const popup = await openPopup(ff, `${VIDEO}*`);
      last = popup.cards;
      const card = popup.cards.find((c) => c.kind === 'sentOutsideEea');
      if (!card) {
        await marionette.closeTab();
        await marionette.switchTo(home);
        return false;
      }
      return { popup, card };
    }, { what: 'sent outside the EU/EEA in the popup', timeout: 40000, interval: 500 }).catch((error) => {
      error.message += `\npopup cards: ${JSON.stringify(last.map((c) => `${c.kind}: ${c.text}`)).slice(0, 3000)}`;
      throw error;
    });
    assert.match(shown.card.text, /ByteDance Inc/);
    assert.match(shown.card.text, /China/);
    assert.match(shown.card.text, /Your rights with ByteDance Inc/, 'the card offers the letter');
    assert.ok(!shown.card.text.includes(TYPED), 'the typed value is not shown');
    const rows = await destinations(marionette);
    assert.match(rows.find((r) => r.organization === 'ByteDance Inc')?.personal ?? '', /e-mail/);

    // The finding's letter, from the key the background gives the popup.
    const key = await marionette.execute(
      `return browser.runtime.sendMessage({ type: 'vigie:popup-state', tabId: arguments[0] })
         .then((state) => state.findings.find((f) => f.kind === 'sentOutsideEea')?.key ?? null)`,
      [shown.popup.tabId],
    );
    assert.equal(typeof key, 'string');
    await marionette.navigate(ff.vigieUrl(`popup/rights.html?site=www.videoapp.example&key=${encodeURIComponent(key)}`));
    const letter = await eventually(
      () => marionette.execute(`return document.getElementById('letter').hidden ? null : document.querySelector('[data-testid="letter-body"]').value`),
      { what: 'the letter', timeout: 15000 },
    );
    assert.match(letter, /To: ByteDance Inc/);
    assert.ok(letter.includes(today), 'the dates');
    assert.match(letter, /e-mail address/);
    assert.match(letter, /analytics\.tiktok\.com/);
    assert.ok(!letter.includes(TYPED), 'the typed e-mail is not in the letter');
  } finally {
    await ff.close();
  }
});
