// Counted text and finding sentences in the person's language, shared by the
// popup and the background's notifications. Pure: translation comes in as
// `t(key, args)`, a function with the contract of `chrome.i18n.getMessage`
// ('' for an unknown key), and `lang` is the language of the messages in use.
//
// Plurals. WebExtension locales have no plural rules, so a counted label is
// two keys, `<base>_one` and `<base>_other`, chosen with Intl.PluralRules for
// the language (French puts 0 and 1 in "one", English only 1). CLDR
// categories other than "one" ("many" for a million in French, say) fall back
// to `_other`. Both keys take the formatted number as `$1`.
//
// Sentences. The core names a finding's sentence by key (`message.key`) and
// passes its arguments (`message.args`), each either text (a name, a host, a
// profile, a list) or a count with its unit, `{count: 12, unit: "profiles"}`.
// A count becomes the phrase of `unit_<unit>_one` / `unit_<unit>_other`
// ("12 profiles", "1 second") before it fills its placeholder, so that the
// sentence itself never has to agree with a number. Phrases,
// `{phrases: [{key, args}, …]}`, are words the core names by locale key (a
// risk level, the capabilities an extension gained): each is translated with
// its own arguments, and the list joined.

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

/**
 * A country's flag (its two regional-indicator letters) and its name in the
 * language (`Intl.DisplayNames`, from the browser: no table shipped):
 * "🇨🇳 China", "🇨🇳 Chine". A code that is not two letters is shown as it is.
 */
export function countryLabel(code, lang) {
  if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) return String(code ?? '');
  const flag = String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
  let name = code;
  try {
    name = new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    // An unknown language: the code alone.
  }
  return `${flag} ${name}`;
}

/**
 * A phrase written to stand alone ("Reads your clipboard") as it reads after
 * the first item of a list: its first letter in lower case, unless its first
 * word is a name ("LinkedIn").
 */
export function inList(text) {
  const word = text.split(/\s/, 1)[0];
  if (word.slice(1) !== word.slice(1).toLowerCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * One argument of a finding's message as the text that fills its placeholder:
 * a count with its unit as "12 profiles" (`unit_<unit>_one/_other`), the bare
 * number when the locale has no such unit; text as it is; a list joined with
 * commas.
 */
export function messageArg(arg, t, lang) {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number') return formatCount(arg, lang);
  if (Array.isArray(arg)) return arg.map((item) => messageArg(item, t, lang)).join(', ');
  if (arg && typeof arg === 'object' && Array.isArray(arg.phrases)) {
    return arg.phrases
      .map((p) => {
        const args = Array.isArray(p?.args) ? p.args.map((a) => messageArg(a, t, lang)) : [];
        return (typeof p?.key === 'string' && t(p.key, args)) || '';
      })
      .filter(Boolean)
      .map((text, i) => (i === 0 ? text : inList(text)))
      .join(t('listSeparator') || '; ');
  }
  if (arg && typeof arg === 'object' && Array.isArray(arg.countries)) {
    return arg.countries.map((code) => countryLabel(code, lang)).join(', ');
  }
  if (arg && typeof arg === 'object' && Number.isFinite(Number(arg.count))) {
    const count = Number(arg.count);
    const unit = typeof arg.unit === 'string' ? arg.unit : '';
    return (unit && plural(t, `unit_${unit}`, count, lang)) || formatCount(count, lang);
  }
  return arg == null ? '' : String(arg);
}

/**
 * The finding's sentence in the language, from `message.key` and
 * `message.args`. When the locale has no such key: a sentence naming the kind
 * of finding (`sentence_kind` with `kind_<kind>`), else `sentence_unknown`.
 * Never a raw key.
 */
export function findingSentence(finding, t, lang) {
  const key = finding?.message?.key;
  if (typeof key === 'string' && key !== '') {
    const raw = Array.isArray(finding.message.args) ? finding.message.args : [];
    const text = t(key, raw.map((arg) => messageArg(arg, t, lang)));
    if (text) return text;
  }
  const kind = typeof finding?.kind === 'string' ? t(`kind_${finding.kind}`) : '';
  return (kind && t('sentence_kind', [kind])) || t('sentence_unknown') || kind;
}
