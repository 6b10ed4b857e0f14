// Where Vigie's observations are kept durable: IndexedDB of the extension's
// own origin. Content scripts run in the page's origin and cannot open it
// (unlike storage.local, which every content script of the extension can
// read).
//
// Four object stores:
//   state  'engine' → { text, covers }: the last snapshot of the engine, and
//          the logged events it includes: { [wake]: last n } (see below)
//   log    [wake, n] → event: every event given to the engine since that
//          snapshot, in the order given; `wake` names the background's
//          wake-up (journal.js), `n` counts the events within one (array
//          keys sort by wake, then n)
//   held   requestId → { event, arrivedAt }: requests the network watcher
//          holds back for a moment before they reach the engine
// Values typed into forms, contact details shown by pages, the person's
// watched values, request bodies and URL queries are never written here
// (journal.js).
//
// A stopped worker's last transaction may still commit after the next
// wake-up has read the log: the snapshot names what it includes, wake-up by
// wake-up, rather than "everything up to a key", so that such late events
// are replayed by a later wake-up instead of being taken as included. A
// wake-up writes one batch at a time, so late events are always the last of
// their wake-up.

const DB_NAME = 'vigie';
const DB_VERSION = 2;
const STATE = 'state';
const LOG = 'log';
const HELD = 'held';
const SNAPSHOT_KEY = 'engine';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      // Version 1 had `state` only, its snapshot a bare string (read below).
      const db = request.result;
      for (const name of [STATE, LOG, HELD]) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let dbPromise = null;
/** The database, opened once per wake-up (`openStore()` opens it early). */
export function openStore() {
  return db();
}

function db() {
  dbPromise ??= open().catch((error) => {
    dbPromise = null;
    throw error;
  });
  return dbPromise;
}

/** Runs `action(stores)` in one transaction; resolves with its result once committed. */
function transact(names, mode, action) {
  return db().then(
    (database) =>
      new Promise((resolve, reject) => {
        const tx = database.transaction(names, mode);
        const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
        const result = action(stores);
        tx.oncomplete = () => resolve(typeof result === 'function' ? result() : result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
      }),
  );
}

const covered = (covers, [w, n]) => covers !== null && Object.hasOwn(covers, w) && n <= covers[w];

/**
 * What earlier wake-ups left: `{ snapshot: {text, covers} | null, log:
 * [{key, event}], held: [{requestId, event, arrivedAt}] }`, the log being
 * the events the snapshot does not include, of every wake-up but `wake`,
 * in order.
 */
export async function loadDurable(wake) {
  // getAll rather than a cursor: two round trips instead of one per entry,
  // so that the writes of a woken worker do not wait long behind the read.
  const [found, held] = await Promise.all([
    transact([STATE, LOG], 'readonly', ({ state, log }) => {
      const snapshot = state.get(SNAPSHOT_KEY);
      const keys = log.getAllKeys();
      const values = log.getAll();
      return () => {
        const saved = snapshot.result;
        // Version 1 saved the text alone, and had no log.
        let base = null;
        if (typeof saved === 'string') base = { text: saved, covers: {} };
        else if (saved && typeof saved.text === 'string') base = { text: saved.text, covers: saved.covers ?? {} };
        const covers = base?.covers ?? null;
        const entries = keys.result
          .map((key, i) => ({ key, event: values.result[i] }))
          .filter(({ key }) => key[0] !== wake && !covered(covers, key));
        return { snapshot: base, log: entries };
      };
    }),
    transact([HELD], 'readonly', ({ held }) => {
      const keys = held.getAllKeys();
      const values = held.getAll();
      return () => keys.result.map((requestId, i) => ({ requestId, ...values.result[i] }));
    }),
  ]);
  return { ...found, held };
}

/**
 * Writes one batch in one transaction, so that it is all on disk or none of
 * it: `log` entries `{n, event}` of wake-up `wake` (or `{key, event}`), `dropLog` keys to delete,
 * `held` puts (requestId → record) and `release` deletes, and a `snapshot`
 * `{text, covers}` that replaces the last one and the log entries it covers.
 */
export function writeBatch(wake, { log = [], dropLog = [], held = new Map(), release = new Set(), snapshot = null }) {
  // Only the stores this batch writes: a batch of held requests need not
  // wait behind a read of the log.
  const names = [
    ...(snapshot ? [STATE] : []),
    ...(snapshot || log.length || dropLog.length ? [LOG] : []),
    ...(held.size || release.size ? [HELD] : []),
  ];
  if (!names.length) return Promise.resolve();
  return transact(names, 'readwrite', (stores) => {
    // `stored`: the event as the log keeps it, redacted (journal.js).
    for (const { key, n, event, stored } of log) stores.log.put(stored ?? event, key ?? [wake, n]);
    for (const key of dropLog) stores.log.delete(key);
    for (const [requestId, record] of held) stores.held.put(record, requestId);
    for (const requestId of release) stores.held.delete(requestId);
    if (snapshot) {
      stores.state.put({ text: snapshot.text, covers: snapshot.covers }, SNAPSHOT_KEY);
      for (const [w, n] of Object.entries(snapshot.covers)) stores.log.delete(IDBKeyRange.bound([Number(w)], [Number(w), n]));
    }
    return undefined;
  });
}
