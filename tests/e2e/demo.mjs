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
//   5. No extension at all: a shop's checkout (www/shop/, served as
//      www.atelier-lumiere.fr) with the tags such shops carry; the person
//      types an e-mail address, a phone number and a name and does not
//      submit, and an analytics tag, a session replay and an ad pixel send
//      them away, hashed, in gzip or in a query. This act runs in French.
// Each act prints what the person did, what left the browser (as the
// fixture collector, or the shop's third parties, received it) and the
// findings Vigie raised, as the popup words them, naming the extension;
// screenshots of each act's popup and of the profile page go to out/demo/
// (popup.png is the first act's, popup-leaks.png the shop's, in French).
// With --headed, each act opens a real window; the last one stays open
// until Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceCounts } from '../../extension/popup/format.js';
import { findingSentence } from '../../extension/popup/sentence.js';
import { SHOP_HOST } from '../../www/hosts.mjs';
import { startServer } from '../../www/server.mjs';
import { connections } from '../../www/linkedin/people.mjs';
import { localeT } from '../js/locale.mjs';
import { ROOT, SITE, eventually, findingsOf, launch, tabIdOf } from './harness.mjs';

// The findings are printed in English as the popup words them (and in
// French too for the act that runs in French).
const t = localeT('en');
const tFr = localeT('fr');

// What the person types into the shop's checkout (act 5).
const TYPED = [['#email', 'jean.dupont@example.fr'], ['#tel', '06 12 34 56 78'], ['#prenom', 'Jean'], ['#nom', 'Dupont']];
// The shop's third parties that receive it before the form is submitted.
const LEAK_HOSTS = ['collect.mesurely.com', 'in.replaywise.io', 'px.adtrace.net'];

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
  {
    fixture: null,
    lang: 'fr',
    story: `The person types an e-mail address, a phone number and a name into the checkout of a lighting shop (https://${SHOP_HOST}/commande), moving from field to field, and does not submit the form. The page carries the shop's usual tags: analytics, a session replay, an ad pixel, an identity sync.`,
    async browse(page) {
      await page.goto(`https://${SHOP_HOST}/commande`);
      for (const [selector, value] of TYPED) {
        await page.locator(selector).click();
        await page.locator(selector).pressSequentially(value, { delay: 20 });
        await page.keyboard.press('Tab');
      }
    },
    // The pixel's last request carries the names too, hashed each on its own.
    done: (list) => LEAK_HOSTS.every((host) => list.some((f) => f.kind === 'leakBeforeSubmit' && f.evidence.destinations?.includes(host) &&
      (host !== 'px.adtrace.net' || f.evidence.dataKinds?.includes('name')))),
    tab: `https://${SHOP_HOST}/commande*`,
    popup: 'popup-leaks.png',
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

/** What the shop's third parties received, host by host (the shop's own posts left out). */
function shopSent(server) {
  const byHost = new Map();
  for (const r of server.shop.received) {
    if (r.host === SHOP_HOST || r.host.endsWith('.atelier-lumiere.fr')) continue;
    const seen = byHost.get(r.host) ?? { count: 0, bytes: 0, kinds: new Set() };
    seen.count += 1;
    seen.bytes += r.size ?? 0;
    const encoding = r.headers?.['content-encoding'];
    const gzip = r.raw?.length > 2 && r.raw[0] === 0x1f && r.raw[1] === 0x8b;
    seen.kinds.add(`${r.method}${encoding ? ` (Content-Encoding: ${encoding})` : gzip ? ' (gzip made in the page)' : ''}${Object.keys(r.query ?? {}).length ? ' with a query' : ''}`);
    byHost.set(r.host, seen);
  }
  return [...byHost].map(([host, { count, bytes, kinds }]) => `${host}: ${count} request(s), ${bytes} bytes — ${[...kinds].join(', ')}`);
}

function printFindings(findings, { french = false } = {}) {
  console.log(`Vigie raised ${findings.length} finding(s):\n`);
  for (const f of findings) {
    console.log(`  [${f.severity.toUpperCase()}] ${findingSentence(f, t, 'en')}`);
    if (french) console.log(`    (fr) ${findingSentence(f, tFr, 'fr')}`);
    console.log(`    kind: ${f.kind}   confidence: ${f.confidence}   basis: ${f.basis}`);
    console.log(`    actor: ${actorLine(f.actor)}`);
    const counts = evidenceCounts(f.evidence.counts, t, 'en').join(', ');
    const destinations = f.evidence.destinations?.length ? `; sent to: ${f.evidence.destinations.join(', ')}` : '';
    const forms = f.evidence.encodings?.length ? `; as: ${f.evidence.encodings.join(', ')}` : '';
    const kinds = f.evidence.dataKinds?.length ? `; data: ${f.evidence.dataKinds.join(', ')}` : '';
    // A leak's subjects are the person's own values, masked; the others', profiles.
    const subjects = f.subjects.length ? `; ${f.kind.startsWith('leak') ? 'values' : 'profiles'}: ${f.subjects.join(', ')}` : '';
    console.log(`    evidence: ${counts}${destinations}${kinds}${forms}${subjects}`);
    for (const s of f.evidence.samples) console.log(`      · ${s}`);
    console.log('');
  }
}

async function play(server, act, number, { keepOpen }) {
  server.collector.clear();
  server.shop.clear();
  const fixtures = act.fixture ? [act.fixture] : [];
  const browser = await launch({ serverPort: server.port, fixtures, headed, lang: act.lang ?? 'en-US' });
  try {
    const heading = act.fixture ? `Vigie and tests/fixtures/extensions/${act.fixture}` : `Vigie alone, on a shop (browser in ${act.lang ?? 'en-US'})`;
    console.log(`\n=== Act ${number}: ${heading}\n`);
    console.log(act.story);
    const page = await browser.context.newPage();
    await act.browse(page);
    const findings = await eventually(async () => {
      const list = await findingsOf(browser);
      return act.done(list) && list;
    }, { what: `the findings of act ${number}`, timeout: 45000, interval: 500 }).catch(async (error) => {
      console.log('Findings so far:', (await findingsOf(browser)).map((f) => `${f.kind} (${f.subjects.length})`).join(', ') || 'none');
      const received = act.fixture ? server.collector.received.map(describeSent) : shopSent(server);
      console.log('Received so far:', received.join('; ') || 'nothing');
      throw error;
    });
    if (act.screenshot) await page.screenshot({ path: join(outDir, act.screenshot) });

    if (act.fixture) {
      console.log(`\nWhat left the browser (as the collector hosts received it): ${server.collector.received.length} request(s)`);
      for (const request of server.collector.received) console.log(`  · ${describeSent(request)}`);
    } else {
      console.log('\nWhat left the browser for the shop\'s third parties, before any submit (as their hosts received it):');
      for (const line of shopSent(server)) console.log(`  · ${line}`);
    }
    if (act.fixture === 'response-interceptor') console.log('  (sent from its service worker: no extension, Vigie included, can see these)');
    console.log('');
    printFindings(findings, { french: act.lang === 'fr' });

    const tabId = await tabIdOf(browser, act.tab, { active: true });
    const worker = await browser.worker();
    const badge = await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 320 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.getByTestId('finding').first().waitFor();
    const shot = join(outDir, act.popup ?? (number === 1 ? 'popup.png' : `popup-${act.fixture}.png`));
    await popup.screenshot({ path: shot, fullPage: true });
    await popup.close();
    console.log(`Badge on the ${act.fixture ? 'LinkedIn' : 'shop\'s'} tab: "${badge}"; popup screenshot: ${shot}`);
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
