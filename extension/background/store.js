// Where the engine's snapshot lives: IndexedDB of the extension's own origin.
// Content scripts run in the page's origin and cannot open it (unlike
// storage.local, which every content script of the extension can read).

const DB_NAME = 'vigie';
const STORE = 'state';
const KEY = 'engine';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let dbPromise = null;
function db() {
  dbPromise ??= open().catch((error) => {
    dbPromise = null;
    throw error;
  });
  return dbPromise;
}

function run(mode, action) {
  return db().then(
    (database) =>
      new Promise((resolve, reject) => {
        const tx = database.transaction(STORE, mode);
        const request = action(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

/** The saved snapshot text, or undefined. */
export function loadSnapshot() {
  return run('readonly', (store) => store.get(KEY));
}

/** Saves the snapshot text; resolves once it is on disk. */
export function saveSnapshot(text) {
  return run('readwrite', (store) => store.put(text, KEY));
}
