// The popup's Extensions view in headless Chromium, fed the audit the core
// sends (`extensionReports`), in English and in French: every capability in
// words (no raw key, no placeholder left), the risk, a known contact finder
// said fairly, the findings that name an extension, the riskiest first; and
// never "cannot": where Chrome hides an extension's sites, the view says the
// access is not reported.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserUnavailable, launchChromium, openPopup, overflowOf, serveExtension } from './popup-page.mjs';

const skip = (await browserUnavailable()) ?? false;

const line = (capability, risk, args = []) => ({ capability, args, risk });
const KASPR = {
  audit: {
    id: 'kkfgenjfpmoegefcckjklfjieepogfhg',
    name: 'Kaspr',
    version: '3.2.1',
    enabled: true,
    installType: 'normal',
    accessReported: false,
    risk: 'high',
    reasons: ['knownContactFinder'],
    capabilities: [line('knownContactFinder', 'high', ['Kaspr']), line('accessNotReported', 'low')],
    watchedSites: [],
    contactFinder: {
      id: 'kkfgenjfpmoegefcckjklfjieepogfhg',
      product: 'Kaspr',
      vendor: 'Kaspr',
      listing: 'https://chromewebstore.google.com/detail/kkfgenjfpmoegefcckjklfjieepogfhg',
      source: 'CNIL deliberation SAN-2024-020',
      profileScraper: true,
      knownTo: ['showsContactDetails', 'finedByRegulator'],
    },
  },
  findings: [
    {
      key: 'knownContactFinder|www.linkedin.com|ext:kkfgenjfpmoegefcckjklfjieepogfhg',
      site: 'www.linkedin.com',
      kind: 'knownContactFinder',
      severity: 'warning',
      confidence: 'confirmed',
      basis: 'capabilityOnly',
      actor: { type: 'extension', id: 'kkfgenjfpmoegefcckjklfjieepogfhg', name: 'Kaspr', version: '3.2.1', installType: 'normal' },
      message: { key: 'findingKnownContactFinderSelf', args: ['Kaspr'] },
      evidence: { counts: {}, samples: [] },
      subjects: [],
      firstSeen: 1,
      lastSeen: 2,
      occurrences: 1,
    },
  ],
  candidateIn: 0,
};
const LOGIN = {
  audit: {
    id: 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb',
    name: 'Fixture Login Reader',
    version: '1.1.0',
    enabled: true,
    installType: 'development',
    accessReported: false,
    risk: 'high',
    reasons: ['siteLogin'],
    capabilities: [
      line('siteLogin', 'high', ['LinkedIn']),
      line('developerMode', 'medium'),
      line('updatesOutsideStore', 'medium', ['updates.vendor.example']),
      line('accessNotReported', 'low'),
    ],
    watchedSites: ['linkedin'],
    contactFinder: null,
  },
  findings: [
    {
      key: 'extensionRiskRose|www.linkedin.com|ext:aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb',
      site: 'www.linkedin.com',
      kind: 'extensionRiskRose',
      severity: 'high',
      confidence: 'confirmed',
      basis: 'capabilityOnly',
      actor: { type: 'extension', id: 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb', name: 'Fixture Login Reader' },
      message: {
        key: 'findingExtensionRiskRose',
        args: [
          'Fixture Login Reader',
          { phrases: [{ key: 'prior_notInstalled', args: [] }] },
          { phrases: [{ key: 'risk_high', args: [] }] },
          { phrases: [{ key: 'capability_siteLogin', args: ['LinkedIn'] }, { key: 'capability_developerMode', args: [] }] },
        ],
      },
      evidence: { counts: {}, samples: ['1.0.0 · cookies, https://www.linkedin.com/*, storage'] },
      subjects: [],
      firstSeen: 1,
      lastSeen: 2,
      occurrences: 1,
    },
  ],
  candidateIn: 2,
};
const FIREFOX_QUIET = {
  audit: {
    id: 'quiet@example.org',
    name: 'Quiet',
    version: '2.0',
    enabled: false,
    installType: 'normal',
    accessReported: true,
    risk: 'low',
    reasons: [],
    capabilities: [],
    watchedSites: [],
    contactFinder: null,
  },
  findings: [],
  candidateIn: 0,
};

// Chrome hides where its content scripts run: low as far as the browser tells.
const HIDDEN_ACCESS = {
  audit: {
    id: 'hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh',
    name: 'Hidden Access',
    version: '1.0',
    enabled: true,
    installType: 'normal',
    accessReported: false,
    risk: 'low',
    reasons: [],
    capabilities: [line('accessNotReported', 'low')],
    watchedSites: [],
    contactFinder: null,
  },
  findings: [],
  candidateIn: 0,
};

const STATE = {
  ok: true,
  tab: { id: 7, url: 'https://www.linkedin.com/feed/' },
  site: 'www.linkedin.com',
  findings: [],
  watched: { pages: 1, injections: 0, since: 1 },
  extensions: { total: 3, enabled: 2 },
  health: {},
  extensionsState: { ok: true, selfId: 'vigievigievigievigievigievigievi', accessHidden: true, extensions: [LOGIN, KASPR, HIDDEN_ACCESS, FIREFOX_QUIET] },
};

function readView(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="extension"]')].map((card) => ({
      id: card.dataset.id,
      risk: card.dataset.risk,
      enabled: card.dataset.enabled,
      riskText: card.querySelector('[data-testid="extension-risk"]')?.innerText ?? '',
      capabilities: [...card.querySelectorAll('[data-testid="capability"]')].map((c) => c.innerText),
      finder: card.querySelector('[data-testid="extension-finder"]')?.innerText ?? '',
      findings: [...card.querySelectorAll('[data-testid="extension-finding"]')].map((f) => f.innerText),
      disable: !!card.querySelector('[data-testid="action-disable"]'),
      text: card.innerText,
    })),
  );
}

