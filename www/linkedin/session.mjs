// Session cookies and headers shaped like the real site's, because that is
// what harvesters depend on: JSESSIONID is readable by page scripts and its
// value (without quotes) must come back as the csrf-token header; li_at is
// the HttpOnly login cookie.
import { randomBytes, randomInt } from 'node:crypto';

// Scripts only from the site itself and its static host (its bundle and
// chunks; no inline script), API calls only to itself, images from its
// media host. Inline style attributes are allowed, as on the real site,
// whose pages carry them (the hydration blobs among them).
export const CSP =
  "default-src 'self'; script-src 'self' https://static.licdn.com; style-src 'self' 'unsafe-inline' https://static.licdn.com; " +
  "img-src 'self' data: https://media.licdn.com https://static.licdn.com; connect-src 'self'; frame-ancestors 'none'";

export function parseCookies(header = '') {
  const out = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const unquote = (v) => v.replace(/^"(.*)"$/, '$1');

/** The value a client must send as csrf-token, or undefined without a session. */
export function csrfTokenOf(req) {
  const id = parseCookies(req.headers.cookie).JSESSIONID;
  return id === undefined ? undefined : unquote(id);
}

export function csrfOk(req) {
  const expected = csrfTokenOf(req);
  return Boolean(expected) && req.headers['csrf-token'] === expected;
}

/** The login cookie is there (its value is not checked: any session will do). */
export const hasSession = (req) => Boolean(parseCookies(req.headers.cookie).li_at);

const newSessionId = () => `"ajax:${randomInt(1e9, 1e10 - 1)}${randomInt(1e9, 1e10 - 1)}"`;

/** Headers every www.linkedin.com response carries; cookies only when absent. */
export function siteHeaders(req) {
  const cookies = parseCookies(req.headers.cookie);
  const setCookie = [];
  const attrs = 'Path=/; Secure; SameSite=None';
  if (!cookies.JSESSIONID) setCookie.push(`JSESSIONID=${newSessionId()}; ${attrs}`);
  if (!cookies.li_at) setCookie.push(`li_at=AQEDA${randomBytes(48).toString('base64url')}; ${attrs}; HttpOnly`);
  return {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    ...(setCookie.length ? { 'set-cookie': setCookie } : {}),
  };
}
