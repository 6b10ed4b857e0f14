// Tabs that were open before Vigie started — restored at browser start-up,
// or open when Vigie was installed or updated — have none of its content
// scripts until they are reloaded (Chrome never injects manifest content
// scripts into them; Firefox does on install and update, but the page has
// long been running by then). On install, update and start-up Vigie injects
// them where the browser lets it (scripting.executeScript: the observer in
// the isolated world first, so that it listens before the main-world hooks
// post their hello), and remembers, per tab, that the page was watched only
// from the middle (`late`) or not at all (`missing`); the popup then asks the
// person to reload the page. A new page in the tab ends the mark.
//
// The marks live in storage.session: they outlive a stopped worker, and go
// when the browser closes or Vigie is reloaded, as the injected scripts do.

import { isFirefox } from './browser.js';

const api = globalThis.browser ?? globalThis.chrome;

const MARKS_KEY = 'vigie:coverage';
const OBSERVER = 'content/observer.js';
const MAIN_WORLD = 'content/main-world.js';
const scriptable = (url) => /^(?:https?|file):/.test(url ?? '');

/**
 * Runs in Vigie's isolated world: is its observer already there? The
 * observer and the main-world hooks are the manifest's two document_start
 * scripts, so an observer of this version means hooks too. (The hooks
 * themselves leave nothing a script of the page's world could see, Vigie's
 * included: pages must not be able to tell they are there.) After an update
 * the isolated world is the new version's, and says no.
 */
function observerPresent() {
  return globalThis.vigieObserver === true;
}

// The marks as this worker last read or wrote them: storage.session is
// read once a wake-up, not at every page a tab loads.
let known = null;

async function marks() {
  if (known) return known;
  let read;
  try {
    read = (await api.storage.session.get(MARKS_KEY))?.[MARKS_KEY] ?? {};
  } catch {
    return {};
  }
  // Another read, or a write, may have finished meanwhile: the first stands.
  known ??= read;
  return known;
}

async function saveMarks(update) {
  await marks();
  // From here to the write, nothing waits: two updates at once both land.
  const all = { ...known, ...update };
  for (const [tabId, mark] of Object.entries(all)) if (mark === null) delete all[tabId];
  known = all;
  await api.storage.session.set({ [MARKS_KEY]: all });
}

/** Injects Vigie's content scripts into `tab` if needed; returns its mark: 'late', 'missing' or null. */
async function cover(tab, reason) {
  // Firefox injects the manifest's content scripts into open tabs itself
  // on install and update: late, as ours would be.
  if (isFirefox() && (reason === 'install' || reason === 'update')) return 'late';
  let hooked;
  try {
    const [probe] = await api.scripting.executeScript({ target: { tabId: tab.id }, func: observerPresent });
    hooked = probe?.result === true;
  } catch {
    // A page the browser keeps from extensions (its store, error pages),
    // or a discarded tab.
    return 'missing';
  }
  // At start-up, an observer means the manifest's scripts ran at document_start.
  // After an update the old version's scripts may still be there, speaking
  // to nothing: new ones are injected (new hooks wrap the old, which only
  // pass calls on).
  if (hooked && reason !== 'update') return null;
  try {
    await api.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: [OBSERVER] });
    await api.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, world: 'MAIN', files: [MAIN_WORLD] });
    return 'late';
  } catch {
    return 'missing';
  }
}

// The tabs being covered now: the hooks injected there say they are ready
// before the marks are written.
const covering = new Set();

/** Covers every open tab that shows a page; `reason`: 'install', 'update' or 'startup'. */
export async function coverOpenTabs(reason) {
  const tabs = (await api.tabs.query({})).filter((tab) => scriptable(tab.url));
  const at = Date.now();
  for (const tab of tabs) covering.add(tab.id);
  try {
    const found = await Promise.all(tabs.map((tab) => cover(tab, reason).catch(() => 'missing')));
    const update = {};
    tabs.forEach((tab, i) => {
      if (found[i]) update[tab.id] = { state: found[i], at };
    });
    if (Object.keys(update).length) await saveMarks(update);
  } finally {
    for (const tab of tabs) covering.delete(tab.id);
  }
}

/**
 * True when hooks that say they are ready in `tabId` were put into a page
 * already running (being covered now, or marked, as far as this wake-up has
 * read the marks): its scripts may hold natives taken before the hooks, and
 * run workers started before them. Synchronous, so that the report keeps
 * its place among the page's others.
 */
export function hooksLate(tabId) {
  return covering.has(tabId) || Boolean(known?.[tabId]);
}

/** A page committed in a tab after its mark: the new page has the scripts from its start. */
export async function pageCommitted(tabId, time) {
  const mark = (await marks())[tabId];
  if (mark && time > mark.at) await saveMarks({ [tabId]: null });
}

export async function tabClosed(tabId) {
  if ((await marks())[tabId]) await saveMarks({ [tabId]: null });
}

/**
 * The mark of the page in `tabId`: 'late' (watched from where Vigie came
 * in), 'missing' (its scripts could not enter it: Vigie sees nothing of the
 * page itself), or null (watched from its start). Either mark, and the
 * popup asks for a reload.
 */
export async function markOf(tabId) {
  return (await marks())[tabId]?.state ?? null;
}

// Read at once: a page's hooks may say they are ready before anything else asks.
marks().catch(() => {});