describe('the Extensions view in Chromium', { skip }, () => {
  let server;
  let browser;
  before(async () => {
    server = await serveExtension();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  for (const lang of ['en', 'fr']) {
    test(`${lang}: every extension, riskiest first, in words, never "cannot"`, async () => {
      const { page, context, problems } = await openPopup(browser, server.origin, { lang, state: STATE });
      try {
        await page.click('[data-testid="open-extensions"]');
        await page.waitForSelector('[data-testid="extensions-view"]');
        const cards = await readView(page);
        assert.deepEqual(cards.map((c) => c.id), [LOGIN.audit.id, KASPR.audit.id, HIDDEN_ACCESS.audit.id, FIREFOX_QUIET.audit.id]);
        for (const card of cards) {
          assert.doesNotMatch(card.text, /capability_|risk_|finderDoes_|prior_|\$[A-Z0-9]+\$|undefined|\[object/, card.text);
          assert.doesNotMatch(card.text, /cannot|can’t|has no access|ne peut pas|n’a aucun accès/i, card.text);
        }
        const [login, kaspr, hidden, quiet] = cards;
        assert.equal(hidden.riskText.toLowerCase(), lang === 'en' ? 'low risk, as far as the browser tells' : 'risque faible selon le navigateur');
        assert.equal(quiet.riskText.toLowerCase(), lang === 'en' ? 'low risk' : 'risque faible', 'an access the browser reports is not hedged');
        const words = {
          en: { high: 'high risk', login: 'Can use your LinkedIn login (cookies + LinkedIn access)', hidden: 'not reported by the browser', fair: 'not proof' },
          fr: { high: 'risque élevé', login: 'Peut se servir de votre connexion LinkedIn (cookies + accès à LinkedIn)', hidden: 'pas signalé par le navigateur', fair: 'ne prouve pas' },
        }[lang];
        assert.equal(login.riskText.toLowerCase(), words.high);
        assert.equal(login.capabilities[0], words.login);
        assert.ok(login.capabilities.some((c) => c.includes('updates.vendor.example')));
        assert.ok(login.capabilities.some((c) => c.includes(words.hidden)), login.capabilities.join(' | '));
        assert.equal(login.findings.length, 1);
        assert.match(login.findings[0], lang === 'en' ? /gained access: not installed → high risk/ : /a obtenu plus d’accès\u00a0: non installée → risque élevé/);
        assert.ok(login.disable);
        assert.ok(kaspr.finder.includes(words.fair), kaspr.finder);
        assert.ok(kaspr.finder.includes('SAN-2024-020'));
        assert.equal(quiet.enabled, 'false');
        assert.equal(quiet.capabilities.length, 0);
        assert.ok(!quiet.disable, 'a disabled extension is not offered for disabling');
        const overflow = await overflowOf(page);
        assert.deepEqual(overflow.wide, [], JSON.stringify(overflow));
        // Back to the site's view.
        await page.click('[data-testid="extensions-back"]');
        await page.waitForSelector('[data-testid="empty-state"]');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
