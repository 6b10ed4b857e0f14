// The real popup in headless Chromium (popup-page.mjs), fed the findings the
// core can send: every sentence in every actor form, at one and at many, in
// English and in French, as a person reads them on the cards — no key, no
// placeholder, no "undefined", no count shown by its name, the plural forms
// right — and a popup full of the longest values, which must fit its width
// whether or not a scroll bar takes part of it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { longState, matrixFindings } from './finding-samples.mjs';
import { COUNT_LABELS, UNIT_PHRASES, leftovers } from './plurals.mjs';
import { POPUP_WIDTH, browserUnavailable, launchChromium, openPopup, overflowOf, serveExtension } from './popup-page.mjs';
import { CAPS, COUNTS } from './vocabulary.mjs';

const skip = (await browserUnavailable()) ?? false;
const LANGS = ['en', 'fr'];
const LINKEDIN = { id: 'linkedin', name: 'LinkedIn', profileUrlPrefix: 'linkedin.com/in/' };

function matrixState(n) {
  return {
    ok: true,
    tab: { id: 7, url: 'https://www.linkedin.com/in/alice-martin/' },
    site: 'www.linkedin.com',
    siteModel: LINKEDIN,
    findings: matrixFindings(n),
    watched: { pages: n, injections: n, since: 1 },
    extensions: { total: n, enabled: n },
    health: { rejectedEvents: n, capsReached: CAPS.map((what) => ({ what, limit: n })) },
  };
}

/** What each card and the footer say, as a person reads them (every disclosure open). */
function readPopup(page) {
  return page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    return {
      cards: [...document.querySelectorAll('[data-testid="finding"]')].map((card) => ({
        sentence: card.querySelector('.sentence')?.innerText ?? '',
        facts: card.querySelector('.evidence-facts')?.innerText ?? '',
        text: card.innerText,
      })),
      heading: document.querySelector('.verdict-title')?.innerText ?? '',
      footer: document.getElementById('footer').innerText,
    };
  });
}

