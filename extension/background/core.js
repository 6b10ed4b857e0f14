// The engine's life in the background, under supervision.
//
// Loaded once per wake-up: the wasm module is instantiated, the engine
// restored from the last snapshot and the event log after it replayed
// (journal.js), and only then does any entry point get an answer — every
// call, the static `siteOf` included, waits for that (a woken worker starts
// cold, and wasm called before `init()` resolves throws). Calls run one at a
// time, in order.
//
// A trap in wasm (a panic, `RuntimeError: unreachable`) leaves the instance
// unusable: the engine's borrow flag stays set ("recursive use of an
// object"), and its stack pointer where the trap left it. Any call that
// throws something other than one of the core's stable error kinds is
// treated as such a trap: the instance is dropped, a fresh one made from
// the compiled module, the engine rebuilt from the snapshot and the log up
// to the last event it took, and work goes on. The event it trapped on is
// dropped from the log (or every wake-up would trap on it again); a read is
// tried once more. Recoveries are counted in health.

import * as wasm from '../wasm/vigie.js';
import { whenIdle } from './gate.js';
import * as journal from './journal.js';

const api = globalThis.browser ?? globalThis.chrome;
const { Engine } = wasm;

/** The core's own error kinds (src/messages/error.rs): refusals, not traps. */
const VIGIE_ERRORS = new Set(['MalformedEvent', 'UnsupportedVersion', 'EventTooLarge', 'InvalidSnapshot', 'InvalidArgument']);
export const isVigieError = (error) => VIGIE_ERRORS.has(error?.name);

// A rebuild that traps again drops the event it trapped on and starts over;
// past this many, the engine starts empty rather than never.
const MAX_REBUILDS = 8;
// Compaction: a snapshot replaces the log after this many events, this much
// of their text, or this long after the last event. Each wake-up replays the
// log synchronously before it takes anything new: kept short, so that a
// worker stopped often spends its short lives writing, not replaying.
const COMPACT_ENTRIES = 100;
const COMPACT_BYTES = 4 * 1024 * 1024;
const COMPACT_IDLE_MS = 2000;
const SUPERVISION_KEY = 'vigie:supervision';

let engine = null;
let ready = null;
let moduleLoaded = false;
let queue = Promise.resolve();
/** The last entry of this wake-up that the engine took (accepted or refused). */
let lastEntry = null;
/** What recoveries cost, for health: kept in session memory across wake-ups. */
const supervision = { recoveries: 0, lastRecoveryMs: null, droppedEvents: 0, instanceResets: 0 };
let replayListener = null;
let rebuiltListener = null;

/**
 * `event` as the core reads it fastest: the version and the kind first, so
 * the rest goes straight into its variant (any other order takes a slower
 * path).
 */
export const versioned = (event) => ({ v: Engine.schemaVersion(), type: event.type, ...event });

/** A fresh instance of the compiled module, where the glue can make one. */
function resetInstance() {
  supervision.instanceResets += 1;
  // wasm-bindgen's --experimental-reset-state-function: a new
  // WebAssembly.Instance of the module already compiled. Without it, the new
  // engine lives in the old instance (the trap's leaked stack with it).
  wasm.__wbg_reset_state?.();
  giveSuffixes();
}

// The Public Suffix List (data/public_suffix_list.dat, about 150 KB of
// text): who counts as one party. Kept out of the wasm, so that the module
// every wake-up compiles does not carry it; fetched once per wake-up and
// given to each instance before its first engine. Without it the core
// takes a host's last two labels as its registrable domain.
let suffixes = null;

async function loadSuffixes() {
  try {
    const r = await fetch(api.runtime.getURL('data/public_suffix_list.dat'));
    if (!r.ok) throw new Error(`data/public_suffix_list.dat: ${r.status}`);
    suffixes = await r.text();
  } catch (error) {
    console.warn('Vigie: the public suffix list could not be read:', error?.message);
  }
}

function giveSuffixes() {
  if (suffixes === null || !moduleLoaded) return;
  try {
    wasm.loadPublicSuffixes(suffixes);
  } catch (error) {
    if (!isVigieError(error)) throw error;
    console.warn('Vigie: the public suffix list was refused:', error.name, error.message);
  }
}

// The organization and IP-country tables (data/, compiled by the build):
// fetched once per wake-up from the extension's own files and given to
// every engine made, before it replays anything (the engine reads server
// countries as it takes events). Without them the engine still works:
// hosts by domain, countries unknown.
let tables = null;

