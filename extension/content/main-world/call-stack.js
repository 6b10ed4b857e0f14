// The script URLs on the current stack. V8: Error.captureStackTrace with
// Vigie's own Error.prepareStackTrace gives structured call sites, whose
// file names a page cannot disguise through function names or sourceURL
// comments. Around each capture, Vigie sets its own Error.prepareStackTrace
// and Error.stackTraceLimit and restores the page's afterwards (V8 reads
// both from the Error constructor, where any script can set them).
// Elsewhere (Firefox) the text of a fresh Error's stack is parsed.

import {
  ErrorToString,
  NativeError,
  ReflectConstruct,
  ReflectDefineProperty,
  ReflectDeleteProperty,
  ReflectGetOwnPropertyDescriptor,
  ReflectGetPrototypeOf,
  errorCaptureStackTrace,
} from './captured.js';
import { call, defineValue, isObject, newList, ownDescriptor, ownGetter, ownValue, push } from './objects.js';
import { builtinsReplaced } from './integrity.js';
import {
  ANONYMOUS_CODE,
  URL_LIKE,
  distinctScriptUrls,
  evalOriginUrl,
  frame,
  framesFromText,
  isExtensionFrameText,
  markedCut,
  pageLocation,
  withPageCodeMark,
} from './stack.js';
import { endsWith, exec, indexOf, slice, startsWith } from './text.js';

const STACK_TRACE_LIMIT = 50;
/** The frame limit in effect at the last capture (withStackSettings). */
let limitInEffect = STACK_TRACE_LIMIT;
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
let callSiteToString = null;
let callSiteMethodName = null;
let callSiteFunctionName = null;
const errorStackGetter = ownGetter(NativeError.prototype, 'stack');

/** The URL Vigie's own frames have in stacks, once learnStackFormat has run (null if unknown). */
export let selfUrl = null;
/**
 * What Vigie's frames show in a stack's text: in Chromium the bundle is
 * named "<anonymous>" by a sourceURL comment (extension/build.mjs), while
 * V8's call sites keep the extension URL.
 */
let selfTextName = null;

function textNameOfFirstFrame(text) {
  if (typeof text !== 'string') return null;
  const at = indexOf(text, AT);
  if (at < 0) return null;
  let end = indexOf(text, '\n', at);
  if (end < 0) end = text.length;
  let location = slice(text, at + AT.length, end);
  const open = indexOf(location, '(');
  if (open >= 0) location = slice(location, open + 1, location.length - 1);
  const position = exec(LINE_COLUMN_END, location);
  return position === null ? null : slice(location, 0, position.index);
}
const LINE_COLUMN_END = /:\d+:\d+$/;

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
  // The most frames V8 gives meanwhile: Vigie's limit, or a page's it could
  // not replace (locked); anything but a number there, and a stack's end is
  // unknown.
  const pageLimit = savedLimit === undefined ? undefined : savedLimit.value;
  limitInEffect = limited ? STACK_TRACE_LIMIT : typeof pageLimit === 'number' && pageLimit >= 0 ? pageLimit : 0;
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

/** The script URL a V8 call site names, or null. */
function siteUrl(site) {
  try {
    if (call(callSiteIsEval, site, [])) {
      // V8 gives the code's own sourceURL, which the code chooses, as
      // the origin of eval'd code that has one: only "eval at …" names a caller.
      const origin = call(callSiteEvalOrigin, site, []);
      return typeof origin === 'string' && startsWith(origin, 'eval at ') ? evalOriginUrl(origin) : null;
    }
    // A file name is a URL already: no line or column to strip.
    const name = call(callSiteFileName, site, []);
    return typeof name === 'string' && exec(URL_LIKE, name) !== null ? name : null;
  } catch {
    return null;
  }
}

function framesFromSites(sites) {
  const frames = newList();
  for (let i = 0; i < sites.length; i++) push(frames, frame('', siteUrl(sites[i])));
  return frames;
}

