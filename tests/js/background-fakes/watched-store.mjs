// A stand-in for the watched values' IndexedDB store
// (extension/background/watched-store.js): the entries live in
// `globalThis.fakeWatched`, which outlives a module reload as the browser's
// database does.

export const listEntries = async () => structuredClone(globalThis.fakeWatched ?? []);
export const valuesOf = (entries) => entries.map(({ kind, value }) => ({ kind, value }));
