// The text helpers of the contact scan (contacts.js) and of gestures: pure
// functions over strings.

import contract from '../../../src/contract.json' with { type: 'json' };

export const MAX_CONTACT_LENGTH = contract.shell.maxContactLength;
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/;
const EMAIL_EDGES = /^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g;

/** Whitespace collapsed, trimmed, cut to `max` characters. */
export function cleanText(text, max) {
  return String(text ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The addresses of a mailto: URL (several may be comma-separated). */
export function mailtoAddresses(href) {
  if (typeof href !== 'string' || !/^\s*mailto:/i.test(href)) return [];
  const to = href.trim().slice('mailto:'.length).split('?')[0];
  return to
    .split(',')
    .map((part) => decoded(part).trim())
    .filter((address) => address.length <= MAX_CONTACT_LENGTH && EMAIL.test(address));
}

/** The number of a tel: URL, without parameters (";ext=…"), or null. */
export function telNumber(href) {
  if (typeof href !== 'string' || !/^\s*tel:/i.test(href)) return null;
  const number = cleanText(decoded(href.trim().slice('tel:'.length).split(';')[0]), MAX_CONTACT_LENGTH);
  return (number.match(/\d/g)?.length ?? 0) >= 3 ? number : null;
}

// A phone number written as a text of its own (a dialog's line, a span):
// an optional "+", then digits and the separators people write, with at
// most a type in parentheses after it ("(Mobile)"). LinkedIn's Contact
// info writes numbers so, without a tel: link.
const PHONE_TEXT = /^(\+?[0-9(][0-9 ().\-\u00a0\u202f]{6,28}[0-9])(?:\s*\([^0-9()]{1,24}\))?$/;
const MIN_PHONE_DIGITS = 9;
const MAX_PHONE_DIGITS = 15; // E.164

/**
 * The phone number a whole text is, or null: 9 to 15 digits (E.164's
 * longest; the core's shortest), nothing else but separators. A date, a
 * year range or a count is not one (too few digits, or other characters).
 */
export function phoneText(text) {
  const clean = cleanText(text, MAX_CONTACT_LENGTH);
  if (clean.length > 40) return null;
  const match = PHONE_TEXT.exec(clean);
  if (!match) return null;
  const digits = match[1].replace(/[^0-9]/g, '').length;
  return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS ? match[1] : null;
}

/**
 * E-mail addresses in free text. Words are split on whitespace first and
 * only short words with an "@" are matched, so the cost stays linear
 * whatever the page writes.
 */
export function emailsInText(text) {
  const found = [];
  for (const word of String(text ?? '').split(/[\s,;<>()[\]"]+/)) {
    if (word.length > MAX_CONTACT_LENGTH || !word.includes('@')) continue;
    const candidate = word.replace(EMAIL_EDGES, '');
    if (EMAIL.test(candidate)) found.push(candidate);
  }
  return found;
}

/**
 * The values of `candidates` not yet in `seen` (keys "kind|value", e-mails
 * compared without case), adding them to it, until `seen` holds `max`.
 */
export function freshContactValues(seen, candidates, max) {
  const fresh = [];
  for (const { kind, value } of candidates) {
    if (seen.size >= max) break;
    const key = `${kind}|${kind === 'email' ? value.toLowerCase() : value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push({ kind, value });
  }
  return fresh;
}
