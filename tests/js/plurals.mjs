// What a count must read like in each language, written out by hand rather
// than read from the locale files, so that a wrong plural form there fails.
// French puts 0 and 1 in the singular; both languages group digits.

const NNBSP = '\u202f';

const en = (one, other) => (n) => (n === 1 ? `1 ${one}` : `${n.toLocaleString('en')} ${other}`);
const fr = (one, other) => (n) =>
  n <= 1 ? `${n} ${one}` : `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP)} ${other}`;

/** unit → count → the phrase a counted argument must become. */
export const UNIT_PHRASES = {
  en: {
    profiles: en('profile', 'profiles'),
    profilePages: en('profile page', 'profile pages'),
    seconds: en('second', 'seconds'),
  },
  fr: {
    profiles: fr('profil', 'profils'),
    profilePages: fr('page de profil', 'pages de profil'),
    seconds: fr('seconde', 'secondes'),
  },
};

/** Evidence count name → count → its label, for the names whose wording the tests pin. */
export const COUNT_LABELS = {
  en: {
    injections: en('injection', 'injections'),
    profiles: en('profile', 'profiles'),
    lookups: en('lookup', 'lookups'),
    calls: en('call', 'calls'),
    windowSeconds: (n) => `within ${en('second', 'seconds')(n)}`,
  },
  fr: {
    injections: fr('injection', 'injections'),
    profiles: fr('profil', 'profils'),
    calls: fr('appel', 'appels'),
    windowSeconds: (n) => `en ${fr('seconde', 'secondes')(n)}`,
  },
};

/**
 * What must never be shown to a person: a message key, a placeholder left
 * unfilled, a value JavaScript could not turn into text, or the name of an
 * evidence count instead of its label.
 */
export function leftovers(text, countNames) {
  const found = [];
  for (const pattern of [
    /\b(?:finding|evidence|unit|cap|kind|encoding|popup|sentence)_?[A-Z][A-Za-z]*\b/,
    /\b(?:evidence|unit|cap|kind|encoding|dataKind|severity|confidence|basis)_[A-Za-z]+/,
    /\$[1-9]/,
    /\$[A-Z_]+\$/,
    /\bundefined\b/,
    /\bNaN\b/,
    /\bnull\b/,
    /\[object Object\]/,
  ]) {
    const match = text.match(pattern);
    if (match) found.push(match[0]);
  }
  for (const name of countNames) {
    // Only the camelCase names: "profiles" and "calls" are also words.
    if (/[A-Z]/.test(name) && text.includes(name)) found.push(name);
  }
  return found;
}
