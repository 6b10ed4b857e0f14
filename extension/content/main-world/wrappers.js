// The hooks: fetch, XMLHttpRequest open/send, navigator.sendBeacon and the
// WebSocket constructor, each reporting its call with the scripts on the
// calling stack; WebSocket's send, which reads each message an open socket
// sends; the Request constructor, which keeps the body of each
// Request the page makes for fetch to read. Each wrapper behaves like the native it wraps: same
// arguments (converted once, in the native's order), same `this`, same
// return value, same exceptions. Wrappers get their names from object keys
// (`{ fetch(input) {…} }`), which a bundler never renames.

import { win } from './captured-web.js';
import {
  NativePromise,
  NativeProxy,
  NativeWeakMap,
  PromiseReject,
  ReflectConstruct,
  ReflectDefineProperty,
  ReflectGetPrototypeOf,
  ReflectOwnKeys,
  ReflectSetPrototypeOf,
  WeakMapDelete,
  WeakMapGet,
  WeakMapSet,
} from './captured.js';
import { scrubbed, withPageCode } from './call-stack.js';
import { answersNullCaller, disguise } from './disguise.js';
import { brandCheck, call, defineValue, isObject, isSymbol, listOf, ownDescriptor, ownGetter, ownValue, quietThen, toText } from './objects.js';
import { noticeCallThrough } from './replacement.js';
import { absoluteUrl, reportCall, reportWorker } from './reports.js';
import { readSentBody, readSentMessage } from './sent-blobs.js';
import { answerReader, watchXhrAnswer } from './site-answers.js';
import { isByteString, normalizeMethod } from './text.js';

/**
 * Replaces a data property's function by `wrapper`, as a data property
 * with the same flags (an accessor would show in its descriptor).
 */
function replaceMethod(holder, key, wrapper, native) {
  const original = ownDescriptor(holder, key);
  if (!original || original.value !== native) return false;
  disguise(wrapper, native);
  return defineValue(holder, key, wrapper, original.writable === true, original.enumerable === true, original.configurable === true);
}

/** Calls `native` as the page asked; what it throws leaves without Vigie's frames in its stack. */
function callNative(native, self, args) {
  try {
    return withPageCode(native, self, args);
  } catch (error) {
    throw scrubbed(error);
  }
}

/**
 * Web IDL's string conversion, once; a page's toString that throws leaves
 * as it would from the native, and sees no Vigie frame on its stack.
 */
function textOf(value) {
  try {
    return withPageCode(toText, undefined, [value]);
  } catch (error) {
    throw scrubbed(error);
  }
}

const rethrowScrubbed = (error) => {
  throw scrubbed(error);
};

/**
 * `init` as fetch's native is handed it: behind a Proxy whose traps make
 * each read and each membership test the native makes of it (Chromium 148
 * asks whether `attributionReporting` is `in` it), once, on the page's
 * object (the same reads in the same order, each with `init` as `this`: a
 * page's getters and its own Proxy's traps see what they see without
 * Vigie), and keeps the first `body` and `method` read into `seen`. The
 * Proxy's target is an empty object of Vigie's, not `init`: the check a
 * Proxy makes of each answer against its target's own property would be one
 * more look at the page's object. A plain read and a plain `in`, not
 * Reflect.get or Reflect.has, which would leave a frame of their own in a
 * stack made by a getter or a trap. The handler has no prototype, so no
 * other trap is ever looked up elsewhere.
 */
function watchInit(init, seen) {
  const handler = {
    __proto__: null,
    get(_, key) {
      const value = init[key];
      if (key === 'body' && !seen.body) seen.body = { __proto__: null, value };
      else if (key === 'method' && !seen.method) seen.method = { __proto__: null, value };
      return value;
    },
    has(_, key) {
      return key in init;
    },
  };
  return ReflectConstruct(NativeProxy, [{ __proto__: null }, handler]);
}

/**
 * fetch(input, init): the native converts its arguments and reads `init`
 * itself, behind `watchInit` (Vigie reads nothing of `init` on its own,
 * which a page could watch through a Proxy or getters: the method is
 * reported only when the input is a Request and no init is given, empty
 * otherwise). The URL is converted once by Vigie, which hands the string
 * to the native. A body the browser keeps from extensions is read as it
 * leaves (sent-blobs.js). The native's promise is passed on through one
 * reaction that takes Vigie's frames out of a rejection's stack. Returns
 * what window.fetch now is (the wrapper, or the native it could not
 * replace), or undefined where there is no fetch.
 */
