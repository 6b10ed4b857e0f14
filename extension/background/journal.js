// The event log: what the background has observed, made durable before a
// stopped worker can forget it. A service worker (or Firefox event page)
// may be stopped at any moment — idle for 30 s, or by the browser at will —
// and everything in its memory goes with it.
//
// Every event is appended here, in the order it is given to the engine, and
// written to IndexedDB in small batches as soon as the task that appended
// them ends (store.js); a held request's, which its hold keeps on disk
// until then, up to RELEASE_WRITE_MS later, with the rest of its page's.
// On wake-up the engine is restored from the last snapshot and the log
// after it is replayed; now and then a snapshot replaces the log
// (compaction). Recovery after a trap (core.js) replays the same way from
// the copy kept in memory, which also holds what is not written yet.
//
// Personal data the engine needs only for matching never reaches IndexedDB:
//   - values typed into forms (`formInput`), the contact details a page
//     shows (`pageContact`) and the site's answers to its contact lookups
//     (`contactResponse`) are kept in storage.session instead (memory of
//     the browser process, dropped when the browser closes, and readable by
//     Vigie's own pages only: setAccessLevel TRUSTED_CONTEXTS), for
//     TYPED_TTL_MS, and replayed from there, in their place among the others;
//   - the person's own watched values (`watchedValues`) stay in this
//     worker's memory alone: the options page sends them again at every
//     engine start;
//   - every other event is logged without what may carry such data — request
//     bodies, the headers a page set (all but those of the contract's
//     `readHeaders`), and the query and fragment of its URLs — while the event as it
//     was is kept in storage.session under the same key, and replayed in its
//     stead while the browser runs (durable.js tests, storage-canary.test.mjs).

import { CONTRACT } from '../generated/contract.js';
import { compareKeys, loadDurable, openStore, writeBatch } from './store.js';

const api = globalThis.browser ?? globalThis.chrome;

// A batch is written once the task that appended to it ends (a microtask:
// before any other task, such as the replay a woken worker runs), and
// whatever comes while it is being written goes in the next: a burst shares
// a transaction, and a stop loses at most one transaction's worth.
// How long the engine remembers a typed value (WATCH_TTL_MS in
// src/state/activity.rs), and how many it keeps per tab (MAX_TYPED) times a
// few tabs.
const TYPED_TTL_MS = 30 * 60 * 1000;
const MAX_TYPED = 100;
const TYPED_KEY = 'vigie:typed';

// ---- the wake-up and its events ---------------------------------------------

// This wake-up's name: the time it started. Known at once, so that the
// first events need not wait for a read before they are written; a later
// wake-up has a larger one (unless the clock is set back: then the log of
// the wake-ups in between is replayed out of order, never lost).
const WAKE = Date.now() + Math.random();
/** This wake-up's name (the first part of its log keys). */
export async function wake() {
  return WAKE;
}
// Opened now: the first events of a woken worker are the likeliest to be
// lost, and opening the database is most of the time their writing takes.
openStore().catch(() => {});

let nextN = 1;
/**
 * Every event since the last snapshot, each `{ key, n, event }`: `key` the
 * [wake, n] of an earlier wake-up, `n` the number of one of this wake-up.
 * In the order given to the engine: earlier wake-ups first.
 */
let entries = [];
/** The typed-value events kept in session memory, `{ key | n, event, at }`, oldest first. */
let typed = [];
/**
 * The last snapshot: `{ text, covers }`, `covers` the logged events it
 * includes, { [wake]: last n } (store.js).
 */
let base = { text: null, covers: {} };
// A stopped wake-up's last transaction commits within moments, if ever:
// past this, its part of `covers` is no longer needed (its covered events
// are deleted with the snapshot that covers them).
const COVERS_KEPT_MS = 10 * 60 * 1000;

