// The background's IndexedDB store (extension/background/store.js) in memory,
// with the same contract: a snapshot with the logged events it includes
// ({ [wake]: last n }), the event log keyed [wake, n], the held requests,
// each batch applied whole. `globalThis.fakeStore` outlives a
// module reload, as IndexedDB outlives a stopped worker.

// The real store's order of log keys, which the journal imports from it.
import { compareKeys } from '../../../extension/background/store.js';
export { compareKeys };

const saved = (globalThis.fakeStore ??= { snapshot: null, log: new Map(), held: new Map(), batches: 0 });

const keyText = (key) => JSON.stringify(key);

export async function openStore() {}

const covered = (covers, [w, n]) => covers != null && Object.hasOwn(covers, w) && n <= covers[w];

export async function loadDurable(wake) {
  const covers = saved.snapshot?.covers ?? null;
  const log = [...saved.log.values()]
    .filter(({ key }) => !covered(covers, key) && key[0] !== wake)
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ key, event }) => ({ key, event: structuredClone(event) }));
  const held = [...saved.held].map(([requestId, record]) => ({ requestId, ...structuredClone(record) }));
  return { snapshot: saved.snapshot && { ...saved.snapshot }, log, held };
}

export async function writeBatch(wake, { log = [], dropLog = [], held = new Map(), release = new Set(), snapshot = null }) {
  if (globalThis.fakeStore.failWrites) throw new Error('fake store: write failed');
  for (const { key = [wake, undefined], n, event } of log) {
    const full = key[1] === undefined ? [wake, n] : key;
    saved.log.set(keyText(full), { key: full, event: structuredClone(event) });
  }
  for (const key of dropLog) saved.log.delete(keyText(key));
  for (const [requestId, record] of held) saved.held.set(requestId, structuredClone(record));
  for (const requestId of release) saved.held.delete(requestId);
  if (snapshot) {
    saved.snapshot = { text: snapshot.text, covers: { ...snapshot.covers } };
    for (const [text, { key }] of saved.log) if (covered(snapshot.covers, key)) saved.log.delete(text);
  }
  saved.batches += 1;
}
