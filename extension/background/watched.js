// The person's watched values (watched-store.js) given to the engine: the
// full set as one `watchedValues` event, at every wake-up (the engine
// restored from a snapshot never holds them: they are not in it) and after
// every change made in the options page. The event log keeps it in this
// worker's memory alone (journal.js), never on disk; once the log is
// compacted into a snapshot it is gone from there too, so a recovery from
// a trap (core.js) gets the last set again here.

import { ingest, onRebuilt, versioned } from './core.js';
import { listEntries, valuesOf } from './watched-store.js';

/** The last set given, for a rebuilt engine. */
let last = null;

onRebuilt((engine) => {
  if (last) engine.ingest(versioned({ ...last, time: Date.now() }));
});

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
  if (wake && !entries.length && !last) return null;
  const event = { type: 'watchedValues', time: Date.now(), values: valuesOf(entries) };
  // ingest logs its own refusals; null then.
  const out = await ingest(event);
  if (out === null) return null;
  last = event;
  return event.values.length;
}
