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

function shadowRootOf(element) {
  // Closed shadow roots are reachable from content scripts only through
  // these browser APIs (Chrome: chrome.dom; Firefox: openOrClosedShadowRoot).
  if (element.shadowRoot) return element.shadowRoot;
  try {
    if (globalThis.chrome?.dom?.openOrClosedShadowRoot) return globalThis.chrome.dom.openOrClosedShadowRoot(element);
    if (element.openOrClosedShadowRoot) return element.openOrClosedShadowRoot;
  } catch {
    // Not an element that can host a shadow root.
  }
  return null;
}

function scanElement(element, inShadowRoot) {
  const tag = element.localName || 'unknown';
  for (const attribute of ATTRIBUTES) {
    const value = element.getAttribute?.(attribute);
    if (value) scanText(value, tag, attribute, inShadowRoot);
  }
  if (tag === 'style') scanText(element.textContent, tag, 'text', inShadowRoot);
  const root = shadowRootOf(element);
  if (root && !observed.has(root)) {
    watch(root);
    scanTree(root, true);
  }
}

function scanTree(root, inShadowRoot) {
  if (root.nodeType === Node.ELEMENT_NODE) scanElement(root, inShadowRoot);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) scanElement(node, inShadowRoot);
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
  if (checkNavigation()) {
    scanTree(document.documentElement, false);
    return;
  }
  for (const mutation of mutations) {
    const inShadowRoot = mutation.target.getRootNode?.() instanceof ShadowRoot;
    if (mutation.type === 'attributes') {
      scanElement(mutation.target, inShadowRoot);
    } else {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) scanTree(node, inShadowRoot);
        else if (node.nodeType === Node.TEXT_NODE && mutation.target.localName === 'style') {
          scanText(node.textContent, 'style', 'text', inShadowRoot);
        }
      }
    }
  }
}

function watch(root) {
  observed.add(root);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES });
}

/** Scans the document as it is, then every change to it. Runs once, at document_start. */
export function watchDomReferences() {
  observer = new MutationObserver(onMutations);
  watch(document);
  if (document.documentElement) scanTree(document.documentElement, false);
  // The history API can change the URL without touching the DOM. The
  // Navigation API reports it where the browser has it; elsewhere, poll.
  const onMaybeNavigated = () => {
    if (checkNavigation() && document.documentElement) scanTree(document.documentElement, false);
  };
  if (globalThis.navigation?.addEventListener) {
    globalThis.navigation.addEventListener('navigatesuccess', onMaybeNavigated);
  } else {
    setInterval(onMaybeNavigated, 1000);
  }
}
