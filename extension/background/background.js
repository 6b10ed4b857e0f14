// Vigie's background: turns browser events into core events, and answers the
// popup. Every listener is registered synchronously at the top level, as a
// Manifest V3 service worker requires to be woken by them; each handler
// waits for the engine inside (core.js), which is ready only once the state
// of earlier wake-ups is back: snapshot and event log (journal.js).

import { CONTRACT } from '../generated/contract.js';
import { change, durable, health, ingest, onReplayed, persist, siteOf, startEngine, supervisionCounts, withEngine } from './core.js';
import { badgeCleared, badgeReset, notify, updateAllBadges, updateBadge, updateBadgesForSite } from './alerts.js';
import { accessWithheld, closedToExtensions, isFirefox } from './browser.js';
import { coverOpenTabs, hooksLate, markOf, pageCommitted, tabClosed } from './existing-tabs.js';
import { hurry, idle, inLine, inTurn, loadEnded, loadStarted, waitFor } from './gate.js';
import { hold, release, restrictSession } from './journal.js';
import { claimSentBody, networkCounts, socketMessagesEvent, watchRequests, watchServerAddresses } from './network.js';
import { SERVER_ADDRESS_OVERRIDES } from '../generated/test-hooks.js';
import { extensionsState, refreshInventory, watchExtensions } from './extensions.js';
import { isProfileSite as isProfileHost, pageConfig } from './profile-sites.js';
import { giveWatchedValues } from './watched.js';

const api = globalThis.browser ?? globalThis.chrome;
const now = () => Date.now();

/** The origin of the document that sent a message (Firefox names its URL only). */
function senderDocumentOrigin(sender) {
  if (typeof sender.origin === 'string') return sender.origin;
  try {
    return new URL(sender.url).origin;
  } catch {
    return null;
  }
}

// ---- the extension inventory (extensions.js) ------------------------------

watchExtensions((out) => afterFindings(out));
// The inventory is taken at every wake-up, before the reports of pages are
// given to the engine: on install, the content scripts Firefox injects into
// open tabs report at once, and an injection by an extension the engine
// does not know yet could not be named.
const inventoryTaken = refreshInventory()
  // What changed while Vigie was not running (an update at start-up) is
  // audited against the inventory of the last wake-up.
  .then((out) => (out?.findings.length ? afterFindings(out) : null))
  .catch(warn('take the extension inventory'));
// Nothing in the line of what pages do (gate.js) reaches the engine before it.
waitFor(inventoryTaken);

let nextReport = 0;
/**
 * Logs an event of a tab (a navigation, a request, a server address, a page
 * report) after the inventory, and once no page is loading (gate.js): at
 * once when both are so, else held durably meanwhile (journal.js) so that a
 * worker stopped before does not lose it. Every such event comes this way,
 * and the requests network.js releases wait in the same line, so the engine
 * takes them in the order they arrived: a person's click on "Contact info",
 * reported while a woken worker is still taking the inventory, must not
 * reach the engine after the lookup it started.
 */
function ingestInOrder(event) {
  // The line (gate.js) waits for the inventory; a request released from it is in its turn.
  if (idle() || inTurn()) return ingest(event);
  const key = `report:${Date.now()}:${nextReport++}`;
  hold(key, { event, arrivedAt: Date.now() });
  return inLine(() => {
    const out = ingest(event);
    release(key);
    return out;
  });
}

api.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install' || reason === 'update') coverOpenTabs(reason).catch(warn('cover open tabs'));
});
api.runtime.onStartup.addListener(() => {
  coverOpenTabs('startup').catch(warn('cover open tabs'));
});

function warn(what) {
  return (error) => console.warn(`Vigie: could not ${what}:`, error?.name, error?.message);
}

// ---- navigation ------------------------------------------------------------

// Tabs whose origin is not yet settled: a tab created with no opener and no
// link from a page, whose first page then commits as a `link`, was opened by
// an extension or another program, not by the person (typing, bookmarks,
// reloads and the start page commit with other transition types).
// On a modelled profile site, such a tab stays the program's until the
// person takes it over: every later page it is moved to as a `link` (as
// `tabs.update` moves it) is just as unrequested, which is how profile
// queues walk one pinned background tab. A trusted click in the tab (the
// observer reports them on those sites), a page the person asks for there
// (typed, bookmark, generated), or a page of another site (where clicks
// are not reported) makes it theirs.
const newTabs = new Map();

