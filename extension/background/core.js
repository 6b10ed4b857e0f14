// The engine's life in the background: loaded once per wake-up, restored
// from the last snapshot, every call run in order, state saved after each
// change so that a stopped service worker loses nothing.

import init, { Engine } from '../wasm/vigie.js';
import { loadSnapshot, saveSnapshot } from './store.js';

const api = globalThis.browser ?? globalThis.chrome;

let ready = null;
let queue = Promise.resolve();
let saving = null;
let dirty = false;

async function boot() {
  await init({ module_or_path: api.runtime.getURL('wasm/vigie_bg.wasm') });
  let engine = null;
  try {
    const saved = await loadSnapshot();
    if (saved) engine = Engine.restore(saved);
  } catch (error) {
    // A snapshot this version cannot read: start afresh rather than stop
    // watching. The error says why (InvalidSnapshot and its message).
    console.warn('Vigie: starting with a fresh state:', error?.name, error?.message);
  }
  return engine ?? new Engine();
}

function engine() {
  ready ??= boot().catch((error) => {
    ready = null;
    throw error;
  });
  return ready;
}

/** Runs `task(engine)` after every task queued before it; returns its result. */
export function withEngine(task) {
  const result = queue.then(() => engine()).then(task);
  queue = result.catch(() => {});
  return result;
}

/**
 * Saves the state soon: within SAVE_DELAY_MS, coalescing the changes made
 * meanwhile. A busy page sends many events a second; a worker is stopped
 * only after 30 s idle, so the delay loses nothing.
 */
const SAVE_DELAY_MS = 400;
let saveTimer = null;
export function persistSoon() {
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    persist().catch((error) => console.warn('Vigie: could not save state:', error));
  }, SAVE_DELAY_MS);
}

/** Saves the state now, coalescing saves asked for while one is running. */
export function persist() {
  dirty = true;
  saving ??= (async () => {
    try {
      while (dirty) {
        dirty = false;
        const text = await withEngine((e) => e.snapshot());
        await saveSnapshot(text);
      }
    } finally {
      saving = null;
    }
  })();
  return saving;
}

/**
 * Feeds one event to the engine. Returns `{findings, notify, notices}`, or
 * null when the engine refused the event (logged with its error kind).
 */
export async function ingest(event) {
  try {
    const out = await withEngine((e) => e.ingest({ v: Engine.schemaVersion(), ...event }));
    if (out.findings.length > 0) {
      // A finding is saved at once: it is what must survive a stop.
      persist().catch((error) => console.warn('Vigie: could not save state:', error));
    } else {
      persistSoon();
    }
    return out;
  } catch (error) {
    console.warn('Vigie: event refused:', error?.name, error?.message, event?.type);
    return null;
  }
}

/**
 * The site `url` belongs to, by the engine's rule, or null. Static as it is,
 * `Engine.siteOf` is still a call into wasm, which throws until `init()` has
 * resolved: a woken worker (or Firefox's event page) may be asked before it
 * has loaded, so this waits for the module like every other entry point.
 */
export async function siteOf(url) {
  if (!url) return null;
  await engine();
  return Engine.siteOf(url) ?? null;
}
