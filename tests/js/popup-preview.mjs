// Screenshots of the popup without the extension: Chromium opens
// extension/popup/popup.html with the extension APIs stubbed, one sample
// PopupState per scenario, and the real messages.json of the chosen language
// (see popup-page.mjs).
//
//   node tests/js/popup-preview.mjs [--lang en|fr] [--out DIR] [--scenario NAME]
//
// Without --lang, both languages. Screenshots go to DIR/popup-<scenario>-<lang>.png
// (DIR defaults to /tmp). The script fails when the popup overflows its width
// or throws.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { longState } from './finding-samples.mjs';
import { POPUP_WIDTH, launchChromium, openPopup, overflowOf, serveExtension } from './popup-page.mjs';

const LINKEDIN = { id: 'linkedin', name: 'LinkedIn', profileUrlPrefix: 'linkedin.com/in/' };

const { values: options } = parseArgs({
  options: {
    lang: { type: 'string' },
    out: { type: 'string', default: '/tmp' },
    scenario: { type: 'string' },
  },
});

// ---------------------------------------------------------------- sample states

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';

function sampleFindings(now) {
  return [
    {
      key: `injectedUi|www.linkedin.com|ext:${EXT_ID}`,
      site: 'www.linkedin.com',
      kind: 'injectedUi',
      severity: 'warning',
      confidence: 'confirmed',
      basis: 'seenInPage',
      actor: { type: 'extension', id: EXT_ID, name: 'Fixture Contact Panel', version: '1.2.0', installType: 'development' },
      message: { key: 'findingInjectedUiProfile', args: ['Fixture Contact Panel', 'alice-martin'] },
      evidence: {
        counts: { injections: 2, profiles: 1 },
        samples: [`iframe[src] chrome-extension://${EXT_ID}/panel.html · /in/alice-martin/`],
      },
      subjects: ['alice-martin'],
      firstSeen: now - 300000,
      lastSeen: now - 60000,
      occurrences: 2,
    },
    {
      key: 'injectedUi|www.linkedin.com|ext:ponmlkjihgfedcbaponmlkjihgfedcba',
      site: 'www.linkedin.com',
      kind: 'injectedUi',
      severity: 'high',
      confidence: 'likely',
      basis: 'seenOnNetwork',
      actor: { type: 'extension', id: 'ponmlkjihgfedcbaponmlkjihgfedcba', name: null, version: null, installType: null },
      message: {
        key: 'findingInjectedUiProfileUnknown',
        args: ['ponmlkjihgfedcbaponmlkjihgfedcba', 'jean-baptiste-de-la-fontaine-marechal-0123456789abcdef'],
      },
      evidence: {
        counts: { injections: 14, profiles: 9 },
        samples: [
          'div#prospect-root[shadow] chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/content.css · /in/jean-baptiste-de-la-fontaine-marechal-0123456789abcdef/',
          'POST https://api.prospector.example/v2/lookup {"email":"j•••@•••.fr","phone":"+33 6 •• •• •• 12"}',
          'img[src] chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/icons/logo-48.png',
          'POST https://api.prospector.example/v2/lookup {"email":"m•••@•••.com"}',
          'POST https://api.prospector.example/v2/lookup {"email":"c•••@•••.io"}',
          'POST https://api.prospector.example/v2/lookup {"email":"p•••@•••.de"}',
          'POST https://api.prospector.example/v2/lookup {"email":"l•••@•••.net"}',
        ],
      },
      subjects: ['jean-baptiste-de-la-fontaine-marechal-0123456789abcdef'],
      firstSeen: now - 3 * 3600_000,
      lastSeen: now - 20_000,
      occurrences: 9,
    },
    {
      key: 'injectedUi|www.linkedin.com|ext:qrstuvwxyzabcdefqrstuvwxyzabcdef',
      site: 'www.linkedin.com',
      kind: 'injectedUi',
      severity: 'info',
      confidence: 'possible',
      basis: 'capabilityOnly',
      actor: {
        type: 'extension',
        id: 'qrstuvwxyzabcdefqrstuvwxyzabcdef',
        name: 'Super Sales Prospector — Contact Finder & E-mail Enrichment for Recruiters',
        version: '24.11.3',
        installType: 'normal',
      },
      message: {
        key: 'findingInjectedUiPage',
        args: ['Super Sales Prospector — Contact Finder & E-mail Enrichment for Recruiters', 'www.linkedin.com'],
      },
      evidence: { counts: { injections: 1 }, samples: [] },
      subjects: [],
      firstSeen: now - 2 * 86400_000,
      lastSeen: now - 26 * 3600_000,
      occurrences: 1,
    },
  ];
}

