// Small response helpers shared by every fixture host, so each handler states
// what it answers and not how bytes are written.

export function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export function sendJson(res, status, value, type = 'application/json', headers = {}) {
  send(res, status, `${type}; charset=utf-8`, JSON.stringify(value), headers);
}

export function redirect(res, status, location) {
  res.writeHead(status, { location, 'cache-control': 'no-store' });
  res.end();
}

/**
 * A request's body: the first `cap` bytes, and the size sent (what is past
 * the cap is read and dropped, so that the client is never stalled).
 */
export async function readBody(req, cap) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    if (size < cap) chunks.push(chunk.subarray(0, cap - size));
    size += chunk.length;
  }
  return { raw: Buffer.concat(chunks), size };
}

/** Host header without its port, lower-cased ("" when absent). */
export function hostOf(req) {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '');
}
