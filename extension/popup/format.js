// Pure helpers that turn the background's PopupState into display text:
// severities, counts, relative times, actor labels, evidence tags, health
// notes, export files. No browser API is touched here, so `node --test
// tests/js/` can exercise every function.
//
// Translation is passed in as `t(key, args)`, a function with the contract of
// `chrome.i18n.getMessage`: it returns '' for an unknown key. Plurals, counts
// with units and finding sentences live in sentence.js (the background's
// notifications use them too) and are re-exported here.
//
// The findings arrive in the engine's order (most severe, then most recent)
// and are shown in that order; nothing here re-sorts them.

import { findingSentence, formatCount, messageArg, plural, pluralCategory } from './sentence.js';

export { findingSentence, formatCount, messageArg, plural, pluralCategory };

const SEVERITY_RANK = { high: 3, warning: 2, info: 1 };

/** Rank of a severity name; unknown severities sort last. */
export function severityRank(severity) {
  return SEVERITY_RANK[severity] ?? 0;
}

/** The most severe severity among the findings, or null when there are none. */
export function topSeverity(findings) {
  let top = null;
  for (const f of findings ?? []) {
    if (top === null || severityRank(f?.severity) > severityRank(top)) top = f?.severity ?? null;
  }
  return top;
}

// The evidence counts the core reports (a closed set, each with its
// `evidence_<name>_one/_other` labels), in reading order: what was seen, then
// how fast, then what supports it.
const COUNT_ORDER = [
  'injections',
  'profiles',
  'profilesNotInView',
  'lookups',
  'lookupsWithoutClientHeaders',
  'pagesOpened',
  'windowSeconds',
  'matches',
  'calls',
];

/**
 * Evidence counts as labels, e.g. ['2 injections', '1 profile', 'within 4
 * seconds'], from the keys `evidence_<name>_one` / `evidence_<name>_other`.
 * Zero and non-numeric counts are left out, and so is a count the locale has
 * no label for: a number without its meaning says nothing to a person.
 */
export function evidenceCounts(counts, t, lang) {
  if (!counts || typeof counts !== 'object') return [];
  const rank = (name) => (COUNT_ORDER.includes(name) ? COUNT_ORDER.indexOf(name) : COUNT_ORDER.length);
  const names = Object.keys(counts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const labels = [];
  for (const name of names) {
    const n = Number(counts[name]);
    if (!Number.isFinite(n) || n <= 0) continue;
    const label = plural(t, `evidence_${name}`, n, lang);
    if (label) labels.push(label);
  }
  return labels;
}

/** Parts joined the way the popup shows a list of facts: "a · b · c". */
export function joinParts(parts) {
  return parts.filter((p) => p !== '' && p != null).join(' · ');
}

const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * How long ago `then` was, in words ("2 minutes ago", "il y a 2 minutes").
 * Under 45 seconds, and for times in the future (clock skew), it is the
 * locale's `time_justNow`. '' when `then` is not a time.
 */
export function relativeTime(then, now, t, lang) {
  const at = Number(then);
  if (!Number.isFinite(at) || at <= 0) return '';
  const seconds = Math.round((Number(now) - at) / 1000);
  if (seconds < 45) return t('time_justNow') || 'just now';
  // Elapsed time, not calendar days (numeric: 'always'): "1 day ago" rather
  // than "yesterday", which is wrong at 23:30 for something seen at 00:30.
  for (const [unit, size] of UNITS) {
    // Round rather than floor, but only switch to a unit once it reads as at
    // least one whole unit: 50 min stays "50 minutes", 90 min is "2 hours".
    if (seconds >= size * 0.95) return formatRelative(-Math.round(seconds / size), unit, lang);
  }
  return formatRelative(-1, 'minute', lang);
}

function formatRelative(value, unit, lang) {
  try {
    return new Intl.RelativeTimeFormat(lang, { numeric: 'always' }).format(value, unit);
  } catch {
    return new Intl.RelativeTimeFormat('en', { numeric: 'always' }).format(value, unit);
  }
}

/** A date and time in the language's medium style; '' when not a time. */
export function absoluteTime(ms, lang) {
  const at = Number(ms);
  if (!Number.isFinite(at) || at <= 0) return '';
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(lang, options).format(at);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(at);
  }
}

