// One finding as a card: severity, the sentence, who did it (or which
// extensions could have), how sure Vigie is and what that rests on, what data
// went where, when, the evidence and the profiles behind disclosures, and what
// a person can do about it.
//
// The ' ' text nodes between parts keep a line's text readable for screen
// readers and tests ("By Fixture Contact Panel 1.2.0"); the flex layout does
// not render them.

import { cardActions, detailsButton } from './card-actions.js';
import { el, icon } from './dom.js';
import {
  absoluteTime,
  actorParts,
  candidateReasons,
  evidenceChips,
  evidenceCounts,
  findingSentence,
  hasDetails,
  isLead,
  joinParts,
  plural,
  profileLabel,
  relativeTime,
  siteName,
  truncate,
} from './format.js';

// Enough samples to recognise the pattern; the core keeps the rest.
const SAMPLES_SHOWN = 5;
// A sample longer than this is cut; the cut text stays in its tooltip.
const SAMPLE_CHARS = 400;
const KNOWN_SEVERITIES = new Set(['high', 'warning', 'info']);
const ACTOR_ICONS = { extension: 'extension', script: 'script', site: 'globe', unattributed: 'unknown' };
// Profiles listed under their disclosure; the rest are counted.
const PROFILES_SHOWN = 50;
// Candidate extensions listed for an unattributed finding; the rest are counted.
const CANDIDATES_SHOWN = 8;

let cardCount = 0;

/**
 * `<li data-testid="finding">` for one finding. `ctx`: { t, lang, now,
 * siteModel, selfId, actions } — `siteModel` is the PopupState's (null for a
 * site no model describes); see card-actions.js for `selfId` and `actions`.
 */
export function findingCard(finding, ctx) {
  const { t } = ctx;
  const severity = KNOWN_SEVERITIES.has(finding.severity) ? finding.severity : 'info';
  const sentenceId = `finding-${++cardCount}`;

  const item = el('li', { className: `finding severity-${severity}`, testid: 'finding' });
  item.dataset.kind = String(finding.kind ?? '');
  item.dataset.severity = String(finding.severity ?? '');

  // Where the outcome of an action (details, disable, export) is announced.
  const status = el('p', { className: 'card-status', testid: 'finding-status', attrs: { role: 'status' } });
  const card = el(
    'article',
    { className: 'card', attrs: { 'aria-labelledby': sentenceId } },
    cardHead(finding, severity, ctx),
    el('p', { className: 'sentence', text: findingSentence(finding, t, ctx.lang), attrs: { id: sentenceId } }),
    actorLine(finding.actor, ctx, status),
    candidates(finding, ctx, status),
    notes(finding, t),
    chips(finding, t),
    dataChips(finding, t),
    evidence(finding, ctx),
    profiles(finding, ctx),
    cardActions(finding, ctx, status),
    status,
  );
  item.append(card);
  return item;
}

