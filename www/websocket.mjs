// WebSocket connections for the fixture server (RFC 6455, what a test
// needs of it): the opening handshake, then the text messages a page sends,
// recorded for tests to read. The server sends nothing but the handshake's
// answer and a close when the page closes.
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The largest message kept: fixture pages send a few hundred bytes. */
const MAX_MESSAGE = 64 * 1024;

/**
 * Accepts the upgrade `req` on `socket` and calls `onMessage(text)` for each
 * text message the page sends. Refuses (400) a request that is no
 * WebSocket handshake.
 */
export function acceptWebSocket(req, socket, onMessage) {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const frame = readFrame(pending);
      if (!frame) break;
      pending = pending.subarray(frame.length);
      if (frame.opcode === 0x8) {
        socket.end(Buffer.from([0x88, 0]));
        return;
      }
      if (frame.opcode === 0x1) onMessage(frame.payload.toString('utf8'));
    }
    if (pending.length > MAX_MESSAGE + 14) socket.destroy();
  });
}

/** One whole frame at the start of `bytes` (client frames are masked), or null. */
function readFrame(bytes) {
  if (bytes.length < 2) return null;
  const opcode = bytes[0] & 0x0f;
  const masked = (bytes[1] & 0x80) !== 0;
  let length = bytes[1] & 0x7f;
  let at = 2;
  if (length === 126) {
    if (bytes.length < 4) return null;
    length = bytes.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    if (bytes.length < 10) return null;
    length = Number(bytes.readBigUInt64BE(2));
    at = 10;
  }
  const mask = masked ? bytes.subarray(at, at + 4) : null;
  if (masked) at += 4;
  if (bytes.length < at + length) return null;
  const payload = Buffer.from(bytes.subarray(at, at + length));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
  return { opcode, payload, length: at + length };
}
