// The site's answers to its own contact lookups. When the page's own code
// (LinkedIn's, when the person opens "Contact info") fetches an endpoint
// that the site model calls a contact lookup, the hooks read a copy of the
// answer and report its text ({kind: 'contactResponse', url, body,
// truncated}); the core takes the contact values out of it as the page's
// claim, and recognises them exactly when they later leave, whoever read
// them from the page or the DOM.
//
// Which endpoints: the `contactLookup` requests of src/sites/linkedin.json,
// inlined by the bundler, the same rules the core classifies requests by.
// Whose call: the script that started it (the outermost readable script on
// its stack, as the core's attribution decides) must be one of the site's
// own; a call an extension's page script starts is not the site's answer.
//
// XMLHttpRequest: when such a request is sent, a `load` listener (added
// with the captured addEventListener, the page cannot see or remove it)
// reads `responseText`, the text the page itself holds, for a response of
// type "" or "text" (a parsed "json" response is the page's own object,
// which Vigie does not walk).
//
// Reading a fetch answer changes nothing the page can observe: it is copied with
// the native Response.prototype.clone before any page code gets it, in the
// reaction that hands the response on (no extra step); the page's body is
// never read and never waited for; the copy is read through natives
// captured at load, as far as maxBodyBytes (src/contract.json), then
// cancelled. Reading a stream resolves promises with result objects, whose
// `then` the engine looks up: on a page that put a `then` on
// Object.prototype that lookup would show, so there nothing is read. At
// most READ_BURST answers, refilled at one per READ_REFILL_MS.

import contract from '../../../src/contract.json' with { type: 'json' };
import site from '../../../src/sites/linkedin.json' with { type: 'json' };
import { NativeURL, theDocument, win } from './captured-web.js';
import { ObjectPrototype, ReflectConstruct, TypedArrayByteLength } from './captured.js';
import { post } from './bridge.js';
import { call, newList, now, ownDescriptor, ownGetter, ownValue, push, quietThen } from './objects.js';
import { isExtensionUrl } from './stack.js';
import { capText, endsWith, exec, indexOf, slice, startsWith } from './text.js';

const MAX_BYTES = contract.engine.maxBodyBytes;
const READ_BURST = 16;
const READ_REFILL_MS = 3000;

// The site model's hosts and contact lookups, compiled at load (before page scripts).
const HOSTS = newList();
for (const host of site.hosts) push(HOSTS, host);
const FIRST_PARTY = newList();
for (const suffix of site.firstPartyHostSuffixes) push(FIRST_PARTY, suffix);
const PageHost = win.location?.hostname ?? '';
// Only a page of the site reads answers (answerReader, watchXhrAnswer). On
// any other page, most of the web, nothing below is compiled or captured:
// capturing a native makes the browser build its interface (Response,
// ReadableStream, XMLHttpRequest…) in a frame that may never use it.
const ON_SITE = servedBySite(PageHost);
// Where the natives below are captured from: nowhere off the site.
const siteWin = ON_SITE ? win : undefined;
const LOOKUPS = newList();
for (const rule of ON_SITE ? site.requests : []) {
  // Not the rules about pages a script fetches (`scripted`): the core reads
  // no answer of theirs.
  if (rule.class !== 'contactLookup' || rule.scripted) continue;
  // As in the core, a rule whose member pattern is in the query applies only
  // when that pattern finds the member (the profile query asked by
  // vanityName is the same query name, and no contact lookup).
  const member = rule.member && rule.member !== 'path' ? new RegExp(rule.member) : null;
  push(LOOKUPS, { __proto__: null, path: new RegExp(rule.path), query: rule.query ? new RegExp(rule.query) : null, member });
}

const documentUrlGetter = ownGetter(siteWin?.Document?.prototype, 'URL');