async function loadTables() {
  try {
    const read = (path) => fetch(api.runtime.getURL(path)).then((r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return r;
    });
    const [organizations, ip] = await Promise.all([
      read('data/organizations.txt').then((r) => r.text()),
      read('data/ip-country.bin').then((r) => r.arrayBuffer()),
    ]);
    tables = { organizations, ip: new Uint8Array(ip) };
  } catch (error) {
    console.warn('Vigie: the destination tables could not be read:', error?.message);
  }
}

/** `engine`, given the tables when they were read. */
function withTables(engine) {
  if (!tables) return engine;
  try {
    engine.loadDestinations(tables.organizations, tables.ip);
  } catch (error) {
    if (!isVigieError(error)) throw error;
    console.warn('Vigie: the destination tables were refused:', error.name, error.message);
  }
  return engine;
}

function restoreOrNew(text) {
  if (text) {
    try {
      return Engine.restore(text);
    } catch (error) {
      if (!isVigieError(error)) throw error;
      // A snapshot this version cannot read: start afresh rather than stop
      // watching. The error says why (InvalidSnapshot and its message).
      console.warn('Vigie: starting with a fresh state:', error.name, error.message);
    }
  }
  return new Engine();
}

/**
 * An engine brought to where the live one was after `through` (earlier
 * wake-ups' events only, when null). Events it traps on are dropped.
 * `outs` collects what the replayed events produced.
 */
function rebuild(through, outs = null) {
  for (let attempt = 0; ; attempt++) {
    const plan = journal.replayPlan(through);
    let candidate;
    try {
      candidate = withTables(attempt < MAX_REBUILDS ? restoreOrNew(plan.snapshot) : new Engine());
    } catch (error) {
      // The snapshot itself traps: keep what the log has after it.
      console.warn('Vigie: the snapshot could not be restored:', error?.message);
      resetInstance();
      candidate = withTables(new Engine());
    }
    if (attempt >= MAX_REBUILDS) return candidate;
    let trapped = null;
    for (const entry of plan.entries) {
      try {
        const out = candidate.ingest(versioned(entry.event));
        if (outs && out?.findings.length) outs.push(out);
      } catch (error) {
        if (isVigieError(error)) continue;
        trapped = entry;
        break;
      }
    }
    if (!trapped) return candidate;
    console.warn('Vigie: an event of the log traps the engine; it is dropped');
    journal.drop(trapped);
    supervision.droppedEvents += 1;
    resetInstance();
  }
}

// The engine's start — the module compiled, the Public Suffix List and the
// destination tables read into it, the state restored and the log replayed
// — takes 150 to 400 ms of this worker's time on a 2-core machine, and a
// worker is most often woken by a page that starts to load. So the first
// start of a wake-up waits for `startEngine()`: background.js calls it once
// no page is loading, or at once for a person waiting on the popup.
// Events are logged (journal.js) meanwhile, none is lost; they reach the
// engine when it starts.
let letStart;
const mayStart = new Promise((resolve) => {
  letStart = resolve;
});
export const startEngine = () => letStart();

async function boot() {
  await mayStart;
  if (!moduleLoaded) {
    await wasm.default({ module_or_path: api.runtime.getURL('wasm/vigie_bg.wasm') });
    moduleLoaded = true;
  }
  const tablesRead = Promise.all([tables ? null : loadTables(), suffixes === null ? loadSuffixes() : null]);
  try {
    await journal.load();
  } catch (error) {
    console.warn('Vigie: could not read the saved state:', error?.name, error?.message);
  }
  try {
    Object.assign(supervision, (await api.storage?.session?.get(SUPERVISION_KEY))?.[SUPERVISION_KEY]);
  } catch {
    // No session storage: the counts start at zero.
  }
  await tablesRead;
  giveSuffixes();
  const outs = [];
  engine = rebuild(null, outs);
  if (outs.length) queueMicrotask(() => replayListener?.(outs));
  scheduleCompaction();
  return engine;
}

function current() {
  ready ??= boot().catch((error) => {
    ready = null;
    throw error;
  });
  return ready;
}