export function hookFetch() {
  const NativeFetch = ownValue(win, 'fetch');
  const NativeRequest = win.Request;
  const requestUrl = ownGetter(NativeRequest?.prototype, 'url');
  const requestMethod = ownGetter(NativeRequest?.prototype, 'method');
  if (typeof NativeFetch !== 'function') return undefined;
  const hooks = {
    fetch(input) {
      const args = listOf(arguments);
      let pending;
      // Undefined, or a reaction that copies the site's answer to its own
      // contact lookup and hands the response on (site-answers.js).
      let readAnswer;
      // What the native read of init (watchInit), and where the call went.
      let seen = null;
      let sentTo = null;
      let requestVerb = 'GET';
      // The body of a Request the page made (hookRequest), which leaves unless init gives another.
      let requestBody;
      try {
        if (args.length >= 1 && !isSymbol(input) && (this === undefined || this === null || this === win)) {
          let url;
          let method = args.length >= 2 && args[1] !== undefined ? '' : 'GET';
          if (brandCheck(requestUrl, input)) {
            requestBody = call(WeakMapGet, requestBodies, [input]);
            url = call(requestUrl, input, []);
            requestVerb = call(requestMethod, input, []);
            if (method === 'GET') method = requestVerb;
          } else {
            url = withPageCode(toText, undefined, [input]);
            args[0] = url;
          }
          const stack = reportCall('fetch', url, method, 'fetch');
          if (stack !== null) {
            noticeCallThrough('fetch', 'fetch', stack);
            sentTo = absoluteUrl(url);
            readAnswer = answerReader(sentTo, stack);
            if (args.length >= 2 && isObject(args[1])) {
              seen = { __proto__: null, body: null, method: null };
              args[1] = watchInit(args[1], seen);
            }
          }
        }
        pending = withPageCode(NativeFetch, this, args);
        // A body, read as the browser took it (init's, else the Request's); none leaves with GET or HEAD.
        const initBody = seen !== null && seen.body !== null && seen.body.value !== undefined;
        if (sentTo !== null && (initBody || requestBody !== undefined)) {
          const verb = seen === null || seen.method === null ? requestVerb : typeof seen.method.value === 'string' ? normalizeMethod(seen.method.value) : '';
          if (verb !== 'GET' && verb !== 'HEAD') readSentBody(sentTo, initBody ? seen.body.value : requestBody);
        }
      } catch (error) {
        // The native rejects rather than throws: so does its wrapper.
        pending = call(PromiseReject, NativePromise, [error]);
      }
      return quietThen(pending, readAnswer, rethrowScrubbed);
    },
  };
  return replaceMethod(win, 'fetch', hooks.fetch, NativeFetch) ? hooks.fetch : NativeFetch;
}

// The bodies of the Requests the page made, by Request: what fetch reads
// when such a Request leaves (a body the browser keeps from extensions).
const requestBodies = new NativeWeakMap();

/**
 * new Request(input, init): the native reads `init` behind `watchInit`, as
 * fetch's does, and the body it took is kept beside the Request it made
 * (`requestBodies`), for fetch to read when that Request leaves: a page's
 * fetch wrapper may make a Request of every call (Elastic's APM agent
 * does), and Chromium keeps a Blob inside one from extensions as it does
 * one given to fetch. A Request made from another takes that one's body,
 * unless `init` gives its own. A FormData is read when the Request leaves,
 * not when it was made. A constructor with the native's prototype, statics
 * and prototype chain; called without `new`, the native throws its own
 * error.
 */
export function hookRequest() {
  const NativeRequest = ownValue(win, 'Request');
  const requestUrl = ownGetter(NativeRequest?.prototype, 'url');
  if (typeof NativeRequest !== 'function' || requestUrl === undefined) return;
  const constructors = {
    Request: function (input) {
      const args = listOf(arguments);
      if (new.target === undefined) return callNative(NativeRequest, this, args);
      let seen = null;
      if (args.length >= 2 && isObject(args[1])) {
        seen = { __proto__: null, body: null, method: null };
        args[1] = watchInit(args[1], seen);
      }
      let request;
      try {
        const target = new.target;
        request = withPageCode((...given) => ReflectConstruct(NativeRequest, listOf(given), target), undefined, args);
      } catch (error) {
        throw scrubbed(error);
      }
      try {
        const body = seen !== null && seen.body !== null && seen.body.value !== undefined
          ? seen.body.value
          : args.length >= 1 && brandCheck(requestUrl, args[0]) ? call(WeakMapGet, requestBodies, [args[0]]) : undefined;
        if (isObject(body)) call(WeakMapSet, requestBodies, [request, body]);
      } catch {
        // Reporting must never change what the page sees.
      }
      return request;
    },
  };
  installConstructor('Request', constructors.Request, NativeRequest);
}

