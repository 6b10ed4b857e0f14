// A fake browser window in a node:vm context, just enough for Vigie's
// bundled content scripts to run in node: the natives they wrap (fetch,
// XMLHttpRequest, sendBeacon, WebSocket, Response), the bridge's
// MessageChannel and window.postMessage, and a chrome.runtime that records
// what the observer sends. The fakes' sources read as native code, as in a
// browser, so that Vigie does not take them for replacements.
//
// Both content scripts share this one realm here; in a browser they run in
// two worlds of the same page. That is enough to follow a call from a page
// script through the main-world hooks and the bridge to the background.
import vm from 'node:vm';
import contract from '../../src/contract.json' with { type: 'json' };

const REPORT_BATCH_MS = contract.shell.reportBatchMs;

const SETUP = String.raw`(() => {
  'use strict';
  const host = globalThis.host;
  delete globalThis.host;
  const fakeSources = new WeakMap();
  const toString = Function.prototype.toString;
  Object.defineProperty(Function.prototype, 'toString', {
    value: { toString() { return fakeSources.has(this) ? fakeSources.get(this) : Reflect.apply(toString, this, []); } }.toString,
    writable: true, enumerable: false, configurable: true,
  });
  const native = (fn, name = fn.name) => (fakeSources.set(fn, 'function ' + name + '() { [native code] }'), fn);
  const nativeClass = (C) => {
    native(C);
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      if (key !== 'constructor' && typeof d.value === 'function') native(d.value, key);
    }
    return C;
  };
  native(Function.prototype.toString, 'toString');

  const listeners = [];
  const dispatch = (type, event) => {
    for (const [t, fn] of listeners.slice()) {
      if (t === type) fn(event);
      if (event.stopped) break;
    }
  };
  globalThis.window = globalThis.self = globalThis.top = globalThis;
  // The end of the page's load: its load event, once.
  host.endLoad = () => {
    if (document.readyState === 'complete') return;
    document.readyState = 'complete';
    dispatch('load', { stopped: false });
  };
  globalThis.addEventListener = native(function addEventListener(type, fn) {
    listeners.push([type, fn]);
    host.listened.push(type);
  });
  globalThis.postMessage = native(function postMessage(data, targetOrigin, transfer = []) {
    const event = {
      data: host.clone(data), isTrusted: true, source: window, ports: [...transfer], stopped: false,
      stopImmediatePropagation() { this.stopped = true; },
    };
    host.setTimeout(() => dispatch('message', event), 0);
  });
  globalThis.location = { href: 'https://www.linkedin.com/in/alice-martin/', origin: 'https://www.linkedin.com' };
  globalThis.crypto = { getRandomValues(bytes) { for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 255; return bytes; } };
  globalThis.setTimeout = native(function setTimeout(fn, ms) { return host.setTimeout(fn, ms); });
  globalThis.setInterval = native(function setInterval(fn, ms) { return host.setInterval(fn, ms); });
  globalThis.clearTimeout = native(function clearTimeout(id) { host.clearTimeout(id); });
  globalThis.URL = host.URL;

  class MessagePort {
    #peer = null;
    onmessage = null;
    onmessageerror = null;
    static pair(a, b) { a.#peer = b; b.#peer = a; }
    postMessage(data) {
      const peer = this.#peer;
      const copy = host.clone(data);
      host.setTimeout(() => peer.onmessage?.({ data: copy }), 0);
    }
  }
  class MessageChannel {
    constructor() { this.port1 = new MessagePort(); this.port2 = new MessagePort(); MessagePort.pair(this.port1, this.port2); }
  }
  globalThis.MessagePort = nativeClass(MessagePort);
  globalThis.MessageChannel = nativeClass(MessageChannel);

  class Node {
    static ELEMENT_NODE = 1;
    static TEXT_NODE = 3;
    get baseURI() { return location.href; }
  }
  globalThis.Node = nativeClass(Node);
  globalThis.document = Object.assign(new Node(), { documentElement: null, readyState: 'loading', addEventListener() {} });
  globalThis.MutationObserver = class MutationObserver { observe() {} };

  class Request {
    #url; #method;
    constructor(url, init = {}) { this.#url = new URL(url, location.href).href; this.#method = init.method ?? 'GET'; }
    get url() { return this.#url; }
    get method() { return this.#method; }
  }
  class Response {
    json() { return Promise.resolve({}); }
    text() { return Promise.resolve(''); }
    arrayBuffer() { return Promise.resolve(new ArrayBuffer(0)); }
    blob() { return Promise.resolve(null); }
  }
  globalThis.Request = nativeClass(Request);
  globalThis.Response = nativeClass(Response);
  // Reads its init as Chromium 148 does: member by member, and asks whether
  // one is in it.
  globalThis.fetch = native(function fetch(input, init) {
    if (init !== undefined && init !== null) {
      void init.attributionReporting;
      void ('attributionReporting' in init);
      void init.body;
      void init.method;
    }
    return Promise.resolve(new Response());
  });

  class XMLHttpRequest {
    #state = 0;
    get readyState() { return this.#state; }
    open(method, url) { this.#state = 1; }
    send(body) { if (this.#state !== 1) throw new Error('InvalidStateError'); this.#state = 4; }
  }
  globalThis.XMLHttpRequest = nativeClass(XMLHttpRequest);

  class Navigator {
    #brand = true;
    get userAgent() { return this.#brand && 'Mozilla/5.0'; }
    sendBeacon(url, data) { return true; }
  }
  globalThis.Navigator = nativeClass(Navigator);
  globalThis.navigator = new Navigator();

  class WebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    constructor(url) { this.url = url; }
  }
  globalThis.WebSocket = nativeClass(WebSocket);
})();`;