/** The document's URL without its fragment ('' where it cannot be read). */
function documentUrl() {
  try {
    const url = call(documentUrlGetter, theDocument, []);
    const hash = indexOf(url, '#');
    return hash < 0 ? url : slice(url, 0, hash);
  } catch {
    return '';
  }
}
const decodeComponent = decodeURIComponent;
const urlHostname = ownGetter(NativeURL.prototype, 'hostname');
const urlPathname = ownGetter(NativeURL.prototype, 'pathname');
const urlSearch = ownGetter(NativeURL.prototype, 'search');
const ResponsePrototype = siteWin?.Response?.prototype;
const ResponseClone = ResponsePrototype ? ownValue(ResponsePrototype, 'clone') : undefined;
const responseStatus = ownGetter(ResponsePrototype, 'status');
const responseBody = ownGetter(ResponsePrototype, 'body');
const StreamGetReader = siteWin?.ReadableStream ? ownValue(siteWin.ReadableStream.prototype, 'getReader') : undefined;
const ReaderPrototype = siteWin?.ReadableStreamDefaultReader?.prototype;
const ReaderRead = ReaderPrototype ? ownValue(ReaderPrototype, 'read') : undefined;
const ReaderCancel = ReaderPrototype ? ownValue(ReaderPrototype, 'cancel') : undefined;
const NativeTextDecoder = siteWin?.TextDecoder;
const TextDecoderDecode = NativeTextDecoder ? ownValue(NativeTextDecoder.prototype, 'decode') : undefined;
const XhrPrototype = siteWin?.XMLHttpRequest?.prototype;
const EventTargetAdd = siteWin?.EventTarget ? ownValue(siteWin.EventTarget.prototype, 'addEventListener') : undefined;
const xhrStatus = ownGetter(XhrPrototype, 'status');
const xhrReadyState = ownGetter(XhrPrototype, 'readyState');
const xhrResponseType = ownGetter(XhrPrototype, 'responseType');
const xhrResponseText = ownGetter(XhrPrototype, 'responseText');
const XHR_READABLE =
  typeof EventTargetAdd === 'function' &&
  typeof xhrStatus === 'function' &&
  typeof xhrReadyState === 'function' &&
  typeof xhrResponseType === 'function' &&
  typeof xhrResponseText === 'function';
const XHR_DONE = 4;
const READABLE =
  typeof ResponseClone === 'function' &&
  typeof responseStatus === 'function' &&
  typeof responseBody === 'function' &&
  typeof StreamGetReader === 'function' &&
  typeof ReaderRead === 'function' &&
  typeof ReaderCancel === 'function' &&
  typeof TextDecoderDecode === 'function' &&
  typeof TypedArrayByteLength === 'function';

/** `host` is `suffix` or a subdomain of it. */
function under(host, suffix) {
  return host === suffix || (endsWith(host, suffix) && slice(host, host.length - suffix.length - 1, host.length - suffix.length) === '.');
}

function firstParty(host) {
  for (let i = 0; i < FIRST_PARTY.length; i++) if (under(host, FIRST_PARTY[i])) return true;
  return false;
}

function servedBySite(host) {
  for (let i = 0; i < HOSTS.length; i++) if (host === HOSTS[i]) return true;
  return false;
}

const HEX = '0123456789abcdefABCDEF';

/**
 * `text` percent-decoded as the core decodes it: where a malformed escape
 * makes the whole refuse (`%ZZ`, a lone `%E0`), each escape of an ASCII
 * character is still decoded (`%28` is "("), the rest kept as sent.
 */
export function decodeLossy(text) {
  try {
    return decodeComponent(text);
  } catch {
    // One escape at a time, below.
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '%' && i + 3 <= text.length && indexOf(HEX, text[i + 1]) >= 0 && indexOf(HEX, text[i + 2]) >= 0) {
      try {
        out += decodeComponent(slice(text, i, i + 3));
        i += 3;
        continue;
      } catch {
        // Not a character alone (a byte of a longer one): kept as sent.
      }
    }
    out += text[i];
    i += 1;
  }
  return out;
}

/** Whether the absolute `url` is one of the site's contact lookups (its path and query matched percent-decoded, as the core does). */
export function isContactLookup(url) {
  let parsed;
  try {
    parsed = ReflectConstruct(NativeURL, [url]);
  } catch {
    return false;
  }
  if (!firstParty(call(urlHostname, parsed, []))) return false;
  const path = decodeLossy(call(urlPathname, parsed, []));
  const search = call(urlSearch, parsed, []);
  const query = decodeLossy(startsWith(search, '?') ? slice(search, 1) : search);
  for (let i = 0; i < LOOKUPS.length; i++) {
    const rule = LOOKUPS[i];
    if (exec(rule.path, path) === null || (rule.query !== null && exec(rule.query, query) === null)) continue;
    if (rule.member === null) return true;
    const found = exec(rule.member, query);
    if (found !== null && found[1]) return true;
  }
  return false;
}

const ANONYMOUS_CODE = '<anonymous code>';

/**
 * Whether the site's own code started the call: the outermost script of
 * `stack` (innermost first) that can name an author is one of the site's.
 * An extension's script or Firefox's anonymous world-MAIN code there, or
 * no readable script at all, is not the site; nor is code that runs under
 * the document's own URL (an inline handler or script element), which
 * anything that can write to the page can have put there.
 */