/**
 * XMLHttpRequest: open records method and URL; send reports them with the
 * sender's stack (the request leaves at send). Returns what open and send
 * now are (wrappers, or natives that could not be replaced).
 */
export function hookXhr() {
  const xhrPrototype = win.XMLHttpRequest?.prototype;
  const NativeOpen = xhrPrototype ? ownValue(xhrPrototype, 'open') : undefined;
  const NativeSend = xhrPrototype ? ownValue(xhrPrototype, 'send') : undefined;
  const xhrReadyState = ownGetter(xhrPrototype, 'readyState');
  const openedRequests = new NativeWeakMap();
  const installed = { __proto__: null, open: undefined, send: undefined };
  if (typeof NativeOpen !== 'function' || typeof NativeSend !== 'function') return installed;
  const hooks = {
    open(method, url) {
      const args = listOf(arguments);
      if (args.length < 2 || isSymbol(args[0]) || isSymbol(args[1]) || !brandCheck(xhrReadyState, this)) {
        call(WeakMapDelete, openedRequests, [this]);
        return callNative(NativeOpen, this, args);
      }
      args[0] = textOf(args[0]);
      // The native refuses a method that is no byte string as it converts
      // it, before it reads the URL: so does Vigie, leaving the URL unread.
      if (!isByteString(args[0])) return callNative(NativeOpen, this, args);
      args[1] = textOf(args[1]);
      const result = callNative(NativeOpen, this, args);
      noticeCallThrough('XMLHttpRequest.open', 'open');
      call(WeakMapSet, openedRequests, [this, { __proto__: null, url: args[1], method: normalizeMethod(args[0]) }]);
      return result;
    },
    send() {
      const opened = call(WeakMapGet, openedRequests, [this]);
      const args = listOf(arguments);
      // The native first: a send it refuses (not opened, already sent) is not a call.
      const result = callNative(NativeSend, this, args);
      if (opened !== undefined) {
        call(WeakMapDelete, openedRequests, [this]);
        const stack = reportCall('xhr', opened.url, opened.method, 'send');
        if (stack !== null) {
          noticeCallThrough('XMLHttpRequest.send', 'send', stack);
          const absolute = absoluteUrl(opened.url);
          watchXhrAnswer(this, absolute, stack);
          // A GET or HEAD sends no body, whatever send was given.
          if (args.length >= 1 && opened.method !== 'GET' && opened.method !== 'HEAD') readSentBody(absolute, args[0]);
        }
      }
      return result;
    },
  };
  installed.open = replaceMethod(xhrPrototype, 'open', hooks.open, NativeOpen) ? hooks.open : NativeOpen;
  installed.send = replaceMethod(xhrPrototype, 'send', hooks.send, NativeSend) ? hooks.send : NativeSend;
  return installed;
}

/** navigator.sendBeacon(url, data) */
export function hookSendBeacon() {
  const navigatorPrototype = win.Navigator?.prototype;
  const NativeSendBeacon = navigatorPrototype ? ownValue(navigatorPrototype, 'sendBeacon') : undefined;
  const navigatorUserAgent = ownGetter(navigatorPrototype, 'userAgent');
  if (typeof NativeSendBeacon !== 'function') return;
  const hooks = {
    sendBeacon(url) {
      const args = listOf(arguments);
      const watched = args.length >= 1 && !isSymbol(args[0]) && brandCheck(navigatorUserAgent, this);
      if (watched) args[0] = textOf(args[0]);
      const queued = callNative(NativeSendBeacon, this, args);
      // false: the browser did not queue the beacon (too large), so nothing leaves.
      if (watched && queued === true && reportCall('beacon', args[0], 'POST', 'sendBeacon') !== null && args.length >= 2) {
        readSentBody(absoluteUrl(args[0]), args[1]);
      }
      return queued;
    },
  };
  replaceMethod(navigatorPrototype, 'sendBeacon', hooks.sendBeacon, NativeSendBeacon);
}

/**
 * Puts `Hooked` in place of the constructor `Native` (`win[name]`), with the
 * native's statics, prototype and prototype chain. Each hooked constructor
 * is a function of its own source: toString answers by source.
 */