const keyOfEntry = (entry) => entry.key ?? [WAKE, entry.n];
const inBase = (entry) => {
  const [w, n] = keyOfEntry(entry);
  return Object.hasOwn(base.covers, w) && n <= base.covers[w];
};
let entryBytes = 0;

const SESSION_TYPES = new Set(['formInput', 'pageContact', 'contactResponse']);
const isTyped = (event) => SESSION_TYPES.has(event?.type);
const isMemoryOnly = (event) => event?.type === 'watchedValues';

// The events as they were, for those logged redacted: in storage.session,
// one key per event (`vigie:orig:<wake>:<n>`, so that a batch writes only its
// own), at most MAX_ORIGINALS of them; the held requests' likewise
// (`vigie:held:<requestId>`). In memory: the logged entries that have one,
// oldest first, and what the next batch sets and removes.
const ORIGINAL_PREFIX = 'vigie:orig:';
const HELD_PREFIX = 'vigie:held:';
const heldKey = (requestId) => `${HELD_PREFIX}${requestId}`;
const MAX_ORIGINALS = 400;
// storage.session holds 10 MB in Chrome: the originals keep well under it.
const ORIGINAL_BYTES = 6 * 1024 * 1024;
let originals = [];
let originalBytes = 0;
const sessionSets = new Map();
const sessionRemovals = new Set();
// A request's event as it was is written once: while it is held, under the
// request's key; when it is released into the log, that copy becomes the log
// entry's original (the logged event names it in ORIGINAL_REF) instead of
// being written again under the entry's own key.
const ORIGINAL_REF = 'vigieOriginal';
const originalKey = (entry) => entry.sessionKey ?? `${ORIGINAL_PREFIX}${keyOfEntry(entry).join(':')}`;

function keepOriginal(entry) {
  originals.push(entry);
  originalBytes += sizeOf(entry.event);
  if (!entry.sessionKey) sessionSets.set(originalKey(entry), entry.event);
  sessionRemovals.delete(originalKey(entry));
  while (originals.length > MAX_ORIGINALS || (originalBytes > ORIGINAL_BYTES && originals.length > 1)) forgetOriginal(originals[0]);
  pending.session = true;
}

function forgetOriginal(entry) {
  const at = originals.indexOf(entry);
  if (at < 0) return;
  originals.splice(at, 1);
  originalBytes = Math.max(0, originalBytes - sizeOf(entry.event));
  sessionSets.delete(originalKey(entry));
  sessionRemovals.add(originalKey(entry));
  pending.session = true;
}

