// The bridge from the main world. Vigie's main-world script posts one hello
// carrying a MessagePort at document_start, before any page script runs;
// this listener is registered in that same moment, on the window, in the
// capture phase, so it runs before any listener a page can add. It accepts
// the first well-formed hello that is a trusted event from this window, and
// stops its propagation so page listeners never get the port. From then on
// the port is the only channel: window messages never carry reports, and a
// later hello can only come from a page. Refusals are counted and sent in
// batches (vigie:bridge-drop), at most once per second.

import contract from '../../../src/contract.json' with { type: 'json' };
import { classifyWindowMessage, droppedCount, isMainWorldReport } from './messages.js';
import { send, sendSoon } from './runtime.js';

const MAX_BODY_BYTES = contract.engine.maxBodyBytes;

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

/** A binary string (a character a byte) as standard base64, or null if it is not one. */
function base64Of(binary) {
  try {
    return btoa(binary);
  } catch {
    return null;
  }
}

// Messages sent over a page's WebSockets, gathered by socket for a moment:
// one report per socket and second at most, not one per message.
const SOCKET_BATCH_MS = contract.shell.socketBatchMs;
const MAX_SOCKET_MESSAGES = contract.shell.maxSocketMessagesPerReport;
const MAX_SOCKET_BYTES = MAX_BODY_BYTES;
const socketBatches = new Map();

/**
 * A boundary of its own for each batch, so that a message cannot end its
 * part early by writing it; always of one length.
 */
const BOUNDARY_PREFIX = '----VigieSocketMessages';
const BOUNDARY_RANDOM_BYTES = 12;
function socketBoundary() {
  const bytes = crypto.getRandomValues(new Uint8Array(BOUNDARY_RANDOM_BYTES));
  return `${BOUNDARY_PREFIX}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
const BOUNDARY_LENGTH = BOUNDARY_PREFIX.length + 2 * BOUNDARY_RANDOM_BYTES;

/** One message as a part of a batch's `multipart/form-data` body. */
const socketPart = (boundary, bytes) => `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n${bytes}\r\n`;
const socketClosing = (boundary) => `--${boundary}--\r\n`;
const PART_HEAD = socketPart('-'.repeat(BOUNDARY_LENGTH), '').length;
const CLOSING_LENGTH = socketClosing('-'.repeat(BOUNDARY_LENGTH)).length;

function flushSocket(url) {
  const batch = socketBatches.get(url);
  if (!batch) return;
  socketBatches.delete(url);
  clearTimeout(batch.timer);
  const bodyBase64 = base64Of(`${batch.text}${socketClosing(batch.boundary)}`);
  if (bodyBase64 === null) countDrop('malformed');
  // `top`: the tab's top document, which Chromium names by another frame
  // id while it is being left (its last batch, sent from pagehide).
  else send({ type: 'vigie:socket-messages', url, bodyBase64, truncated: batch.truncated, count: batch.count, top: window === window.top });
}

// The most of one message a batch holds: the rest is cut, and said to be.
const MESSAGE_ROOM = MAX_SOCKET_BYTES - CLOSING_LENGTH - PART_HEAD;

/** A message the page sent over its WebSocket to `url`, added to that socket's batch. */
function gatherSocketMessage(url, bytes, truncated) {
  const cut = bytes.length > MESSAGE_ROOM;
  const kept = cut ? bytes.slice(0, MESSAGE_ROOM) : bytes;
  let batch = socketBatches.get(url);
  if (batch && batch.text.length + PART_HEAD + kept.length + CLOSING_LENGTH > MAX_SOCKET_BYTES) {
    flushSocket(url);
    batch = undefined;
  }
  if (!batch) {
    batch = { boundary: socketBoundary(), text: '', count: 0, truncated: false, timer: setTimeout(() => flushSocket(url), SOCKET_BATCH_MS) };
    socketBatches.set(url, batch);
  }
  batch.text += socketPart(batch.boundary, kept);
  batch.truncated ||= truncated || cut;
  batch.count++;
  if (batch.count >= MAX_SOCKET_MESSAGES) flushSocket(url);
}

/** What a page sent over its sockets, reported before it is gone. */
function flushSockets() {
  for (const url of [...socketBatches.keys()]) flushSocket(url);
}

function onMainWorldMessage(event) {
  const data = event.data;
  if (isMainWorldReport(data)) {
    // A body the browser keeps from extensions, read in the page: the
    // background gives it to the request it saw leave without it.
    if (data.kind === 'sentBody') {
      const bodyBase64 = base64Of(data.bytes);
      if (bodyBase64 === null) countDrop('malformed');
      else send({ type: 'vigie:sent-body', url: data.url, bodyBase64, truncated: data.truncated });
    }
    // A message sent over an open WebSocket: the browser shows extensions
    // the handshake only.
    else if (data.kind === 'socketMessage') gatherSocketMessage(data.url, data.bytes, data.truncated);
    else if (data.kind !== 'contactResponse') sendSoon({ type: 'vigie:main-world', report: data });
    // The site's answer holds personal data: its own message, which the
    // background keeps in session memory only (journal.js). The tab's page
    // is the top frame's.
    else if (window === window.top) send({ type: 'vigie:contact-response', url: data.url, body: data.body, truncated: data.truncated });
    return;
  }
  const dropped = droppedCount(data);
  countDrop(dropped > 0 ? 'rateLimited' : 'malformed', dropped > 0 ? dropped : 1);
}

/** Listens for the main world's hello. Runs once, at document_start. */
export function openBridge() {
  window.addEventListener('pagehide', flushSockets);
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
        // made by the page's own scripts: the core needs to know the hooks
        // run. It travels with the first reports (runtime.js), ahead of
        // them: one message fewer on every page load, and the background
        // holds a request with no call record far longer than that.
        if (window === window.top) sendSoon({ type: 'vigie:main-world', report: { kind: 'ready' } });
        return;
      }
      countDrop(verdict);
    },
    true,
  );
}