api.tabs.onCreated.addListener((tab) => {
  if (newTabs.size >= CONTRACT.shell.maxNewTabs) newTabs.delete(newTabs.keys().next().value);
  newTabs.set(tab.id, { opener: tab.openerTabId !== undefined });
});
api.webNavigation.onCreatedNavigationTarget.addListener((details) => {
  const entry = newTabs.get(details.tabId);
  if (entry) entry.opener = true;
});

function unrequested(details, transition) {
  const entry = newTabs.get(details.tabId);
  if (!entry || transition === 'history' || details.url.startsWith('about:')) return false;
  const qualifiers = Array.isArray(details.transitionQualifiers) ? details.transitionQualifiers : [];
  const back = qualifiers.includes('forward_back');
  const program = !entry.opener && details.transitionType === 'link' && !back;
  // Once the tab is the program's, a reload or a step back or forward (the
  // person's, or the program's own `tabs.reload` and `tabs.goBack`) is not
  // a page it asked for, and the tab stays the program's.
  const keep = entry.program && (back || details.transitionType === 'reload');
  if (program && isProfileSite(details.url)) entry.program = true;
  else if (!keep) newTabs.delete(details.tabId);
  return program;
}

/**
 * An about:blank frame of the page's own origin, whose requests Chromium
 * gives as the top document's (an about:srcdoc frame's come with its own
 * frame id, and one nested in another site's frame is that site's). Firefox
 * gives no sender origin: there, no frame is taken for the page.
 */
function framesPage(sender, tabUrl) {
  const url = sender.url ?? '';
  if (url !== 'about:blank' && !url.startsWith('about:blank#') && !url.startsWith('about:blank?')) return false;
  try {
    return typeof sender.origin === 'string' && sender.origin === new URL(tabUrl).origin;
  } catch {
    return false;
  }
}

/** The person clicked in a tab: what it shows from now on is theirs. */
function takenOver(tabId) {
  newTabs.delete(tabId);
}

// The tabs whose top document committed since this wake-up (or whose page
// was named unreported, below), and the checks waiting for a commit, by tab id.
const committed = new Set();
const unreportedChecks = new Map();
// How long after the first report of a page its commit may still come.
const UNREPORTED_COMMIT_MS = 400;

/**
 * The browser can leave a commit unsaid: Chromium does not dispatch
 * webNavigation events to a worker starting for the first time (just
 * installed, a fresh profile) until its listeners are known, and the pages
 * that commit meanwhile never reach Vigie as navigations, though their
 * requests and reports do. Without its page, a tab's leaks have no site and
 * are never told. So a report from a tab's top frame whose page (the
 * browser's record of the sender, never the page's word) no commit has
 * named goes to the engine as a navigation of transition `unreported`, a
 * moment later if no commit has come meanwhile: an unknown transition, a
 * page nobody is said to have opened unasked, and nothing at all when the
 * engine already has the tab on that document (after the worker's restart,
 * when no commit has been seen yet).
 */