/**
 * A fresh fake window. `sent` collects what the observer sends to the
 * background; `runtime: false` leaves chrome.runtime out (a frame where
 * the extension context is gone).
 */
export function fakeWindow({ runtime = true } = {}) {
  const sent = [];
  const batches = [];
  const listened = [];
  const timers = new Set();
  const host = {
    listened,
    clone: structuredClone,
    URL,
    setTimeout: (fn, ms) => {
      const id = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      timers.add(id);
      return id;
    },
    // Unreferenced: a test that fails before close() still lets node exit.
    setInterval: (fn, ms) => {
      const id = setInterval(fn, ms).unref();
      timers.add(id);
      return id;
    },
    clearTimeout: (id) => {
      clearTimeout(id);
      timers.delete(id);
    },
  };
  const context = vm.createContext({ host });
  vm.runInContext(SETUP, context, { filename: 'fake-window.js' });
  if (runtime) {
    context.chrome = {
      runtime: {
        id: 'vigievigievigievigievigievigievi',
        sendMessage(message) {
          // The main world's reports travel in batches
          // (observer/runtime.js, tested on its own): taken one by one.
          if (message.type === 'vigie:batch') {
            batches.push(message.messages.length);
            for (const m of message.messages) sent.push(structuredClone(m));
          } else sent.push(structuredClone(message));
          return Promise.resolve(message.type === 'vigie:config' ? { watchGestures: false, watchContacts: false } : undefined);
        },
      },
    };
  }
  return {
    context,
    sent,
    /** The size of each batch of reports the observer sent. */
    batches,
    /** The event types listened for on the window, in order. */
    listened,
    /** Runs `source` as a script of the page, loaded from `url`. */
    run: (source, url = 'https://www.linkedin.com/in/alice-martin/') => vm.runInContext(source, context, { filename: url }),
    /** The global object's own keys, as names. */
    globalKeys: () => vm.runInContext('Reflect.ownKeys(globalThis).map(String)', context),
    /**
     * Ends the page's load the first time (the observer holds its reports
     * until then), and lets queued messages, timers of 0 ms and a batch of
     * reports run.
     */
    settle: () => {
      host.endLoad();
      return new Promise((resolve) => setTimeout(resolve, 20 + REPORT_BATCH_MS));
    },
    close() {
      for (const id of timers) clearInterval(id);
      timers.clear();
    },
  };
}
