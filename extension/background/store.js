// Where Vigie's observations are kept durable: IndexedDB of the extension's
// own origin. Content scripts run in the page's origin and cannot open it
// (unlike storage.local, which every content script of the extension can
// read).
//
// Three object stores:
//   state  'engine' → { text, covers }: the last snapshot of the engine, and
//          the logged events it includes: { [wake]: last n } (see below);
//          'dropped' → [[wake, n], ...]: logged events never to be given to
//          an engine again (it trapped on them), until a snapshot covers them
//   log    [wake, n] → { batch: [[n, event], ...] }: every event given to
//          the engine since that snapshot, one record per batch written,
//          keyed by its first event; `wake` names the background's wake-up
//          (journal.js), `n` counts the events within one (array keys sort
//          by wake, then n). Records written by earlier versions of Vigie
//          hold one event each, [wake, n] → event: read the same way.
//   held   requestId → { event, arrivedAt, dueAt? }: requests the network watcher
//          holds back for a moment before they reach the engine
// Values typed into forms, contact details shown by pages, the person's
// watched values, request bodies and URL queries are never written here
// (journal.js).
//
// One record per batch rather than per event: the records a transaction
// writes, more than the bytes, are what IndexedDB costs the browser on a
// page load (a feed's load logs forty-odd events in a few batches).
//
// A stopped worker's last transaction may still commit after the next
// wake-up has read the log: the snapshot names what it includes, wake-up by
// wake-up, rather than "everything up to a key", so that such late events
// are replayed by a later wake-up instead of being taken as included. A
// wake-up writes one batch at a time, so late events are always the last of
// their wake-up.
//
// A snapshot deletes the records its `covers` reach, by key range: a record
// of this wake-up that also holds events after the snapshot's is written
// again with those alone, in the same transaction.

const DB_NAME = 'vigie';
const DB_VERSION = 2;
const STATE = 'state';
const LOG = 'log';
const HELD = 'held';
const SNAPSHOT_KEY = 'engine';
const DROPPED_KEY = 'dropped';
const BATCH = 'batch';

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