function noteReportingPage(sender) {
  const tabId = sender.tab?.id;
  const url = sender.url;
  if (sender.frameId !== 0 || !Number.isInteger(tabId) || tabId < 0 || typeof url !== 'string' || !/^https?:\/\//i.test(url)) return;
  // Only a document the tab shows (Chromium says so; Firefox does not say):
  // not one prerendered, kept in the back/forward cache, or being left.
  if (sender.documentLifecycle !== undefined && sender.documentLifecycle !== 'active') return;
  // Only for a tab no commit was seen in since this wake-up: a report of a
  // document being left can come after the next one's commit.
  if (committed.has(tabId) || unreportedChecks.has(tabId)) return;
  const seenAt = now();
  unreportedChecks.set(tabId, setTimeout(() => {
    unreportedChecks.delete(tabId);
    // A commit came meanwhile: the page is its.
    if (committed.has(tabId)) return;
    committed.add(tabId);
    ingestInOrder({ type: 'navigation', time: seenAt, tabId, url, transition: 'unreported', qualifiers: [], unrequested: false }).then((out) => {
      updateBadge(tabId, url);
      if (out?.findings.length) afterFindings(out);
    });
  }, UNREPORTED_COMMIT_MS));
}

function onNavigation(transition) {
  return (details) => {
    if (details.frameId !== 0 || details.tabId < 0) return;
    committed.add(details.tabId);
    // A new document: the browser resets the tab's badge.
    if (transition === null) badgeReset(details.tabId);
    if (transition === null) pageCommitted(details.tabId, details.timeStamp ?? now()).catch(warn('clear a reload notice'));
    ingestInOrder({
      type: 'navigation',
      time: details.timeStamp ?? now(),
      tabId: details.tabId,
      url: details.url,
      // The browser's account of who navigated: typed, bookmark, reload and
      // back/forward are the person's; a link is theirs after a trusted click.
      transition: transition ?? details.transitionType ?? null,
      qualifiers: Array.isArray(details.transitionQualifiers) ? details.transitionQualifiers.slice(0, 8) : [],
      unrequested: unrequested(details, transition),
    }).then((out) => {
      updateBadge(details.tabId, details.url);
      if (out?.findings.length) afterFindings(out);
    });
    // The new document loads from now on: what comes meanwhile waits for
    // it (gate.js). Its navigation went first, in its place in the line.
    if (transition === null) loadStarted(details.tabId, details.timeStamp ?? now());
  };
}

api.webNavigation.onCommitted.addListener(onNavigation(null));
api.webNavigation.onHistoryStateUpdated.addListener(onNavigation('history'));
api.webNavigation.onCompleted.addListener((details) => {
  if (details.frameId === 0 && details.tabId >= 0) loadEnded(details.tabId);
});

// ---- network -----------------------------------------------------------------

watchRequests(async (event) => {
  const out = await ingestInOrder(event);
  if (out?.findings.length) await afterFindings(out);
});
// Test builds only (extension/build.mjs --test-server-addresses) map fixture
// hosts to addresses of the IP table; release builds carry no map.
const overrideAddress = SERVER_ADDRESS_OVERRIDES ? (host) => SERVER_ADDRESS_OVERRIDES[host] : null;
watchServerAddresses(async (event) => {
  const out = await ingestInOrder(event);
  if (out?.findings.length) await afterFindings(out);
}, { override: overrideAddress });

async function afterFindings(out) {
  const sites = new Set(out.findings.map((f) => f.site));
  await Promise.all([...sites].map(updateBadgesForSite));
  if (out.notify.length) await notify(out.findings, out.notify);
}
// A wake-up replayed the log of the last one: what it found may never have
// reached the badge or a notification before the stop.
onReplayed(async (outs) => {
  const findings = outs.flatMap((out) => out.findings);
  const keys = outs.flatMap((out) => out.notify);
  if (keys.length) await notify(findings, keys, { replayed: true });
});

// A tab replaced by another (a page prerendered in a tab of its own, shown):
// the removed one's load is over; the other's is its own.
api.tabs.onReplaced?.addListener((added, removed) => loadEnded(removed));
api.tabs.onRemoved.addListener((tabId) => {
  loadEnded(tabId);
  newTabs.delete(tabId);
  committed.delete(tabId);
  clearTimeout(unreportedChecks.get(tabId));
  unreportedChecks.delete(tabId);
  badgeCleared(tabId);
  tabClosed(tabId).catch(() => {});
  ingestInOrder({ type: 'tabClosed', time: now(), tabId });
});
api.tabs.onActivated.addListener(({ tabId }) => {
  // Set again whatever was shown: the browser may have reset it unseen.
  badgeCleared(tabId);
  api.tabs.get(tabId).then((tab) => updateBadge(tabId, tab.url), () => {});
});
// A page that failed to load commits an error page, which resets the badge
// without onCommitted.
api.webNavigation.onErrorOccurred?.addListener((details) => {
  if (details.frameId !== 0 || details.tabId < 0) return;
  badgeReset(details.tabId);
  loadEnded(details.tabId);
});

// ---- messages --------------------------------------------------------------

async function onDomInjection(message, sender) {
  // Tab and URLs come from the browser's record of the sender, never from
  // the message: a page cannot choose where its report is filed.
  const tab = sender.tab;
  if (!tab || typeof tab.id !== 'number' || !tab.url) return;
  if (typeof message.resourceUrl !== 'string') return;
  const out = await ingestInOrder({
    type: 'domInjection',
    time: now(),
    tabId: tab.id,
    pageUrl: tab.url,
    frameUrl: sender.frameId ? sender.url ?? null : null,
    resourceUrl: message.resourceUrl,
    element: String(message.element ?? 'unknown'),
    attribute: String(message.attribute ?? 'unknown'),
    inShadowRoot: message.inShadowRoot === true,
    loaded: typeof message.loaded === 'boolean' ? message.loaded : null,
  });
  if (out?.findings.length) await afterFindings(out);
}

// Reports from the page observer about the tab it runs in. The tab and page
// URL are the browser's record of the sender; the body is only the fact.
async function onPageReport(message, sender) {
  const tab = sender.tab;
  if (!tab || typeof tab.id !== 'number' || !tab.url) return;
  const base = { time: now(), tabId: tab.id, pageUrl: tab.url };
  let event = null;
  switch (message.type) {
    case 'vigie:gesture':
      takenOver(tab.id);
      // The observer also reports clicks made before it knew what to watch
      // (profile-sites.js): only those of a modelled site's pages go further.
      if (!isProfileSite(tab.url)) return;
      event = {
        type: 'gesture',
        ...base,
        time: reportTime(message.at, base.time),
        href: typeof message.href === 'string' ? message.href : null,
        text: typeof message.text === 'string' ? message.text.slice(0, CONTRACT.shell.maxGestureText) : null,
      };
      break;
    case 'vigie:page-contact':
      if (!Array.isArray(message.values)) return;
      event = { type: 'pageContact', ...base, values: message.values.slice(0, CONTRACT.engine.maxContactValues) };
      break;
    case 'vigie:main-world':
      // Hooks of subframes are not the tab's page, with one exception: an
      // about:blank frame of the page's origin, whose requests Chromium
      // gives as the top document's. Its calls and workers are the page's,
      // or a request a script made through the frame would have no record,
      // and be taken for an extension's.
      if (sender.frameId !== 0 && !(framesPage(sender, tab.url) && ['call', 'worker'].includes(message.report?.kind))) return;
      event = { type: 'mainWorld', ...base, report: message.report };
      // Hooks put into a page already running: said by the shell, which
      // put them there, never by the page's side.
      if (message.report?.kind === 'ready') event.report = { kind: 'ready', ...(hooksLate(tab.id) ? { late: true } : {}) };
      break;
    case 'vigie:contact-response':
      if (sender.frameId !== 0 || typeof message.url !== 'string' || typeof message.body !== 'string') return;
      event = {
        type: 'contactResponse',
        ...base,
        url: message.url.slice(0, CONTRACT.shell.maxUrlBytes),
        body: message.body.slice(0, CONTRACT.engine.maxBodyBytes),
        truncated: message.truncated === true || message.body.length > CONTRACT.engine.maxBodyBytes,
      };
      break;
    case 'vigie:member-identity':
      if (typeof message.member !== 'string' || typeof message.slug !== 'string') return;
      event = { type: 'memberIdentity', ...base, member: message.member.slice(0, 200), slug: message.slug.slice(0, 200) };
      break;
    case 'vigie:form-input':
      if (!CONTRACT.fieldKinds.includes(message.field) || typeof message.value !== 'string') return;
      event = {
        type: 'formInput',
        ...base,
        frameUrl: sender.frameId ? sender.url ?? null : null,
        field: message.field,
        value: message.field === 'password' ? '' : message.value.slice(0, CONTRACT.shell.maxFormValue),
        formId: typeof message.formId === 'string' ? message.formId.slice(0, 128) : null,
        formAction: typeof message.formAction === 'string' ? message.formAction.slice(0, CONTRACT.shell.maxObserverUrlText) : null,
        submitted: message.submitted === true,
      };
      break;
    case 'vigie:bridge-drop':
      event = { type: 'bridgeDrop', time: base.time, tabId: tab.id, reason: String(message.reason ?? 'unknown').slice(0, 40), count: Number.isInteger(message.count) && message.count > 0 ? message.count : 1 };
      break;
    default:
      return;
  }
  const out = await ingestInOrder(event);
  if (out?.findings.length) await afterFindings(out);
}

/**
 * When a page report's fact happened: the time the observer took (a
 * click's own), no later than its arrival and at most CONTRACT's
 * `maxReportDelayMs` before it; the arrival time when the observer gave none.
 */
function reportTime(at, arrived) {
  if (typeof at !== 'number' || !Number.isFinite(at)) return arrived;
  return Math.min(arrived, Math.max(arrived - CONTRACT.shell.maxReportDelayMs, at));
}

/**
 * What the observer of a page at `url` watches besides form fields
 * (profile-sites.js): answered from the site models' hosts without waiting
 * for the engine, since a woken worker rebuilding its state must not make
 * a person's first click on "Contact info" reach the core after the lookup
 * it starts, nor the profile's contact data after a harvester's upload.
 * Only frames that cannot read the top page's address ask.
 */
const configOf = (url) => pageConfig(url, CONTRACT.profileHosts);
const isProfileSite = (url) => isProfileHost(url, CONTRACT.profileHosts);

async function extensionDetails(id) {
  await api.tabs.create({ url: isFirefox() ? 'about:addons' : `chrome://extensions/?id=${encodeURIComponent(id)}` });
  return { ok: true };
}

async function disableExtension(id) {
  if (id === api.runtime.id) return { ok: false, error: 'Vigie does not disable itself' };
  try {
    await api.management.setEnabled(id, false);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

// The findings go as the engine ordered them (most severe, then most
// recent); `siteModel` ({ id, name, profileUrlPrefix }, or null) is what the
// popup knows of the site: its name, where its profiles live.
async function popupState(tabId) {
  const tab = await api.tabs.get(tabId);
  // A store page is the browser's own, closed to extensions like its settings.
  const site = tab.url && closedToExtensions(tab.url) ? null : await siteOf(tab.url);
  const [report, mark, withheld] = await Promise.all([
    withEngine((e) => (site ? e.siteReport(site) : { findings: [], health: e.health() })),
    site ? markOf(tabId) : null,
    site ? accessWithheld(tab.url) : false,
  ]);
  const base = {
    ok: true,
    tab: { id: tab.id, url: tab.url ?? null },
    site,
    siteModel: report.siteModel ?? null,
    findings: report.findings,
    badge: report.badge ?? { count: 0, worst: null },
    reloadToWatch: mark !== null,
    pageUnwatched: mark === 'missing',
    accessWithheld: withheld,
    health: {
      rejectedEvents: report.health.rejectedEvents,
      capsReached: report.health.capsReached,
      bridgeDrops: report.health.bridgeDrops,
      recoveries: supervisionCounts().recoveries,
    },
  };
  if (!site) return base;
  return { ...base, watched: report.watched, extensions: report.extensions, destinations: report.destinations ?? [] };
}

/** Runs `read` once what waits (gate.js) reached the engine: the inventory's end, then at once. */
function afterWaiting(read) {
  return inventoryTaken.then(() => {
    hurry();
    return read();
  });
}

async function forgetSite(site) {
  // Not an event: saved as a snapshot at once, in the same turn; after what
  // waits for the pages to load (gate.js), which it forgets too, at once.
  const forgotten = inLine(() => change((e) => e.forgetSite(site)));
  hurry();
  const removed = await forgotten;
  await updateBadgesForSite(site);
  return { ok: true, removed };
}

function fromVigie(sender) {
  return sender.id === api.runtime.id;
}

function fromExtensionPage(sender) {
  // The popup has no tab (or, opened as a page, an extension URL).
  return fromVigie(sender) && (!sender.tab || sender.url?.startsWith(api.runtime.getURL('')));
}

/** `{ ok: true }` once `handled` is done and the log is on disk. */
async function logged(handled) {
  await handled;
  await durable();
  return { ok: true };
}

// Messages received since this wake-up, by type (a batch's reports each
// counted as theirs), for diagnosis (`vigie.network()`).
const received = {};
const wokeAt = Date.now();
const countReceived = (type) => {
  if (typeof type === 'string' && type.startsWith('vigie:') && type.length <= 40) received[type] = (received[type] ?? 0) + 1;
};

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!fromVigie(sender) || typeof message?.type !== 'string') return false;
  // The popup or an options page: a person waits for the engine, and for
  // what waited for the pages to load (gate.js), which it must show.
  if (fromExtensionPage(sender)) {
    startEngine();
    hurry();
  }
  if (sender.tab && !fromExtensionPage(sender)) noteReportingPage(sender);
  countReceived(message.type);
  if (message.type === 'vigie:batch' && Array.isArray(message.messages)) for (const m of message.messages) countReceived(m?.type);
  let work = null;
  switch (message.type) {
    // Reports are acknowledged once logged on disk (or in session memory),
    // so that a sender that waits for the answer knows they are safe.
    case 'vigie:dom-injection':
      work = logged(onDomInjection(message, sender));
      break;
    case 'vigie:gesture':
    case 'vigie:page-contact':
    case 'vigie:contact-response':
    case 'vigie:main-world':
    case 'vigie:bridge-drop':
    case 'vigie:form-input':
    case 'vigie:member-identity':
      work = logged(onPageReport(message, sender));
      break;
    // The main world's reports sent together (content/observer/runtime.js):
    // each taken as if it came alone, in order; nothing else travels so.
    case 'vigie:batch':
      if (Array.isArray(message.messages) && message.messages.length <= CONTRACT.shell.maxReportBatch) {
        const reports = message.messages.filter((m) => m?.type === 'vigie:main-world');
        work = logged(Promise.all(reports.map((m) => onPageReport(m, sender))));
      }
      break;
    case 'vigie:sent-body':
      // A body the browser kept from Vigie, read by the page's hooks: it
      // joins the held request of the sender's tab it belongs to.
      if (sender.tab?.id >= 0) work = Promise.resolve({ ok: claimSentBody(sender.tab.id, sender.frameId ?? 0, message) });
      break;
    case 'vigie:socket-messages': {
      // Messages a page's script sent over an open WebSocket, read by the
      // page's hooks: searched as a body of their own.
      // A prerendered document is not the tab's yet.
      const shown = sender.documentLifecycle !== 'prerender';
      const event = sender.tab?.id >= 0 && shown ? socketMessagesEvent(sender.tab.id, sender.frameId ?? 0, senderDocumentOrigin(sender), message) : null;
      if (event) {
        work = logged(ingestInOrder(event).then((out) => (out?.findings.length ? afterFindings(out) : undefined)));
      }
      break;
    }
    case 'vigie:config':
      if (sender.tab) work = Promise.resolve(configOf(sender.tab.url));
      break;
    case 'vigie:extension-details':
      if (fromExtensionPage(sender) && typeof message.id === 'string') work = extensionDetails(message.id);
      break;
    case 'vigie:extensions':
      if (fromExtensionPage(sender)) work = extensionsState((out) => afterFindings(out));
      break;
    case 'vigie:disable-extension':
      if (fromExtensionPage(sender) && typeof message.id === 'string') work = disableExtension(message.id);
      break;
    case 'vigie:observer-cap':
      if (sender.tab?.id >= 0 && Number.isInteger(message.limit)) {
        work = logged(ingestInOrder({ type: 'observerCapReached', time: now(), tabId: sender.tab.id, limit: message.limit }));
      }
      break;
    case 'vigie:popup-state':
      // After what waited for the inventory of a woken worker (gate.js), then
      // for the pages to load: both are what the popup must show.
      if (fromExtensionPage(sender) && Number.isInteger(message.tabId)) work = afterWaiting(() => popupState(message.tabId));
      break;
    // The letter and report pages (popup/rights.html, popup/report.html):
    // what a GDPR letter about one finding says (the page's own wasm writes
    // it), and one site's findings.
    case 'vigie:letter-facts':
      if (fromExtensionPage(sender) && typeof message.site === 'string' && typeof message.key === 'string') {
        work = withEngine((e) => ({ ok: true, facts: e.letterFacts(message.site, message.key) }));
      }
      break;
    case 'vigie:site-findings':
      if (fromExtensionPage(sender) && typeof message.site === 'string') {
        work = afterWaiting(() => withEngine((e) => ({ ok: true, findings: e.siteReport(message.site).findings })));
      }
      break;
    case 'vigie:forget-site':
      if (fromExtensionPage(sender) && typeof message.site === 'string') work = forgetSite(message.site);
      break;
    // The options page changed the watched values (it writes them itself):
    // the engine gets the new set.
    case 'vigie:watched-changed':
      if (fromExtensionPage(sender)) work = giveWatchedValues().then((count) => ({ ok: count !== null, count }));
      break;
    default:
      return false;
  }
  if (!work) return false;
  work.then(sendResponse, (error) => sendResponse({ ok: false, error: `${error?.name ?? 'Error'}: ${error?.message ?? error}` }));
  return true;
});

