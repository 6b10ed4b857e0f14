// The background's snapshot store in memory (extension/background/store.js
// keeps it in IndexedDB, which node does not have).

const saved = (globalThis.fakeStore ??= { snapshot: undefined, saves: 0 });

export async function loadSnapshot() {
  return saved.snapshot;
}

export async function saveSnapshot(text) {
  saved.snapshot = text;
  saved.saves += 1;
}
