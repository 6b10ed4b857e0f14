// The real locale files standing in for chrome.i18n.getMessage in the
// popup's unit tests: named $PLACEHOLDER$ → its content, then $1…$9 → the
// arguments, $$ → $, as the browser does.

import { readFileSync } from 'node:fs';

/** A getMessage over one locale's messages.json. */
export function localeT(lang) {
  const url = new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url);
  const messages = JSON.parse(readFileSync(url, 'utf8'));
  return (key, args = []) => {
    const entry = messages[key];
    if (!entry) return '';
    const named = Object.fromEntries(
      Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
    );
    return entry.message
      .replace(/\$([a-z0-9_@]+)\$/gi, (match, name) => named[name.toLowerCase()] ?? match)
      .replace(/\$(\$|[1-9])/g, (_, d) => (d === '$' ? '$' : (args[Number(d) - 1] ?? '')));
  };
}