/**
 * A notification's finding, shown where it belongs: an extension's rise in
 * the Extensions view, a site's finding in the popup of a tab showing that
 * site (the active one when it does, else the first, brought forward).
 * Notification ids are `vigie:<finding key>`, keys `kind|site|actor`.
 */
async function openNotified(id) {
  const site = (id.startsWith('vigie:') ? id.slice('vigie:'.length) : '').split('|')[1] ?? '';
  api.notifications.clear?.(id)?.catch?.(() => {});
  if (site === 'extensions') {
    await api.tabs.create({ url: api.runtime.getURL('popup/popup.html?view=extensions') });
    return;
  }
  const tabs = site ? await api.tabs.query({}) : [];
  const showing = [];
  for (const tab of tabs) if (tab.url && (await siteOf(tab.url)) === site) showing.push(tab);
  const tab = showing.find((t) => t.active) ?? showing[0];
  if (tab && !tab.active) {
    await api.tabs.update(tab.id, { active: true });
    await api.windows?.update?.(tab.windowId, { focused: true });
  }
  // Opening the popup needs Chrome 127+; where it cannot open, the popup's
  // page opens in a tab about the tab found.
  try {
    await api.action.openPopup();
  } catch {
    if (tab) await api.tabs.create({ url: api.runtime.getURL(`popup/popup.html?tab=${tab.id}`) });
  }
}