/**
 * Whether the stack's text stops at Error.stackTraceLimit, learnt at load:
 * V8's does; SpiderMonkey's (Firefox 140 has Error.captureStackTrace, but
 * no such limit) holds the whole stack, whose end is then never cut.
 */
let textHonorsLimit = false;

function stackTextHonorsLimit() {
  const saved = ownDescriptor(NativeError, 'stackTraceLimit');
  if (!defineValue(NativeError, 'stackTraceLimit', 1, true, saved ? saved.enumerable === true : true, true)) return false;
  try {
    // Read from learnStackFormat, itself called from the script: three
    // frames at least, were there no limit.
    return framesFromText(stackTextNow()).length <= 1;
  } finally {
    restoreProperty(NativeError, 'stackTraceLimit', saved);
  }
}

/** The current stack's text, under whatever settings are in place. */
function stackTextNow() {
  const error = ReflectConstruct(NativeError, []);
  if (errorStackGetter) return call(errorStackGetter, error, []);
  // V8 gives each error its own `stack` accessor.
  const ownStackGetter = ownGetter(error, 'stack');
  return ownStackGetter ? call(ownStackGetter, error, []) : ownValue(error, 'stack');
}

function captureStackText() {
  return withStackSettings(false, stackTextNow);
}

/**
 * The script URLs on the current stack, innermost first, one per run,
 * without Vigie's own (stack.js distinctScriptUrls), ending with the
 * contract's stackCut when the stack goes on beyond what V8 gave;
 * `boundary` names the Vigie function the page called.
 */
export function captureStackUrls(boundary) {
  try {
    if (callSiteFileName !== null) {
      const sites = captureCallSites();
      if (sites === null) return NO_STACK;
      const urls = distinctScriptUrls(framesFromSites(sites), selfUrl, boundary);
      // V8 gave as many frames as it was allowed (Vigie's limit, or a
      // lower one a page locked): the stack goes on, and where the call
      // started is not in what was read.
      return withBuiltinsChecked(sites.length >= limitInEffect ? markedCut(urls) : urls);
    }
    const frames = framesFromText(captureStackText());
    const urls = distinctScriptUrls(frames, selfUrl, boundary);
    return withBuiltinsChecked(textHonorsLimit && frames.length >= limitInEffect ? markedCut(urls) : urls);
  } catch {
    return NO_STACK;
  }
}

/** `urls`, marked as holding page code once the page replaced a built-in (integrity.js). */
function withBuiltinsChecked(urls) {
  return builtinsReplaced() ? withPageCodeMark(urls) : urls;
}

/**
 * Learns, once and before any page script, how this browser gives stacks
 * and under which URL Vigie's own frames appear.
 */
export function learnStackFormat() {
  try {
    const sites = errorCaptureStackTrace ? captureCallSites() : null;
    if (sites !== null && sites.length > 0) {
      const prototype = ReflectGetPrototypeOf(sites[0]);
      const fileName = ownValue(prototype, 'getFileName');
      const isEval = ownValue(prototype, 'isEval');
      const evalOrigin = ownValue(prototype, 'getEvalOrigin');
      const siteText = ownValue(prototype, 'toString');
      if (typeof fileName === 'function' && typeof isEval === 'function' && typeof evalOrigin === 'function' && typeof siteText === 'function') {
        callSiteFileName = fileName;
        callSiteIsEval = isEval;
        callSiteEvalOrigin = evalOrigin;
        callSiteToString = siteText;
        const methodName = ownValue(prototype, 'getMethodName');
        const functionName = ownValue(prototype, 'getFunctionName');
        if (typeof methodName === 'function' && typeof functionName === 'function') {
          callSiteMethodName = methodName;
          callSiteFunctionName = functionName;
        }
        selfUrl = framesFromSites(sites)[0]?.url ?? null;
      }
    }
    // Only stacks read as text need it: V8's call sites say how many there are.
    textHonorsLimit = callSiteFileName === null && stackTextHonorsLimit();
    const text = captureStackText();
    if (callSiteFileName === null) selfUrl = framesFromText(text)[0]?.url ?? null;
    selfTextName = textNameOfFirstFrame(text);
    firefoxText = callSiteFileName === null && isExtensionFrameText(text);
  } catch {
    // Stacks stay empty; calls are still reported.
  }
}