describe('the popup in Chromium', { skip }, () => {
  let server;
  let browser;
  before(async () => {
    server = await serveExtension();
    browser = await launchChromium({ scrollbars: true });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  for (const lang of LANGS) {
    for (const n of [1, 2]) {
      test(`${lang}: every finding at ${n} reads as a sentence, its counts with their labels and plural forms`, async () => {
        const state = matrixState(n);
        const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
        try {
          const shown = await readPopup(page);
          assert.equal(shown.cards.length, state.findings.length);
          shown.cards.forEach((card, i) => {
            const finding = state.findings[i];
            const where = `${finding.message.key} at ${n}: ${card.sentence}`;
            assert.deepEqual(leftovers(card.text, COUNTS), [], `${where}\n${card.text}`);
            for (const unit of finding.units) {
              assert.ok(card.sentence.includes(UNIT_PHRASES[lang][unit](n)), `${where}: ${UNIT_PHRASES[lang][unit](n)}`);
            }
            for (const [name, label] of Object.entries(COUNT_LABELS[lang])) {
              if (name in finding.evidence.counts) assert.ok(card.facts.includes(label(n)), `${where}: ${card.facts}`);
            }
          });
          assert.deepEqual(leftovers(shown.heading + shown.footer, [...COUNTS, ...CAPS]), [], shown.footer);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }

    test(`${lang}: a popup full of long names, hosts, ids and samples is no wider than its header`, async () => {
      const states = { findings: longState(), empty: { ...longState(), findings: [] } };
      for (const [name, state] of Object.entries(states)) {
        const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
        try {
          // Everything unfolded, and the longest status line: the export's file name.
          await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
          if (name === 'findings') await page.getByTestId('export-all').click();
          if (name === 'findings') {
            // Each card that sent data to the organization offers a letter to it, the
            // harvest cards a report: both in the width.
            assert.equal(await page.getByTestId('action-rights-letter').count(), state.findings.length);
            assert.equal(await page.getByTestId('action-rights-report').count(), 2);
          }
          const width = await overflowOf(page);
          const header = await page.evaluate(() => document.querySelector('.masthead').getBoundingClientRect().width);
          // Taller than a popup may be: a scroll bar takes part of the width.
          if (name === 'findings') assert.ok(width.clientWidth < POPUP_WIDTH, `a scroll bar: ${width.clientWidth}px`);
          assert.ok(width.scrollWidth <= width.clientWidth, `${name}: ${width.scrollWidth} > ${width.clientWidth}`);
          assert.deepEqual(width.wide, [], name);
          assert.ok(header <= width.clientWidth, `${name}: header ${header}px`);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      }
    });

    test(`${lang}: a panel in one Sales Navigator lead's page shows the lead at its lead address, a profile's slug only in the sentence`, async () => {
      const lead = 'ACwAAA0DrUwBVYgKNPX9HNcbd6mXP2VOX1aji6c';
      const sales = { ...LINKEDIN, leadIdPrefix: 'ACwA', leadUrlPrefix: 'linkedin.com/sales/lead/' };
      const panel = (subject) => ({
        ...matrixFindings(1).find((f) => f.message.key === 'findingInjectedUi'),
        key: `injectedUi|www.linkedin.com|ext:${subject}`,
        subjects: [subject],
        message: { key: 'findingInjectedUi', args: ['Fixture Contact Panel', subject] },
      });
      const state = { ...matrixState(1), siteModel: sales, findings: [panel(lead), panel('alice-martin')] };
      const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
      try {
        const shown = await readPopup(page);
        assert.equal(shown.cards.length, 2);
        assert.ok(shown.cards[0].text.includes(`linkedin.com/sales/lead/${lead}`), shown.cards[0].text);
        assert.ok(!shown.cards[1].text.includes('linkedin.com/in/alice-martin'), 'a slug the sentence names is not listed again');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: a leak names the person's values (masked) in its sentence, and lists no "profiles"; a harvest still lists its profiles`, async () => {
      const leak = matrixFindings(2).find((f) => f.kind === 'leakBeforeSubmit');
      const values = ['j***@example.fr', '06 1* ** ** 78'];
      const state = {
        ...matrixState(2),
        findings: [
          // As the core writes it: the subjects, joined, are the sentence's first argument.
          { ...leak, subjects: values, message: { ...leak.message, args: [...leak.message.args.slice(0, -2), values.join(', '), 'px.adtrace.net'] } },
          matrixFindings(2).find((f) => f.kind === 'harvestNotInView'),
        ],
      };
      const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
      try {
        const shown = await readPopup(page);
        assert.equal(shown.cards.length, 2);
        for (const value of values) assert.ok(shown.cards[0].sentence.includes(value), shown.cards[0].sentence);
        assert.equal(await page.getByTestId('finding').nth(0).getByTestId('profiles-list').count(), 0, shown.cards[0].text);
        assert.doesNotMatch(shown.cards[0].text, /profil/i);
        assert.equal(await page.getByTestId('finding').nth(1).getByTestId('profiles-list').locator('li').count(), 2, shown.cards[1].text);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: the heading counts the warnings as the badge does, and says the information cards below them`, async () => {
      const all = matrixFindings(1);
      const warnings = all.filter((f) => f.severity !== 'info').slice(0, 2);
      const infos = all.filter((f) => f.severity === 'info').slice(0, 3);
      assert.equal(warnings.length, 2);
      assert.ok(infos.length >= 1);
      for (const [findings, more] of [[[...warnings, ...infos], infos.length], [warnings, 0]]) {
        const { page, context, problems } = await openPopup(browser, server.origin, { lang, state: { ...matrixState(1), findings } });
        try {
          const shown = await readPopup(page);
          assert.equal(shown.cards.length, findings.length);
          assert.match(shown.heading, /^2 /);
          const line = page.getByTestId('info-more');
          assert.equal(await line.count(), more > 0 ? 1 : 0);
          if (more > 0) assert.match(await line.innerText(), new RegExp(`${more} .*(information)`));
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      }
    });

    test(`${lang}: "seen N times" is said only when no count of the card gives that number`, async () => {
      const leak = matrixFindings(2).find((f) => f.kind === 'leakBeforeSubmit');
      const findings = [
        { ...leak, key: `${leak.key}|same`, occurrences: 2 },
        { ...leak, key: `${leak.key}|more`, occurrences: 5 },
      ];
      const { page, context, problems } = await openPopup(browser, server.origin, { lang, state: { ...matrixState(2), findings } });
      try {
        const shown = await readPopup(page);
        const seen = lang === 'en' ? /seen 5 times/ : /vu 5 fois/;
        assert.doesNotMatch(shown.cards[0].facts, lang === 'en' ? /seen/ : /\bvu\b/, shown.cards[0].facts);
        assert.match(shown.cards[1].facts, seen, shown.cards[1].facts);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test(`${lang}: the extensions able to do an unattributed finding are counted in full, those it does not list among them`, async () => {
      const base = matrixFindings(1).find((f) => f.actor.type === 'unattributed' && f.actor.candidates.length > 0);
      const candidate = (i) => ({ id: String.fromCharCode(97 + i).repeat(32), name: `Helper ${i}`, version: '1.0', reasons: ['allSites'] });
      const ten = Array.from({ length: 10 }, (_, i) => candidate(i));
      const cases = [
        // Ten listed, four more counted: eight shown, and the other six said.
        { actor: { type: 'unattributed', candidates: ten, more: 4 }, shown: 8, rest: 6 },
        { actor: { type: 'unattributed', candidates: ten.slice(0, 3) }, shown: 3, rest: 0 },
        // None listed but some counted: never "no extension".
        { actor: { type: 'unattributed', candidates: [], more: 2 }, shown: 0, rest: 2 },
      ];
      for (const { actor, shown, rest } of cases) {
        const state = { ...matrixState(1), findings: [{ ...base, actor }] };
        const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
        try {
          const block = page.getByTestId('candidates');
          assert.equal(await block.getByTestId('candidate').count(), shown);
          const text = await block.innerText();
          assert.equal(await block.locator('.candidates-none').count(), 0, text);
          if (rest > 0) assert.match(text, new RegExp(`\\+ ${rest} (more|de plus|autres?)`), text);
          else assert.doesNotMatch(text, /\+ \d/, text);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      }
    });

    test(`${lang}: in a page open before Vigie started that its scripts could not enter, the popup asks for a reload and never says "no warnings"`, async () => {
      const state = { ...matrixState(1), findings: [], reloadToWatch: true, pageUnwatched: true };
      const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
      try {
        const notice = page.getByTestId('reload-notice');
        await notice.waitFor();
        assert.match(await notice.innerText(), lang === 'en' ? /could not enter it/ : /n’a pas pu y entrer/);
        assert.equal(await page.getByTestId('empty-state').count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
      // Came in late: the notice says it sees part, and the verdict stays.
      const late = await openPopup(browser, server.origin, { lang, state: { ...state, pageUnwatched: false } });
      try {
        await late.page.getByTestId('reload-notice').waitFor();
        assert.equal(await late.page.getByTestId('empty-state').count(), 1);
      } finally {
        await late.context.close();
      }
    });

    test(`${lang}: on a site Vigie was given no access to, the popup says so and never says "no warnings"`, async () => {
      const empty = { ...matrixState(1), findings: [], accessWithheld: true };
      const some = { ...matrixState(1), accessWithheld: true };
      for (const state of [empty, some]) {
        const { page, context, problems } = await openPopup(browser, server.origin, { lang, state });
        try {
          const notice = page.getByTestId('access-notice');
          await notice.waitFor();
          assert.match(await notice.innerText(), lang === 'en' ? /no access to this site/ : /n’a pas accès à ce site/);
          assert.equal(await page.getByTestId('empty-state').count(), 0);
          assert.equal(await page.getByTestId('finding').count(), state.findings.length);
          assert.equal(await page.getByTestId('reload-notice').count(), 0);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      }
    });
  }
});
