// The message contract between Vigie's main-world hooks and this observer
// (extension/README.md, "Harvest detection") as pure predicates: which main-
// world reports are relayed, and which window messages are Vigie's hello,
// which are forgeries.

import contract from '../../../src/contract.json' with { type: 'json' };

const MAX_TEXT = contract.shell.maxReportText; // longest string in a main-world report
const MAX_STACK = contract.engine.maxStack; // most script URLs in a report's stack
const CALL_APIS = contract.hooks.callApis;
const REPLACEABLE_APIS = contract.hooks.replaceableApis;
const REPLACED_WHEN = contract.hooks.replacedWhen;
const MAIN_WORLD_KINDS = ['call', 'nativeReplaced', 'fieldRead', 'contactResponse', 'sentBody', 'socketMessage', 'dropped'];
// The longest answer of the site the hooks report (they stop reading there).
const MAX_ANSWER = contract.engine.maxBodyBytes;
// The fields whose reads the main world reports (leaks-interface: fieldRead).
const READ_FIELDS = ['email', 'phone', 'name', 'password'];
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

/** A dense array of at most MAX_STACK non-empty strings, with no extra properties. */
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
 *   { kind: 'fieldRead', field, stack }
 *   { kind: 'contactResponse', url, body, truncated }
 *   { kind: 'sentBody', url, bytes, truncated }   (bytes: a binary string, a character a byte)
 *   { kind: 'socketMessage', url, bytes, truncated }   (a message sent over the open WebSocket to url)
 * `method` is empty when the page passed one Vigie could not read without
 * running page code (a getter); `by` is null when no script is known.
 */
export function isMainWorldReport(value) {
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
  if (value.kind === 'fieldRead') {
    return hasExactly(value, ['kind', 'field', 'stack']) && READ_FIELDS.includes(value.field) && isStack(value.stack);
  }
  if (value.kind === 'contactResponse') {
    return (
      hasExactly(value, ['kind', 'url', 'body', 'truncated']) &&
      isText(value.url, 1) &&
      typeof value.body === 'string' &&
      value.body.length <= MAX_ANSWER &&
      typeof value.truncated === 'boolean'
    );
  }
  if (value.kind === 'sentBody' || value.kind === 'socketMessage') {
    return (
      hasExactly(value, ['kind', 'url', 'bytes', 'truncated']) &&
      isText(value.url, 1) &&
      typeof value.bytes === 'string' &&
      value.bytes.length > 0 &&
      value.bytes.length <= MAX_ANSWER &&
      typeof value.truncated === 'boolean'
    );
  }
  if (value.kind === 'worker') return hasExactly(value, ['kind']);
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
export function droppedCount(value) {
  if (!isRecord(value) || value.kind !== 'dropped' || !hasExactly(value, ['kind', 'count'])) return 0;
  return Number.isSafeInteger(value.count) && value.count > 0 ? value.count : 0;
}

/** Anything a page might post to pass for one of Vigie's messages. */
export function looksLikeVigieMessage(data) {
  if (!isRecord(data)) return false;
  if (Object.hasOwn(data, '__vigie')) return true;
  if (typeof data.type === 'string' && data.type.startsWith('vigie:')) return true;
  return MAIN_WORLD_KINDS.includes(data.kind) && (Object.hasOwn(data, 'api') || Object.hasOwn(data, 'count') || Object.hasOwn(data, 'field') || Object.hasOwn(data, 'body') || Object.hasOwn(data, 'bytes'));
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
export function classifyWindowMessage(data, { trusted, fromSelf, portCount, bridgeOpen }) {
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