function recover(error, entry) {
  const started = performance.now();
  console.warn('Vigie: the engine trapped; rebuilding it:', error?.name, error?.message);
  engine = null;
  if (entry) {
    journal.drop(entry);
    supervision.droppedEvents += 1;
  }
  resetInstance();
  engine = rebuild(lastEntry);
  try {
    rebuiltListener?.(engine);
  } catch (listenerError) {
    console.warn('Vigie: after a rebuild:', listenerError?.name, listenerError?.message);
  }
  supervision.recoveries += 1;
  supervision.lastRecoveryMs = Math.round((performance.now() - started) * 10) / 10;
  api.storage?.session?.set({ [SUPERVISION_KEY]: { ...supervision } }).catch(() => {});
}

function supervised(task, entry) {
  try {
    const value = task(engine);
    if (entry) lastEntry = entry;
    return value;
  } catch (error) {
    if (isVigieError(error)) {
      if (entry) lastEntry = entry;
      throw error;
    }
    recover(error, entry);
    if (entry) throw error;
    return task(engine);
  }
}

/**
 * Runs `task(engine)` after every task queued before it, once the engine is
 * ready; returns its result. `task` is synchronous. With `entry` (the log
 * entry of an event it ingests), a trap drops that entry.
 */
export function withEngine(task, { entry = null } = {}) {
  const result = queue.then(current).then(() => supervised(task, entry));
  queue = result.catch(() => {});
  return result;
}

// ---- events in ------------------------------------------------------------------

/**
 * Logs one event and feeds it to the engine. Returns `{findings, notify,
 * notices}`, or null when the engine refused the event (logged with its
 * error kind). `durable()` tells when the log is on disk.
 */
export async function ingest(event) {
  const entry = journal.append(event);
  try {
    return await withEngine((e) => e.ingest(versioned(event)), { entry });
  } catch (error) {
    console.warn('Vigie: event refused:', error?.name, error?.message, event?.type);
    return null;
  } finally {
    scheduleCompaction();
  }
}

export const durable = journal.durable;

// ---- snapshots ------------------------------------------------------------------

let idleTimer = null;
function scheduleCompaction() {
  const size = journal.logSize();
  if (size.entries === 0) return;
  if (size.entries >= COMPACT_ENTRIES || size.bytes >= COMPACT_BYTES) {
    persist().catch(() => {});
    return;
  }
  clearTimeout(idleTimer);
  // Not while a page loads (gate.js).
  idleTimer = setTimeout(() => whenIdle(() => {
    if (journal.logSize().entries > 0) persist().catch(() => {});
  }), COMPACT_IDLE_MS);
}

let compacting = null;
/**
 * Replaces the log with a snapshot of the engine now; resolves once on disk.
 * Calls made meanwhile share one snapshot.
 */
export function persist() {
  clearTimeout(idleTimer);
  compacting ??= withEngine((e) => ({ written: journal.compact(e.snapshot(), lastEntry?.n ?? 0) }))
    .then(({ written }) => written)
    .catch((error) => console.warn('Vigie: could not save state:', error?.name, error?.message))
    .finally(() => {
      compacting = null;
    });
  return compacting;
}

/** Runs a change that is not an event (forgetting a site), then saves a snapshot at once. */
export async function change(task) {
  const { value, written } = await withEngine((e) => {
    const result = task(e);
    return { value: result, written: journal.compact(e.snapshot(), lastEntry?.n ?? 0) };
  });
  await written;
  return value;
}

// ---- reads ------------------------------------------------------------------------

/**
 * The site `url` belongs to, by the engine's rule, or null. Static as it is,
 * `Engine.siteOf` is still a call into wasm, which throws until `init()` has
 * resolved: a woken worker (or Firefox's event page) may be asked before it
 * has loaded, so this waits for the module like every other entry point.
 */
export async function siteOf(url) {
  if (!url) return null;
  return withEngine(() => Engine.siteOf(url) ?? null);
}

/** The engine's health with the supervisor's: recoveries and what they cost. */
export function health() {
  return withEngine((e) => ({ ...e.health(), ...supervision }));
}

/** The supervisor's counts alone. */
export function supervisionCounts() {
  return { ...supervision };
}

/**
 * `listener(engine)` runs when a trap's recovery has rebuilt the engine,
 * before any other call reaches it: for what neither the snapshot nor the
 * log holds once compacted (the watched values, kept in memory alone).
 */
export function onRebuilt(listener) {
  rebuiltListener = listener;
}

/** `listener(outs)` hears what replaying the log of earlier wake-ups produced. */
export function onReplayed(listener) {
  replayListener = listener;
}