/**
 * Whether the innermost frame outside Vigie's is of the script `url` and
 * runs the function held as `key` by what it was called on, as V8 tells:
 * CallSite getMethodName looks the function up on the live receiver and
 * its prototypes ("fetch" for the window's fetch when called, "open" for
 * XMLHttpRequest.prototype.open), whatever the function's own name; so a
 * function that kept what the property held before is told apart. Strict
 * code called as a bare `fetch(…)` has no receiver to look in: there, the
 * name V8 gave the function where it was written stands in ("window.fetch"
 * for `window.fetch = function () {…}`), which the page cannot change on
 * another script's function. False where V8 gives no call sites (Firefox).
 */
export function calledAs(key, url) {
  if (callSiteFileName === null || callSiteMethodName === null) return false;
  try {
    const sites = captureCallSites();
    if (sites === null) return false;
    for (let i = 0; i < sites.length; i++) {
      if (call(callSiteFileName, sites[i], []) === selfUrl) continue;
      if (siteUrl(sites[i]) !== url) return false;
      const method = call(callSiteMethodName, sites[i], []);
      if (method !== null && method !== undefined) return method === key;
      const written = call(callSiteFunctionName, sites[i], []);
      return typeof written === 'string' && (written === key || endsWith(written, `.${key}`));
    }
  } catch {
    // Unknown.
  }
  return false;
}

/** Whether the stacks are V8's (Chromium's), read through its call sites. */
export const readsV8CallSites = () => callSiteFileName !== null;

/** The frames of `error`: V8 formats a stack lazily, so reading it under
 *  Vigie's prepareStackTrace yields its call sites. */
