// Vigie in Firefox (Debian's firefox-esr, driven over Marionette): the panel a
// fixture extension injects into a LinkedIn-like profile is named in the
// popup and counted on the badge; the background, an event page here, is
// stopped when idle (a low extensions.background.idle.timeout) or by force,
// and the popup and a tab switch that wake it cold get its restored state;
// a profile tab open before Vigie was installed asks to be reloaded.
//
// Run by ./build.sh test's Firefox step, which sets VIGIE_FIREFOX=1 (the
// main end-to-end run, in Chromium, skips this file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer } from '../../../www/server.mjs';
import { SITE, eventually } from '../harness.mjs';
import { FIREFOX, VIGIE_ID, launchFirefox } from './launch.mjs';
import { backgroundState, inChrome, openPopup, popupOf } from './popup.mjs';

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

test('Firefox: an injected panel is named in the popup and counted on the badge; the event page stopped idle or by force wakes with it', { skip, timeout: 180000 }, async () => {
  const ff = await launchFirefox({ serverPort: server.port, fixtures: ['panel-injector'], idleTimeoutMs: 3000 });
  const { marionette } = ff;
  try {
    const profileTab = await marionette.windowHandle();
    const profile = `${SITE}/in/alice-martin/`;
    await marionette.navigate(profile);
    await eventually(() => marionette.execute('return !!document.querySelector("#fcp-panel iframe")'), { what: 'the panel' });

    // The finding, until the popup shows it (each read reloads the popup).
    let shown;
    await eventually(async () => {
      shown = await popupOf(ff, `${SITE}/in/*`, profileTab);
      // The badge is set just after the finding is made: read until it has been.
      return shown.cards.length > 0 && shown.badge === String(shown.cards.filter((c) => c.severity !== 'info').length);
    }, { what: 'the finding in the popup, counted on the badge', timeout: 30000, interval: 500 });
    assert.equal(shown.cards[0].kind, 'injectedUi');
    assert.match(shown.cards[0].text, /Fixture Contact Panel/);
    assert.match(shown.cards[0].text, /alice-martin/);

    // Idle: Firefox stops the event page after the (lowered) timeout.
    await eventually(async () => (await backgroundState(marionette)) === 'stopped', {
      what: 'the event page to stop when idle',
      timeout: 30000,
      interval: 250,
    });
    const cold = await openPopup(ff, `${SITE}/in/*`);
    assert.equal(cold.error, null, 'no “Vigie is not answering”');
    assert.deepEqual(cold.cards.map((c) => c.kind), shown.cards.map((c) => c.kind));
    assert.equal(cold.badge, shown.badge);
    // The badge, cleared, is set again by a tab switch to a stopped page.
    await marionette.execute('return browser.action.setBadgeText({ tabId: arguments[0], text: "" })', [cold.tabId]);
    await inChrome(marionette, 'return WebExtensionPolicy.getByID(arguments[0]).extension.terminateBackground()', [VIGIE_ID]);
    assert.equal(await backgroundState(marionette), 'stopped');
    const popupTab = await marionette.windowHandle();
    await marionette.switchTo(profileTab);
    await marionette.switchTo(popupTab);
    await marionette.switchTo(profileTab);
    await marionette.switchTo(popupTab);
    await eventually(
      async () => (await marionette.execute('return browser.action.getBadgeText({ tabId: arguments[0] })', [cold.tabId])) === shown.badge,
      { what: 'the badge set by the woken event page', timeout: 15000 },
    );
    await marionette.closeTab();
    await marionette.switchTo(profileTab);
  } finally {
    await ff.close();
  }
});

test('Firefox: a profile open before Vigie was installed asks to be reloaded, and is watched once reloaded', { skip, timeout: 120000 }, async () => {
  const ff = await launchFirefox({
    serverPort: server.port,
    fixtures: ['panel-injector'],
    beforeVigie: (marionette) => marionette.navigate(`${SITE}/in/bruno-keller/`),
  });
  const { marionette } = ff;
  try {
    const profileTab = await marionette.windowHandle();
    const late = await openPopup(ff, `${SITE}/in/*`, { until: (shown) => shown.reload || shown.error });
    assert.equal(late.error, null);
    assert.match(late.reload, /Reload this page to watch it/);
    await marionette.closeTab();
    await marionette.switchTo(profileTab);
    await marionette.navigate(`${SITE}/in/bruno-keller/`);
    const watched = await openPopup(ff, `${SITE}/in/*`, { until: (shown) => shown.cards.length > 0 });
    assert.equal(watched.reload, null, 'no notice once reloaded');
    assert.match(watched.cards[0].text, /Fixture Contact Panel/);
  } finally {
    await ff.close();
  }
});
