// The bridge to the isolated world. One MessageChannel. Its second port
// goes to Vigie's isolated-world observer in a single window message posted
// at load, before any page script exists; the observer accepts the first
// such message only, and swallows it before page listeners run. The first
// port stays in this module, so only Vigie's main-world code can speak on
// the channel.

import { MessagePortPostMessage, WindowPostMessage, win } from './captured-web.js';
import { call } from './objects.js';
import { startsWith } from './text.js';

let port = null;

function randomNonce() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return hex;
}

/** Posts the hello that hands the observer its port. Runs once, at load. */
export function openBridge() {
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
}

export function post(message) {
  if (port === null) return;
  try {
    call(MessagePortPostMessage, port, [message]);
  } catch {
    // A closed channel: nothing to tell.
  }
}
