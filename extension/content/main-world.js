// Vigie's main-world script (`world: "MAIN"`, `document_start`, every frame).
//
// It runs before any page script and:
//   - wraps fetch, XMLHttpRequest open/send, navigator.sendBeacon and the
//     WebSocket constructor, and reports each call with the URLs of the
//     scripts on the calling stack;
//   - reports replacement of fetch, XMLHttpRequest open/send and
//     Response json/text, with the script that replaced them where the
//     stack tells it (the "response interception" pattern of harvesters);
//   - hands the reports to Vigie's isolated-world observer over a private
//     MessageChannel whose sending end never leaves this closure.
//
// A page can forge anything in its own world, so these reports are claims;
// the core never raises a high-confidence finding on them alone.
//
// Everything this script calls after load goes through references captured
// here, before any page script exists: a page that later replaces
// Reflect.apply, Array.prototype.push, RegExp.prototype.exec,
// Error.prepareStackTrace or Function.prototype.toString cannot reach or
// steer Vigie's code path. Arrays and objects Vigie builds have a null
// prototype, so setters a page puts on Array.prototype or Object.prototype
// are never called with Vigie's data. Each wrapper behaves like the native
// it wraps: same arguments (converted once, in the native's order), same
// `this`, same return value, same exceptions.
(() => {
  'use strict';

  /* @vigie-pure-begin
   * Stack parsing and small text helpers: pure functions over strings, with
   * the few natives they use captured right here. tests/js/stack.test.mjs
   * evaluates exactly the text between these two markers in a node:vm
   * context. Content scripts cannot be ES modules, and exporting these
   * functions through a global would hand them to the page, so the test
   * reads the shipped source instead of a copy. */
  const ReflectApply = Reflect.apply;
  const ReflectSetPrototypeOf = Reflect.setPrototypeOf;
  const StringSlice = String.prototype.slice;
  const StringIndexOf = String.prototype.indexOf;
  const StringLastIndexOf = String.prototype.lastIndexOf;
  const StringToUpperCase = String.prototype.toUpperCase;
  const StringTrim = String.prototype.trim;
  const RegExpExec = RegExp.prototype.exec;

  const MAX_TEXT = 2048; // longest URL, method or stack entry reported
  const MAX_STACK = 20; // most script URLs in one stack
  // Firefox names scripts of world-MAIN content scripts this way, with no
  // extension URL; it still tells "an extension script was on the stack".
  const ANONYMOUS_CODE = '<anonymous code>';

  const slice = (s, start, end) => ReflectApply(StringSlice, s, end === undefined ? [start] : [start, end]);
  const indexOf = (s, needle, from) => ReflectApply(StringIndexOf, s, [needle, from === undefined ? 0 : from]);
  const lastIndexOf = (s, needle) => ReflectApply(StringLastIndexOf, s, [needle]);
  const startsWith = (s, prefix) => slice(s, 0, prefix.length) === prefix;
  const endsWith = (s, suffix) => s.length >= suffix.length && slice(s, s.length - suffix.length) === suffix;
  const trim = (s) => ReflectApply(StringTrim, s, []);
  const exec = (re, s) => ReflectApply(RegExpExec, re, [s]);

  /** An empty array with no prototype: writing to it never reaches a setter. */
  function newList() {
    const list = [];
    ReflectSetPrototypeOf(list, null);
    return list;
  }

  function push(list, value) {
    list[list.length] = value;
  }

  function capText(text) {
    return text.length > MAX_TEXT ? slice(text, 0, MAX_TEXT) : text;
  }

  /** Fetch's method normalisation: the six standard methods are upper-cased, others kept. */
  function normalizeMethod(method) {
    const upper = ReflectApply(StringToUpperCase, method, []);
    switch (upper) {
      case 'DELETE':
      case 'GET':
      case 'HEAD':
      case 'OPTIONS':
      case 'POST':
      case 'PUT':
        return upper;
      default:
        return method;
    }
  }

  const NATIVE_SOURCE = /^function ([\w$]*)\(\) \{\s*\[native code\]\s*\}$/;

  /** Whether `source` (Function.prototype.toString output) is that of the native named `name`. */
  function looksNative(source, name) {
    if (typeof source !== 'string') return false;
    const match = exec(NATIVE_SOURCE, source);
    return match !== null && match[1] === name;
  }

  /** Index of the "(" that the ")" at `close` closes, or -1. */
  function matchingOpenParen(text, close) {
    let depth = 0;
    for (let i = close; i >= 0; i--) {
      const c = text[i];
      if (c === ')') depth++;
      else if (c === '(' && --depth === 0) return i;
    }
    return -1;
  }

  /**
   * The script that called eval, from a V8 eval origin:
   * "eval at NAME (LOCATION)" or, inside a frame, "eval at NAME (LOCATION), <anonymous>:1:1",
   * where LOCATION may itself be an eval origin. The code's own name (a
   * sourceURL comment chooses it freely) is ignored: the caller is what is known.
   */
  function evalOriginUrl(origin) {
    let text = origin;
    for (let depth = 0; depth < 16 && startsWith(text, 'eval at '); depth++) {
      const close = endsWith(text, ')') ? text.length - 1 : lastIndexOf(text, '), ');
      if (close < 0) return null;
      const open = matchingOpenParen(text, close);
      if (open < 0) return null;
      text = slice(text, open + 1, close);
    }
    return startsWith(text, 'eval at ') ? null : scriptUrlOfLocation(text);
  }

  const FIREFOX_EVAL = /^(.*?) line \d+ > /;
  const LINE_COLUMN = /:\d+(?::\d+)?$/;
  const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

  /** The script URL in a frame location ("https://x/a.js:1:2", "native", an eval origin…), or null. */
  function scriptUrlOfLocation(location) {
    let text = trim(location);
    if (startsWith(text, 'eval at ')) return evalOriginUrl(text);
    const firefoxEval = exec(FIREFOX_EVAL, text);
    if (firefoxEval !== null) text = firefoxEval[1];
    const position = exec(LINE_COLUMN, text);
    if (position !== null) text = slice(text, 0, position.index);
    if (text === ANONYMOUS_CODE) return text;
    if (text === '' || exec(URL_LIKE, text) === null) return null;
    return text;
  }

  function frame(name, url) {
    return { __proto__: null, name, url };
  }

  /** Name and script URL of a V8 frame line ("at NAME (LOCATION)" or "at LOCATION"). */
  function v8Frame(line) {
    let rest = slice(line, 3);
    if (startsWith(rest, 'async ')) rest = slice(rest, 6);
    if (endsWith(rest, ')')) {
      const open = matchingOpenParen(rest, rest.length - 1);
      if (open < 0) return frame(rest, null);
      return frame(trim(slice(rest, 0, open)), scriptUrlOfLocation(slice(rest, open + 1, rest.length - 1)));
    }
    return frame('', scriptUrlOfLocation(rest));
  }

  /**
   * The frames of a stack in V8 ("    at f (url:1:2)") or Firefox
   * ("f@url:1:2") form, innermost first, as { name, url }; url is null where
   * a frame has no script URL. Function names can be chosen by a page and
   * may contain anything, newlines included: text stacks are best effort,
   * which is why V8 stacks are read from structured call sites where possible.
   */
  function framesFromText(text) {
    const frames = newList();
    if (typeof text !== 'string') return frames;
    let start = 0;
    while (start <= text.length) {
      let end = indexOf(text, '\n', start);
      if (end < 0) end = text.length;
      const line = trim(slice(text, start, end));
      start = end + 1;
      if (startsWith(line, 'at ')) {
        push(frames, v8Frame(line));
        continue;
      }
      // Firefox: the name ends at the first "@" (URLs such as
      // https://cdn/pkg@1.2.3/x.js contain "@" far more often than names);
      // "async*" marks the frames of an awaited caller.
      const at = indexOf(line, '@');
      if (at < 0) continue;
      let name = slice(line, 0, at);
      if (startsWith(name, 'async*')) name = slice(name, 6);
      push(frames, frame(name, scriptUrlOfLocation(slice(line, at + 1))));
    }
    return frames;
  }

  /**
   * The distinct script URLs of a stack, innermost first, without Vigie's
   * own frames. `self` is the URL Vigie's script has in stacks, `boundary`
   * the name of the Vigie function the page called (the wrapper).
   * Vigie's frames are the innermost run at `self`, ending at `boundary`
   * where there is such a frame. In Chrome `self` is Vigie's extension URL
   * and every frame at it is dropped. In Firefox it is "<anonymous code>",
   * which other extensions' world-MAIN scripts share: those frames stay,
   * so the run must end at the wrapper.
   */
  function distinctScriptUrls(frames, self, boundary) {
    const out = newList();
    const seen = { __proto__: null };
    let i = 0;
    while (i < frames.length && (frames[i].url === self || frames[i].url === null)) {
      const own = frames[i].url === self && boundary !== undefined && frames[i].name === boundary;
      i++;
      if (own) break;
    }
    const dropSelfEverywhere = typeof self === 'string' && indexOf(self, '-extension://') > 0;
    for (; i < frames.length && out.length < MAX_STACK; i++) {
      const url = frames[i].url;
      if (typeof url !== 'string' || url === '' || (dropSelfEverywhere && url === self)) continue;
      const capped = capText(url);
      if (seen[capped] === true) continue;
      seen[capped] = true;
      push(out, capped);
    }
    return out;
  }

  function stackUrlsFromText(text, self, boundary) {
    return distinctScriptUrls(framesFromText(text), self, boundary);
  }
  /* @vigie-pure-end */

  // ---- natives and page objects, captured before any page script ---------

  const win = globalThis;
  const ReflectConstruct = Reflect.construct;
  const ReflectDefineProperty = Reflect.defineProperty;
  const ReflectDeleteProperty = Reflect.deleteProperty;
  const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  const ReflectGetPrototypeOf = Reflect.getPrototypeOf;
  const ReflectOwnKeys = Reflect.ownKeys;
  const NativeWeakMap = WeakMap;
  const WeakMapGet = WeakMap.prototype.get;
  const WeakMapSet = WeakMap.prototype.set;
  const WeakMapDelete = WeakMap.prototype.delete;
  const FunctionToString = Function.prototype.toString;
  const NativeError = Error;
  const errorCaptureStackTrace = typeof Error.captureStackTrace === 'function' ? Error.captureStackTrace : null;
  const NativePromise = Promise;
  const PromiseReject = Promise.reject;
  const DateNow = Date.now;
  const NativeSetTimeout = win.setTimeout;
  const NativeSetInterval = win.setInterval;
  const NativeURL = URL;
  const WindowPostMessage = win.postMessage;
  const MessagePortPostMessage = MessagePort.prototype.postMessage;
  const theDocument = document;

  /**
   * The value of an own data property, without running a getter anywhere:
   * even `descriptor.value` is read as an own field, since for an accessor
   * it would fall through to Object.prototype, where a page can put one.
   */
  function ownValue(object, key) {
    const descriptor = ReflectGetOwnPropertyDescriptor(object, key);
    const field = descriptor === undefined ? undefined : ReflectGetOwnPropertyDescriptor(descriptor, 'value');
    return field === undefined ? undefined : field.value;
  }

  function ownGetter(object, key) {
    const descriptor = object ? ReflectGetOwnPropertyDescriptor(object, key) : undefined;
    return descriptor === undefined ? undefined : ownValue(descriptor, 'get');
  }

  /** A descriptor copied field by field into a null-prototype object. */
  function cleanDescriptor(descriptor) {
    const clean = { __proto__: null };
    const keys = ['value', 'writable', 'get', 'set', 'enumerable', 'configurable'];
    for (let i = 0; i < keys.length; i++) {
      const field = ReflectGetOwnPropertyDescriptor(descriptor, keys[i]);
      if (field !== undefined) clean[keys[i]] = field.value;
    }
    return clean;
  }

  function ownDescriptor(object, key) {
    const descriptor = ReflectGetOwnPropertyDescriptor(object, key);
    return descriptor === undefined ? undefined : cleanDescriptor(descriptor);
  }

  function defineValue(object, key, value, writable, enumerable, configurable) {
    return ReflectDefineProperty(object, key, { __proto__: null, value, writable, enumerable, configurable });
  }

  /** A copy of an arguments object (no iterator, no prototype). */
  function listOf(args) {
    const list = newList();
    for (let i = 0; i < args.length; i++) list[i] = args[i];
    return list;
  }

  const call = (fn, self, args) => ReflectApply(fn, self, args);
  const now = () => call(DateNow, undefined, []);
  const isObject = (value) => (typeof value === 'object' && value !== null) || typeof value === 'function';
  /**
   * Web IDL's conversion to a string, done once by Vigie so that the native
   * gets the result and a page's toString runs once, as without Vigie. A
   * Symbol is left to the native (no report), which throws its own error.
   */
  const toText = (value) => (typeof value === 'string' ? value : `${value}`);
  const isSymbol = (value) => typeof value === 'symbol';

  function brandCheck(getter, value) {
    if (typeof getter !== 'function' || !isObject(value)) return false;
    try {
      call(getter, value, []);
      return true;
    } catch {
      return false;
    }
  }

  const urlHref = ownGetter(NativeURL.prototype, 'href');
  const baseUri = ownGetter(win.Node?.prototype, 'baseURI');

  function absoluteUrl(text) {
    try {
      const base = baseUri ? call(baseUri, theDocument, []) : undefined;
      return capText(call(urlHref, ReflectConstruct(NativeURL, [text, base]), []));
    } catch {
      return capText(text);
    }
  }

  // ---- the bridge to the isolated world ----------------------------------
  // One MessageChannel. Its second port goes to Vigie's isolated-world
  // observer in a single window message posted now, before any page script
  // exists; the observer accepts the first such message only, and swallows
  // it before page listeners run. The first port stays in this closure, so
  // only this script can speak on the channel.

  let port = null;

  function randomNonce() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    let hex = '';
    for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return hex;
  }

  try {
    const channel = new MessageChannel();
    const origin = location.origin;
    // "*" where the origin is opaque or not http(s) (sandboxed frames,
    // data:, file:): the message goes to this very window either way.
    const target = typeof origin === 'string' && startsWith(origin, 'http') ? origin : '*';
    call(WindowPostMessage, win, [{ __vigie: 'hello', nonce: randomNonce() }, target, [channel.port2]]);
    port = channel.port1;
  } catch {
    port = null;
  }

  function post(message) {
    if (port === null) return;
    try {
      call(MessagePortPostMessage, port, [message]);
    } catch {
      // A closed channel: nothing to tell.
    }
  }

  // ---- budgets -------------------------------------------------------------
  // Calls: a bucket of 300 that refills at 5 per second, so a long-lived
  // single-page app keeps being watched while a flood is cut. Dropped
  // calls are counted and announced at most once per second
  // ({kind:'dropped', count}; the observer files it as a bridge drop).
  const CALL_BURST = 300;
  const CALL_REFILL_PER_MS = 5 / 1000;
  // Replacements are rare; a page creating scripts in a loop gets 50.
  const MAX_REPLACEMENT_REPORTS = 50;

  let callTokens = CALL_BURST;
  let lastRefill = now();
  let droppedCalls = 0;
  let dropNoticePending = false;
  let replacementReports = 0;

  function admitCall() {
    const t = now();
    callTokens += (t - lastRefill) * CALL_REFILL_PER_MS;
    if (callTokens > CALL_BURST) callTokens = CALL_BURST;
    lastRefill = t;
    if (callTokens >= 1) {
      callTokens -= 1;
      return true;
    }
    droppedCalls++;
    if (!dropNoticePending) {
      dropNoticePending = true;
      call(NativeSetTimeout, win, [
        () => {
          dropNoticePending = false;
          post({ __proto__: null, kind: 'dropped', count: droppedCalls });
          droppedCalls = 0;
        },
        1000,
      ]);
    }
    return false;
  }

  // ---- stacks --------------------------------------------------------------
  // V8: Error.captureStackTrace with Vigie's own Error.prepareStackTrace
  // gives structured call sites, whose file names a page cannot disguise
  // through function names or sourceURL comments. Around each capture,
  // Vigie sets its own Error.prepareStackTrace and Error.stackTraceLimit
  // and restores the page's afterwards (V8 reads both from the Error
  // constructor, where any script can set them). Elsewhere (Firefox) the
  // text of a fresh Error's stack is parsed.

  const STACK_TRACE_LIMIT = 50;
  const NO_STACK = newList();
  let stashedSites = null;
  const stackToken = { __proto__: null };
  const prepareForVigie = (error, sites) => {
    stashedSites = sites;
    return stackToken;
  };
  let callSiteFileName = null;
  let callSiteIsEval = null;
  let callSiteEvalOrigin = null;
  const errorStackGetter = ownGetter(NativeError.prototype, 'stack');
  let selfUrl = null;

  function restoreProperty(object, key, saved) {
    if (saved === undefined) ReflectDeleteProperty(object, key);
    else ReflectDefineProperty(object, key, saved);
  }

  /** Runs `body` with Vigie's prepareStackTrace (when asked) and limit in place. */
  function withStackSettings(usePrepare, body) {
    const savedPrepare = usePrepare ? ownDescriptor(NativeError, 'prepareStackTrace') : undefined;
    const savedLimit = ownDescriptor(NativeError, 'stackTraceLimit');
    const prepared = usePrepare && defineValue(NativeError, 'prepareStackTrace', prepareForVigie, true, false, true);
    const limited =
      (usePrepare || savedLimit !== undefined) &&
      defineValue(NativeError, 'stackTraceLimit', STACK_TRACE_LIMIT, true, savedLimit ? savedLimit.enumerable === true : true, true);
    try {
      return body(prepared);
    } finally {
      if (prepared) restoreProperty(NativeError, 'prepareStackTrace', savedPrepare);
      if (limited) restoreProperty(NativeError, 'stackTraceLimit', savedLimit);
    }
  }

  /** Call sites of the current stack, or null if a page locked prepareStackTrace. */
  function captureCallSites() {
    return withStackSettings(true, (prepared) => {
      if (!prepared) return null;
      stashedSites = null;
      const holder = { __proto__: null };
      call(errorCaptureStackTrace, NativeError, [holder]);
      const result = holder.stack === stackToken ? stashedSites : null;
      stashedSites = null;
      return result;
    });
  }

  function framesFromSites(sites) {
    const frames = newList();
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      let url = null;
      try {
        if (call(callSiteIsEval, site, [])) {
          const origin = call(callSiteEvalOrigin, site, []);
          url = typeof origin === 'string' ? evalOriginUrl(origin) : null;
        } else {
          // A file name is a URL already: no line or column to strip.
          const name = call(callSiteFileName, site, []);
          url = typeof name === 'string' && exec(URL_LIKE, name) !== null ? name : null;
        }
      } catch {
        url = null;
      }
      push(frames, frame('', url));
    }
    return frames;
  }

  function captureStackText() {
    return withStackSettings(false, () => {
      const error = ReflectConstruct(NativeError, []);
      return errorStackGetter ? call(errorStackGetter, error, []) : ownValue(error, 'stack');
    });
  }

  /**
   * Distinct script URLs on the current stack, innermost first, without
   * Vigie's own; `boundary` names the Vigie function the page called.
   */
  function captureStackUrls(boundary) {
    try {
      if (callSiteFileName !== null) {
        const sites = captureCallSites();
        return sites === null ? NO_STACK : distinctScriptUrls(framesFromSites(sites), selfUrl, boundary);
      }
      return stackUrlsFromText(captureStackText(), selfUrl, boundary);
    } catch {
      return NO_STACK;
    }
  }

  // Learn, once and before any page script, how this browser gives stacks
  // and under which URL Vigie's own frames appear.
  try {
    const sites = errorCaptureStackTrace ? captureCallSites() : null;
    if (sites !== null && sites.length > 0) {
      const prototype = ReflectGetPrototypeOf(sites[0]);
      const fileName = ownValue(prototype, 'getFileName');
      const isEval = ownValue(prototype, 'isEval');
      const evalOrigin = ownValue(prototype, 'getEvalOrigin');
      if (typeof fileName === 'function' && typeof isEval === 'function' && typeof evalOrigin === 'function') {
        callSiteFileName = fileName;
        callSiteIsEval = isEval;
        callSiteEvalOrigin = evalOrigin;
        selfUrl = framesFromSites(sites)[0]?.url ?? null;
      }
    }
    if (callSiteFileName === null) selfUrl = framesFromText(captureStackText())[0]?.url ?? null;
  } catch {
    // Stacks stay empty; calls are still reported.
  }

  // ---- reports -------------------------------------------------------------

  /** Reports a call; `boundary` is the name of the wrapper the page called. */
  function reportCall(api, url, method, boundary) {
    try {
      if (!admitCall()) return;
      const stack = captureStackUrls(boundary);
      post({ __proto__: null, kind: 'call', api, url: absoluteUrl(url), method: capText(method), stack });
    } catch {
      // Reporting must never change what the page sees.
    }
  }

  const replacementsReported = { __proto__: null };

  function reportReplaced(api, by, when) {
    const key = `${api}|${when}|${by}`;
    if (replacementsReported[key] === true || replacementReports >= MAX_REPLACEMENT_REPORTS) return;
    replacementsReported[key] = true;
    replacementReports++;
    post({ __proto__: null, kind: 'nativeReplaced', api, by, when });
  }

  // ---- native-looking wrappers ---------------------------------------------
  // Function.prototype.toString answers for each wrapper with its native's
  // source (or, for accessors that have no native, with a native-looking
  // text), through a WeakMap the page cannot reach.

  const disguises = new NativeWeakMap();

  function disguise(wrapper, nativeOrSource) {
    call(WeakMapSet, disguises, [wrapper, nativeOrSource]);
  }

  function sourceOf(fn) {
    try {
      return call(FunctionToString, fn, []);
    } catch {
      return null;
    }
  }

  // ---- replacements made before Vigie's hooks --------------------------------
  // Another extension's world-MAIN script can run before this one.

  const GUARDED = [
    { api: 'fetch', holder: win, key: 'fetch' },
    { api: 'XMLHttpRequest.open', holder: win.XMLHttpRequest?.prototype, key: 'open' },
    { api: 'XMLHttpRequest.send', holder: win.XMLHttpRequest?.prototype, key: 'send' },
    { api: 'Response.json', holder: win.Response?.prototype, key: 'json' },
    { api: 'Response.text', holder: win.Response?.prototype, key: 'text' },
  ];
  // Who replaced a native before the hooks: the replacement is called so
  // that the native under it fails from within it (an input whose string
  // conversion throws, or a receiver of the wrong type), and the frames of
  // that failure name its script. Nothing reaches the network.
  const EXTENSION_FRAME = /^(?:chrome|moz)-extension:\/\//;
  function extensionIn(frames) {
    for (let i = 0; i < frames.length; i++) {
      const url = frames[i]?.url;
      if (typeof url === 'string' && url !== selfUrl && exec(EXTENSION_FRAME, url) !== null) return url;
    }
    return null;
  }
  /** The frames of `error`: V8 formats a stack lazily, so reading it under
   *  Vigie's prepareStackTrace yields its call sites. */
  function framesOfError(error) {
    if (callSiteFileName === null) return framesFromText(ownValue(error, 'stack') ?? error.stack);
    return withStackSettings(true, (prepared) => {
      if (!prepared) return newList();
      stashedSites = null;
      const stack = error.stack;
      const sites = stack === stackToken ? stashedSites : null;
      stashedSites = null;
      if (sites !== null) return framesFromSites(sites);
      return typeof stack === 'string' ? framesFromText(stack) : newList();
    });
  }
  function framesNow() {
    const sites = callSiteFileName !== null ? captureCallSites() : null;
    return sites !== null ? framesFromSites(sites) : framesFromText(captureStackText());
  }
  function extensionInError(error) {
    try {
      return extensionIn(framesOfError(error));
    } catch {
      return null;
    }
  }
  /** Calls `done(scriptUrl | null)` once the replacement has shown its frames. */
  function probeReplacer(api, replacement, done) {
    let found = null;
    const probe = {
      __proto__: null,
      toString() {
        found = extensionIn(framesNow());
        throw ReflectConstruct(NativeError, []);
      },
    };
    let result;
    try {
      result = api === 'fetch' ? call(replacement, win, [probe]) : call(replacement, probe, []);
    } catch (error) {
      done(found ?? extensionInError(error));
      return;
    }
    const thenable = result !== null && typeof result === 'object' && typeof result.then === 'function';
    if (!thenable) {
      done(found);
      return;
    }
    // Promise-returning natives reject rather than throw; the error was
    // still made under the replacement's frame.
    call(result.then, result, [() => done(found), (error) => done(found ?? extensionInError(error))]);
  }
  for (let i = 0; i < GUARDED.length; i++) {
    const { api, holder, key } = GUARDED[i];
    if (!holder) continue;
    const current = ownValue(holder, key);
    if (looksNative(sourceOf(current), key)) continue;
    try {
      probeReplacer(api, current, (by) => reportReplaced(api, by, 'beforeHooks'));
    } catch {
      reportReplaced(api, null, 'beforeHooks');
    }
  }

  // ---- Function.prototype.toString ----------------------------------------

  const toStringWrapper = {
    toString() {
      const disguised = call(WeakMapGet, disguises, [this]);
      if (typeof disguised === 'string') return disguised;
      return call(FunctionToString, disguised === undefined ? this : disguised, []);
    },
  }.toString;
  disguise(toStringWrapper, FunctionToString);
  defineValue(Function.prototype, 'toString', toStringWrapper, true, false, true);

  // ---- the wrappers ----------------------------------------------------------

  function replaceMethod(holder, key, wrapper, native) {
    const original = ownDescriptor(holder, key);
    if (!original || original.value !== native) return false;
    disguise(wrapper, native);
    return defineValue(holder, key, wrapper, original.writable === true, original.enumerable === true, original.configurable === true);
  }

  const wrapped = { __proto__: null };

  // fetch(input, init): input is a Request or converted to a string once;
  // a conversion error becomes a rejected promise, as with the native.
  const NativeFetch = ownValue(win, 'fetch');
  const NativeRequest = win.Request;
  const requestUrl = ownGetter(NativeRequest?.prototype, 'url');
  const requestMethod = ownGetter(NativeRequest?.prototype, 'method');

  /** init.method when it is a plain string data property (a getter is never run). */
  function initMethod(init) {
    for (let object = init, depth = 0; isObject(object) && depth < 32; object = ReflectGetPrototypeOf(object), depth++) {
      const descriptor = ReflectGetOwnPropertyDescriptor(object, 'method');
      if (descriptor === undefined) continue;
      const value = ownValue(descriptor, 'value');
      if (typeof value === 'string') return normalizeMethod(value);
      return value === undefined && ownValue(descriptor, 'get') === undefined ? undefined : '';
    }
    return undefined;
  }

  if (typeof NativeFetch === 'function') {
    const hooks = {
      fetch(input) {
        const args = listOf(arguments);
        if (args.length >= 1 && !isSymbol(input) && (this === undefined || this === null || this === win)) {
          let url;
          let method = 'GET';
          if (brandCheck(requestUrl, input)) {
            url = call(requestUrl, input, []);
            method = call(requestMethod, input, []);
          } else {
            try {
              url = toText(input);
            } catch (error) {
              return call(PromiseReject, NativePromise, [error]);
            }
            args[0] = url;
          }
          const fromInit = args.length >= 2 ? initMethod(args[1]) : undefined;
          reportCall('fetch', url, fromInit === undefined ? method : fromInit, 'fetch');
        }
        return call(NativeFetch, this, args);
      },
    };
    wrapped.fetch = hooks.fetch;
    if (!replaceMethod(win, 'fetch', hooks.fetch, NativeFetch)) wrapped.fetch = NativeFetch;
  }

  // XMLHttpRequest: open records method and URL; send reports them with the
  // sender's stack (the request leaves at send).
  const xhrPrototype = win.XMLHttpRequest?.prototype;
  const NativeOpen = xhrPrototype ? ownValue(xhrPrototype, 'open') : undefined;
  const NativeSend = xhrPrototype ? ownValue(xhrPrototype, 'send') : undefined;
  const xhrReadyState = ownGetter(xhrPrototype, 'readyState');
  const openedRequests = new NativeWeakMap();

  if (typeof NativeOpen === 'function' && typeof NativeSend === 'function') {
    const hooks = {
      open(method, url) {
        const args = listOf(arguments);
        if (args.length < 2 || isSymbol(args[0]) || isSymbol(args[1]) || !brandCheck(xhrReadyState, this)) {
          call(WeakMapDelete, openedRequests, [this]);
          return call(NativeOpen, this, args);
        }
        args[0] = toText(args[0]);
        args[1] = toText(args[1]);
        const result = call(NativeOpen, this, args);
        call(WeakMapSet, openedRequests, [this, { __proto__: null, url: args[1], method: normalizeMethod(args[0]) }]);
        return result;
      },
      send() {
        const opened = call(WeakMapGet, openedRequests, [this]);
        // The native first: a send it refuses (not opened, already sent) is not a call.
        const result = call(NativeSend, this, listOf(arguments));
        if (opened !== undefined) {
          call(WeakMapDelete, openedRequests, [this]);
          reportCall('xhr', opened.url, opened.method, 'send');
        }
        return result;
      },
    };
    wrapped.open = replaceMethod(xhrPrototype, 'open', hooks.open, NativeOpen) ? hooks.open : NativeOpen;
    wrapped.send = replaceMethod(xhrPrototype, 'send', hooks.send, NativeSend) ? hooks.send : NativeSend;
  }

  // navigator.sendBeacon(url, data)
  const navigatorPrototype = win.Navigator?.prototype;
  const NativeSendBeacon = navigatorPrototype ? ownValue(navigatorPrototype, 'sendBeacon') : undefined;
  const navigatorUserAgent = ownGetter(navigatorPrototype, 'userAgent');
  if (typeof NativeSendBeacon === 'function') {
    const hooks = {
      sendBeacon(url) {
        const args = listOf(arguments);
        const watched = args.length >= 1 && !isSymbol(args[0]) && brandCheck(navigatorUserAgent, this);
        if (watched) args[0] = toText(args[0]);
        const queued = call(NativeSendBeacon, this, args);
        // false: the browser did not queue the beacon (too large), so nothing leaves.
        if (watched && queued === true) reportCall('beacon', args[0], 'POST', 'sendBeacon');
        return queued;
      },
    };
    replaceMethod(navigatorPrototype, 'sendBeacon', hooks.sendBeacon, NativeSendBeacon);
  }

  // new WebSocket(url, protocols): a constructor with the native's
  // prototype, statics and prototype chain; called without `new`, the
  // native throws its own error.
  const NativeWebSocket = ownValue(win, 'WebSocket');
  if (typeof NativeWebSocket === 'function') {
    const WebSocket = function WebSocket(url) {
      const args = listOf(arguments);
      if (new.target === undefined) return call(NativeWebSocket, this, args);
      const watched = args.length >= 1 && !isSymbol(args[0]);
      if (watched) args[0] = toText(args[0]);
      // The native first: a URL it refuses throws and opens nothing.
      const socket = ReflectConstruct(NativeWebSocket, args, new.target);
      if (watched) reportCall('websocket', args[0], 'GET', 'WebSocket');
      return socket;
    };
    const statics = ReflectOwnKeys(NativeWebSocket);
    for (let i = 0; i < statics.length; i++) {
      const key = statics[i];
      if (key === 'length' || key === 'name' || key === 'arguments' || key === 'caller') continue;
      ReflectDefineProperty(WebSocket, key, ownDescriptor(NativeWebSocket, key));
    }
    ReflectSetPrototypeOf(WebSocket, ReflectGetPrototypeOf(NativeWebSocket));
    const prototype = ownValue(NativeWebSocket, 'prototype');
    const constructorSlot = prototype ? ownDescriptor(prototype, 'constructor') : undefined;
    if (constructorSlot && constructorSlot.value === NativeWebSocket) {
      constructorSlot.value = WebSocket;
      ReflectDefineProperty(prototype, 'constructor', constructorSlot);
    }
    replaceMethod(win, 'WebSocket', WebSocket, NativeWebSocket);
  }

  // ---- replacements made after Vigie's hooks ---------------------------------
  // Each guarded property becomes an accessor on the same object, with the
  // same enumerable/configurable flags: the getter returns the current
  // value, so pages keep working; the setter stores the new one and reports
  // it with the assigning script. Assigning on another receiver (an XHR
  // instance, a subclass prototype) creates an own property there, as
  // assignment to the original data property would.

  const watchedAccessors = newList();

  function guardReplacement(api, holder, key, initial) {
    const original = ownDescriptor(holder, key);
    if (!original || original.value !== initial || original.configurable !== true) return;
    let current = initial;
    const accessors = {
      get [key]() {
        return current;
      },
      set [key](value) {
        if (this !== holder) {
          if (isObject(this)) defineValue(this, key, value, true, true, true);
          return;
        }
        current = value;
        if (value !== initial) reportReplaced(api, captureStackUrls(`set ${key}`)[0] ?? null, 'afterHooks');
      },
    };
    const getter = ownGetter(accessors, key);
    const setter = ownValue(ReflectGetOwnPropertyDescriptor(accessors, key), 'set');
    disguise(getter, `function get ${key}() { [native code] }`);
    disguise(setter, `function set ${key}() { [native code] }`);
    const installed = ReflectDefineProperty(holder, key, {
      __proto__: null,
      get: getter,
      set: setter,
      enumerable: original.enumerable === true,
      configurable: true,
    });
    if (installed) push(watchedAccessors, { __proto__: null, api, holder, key, getter });
  }

  guardReplacement('fetch', win, 'fetch', wrapped.fetch);
  if (xhrPrototype) {
    guardReplacement('XMLHttpRequest.open', xhrPrototype, 'open', wrapped.open);
    guardReplacement('XMLHttpRequest.send', xhrPrototype, 'send', wrapped.send);
  }
  const responsePrototype = win.Response?.prototype;
  if (responsePrototype) {
    guardReplacement('Response.json', responsePrototype, 'json', ownValue(responsePrototype, 'json'));
    guardReplacement('Response.text', responsePrototype, 'text', ownValue(responsePrototype, 'text'));
  }

  // Object.defineProperty (or delete) goes around the setter: check every
  // few seconds that each accessor is still Vigie's, and report once per api.
  const RECHECK_MS = 3000;
  const bypassReported = { __proto__: null };
  if (watchedAccessors.length > 0) {
    call(NativeSetInterval, win, [
      () => {
        for (let i = 0; i < watchedAccessors.length; i++) {
          const watched = watchedAccessors[i];
          if (bypassReported[watched.api] === true) continue;
          if (ownGetter(watched.holder, watched.key) === watched.getter) continue;
          bypassReported[watched.api] = true;
          reportReplaced(watched.api, null, 'afterHooks');
        }
      },
      RECHECK_MS,
    ]);
  }
})();