function installConstructor(name, Hooked, Native) {
  // SpiderMonkey adds a function's length and name to its keys when first
  // looked up: looked up now, they come first, as the native's do.
  ownDescriptor(Hooked, 'length');
  ownDescriptor(Hooked, 'name');
  const statics = ReflectOwnKeys(Native);
  for (let i = 0; i < statics.length; i++) {
    const key = statics[i];
    if (key === 'length' || key === 'name' || key === 'arguments' || key === 'caller') continue;
    ReflectDefineProperty(Hooked, key, ownDescriptor(Native, key));
  }
  ReflectSetPrototypeOf(Hooked, ReflectGetPrototypeOf(Native));
  const prototype = ownValue(Native, 'prototype');
  const constructorSlot = prototype ? ownDescriptor(prototype, 'constructor') : undefined;
  if (constructorSlot && constructorSlot.value === Native) {
    constructorSlot.value = Hooked;
    ReflectDefineProperty(prototype, 'constructor', constructorSlot);
  }
  answersNullCaller(Hooked, Native);
  replaceMethod(win, name, Hooked, Native);
}

/**
 * new WebSocket(url, protocols): a constructor with the native's
 * prototype, statics and prototype chain; called without `new`, the
 * native throws its own error. WebSocket.prototype.send: each message an
 * open socket sends is read (sent-blobs.js `readSentMessage`).
 */
export function hookWebSocket() {
  const NativeWebSocket = ownValue(win, 'WebSocket');
  if (typeof NativeWebSocket !== 'function') return;
  hookSocketSend(ownValue(NativeWebSocket, 'prototype'));
  // A function expression (a constructor, unlike a method) named by its key.
  const constructors = {
    WebSocket: function (url) {
      const args = listOf(arguments);
      if (new.target === undefined) return callNative(NativeWebSocket, this, args);
      const watched = args.length >= 1 && !isSymbol(args[0]);
      if (watched) args[0] = textOf(args[0]);
      // The native first: a URL it refuses throws and opens nothing.
      let socket;
      try {
        const target = new.target;
        socket = withPageCode((...given) => ReflectConstruct(NativeWebSocket, listOf(given), target), undefined, args);
      } catch (error) {
        throw scrubbed(error);
      }
      if (watched) reportCall('websocket', args[0], 'GET', 'WebSocket');
      return socket;
    },
  };
  installConstructor('WebSocket', constructors.WebSocket, NativeWebSocket);
}

/**
 * WebSocket.prototype.send(data): the native first (a socket still
 * connecting throws; a closing or closed one drops the message), then what
 * an open socket sent is read.
 */
function hookSocketSend(socketPrototype) {
  const NativeSend = socketPrototype ? ownValue(socketPrototype, 'send') : undefined;
  const socketUrl = ownGetter(socketPrototype, 'url');
  const socketReadyState = ownGetter(socketPrototype, 'readyState');
  if (typeof NativeSend !== 'function' || socketUrl === undefined || socketReadyState === undefined) return;
  const hooks = {
    send(data) {
      const args = listOf(arguments);
      const open = brandCheck(socketReadyState, this) && call(socketReadyState, this, []) === 1;
      const result = callNative(NativeSend, this, args);
      if (open && args.length >= 1) readSentMessage(call(socketUrl, this, []), args[0]);
      return result;
    },
  };
  replaceMethod(socketPrototype, 'send', hooks.send, NativeSend);
}

/**
 * new Worker(scriptURL, options): a dedicated worker's requests reach the
 * browser as the page's own, and no hook runs in the worker to record its
 * calls. The core is told, once per page, that the page started one: a
 * request of the page with no call record may then be the worker's.
 */
export function hookWorker() {
  const NativeWorker = ownValue(win, 'Worker');
  if (typeof NativeWorker !== 'function') return;
  const constructors = {
    Worker: function (scriptURL) {
      const args = listOf(arguments);
      if (new.target === undefined) return callNative(NativeWorker, this, args);
      // The native first: a script it refuses throws and starts nothing.
      let worker;
      try {
        const target = new.target;
        worker = withPageCode((...given) => ReflectConstruct(NativeWorker, listOf(given), target), undefined, args);
      } catch (error) {
        throw scrubbed(error);
      }
      reportWorker();
      return worker;
    },
  };
  installConstructor('Worker', constructors.Worker, NativeWorker);
}
