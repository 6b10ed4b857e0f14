// Screenshots of the popup without the extension: Chromium opens
// extension/popup/popup.html with the extension APIs stubbed, one sample
// PopupState per scenario, and the real messages.json of the chosen language.
//
//   node tests/js/popup-preview.mjs [--lang en|fr] [--out DIR] [--scenario NAME]
//
// Without --lang, both languages. Screenshots go to DIR/popup-<scenario>-<lang>.png
// (DIR defaults to /tmp). The script fails when the popup overflows its width
// or throws.
//
// Chromium refuses module scripts from file:// (origin "null", CORS), so the
// extension folder is served by a throwaway server on 127.0.0.1, closed at the
// end. Nothing else is fetched.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(new URL('../../extension/', import.meta.url)));
const WIDTH = 380;
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
      explanation: 'Extension “Fixture Contact Panel” injected a panel into the profile of alice-martin.',
      evidence: {
        counts: { injections: 2, profiles: 1 },
        samples: [`iframe[src] chrome-extension://${EXT_ID}/panel.html on /in/alice-martin/`],
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
      explanation:
        'An extension that is not in your list (ponmlkjihgfedcbaponmlkjihgfedcba) injected a panel into the profile of jean-baptiste-de-la-fontaine-marechal-0123456789abcdef.',
      evidence: {
        counts: { injections: 14, profiles: 9, requests: 27 },
        samples: [
          'div#prospect-root[shadow] chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/content.css on /in/jean-baptiste-de-la-fontaine-marechal-0123456789abcdef/',
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
      explanation: 'Extension “Super Sales Prospector” injected content into www.linkedin.com.',
      evidence: { counts: { pages: 1 }, samples: [] },
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
      message: { key: 'findingHarvestNotInViewSent', args: ['Fixture Harvester', '14', 'api.collector.test'] },
      explanation:
        'Fixture Harvester fetched the contact details of 14 profiles you did not open and sent them to api.collector.test.',
      evidence: {
        counts: { lookups: 14, profilesNotInView: 14, matches: 21 },
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
      explanation:
        'An extension or script on this page fetched the contact details of alice-martin without you opening “Contact info”.',
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
      explanation:
        'Corporate SSO Helper replaced fetch, XMLHttpRequest.open on this page: it can read what the site’s own requests return.',
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
      message: { key: 'findingBulkCrawl', args: ['60', '30'] },
      explanation: '60 profile pages were opened in 30 seconds, faster than a person browses.',
      evidence: { counts: { pagesOpened: 60 }, samples: [] },
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
      findings: [],
      watched: { pages: 3, injections: 0, since: now - 40 * 60_000 },
    },
    unwatched: {
      ...base,
      tab: { id: 7, url: 'chrome://extensions/' },
      site: null,
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
  };
}

// ---------------------------------------------------- the stubbed extension APIs

// Runs in the page before popup.js. Same contract as the browser's APIs: the
// i18n substitution follows chrome.i18n (named $PLACEHOLDER$ → its content,
// then $1…$9 → arguments, $$ → $; unknown key → '').
function installStubs({ messages, lang, state, scenario }) {
  const placeholders = (entry) =>
    Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const getMessage = (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return key === '@@ui_locale' ? lang : '';
    const args = substitutions == null ? [] : [].concat(substitutions).map(String);
    const named = placeholders(entry);
    return entry.message
      .replace(/\$([a-z0-9_@]+)\$/gi, (match, name) => named[name.toLowerCase()] ?? match)
      .replace(/\$(\$|[1-9])/g, (_, d) => (d === '$' ? '$' : (args[Number(d) - 1] ?? '')));
  };
  let current = state;
  globalThis.browser = undefined;
  globalThis.chrome = {
    runtime: {
      id: 'vigievigievigievigievigievigievi',
      getManifest: () => ({ manifest_version: 3, name: 'Vigie', version: '0.4.0' }),
      async sendMessage(message) {
        if (scenario === 'error') throw new Error('Could not establish connection. Receiving end does not exist.');
        if (message.type === 'vigie:popup-state') return structuredClone(current);
        if (message.type === 'vigie:extension-details') return { ok: true };
        if (message.type === 'vigie:disable-extension') return { ok: true };
        if (message.type === 'vigie:forget-site') {
          const removed = current.findings.length;
          current = { ...current, findings: [], watched: { pages: 0, injections: 0, since: Date.now() } };
          return { ok: true, removed };
        }
        return { ok: false, error: { kind: 'UnknownMessage', message: message.type } };
      },
    },
    tabs: { query: async () => [{ id: 7, active: true }] },
    i18n: { getMessage, getUILanguage: () => lang },
  };
}

// ------------------------------------------------------------------ the server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function serveExtension() {
  const server = createServer(async (req, res) => {
    const path = normalize(join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(ROOT + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

// ------------------------------------------------------------------------ run

async function shoot(browser, origin, { lang, scenario, state, messages, colorScheme, file }) {
  // A short viewport: the full-page capture then ends where the popup would.
  const context = await browser.newContext({
    viewport: { width: WIDTH, height: 160 },
    deviceScaleFactor: 2,
    colorScheme,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    // The page server has no favicon; the extension page never asks for one.
    if (msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  await page.addInitScript(installStubs, { messages, lang, state, scenario });
  await page.goto(`${origin}/popup/popup.html?tab=7`);
  await page.waitForSelector('#content[aria-busy="false"]');

  if (scenario === 'findings') {
    await page.locator('[data-testid="finding"] summary').first().click();
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

  const overflow = await page.evaluate((width) => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((node) => node.getBoundingClientRect().right > width + 0.5)
      .map((node) => `${node.tagName.toLowerCase()}.${node.className?.baseVal ?? node.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  }, WIDTH);
  if (overflow.scrollWidth > WIDTH || overflow.wide.length > 0) {
    problems.push(`overflows ${WIDTH}px: ${overflow.scrollWidth}px, ${overflow.wide.join(', ')}`);
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
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let failed = false;
  try {
    for (const lang of langs) {
      const messages = JSON.parse(await readFile(join(ROOT, '_locales', lang, 'messages.json'), 'utf8'));
      const shots = scenarios.map((scenario) => ({ scenario, colorScheme: 'light', suffix: '' }));
      for (const dark of ['findings', 'harvest']) {
        if (scenarios.includes(dark)) shots.push({ scenario: dark, colorScheme: 'dark', suffix: '-dark' });
      }
      for (const { scenario, colorScheme, suffix } of shots) {
        const file = join(options.out, `popup-${scenario}-${lang}${suffix}.png`);
        const problems = await shoot(browser, origin, {
          lang,
          scenario,
          state: states[scenario],
          messages,
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
