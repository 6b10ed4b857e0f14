// Where data goes, end to end in Chromium: a test build of Vigie whose
// background reports, for three fixture hosts, addresses picked from the
// IP table's own ranges (extension/build.mjs --test-server-addresses; the
// fixture server itself stays on 127.0.0.1 and release builds carry no
// such map). A messaging app sends its account id to its group's social
// graph (shared within the group), a video app's analytics receive a
// hashed sign-up e-mail in China and a contact finder uploads harvested
// contacts to a CRM served from Singapore (sent outside the EU/EEA); the
// popup lists organizations and
// countries; the GDPR letter and the authority report open, from the
// finding's card as from the letter page's address, with the
// organization, the dates and the data kinds.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../www/server.mjs';
import { ROOT, SITE, destinationRows, launch, tabIdOf, waitForFinding } from './harness.mjs';

// Ireland (Meta's Dublin range), Singapore (Alibaba Cloud), China (China
// Telecom): the registries' countries, checked in tests/destinations.rs.
const ADDRESSES = {
  'graph.facebook.com': '185.60.216.35',
  'api.crm-sync.example': '161.117.1.1',
  'analytics.tiktok.com': '36.110.1.1',
};

let server;
let build;
before(async () => {
  server = await startServer({ port: 0 });
  build = mkdtempSync(join(tmpdir(), 'vigie-destinations-'));
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

/** The popup of a tab: the destinations it lists, as text per organization. */
async function popupDestinations(browser, tabId) {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.locator('[data-testid="destination"]').first().waitFor();
    const rows = await destinationRows(popup);
    const rights = await popup.locator('[data-testid="rights-report"], [data-testid="rights-letter"]').allTextContents();
    // The rights buttons of each finding's card.
    const cards = await popup.locator('[data-testid="finding"]').evaluateAll((items) =>
      items.map((i) => ({
        kind: i.dataset.kind,
        letter: i.querySelector('[data-testid="action-rights-letter"]')?.textContent ?? null,
        report: i.querySelector('[data-testid="action-rights-report"]') !== null,
      })),
    );
    return { rows, rights, cards };
  } finally {
    await popup.close();
  }
}

/**
 * Opens the popup of a tab, moves the keyboard focus to `button` on the
 * card of the finding of `kind` and presses Enter: resolves to the page it
 * opened, once `ready` is shown, and the button's text.
 */
async function pressOnCard(browser, tabId, kind, button, ready) {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    const card = popup.locator(`[data-testid="finding"][data-kind="${kind}"]`);
    await card.first().waitFor();
    assert.equal(await card.count(), 1, `one ${kind} card`);
    const target = card.getByTestId(button);
    const label = await target.textContent();
    await target.focus();
    const opened = browser.context.waitForEvent('page');
    await popup.keyboard.press('Enter');
    const page = await opened;
    await page.locator(ready).waitFor({ timeout: 15000 });
    return { page, label };
  } finally {
    await popup.close();
  }
}

async function extensionPage(browser, path, ready) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  await page.locator(ready).waitFor({ timeout: 15000 });
  return page;
}

