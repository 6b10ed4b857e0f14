// The script URLs on the current stack. V8: Error.captureStackTrace with
// Vigie's own Error.prepareStackTrace gives structured call sites, whose
// file names a page cannot disguise through function names or sourceURL
// comments. Around each capture, Vigie sets its own Error.prepareStackTrace
// and Error.stackTraceLimit and restores the page's afterwards (V8 reads
// both from the Error constructor, where any script can set them).
// Elsewhere (Firefox) the text of a fresh Error's stack is parsed.

import {
  NativeError,
  ReflectConstruct,
  ReflectDefineProperty,
  ReflectDeleteProperty,
  ReflectGetPrototypeOf,
  errorCaptureStackTrace,
} from './captured.js';
import { call, defineValue, newList, ownDescriptor, ownGetter, ownValue, push } from './objects.js';
import { URL_LIKE, distinctScriptUrls, evalOriginUrl, frame, framesFromText, stackUrlsFromText } from './stack.js';
import { exec } from './text.js';

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

/** The URL Vigie's own frames have in stacks, once learnStackFormat has run (null if unknown). */
export let selfUrl = null;

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
export function captureStackUrls(boundary) {
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
}

/** The frames of `error`: V8 formats a stack lazily, so reading it under
 *  Vigie's prepareStackTrace yields its call sites. */
export function framesOfError(error) {
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

/** The frames of the current stack. */
export function framesNow() {
  const sites = callSiteFileName !== null ? captureCallSites() : null;
  return sites !== null ? framesFromSites(sites) : framesFromText(captureStackText());
}
