// Stack parsing: the script URLs on a stack, from V8 ("    at f (url:1:2)")
// or Firefox ("f@url:1:2") text, or from frames V8 call sites gave
// (call-stack.js). Pure functions over strings; Vigie's own frames are left
// out.

import contract from '../../../src/contract.json' with { type: 'json' };
import { newList, push } from './objects.js';
import { capText, endsWith, exec, indexOf, lastIndexOf, slice, startsWith, trim } from './text.js';

/** Most script URLs in one stack. */
const MAX_STACK = contract.engine.maxStack;
/** The last entry of a stack that goes on beyond what was read. */
export const STACK_CUT = contract.hooks.stackCut;
/** An entry for page code the stack cannot show by its URL. */
export const STACK_PAGE_CODE = contract.hooks.stackPageCode;
// Firefox names scripts of world-MAIN content scripts this way, with no
// extension URL; it still tells "an extension script was on the stack".
export const ANONYMOUS_CODE = '<anonymous code>';

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
export function evalOriginUrl(origin) {
  let text = origin;
  for (let depth = 0; depth < 16 && startsWith(text, 'eval at '); depth++) {
    const close = endsWith(text, ')') ? text.length - 1 : lastIndexOf(text, '), ');
    if (close < 0) return null;
    const open = matchingOpenParen(text, close);
    if (open < 0) return null;
    // "eval at NAME (": a bracket before the location's is one a caller's
    // URL or name put there (`/p)(https://other.example/lib.js`) to shift
    // it onto another script. Either could hold it: nobody is named.
    const head = slice(text, 0, open);
    if (!endsWith(head, ' ') || indexOf(head, '(') >= 0 || indexOf(head, ')') >= 0) return null;
    text = slice(text, open + 1, close);
  }
  if (startsWith(text, 'eval at ')) return null;
  return evalCaller(scriptUrlOfLocation(text));
}

/**
 * What eval'd code is put down to, from its caller's URL: that script,
 * except an extension's, whose callback may have called an eval the page
 * bound (V8 names the innermost script on the stack as the caller).
 */
export function evalCaller(url) {
  return isExtensionUrl(url) ? STACK_PAGE_CODE : url;
}

const FIREFOX_EVAL = /^(.*?) line \d+ > /;
const LINE_COLUMN = /:\d+(?::\d+)?$/;
export const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The script URL in a frame location ("https://x/a.js:1:2", "native", an eval origin…), or null. */
export function scriptUrlOfLocation(location) {
  let text = trim(location);
  if (startsWith(text, 'eval at ')) return evalOriginUrl(text);
  const firefoxEval = exec(FIREFOX_EVAL, text);
  if (firefoxEval !== null) return evalCaller(scriptUrlOfLocation(firefoxEval[1]));
  const position = exec(LINE_COLUMN, text);
  if (position !== null) text = slice(text, 0, position.index);
  if (text === ANONYMOUS_CODE) return text;
  if (text === '' || exec(URL_LIKE, text) === null) return null;
  return text;
}