export function framesOfError(error) {
  if (callSiteFileName === null) return framesFromText(ownValue(error, 'stack') ?? nativeStackOf(error));
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

/** The frames of the current stack. */
export function framesNow() {
  const sites = callSiteFileName !== null ? captureCallSites() : null;
  return sites !== null ? framesFromSites(sites) : framesFromText(captureStackText());
}

// ---- Firefox: what a page reads of a stack --------------------------------
// SpiderMonkey gives no call sites, and shows every world-MAIN extension
// script as "<anonymous code>" in a stack's text, with its functions' names:
// a stack read by the page while or after a wrapper ran would hold Vigie's
// frames. Firefox shows no frame of a native, so the page reads stacks
// without the frames of world-MAIN extension code, as it would without
// that code: the getters it reads them through are replaced (firefox-
// stacks.js), and an error's own fileName, lineNumber and columnNumber,
// which name the innermost frame, are set to its first frame of page code
// as it leaves a wrapper (scrubbed). Another extension's world-MAIN frames,
// which Vigie cannot tell from its own, are left out of what the page
// reads too. Vigie itself reads stacks through the captured natives.

/** Firefox's stack text, read once learnStackFormat has run. */
let firefoxText = false;
export const readsFirefoxText = () => firefoxText;

/** An error's stack as the native getter gives it (null if it has none). */
function nativeStackOf(error) {
  try {
    return errorStackGetter ? call(errorStackGetter, error, []) : null;
  } catch {
    return null;
  }
}

/** `error`, whose own fileName, lineNumber and columnNumber named a Vigie frame, naming its first frame of page code. */
function withPageLocation(error) {
  try {
    if (!isObject(error)) return error;
    const file = ownDescriptor(error, 'fileName');
    if (file === undefined || file.value !== ANONYMOUS_CODE || file.writable !== true) return error;
    const where = pageLocation(nativeStackOf(error));
    const keys = ['fileName', 'lineNumber', 'columnNumber'];
    const values = [where?.file ?? '', where?.line ?? 0, where?.column ?? 0];
    for (let i = 0; i < keys.length; i++) {
      const own = ownDescriptor(error, keys[i]);
      if (own === undefined || own.writable !== true) continue;
      defineValue(error, keys[i], values[i], true, own.enumerable === true, own.configurable === true);
    }
  } catch {
    // Left as it is.
  }
  return error;
}

// ---- errors that leave a wrapper -------------------------------------------
// A native called by a wrapper, or a page callback it runs (a URL's
// toString), throws with Vigie's frames on the stack: the error's stack
// would show the wrapper, and in Chromium its extension URL. Natives do not
// appear in stacks, so each error that leaves a wrapper gets the stack the
// page would have seen without Vigie: the same text without Vigie's frames.
// V8 formats a stack lazily, on first read; what the page's
// Error.prepareStackTrace would have been given is given to it, without
// Vigie's call sites.

const AT = '    at ';

function withoutOwnLines(text) {
  let out = '';
  let start = 0;
  let first = true;
  while (start <= text.length) {
    let end = indexOf(text, '\n', start);
    if (end < 0) end = text.length;
    const line = slice(text, start, end);
    start = end + 1;
    if (startsWith(line, AT) && (indexOf(line, `(${selfTextName}:`) >= 0 || startsWith(line, `${AT}${selfTextName}:`))) continue;
    out = first ? line : `${out}\n${line}`;
    first = false;
  }
  return out;
}

/** A page-realm array (the page's prepareStackTrace may call its methods), filled without setters. */
function pageArray(list) {
  const array = [];
  for (let i = 0; i < list.length; i++) defineValue(array, i, list[i], true, true, true);
  return array;
}

function otherSites(sites) {
  const kept = newList();
  for (let i = 0; i < sites.length; i++) {
    let name = null;
    try {
      name = call(callSiteFileName, sites[i], []);
    } catch {
      name = null;
    }
    if (name !== selfUrl) push(kept, sites[i]);
  }
  return kept;
}

/** `error`, with Vigie's frames taken out of its stack where it has one. Never throws. */
export function scrubbed(error) {
  if (firefoxText) return withPageLocation(error);
  try {
    if (!isObject(error) || callSiteFileName === null || typeof selfTextName !== 'string' || selfTextName === '') return error;
    const own = ReflectGetOwnPropertyDescriptor(error, 'stack');
    if (own === undefined) return error;
    const getter = ownValue(own, 'get');
    const setter = ownValue(own, 'set');
    if (typeof getter !== 'function' || typeof setter !== 'function') {
      // A stack already set as a plain value: only its text can be cleaned.
      const value = ownValue(own, 'value');
      if (typeof value === 'string' && own.writable === true) defineValue(error, 'stack', withoutOwnLines(value), true, own.enumerable === true, own.configurable === true);
      return error;
    }
    const prepare = ownDescriptor(NativeError, 'prepareStackTrace');
    const pageFormats = prepare !== undefined && (prepare.get !== undefined || typeof prepare.value === 'function');
    let stack;
    if (!pageFormats) {
      stack = call(getter, error, []);
    } else {
      if (prepare.configurable !== true) return error;
      const pagePrepare = prepare.get !== undefined ? call(prepare.get, NativeError, []) : prepare.value;
      stack = withStackSettings(true, (prepared) => {
        if (!prepared) return null;
        stashedSites = null;
        const read = call(getter, error, []);
        const sites = read === stackToken ? stashedSites : null;
        stashedSites = null;
        if (sites === null) return read;
        const kept = pageArray(otherSites(sites));
        restoreProperty(NativeError, 'prepareStackTrace', prepare);
        return typeof pagePrepare === 'function' ? call(pagePrepare, NativeError, [error, kept]) : read;
      });
    }
    call(setter, error, [typeof stack === 'string' ? withoutOwnLines(stack) : stack]);
  } catch {
    // Left as it is.
  }
  return error;
}

// ---- page code run inside a wrapper ----------------------------------------
// A wrapper converts the page's arguments (a URL object's toString) and the
// natives it calls read them (fetch's init getters, a body's toString), so
// page code can run with the wrapper's frames on the stack, and an Error it
// makes there would list them (in Chromium, V8's call sites give their
// extension URL). While such code runs, an Error.prepareStackTrace of
// Vigie's stands in for the page's: it takes Vigie's call sites out and
// gives the rest to the page's own prepareStackTrace, or formats them as V8
// does. The limit is raised by as many frames as Vigie can have there, and
// the page's limit applied after, so a deep stack keeps as many of the
// page's frames as without Vigie. Not covered: an Error made there whose
// stack is read only after the wrapper has returned (V8 formats it then,
// with the frames it captured), and a page that locked prepareStackTrace.

/** More than Vigie's frames between page code and the page's call (wrapper, conversion, call). */
const OWN_FRAME_ROOM = 8;
/** The page's prepareStackTrace descriptor and limit while a shield is up; null otherwise. */
let shield = null;

/** V8's own text of a stack: the error's string, then each call site. */
function stackText(error, sites) {
  let text;
  try {
    text = call(ErrorToString, error, []);
  } catch {
    text = '<error>';
  }
  for (let i = 0; i < sites.length; i++) text = `${text}\n${AT}${call(callSiteToString, sites[i], [])}`;
  return text;
}

function pageView(error, sites) {
  const state = shield;
  let kept = otherSites(sites);
  if (state !== null && typeof state.limit === 'number' && kept.length > state.limit) {
    const cut = newList();
    for (let i = 0; i < state.limit; i++) push(cut, kept[i]);
    kept = cut;
  }
  const prepare = state === null ? undefined : state.prepare;
  const pagePrepare =
    prepare === undefined ? undefined : prepare.get !== undefined ? call(prepare.get, NativeError, []) : prepare.value;
  if (typeof pagePrepare === 'function') return call(pagePrepare, NativeError, [error, pageArray(kept)]);
  return stackText(error, kept);
}

/** Whether a call given `args` may run page code (a toString, a getter, an iterator). */
function holdsObject(args) {
  for (let i = 0; i < args.length; i++) if (isObject(args[i])) return true;
  return false;
}

/**
 * `fn` called with `self` and `args`, with Vigie's frames out of the
 * stacks that page code it runs reads (only objects among the arguments
 * can run page code). Throws what `fn` throws.
 */
export function withPageCode(fn, self, args) {
  if (!holdsObject(args) || callSiteFileName === null || callSiteToString === null) return call(fn, self, args);
  const prepare = ownDescriptor(NativeError, 'prepareStackTrace');
  // Up already (page code inside page code), or locked by the page.
  if ((prepare !== undefined && prepare.value === pageView) || (prepare !== undefined && prepare.configurable !== true)) {
    return call(fn, self, args);
  }
  const limit = ownDescriptor(NativeError, 'stackTraceLimit');
  const pageLimit = limit !== undefined && typeof limit.value === 'number' ? limit.value : null;
  const outer = shield;
  shield = { __proto__: null, prepare, limit: pageLimit !== null && pageLimit >= 0 ? pageLimit - (pageLimit % 1) : null };
  const raised =
    pageLimit !== null &&
    pageLimit >= 0 &&
    pageLimit < 1e6 &&
    limit.writable === true &&
    limit.configurable === true &&
    defineValue(NativeError, 'stackTraceLimit', pageLimit + OWN_FRAME_ROOM, true, limit.enumerable === true, true);
  const installed = defineValue(NativeError, 'prepareStackTrace', pageView, true, prepare === undefined ? true : prepare.enumerable === true, true);
  try {
    return call(fn, self, args);
  } finally {
    shield = outer;
    // What the page set meanwhile stays.
    if (installed && ownValue(NativeError, 'prepareStackTrace') === pageView) restoreProperty(NativeError, 'prepareStackTrace', prepare);
    if (raised && ownValue(NativeError, 'stackTraceLimit') === pageLimit + OWN_FRAME_ROOM) restoreProperty(NativeError, 'stackTraceLimit', limit);
  }
}
