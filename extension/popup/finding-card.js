// One finding as a card: severity, the sentence, who did it, how sure Vigie
// is and what that rests on, when, and the evidence behind a disclosure.
//
// The ' ' text nodes between parts keep a line's text readable for screen
// readers and tests ("By Fixture Contact Panel 1.2.0"); the flex layout does
// not render them.

import { el, icon } from './dom.js';
import {
  absoluteTime,
  actorParts,
  evidenceCounts,
  findingSentence,
  joinParts,
  plural,
  relativeTime,
  truncate,
} from './format.js';

// Enough samples to recognise the pattern; the core keeps the rest.
const SAMPLES_SHOWN = 5;
// A sample longer than this is cut; the cut text stays in its tooltip.
const SAMPLE_CHARS = 400;
const KNOWN_SEVERITIES = new Set(['high', 'warning', 'info']);
const ACTOR_ICONS = { extension: 'extension', script: 'script', site: 'globe' };

let cardCount = 0;

/**
 * `<li data-testid="finding">` for one finding. `ctx`: { t, lang, now }.
 */
export function findingCard(finding, ctx) {
  const { t } = ctx;
  const severity = KNOWN_SEVERITIES.has(finding.severity) ? finding.severity : 'info';
  const sentenceId = `finding-${++cardCount}`;

  const item = el('li', { className: `finding severity-${severity}`, testid: 'finding' });
  item.dataset.kind = String(finding.kind ?? '');
  item.dataset.severity = String(finding.severity ?? '');

  const card = el(
    'article',
    { className: 'card', attrs: { 'aria-labelledby': sentenceId } },
    cardHead(finding, severity, ctx),
    el('p', { className: 'sentence', text: findingSentence(finding, t), attrs: { id: sentenceId } }),
    actorLine(finding.actor, t),
    chips(finding, t),
    evidence(finding, ctx),
  );
  item.append(card);
  return item;
}

function cardHead(finding, severity, { t, lang, now }) {
  const kind = t(`kind_${finding.kind}`);
  const head = el(
    'div',
    { className: 'card-head' },
    el('span', { className: 'severity', text: t(`severity_${severity}`) || severity }),
    kind && ' ',
    kind && el('span', { className: 'kind', text: kind }),
  );
  const last = Number(finding.lastSeen);
  const when = relativeTime(last, now, t, lang);
  if (when) {
    const first = absoluteTime(finding.firstSeen, lang);
    const lastText = absoluteTime(last, lang);
    head.append(
      ' ',
      el(
        'time',
        {
          className: 'when',
          title: [first && t('popup_firstSeen', [first]), lastText && t('popup_lastSeen', [lastText])]
            .filter(Boolean)
            .join('\n'),
          attrs: { datetime: new Date(last).toISOString() },
        },
        icon('clock', 'icon icon-small'),
        when,
      ),
    );
  }
  return head;
}

function actorLine(actor, t) {
  const { name, detail, title } = actorParts(actor, t);
  return el(
    'p',
    { className: 'actor', testid: 'finding-actor', title },
    el('span', { className: 'visually-hidden', text: t('popup_actorLabel') || 'By' }),
    ' ',
    icon(ACTOR_ICONS[actor?.type] ?? 'info', 'icon actor-icon'),
    el('span', { className: 'actor-name', text: name }),
    detail && ' ',
    detail && el('span', { className: 'actor-detail', text: detail }),
  );
}

function chips(finding, t) {
  const list = el('ul', { className: 'chips' });
  const add = (className, text, hint) => {
    if (text) list.append(el('li', { className: `chip ${className}`, text, title: hint }));
  };
  add(
    `confidence confidence-${finding.confidence}`,
    t(`confidence_${finding.confidence}`),
    t(`confidence_${finding.confidence}_hint`),
  );
  add('basis', t(`basis_${finding.basis}`), t(`basis_${finding.basis}_hint`));
  if (finding.actor?.type === 'extension') {
    add('install', t(`installType_${finding.actor.installType}`), '');
  }
  return list.childElementCount > 0 ? list : null;
}

function evidence(finding, { t, lang }) {
  const facts = evidenceCounts(finding.evidence?.counts, t, lang);
  const occurrences = Number(finding.occurrences);
  if (Number.isFinite(occurrences) && occurrences > 0) {
    facts.push(plural(t, 'occurrences', occurrences, lang));
  }
  const samples = Array.isArray(finding.evidence?.samples) ? finding.evidence.samples : [];
  const label = el('span', { className: 'evidence-label', text: t('popup_evidence') || 'Evidence' });
  const summaryText = el('span', { className: 'evidence-facts', text: joinParts(facts) });

  if (samples.length === 0) {
    return facts.length > 0 ? el('p', { className: 'evidence evidence-plain' }, label, ' ', summaryText) : null;
  }
  const list = el('ul', { className: 'samples' });
  for (const sample of samples.slice(0, SAMPLES_SHOWN)) {
    const text = String(sample);
    list.append(el('li', {}, el('code', { text: truncate(text, SAMPLE_CHARS), title: text })));
  }
  if (samples.length > SAMPLES_SHOWN) {
    list.append(
      el('li', { className: 'samples-more', text: plural(t, 'popup_moreSamples', samples.length - SAMPLES_SHOWN, lang) }),
    );
  }
  return el(
    'details',
    { className: 'evidence', testid: 'finding-evidence' },
    el('summary', {}, el('span', { className: 'disclosure' }), label, ' ', summaryText),
    list,
  );
}
