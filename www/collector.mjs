// The "collector": a third-party host that a misbehaving extension or page
// ships harvested data to. It keeps every request in memory so tests can
// check exactly what left the browser, and it accepts cross-origin calls so
// that nothing on the sending side fails for CORS reasons.
import { readBody, sendJson } from './respond.mjs';

const BODY_CAP = 1024 * 1024; // beyond this only the size is kept

const CORS = { 'access-control-allow-origin': '*' };

async function readCapped(req) {
  const { raw, size } = await readBody(req, BODY_CAP);
  return { body: raw.toString('utf8'), bodySize: size, bodyTruncated: size > BODY_CAP };
}

function queryObject(searchParams) {
  const out = {};
  for (const [k, v] of searchParams) {
    if (!Object.hasOwn(out, k)) out[k] = v;
    else out[k] = [].concat(out[k], v); // keep repeated keys, in order
  }
  return out;
}

function answerPreflight(req, res) {
  res.writeHead(204, {
    ...CORS,
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-allow-private-network': 'true',
    'access-control-max-age': '600',
  });
  res.end();
}

export function createCollector() {
  const received = [];

  async function handle(req, res, url) {
    if (url.pathname === '/__received') {
      if (req.method === 'DELETE') received.length = 0; // reset between scenarios
      sendJson(res, 200, received, 'application/json', CORS);
      return;
    }
    // A preflight carries no data of its own; recording it would make every
    // JSON POST count twice.
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      answerPreflight(req, res);
      return;
    }
    const { body, bodySize, bodyTruncated } = await readCapped(req);
    received.push({
      time: new Date().toISOString(),
      method: req.method,
      host: req.headers.host,
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers: { ...req.headers },
      body,
      bodySize,
      bodyTruncated,
    });
    res.writeHead(204, CORS);
    res.end();
  }

  return { received, clear: () => void (received.length = 0), handle };
}