const HARVESTER_ID = 'hgfedcbahgfedcbahgfedcbahgfedcba';
const PROFILES = [
  'alice-martin',
  'bruno-lefevre-4a1b2c',
  'chloe-dubois',
  'david-nguyen-0b9a7e12',
  'emma-petit',
  'farid-benali',
  'gaelle-rousseau-3c7d',
  'hugo-bernard',
  'ines-moreau-5e2f19a4',
  'jean-baptiste-de-la-fontaine-marechal-0123456789abcdef',
  'karim-haddad',
  'lea-garnier',
  'marc-olivier-fontaine',
  'nadia-el-amrani-8f3e',
];

function harvestFindings(now) {
  return [
    {
      key: `harvestNotInView|www.linkedin.com|ext:${HARVESTER_ID}`,
      site: 'www.linkedin.com',
      kind: 'harvestNotInView',
      severity: 'high',
      confidence: 'confirmed',
      basis: 'seenOnNetwork',
      actor: { type: 'extension', id: HARVESTER_ID, name: 'Fixture Harvester', version: '0.3.1', installType: 'development' },
      message: {
        key: 'findingHarvestNotInViewSent',
        args: ['Fixture Harvester', { count: 14, unit: 'profiles' }, 'api.collector.test'],
      },
      evidence: {
        counts: { lookups: 14, lookupsWithoutClientHeaders: 14, profilesNotInView: 14, matches: 21 },
        samples: [
          'GET https://www.linkedin.com/voyager/api/identity/profiles/bruno-lefevre-4a1b2c/profileContactInfo',
          'POST https://api.collector.test/v1/contacts {"profile":"bruno-lefevre-4a1b2c","email":"b•••@•••.fr","phone":"+33 6 •• •• •• 41"}',
        ],
        dataKinds: ['phone', 'email'],
        destinations: ['api.collector.test'],
        encodings: ['plain', 'md5'],
      },
      subjects: PROFILES,
      firstSeen: now - 8 * 60_000,
      lastSeen: now - 90_000,
      occurrences: 3,
    },
    {
      key: 'contactWithoutGesture|www.linkedin.com|unattributed',
      site: 'www.linkedin.com',
      kind: 'contactWithoutGesture',
      severity: 'warning',
      confidence: 'likely',
      basis: 'seenInPage',
      actor: {
        type: 'unattributed',
        candidates: [
          { id: EXT_ID, name: 'Fixture Contact Panel', version: '1.2.0', reasons: ['hostAccess', 'cookies'] },
          {
            id: 'qrstuvwxyzabcdefqrstuvwxyzabcdef',
            name: 'Super Sales Prospector — Contact Finder & E-mail Enrichment for Recruiters',
            version: '24.11.3',
            reasons: ['allSites', 'hostAccess'],
          },
        ],
      },
      message: { key: 'findingContactWithoutGestureUnattributed', args: ['alice-martin'] },
      evidence: {
        counts: { lookups: 1, calls: 2 },
        samples: ['fetch GET /voyager/api/identity/profiles/alice-martin/profileContactInfo from https://www.linkedin.com/in/alice-martin/'],
        dataKinds: ['email'],
      },
      subjects: ['alice-martin'],
      firstSeen: now - 25 * 60_000,
      lastSeen: now - 25 * 60_000,
      occurrences: 1,
    },
    {
      key: 'nativesReplaced|www.linkedin.com|ext:mnopqrstuvwxyzabmnopqrstuvwxyzab',
      site: 'www.linkedin.com',
      kind: 'nativesReplaced',
      severity: 'info',
      confidence: 'possible',
      basis: 'seenInPage',
      actor: {
        type: 'extension',
        id: 'mnopqrstuvwxyzabmnopqrstuvwxyzab',
        name: 'Corporate SSO Helper',
        version: '5.2.0',
        installType: 'admin',
      },
      message: { key: 'findingNativesReplaced', args: ['Corporate SSO Helper', 'fetch, XMLHttpRequest.open'] },
      evidence: { counts: { calls: 2 }, samples: [] },
      subjects: [],
      firstSeen: now - 2 * 3600_000,
      lastSeen: now - 2 * 3600_000,
      occurrences: 1,
    },
    {
      key: 'bulkCrawl|www.linkedin.com|unattributed',
      site: 'www.linkedin.com',
      kind: 'bulkCrawl',
      severity: 'info',
      confidence: 'possible',
      basis: 'seenInPage',
      actor: { type: 'unattributed', candidates: [] },
      message: {
        key: 'findingBulkCrawl',
        args: [
          { count: 60, unit: 'profilePages' },
          { count: 30, unit: 'seconds' },
        ],
      },
      evidence: { counts: { pagesOpened: 60, windowSeconds: 30 }, samples: [] },
      subjects: [],
      firstSeen: now - 3 * 86400_000,
      lastSeen: now - 3 * 86400_000,
      occurrences: 1,
    },
  ];
}

