// Vigie's work on what pages do waits while a page loads. A page's load is
// when the person waits for it, and on a machine of few cores every
// millisecond the engine runs then is one the page does not: its requests
// (released to the engine a while after they left, network.js), its
// navigation, its reports. So while a tab's top document is loading (from
// its commit to its load's end, webNavigation), they wait here, in the
// order they came, and go to the engine as soon as no page is loading; at
// the latest MAX_WAIT_MS after the first of them began to wait, so that a
// page that never ends loading, or tabs loading one after the other, delay
// Vigie's findings by that much and no more.
//
// What waits is on disk as it was before it came here: a request's hold
// (network.js), any other event's own (background.js ingestInOrder). A
// worker stopped meanwhile gives them to the engine when it wakes.

/** The longest a task waits for the pages to load. */
export const MAX_WAIT_MS = 2500;
/** A tab whose load began this long ago no longer counts as loading (a load event that never came). */
const MAX_LOADING_MS = 15_000;

/**
 * What the line waits for besides the loads, with no time limit: the
 * extension inventory a woken worker takes before any page's event
 * (background.js). Counted while unsettled.
 */
let awaited = 0;
/** Bumped by resetGate: what was awaited before it counts no more. */
let generation = 0;

/** The tabs whose top document is loading, and since when. */
const loading = new Map();
/** What waits, in order: `{ task, at }`. */
let queue = [];
let timer = null;
let draining = false;
/** Whether a task that waited is running now. */
let running = false;

function anyLoading(now) {
  for (const [tabId, since] of loading) {
    if (now - since < MAX_LOADING_MS) return true;
    loading.delete(tabId);
  }
  return false;
}

/** Whether a task given now would run at once. */
export function idle() {
  return awaited === 0 && queue.length === 0 && !draining && !anyLoading(Date.now());
}

/**
 * Nothing in the line runs before `promise` settles, however long it takes
 * (MAX_WAIT_MS does not apply): what must reach the engine before any of it.
 */
export function waitFor(promise) {
  awaited += 1;
  const since = generation;
  const settled = () => {
    if (since !== generation) return;
    awaited -= 1;
    if (awaited === 0 && queue.length && !anyLoading(Date.now())) drain();
    else if (awaited === 0) arm();
  };
  promise.then(settled, settled);
}

/**
 * Whether the code running now is a task that waited, in its turn: what it
 * gives the engine goes now, not behind the tasks after it (a request
 * released from the line, network.js, goes to the engine by way of
 * background.js ingestInOrder).
 */
export function inTurn() {
  return running;
}

/** Runs `task` now if no page is loading and nothing waits; else once that is so, in order. */
export function whenIdle(task) {
  if (idle()) {
    task();
    return;
  }
  queue.push({ task, at: Date.now() });
  if (!draining) arm();
}

/** Runs `task` as whenIdle does; resolves with what it returns, or rejects with what it throws. */
export function inLine(task) {
  return new Promise((resolve, reject) => {
    whenIdle(() => {
      try {
        resolve(task());
      } catch (error) {
        reject(error);
      }
    });
  });
}

function arm() {
  clearTimeout(timer);
  timer = null;
  if (queue.length === 0) return;
  timer = setTimeout(drain, Math.max(0, queue[0].at + MAX_WAIT_MS - Date.now()));
}

/** Runs what waits, in order: a task it runs that asks to wait goes after the rest. */
function drain() {
  clearTimeout(timer);
  timer = null;
  // The inventory first: its end drains the line.
  if (draining || awaited > 0) return;
  draining = true;
  try {
    while (queue.length) {
      const { task } = queue.shift();
      running = true;
      try {
        task();
      } catch (error) {
        console.warn('Vigie: a waiting task failed:', error?.name, error?.message);
      } finally {
        running = false;
      }
    }
  } finally {
    draining = false;
  }
}

/**
 * Runs what waits now, pages loading or not (the inventory still first): a
 * person opened the popup, which must show what the pages did.
 */
export function hurry() {
  if (queue.length) drain();
}

/** The top document of `tabId` began loading (it committed) at `at`. */
export function loadStarted(tabId, at = Date.now()) {
  // The browser's time stamps and this clock agree to within moments; a
  // load is never taken to have begun in the future.
  loading.set(tabId, Math.min(at, Date.now()));
}

/** The top document of `tabId` ended loading (its load event, an error, the tab closed). */
export function loadEnded(tabId) {
  if (!loading.delete(tabId)) return;
  if (!anyLoading(Date.now())) drain();
}

/** For tests: forgets every load and drops what waits. */
export function resetGate() {
  loading.clear();
  queue = [];
  clearTimeout(timer);
  timer = null;
  draining = false;
  running = false;
  awaited = 0;
  generation += 1;
}
