// Pure helpers that turn the background's PopupState into display text:
// ordering, plurals, counts, relative times, actor labels, evidence tags,
// export files. No browser API is touched here, so `node --test tests/js/`
// can exercise every function.
//
// Translation is passed in as `t(key, args)`, a function with the contract of
// `chrome.i18n.getMessage`: it returns '' for an unknown key.
//
// Plurals. WebExtension locales have no plural rules, so a counted label is
// two keys, `<base>_one` and `<base>_other`, chosen with Intl.PluralRules for
// the popup's language (French puts 0 and 1 in "one", English only 1). CLDR
// categories other than "one" ("many" for a million in French, say) fall back
// to `_other`. Both keys take the formatted number as `$1`.

const SEVERITY_RANK = { high: 3, warning: 2, info: 1 };

/** Rank of a severity name; unknown severities sort last. */
export function severityRank(severity) {
  return SEVERITY_RANK[severity] ?? 0;
}

/**
 * Findings most severe first, then most recently seen, then by key so the
 * order is stable between renders. Returns a new array.
 */
export function sortFindings(findings) {
  if (!Array.isArray(findings)) return [];
  return findings
    .filter((f) => f && typeof f === 'object')
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        (Number(b.lastSeen) || 0) - (Number(a.lastSeen) || 0) ||
        String(a.key ?? '').localeCompare(String(b.key ?? '')),
    );
}

/** The most severe severity among the findings, or null when there are none. */
export function topSeverity(findings) {
  let top = null;
  for (const f of findings ?? []) {
    if (top === null || severityRank(f?.severity) > severityRank(top)) top = f?.severity ?? null;
  }
  return top;
}

/** 'one' or 'other': the two plural forms the locale files provide. */
export function pluralCategory(n, lang) {
  try {
    return new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other';
  } catch {
    return n === 1 ? 'one' : 'other';
  }
}

/** A whole number in the language's digits grouping ("12,345", "12 345"). */
export function formatCount(n, lang) {
  const value = Number(n);
  if (!Number.isFinite(value)) return String(n);
  try {
    return new Intl.NumberFormat(lang).format(value);
  } catch {
    return String(value);
  }
}

/**
 * The counted label `<base>_one` / `<base>_other` with the formatted number as
 * `$1`; '' when the locale has neither key.
 */
export function plural(t, base, n, lang) {
  const args = [formatCount(n, lang)];
  return t(`${base}_${pluralCategory(n, lang)}`, args) || t(`${base}_other`, args);
}

// The order evidence counts are read in; names the core adds later follow,
// alphabetically.
const COUNT_ORDER = [
  'injections',
  'profiles',
  'profilesNotInView',
  'lookups',
  'searches',
  'matches',
  'calls',
  'requests',
  'pagesOpened',
  'pages',
];

/**
 * Evidence counts as labels, e.g. ['2 injections', '1 profile'], from the keys
 * `evidence_<name>_one` / `evidence_<name>_other`. Zero and non-numeric counts
 * are left out; a count with no label reads "<n> <name>".
 */
export function evidenceCounts(counts, t, lang) {
  if (!counts || typeof counts !== 'object') return [];
  const names = Object.keys(counts).sort((a, b) => {
    const ra = COUNT_ORDER.indexOf(a);
    const rb = COUNT_ORDER.indexOf(b);
    if (ra !== -1 || rb !== -1) return (ra === -1 ? Infinity : ra) - (rb === -1 ? Infinity : rb);
    return a.localeCompare(b);
  });
  const labels = [];
  for (const name of names) {
    const n = Number(counts[name]);
    if (!Number.isFinite(n) || n <= 0) continue;
    labels.push(plural(t, `evidence_${name}`, n, lang) || `${formatCount(n, lang)} ${name}`);
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

/**
 * The finding's sentence in the popup's language, from `message.key` and
 * `message.args`; the core's English `explanation` when the key has no
 * translation here.
 */
export function findingSentence(finding, t) {
  const key = finding?.message?.key;
  if (typeof key === 'string' && key !== '') {
    const args = Array.isArray(finding.message.args) ? finding.message.args.map(String) : [];
    const text = t(key, args);
    if (text) return text;
  }
  return typeof finding?.explanation === 'string' ? finding.explanation : '';
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
 * The health notice's lines: one per cap reached ("what (limit)") gathered in
 * `popup_healthCaps`, and one for rejected events. Empty when all is well.
 */
export function healthNotes(health, t, lang) {
  const notes = [];
  const caps = Array.isArray(health?.capsReached) ? health.capsReached : [];
  if (caps.length > 0) {
    const list = caps
      .map((c) => (c?.limit != null ? `${c?.what ?? '?'} (${formatCount(c.limit, lang)})` : String(c?.what ?? '?')))
      .join(', ');
    notes.push(t('popup_healthCaps', [list]) || `Limits reached: ${list}`);
  }
  const rejected = Number(health?.rejectedEvents);
  if (Number.isFinite(rejected) && rejected > 0) {
    notes.push(plural(t, 'popup_healthRejected', rejected, lang) || `Rejected events: ${rejected}`);
  }
  return notes;
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

// Sites whose pages Vigie knows by name: the name a person calls the site by,
// and where a profile lives (`subjects` are the slugs after that path).
const KNOWN_SITES = [{ domain: 'linkedin.com', name: 'LinkedIn', profilePath: '/in/' }];

/**
 * What the popup knows about a host: { name, domain, profilePath }. For a host
 * it does not know, the name is the host without its "www." and there is no
 * profile path.
 */
export function siteInfo(host) {
  const h = String(host ?? '')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  const known = KNOWN_SITES.find((s) => h === s.domain || h.endsWith(`.${s.domain}`));
  if (known) return { ...known };
  const bare = h.replace(/^www\./, '');
  return { name: bare, domain: bare, profilePath: null };
}

/**
 * A profile as the text of its address, "linkedin.com/in/alice-martin", on a
 * site whose profile path is known; the slug alone elsewhere.
 */
export function profileLabel(site, slug) {
  const s = String(slug ?? '');
  const { domain, profilePath } = siteInfo(site);
  return profilePath && domain ? `${domain}${profilePath}${s}` : s;
}

// Reasons an extension could have done it, in reading order. "Every site"
// says all "this site" would, so the latter is left out when both are given.
const REASON_ORDER = ['hostAccess', 'allSites', 'cookies'];

/**
 * Why a candidate extension is listed, as labels: ["can read LinkedIn",
 * "can read your cookies"]. Known reasons only, each once, in a fixed order.
 */
export function candidateReasons(reasons, t, site) {
  const given = new Set(Array.isArray(reasons) ? reasons.filter((r) => typeof r === 'string') : []);
  if (given.has('allSites')) given.delete('hostAccess');
  const name = siteInfo(site).name;
  const labels = [];
  for (const reason of REASON_ORDER) {
    if (!given.has(reason)) continue;
    const label = reason === 'hostAccess' ? t('reason_hostAccess', [name]) : t(`reason_${reason}`);
    if (label) labels.push(label);
  }
  return labels;
}

const DATA_KIND_ORDER = ['email', 'phone', 'name'];
const ENCODING_ORDER = ['plain', 'url', 'base64', 'md5', 'sha1', 'sha256'];
const HASHES = new Set(['md5', 'sha1', 'sha256']);
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
