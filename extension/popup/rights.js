// The GDPR letter page (rights.html?site=…&key=…): an Article 15 access
// request about one finding, with what the person ticks here, shown to copy
// or to open in their mail app. Nothing is sent. The background's engine
// gives what the letter says of the finding (Engine.letterFacts); the
// core's letter writer (src/destinations/letter.rs) writes it in this
// page's own wasm (extension/letters/, wasm/vigie_letters.js), which the
// background's does not carry.

import { localizeStatic } from './dom.js';
import { failureLine } from './format.js';
import { countryLabel } from './sentence.js';
import initLetters, { letterJson } from '../wasm/vigie_letters.js';

const ext = globalThis.browser ?? globalThis.chrome;
const t = (key, args = []) => {
  try {
    return ext?.i18n?.getMessage(key, args.map(String)) ?? '';
  } catch {
    return '';
  }
};
const uiLang = t('uiLanguage') || 'en';
const params = new URLSearchParams(location.search);
const site = params.get('site') ?? '';
const key = params.get('key') ?? '';
const $ = (id) => document.getElementById(id);

/** Country names in the letter's language for every country code there is. */
function countryNames(lang) {
  const names = {};
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const label = countryLabel(code, lang);
      const name = label.slice(label.indexOf(' ') + 1);
      if (name !== code) names[code] = name;
    }
  }
  return names;
}

// Loaded once, on the first letter written; tried again after a failure.
let letters = null;
let factsAsked = null;

function loadLetters() {
  letters ??= initLetters().catch((error) => {
    letters = null;
    throw error;
  });
  return letters;
}

/** What the letter says of the finding, asked of the background once. */
async function letterFacts() {
  if (factsAsked) return factsAsked;
  const reply = await ext.runtime.sendMessage({ type: 'vigie:letter-facts', site, key });
  if (!reply?.ok) throw new Error(reply?.error ?? 'no answer');
  factsAsked = reply.facts;
  return factsAsked;
}

async function write() {
  const lang = $('lang').value;
  const options = {
    lang,
    erasure: $('erasure').checked,
    objection: $('objection').checked,
    includeCountries: $('countries').checked,
    includeSamples: $('samples').checked,
    name: $('name').value.trim() || null,
    countryNames: countryNames(lang),
    today: Date.now(),
  };
  $('error').hidden = true;
  try {
    const [facts] = await Promise.all([letterFacts(), loadLetters()]);
    const letter = JSON.parse(letterJson(JSON.stringify(facts), JSON.stringify(options)));
    $('lead').textContent = t('rights_lead', [letter.organization, site]) || `${letter.organization} — ${site}`;
    $('to').textContent = letter.contact ? `${letter.organization} — ${letter.contact}` : letter.organization;
    $('subject').textContent = letter.subject;
    $('body').value = letter.body;
    const mail = $('mail');
    if (letter.contact && /^[^@\s]+@[^@\s]+$/.test(letter.contact)) {
      mail.href = `mailto:${letter.contact}?subject=${encodeURIComponent(letter.subject)}&body=${encodeURIComponent(letter.body)}`;
      mail.hidden = false;
    } else if (letter.contact && /^https:\/\//.test(letter.contact)) {
      mail.href = letter.contact;
      mail.target = '_blank';
      mail.rel = 'noreferrer';
      mail.textContent = t('rights_openContact') || 'Open their privacy contact page';
      mail.hidden = false;
    } else {
      mail.hidden = true;
    }
    $('letter').hidden = false;
  } catch (error) {
    $('error').textContent = failureLine(t, t('rights_failed') || 'Vigie could not write this letter.', error);
    $('error').hidden = false;
  }
}

document.documentElement.lang = uiLang;
localizeStatic(document, t);
$('lang').value = uiLang.startsWith('fr') ? 'fr' : 'en';
$('options').addEventListener('change', write);
$('name').addEventListener('input', write);
$('copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(`${$('subject').textContent}\n\n${$('body').value}`);
    $('status').textContent = t('rights_copied') || 'Copied.';
  } catch {
    $('body').select();
  }
});
write();