test('the two new findings, the destinations view, the GDPR letter and the authority report', async () => {
  const browser = await launch({ serverPort: server.port, fixtures: ['graphql-lookup'], vigieDir: join(build, 'dist', 'chrome') });
  try {
    const today = new Date().toISOString().slice(0, 10);

    // A messaging app and its group.
    const chat = await browser.context.newPage();
    await chat.goto('https://web.whatsapp.com/');
    await chat.locator('body[data-sent="yes"]').waitFor();
    const shared = await waitForFinding(browser, (f) => f.kind === 'sharedWithinGroup', 'the id shared within the group');
    assert.equal(shared.severity, 'info', 'an account id alone is informational');
    assert.deepEqual(shared.evidence.organizations, ['Meta']);
    assert.deepEqual(shared.evidence.destinations, ['graph.facebook.com']);
    const received = server.collector.received.find((r) => r.host === 'graph.facebook.com' || /graph\.facebook\.com/.test(JSON.stringify(r)));
    assert.ok(received, 'the app did send to its group');

    // A video app's analytics.
    const video = await browser.context.newPage();
    await video.goto('https://www.videoapp.example/');
    await video.locator('body[data-viewed="yes"]').waitFor();
    // The person signs up; the SDK sends their e-mail hashed to China.
    await video.locator('#email').click();
    await video.keyboard.type('camille.martin@example.org', { delay: 20 });
    await video.locator('button[type="submit"]').click();
    await video.locator('body[data-signed-up="yes"]').waitFor();
    const toChina = await waitForFinding(
      browser,
      (f) => f.kind === 'sentOutsideEea' && f.site === 'www.videoapp.example',
      'the hashed e-mail received in China',
      { timeout: 30000 },
    );
    assert.deepEqual(toChina.evidence.countries, ['CN']);
    assert.deepEqual(toChina.evidence.organizations, ['ByteDance Inc']);
    assert.ok(toChina.evidence.dataKinds.includes('email'));

    // A contact finder's upload, answered from Singapore.
    const profile = await browser.context.newPage();
    await profile.goto(`${SITE}/in/alice-martin/`);
    const outside = await waitForFinding(
      browser,
      (f) => f.kind === 'sentOutsideEea' && (f.evidence.countries ?? []).includes('SG'),
      'personal data received outside the EU/EEA',
      { timeout: 30000 },
    );
    assert.deepEqual(outside.evidence.destinations, ['api.crm-sync.example']);
    assert.deepEqual(outside.evidence.organizations, ['crm-sync.example'], 'an unlisted host, by its domain');
    assert.ok(outside.evidence.dataKinds.includes('email'));
    assert.match(outside.message.key, /^findingSentOutsideEea/);

    // The popup: organizations and countries, personal data first.
    const onProfile = await popupDestinations(browser, await tabIdOf(browser, `${SITE}/in/*`));
    assert.equal(onProfile.rows[0].organization, 'crm-sync.example');
    assert.match(onProfile.rows[0].countries, /🇸🇬 Singapore/);
    // The contact details are the viewed profile's, not the person's: said
    // so, and no letter about the person's own data rests on them.
    assert.equal(onProfile.rows[0].personal, null, 'not said to be the person’s data');
    assert.match(onProfile.rows[0].contacts ?? '', /contact details of other people, read from profiles on this site: e-mail/);
    assert.ok(onProfile.rights.some((r) => /data-protection authority/.test(r)), JSON.stringify(onProfile.rights));
    const onVideo = await popupDestinations(browser, await tabIdOf(browser, 'https://www.videoapp.example/*'));
    const bytedance = onVideo.rows.find((r) => r.organization === 'ByteDance Inc');
    assert.ok(bytedance, JSON.stringify(onVideo.rows));
    assert.match(bytedance.countries, /🇨🇳 China/);
    assert.match(bytedance.text, /no EU adequacy decision/);
    // On the cards: a letter where an organization is identified, a report
    // for contact harvesting, neither to a bare domain.
    const crmCard = onProfile.cards.find((c) => c.kind === 'sentOutsideEea');
    assert.deepEqual(crmCard, { kind: 'sentOutsideEea', letter: null, report: false }, JSON.stringify(onProfile.cards));
    assert.ok(onProfile.cards.some((c) => c.kind === 'contactExfiltration' && c.report), JSON.stringify(onProfile.cards));
    assert.ok(onProfile.cards.every((c) => c.report === (c.kind === 'contactExfiltration' || c.kind.startsWith('harvest') || c.kind === 'contactWithoutGesture')));
    const videoCard = onVideo.cards.find((c) => c.kind === 'sentOutsideEea');
    assert.match(videoCard?.letter ?? '', /Your rights with ByteDance Inc/, JSON.stringify(onVideo.cards));
    assert.equal(videoCard.report, false);
    const onChat = await popupDestinations(browser, await tabIdOf(browser, 'https://web.whatsapp.com/*'));
    assert.match(onChat.rows.find((r) => r.organization === 'Meta')?.countries ?? '', /🇮🇪 Ireland/);

    // The video card's own letter, opened from the keyboard: about that
    // finding, to its organization, with its dates and its data kinds.
    const fromCard = await pressOnCard(
      browser,
      await tabIdOf(browser, 'https://www.videoapp.example/*'),
      'sentOutsideEea',
      'action-rights-letter',
      '#letter:not([hidden])',
    );
    try {
      const opened = new URL(fromCard.page.url());
      assert.equal(opened.pathname, '/popup/rights.html');
      assert.equal(opened.searchParams.get('site'), 'www.videoapp.example');
      assert.equal(opened.searchParams.get('key'), toChina.key);
      const body = await fromCard.page.locator('[data-testid="letter-body"]').inputValue();
      assert.match(body, /To: ByteDance Inc/);
      assert.ok(body.includes(today), 'the dates');
      assert.match(body, /e-mail address/, 'the data kind');
      assert.match(body, /analytics\.tiktok\.com/, 'the destination');
      assert.ok(!body.includes('camille.martin'), 'the typed e-mail is not in the letter');
      assert.ok(!body.includes('Article 17'), 'erasure only when ticked');
    } finally {
      await fromCard.page.close();
    }

    // The GDPR letter to the group.
    const letterPage = await extensionPage(
      browser,
      `popup/rights.html?site=web.whatsapp.com&key=${encodeURIComponent(shared.key)}`,
      '#letter:not([hidden])',
    );
    const letter = await letterPage.locator('[data-testid="letter-body"]').inputValue();
    assert.match(await letterPage.locator('[data-testid="letter-subject"]').textContent(), /Article 15/);
    assert.match(letter, /To: Meta/);
    assert.ok(letter.includes(today), 'the dates');
    assert.match(letter, /graph\.facebook\.com/);
    assert.ok(!letter.includes('491512345678'), 'no identifier the person did not choose');
    await letterPage.locator('#erasure').check();
    await letterPage.waitForFunction(() => document.querySelector('[data-testid="letter-body"]').value.includes('Article 17'));
    await letterPage.close();

    // The letter to the organization that received the hashed e-mail, in French.
    const toBytedance = await extensionPage(
      browser,
      `popup/rights.html?site=www.videoapp.example&key=${encodeURIComponent(toChina.key)}`,
      '#letter:not([hidden])',
    );
    await toBytedance.locator('#lang').selectOption('fr');
    await toBytedance.waitForFunction(() => document.querySelector('[data-testid="letter-body"]').value.includes('Madame'));
    const french = await toBytedance.locator('[data-testid="letter-body"]').inputValue();
    assert.match(french, /ByteDance Inc/);
    assert.match(french, /adresse e-mail/);
    assert.match(french, /Chine/);
    assert.ok(french.includes(today));
    assert.ok(!french.includes('camille.martin'), 'the typed e-mail is not in the letter');
    await toBytedance.close();

    // The report for the authority about the contact finder's upload.
    const leak = await waitForFinding(browser, (f) => f.kind === 'contactExfiltration', 'the upload');
    // Opened from the upload's card, with the keyboard.
    const { page: report, label: reportLabel } = await pressOnCard(
      browser,
      await tabIdOf(browser, `${SITE}/in/*`),
      'contactExfiltration',
      'action-rights-report',
      '[data-testid="complaint-report"]:not([hidden])',
    );
    assert.equal(reportLabel, 'Prepare a report for the authority');
    assert.equal(new URL(report.url()).searchParams.get('key'), leak.key);
    const text = await report.locator('[data-testid="complaint-report"]').textContent();
    // Named, or among the extensions able to do it, with its id and version.
    const finder = leak.actor.type === 'extension' ? leak.actor : leak.actor.candidates.find((c) => c.name === 'Fixture Contact Lookup');
    assert.ok(finder, JSON.stringify(leak.actor));
    assert.match(text, /Fixture Contact Lookup/);
    assert.ok(text.includes(finder.id), 'the extension id');
    assert.ok(finder.version && text.includes(finder.version), 'its version');
    assert.match(text, /e-mail/i, 'the data kinds');
    assert.ok(text.includes(today), 'the dates');
    // As sure as Vigie is, no surer: the confidence, what it rests on, and
    // what the evidence lacks, in the words of the popup.
    const confidence = { confirmed: 'Confirmed', likely: 'Likely', possible: 'Possible' }[leak.confidence];
    assert.match(text, new RegExp(`How sure${confidence}`), 'the confidence');
    assert.match(text, /Rests onSeen on the network/, 'the basis');
    assert.match(text, /Limits of this evidence/);
    if ((leak.evidence.notes ?? []).includes('notFromPageScripts')) assert.match(text, /saw no page script make these requests/);
    assert.match(await report.locator('[data-testid="report-file-hash"]').textContent(), /^SHA-256 [0-9a-f]{64}$/);
    assert.ok(!/alice-martin/.test(text), 'profiles masked');
    await report.close();
  } finally {
    await browser.close();
  }
});
