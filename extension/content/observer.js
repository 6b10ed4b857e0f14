// Vigie's isolated-world observer. Runs in every frame at document_start.
//
// - Reports DOM nodes that reference another extension's resources
//   (chrome-extension://<id>/…, moz-extension://<uuid>/…): the trace an
//   extension leaves when it injects a panel, frame, image or stylesheet.
// - Receives the main-world hook reports (content/main-world.js) over the
//   private port that script hands over once, checks each against the
//   message contract, and relays the valid ones; anything on the window
//   that imitates Vigie's messages is refused and counted.
// - Where the background asks for it (vigie:config): trusted clicks on
//   links and buttons, and the contact data a profile page shows.
//
// It decides nothing. It sends what it found; the background adds the tab
// and page URL from the browser's own record of the sender, and the core
// judges.
(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  if (!api?.runtime?.id) return;

  /* @vigie-pure-begin
   * The message contract (extension/README.md, "Harvest detection") as
   * pure predicates, and the text helpers of the contact scan.
   * tests/js/bridge.test.mjs evaluates exactly the text between these two
   * markers in a node:vm context: content scripts cannot be ES modules, so
   * the test reads the shipped source instead of a copy. */
  const MAX_TEXT = 2048; // longest string in a main-world report
  const MAX_STACK = 20; // most script URLs in a report's stack
  const CALL_APIS = ['fetch', 'xhr', 'beacon', 'websocket'];
  const REPLACEABLE_APIS = ['fetch', 'XMLHttpRequest.open', 'XMLHttpRequest.send', 'Response.json', 'Response.text'];
  const REPLACED_WHEN = ['beforeHooks', 'afterHooks'];
  const MAIN_WORLD_KINDS = ['call', 'nativeReplaced', 'dropped'];
  const NONCE = /^[0-9a-f]{32}$/;

  /** A plain object (what structured clone makes of one), not an array, Date, Map… */
  function isRecord(value) {
    return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
  }

  function hasExactly(record, keys) {
    const own = Reflect.ownKeys(record);
    return own.length === keys.length && keys.every((key) => Object.hasOwn(record, key));
  }

  function isText(value, minLength = 0) {
    return typeof value === 'string' && value.length >= minLength && value.length <= MAX_TEXT;
  }

  /** A dense array of at most 20 non-empty strings, with no extra properties. */
  function isStack(value) {
    if (!Array.isArray(value) || value.length > MAX_STACK) return false;
    if (Reflect.ownKeys(value).length !== value.length + 1) return false;
    for (let i = 0; i < value.length; i++) if (!isText(value[i], 1)) return false;
    return true;
  }

  /**
   * A main-world report exactly as the contract defines it:
   *   { kind: 'call', api, url, method, stack }
   *   { kind: 'nativeReplaced', api, by, when }
   * `method` is empty when the page passed one Vigie could not read without
   * running page code (a getter); `by` is null when no script is known.
   */
  function isMainWorldReport(value) {
    if (!isRecord(value)) return false;
    if (value.kind === 'call') {
      return (
        hasExactly(value, ['kind', 'api', 'url', 'method', 'stack']) &&
        CALL_APIS.includes(value.api) &&
        isText(value.url, 1) &&
        isText(value.method) &&
        isStack(value.stack)
      );
    }
    if (value.kind === 'nativeReplaced') {
      return (
        hasExactly(value, ['kind', 'api', 'by', 'when']) &&
        REPLACEABLE_APIS.includes(value.api) &&
        (value.by === null || isText(value.by, 1)) &&
        REPLACED_WHEN.includes(value.when)
      );
    }
    return false;
  }

  /** The main world's notice of calls it did not report (its rate limit): the count, or 0. */
  function droppedCount(value) {
    if (!isRecord(value) || value.kind !== 'dropped' || !hasExactly(value, ['kind', 'count'])) return 0;
    return Number.isSafeInteger(value.count) && value.count > 0 ? value.count : 0;
  }

  /** Anything a page might post to pass for one of Vigie's messages. */
  function looksLikeVigieMessage(data) {
    if (!isRecord(data)) return false;
    if (Object.hasOwn(data, '__vigie')) return true;
    if (typeof data.type === 'string' && data.type.startsWith('vigie:')) return true;
    return MAIN_WORLD_KINDS.includes(data.kind) && (Object.hasOwn(data, 'api') || Object.hasOwn(data, 'count'));
  }

  /**
   * What to do with a message event on the window:
   *   'ignore' — not Vigie-like, the page's own business;
   *   'accept' — the one hello of Vigie's main-world script: the first
   *              trusted event posted by this very window, carrying exactly
   *              one port and { __vigie: 'hello', nonce } and nothing else;
   *   'late'   — a hello after the bridge is open;
   *   'forged' — anything else that imitates Vigie.
   */
  function classifyWindowMessage(data, { trusted, fromSelf, portCount, bridgeOpen }) {
    if (!looksLikeVigieMessage(data)) return 'ignore';
    const hello = data.__vigie === 'hello';
    if (hello && bridgeOpen) return 'late';
    if (
      hello &&
      trusted === true &&
      fromSelf === true &&
      portCount === 1 &&
      hasExactly(data, ['__vigie', 'nonce']) &&
      typeof data.nonce === 'string' &&
      NONCE.test(data.nonce)
    ) {
      return 'accept';
    }
    return 'forged';
  }

  const MAX_CONTACT_LENGTH = 256;
  const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/;
  const EMAIL_EDGES = /^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g;

  /** Whitespace collapsed, trimmed, cut to `max` characters. */
  function cleanText(text, max) {
    return String(text ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
  }

  function decoded(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  }

  /** The addresses of a mailto: URL (several may be comma-separated). */
  function mailtoAddresses(href) {
    if (typeof href !== 'string' || !/^\s*mailto:/i.test(href)) return [];
    const to = href.trim().slice('mailto:'.length).split('?')[0];
    return to
      .split(',')
      .map((part) => decoded(part).trim())
      .filter((address) => address.length <= MAX_CONTACT_LENGTH && EMAIL.test(address));
  }

  /** The number of a tel: URL, without parameters (";ext=…"), or null. */
  function telNumber(href) {
    if (typeof href !== 'string' || !/^\s*tel:/i.test(href)) return null;
    const number = cleanText(decoded(href.trim().slice('tel:'.length).split(';')[0]), MAX_CONTACT_LENGTH);
    return (number.match(/\d/g)?.length ?? 0) >= 3 ? number : null;
  }

  /**
   * E-mail addresses in free text. Words are split on whitespace first and
   * only short words with an "@" are matched, so the cost stays linear
   * whatever the page writes.
   */
  function emailsInText(text) {
    const found = [];
    for (const word of String(text ?? '').split(/[\s,;<>()[\]"]+/)) {
      if (word.length > MAX_CONTACT_LENGTH || !word.includes('@')) continue;
      const candidate = word.replace(EMAIL_EDGES, '');
      if (EMAIL.test(candidate)) found.push(candidate);
    }
    return found;
  }

  /**
   * The values of `candidates` not yet in `seen` (keys "kind|value", e-mails
   * compared without case), adding them to it, until `seen` holds `max`.
   */
  function freshContactValues(seen, candidates, max) {
    const fresh = [];
    for (const { kind, value } of candidates) {
      if (seen.size >= max) break;
      const key = `${kind}|${kind === 'email' ? value.toLowerCase() : value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fresh.push({ kind, value });
    }
    return fresh;
  }
  /* @vigie-pure-end */

  // ---- the bridge from the main world ---------------------------------------
  // Vigie's main-world script posts one hello carrying a MessagePort at
  // document_start, before any page script runs; this listener is
  // registered in that same moment, on the window, in the capture phase, so
  // it runs before any listener a page can add. It accepts the first
  // well-formed hello that is a trusted event from this window, and stops
  // its propagation so page listeners never get the port. From then on the
  // port is the only channel: window messages never carry reports, and a
  // later hello can only come from a page. Refusals are counted and sent
  // in batches (vigie:bridge-drop), at most once per second.

  let bridgePort = null;
  const dropCounts = new Map();
  let dropFlushTimer = null;
  let lastDropFlush = 0;

  function flushDrops() {
    dropFlushTimer = null;
    lastDropFlush = Date.now();
    for (const [reason, count] of dropCounts) send({ type: 'vigie:bridge-drop', reason, count });
    dropCounts.clear();
  }

  function countDrop(reason, count = 1) {
    dropCounts.set(reason, (dropCounts.get(reason) ?? 0) + count);
    if (dropFlushTimer === null) dropFlushTimer = setTimeout(flushDrops, Math.max(0, lastDropFlush + 1000 - Date.now()));
  }

  function onMainWorldMessage(event) {
    const data = event.data;
    if (isMainWorldReport(data)) {
      send({ type: 'vigie:main-world', report: data });
      return;
    }
    const dropped = droppedCount(data);
    countDrop(dropped > 0 ? 'rateLimited' : 'malformed', dropped > 0 ? dropped : 1);
  }

  window.addEventListener(
    'message',
    (event) => {
      const verdict = classifyWindowMessage(event.data, {
        trusted: event.isTrusted,
        fromSelf: event.source === window,
        portCount: event.ports?.length ?? 0,
        bridgeOpen: bridgePort !== null,
      });
      if (verdict === 'ignore') return;
      if (verdict === 'accept') {
        event.stopImmediatePropagation();
        bridgePort = event.ports[0];
        bridgePort.onmessage = onMainWorldMessage;
        bridgePort.onmessageerror = () => countDrop('malformed');
        // From now on a request of this page with no call record was not
        // made by the page's own scripts: the core needs to know the hooks run.
        if (window === window.top) send({ type: 'vigie:main-world', report: { kind: 'ready' } });
        return;
      }
      countDrop(verdict);
    },
    true,
  );

  // Attributes that can carry a resource URL. `style` covers url(...) in
  // inline styles; `srcdoc` covers frames written inline.
  const ATTRIBUTES = ['src', 'href', 'srcset', 'style', 'srcdoc', 'poster', 'data', 'action', 'background'];
  const MARKER = '-extension://';
  const EXTENSION_URL = /\b(?:chrome|moz)-extension:\/\/[a-z0-9-]{32,36}\/[^\s"'()<>\\,]*/gi;
  // A page can add nodes without end; after this many reports per page the
  // observer stops reporting and says so once.
  const MAX_REPORTS_PER_PAGE = 200;
  const MAX_URL_LENGTH = 2048;

  let pageUrl = location.href;
  let reported = new Set();
  let capNoticeSent = false;
  const observed = new WeakSet();

  function send(message) {
    try {
      const pending = api.runtime.sendMessage(message);
      // Chrome and Firefox return a promise; a stopped background or a
      // reloaded extension rejects it, which is not the page's business.
      if (pending && typeof pending.catch === 'function') pending.catch(() => {});
    } catch {
      // The extension context was invalidated (Vigie updated or reloaded).
    }
  }

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
    send({ type: 'vigie:dom-injection', resourceUrl: url, element, attribute, inShadowRoot });
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

  const observer = new MutationObserver((mutations) => {
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
  });

  function watch(root) {
    observed.add(root);
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES });
  }

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

  // ---- what the background wants watched on this page ------------------------

  const config = { watchGestures: false, watchContacts: false };

  function ask(message) {
    try {
      const pending = api.runtime.sendMessage(message);
      return pending && typeof pending.then === 'function' ? pending.catch(() => null) : Promise.resolve(null);
    } catch {
      return Promise.resolve(null);
    }
  }

  ask({ type: 'vigie:config' }).then((answer) => {
    // No answer (an older background, a stopped worker) means: watch nothing.
    config.watchGestures = answer?.watchGestures === true;
    config.watchContacts = answer?.watchContacts === true;
    if (config.watchContacts) startContactWatch();
  });

  // ---- trusted gestures --------------------------------------------------------
  // A person's own click on "Contact info" is what tells their lookup from
  // one made behind their back; synthetic clicks (isTrusted false) do not count.

  const CONTROLS =
    'a[href], button, summary, [role="button"], [role="link"], [role="menuitem"], [role="tab"], ' +
    'input[type="button"], input[type="submit"], input[type="image"]';
  const MAX_GESTURE_TEXT = 80;

  function absoluteHref(link) {
    const raw = typeof link.href === 'string' ? link.href : link.getAttribute('href');
    try {
      return new URL(raw, document.baseURI).href.slice(0, MAX_URL_LENGTH);
    } catch {
      return null;
    }
  }

  function controlText(control) {
    const text = control.localName === 'input' ? control.value : control.innerText ?? control.textContent;
    return cleanText(text || control.getAttribute('aria-label') || control.getAttribute('title') || '', MAX_GESTURE_TEXT);
  }

  window.addEventListener(
    'click',
    (event) => {
      if (!config.watchGestures || !event.isTrusted) return;
      const target = event.composedPath?.()[0] ?? event.target;
      const element = target instanceof Element ? target : target?.parentElement;
      const control = element?.closest(CONTROLS);
      if (!control) return;
      const link = element.closest('a[href]');
      send({ type: 'vigie:gesture', href: link ? absoluteHref(link) : null, text: controlText(control) });
    },
    true,
  );

  // ---- contact data the page shows ------------------------------------------------
  // mailto: and tel: links, e-mail addresses written in open dialogs, and
  // the page's h1 (a profile's name). Each value is sent once per page (a
  // URL change starts a new page), at most 50 per page.

  const MAX_CONTACT_VALUES = 50;
  const MAX_DIALOG_TEXT = 20000;
  const CONTACT_DEBOUNCE_MS = 300;
  const CONTACT_MAX_WAIT_MS = 1000; // a page that never stops changing is still scanned
  const DIALOGS = 'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
  const CONTACT_LINKS = 'a[href^="mailto:" i], a[href^="tel:" i]';

  let contactPage = location.href;
  let contactSeen = new Set();
  let contactTimer = null;
  let contactWaitSince = 0;

  function isShown(element) {
    return typeof element.checkVisibility === 'function' ? element.checkVisibility() : true;
  }

  function collectContacts() {
    const values = [];
    for (const link of document.querySelectorAll(CONTACT_LINKS)) {
      const href = link.getAttribute('href');
      for (const address of mailtoAddresses(href)) values.push({ kind: 'email', value: address });
      const number = telNumber(href);
      if (number) values.push({ kind: 'phone', value: number });
    }
    for (const dialog of document.querySelectorAll(DIALOGS)) {
      if (!isShown(dialog)) continue;
      for (const address of emailsInText((dialog.textContent ?? '').slice(0, MAX_DIALOG_TEXT))) {
        values.push({ kind: 'email', value: address });
      }
    }
    const heading = document.querySelector('h1');
    const name = heading ? cleanText(heading.innerText ?? heading.textContent, MAX_CONTACT_LENGTH) : '';
    if (name) values.push({ kind: 'name', value: name });
    return values;
  }

  function scanContacts() {
    contactTimer = null;
    contactWaitSince = 0;
    if (location.href !== contactPage) {
      contactPage = location.href;
      contactSeen = new Set();
    }
    const values = freshContactValues(contactSeen, collectContacts(), MAX_CONTACT_VALUES);
    if (values.length > 0) send({ type: 'vigie:page-contact', values });
  }

  function scheduleContactScan() {
    const t = Date.now();
    if (contactTimer !== null) {
      if (t - contactWaitSince >= CONTACT_MAX_WAIT_MS) return;
      clearTimeout(contactTimer);
    } else {
      contactWaitSince = t;
    }
    contactTimer = setTimeout(scanContacts, CONTACT_DEBOUNCE_MS);
  }

  function startContactWatch() {
    new MutationObserver(scheduleContactScan).observe(document, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['href', 'open', 'role', 'aria-modal'],
    });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scanContacts, { once: true });
    else scanContacts();
  }
})();
