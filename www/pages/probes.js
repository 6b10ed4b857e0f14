// Probes a page can run to tell whether an extension wraps its network
// functions: property shapes, sources, names, errors and their stacks,
// traces left on objects the page can observe, messages it receives. None
// measures time. tests/e2e/probes.test.mjs runs them with and without Vigie
// and compares every output; window.__probeResults holds them by name once
// window.__probesDone resolves.
'use strict';

(() => {
  const probes = [];
  const probe = (name, fn) => probes.push([name, fn]);

  function show(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'function') return `function ${value.name}`;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  function errorText(error) {
    if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return `non-error ${show(error)}`;
    let stack;
    try {
      stack = error.stack;
    } catch (e) {
      stack = `stack getter threw ${e}`;
    }
    return `${Object.prototype.toString.call(error)} ${error.name}: ${error.message}\n${stack}`;
  }
  function attempt(fn) {
    try {
      return `returned ${show(fn())}`;
    } catch (error) {
      return `threw ${errorText(error)}`;
    }
  }
  /** A call that may throw or return a promise that rejects. */
  async function settle(fn) {
    let result;
    try {
      result = fn();
    } catch (error) {
      return `threw ${errorText(error)}`;
    }
    if (!(result instanceof Promise)) return `returned ${show(result)}`;
    try {
      const value = await result;
      return `resolved ${Object.prototype.toString.call(value)}`;
    } catch (error) {
      return `rejected ${errorText(error)}`;
    }
  }
  function shape(holder, key) {
    const d = Object.getOwnPropertyDescriptor(holder, key);
    if (!d) return 'absent';
    if (Object.hasOwn(d, 'value')) return `data writable=${d.writable} enumerable=${d.enumerable} configurable=${d.configurable} ${typeof d.value}`;
    return `accessor get=${typeof d.get} set=${typeof d.set} enumerable=${d.enumerable} configurable=${d.configurable}`;
  }
  function ownShape(fn) {
    return Reflect.ownKeys(fn)
      .map((k) => `${String(k)}: ${shape(fn, k)}`)
      .join('; ');
  }

  // The functions an auditor would wrap, and where they live.
  const inputValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const targets = [
    ['fetch', window, 'fetch', () => window.fetch],
    ['XMLHttpRequest.open', XMLHttpRequest.prototype, 'open', () => XMLHttpRequest.prototype.open],
    ['XMLHttpRequest.send', XMLHttpRequest.prototype, 'send', () => XMLHttpRequest.prototype.send],
    ['Response.json', Response.prototype, 'json', () => Response.prototype.json],
    ['Response.text', Response.prototype, 'text', () => Response.prototype.text],
    ['sendBeacon', Navigator.prototype, 'sendBeacon', () => navigator.sendBeacon],
    ['WebSocket', window, 'WebSocket', () => window.WebSocket],
    ['WebSocket.send', WebSocket.prototype, 'send', () => WebSocket.prototype.send],
    ['Worker', window, 'Worker', () => window.Worker],
    ['Function.toString', Function.prototype, 'toString', () => Function.prototype.toString],
    ['input.value getter', HTMLInputElement.prototype, 'value', () => inputValue.get],
    ['input.value setter', HTMLInputElement.prototype, 'value', () => inputValue.set],
    ['Function.caller getter', Function.prototype, 'caller', () => Object.getOwnPropertyDescriptor(Function.prototype, 'caller').get],
    // Where a stack is read (Firefox's getters; Chromium has none of these
    // but captureStackTrace, and each probe then reads Error itself).
    ['Error.prototype.stack getter', Error.prototype, 'stack', () => Object.getOwnPropertyDescriptor(Error.prototype, 'stack')?.get ?? Error],
    ['DOMException stack getter', DOMException.prototype, 'stack', () => Object.getOwnPropertyDescriptor(DOMException.prototype, 'stack')?.get ?? Error],
    ['DOMException filename getter', DOMException.prototype, 'filename', () => Object.getOwnPropertyDescriptor(DOMException.prototype, 'filename')?.get ?? Error],
    ['Error.captureStackTrace', Error, 'captureStackTrace', () => Error.captureStackTrace ?? Error],
  ];

  // Realms: a same-origin frame loaded from a URL, and an about:blank frame
  // used the moment it is inserted.
  const loadedFrame = document.createElement('iframe');
  loadedFrame.src = '/__pages/blank.html';
  const frameLoaded = new Promise((resolve) => loadedFrame.addEventListener('load', resolve, { once: true }));
  const realms = { loaded: () => loadedFrame.contentWindow };
  let blankWindow = null;
  const blankMessages = [];

  for (const [name, holder, key, get] of targets) {
    probe(`${name}: property shape`, () => shape(holder, key));
    probe(`${name}: own properties`, () => ownShape(get()));
    probe(`${name}: source`, () => attempt(() => Function.prototype.toString.call(get())));
    probe(`${name}: source via String()`, () => attempt(() => String(get())));
    probe(`${name}: source from a loaded frame`, () => attempt(() => realms.loaded().Function.prototype.toString.call(get())));
    probe(`${name}: source from a new about:blank frame`, () => attempt(() => blankWindow.Function.prototype.toString.call(get())));
    probe(`${name}: name, length, prototype chain`, () => {
      const fn = get();
      return `${fn.name}/${fn.length}/${Object.getPrototypeOf(fn) === Function.prototype}/${'prototype' in fn}/${fn.toString === Function.prototype.toString}`;
    });
    probe(`${name}: caller and arguments`, () => `${attempt(() => get().caller)} | ${attempt(() => get().arguments)}`);
    probe(`${name}: called on a plain object`, () => settle(() => get().call({})));
    probe(`${name}: called with new`, () => attempt(() => new (get())()));
  }
  probe('Function.toString: its own source via itself', () => attempt(() => Function.prototype.toString.call(Function.prototype.toString)));
  probe('Function.toString: this frame’s fetch source from the loaded frame’s toString of toString', () =>
    attempt(() => realms.loaded().Function.prototype.toString.call(Function.prototype.toString)));
  probe('Function.toString: a frame’s fetch read from here', () =>
    attempt(() => Function.prototype.toString.call(realms.loaded().fetch)));
  probe('Function.toString: a Proxy of fetch', () => attempt(() => Function.prototype.toString.call(new Proxy(fetch, {}))));
  probe('Function.toString: a bound fetch', () => attempt(() => Function.prototype.toString.call(fetch.bind(null))));
  probe('Function.toString: a page function', () => attempt(() => Function.prototype.toString.call(function pageFunction(a) { return a; })));
  probe('Function.toString: called on a number', () => attempt(() => Function.prototype.toString.call(1)));

  // Misuse whose errors carry stacks.
  probe('fetch.call(1)', () => settle(() => fetch.call(1, '/__pages/blank.html')));
  probe('fetch with no argument', () => settle(() => fetch()));
  probe('fetch(Symbol())', () => settle(() => fetch(Symbol('x'))));
  probe('fetch with an invalid URL', () => settle(() => fetch('http://[bad')));
  probe('fetch with a URL whose toString throws', () => settle(() => fetch({ toString() { throw new Error('from toString'); } })));
  probe('fetch with a bad method', () => settle(() => fetch('/__pages/blank.html', { method: 'BAD METHOD' })));
  // Promise turns: a wrapper that passes the native's promise on through a
  // reaction of its own settles the page's promise a turn later, and looks
  // `then` up on the Response once more.
  probe('fetch: a rejected call’s reaction against a resolved promise', async () => {
    const order = [];
    fetch('http://[bad').catch(() => order.push('fetch'));
    Promise.resolve().then(() => order.push('resolved'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return order.join(',');
  });
  probe('fetch: a rejected call with a throwing URL, against a resolved promise', async () => {
    const order = [];
    fetch({ toString() { throw new Error('from toString'); } }).catch(() => order.push('fetch'));
    Promise.resolve().then(() => order.push('resolved'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return order.join(',');
  });
  probe('fetch: how often then is looked up on its Response', async () => {
    let looked = 0;
    Object.defineProperty(Response.prototype, 'then', { get() { looked += 1; return undefined; }, configurable: true });
    try {
      await fetch('/__pages/blank.html');
    } finally {
      delete Response.prototype.then;
    }
    return `${looked}`;
  });
  // Promise.prototype.then reads a promise's constructor and its species:
  // a wrapper that chains on the native's promise must not read the page's.
  probe('fetch: how often the promises’ constructor and species are read during the call', async () => {
    let read = 0;
    const constructor = Object.getOwnPropertyDescriptor(Promise.prototype, 'constructor');
    const species = Object.getOwnPropertyDescriptor(Promise, Symbol.species);
    Object.defineProperty(Promise.prototype, 'constructor', { get() { read += 1; return Promise; }, configurable: true });
    Object.defineProperty(Promise, Symbol.species, { get() { read += 1; return Promise; }, configurable: true });
    let pending;
    try {
      pending = fetch('/__pages/blank.html');
    } finally {
      Object.defineProperty(Promise.prototype, 'constructor', constructor);
      Object.defineProperty(Promise, Symbol.species, species);
    }
    await pending;
    return `${read}`;
  });
  probe('fetch with Promise.prototype.constructor broken', async () => {
    const constructor = Object.getOwnPropertyDescriptor(Promise.prototype, 'constructor');
    Object.defineProperty(Promise.prototype, 'constructor', { value: 1, writable: true, configurable: true });
    let pending;
    try {
      pending = attempt(() => {
        const result = fetch('/__pages/blank.html');
        return result instanceof Promise ? 'a promise' : typeof result;
      });
    } finally {
      Object.defineProperty(Promise.prototype, 'constructor', constructor);
    }
    return pending;
  });
  // A failed fetch: Chromium gives its "Failed to fetch" error the stack of
  // the call (port 6000 is one it refuses at once).
  probe('fetch: the stack of a failed fetch’s error', async () => {
    try {
      await fetch('http://127.0.0.1:6000/');
      return 'resolved';
    } catch (error) {
      return errorText(error);
    }
  });
  probe('fetch: call sites of a failed fetch’s error, read after', async () => {
    let failure = null;
    try {
      await fetch('http://127.0.0.1:6000/');
    } catch (error) {
      failure = error;
    }
    Error.prepareStackTrace = (error, sites) => sites.map((s) => `${s.getFunctionName()}@${s.getFileName()}`).join(' < ');
    try {
      return String(failure?.stack);
    } finally {
      delete Error.prepareStackTrace;
    }
  });
  probe('fetch: an error thrown by a getter of init, read after', () =>
    settle(() => fetch('/__pages/blank.html', { get cache() { throw new Error('from a getter'); } })));
  probe('fetch: what it reads of init, in order', async () => {
    const seen = [];
    const init = new Proxy({}, {
      get(t, k, r) { seen.push(`get ${String(k)}`); return Reflect.get(t, k, r); },
      has(t, k) { seen.push(`has ${String(k)}`); return Reflect.has(t, k); },
      getOwnPropertyDescriptor(t, k) { seen.push(`gopd ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
      getPrototypeOf(t) { seen.push('getPrototypeOf'); return Reflect.getPrototypeOf(t); },
      ownKeys(t) { seen.push('ownKeys'); return Reflect.ownKeys(t); },
    });
    await settle(() => fetch('/__pages/blank.html', init));
    return seen.join(',');
  });
  probe('fetch: conversions of its URL argument', async () => {
    const seen = [];
    const url = new Proxy({}, {
      get(t, k) { seen.push(`get ${String(k)}`); return k === 'toString' ? () => '/__pages/blank.html' : undefined; },
    });
    await settle(() => fetch(url));
    return seen.join(',');
  });
  probe('fetch: the stack seen by a URL’s toString', async () => {
    let seen = '';
    await settle(() => fetch({ toString() { seen = new Error('inside').stack; return '/__pages/blank.html'; } }));
    return seen;
  });
  probe('XMLHttpRequest.open: the stack seen by a URL’s toString', () => {
    let seen = '';
    new XMLHttpRequest().open('GET', { toString() { seen = new Error('inside').stack; return '/__pages/blank.html'; } });
    return seen;
  });
  probe('XMLHttpRequest.open: a method no byte string, then a URL whose toString is watched', () => {
    // The native converts the method to a byte string first, and throws
    // there, before it reads the URL.
    const seen = [];
    try {
      new XMLHttpRequest().open('G\u0100T', { toString() { seen.push('url read'); return '/__pages/blank.html'; } });
    } catch (error) {
      seen.push(`${error.name}`);
    }
    return seen.join(',');
  });
  probe('Error: call sites seen by a URL’s toString', () => {
    let seen = '';
    Error.prepareStackTrace = (error, sites) => sites.map((s) => `${s.getFunctionName()}@${s.getFileName()}`).join(' < ');
    try {
      new XMLHttpRequest().open('GET', { toString() { seen = new Error('inside').stack; return '/__pages/blank.html'; } });
    } finally {
      delete Error.prepareStackTrace;
    }
    return seen;
  });
  /** Names and files of the call sites an Error made inside `run` is given, read at once or after `run` returns. */
  function callSitesSeen(run, readLater = false) {
    const format = (error, sites) => sites.map((s) => `${s.getFunctionName()}@${s.getFileName()}`).join(' < ');
    let made = null;
    let seen = '';
    if (!readLater) Error.prepareStackTrace = format;
    try {
      run(() => {
        made = new Error('inside');
        if (!readLater) seen = made.stack;
      });
    } finally {
      delete Error.prepareStackTrace;
    }
    if (!readLater) return seen;
    Error.prepareStackTrace = format;
    try {
      return made?.stack ?? 'no error';
    } finally {
      delete Error.prepareStackTrace;
    }
  }
  probe('fetch: call sites seen by an init getter', () => callSitesSeen((inside) => {
    fetch('/__pages/blank.html', { get method() { inside(); return 'GET'; } }).catch(() => {});
  }));
  probe('XMLHttpRequest.send: call sites seen by a body’s toString', () => callSitesSeen((inside) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/__pages/blank.html');
    xhr.send({ toString() { inside(); return 'body'; } });
  }));
  probe('sendBeacon: call sites seen by a URL’s toString', () => callSitesSeen((inside) => {
    navigator.sendBeacon({ toString() { inside(); return '/__pages/blank.html'; } }, 'x');
  }));
  probe('WebSocket: call sites seen by a protocol list', () => callSitesSeen((inside) => {
    try {
      new WebSocket('wss://127.0.0.1:9/', { *[Symbol.iterator]() { inside(); yield 'a'; } }).close();
    } catch {
      // Refused or not: the call sites are what is compared.
    }
  }));
  probe('WebSocket.send: call sites seen by a message’s toString', () => callSitesSeen((inside) => {
    const socket = new WebSocket('wss://127.0.0.1:9/');
    try {
      socket.send({ toString() { inside(); return 'message'; } });
    } catch {
      // Still connecting: refused after the conversion; the call sites are what is compared.
    } finally {
      socket.close();
    }
  }));
  probe('XMLHttpRequest.open: a deep stack seen by a URL’s toString', () => {
    const depth = (n, run) => (n === 0 ? run() : depth(n - 1, run));
    let seen = '';
    depth(30, () => new XMLHttpRequest().open('GET', { toString() { seen = new Error('deep').stack; return '/__pages/blank.html'; } }));
    return seen;
  });
  probe('XMLHttpRequest.open: a page’s prepareStackTrace, set inside a URL’s toString, is kept', () => {
    const mine = () => 'mine';
    try {
      new XMLHttpRequest().open('GET', { toString() { Error.prepareStackTrace = mine; return '/__pages/blank.html'; } });
      return `${Error.prepareStackTrace === mine} ${new Error('after').stack}`;
    } finally {
      delete Error.prepareStackTrace;
    }
  });
  probe('Error.prepareStackTrace and stackTraceLimit seen by a URL’s toString', () => {
    let seen = '';
    new XMLHttpRequest().open('GET', { toString() { seen = `${typeof Error.prepareStackTrace} ${Error.stackTraceLimit}`; return '/__pages/blank.html'; } });
    return seen;
  });
  probe('XMLHttpRequest.open: call sites of an Error made in a URL’s toString, read after the call', () => callSitesSeen((inside) => {
    new XMLHttpRequest().open('GET', { toString() { inside(); return '/__pages/blank.html'; } });
  }, true));
  // Where an error says it was made (Firefox: fileName, lineNumber and
  // columnNumber of an Error, filename and the others of a DOMException):
  // the innermost frame of script, which without Vigie is the page's call.
  const madeAt = (e) => `${e?.fileName}:${e?.lineNumber}:${e?.columnNumber}:${e?.filename}`;
  probe('errors: where a failed call’s error says it was made', () => {
    const calls = [
      () => XMLHttpRequest.prototype.open.call({}),
      () => new XMLHttpRequest().send(),
      () => new WebSocket('ftp://example.org/'),
      () => WebSocket.prototype.send.call({}, 'x'),
      () => Function.prototype.toString.call(1),
      () => navigator.sendBeacon(),
      () => Object.getOwnPropertyDescriptor(Error.prototype, 'stack')?.get.call({}),
    ];
    return calls.map((run) => {
      try {
        run();
        return 'none';
      } catch (e) {
        return madeAt(e);
      }
    }).join(' | ');
  });
  probe('errors: where a rejected fetch’s error says it was made', async () => {
    try {
      await fetch.call(1, '/__pages/blank.html');
      return 'none';
    } catch (e) {
      return madeAt(e);
    }
  });
  probe('XMLHttpRequest.open: an Error made in a URL’s toString, read after the call', () => {
    let made = null;
    new XMLHttpRequest().open('GET', { toString() { made = new Error('made'); return '/__pages/blank.html'; } });
    return made.stack;
  });
  probe('Error.captureStackTrace seen by a URL’s toString', () => {
    const holder = {};
    new XMLHttpRequest().open('GET', { toString() { Error.captureStackTrace?.(holder); return '/__pages/blank.html'; } });
    return `${Object.getOwnPropertyNames(holder).join(',')} ${holder.stack}`;
  });
  probe('XMLHttpRequest.open with one argument', () => attempt(() => new XMLHttpRequest().open('GET')));
  probe('XMLHttpRequest.open with a URL whose toString throws', () =>
    attempt(() => new XMLHttpRequest().open('GET', { toString() { throw new Error('from toString'); } })));
  probe('XMLHttpRequest.open with a bad method', () => attempt(() => new XMLHttpRequest().open('BAD METHOD', '/')));
  probe('XMLHttpRequest.open with a Symbol', () => attempt(() => new XMLHttpRequest().open(Symbol('m'), '/')));
  probe('XMLHttpRequest.send before open', () => attempt(() => new XMLHttpRequest().send()));
  probe('XMLHttpRequest.send twice', () => attempt(() => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', '/__pages/blank.html');
    xhr.send();
    xhr.send();
  }));
  probe('XMLHttpRequest: own keys of an instance after open and send', () => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', '/__pages/blank.html');
    xhr.send();
    return Reflect.ownKeys(xhr).map(String).join(',');
  });
  probe('sendBeacon with no argument', () => attempt(() => navigator.sendBeacon()));
  probe('sendBeacon with an invalid URL', () => attempt(() => navigator.sendBeacon('http://[bad')));
  probe('WebSocket without new', () => attempt(() => WebSocket('wss://x.invalid/')));
  probe('WebSocket with an invalid URL', () => attempt(() => new WebSocket('not a url')));
  probe('WebSocket with a bad scheme', () => attempt(() => new WebSocket('ftp://x.invalid/')));
  probe('WebSocket.send while connecting', () => attempt(() => {
    const socket = new WebSocket('wss://127.0.0.1:9/');
    try {
      return socket.send('message');
    } finally {
      socket.close();
    }
  }));
  probe('WebSocket.send with no argument', () => attempt(() => new WebSocket('wss://127.0.0.1:9/').send()));
  probe('WebSocket.send on another object', () => attempt(() => WebSocket.prototype.send.call({}, 'message')));
  probe('WebSocket.send once closed', () => attempt(() => {
    const socket = new WebSocket('wss://127.0.0.1:9/');
    socket.close();
    return `${socket.send('message')}/${socket.bufferedAmount}`;
  }));
  probe('WebSocket: prototype links', () =>
    `${WebSocket.prototype.constructor === WebSocket}/${Object.getPrototypeOf(WebSocket) === EventTarget}/${WebSocket.OPEN}/${Object.getOwnPropertyNames(WebSocket).join(',')}`);
  probe('WebSocket: a subclass', () => attempt(() => {
    class Sub extends WebSocket {}
    return new Sub('not a url');
  }));
  probe('Worker without new', () => attempt(() => Worker('data:text/javascript,')));
  probe('Worker with an invalid URL', () => attempt(() => new Worker('http://[bad')));
  probe('Worker from another origin', () => attempt(() => new Worker('https://x.invalid/w.js')));
  probe('Worker: call sites seen by a URL’s toString', () => callSitesSeen((inside) => {
    new Worker({ toString() { inside(); return 'data:text/javascript,'; } }).terminate();
  }));
  probe('Worker: prototype links', () =>
    `${Worker.prototype.constructor === Worker}/${Object.getPrototypeOf(Worker) === EventTarget}/${Object.getOwnPropertyNames(Worker).join(',')}`);
  probe('Worker: a subclass', () => attempt(() => {
    class Sub extends Worker {}
    const worker = new Sub('data:text/javascript,');
    const shape = `${worker instanceof Sub}/${worker instanceof Worker}/${Object.getPrototypeOf(worker) === Sub.prototype}`;
    worker.terminate();
    return shape;
  }));
  probe('Response.json on a plain object', () => settle(() => Response.prototype.json.call({})));
  probe('Response.text of a used body', () => settle(async () => {
    const r = new Response('x');
    await r.text();
    return r.text();
  }));
  probe('input.value getter on a plain object', () => attempt(() => inputValue.get.call({})));
  probe('input.value of an e-mail field', () => document.getElementById('email').value);
  probe('input.value of a city field', () => document.getElementById('city').value);

  // A contact lookup of the site's own (Vigie copies the site's answer to
  // these): the answer as the page reads it, and what reading a copy could
  // touch. The session cookies come with any page of the site. Before the
  // probes that lock Error.prepareStackTrace: on a page that locked it no
  // call names its script, and Vigie copies nothing.
  async function contactLookup() {
    await fetch('/in/alice-martin/');
    const csrf = (document.cookie.match(/JSESSIONID="?([^";]*)/) ?? [])[1] ?? '';
    return fetch('/voyager/api/identity/profiles/alice-martin/profileContactInfo', { headers: { 'csrf-token': csrf } });
  }
  probe('contact lookup: the answer as the page reads it', async () => {
    const response = await contactLookup();
    const before = `${response.status} ${response.bodyUsed} ${response.headers.get('content-type')}`;
    const text = await response.text();
    return `${before} / ${text.length} ${text.includes('@')} ${response.bodyUsed}`;
  });
  probe('contact lookup: Response, stream and decoder methods called during it', async () => {
    const seen = [];
    const spied = [
      [Response.prototype, 'clone'], [Response.prototype, 'text'], [Response.prototype, 'json'], [Response.prototype, 'arrayBuffer'],
      [ReadableStream.prototype, 'getReader'], [ReadableStream.prototype, 'tee'], [ReadableStreamDefaultReader.prototype, 'read'],
      [ReadableStreamDefaultReader.prototype, 'cancel'], [TextDecoder.prototype, 'decode'],
    ];
    const saved = spied.map(([holder, key]) => Object.getOwnPropertyDescriptor(holder, key));
    spied.forEach(([holder, key], i) => {
      const native = saved[i].value;
      holder[key] = function () { seen.push(key); return Reflect.apply(native, this, arguments); };
    });
    try {
      const response = await contactLookup();
      await new Promise((resolve) => setTimeout(resolve, 300));
      seen.push('|');
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      spied.forEach(([holder, key], i) => Object.defineProperty(holder, key, saved[i]));
    }
    return seen.join(',');
  });
  probe('contact lookup: Object.prototype getters reached while its answer is read', async () => {
    const seen = [];
    const keys = ['done', 'value', 'stream', 'constructor', 'body', 'status'];
    const saved = keys.map((key) => Object.getOwnPropertyDescriptor(Object.prototype, key));
    for (const key of keys) {
      // Null-prototype descriptors: the getters on Object.prototype would make others invalid.
      Object.defineProperty(Object.prototype, key, {
        __proto__: null,
        configurable: true,
        get() { seen.push(`get ${key}`); return key === 'constructor' ? Object : undefined; },
        set(v) { Object.defineProperty(this, key, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true }); },
      });
    }
    try {
      const response = await contactLookup();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await response.text();
    } finally {
      keys.forEach((key, i) => (saved[i] ? Object.defineProperty(Object.prototype, key, saved[i]) : delete Object.prototype[key]));
    }
    return seen.join(',');
  });
  function xhrContactLookup() {
    return new Promise((resolve) => {
      const csrf = (document.cookie.match(/JSESSIONID="?([^";]*)/) ?? [])[1] ?? '';
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/voyager/api/identity/profiles/alice-martin/profileContactInfo');
      xhr.setRequestHeader('csrf-token', csrf);
      xhr.send();
      xhr.addEventListener('loadend', () => setTimeout(() => resolve(xhr), 300));
    });
  }
  probe('contact lookup by XMLHttpRequest: the answer as the page reads it', async () => {
    await fetch('/in/alice-martin/');
    const xhr = await xhrContactLookup();
    return `${xhr.readyState} ${xhr.status} ${xhr.responseType} ${xhr.responseText.length} ${xhr.responseText.includes('@')}`;
  });
  probe('contact lookup by XMLHttpRequest: Object.prototype getters reached while its answer is read', async () => {
    const seen = [];
    const keys = ['once', 'capture', 'passive', 'signal', 'handleEvent'];
    for (const key of keys) {
      Object.defineProperty(Object.prototype, key, {
        __proto__: null,
        configurable: true,
        get() { seen.push(`get ${key}`); return undefined; },
      });
    }
    try {
      await xhrContactLookup();
    } finally {
      for (const key of keys) delete Object.prototype[key];
    }
    return seen.join(',');
  });
  // Traces on objects the page can watch.
  probe('Error: prepareStackTrace and stackTraceLimit reads during calls', async () => {
    const seen = [];
    const saved = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
    let limit = saved?.value;
    let prepare;
    Object.defineProperty(Error, 'prepareStackTrace', {
      configurable: true,
      get() { seen.push('get prepareStackTrace'); return prepare; },
      set(v) { seen.push('set prepareStackTrace'); prepare = v; },
    });
    Object.defineProperty(Error, 'stackTraceLimit', {
      configurable: true,
      get() { seen.push('get stackTraceLimit'); return limit; },
      set(v) { seen.push('set stackTraceLimit'); limit = v; },
    });
    try {
      await settle(() => fetch('/__pages/blank.html'));
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/__pages/blank.html');
      xhr.send();
      navigator.sendBeacon('/__pages/blank.html', 'x');
      void document.getElementById('email').value;
    } finally {
      delete Error.prepareStackTrace;
      Object.defineProperty(Error, 'stackTraceLimit', saved);
    }
    return seen.join(',');
  });
  probe('Error: prepareStackTrace sees the call sites of a failed call', () => {
    const seen = [];
    Error.prepareStackTrace = (error, sites) => {
      seen.push(sites.map((s) => `${s.getFunctionName()}@${s.getFileName()}`).join(' < '));
      return 'prepared';
    };
    try {
      return `${attempt(() => XMLHttpRequest.prototype.open.call({}))} | ${seen.join(' / ')}`;
    } finally {
      delete Error.prepareStackTrace;
    }
  });
  probe('bodies the browser keeps from extensions: page code reached when a FormData holding a Blob, or a Blob, is sent', async () => {
    // After the probes before, a watcher's budget for calls may be spent: it refills in a second or two.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const seen = [];
    const iteratorPrototype = Object.getPrototypeOf(new FormData().entries());
    const watched = [
      [FormData.prototype, ['entries', 'keys', 'values', 'forEach', 'get', 'getAll', 'has', Symbol.iterator]],
      [iteratorPrototype, ['next']],
      [Blob.prototype, ['arrayBuffer', 'text', 'stream', 'slice', 'bytes', 'size', 'type']],
      [File.prototype, ['name', 'lastModified']],
      // Not `then`: a page with one there has nothing read (sent-blobs.js).
      [Object.prototype, ['done', 'body', 'method']],
    ];
    const saved = watched.map(([holder, keys]) => [holder, keys.map((k) => [k, Object.getOwnPropertyDescriptor(holder, k)])]);
    for (const [holder, keys] of watched) {
      for (const key of keys) {
        const original = Object.getOwnPropertyDescriptor(holder, key);
        const name = `${holder === Object.prototype ? 'Object' : holder === iteratorPrototype ? 'iterator' : holder.constructor.name}.${String(key)}`;
        if (original && typeof original.value === 'function') {
          Object.defineProperty(holder, key, { ...original, value: function (...args) { seen.push(name); return original.value.apply(this, args); } });
        } else if (original && original.get) {
          Object.defineProperty(holder, key, { ...original, get() { seen.push(name); return original.get.call(this); } });
        } else if (!original) {
          Object.defineProperty(holder, key, { configurable: true, get() { seen.push(name); return undefined; }, set(v) { Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true }); } });
        }
      }
    }
    try {
      const form = () => {
        const f = new FormData();
        f.append('segment', new Blob(['probe segment']), 'segment');
        f.append('name', 'probe');
        return f;
      };
      const sent = [fetch('/__pages/blank.html', { method: 'POST', body: form() }), fetch('/__pages/blank.html', { method: 'POST', body: new Blob(['probe']) })];
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/__pages/blank.html');
      xhr.send(form());
      navigator.sendBeacon('/__pages/blank.html', form());
      await Promise.allSettled(sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      for (const [holder, keys] of saved) {
        for (const [key, descriptor] of keys) {
          if (descriptor) Object.defineProperty(holder, key, descriptor);
          else delete holder[key];
        }
      }
    }
    return seen.join(',');
  });
  probe('Error: a locked prepareStackTrace and a network call', async () => {
    Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
    return settle(() => fetch('/__pages/blank.html'));
  });
  probe('Error: its own keys after calls', () => Reflect.ownKeys(Error).map(String).join(','));
  probe('Object.prototype and Array.prototype setters reached during calls', async () => {
    const seen = [];
    const keys = ['kind', 'url', 'method', 'api', 'stack', 'nonce', 'value', 'get', 'set', 'writable', 'enumerable',
      'configurable', '__vigie', 'field', 'by', 'when', 'name', '0', '1', 'length', 'then'];
    for (const key of keys) {
      for (const proto of [Object.prototype, Array.prototype]) {
        if (Object.getOwnPropertyDescriptor(proto, key)) continue;
        Object.defineProperty(proto, key, {
          configurable: true,
          get() { seen.push(`get ${key}`); return undefined; },
          set(v) { seen.push(`set ${key}`); Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true }); },
        });
      }
    }
    try {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/__pages/blank.html');
      xhr.send('x');
      navigator.sendBeacon('/__pages/blank.html', 'x');
      void document.getElementById('email').value;
      void Function.prototype.toString.call(fetch);
      const p = fetch('/__pages/blank.html', { method: 'POST', body: 'x' });
      p.catch(() => {});
    } finally {
      for (const key of keys) {
        for (const proto of [Object.prototype, Array.prototype]) {
          const d = Object.getOwnPropertyDescriptor(proto, key);
          if (d && d.get && !Object.hasOwn(d, 'value')) delete proto[key];
        }
      }
    }
    return seen.join(',');
  });
  probe('window: own keys', () => Reflect.ownKeys(window).map(String).join(','));
  probe('window: the chrome object', () => (window.chrome ? Reflect.ownKeys(window.chrome).map(String).join(',') : 'none'));
  probe('document: attributes and nodes', () =>
    `${document.documentElement.getAttributeNames().join(',')}/${document.querySelectorAll('*').length}/${Reflect.ownKeys(document).map(String).join(',')}`);
  probe('early: state before any page code', () => JSON.stringify({ ...window.__early, messages: undefined }));
  probe('early: messages the window received', () => JSON.stringify(window.__early.messages));
  probe('about:blank frame: messages it received', () => JSON.stringify(blankMessages));
  probe('about:blank frame: its fetch', () => `${blankWindow.fetch.name}/${shape(blankWindow, 'fetch')}/${blankWindow.Function.prototype.toString.call(blankWindow.fetch)}`);
  probe('loaded frame: its fetch seen from here', () => `${shape(realms.loaded(), 'fetch')}/${Function.prototype.toString.call(realms.loaded().XMLHttpRequest.prototype.open)}`);
  window.__probeCount = probes.length;
  window.__probesDone = (async () => {
    await new Promise((resolve) => (document.readyState === 'loading' ? addEventListener('DOMContentLoaded', resolve) : resolve()));
    document.body.appendChild(loadedFrame);
    const blank = document.createElement('iframe');
    document.body.appendChild(blank);
    blankWindow = blank.contentWindow;
    blankWindow.addEventListener('message', (e) => blankMessages.push(JSON.stringify(e.data) ?? String(e.data)), true);
    await frameLoaded;
    // Messages posted at load reach their listeners within a task or two.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const results = {};
    for (const [name, fn] of probes) {
      try {
        results[name] = await fn();
      } catch (error) {
        results[name] = `probe failed: ${errorText(error)}`;
      }
    }
    window.__probeResults = results;
    return results;
  })();
})();