/**
 * Who a finding is about, as { name, detail, title }:
 * - an extension: its name (or the locale's "unknown extension") and version;
 * - a script: its origin;
 * - the site itself: its host, with the locale's "this site".
 * `title` carries what does not fit on one line (the extension id).
 */
export function actorParts(actor, t) {
  if (!actor || typeof actor !== 'object') {
    return { name: t('actor_unknown') || '?', detail: '', title: '' };
  }
  switch (actor.type) {
    case 'extension': {
      const known = typeof actor.name === 'string' && actor.name.trim() !== '';
      const name = known ? actor.name : t('actor_unknownExtension') || 'Unknown extension';
      const detail = actor.version ? String(actor.version) : '';
      const id = actor.id ? String(actor.id) : '';
      return { name, detail, title: joinParts([name, detail, id]) };
    }
    case 'script': {
      const origin = String(actor.origin ?? '');
      return { name: origin, detail: '', title: origin };
    }
    case 'site': {
      const host = String(actor.host ?? '');
      return { name: host, detail: t('actor_site'), title: host };
    }
    case 'unattributed':
      return { name: t('actor_unattributed') || 'An extension or script on this page', detail: '', title: '' };
    default:
      return { name: t('actor_unknown') || String(actor.type ?? '?'), detail: '', title: '' };
  }
}

/** `text` cut to `max` characters, the cut marked with an ellipsis. */
export function truncate(text, max) {
  const s = String(text ?? '');
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A short name for a page Vigie does not watch, e.g. "chrome://extensions"
 * or "about:blank"; '' when the URL cannot be read.
 */
export function pageLabel(url) {
  if (typeof url !== 'string' || url === '') return '';
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : truncate(`${u.protocol}${u.pathname}`, 60);
  } catch {
    return truncate(url, 60);
  }
}

/**
 * The health notice's lines: one naming the caps reached, each by its
 * `cap_<what>` label with its limit ("warnings per site (100)"), gathered in
 * `popup_healthCaps` (`popup_healthCapsUnnamed` when none has a label), and
 * one for rejected events. Empty when all is well.
 */
export function healthNotes(health, t, lang) {
  const notes = [];
  const caps = (Array.isArray(health?.capsReached) ? health.capsReached : []).filter((c) => c && typeof c === 'object');
  // What Vigie read only in part (something there may have escaped it),
  // then what it set aside to keep within its storage: two sentences.
  for (const [inPart, key] of [
    [true, 'popup_healthCapsInPart'],
    [false, 'popup_healthCaps'],
  ]) {
    const group = caps.filter((c) => (c.inPart === true) === inPart);
    if (group.length === 0) continue;
    const labels = [];
    for (const cap of group) {
      const label = typeof cap.what === 'string' && cap.what !== '' ? t(`cap_${cap.what}`) : '';
      if (!label) continue;
      const limit = Number(cap.limit);
      // 0: a limit of the shell's, whose size the core does not know.
      labels.push(Number.isFinite(limit) && limit > 0 ? `${label} (${formatCount(limit, lang)})` : label);
    }
    const list = [...new Set(labels)].join(', ');
    const note = list ? t(key, [list]) : t(inPart ? 'popup_healthCapsInPartUnnamed' : 'popup_healthCapsUnnamed');
    if (note && !notes.includes(note)) notes.push(note);
  }
  const rejected = Number(health?.rejectedEvents);
  if (Number.isFinite(rejected) && rejected > 0) {
    const note = plural(t, 'popup_healthRejected', rejected, lang);
    if (note) notes.push(note);
  }
  return notes;
}