api.notifications.onClicked.addListener((id) => {
  openNotified(id).catch(() => api.action.openPopup?.().catch(() => {}));
});

// The engine starts once no page is loading (core.js, startEngine): the
// page that woke this worker loads first. At most START_DELAY_MAX_MS after
// the wake-up, for a page whose load never ends.
const START_DELAY_MAX_MS = 1500;
function startEngineAfterLoads() {
  const onEnd = (details) => {
    if (details.frameId === 0) noneLoading();
  };
  const start = () => {
    clearTimeout(timer);
    api.webNavigation.onCompleted.removeListener(onEnd);
    api.webNavigation.onErrorOccurred?.removeListener(onEnd);
    startEngine();
  };
  // A page's end of load: start unless another tab is still loading.
  const noneLoading = () =>
    api.tabs.query({ status: 'loading' }).then(
      (tabs) => (tabs.length === 0 ? start() : null),
      start,
    );
  const timer = setTimeout(start, START_DELAY_MAX_MS);
  api.webNavigation.onCompleted.addListener(onEnd);
  api.webNavigation.onErrorOccurred?.addListener(onEnd);
  noneLoading();
}

// Wake-up: the engine gets the person's watched values (never in its
// snapshot), and every badge says what the engine, now restored, counts.
startEngineAfterLoads();
restrictSession();
giveWatchedValues({ wake: true });
withEngine(() => null).then(
  () => updateAllBadges(),
  (error) => console.error('Vigie: engine failed to start:', error),
);

// For tests and debugging from the extension's own console only.
// Each call that needs the engine starts it at once, as the popup does.
const atOnce =
  (call) =>
  (...args) => {
    startEngine();
    return call(...args);
  };
globalThis.vigie = {
  findings: atOnce(() => withEngine((e) => e.allFindings())),
  extensions: atOnce(() => withEngine((e) => e.extensionReports())),
  health: atOnce(health),
  // What became of requests and of the bodies read in pages, and the
  // messages received, since this wake-up: counts and URLs without query.
  network: () => ({ awakeMs: Date.now() - wokeAt, ...networkCounts(), received: { ...received } }),
  persist: atOnce(persist),
  durable,
};