export function startedBySite(stack) {
  const page = documentUrl();
  for (let i = stack.length - 1; i >= 0; i--) {
    const script = stack[i];
    if (script === ANONYMOUS_CODE || isExtensionUrl(script)) return false;
    if (!startsWith(script, 'https:') && !startsWith(script, 'http:')) continue;
    if (page !== '' && script === page) return false;
    try {
      return firstParty(call(urlHostname, ReflectConstruct(NativeURL, [script]), []));
    } catch {
      return false;
    }
  }
  return false;
}

let readTokens = READ_BURST;
let lastRefill = now();

function admitRead() {
  const t = now();
  readTokens += (t - lastRefill) / READ_REFILL_MS;
  if (readTokens > READ_BURST) readTokens = READ_BURST;
  lastRefill = t;
  if (readTokens < 1) return false;
  readTokens -= 1;
  return true;
}

/** Reads the copied answer's body, as far as MAX_BYTES, and reports it. */
function readCopy(url, copy) {
  const reader = call(StreamGetReader, call(responseBody, copy, []), []);
  const decoder = ReflectConstruct(NativeTextDecoder, []);
  const streaming = { __proto__: null, stream: true };
  let text = '';
  let bytes = 0;
  const done = (truncated) => post({ __proto__: null, kind: 'contactResponse', url, body: truncated ? '' : text, truncated });
  const next = () => {
    quietThen(
      call(ReaderRead, reader, []),
      (result) => {
        try {
          if (ownValue(result, 'done') === true) {
            text += call(TextDecoderDecode, decoder, []);
            done(false);
            return;
          }
          const chunk = ownValue(result, 'value');
          bytes += call(TypedArrayByteLength, chunk, []);
          if (bytes > MAX_BYTES) {
            call(ReaderCancel, reader, []);
            done(true);
            return;
          }
          text += call(TextDecoderDecode, decoder, [chunk, streaming]);
          next();
        } catch {
          // A copy that cannot be read says nothing.
        }
      },
      () => {},
    );
  };
  next();
}

/**
 * For a fetch of `url` (absolute) whose calling stack is `stack`: the
 * fulfilment reaction that hands the response on unchanged, after copying
 * it when it is the site's answer to one of its own contact lookups; or
 * undefined (the response passes as it did without Vigie).
 */
export function answerReader(url, stack) {
  try {
    if (!ON_SITE || !READABLE || !isContactLookup(url) || !startedBySite(stack)) return undefined;
  } catch {
    return undefined;
  }
  const reported = capText(url);
  const hooks = {
    readAnswer(response) {
      try {
        // Checked at the answer, not the call: a page may have added one since.
        if (ownDescriptor(ObjectPrototype, 'then') === undefined && call(responseStatus, response, []) === 200 && admitRead()) {
          readCopy(reported, call(ResponseClone, response, []));
        }
      } catch {
        // Reading must never change what the page sees.
      }
      return response;
    },
  };
  return hooks.readAnswer;
}

/** Reports the text of a finished XMLHttpRequest's answer, when it is text and within the cap. */
function readXhr(url, xhr) {
  try {
    const type = call(xhrResponseType, xhr, []);
    if ((type !== '' && type !== 'text') || call(xhrStatus, xhr, []) !== 200 || ownDescriptor(ObjectPrototype, 'then') !== undefined) return;
    if (!admitRead()) return;
    const text = call(xhrResponseText, xhr, []);
    // A character is at least one byte: longer than the cap in characters is over it in bytes.
    const truncated = text.length > MAX_BYTES;
    post({ __proto__: null, kind: 'contactResponse', url, body: truncated ? '' : text, truncated });
  } catch {
    // Reading must never change what the page sees.
  }
}

/**
 * For an XMLHttpRequest to `url` (absolute) just sent with calling stack
 * `stack`: when it is the site's own call of one of its contact lookups,
 * its answer is read once it has loaded (at once for a synchronous one).
 */
export function watchXhrAnswer(xhr, url, stack) {
  try {
    if (!ON_SITE || !XHR_READABLE || !isContactLookup(url) || !startedBySite(stack)) return;
    const reported = capText(url);
    if (call(xhrReadyState, xhr, []) === XHR_DONE) {
      readXhr(reported, xhr);
      return;
    }
    call(EventTargetAdd, xhr, ['load', () => readXhr(reported, xhr), { __proto__: null, once: true }]);
  } catch {
    // Not watched.
  }
}
