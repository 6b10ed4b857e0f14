// www.linkedin.com on loopback: pages, static files and the Voyager-like API
// behind one set of site-wide headers (session cookies and the strict CSP).
import { readFile } from 'node:fs/promises';
import { redirect, send } from '../respond.mjs';
import { siteHeaders } from './session.mjs';
import { findPerson } from './people.mjs';
import { feedPage, notFoundPage, profilePage } from './pages.mjs';
import { handleVoyager } from './voyager.mjs';

// Only listed names are served, so a URL can never reach another file.
const STATIC = {
  'site.css': 'text/css; charset=utf-8',
  'profile.js': 'text/javascript; charset=utf-8',
};
const HTML = 'text/html; charset=utf-8';

export async function handleLinkedIn(req, res, url) {
  for (const [name, value] of Object.entries(siteHeaders(req))) res.setHeader(name, value);
  const path = url.pathname;

  if (path.startsWith('/voyager/api/')) return handleVoyager(req, res, url);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed\n');

  if (path === '/') return redirect(res, 302, '/feed/');
  if (path === '/feed/') return send(res, 200, HTML, feedPage());
  if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');

  const file = path.match(/^\/static\/([\w.-]+)$/)?.[1];
  if (file && Object.hasOwn(STATIC, file)) {
    return send(res, 200, STATIC[file], await readFile(new URL(`./static/${file}`, import.meta.url)));
  }

  const profile = path.match(/^\/in\/([^/]+)(\/|\/overlay\/contact-info\/?)?$/);
  if (profile) {
    let person;
    try {
      person = findPerson(decodeURIComponent(profile[1]));
    } catch {
      person = undefined;
    }
    if (person && profile[2] === undefined) return redirect(res, 301, `${path}/`);
    if (person && profile[2] === '/overlay/contact-info') return redirect(res, 301, `${path}/`);
    if (person && person.slug !== profile[1]) return redirect(res, 301, `/in/${person.slug}${profile[2]}`);
    if (person) return send(res, 200, HTML, profilePage(person));
  }
  send(res, 404, HTML, notFoundPage());
}