/** Runs `action(stores, tx)` in one transaction; resolves with its result once committed. */
function transact(names, mode, action) {
  return db().then(
    (database) =>
      new Promise((resolve, reject) => {
        const tx = database.transaction(names, mode);
        const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
        const result = action(stores, tx);
        tx.oncomplete = () => resolve(typeof result === 'function' ? result() : result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
      }),
  );
}

const covered = (covers, [w, n]) => covers !== null && Object.hasOwn(covers, w) && n <= covers[w];
const keyText = ([w, n]) => `${w}:${n}`;

/** A log record's events, `[{key, event}]`: one (an earlier version's record), or its batch. */
function recordEntries([w, first], value) {
  if (value && value.type === undefined && Array.isArray(value[BATCH])) {
    return value[BATCH].filter((item) => Array.isArray(item) && typeof item[0] === 'number').map(([n, event]) => ({ key: [w, n], event }));
  }
  return [{ key: [w, first], event: value }];
}

/** Orders log keys [wake, n] as IndexedDB does: by wake, then n (`Array.prototype.sort`'s comparator). */
export function compareKeys(a, b) {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * What earlier wake-ups left: `{ snapshot: {text, covers} | null, log:
 * [{key, event}], held: [{requestId, event, arrivedAt}] }`, the log being
 * the events the snapshot does not include, of every wake-up but `wake`,
 * in order, less those dropped.
 */
export async function loadDurable(wake) {
  // getAll rather than a cursor: two round trips instead of one per entry,
  // so that the writes of a woken worker do not wait long behind the read.
  const [found, held] = await Promise.all([
    transact([STATE, LOG], 'readonly', ({ state, log }) => {
      const snapshot = state.get(SNAPSHOT_KEY);
      const dropped = state.get(DROPPED_KEY);
      const keys = log.getAllKeys();
      const values = log.getAll();
      return () => {
        const saved = snapshot.result;
        // Version 1 saved the text alone, and had no log.
        let base = null;
        if (typeof saved === 'string') base = { text: saved, covers: {} };
        else if (saved && typeof saved.text === 'string') base = { text: saved.text, covers: saved.covers ?? {} };
        const covers = base?.covers ?? null;
        const gone = new Set(Array.isArray(dropped.result) ? dropped.result.map(keyText) : []);
        for (const text of gone) if (!text.startsWith(`${wake}:`)) readDropped.add(text);
        const entries = keys.result
          .flatMap((key, i) => recordEntries(key, values.result[i]))
          .filter(({ key }) => key[0] !== wake && !covered(covers, key) && !gone.has(keyText(key)))
          .sort((a, b) => compareKeys(a.key, b.key));
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

// This wake-up's log records on disk (or on their way there), `{ first,
// items: [[n, event], ...] }`, until a snapshot covers their first event:
// what a snapshot must write again of a record it deletes.
let records = [];
// The dropped events of earlier wake-ups this one read (at wake-up, or as
// it dropped them), by keyText: a snapshot stretches its `covers` over
// these only. An earlier wake-up's transaction that commits late can drop
// an event, or write one, this wake-up never read.
const readDropped = new Set();

/** Puts `items` ([n, event] pairs) as one log record of wake-up `wake`, and notes it in `records`. */
function putRecord(stores, wake, items) {
  const record = { first: Math.min(...items.map(([n]) => n)), items };
  stores.log.put({ [BATCH]: items }, [wake, record.first]);
  records.push(record);
  return record;
}

/**
 * Writes one batch in one transaction, so that it is all on disk or none of
 * it: `log` entries `{n, event, stored}` of wake-up `wake` (or `{key, …}`),
 * as one record, `stored` being the event as the log keeps it (journal.js);
 * `dropLog` keys of logged events never to be replayed, `held` puts
 * (requestId → record) and `release` deletes, and a `snapshot` `{text,
 * covers}` that replaces the last one and the log it covers.
 */
export function writeBatch(wake, { log = [], dropLog = [], held = new Map(), release = new Set(), snapshot = null }) {
  // Of a snapshot's wake-up, only the events after it: the ones it covers
  // would go with the range it deletes.
  const after = snapshot && Object.hasOwn(snapshot.covers, wake) ? snapshot.covers[wake] : -Infinity;
  const items = log
    .map(({ key, n, event, stored }) => [key ? key[1] : n, stored ?? event])
    .filter(([n]) => n > after);
  // Requests an earlier wake-up held, resumed at wake-up with keys below
  // this one's first event, in a record of their own: one that commits
  // after the next wake-up read the log is taken whole by the range of
  // that one's snapshot, and it takes nothing else with it (that wake-up
  // found them held and resumed them itself).
  const parts = [items.filter(([n]) => n < 0), items.filter(([n]) => n >= 0)].filter((part) => part.length);
  for (const [w, n] of dropLog) if (w !== wake) readDropped.add(keyText([w, n]));
  // Only the stores this batch writes: a batch of held requests need not
  // wait behind a read of the log. One that writes the state waits behind
  // every earlier write of the log.
  const writesState = Boolean(snapshot || dropLog.length);
  const names = [
    ...(writesState ? [STATE] : []),
    ...(writesState || parts.length ? [LOG] : []),
    ...(held.size || release.size ? [HELD] : []),
  ];
  if (!names.length) return Promise.resolve();
  return transact(names, 'readwrite', (stores, tx) => {
    // `records` follows what this transaction writes, and takes it back if
    // it aborts.
    const undo = [];
    tx.addEventListener('abort', () => {
      for (const step of undo.reverse()) step();
    });
    for (const part of parts) {
      const record = putRecord(stores, wake, part);
      undo.push(() => {
        records = records.filter((r) => r !== record);
      });
    }
    for (const [requestId, record] of held) stores.held.put(record, requestId);
    for (const requestId of release) stores.held.delete(requestId);
    if (writesState) {
      // The dropped keys, read and written in this transaction.
      const request = stores.state.get(DROPPED_KEY);
      request.onsuccess = () => {
        const dropped = Array.isArray(request.result) ? [...request.result] : [];
        dropped.push(...dropLog);
        if (snapshot) settle(stores, wake, snapshot, dropped, undo);
        else stores.state.put(dropped, DROPPED_KEY);
      };
    }
    return undefined;
  });
}

/**
 * Puts `snapshot` in place of the last one, and deletes the log records it
 * covers: its `covers`, stretched over the dropped events of earlier
 * wake-ups this one read (every event of theirs it read is in the
 * snapshot, or dropped), whose keys then go too. Adds to `undo` what
 * takes back its change of `records`.
 */
function settle(stores, wake, snapshot, dropped, undo) {
  const covers = { ...snapshot.covers };
  for (const [w, n] of dropped) {
    if (w !== wake && readDropped.has(keyText([w, n]))) covers[w] = Math.max(covers[w] ?? n, n);
  }
  stores.state.put({ text: snapshot.text, covers }, SNAPSHOT_KEY);
  stores.state.put(
    dropped.filter((key) => !covered(covers, key)),
    DROPPED_KEY,
  );
  for (const [w, n] of Object.entries(covers)) stores.log.delete(IDBKeyRange.bound([Number(w)], [Number(w), n]));
  // This wake-up's records the range took whole, with events after it:
  // those again, as one record.
  const last = covers[wake] ?? -Infinity;
  const taken = records.filter((record) => record.first <= last);
  const again = taken.flatMap((record) => record.items.filter(([n]) => n > last));
  let rewritten = null;
  undo.push(() => {
    records = [...records.filter((r) => r !== rewritten), ...taken];
  });
  records = records.filter((record) => record.first > last);
  if (again.length) rewritten = putRecord(stores, wake, again);
}