function sampleStates(now) {
  const base = {
    ok: true,
    tab: { id: 7, url: 'https://www.linkedin.com/in/alice-martin/' },
    site: 'www.linkedin.com',
    siteModel: LINKEDIN,
    watched: { pages: 12, injections: 1834, since: now - 5 * 86400_000 },
    extensions: { total: 8, enabled: 6 },
    health: { rejectedEvents: 0, capsReached: [] },
  };
  const findings = { ...base, findings: sampleFindings(now) };
  return {
    findings,
    empty: {
      ...base,
      tab: { id: 7, url: 'https://www.wikipedia.org/' },
      site: 'www.wikipedia.org',
      siteModel: null,
      findings: [],
      watched: { pages: 3, injections: 0, since: now - 40 * 60_000 },
    },
    unwatched: {
      ...base,
      tab: { id: 7, url: 'chrome://extensions/' },
      site: null,
      siteModel: null,
      findings: [],
      watched: { pages: 0, injections: 0, since: null },
    },
    // The background does not answer: sendMessage rejects.
    error: null,
    forget: {
      ...findings,
      health: { rejectedEvents: 3, capsReached: [{ what: 'findingsPerSite', limit: 200 }] },
    },
    // Harvest findings: one by a named extension, one Vigie cannot attribute.
    harvest: { ...base, findings: harvestFindings(now) },
    // The same, Disable… pressed on the first card: the confirmation is open.
    disable: { ...base, findings: harvestFindings(now) },
    // The same, its evidence exported, then the extension disabled.
    disabled: { ...base, findings: harvestFindings(now) },
    // The longest names, hosts, ids and samples, on a site no model describes.
    long: longState(now),
  };
}

// ------------------------------------------------------------------------ run