export function frame(name, url) {
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
export function framesFromText(text) {
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
 * The script URLs of a stack, innermost first, each run of frames of one
 * script listed once (A, B, A stays three: who called whom, to where the
 * call started, is the point), without Vigie's own frames. `self` is the
 * URL Vigie's script has in stacks, `boundary` the name of the Vigie
 * function the page called (the wrapper).
 * Vigie's frames are the innermost run at `self`, ending at `boundary`
 * where there is such a frame. In Chrome `self` is Vigie's extension URL
 * and every frame at it is dropped. In Firefox it is "<anonymous code>",
 * which other extensions' world-MAIN scripts share: those frames stay,
 * so the run must end at the wrapper.
 * More runs than the contract's maxStack: the first ones, then STACK_CUT,
 * since where the call started is then unknown.
 */
export function distinctScriptUrls(frames, self, boundary) {
  readableFrames = 0;
  const out = newList();
  let i = 0;
  while (i < frames.length && (frames[i].url === self || frames[i].url === null)) {
    const own = frames[i].url === self && boundary !== undefined && frames[i].name === boundary;
    i++;
    if (own) break;
  }
  const dropSelfEverywhere = isExtensionUrl(self);
  let last = null;
  for (; i < frames.length; i++) {
    const url = frames[i].url;
    if (typeof url !== 'string' || url === '' || (dropSelfEverywhere && url === self)) continue;
    if (namesAnAuthor(url)) readableFrames++;
    const capped = capText(url);
    if (capped === last) continue;
    last = capped;
    if (out.length === MAX_STACK - 1) {
      push(out, STACK_CUT);
      break;
    }
    push(out, capped);
  }
  return out;
}

/** `urls` with STACK_PAGE_CODE first (where the page's code may have run is unknown), within maxStack. */
export function withPageCodeMark(urls) {
  if (urls.length > 0 && urls[0] === STACK_PAGE_CODE) return urls;
  const out = newList();
  push(out, STACK_PAGE_CODE);
  for (let i = 0; i < urls.length; i++) push(out, urls[i]);
  if (out.length > MAX_STACK) {
    out.length = MAX_STACK;
    out[MAX_STACK - 1] = STACK_CUT;
  }
  return out;
}

/** An extension's script URL. */
export function isExtensionUrl(url) {
  return typeof url === 'string' && indexOf(url, '-extension://') > 0;
}

/** `urls` (as distinctScriptUrls gives them) marked as cut short, when not already. */
export function markedCut(urls) {
  if (urls.length > 0 && urls[urls.length - 1] === STACK_CUT) return urls;
  if (urls.length === MAX_STACK) urls[MAX_STACK - 1] = STACK_CUT;
  else push(urls, STACK_CUT);
  return urls;
}

/** A script URL that can name who wrote it (a web or extension script; not blob:, data:, about:). */
function namesAnAuthor(url) {
  return startsWith(url, 'https:') || startsWith(url, 'http:') || isExtensionUrl(url);
}

/**
 * How many frames with a script URL that names an author the last
 * distinctScriptUrls saw, Vigie's own left out (one script calling through
 * several of its functions counts each).
 */
export let readableFrames = 0;

export function stackUrlsFromText(text, self, boundary) {
  return distinctScriptUrls(framesFromText(text), self, boundary);
}

// ---- Firefox: frames of world-MAIN extension code --------------------------
// Every line of Firefox stack text is "name@location:line:column"; a
// world-MAIN extension script's location is "<anonymous code>", which no
// page script can have (eval'd code is "<url> line N > eval").
const EXTENSION_FRAME_END = /@<anonymous code>:\d+:\d+$/;
const PAGE_LOCATION = /^(.*):(\d+):(\d+)$/;

function firstLine(text) {
  const end = indexOf(text, '\n');
  return end < 0 ? text : slice(text, 0, end);
}

const isExtensionLine = (line) => exec(EXTENSION_FRAME_END, line) !== null;

/** Firefox stack text without frames of world-MAIN extension code. */
export function withoutExtensionFrames(text) {
  if (typeof text !== 'string' || indexOf(text, `@${ANONYMOUS_CODE}:`) < 0) return text;
  let out = '';
  let start = 0;
  while (start < text.length) {
    let end = indexOf(text, '\n', start);
    const last = end < 0;
    if (last) end = text.length;
    const line = slice(text, start, end);
    if (!isExtensionLine(line)) out = last ? `${out}${line}` : `${out}${line}\n`;
    start = end + 1;
  }
  return out;
}

/**
 * Where the first frame of page code in Firefox stack text is: `{ file,
 * line, column }`, or null when it holds none (the name ends at the first
 * "@", as in framesFromText).
 */
export function pageLocation(text) {
  const kept = withoutExtensionFrames(text);
  if (typeof kept !== 'string' || kept === '') return null;
  const line = firstLine(kept);
  const at = indexOf(line, '@');
  const found = at < 0 ? null : exec(PAGE_LOCATION, slice(line, at + 1));
  if (found === null) return null;
  return { __proto__: null, file: found[1], line: +found[2], column: +found[3] };
}

/** Whether the first line of stack text is a frame of world-MAIN extension code (Firefox). */
export function isExtensionFrameText(text) {
  return typeof text === 'string' && isExtensionLine(firstLine(text));
}