/** A URL without its query and fragment (where data sent in a GET travels). */
export function withoutQuery(url) {
  if (typeof url !== 'string') return url;
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/**
 * `event` as durable storage keeps it: without request bodies or the
 * headers a page's script set (any but the contract's `readHeaders`, which
 * the site models read), without the values a person typed or a page showed (`value`, `values`, `body` of the
 * events kept in session memory: a report held while the inventory is
 * taken is written durably), and without the query and fragment of its
 * URLs. The same object when nothing is removed.
 */
export function redacted(event) {
  if (!event || typeof event !== 'object') return event;
  let copy = null;
  const edit = () => (copy ??= { ...event });
  // A request without a body carries `body: null`: nothing to remove, and
  // so nothing to keep in session memory for it (most of a page's requests).
  for (const field of ['body', 'bodyBase64']) if (event[field] != null) delete edit()[field];
  if (Array.isArray(event.headers) && !event.headers.every(isReadHeader)) edit().headers = event.headers.filter(isReadHeader);
  if (isTyped(event)) {
    if (typeof event.value === 'string' && event.value !== '') edit().value = '';
    if (Array.isArray(event.values) && event.values.length) edit().values = [];
  }
  for (const field of ['url', 'pageUrl', 'frameUrl', 'initiator', 'href', 'resourceUrl']) {
    if (typeof event[field] === 'string' && withoutQuery(event[field]) !== event[field]) edit()[field] = withoutQuery(event[field]);
  }
  const report = event.report;
  if (report && typeof report === 'object') {
    let cut = null;
    if (typeof report.url === 'string' && withoutQuery(report.url) !== report.url) (cut ??= { ...report }).url = withoutQuery(report.url);
    if (Array.isArray(report.stack) && report.stack.some((s) => withoutQuery(s) !== s)) (cut ??= { ...report }).stack = report.stack.map(withoutQuery);
    if (cut) edit().report = cut;
  }
  return copy ?? event;
}

const READ_HEADERS = new Set(CONTRACT.readHeaders);
const isReadHeader = (header) => READ_HEADERS.has(header?.name);

/** Rough size of an event in memory, to compact before the log grows large. */
function sizeOf(event) {
  let headers = 0;
  if (Array.isArray(event.headers)) for (const h of event.headers) headers += h?.value?.length ?? 0;
  return 200 + headers + (event.body?.length ?? 0) + (event.bodyBase64?.length ?? 0) + (event.url?.length ?? 0) + (event.pageUrl?.length ?? 0);
}

// ---- writing ------------------------------------------------------------------

let pending = freshBatch();
let waiting = [];
let scheduled = false;
let lastWrite = Promise.resolve();
/** This wake-up's events up to here are in a snapshot: never log them again. */
let compactedN = 0;

function freshBatch() {
  // `typed`: the typed values changed; `session`: originals set or removed.
  return { log: [], dropLog: [], held: new Map(), release: new Set(), snapshot: null, typed: false, session: false };
}

function batchIsEmpty(b) {
  return !b.log.length && !b.dropLog.length && !b.held.size && !b.release.size && !b.snapshot && !b.typed && !b.session;
}

// Holds are written a little later than the rest, HOLD_WRITE_MS at most
// after the first one waiting: a page's load sends its requests in bursts,
// each in a task of its own, and one transaction for a burst's holds costs
// the browser a fraction of one per request. Anything else written meanwhile
// (the log, a release, a snapshot) takes the waiting holds with it at once.
const HOLD_WRITE_MS = 25;
let holdTimer = null;
// The log entry of an event that was held, and the end of its hold, wait
// longer: until both are written, the held record on disk keeps the event
// (a woken worker gives it to the engine again), so the wait loses nothing.
// A page's requests are released over a few hundred milliseconds, grid slot
// by grid slot (network.js): one transaction for all of them instead of one
// per slot. Anything written meanwhile takes them with it.
const RELEASE_WRITE_MS = 500;
let releaseTimer = null;

function schedule({ holdsOnly = false, released = false } = {}) {
  if (scheduled) return;
  if (holdsOnly) {
    holdTimer ??= setTimeout(() => {
      holdTimer = null;
      schedule();
    }, HOLD_WRITE_MS);
    return;
  }
  if (released) {
    releaseTimer ??= setTimeout(() => {
      releaseTimer = null;
      schedule();
    }, RELEASE_WRITE_MS);
    return;
  }
  scheduled = true;
  queueMicrotask(write);
}

// Each batch gets its transaction at once, without waiting for the one
// before: IndexedDB runs read-write transactions over the same stores in the
// order they were made, and a batch waiting in memory behind another is a
// batch a stop can take.
function write() {
  scheduled = false;
  clearTimeout(holdTimer);
  holdTimer = null;
  clearTimeout(releaseTimer);
  releaseTimer = null;
  const batch = pending;
  const done = waiting;
  pending = freshBatch();
  waiting = [];
  if (batch.snapshot) compactedN = Math.max(compactedN, batch.snapshot.n);
  batch.log = batch.log.filter((entry) => entry.key || entry.n > compactedN);
  batch.dropLog = batch.dropLog.map((key) => (Array.isArray(key) ? key : [WAKE, key]));
  // storage.session holds what the log leaves out, best effort: a failure
  // there (its quota) never fails the log's own write.
  const sessionWrite = batch.typed || batch.session
    ? saveSession(batch.typed).catch((error) => console.warn('Vigie: could not write session memory:', error?.name, error?.message))
    : null;
  const written = Promise.all([writeBatch(WAKE, batch), sessionWrite]);
  lastWrite = written.then(
    () => {},
    () => {},
  );
  written.then(
    () => {
      for (const w of done) w.resolve();
    },
    (error) => {
      console.warn('Vigie: could not write the event log:', error?.name, error?.message);
      for (const w of done) w.reject(error);
    },
  );
}

/** Resolves once everything appended or held so far is on disk. */
export function durable() {
  if (batchIsEmpty(pending)) return lastWrite;
  return new Promise((resolve, reject) => {
    waiting.push({ resolve, reject });
    schedule();
  });
}

/**
 * Writes to storage.session what changed there: the originals set and
 * removed since the last write, and the typed values when they changed.
 * Most requests have no original (nothing was redacted): they cost nothing here.
 */
async function saveSession(typedChanged) {
  const session = api.storage?.session;
  if (!session) return;
  const sets = Object.fromEntries(sessionSets);
  const removals = [...sessionRemovals];
  sessionSets.clear();
  sessionRemovals.clear();
  if (typedChanged) {
    const now = Date.now();
    typed = typed.filter((t) => now - t.at < TYPED_TTL_MS).slice(-MAX_TYPED);
    sets[TYPED_KEY] = typed.map((t) => ({ key: keyOfEntry(t), event: t.event, at: t.at }));
  }
  await Promise.all([
    Object.keys(sets).length ? session.set(sets) : null,
    removals.length ? session.remove(removals) : null,
  ]);
}

/** Keeps storage.session to Vigie's own pages (Chrome's default; said anyway). */
export function restrictSession() {
  try {
    const pending = api.storage?.session?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
    pending?.catch?.(() => {});
  } catch {
    // Firefox keeps storage.session from content scripts and has no such call.
  }
}

// ---- appending ----------------------------------------------------------------

/**
 * Appends `event`, as it will be given to the engine; returns its entry
 * `{ n, event }`. It is written as soon as the current task ends (`durable()` to wait).
 */
export function append(event) {
  const entry = { n: nextN++, event, at: Date.now() };
  entries.push(entry);
  entryBytes += sizeOf(event);
  if (isMemoryOnly(event)) return entry;
  if (isTyped(event)) {
    typed.push(entry);
    pending.typed = true;
  } else {
    const stored = redacted(event);
    if (stored === event) {
      pending.log.push(entry);
    } else {
      const heldId = heldIdOf.get(event);
      if (heldId !== undefined && heldInSession.delete(heldId)) entry.sessionKey = heldKey(heldId);
      keepOriginal(entry);
      pending.log.push({ ...entry, stored: entry.sessionKey ? { ...stored, [ORIGINAL_REF]: entry.sessionKey } : stored });
    }
  }
  // The event a request's hold keeps on disk (not an earlier record of a
  // redirected request, which the hold no longer keeps, nor one whose hold
  // is not written yet): it can wait.
  const holdId = heldIdOf.get(event);
  const heldOnDisk = holdId !== undefined && holds.get(holdId)?.event === event && !pending.held.has(holdId);
  schedule({ released: heldOnDisk || memoryHeld.has(event) });
  return entry;
}

/** Forgets an entry the engine could not take (it trapped on it): never replayed. */
export function drop(entry) {
  entries = entries.filter((e) => e !== entry);
  entryBytes = Math.max(0, entryBytes - sizeOf(entry.event));
  if (isMemoryOnly(entry.event)) return;
  forgetOriginal(entry);
  if (isTyped(entry.event)) {
    typed = typed.filter((t) => t !== entry);
    pending.typed = true;
  } else if (pending.log.some((e) => e === entry || e.n === entry.n && !e.key && !entry.key)) {
    pending.log = pending.log.filter((e) => e !== entry && !(e.n === entry.n && !e.key && !entry.key));
  } else {
    pending.dropLog.push(entry.key ?? entry.n);
  }
  schedule();
}

/**
 * The events of requests held in memory only (network.js, heldDurably): no
 * record on disk keeps them, so their log entries wait with those of the
 * durable holds (a stop meanwhile loses them, as it would have during
 * their hold).
 */
const memoryHeld = new WeakSet();

/** Marks a request's event as held in memory only. */
export function heldInMemory(event) {
  memoryHeld.add(event);
}

/** The held requests whose event as it was is in storage.session. */
const heldInSession = new Set();
/** The request id of each held event (the object network.js later reports). */
const heldIdOf = new WeakMap();
/**
 * Each hold until it ends, by request id: the event it keeps now and the
 * order it began in (`seq`), so that records held in the same millisecond
 * replay in the order they came.
 */
const holds = new Map();
let nextHoldSeq = 0;

/**
 * Holds a request record (network.js) durably under its request id: on
 * disk within HOLD_WRITE_MS, with the holds that came meanwhile.
 */
export function hold(requestId, record) {
  const seq = holds.get(requestId)?.seq ?? nextHoldSeq++;
  holds.set(requestId, { seq, event: record.event });
  memoryHeld.delete(record.event);
  pending.release.delete(requestId);
  // Tagged with this wake-up: the held records it reads at boot are the
  // earlier ones', not those it holds itself meanwhile.
  const stored = redacted(record.event);
  heldIdOf.set(record.event, requestId);
  if (stored !== record.event) {
    sessionSets.set(heldKey(requestId), record.event);
    sessionRemovals.delete(heldKey(requestId));
    heldInSession.add(requestId);
    pending.session = true;
  }
  pending.held.set(requestId, { ...record, event: stored, wake: WAKE, seq });
  schedule({ holdsOnly: true });
}

/** Ends the hold of a request: written in the same batch as its log entry. */
export function release(requestId) {
  holds.delete(requestId);
  // A hold not written yet (one that ends within moments, as a report held
  // while the inventory is taken can) keeps nothing on disk: no wait then.
  const unwritten = pending.held.delete(requestId);
  pending.release.add(requestId);
  if (heldInSession.delete(requestId)) {
    sessionSets.delete(heldKey(requestId));
    sessionRemovals.add(heldKey(requestId));
    pending.session = true;
  }
  schedule({ released: !unwritten });
}

// ---- snapshots and replay ---------------------------------------------------

/** How much the log holds since the last snapshot. */
export function logSize() {
  return { entries: entries.length, bytes: entryBytes };
}

/**
 * Takes `text`, the engine's snapshot after this wake-up's event `n` (and
 * every earlier wake-up's event replayed at boot), as the new base: the log
 * it covers is deleted in the same transaction.
 */
export function compact(text, n) {
  const covers = {};
  for (const [w, last] of Object.entries(base.covers)) {
    if (Date.now() - Number(w) < COVERS_KEPT_MS) covers[w] = last;
  }
  for (const entry of entries) {
    if (entry.key) covers[entry.key[0]] = Math.max(covers[entry.key[0]] ?? 0, entry.key[1]);
  }
  covers[WAKE] = Math.max(covers[WAKE] ?? 0, n);
  base = { text, covers };
  entries = entries.filter((e) => !e.key && e.n > n);
  entryBytes = entries.reduce((sum, e) => sum + sizeOf(e.event), 0);
  for (const o of originals.filter(inBase)) forgetOriginal(o);
  pending.snapshot = { text, covers, n };
  pending.log = pending.log.filter((e) => e.n > n);
  schedule();
  return durable();
}

let loaded = null;
/**
 * Reads what earlier wake-ups left (once): the snapshot, the log it does not
 * include, the typed values in session memory, and the requests still held
 * (which join the log).
 */
export function load() {
  loaded ??= (async () => {
    const w = await wake();
    const [durableState, session] = await Promise.all([
      loadDurable(w),
      api.storage?.session?.get(null).catch(() => ({})) ?? {},
    ]);
    // The events as they were, for the log's redacted ones, while the browser
    // runs; those no log entry or held request needs any more are removed.
    const unused = new Set(Object.keys(session ?? {}).filter((k) => k.startsWith(ORIGINAL_PREFIX) || k.startsWith(HELD_PREFIX)));
    for (const entry of durableState.log) {
      const ref = entry.event?.[ORIGINAL_REF];
      if (ref !== undefined) {
        entry.event = { ...entry.event };
        delete entry.event[ORIGINAL_REF];
        if (typeof ref === 'string' && ref.startsWith(HELD_PREFIX)) entry.sessionKey = ref;
      }
      const key = originalKey(entry);
      if (session?.[key]) {
        entry.event = session[key];
        originals.push(entry);
        originalBytes += sizeOf(entry.event);
        unused.delete(key);
      }
    }
    const heldOriginalOf = (requestId) => session?.[heldKey(requestId)];
    const now = Date.now();
    const earlierTyped = (session?.[TYPED_KEY] ?? [])
      .filter((t) => Array.isArray(t.key) && t.key[0] !== w && now - t.at < TYPED_TTL_MS)
      .map((t) => ({ key: t.key, event: t.event, at: t.at }));
    base = durableState.snapshot ?? { text: null, covers: {} };
    const earlier = [...durableState.log, ...earlierTyped.filter((t) => !inBase(t))].sort((a, b) => compareKeys(a.key, b.key));
    // Requests an earlier wake-up held and never gave the engine: they came
    // before anything of this wake-up, so they go in right after the log,
    // keyed before this wake-up's first event, written and released at once;
    // in the order they were due at the engine (a request after the call
    // record its page reported while it was held, network.js `dueAt`; an
    // event held while pages loaded, gate.js, when it came).
    const due = (record) => (Number.isFinite(record.dueAt) ? record.dueAt : record.arrivedAt);
    const resumed = durableState.held
      .filter((record) => record.event && record.wake !== w)
      .sort((a, b) => due(a) - due(b) || (a.seq ?? 0) - (b.seq ?? 0))
      .map((record, i, all) => ({
        key: [w, i - all.length],
        event: heldOriginalOf(record.requestId) ?? record.event,
        requestId: record.requestId,
      }));
    for (const record of durableState.held) if (record.wake === w) unused.delete(heldKey(record.requestId));
    for (const entry of resumed) {
      const stored = redacted(entry.event);
      if (stored !== entry.event) keepOriginal(entry);
      pending.log.push(stored === entry.event ? entry : { ...entry, stored });
      pending.release.add(entry.requestId);
      sessionRemovals.add(heldKey(entry.requestId));
    }
    for (const key of unused) sessionRemovals.add(key);
    if (unused.size || resumed.length) pending.session = true;
    if (resumed.length) schedule();
    entries = [...earlier, ...resumed, ...entries];
    entryBytes = entries.reduce((sum, e) => sum + sizeOf(e.event), 0);
    typed = [...earlierTyped, ...typed];
  })().catch((error) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

/**
 * What to give a fresh engine to bring it back to where the live one was
 * after entry `through` (after the earlier wake-ups' entries, when null):
 * `{ snapshot, entries }`, the snapshot text (or null), then the entries to
 * replay in order — first the typed values the snapshot leaves out (never
 * written in it), then the log after it.
 */
export function replayPlan(through = null) {
  const before = typed.filter(inBase);
  const tail = entries.filter((e) => e.key || (through !== null && e.n <= through.n));
  return { snapshot: base.text, entries: [...before, ...tail] };
}
