// The extension audit in Firefox (firefox-esr over Marionette): a temporary
// add-on installed while Vigie runs, with LinkedIn access and cookies, is
// alerted with that capability; installed again with more permissions (an
// upgrade of the same id), the audit follows what Firefox granted; the
// Extensions view lists it.
//
// What differs from Chromium: Firefox reports an add-on's content-script
// sites among its host permissions (with its own moz-extension:// address),
// so the audit is exact — no "access not reported"; add-on ids are not the
// stores' Chrome ids, so no known contact finder is recognised by id.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../www/server.mjs';
import { eventually, fixtureExtension, removeProfile } from '../harness.mjs';
import { FIREFOX, launchFirefox } from './launch.mjs';

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

const FIXTURE_ID = 'login-reader@fixture.test';
const phraseKeys = (arg) => (arg?.phrases ?? []).map((p) => p.key);

test('Firefox: an add-on gaining LinkedIn login access is alerted, its upgrade audited, and listed exactly', { skip, timeout: 110_000 }, async () => {
  const ff = await launchFirefox({ serverPort: server.port });
  const copy = mkdtempSync(join(tmpdir(), 'vigie-login-reader-'));
  cpSync(fixtureExtension('login-reader'), copy, { recursive: true });
  const { marionette } = ff;
  try {
    await marionette.navigate(ff.vigieUrl('popup/popup.html?tab=-1'));
    const report = () =>
      marionette.execute(
        `return browser.runtime.sendMessage({ type: 'vigie:extensions' })
           .then((s) => s.extensions.find((r) => r.audit.id === arguments[0]) ?? null)`,
        [FIXTURE_ID],
      );
    // Vigie's first inventory first: what is installed from now on is news.
    await eventually(() => marionette.execute(`return browser.runtime.sendMessage({ type: 'vigie:extensions' }).then((s) => s.ok)`), { what: 'Vigie to answer' });

    await marionette.installAddon(copy);
    const installed = await eventually(
      async () => (await report())?.findings.find((f) => f.kind === 'extensionRiskRose'),
      { what: 'the alert for the installed add-on', timeout: 20000, interval: 300 },
    );
    assert.equal(installed.severity, 'high');
    assert.equal(installed.site, 'www.linkedin.com');
    assert.ok(phraseKeys(installed.message.args[3]).includes('capability_siteLogin'), JSON.stringify(installed.message));
    const first = await report();
    assert.equal(first.audit.accessReported, true);
    assert.ok(!first.audit.capabilities.some((c) => c.capability === 'accessNotReported'));

    const manifestPath = join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.version = '1.1.0';
    manifest.permissions = ['cookies', 'storage', 'history'];
    manifest.host_permissions = ['<all_urls>'];
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    await marionette.installAddon(copy);
    // Firefox grants the new API permission of an upgrade, but not a new
    // host permission (Manifest V3 host access is the person's to grant):
    // the audit follows what Firefox reports, and alerts only on what was
    // granted.
    const after = await eventually(
      async () => {
        const r = await report();
        return r?.audit.version === '1.1.0' && r;
      },
      { what: 'the upgrade to be audited', timeout: 20000, interval: 300 },
    );
    const caps = after.audit.capabilities.map((c) => c.capability);
    assert.ok(caps.includes('history'), caps.join());
    const rises = after.findings.filter((f) => f.kind === 'extensionRiskRose');
    if (caps.includes('allSitesLogin')) {
      const upgraded = rises.find((f) => f.evidence.samples.length === 2);
      assert.ok(upgraded, 'every site granted: an alert for the upgrade');
      assert.match(upgraded.evidence.samples[1], /1\.0\.0 → 1\.1\.0/);
    } else {
      assert.ok(caps.includes('siteLogin'), caps.join());
      assert.equal(rises.length, 1, 'nothing alerting was granted: no second alert');
    }

    await marionette.navigate(ff.vigieUrl('popup/popup.html?tab=-1&view=extensions'));
    const card = await eventually(
      () =>
        marionette.execute(`
          const card = document.querySelector('[data-testid="extension"][data-id="${FIXTURE_ID}"]');
          return card && { risk: card.dataset.risk, text: card.textContent,
            capabilities: [...card.querySelectorAll('[data-testid="capability"]')].map((c) => c.dataset.capability) };`),
      { what: 'the Extensions view', timeout: 20000, interval: 300 },
    );
    assert.equal(card.risk, 'high');
    assert.ok(card.capabilities.includes('history'), card.capabilities.join());
    assert.doesNotMatch(card.text, /not reported/);
  } finally {
    await ff.close();
    removeProfile(copy);
  }
});
