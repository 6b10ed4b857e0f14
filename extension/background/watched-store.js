// The person's own watched values: e-mail addresses, phone numbers, names
// and any other string they want to know about when it leaves a page (set
// in the options page, extension/options/). Kept in IndexedDB of the
// extension's own origin, in a database of their own — never in
// storage.local, which every content script of the extension can read,
// and never in the engine's snapshots or event log (journal.js). Nothing
// here is ever sent anywhere: the background gives the values to the
// engine in memory (watched.js), and every page of Vigie shows them masked.
//
// Used by the background and by the options page (both extension pages:
// the same origin, the same database).

const DB_NAME = 'vigie-watched';
const DB_VERSION = 1;
const ENTRIES = 'entries';

export const KINDS = Object.freeze(['email', 'phone', 'name', 'custom']);
/** Beyond this, the options page asks to remove an entry first. */
export const MAX_ENTRIES = 20;
/** The longest value kept: the longest form value the observer reports. */
export const MAX_VALUE_LENGTH = 256;
// Shorter custom strings would match by chance in ordinary traffic.
const MIN_CUSTOM_LENGTH = 4;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES, { keyPath: 'id', autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs `work(store)` in one transaction; resolves to its request's result once committed. */
async function inStore(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(ENTRIES, mode);
      const request = work(tx.objectStore(ENTRIES));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Every entry, `{ id, kind, value, added }`, oldest first. */
export async function listEntries() {
  const all = await inStore('readonly', (store) => store.getAll());
  return (all ?? []).filter((e) => KINDS.includes(e?.kind) && typeof e.value === 'string');
}

/**
 * `value` of `kind` as it is kept: trimmed, spaces collapsed, e-mails
 * lower-cased. Throws an Error whose `code` names what is wrong
 * (`kind`, `empty`, `tooLong`, `email`, `phone`, `tooShort`).
 */
export function normalizeEntry(kind, value) {
  const fail = (code) => Object.assign(new Error(`invalid watched value: ${code}`), { code });
  if (!KINDS.includes(kind)) throw fail('kind');
  let text = String(value ?? '').normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!text) throw fail('empty');
  if (text.length > MAX_VALUE_LENGTH) throw fail('tooLong');
  if (kind === 'email') {
    text = text.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/u.test(text)) throw fail('email');
  }
  if (kind === 'phone') {
    const digits = text.replace(/\D/g, '');
    if (!/^\+?[\d\s().\-/]+$/.test(text) || digits.length < 6 || digits.length > 15) throw fail('phone');
  }
  if (kind === 'custom' && [...text].length < MIN_CUSTOM_LENGTH) throw fail('tooShort');
  return text;
}

/** Adds an entry (normalised; a duplicate is not added twice); resolves to the list. */
export async function addEntry(kind, value) {
  const text = normalizeEntry(kind, value);
  const all = await listEntries();
  if (all.some((e) => e.kind === kind && e.value === text)) return all;
  if (all.length >= MAX_ENTRIES) throw Object.assign(new Error('too many watched values'), { code: 'full' });
  await inStore('readwrite', (store) => store.add({ kind, value: text, added: Date.now() }));
  return listEntries();
}

/** Removes the entry with `id`; resolves to the list. */
export async function removeEntry(id) {
  await inStore('readwrite', (store) => store.delete(id));
  return listEntries();
}

/** The values as the engine's `watchedValues` event takes them. */
export function valuesOf(entries) {
  return entries.map(({ kind, value }) => ({ kind, value }));
}

/**
 * `value` masked for display, as the core masks it in findings: an e-mail
 * keeps the first letter and the domain (`j***@example.com`), a phone its
 * first three digits and last two with its own spacing (`+33 6** ** ** 78`),
 * a name the first letter of each word, anything else its first and last
 * characters.
 */
export function mask(kind, value) {
  const chars = [...String(value)];
  if (kind === 'email') {
    const at = value.lastIndexOf('@');
    if (at > 0) {
      const local = [...value.slice(0, at)];
      return `${local[0]}***${value.slice(at)}`;
    }
  }
  if (kind === 'phone') {
    const digitsTotal = chars.filter((c) => /\d/.test(c)).length;
    let seen = 0;
    return chars
      .map((c) => {
        if (!/\d/.test(c)) return c;
        seen += 1;
        return seen <= 3 || seen > digitsTotal - 2 ? c : '*';
      })
      .join('');
  }
  if (kind === 'name') {
    return value
      .split(' ')
      .map((word) => {
        const letters = [...word];
        return letters.length ? letters[0] + '*'.repeat(letters.length - 1) : '';
      })
      .join(' ');
  }
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(Math.min(chars.length - 2, 8)) + chars.at(-1);
}