async function shoot(browser, origin, { lang, scenario, state, colorScheme, file }) {
  // A short viewport: the full-page capture then ends where the popup would.
  const { page, context, problems } = await openPopup(browser, origin, {
    lang,
    state,
    scenario,
    colorScheme,
    viewport: { width: POPUP_WIDTH, height: 160 },
    scale: 2,
  });

  if (scenario === 'findings') {
    await page.locator('[data-testid="finding"] summary').first().click();
  }
  if (scenario === 'long') {
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await page.getByTestId('export-all').click();
  }
  if (scenario === 'forget') {
    await page.getByTestId('forget-site').click();
    await page.getByTestId('forget-confirm').waitFor();
  }
  if (scenario === 'harvest') {
    await page.getByTestId('profiles-list').first().locator('summary').click();
    // What the sample state must show: the 14 profiles, the 2 candidates each
    // with Details, Disable… only for the extension that may be disabled.
    const seen = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('[data-testid="finding"]')];
      const count = (root, selector) => root.querySelectorAll(selector).length;
      return {
        profiles: count(cards[0], '[data-testid="profiles-list"] li'),
        data: [...cards[0].querySelectorAll('[data-testid="finding-data"] li')].map((li) => li.dataset.value),
        candidates: count(cards[1], '[data-testid="candidates"] [data-testid="action-details"]'),
        disable: cards.map((card) => count(card, '[data-testid="action-disable"]')),
        exports: count(document, '[data-testid="action-export"]'),
        exportAll: !document.querySelector('[data-testid="export-all"]').hidden,
      };
    });
    const expected = {
      profiles: 14,
      data: ['email', 'phone', 'plain', 'md5', 'api.collector.test'],
      candidates: 2,
      disable: [1, 0, 0, 0],
      exports: 4,
      exportAll: true,
    };
    if (JSON.stringify(seen) !== JSON.stringify(expected)) {
      problems.push(`harvest: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
    }
  }
  if (scenario === 'disabled') {
    // Export first: the file must be named after the site, the kind and the day.
    const download = page.waitForEvent('download');
    await page.getByTestId('action-export').first().click();
    const file = await download;
    if (!/^vigie-evidence-www\.linkedin\.com-harvestNotInView-\d{4}-\d{2}-\d{2}\.json$/.test(file.suggestedFilename())) {
      problems.push(`export file name: ${file.suggestedFilename()}`);
    }
  }
  if (scenario === 'disable' || scenario === 'disabled') {
    await page.getByTestId('action-disable').first().click();
    await page.getByTestId('disable-confirm').first().waitFor();
  }
  if (scenario === 'disabled') {
    await page.getByTestId('disable-confirm').first().click();
    await page.getByTestId('action-disable').waitFor({ state: 'detached' });
  }

  const overflow = await overflowOf(page);
  if (overflow.scrollWidth > overflow.clientWidth || overflow.wide.length > 0) {
    problems.push(`overflows ${overflow.clientWidth}px: ${overflow.scrollWidth}px, ${overflow.wide.join(', ')}`);
  }

  // A full-page capture of a scrolled page repeats the sticky header mid-way.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  await context.close();
  return problems;
}

async function main() {
  const langs = options.lang ? [options.lang] : ['en', 'fr'];
  for (const lang of langs) {
    if (!['en', 'fr'].includes(lang)) throw new Error(`--lang must be en or fr, not ${lang}`);
  }
  const states = sampleStates(Date.now());
  const scenarios = options.scenario ? [options.scenario] : Object.keys(states);
  for (const name of scenarios) {
    if (!(name in states)) throw new Error(`unknown scenario ${name}; one of ${Object.keys(states).join(', ')}`);
  }

  const server = await serveExtension();
  const browser = await launchChromium();
  let failed = false;
  try {
    for (const lang of langs) {
      const shots = scenarios.map((scenario) => ({ scenario, colorScheme: 'light', suffix: '' }));
      for (const dark of ['findings', 'harvest']) {
        if (scenarios.includes(dark)) shots.push({ scenario: dark, colorScheme: 'dark', suffix: '-dark' });
      }
      for (const { scenario, colorScheme, suffix } of shots) {
        const file = join(options.out, `popup-${scenario}-${lang}${suffix}.png`);
        const problems = await shoot(browser, server.origin, {
          lang,
          scenario,
          state: states[scenario],
          colorScheme,
          file,
        });
        console.log(`${problems.length ? 'FAIL' : 'ok  '} ${file}`);
        for (const problem of problems) console.log(`     ${problem}`);
        failed ||= problems.length > 0;
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failed) process.exitCode = 1;
}

await main();
