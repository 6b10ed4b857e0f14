// DOM nodes that reference another extension's resources
// (chrome-extension://<id>/…, moz-extension://<uuid>/…): the trace an
// extension leaves when it injects a panel, frame, image or stylesheet.

import contract from '../../../src/contract.json' with { type: 'json' };
import { send } from './runtime.js';

// Attributes that can carry a resource URL. `style` covers url(...) in
// inline styles; `srcdoc` covers frames written inline.
const ATTRIBUTES = ['src', 'href', 'srcset', 'style', 'srcdoc', 'poster', 'data', 'action', 'background'];
const MARKER = '-extension://';
const EXTENSION_URL = /\b(?:chrome|moz)-extension:\/\/[a-z0-9-]{32,36}\/[^\s"'()<>\\,]*/gi;
// A page can add nodes without end; after this many reports per page the
// observer stops reporting and says so once.
const MAX_REPORTS_PER_PAGE = contract.shell.maxObserverReportsPerPage;
const MAX_URL_LENGTH = contract.shell.maxObserverUrlText;

let pageUrl = location.href;
let reported = new Set();
let capNoticeSent = false;
const observed = new WeakSet();
let observer = null;

function report(resourceUrl, element, attribute, inShadowRoot) {
  const url = resourceUrl.slice(0, MAX_URL_LENGTH);
  const key = `${url}|${element}|${attribute}`;
  if (reported.has(key)) return;
  if (reported.size >= MAX_REPORTS_PER_PAGE) {
    if (!capNoticeSent) {
      capNoticeSent = true;
      send({ type: 'vigie:observer-cap', limit: MAX_REPORTS_PER_PAGE });
    }
    return;
  }
  reported.add(key);
  loadable(url).then((loaded) =>
    send({ type: 'vigie:dom-injection', resourceUrl: url, element, attribute, inShadowRoot, loaded }),
  );
}

// A page can write any extension's URL into its own DOM to frame it, but it
// cannot load another extension's resources unless that extension exposes
// them to the site (web_accessible_resources). So each referenced resource
// is loaded once from here: true when this page could load it, false when
// not, null when the answer did not come in time.
const PROBE_TIMEOUT_MS = 3000;
const MAX_PROBES = MAX_REPORTS_PER_PAGE; // one probe per reported resource at most
const probes = new Map();

function loadable(url) {
  let probe = probes.get(url);
  if (probe) return probe;
  if (probes.size >= MAX_PROBES || typeof fetch !== 'function') return Promise.resolve(null);
  probe = new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), PROBE_TIMEOUT_MS);
    fetch(url, { cache: 'no-store', credentials: 'omit' }).then(
      (response) => {
        clearTimeout(timer);
        resolve(response.ok);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
  probes.set(url, probe);
  return probe;
}

function scanText(text, element, attribute, inShadowRoot) {
  if (!text || !text.includes(MARKER)) return;
  for (const match of text.matchAll(EXTENSION_URL)) report(match[0], element, attribute, inShadowRoot);
}

// What it costs a page: the watcher must not slow the page it watches, and a
// page adds thousands of elements while it loads. So the mutation callback
// only queues what was added, and the queue is read when the page is idle
// (at the latest FLUSH_TIMEOUT_MS later), in slices of at most SLICE_MS
// and no longer than the idle time the browser says is left (a subtree at
// least per slice, so that the queue always moves);
// each added subtree is searched by the browser's own selector engine for
// the attributes that name an extension, not element by element in
// JavaScript. Only elements that can host a shadow root are asked for one
// (the call into the extension API is the expensive part), each once.
const FLUSH_TIMEOUT_MS = 600;
const SLICE_MS = 8;
const REFERENCING = ATTRIBUTES.map((attribute) => `[${attribute}*="${MARKER}" i]`).join(',');
// The elements attachShadow accepts, besides custom elements (a dash in the name).
const SHADOW_HOSTS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);
// Finding the elements that can host a root: each element a script touches
// gets a wrapper of its own in this world, the costly part of a walk, and
// the walk runs once, cold. So a small subtree (what a page adds as it goes)
// is walked, each element passed over on its name; a large one (the
// document at its first scan, a big root) is searched by the browser, which
// makes wrappers for the hosts only: one selector per standard host name
// (each a fast tag search), and for custom elements, defined by a registry
// or not, an XPath on the name's dash (CSS has no selector for it). On a
// form page of 3,200 elements, the first scan took 5.5 ms walked, 2.3 ms so.
const SMALL_TREE = 200;
const CUSTOM_ELEMENTS = "descendant-or-self::*[contains(local-name(), '-')]";
const askedForShadow = new WeakSet();
let queue = [];
let queueAt = 0;
let flushScheduled = false;

const isInShadowRoot = (node) => node.getRootNode?.() instanceof ShadowRoot;

function shadowRootOf(element) {
  // Only these elements can host a shadow root, open or closed: most of a
  // page is passed over on its name alone, one call each.
  const name = element.localName;
  if (!name || !(SHADOW_HOSTS.has(name) || name.includes('-'))) return null;
  if (element.shadowRoot) return element.shadowRoot;
  // Closed shadow roots are reachable from content scripts only through
  // these browser APIs (Chrome: chrome.dom; Firefox: openOrClosedShadowRoot).
  if (askedForShadow.has(element)) return null;
  askedForShadow.add(element);
  try {
    if (globalThis.chrome?.dom?.openOrClosedShadowRoot) return globalThis.chrome.dom.openOrClosedShadowRoot(element);
    if (element.openOrClosedShadowRoot) return element.openOrClosedShadowRoot;
  } catch {
    // Not an element that can host a shadow root.
  }
  return null;
}

