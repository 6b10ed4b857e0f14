// The person's watched values (watched-store.js) given to the engine: the
// full set as one `watchedValues` event, at every wake-up (the engine
// restored from a snapshot never holds them: they are not in it) and after
// every change made in the options page. The event goes to the engine
// directly, not through the event log (journal.js): it must never be
// written to disk, and the values are in IndexedDB already, to be read
// again at the next wake-up.

import { Engine } from '../wasm/vigie.js';
import { withEngine } from './core.js';
import { listEntries, valuesOf } from './watched-store.js';

let given = false;

/**
 * Reads the entries and gives them to the engine, replacing what it held.
 * At a wake-up with no entries there is nothing to replace: no event.
 * Resolves to the number of values given (null when nothing was given).
 */
export async function giveWatchedValues({ wake = false } = {}) {
  let entries;
  try {
    entries = await listEntries();
  } catch (error) {
    console.warn('Vigie: could not read the watched values:', error?.name, error?.message);
    return null;
  }
  if (wake && !entries.length && !given) return null;
  const values = valuesOf(entries);
  try {
    await withEngine((e) => e.ingest({ v: Engine.schemaVersion(), type: 'watchedValues', time: Date.now(), values }));
    given = true;
    return values.length;
  } catch (error) {
    console.warn('Vigie: the engine refused the watched values:', error?.name, error?.message);
    return null;
  }
}