/**
 * A failure in the person's language, then the reason the browser or the
 * core gave, in its own words (often English), marked as a technical detail.
 */
export function failureLine(t, sentence, error) {
  const reason = errorText(error);
  if (!reason) return sentence;
  return `${sentence} (${t('popup_technicalDetail', [reason]) || reason})`;
}

/** The text of an error from the background, whatever shape it came in. */
export function errorText(error) {
  if (error == null) return '';
  if (typeof error === 'string') return error;
  if (typeof error.message === 'string' && error.message !== '') {
    return error.kind ? `${error.kind}: ${error.message}` : error.message;
  }
  if (typeof error.kind === 'string') return error.kind;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

// ------------------------------------------------------------ harvest findings

// What the popup knows of a site comes from the engine's site model, passed
// through the PopupState as `siteModel`: { id, name, profileUrlPrefix } and,
// where the site has a sales tool, { leadIdPrefix, leadUrlPrefix }; or null
// for a site no model describes.

/**
 * The name a person calls the site by: the model's ("LinkedIn"), else the
 * host without its "www.".
 */
export function siteName(siteModel, host) {
  if (typeof siteModel?.name === 'string' && siteModel.name.trim() !== '') return siteModel.name;
  return String(host ?? '')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

/**
 * A profile as the text of its address, "linkedin.com/in/alice-martin", on a
 * site whose model gives where profiles live — a lead's id (Sales
 * Navigator's "ACwA…") at its lead address; the slug alone elsewhere. As
 * the core's `SiteSummary::profile_label`.
 */
export function profileLabel(siteModel, slug) {
  const s = String(slug ?? '');
  const prefix = isLead(siteModel, s) ? siteModel.leadUrlPrefix : siteModel?.profileUrlPrefix;
  return typeof prefix === 'string' && prefix !== '' ? `${prefix}${s}` : s;
}

/**
 * Whether `slug` is a lead's id on a site with a sales tool ("ACwA…" on
 * LinkedIn): an id no person reads as a name, shown at its lead address.
 */
export function isLead(siteModel, slug) {
  const lead = siteModel?.leadIdPrefix;
  return typeof lead === 'string' && lead !== '' && typeof siteModel?.leadUrlPrefix === 'string' && String(slug ?? '').startsWith(lead);
}

// Reasons an extension could have done it, in reading order. "Every site"
// says all "this site" would, so the latter is left out when both are given.
const REASON_ORDER = ['hostAccess', 'allSites', 'accessUnknown', 'cookies'];

/**
 * Why a candidate extension is listed, as labels: ["can read LinkedIn",
 * "can read your cookies"]; `name` is the site's (see siteName). Known
 * reasons only, each once, in a fixed order.
 */
export function candidateReasons(reasons, t, name) {
  const given = new Set(Array.isArray(reasons) ? reasons.filter((r) => typeof r === 'string') : []);
  if (given.has('allSites')) given.delete('hostAccess');
  const labels = [];
  for (const reason of REASON_ORDER) {
    if (!given.has(reason)) continue;
    const label = reason === 'hostAccess' ? t('reason_hostAccess', [name]) : t(`reason_${reason}`);
    if (label) labels.push(label);
  }
  return labels;
}

const DATA_KIND_ORDER = ['email', 'phone', 'name', 'custom'];
// Forms of the value first, then how it was written, then what carried it.
const ENCODING_ORDER = ['plain', 'url', 'base64', 'base64Reversed', 'md5', 'sha1', 'sha256', 'sha512', 'hex', 'gzip', 'deflate', 'lzString', 'encrypted'];
const HASHES = new Set(['md5', 'sha1', 'sha256', 'sha512']);
// A value the popup has no label for is shown as given, cut to this length.
const RAW_CHIP_CHARS = 40;

/** Distinct non-empty strings of `values`, those listed in `order` first, in that order. */
function ordered(values, order) {
  const list = [...new Set((Array.isArray(values) ? values : []).filter((v) => typeof v === 'string' && v !== ''))];
  const rank = (v) => (order.includes(v) ? order.indexOf(v) : order.length);
  return list.sort((a, b) => rank(a) - rank(b));
}

/**
 * The short tags shown for `evidence.dataKinds`, `evidence.encodings` and
 * `evidence.destinations`, in that order, as
 * { group: 'dataKind' | 'encoding' | 'destination', value, label, hint }.
 * Known values get the locale's label, others are shown as given; hosts are
 * shown as they are.
 */
export function evidenceChips(evidence, t) {
  const chips = [];
  for (const value of ordered(evidence?.dataKinds, DATA_KIND_ORDER)) {
    chips.push({
      group: 'dataKind',
      value,
      label: t(`dataKind_${value}`) || truncate(value, RAW_CHIP_CHARS),
      hint: t('dataKind_hint'),
    });
  }
  for (const value of ordered(evidence?.encodings, ENCODING_ORDER)) {
    chips.push({
      group: 'encoding',
      value,
      label: t(`encoding_${value}`) || truncate(value, RAW_CHIP_CHARS),
      hint: HASHES.has(value) ? t('encoding_hashHint') : t('encoding_hint'),
    });
  }
  for (const value of ordered(evidence?.destinations, [])) {
    const sentTo = t('destination_label') || 'Sent to';
    chips.push({ group: 'destination', value, label: value, hint: `${sentTo} ${value}` });
  }
  return chips;
}

/**
 * Whether the popup offers to turn the actor off: an installed extension it
 * can name, other than Vigie, that an administrator did not impose (the
 * browser refuses to disable those).
 */
export function mayDisable(actor, selfId) {
  return (
    actor?.type === 'extension' &&
    typeof actor.id === 'string' &&
    actor.id !== '' &&
    actor.id !== selfId &&
    typeof actor.name === 'string' &&
    actor.name.trim() !== '' &&
    actor.installType !== 'admin'
  );
}

/** Whether the browser has a page to show for the actor: an installed extension it can name. */
export function hasDetails(actor) {
  return (
    actor?.type === 'extension' &&
    typeof actor.id === 'string' &&
    actor.id !== '' &&
    typeof actor.name === 'string' &&
    actor.name.trim() !== ''
  );
}

/** The local calendar day of `date` as YYYY-MM-DD. */
export function isoDay(date) {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return 'undated';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A name part safe in a file name on every system: letters, digits, '.', '_' and '-'. */
function fileNamePart(value, fallback) {
  const part = String(value ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return part || fallback;
}

/**
 * `vigie-evidence-<site>-<kind>-<YYYY-MM-DD>.json`; `kind` 'all' for the
 * export of a whole site.
 */
export function exportFileName(site, kind, date) {
  return `vigie-evidence-${fileNamePart(site, 'site')}-${fileNamePart(kind, 'finding')}-${isoDay(date)}.json`;
}

function exportMeta({ exportedAt, vigieVersion }) {
  const at = exportedAt instanceof Date ? exportedAt : new Date(exportedAt);
  return {
    exportedAt: Number.isNaN(at.getTime()) ? null : at.toISOString(),
    vigieVersion: vigieVersion == null ? null : String(vigieVersion),
  };
}

/**
 * The content of a finding's evidence file: the finding as the core wrote it,
 * with `exportedAt` (ISO 8601) and `vigieVersion` added, pretty-printed.
 */
export function findingExport(finding, meta) {
  const { exportedAt, vigieVersion } = exportMeta(meta);
  const doc = { exportedAt, vigieVersion, ...finding };
  // The export's own stamp wins over any field of the same name.
  doc.exportedAt = exportedAt;
  doc.vigieVersion = vigieVersion;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The content of a site's evidence file: `{ exportedAt, vigieVersion, site, findings }`. */
export function siteExport(site, findings, meta) {
  const doc = { ...exportMeta(meta), site: site ?? null, findings: Array.isArray(findings) ? findings : [] };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