function scanAttributes(element) {
  const tag = element.localName || 'unknown';
  const inShadowRoot = isInShadowRoot(element);
  for (const attribute of ATTRIBUTES) {
    const value = element.getAttribute(attribute);
    if (value) scanText(value, tag, attribute, inShadowRoot);
  }
}

function scanStyle(style) {
  const text = style.textContent;
  if (text && text.includes(MARKER)) scanText(text, 'style', 'text', isInShadowRoot(style));
}

function enterShadowRoot(element) {
  const root = shadowRootOf(element);
  if (root && !observed.has(root)) {
    watch(root);
    enqueue(root);
  }
}

/** Everything under `root` (an element, a document or a shadow root), and `root` itself. */
function scanTree(root) {
  if (root.nodeType === Node.ELEMENT_NODE) {
    if (root.matches(REFERENCING)) scanAttributes(root);
    if (root.localName === 'style') scanStyle(root);
    enterShadowRoot(root);
  }
  if (typeof root.querySelectorAll !== 'function') return;
  for (const element of root.querySelectorAll(REFERENCING)) scanAttributes(element);
  for (const style of root.querySelectorAll('style')) scanStyle(style);
  const size = (root.getElementsByTagName?.('*') ?? root.querySelectorAll('*')).length;
  if (size <= SMALL_TREE) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) enterShadowRoot(node);
    return;
  }
  for (const name of SHADOW_HOSTS) for (const element of root.querySelectorAll(name)) enterShadowRoot(element);
  const tops = root.nodeType === Node.ELEMENT_NODE ? [root] : root.children;
  for (const top of tops) {
    const custom = document.evaluate(CUSTOM_ELEMENTS, top, null, XPathResult.UNORDERED_NODE_SNAPSHOT_TYPE, null);
    for (let i = 0; i < custom.snapshotLength; i++) enterShadowRoot(custom.snapshotItem(i));
  }
}

// A page that adds nodes faster than they can be read: past this many
// waiting, the queue is replaced by the whole document (read once, later).
const MAX_QUEUED = 10000;

function enqueue(node) {
  if (queue.length - queueAt >= MAX_QUEUED) {
    queue = [document.documentElement ?? document];
    queueAt = 0;
  } else {
    queue.push(node);
  }
  scheduleFlush();
}

function scheduleFlush() {
  if (flushScheduled) return;
  flushScheduled = true;
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(flush, { timeout: FLUSH_TIMEOUT_MS });
  else setTimeout(flush, 50);
}

function flush(deadline) {
  flushScheduled = false;
  const idle = deadline && !deadline.didTimeout ? Math.min(SLICE_MS, deadline.timeRemaining()) : SLICE_MS;
  const until = performance.now() + idle;
  while (queueAt < queue.length) {
    const node = queue[queueAt];
    queue[queueAt++] = null;
    try {
      scanTree(node);
    } catch {
      // A node of a kind the selectors do not apply to: nothing to read.
    }
    if (performance.now() >= until) break;
  }
  if (queueAt < queue.length) {
    scheduleFlush();
  } else {
    queue = [];
    queueAt = 0;
  }
}

function checkNavigation() {
  // Single-page apps change the URL without a new document: what was
  // reported belongs to the previous page, so report it again for this one.
  if (location.href === pageUrl) return false;
  pageUrl = location.href;
  reported = new Set();
  capNoticeSent = false;
  return true;
}

function onMutations(mutations) {
  if (checkNavigation() && document.documentElement) enqueue(document.documentElement);
  for (const mutation of mutations) {
    if (mutation.type === 'attributes') {
      // One attribute of one element: read at once, it costs one call.
      const value = mutation.target.getAttribute(mutation.attributeName);
      if (value && value.includes(MARKER)) {
        scanText(value, mutation.target.localName || 'unknown', mutation.attributeName, isInShadowRoot(mutation.target));
      }
    } else {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) enqueue(node);
        else if (node.nodeType === Node.TEXT_NODE && mutation.target.localName === 'style') scanStyle(mutation.target);
      }
    }
  }
}

function watch(root) {
  observed.add(root);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES });
}

/**
 * Scans the document, then every change to it. Runs once, at document_start,
 * but starts when the document is parsed: the parser's own insertions would
 * be thousands of mutation records on a large page, and whatever anyone
 * inserted meanwhile is in the document the first scan reads.
 */
export function watchDomReferences() {
  observer = new MutationObserver(onMutations);
  const start = () => {
    watch(document);
    if (document.documentElement) enqueue(document.documentElement);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
  // The history API can change the URL without touching the DOM. The
  // Navigation API reports it where the browser has it; elsewhere, poll.
  const onMaybeNavigated = () => {
    if (checkNavigation() && document.documentElement) enqueue(document.documentElement);
  };
  if (globalThis.navigation?.addEventListener) {
    globalThis.navigation.addEventListener('navigatesuccess', onMaybeNavigated);
  } else {
    setInterval(onMaybeNavigated, 1000);
  }
}
