// `./build.sh demo`: Chromium with Vigie on the faithful fixture site
// (served as www.linkedin.com), in four acts, one per technique public
// scrapers use, each with its fixture extension:
//   1. Fixture Network Export looks up every connection's contact details:
//      profiles the person never opened;
//   2. Fixture Contact Lookup fetches the contact details of the profile
//      opened, without a click on "Contact info", and sends them to a CRM;
//   3. Fixture Prospect Finder replaces fetch/XHR to read the site's own
//      answers, uploads from its service worker and opens background tabs;
//   4. Fixture Lead Enricher asks Sales Navigator's API for the contact
//      details of every lead of a search, and exports them.
// Each act prints what the person did, what left the browser (as the
// fixture collector received it) and the findings Vigie raised, as the
// popup words them, naming the extension; screenshots of each act's popup
// and of the profile page go to out/demo/ (popup.png is the first act's).
// With --headed, each act opens a real window; the last one stays open
// until Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceCounts } from '../../extension/popup/format.js';
import { findingSentence } from '../../extension/popup/sentence.js';
import { startServer } from '../../www/server.mjs';
import { connections } from '../../www/linkedin/people.mjs';
import { localeT } from '../js/locale.mjs';
import { ROOT, SITE, eventually, findingsOf, launch, tabIdOf } from './harness.mjs';

// The findings are printed in English as the popup words them.
const t = localeT('en');

const ACTS = [
  {
    fixture: 'connections-crawler',
    story: `The person opens ${SITE}/feed/ and reads it.`,
    async browse(page) {
      await page.goto(`${SITE}/feed/`);
      await page.locator('.post').first().waitFor();
    },
    done: (list) => list.some((f) => f.kind === 'harvestNotInView' && f.subjects.length >= connections().length) &&
      list.some((f) => f.kind === 'harvestBurst'),
    tab: `${SITE}/feed/*`,
  },
  {
    fixture: 'graphql-lookup',
    story: `The person opens Alice Martin's profile (${SITE}/in/alice-martin/) and does not open "Contact info".`,
    async browse(page) {
      await page.goto(`${SITE}/in/alice-martin/`);
      await page.locator('#browsemap-list a').first().waitFor();
    },
    done: (list) => ['contactWithoutGesture', 'contactExfiltration'].every((kind) => list.some((f) => f.kind === kind)),
    tab: `${SITE}/in/*`,
    screenshot: 'profile.png',
  },
  {
    fixture: 'response-interceptor',
    story: `The person opens Alice Martin's profile (${SITE}/in/alice-martin/); "More profiles for you" lists five people.`,
    async browse(page) {
      await page.goto(`${SITE}/in/alice-martin/`);
      await page.locator('#browsemap-list a').first().waitFor();
    },
    done: (list) => ['nativesReplaced', 'bulkCrawl'].every((kind) => list.some((f) => f.kind === kind)),
    tab: `${SITE}/in/*`,
  },
  {
    fixture: 'lead-enricher',
    story: `The person runs a lead search in Sales Navigator (${SITE}/sales/search/people) and opens no lead.`,
    async browse(page) {
      await page.goto(`${SITE}/sales/search/people`);
      await page.locator('.lead-row a').first().waitFor();
    },
    done: (list) => ['harvestNotInView', 'harvestBurst', 'contactExfiltration'].every((kind) => list.some((f) => f.kind === kind)),
    tab: `${SITE}/sales/*`,
  },
];

const headed = process.argv.includes('--headed');
const outDir = join(ROOT, 'out/demo');
mkdirSync(outDir, { recursive: true });

function actorLine(a) {
  if (a.type === 'extension') return `${a.name ?? '(unknown)'} ${a.version ?? ''} — ${a.id}${a.installType ? ` (${a.installType})` : ''}`;
  if (a.type === 'unattributed') {
    const names = (a.candidates ?? []).map((c) => `${c.name} [${(c.reasons ?? []).join(', ')}]`);
    return `not established; able to do it: ${names.join('; ') || 'none listed'}`;
  }
  return `${a.type} ${a.host ?? a.origin ?? ''}`;
}