function cardHead(finding, severity, { t, lang, now }) {
  const kind = t(`kind_${finding.kind}`);
  // Severity and kind stay together; the time goes under them when the line
  // is too short for all three (long kinds, French).
  const head = el(
    'div',
    { className: 'card-head' },
    el(
      'span',
      { className: 'card-label' },
      el('span', { className: 'severity', text: t(`severity_${severity}`) || severity }),
      kind && ' ',
      kind && el('span', { className: 'kind', text: kind, title: kind }),
    ),
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

/** Who did it; for an extension the browser knows, with its Details button. */
function actorLine(actor, ctx, status) {
  const { t } = ctx;
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
    hasDetails(actor) && ' ',
    hasDetails(actor) && detailsButton(actor, ctx, status),
  );
}

/**
 * For a finding whose author is not established: the installed extensions
 * whose permissions allow it, each with why and a way to its page.
 */
function candidates(finding, ctx, status) {
  const { t } = ctx;
  if (finding.actor?.type !== 'unattributed') return null;
  const all = (Array.isArray(finding.actor.candidates) ? finding.actor.candidates : []).filter(
    (c) => c && typeof c === 'object',
  );
  // Those the finding counts but does not list (it lists ten at most).
  const unlisted = Number.isSafeInteger(finding.actor.more) && finding.actor.more > 0 ? finding.actor.more : 0;
  const block = el(
    'div',
    { className: 'candidates', testid: 'candidates' },
    el('p', { className: 'candidates-heading', text: t('popup_candidatesHeading') || 'Extensions able to do this:' }),
  );
  if (all.length === 0 && unlisted === 0) {
    block.append(el('p', { className: 'candidates-none', text: t('popup_candidatesNone') }));
    return block;
  }
  const list = el('ul', { className: 'candidate-list' });
  for (const candidate of all.slice(0, CANDIDATES_SHOWN)) {
    const extension = { type: 'extension', ...candidate };
    const { name, detail, title } = actorParts(extension, t);
    const reasons = candidateReasons(candidate.reasons, t, siteName(ctx.siteModel, finding.site));
    list.append(
      el(
        'li',
        { className: 'candidate', testid: 'candidate' },
        el(
          'div',
          { className: 'candidate-text' },
          el(
            'p',
            { className: 'candidate-name', title },
            el('span', { className: 'candidate-title', text: name }),
            detail && ' ',
            detail && el('span', { className: 'actor-detail', text: detail }),
          ),
          reasons.length > 0 && el('p', { className: 'candidate-reasons', text: joinParts(reasons) }),
        ),
        hasDetails(extension) && detailsButton(extension, ctx, status),
      ),
    );
  }
  const hidden = Math.max(0, all.length - CANDIDATES_SHOWN) + unlisted;
  if (hidden > 0) list.append(moreItem(hidden, ctx));
  block.append(list);
  return block;
}

/** "+ 3 more" at the end of a list cut short. */
function moreItem(count, { t, lang }) {
  return el('li', { className: 'samples-more', text: plural(t, 'popup_moreSamples', count, lang) });
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

/** What the evidence rests on or lacks, each note a sentence of its own. */
function notes(finding, t) {
  const given = Array.isArray(finding.evidence?.notes) ? finding.evidence.notes : [];
  const texts = [...new Set(given.filter((n) => typeof n === 'string'))].map((n) => t(`note_${n}`)).filter(Boolean);
  if (texts.length === 0) return null;
  const list = el('ul', { className: 'notes', testid: 'finding-notes' });
  for (const text of texts) list.append(el('li', { text }));
  return list;
}

/** What data went where, and in what form: "e-mail", "phone", "in clear", "→ api.collector.test". */
function dataChips(finding, t) {
  const chips = evidenceChips(finding.evidence, t);
  if (chips.length === 0) return null;
  const list = el('ul', { className: 'chips data-chips', testid: 'finding-data' });
  for (const chip of chips) {
    const item = el('li', { className: `chip chip-${chip.group}`, title: chip.hint });
    item.dataset.value = chip.value;
    if (chip.group === 'destination') {
      item.append(
        icon('send', 'icon chip-icon'),
        el('span', { className: 'visually-hidden', text: `${t('destination_label') || 'Sent to'} ` }),
        el('span', { className: 'chip-text', text: chip.label }),
      );
    } else {
      item.textContent = chip.label;
    }
    list.append(item);
  }
  return list;
}

// The counts that grow by one each time a finding is seen again (the
// engine's `Tally::Bump`), as opposed to profiles, pages or seconds.
const PER_OCCURRENCE = ['matches', 'lookups', 'calls', 'injections', 'floods', 'fieldReads'];

function evidence(finding, { t, lang }) {
  const facts = evidenceCounts(finding.evidence?.counts, t, lang);
  const occurrences = Number(finding.occurrences);
  // "2 matches · seen 2 times" says one thing twice: the occurrences are
  // said only when no count that grows by one each time gives their number.
  const counts = finding.evidence?.counts && typeof finding.evidence.counts === 'object' ? finding.evidence.counts : {};
  const same = PER_OCCURRENCE.some((name) => Number(counts[name]) === occurrences);
  if (Number.isFinite(occurrences) && occurrences > 0 && !same) {
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
  if (samples.length > SAMPLES_SHOWN) list.append(moreItem(samples.length - SAMPLES_SHOWN, { t, lang }));
  return el(
    'details',
    { className: 'evidence', testid: 'finding-evidence' },
    el('summary', {}, el('span', { className: 'disclosure' }), label, ' ', summaryText),
    list,
  );
}

/**
 * The profiles a finding concerns, behind a "14 profiles" disclosure, as
 * address text (not links). Left out when the sentence already writes every
 * subject — the only profile, or the person's own values a leak names, all
 * of them (masked), which are no profiles — unless one is a lead's id,
 * which says nothing until written at its address.
 */
function profiles(finding, { t, lang, siteModel }) {
  const subjects = [
    ...new Set((Array.isArray(finding.subjects) ? finding.subjects : []).filter((s) => typeof s === 'string' && s)),
  ];
  if (subjects.length === 0) return null;
  const textArgs = (Array.isArray(finding.message?.args) ? finding.message.args : []).filter(
    (arg) => typeof arg === 'string',
  );
  // The actor's own name is no list of subjects, whatever it holds.
  const actor = finding.actor ?? {};
  const listed = textArgs.filter((arg) => ![actor.name, actor.origin, actor.host, actor.id].includes(arg));
  const written = (subject) => listed.some((arg) => arg === subject || arg.split(', ').includes(subject));
  if (subjects.every(written) && !subjects.some((s) => isLead(siteModel, s))) return null;
  const list = el('ul', { className: 'profile-list' });
  for (const slug of subjects.slice(0, PROFILES_SHOWN)) {
    list.append(el('li', { className: 'profile', text: profileLabel(siteModel, slug), title: slug }));
  }
  if (subjects.length > PROFILES_SHOWN) list.append(moreItem(subjects.length - PROFILES_SHOWN, { t, lang }));
  return el(
    'details',
    { className: 'evidence profiles', testid: 'profiles-list' },
    el(
      'summary',
      {},
      el('span', { className: 'disclosure' }),
      el('span', { className: 'evidence-label', text: plural(t, 'popup_profiles', subjects.length, lang) }),
    ),
    list,
  );
}