function describeSent(request) {
  let fields = '';
  try {
    const body = JSON.parse(request.body);
    const people = body.prospects ?? body.leads;
    const sample = people?.[0] ?? body;
    fields = ` — ${Object.keys(sample).join(', ')}${people ? ` (${people.length} people)` : ''}`;
  } catch {
    fields = request.body ? ` — ${request.bodySize} bytes` : '';
  }
  return `${request.method} https://${request.host}${request.path}${fields}`;
}

function printFindings(findings) {
  console.log(`Vigie raised ${findings.length} finding(s):\n`);
  for (const f of findings) {
    console.log(`  [${f.severity.toUpperCase()}] ${findingSentence(f, t, 'en')}`);
    console.log(`    kind: ${f.kind}   confidence: ${f.confidence}   basis: ${f.basis}`);
    console.log(`    actor: ${actorLine(f.actor)}`);
    const counts = evidenceCounts(f.evidence.counts, t, 'en').join(', ');
    const destinations = f.evidence.destinations?.length ? `; sent to: ${f.evidence.destinations.join(', ')}` : '';
    console.log(`    evidence: ${counts}${destinations}; profiles: ${f.subjects.join(', ')}`);
    for (const s of f.evidence.samples) console.log(`      · ${s}`);
    console.log('');
  }
}

async function play(server, act, number, { keepOpen }) {
  server.collector.clear();
  const browser = await launch({ serverPort: server.port, fixtures: [act.fixture], headed });
  try {
    console.log(`\n=== Act ${number}: Vigie and tests/fixtures/extensions/${act.fixture}\n`);
    console.log(act.story);
    const page = await browser.context.newPage();
    await act.browse(page);
    const findings = await eventually(async () => {
      const list = await findingsOf(browser);
      return act.done(list) && list;
    }, { what: `the findings of act ${number}`, timeout: 45000, interval: 500 }).catch(async (error) => {
      console.log('Findings so far:', (await findingsOf(browser)).map((f) => `${f.kind} (${f.subjects.length})`).join(', ') || 'none');
      console.log('Received so far:', server.collector.received.map(describeSent).join('; ') || 'nothing');
      throw error;
    });
    if (act.screenshot) await page.screenshot({ path: join(outDir, act.screenshot) });

    console.log(`\nWhat left the browser (as the collector hosts received it): ${server.collector.received.length} request(s)`);
    for (const request of server.collector.received) console.log(`  · ${describeSent(request)}`);
    if (act.fixture === 'response-interceptor') console.log('  (sent from its service worker: no extension, Vigie included, can see these)');
    console.log('');
    printFindings(findings);

    const tabId = await tabIdOf(browser, act.tab, { active: true });
    const worker = await browser.worker();
    const badge = await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 320 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.getByTestId('finding').first().waitFor();
    const shot = join(outDir, number === 1 ? 'popup.png' : `popup-${act.fixture}.png`);
    await popup.screenshot({ path: shot, fullPage: true });
    await popup.close();
    console.log(`Badge on the LinkedIn tab: "${badge}"; popup screenshot: ${shot}`);
    if (keepOpen) {
      console.log('\nThe browser stays open; press Ctrl-C to stop.');
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await browser.close();
  }
}

const server = await startServer({ port: 0 });
let exitCode = 0;
try {
  for (const [i, act] of ACTS.entries()) await play(server, act, i + 1, { keepOpen: headed && i === ACTS.length - 1 });
  console.log(`\nProfile page screenshot: ${join(outDir, 'profile.png')}`);
} catch (error) {
  console.error('demo failed:', error);
  exitCode = 1;
} finally {
  await server.close();
}
process.exit(exitCode);
