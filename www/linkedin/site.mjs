// www.linkedin.com on loopback: page shells, the client bundle and the
// Voyager API behind one set of site-wide headers (session cookies and the
// strict CSP). Each server start is a new "deployment": new GraphQL query
// hashes, found only in the bundle.
import { readFile } from 'node:fs/promises';
import { readBody, redirect, send } from '../respond.mjs';
import { siteHeaders } from './session.mjs';
import { findPerson, isMemberId } from './people.mjs';
import { connectionsPage, feedPage, notFoundPage, profilePage, salesLeadPage, salesSearchPage } from './pages.mjs';
import { authTokenOf, findLead, handleSalesApi } from './sales.mjs';
import { handleVoyager } from './voyager.mjs';
import { handleRscAction } from './rsc.mjs';
import { createDeployment } from './queries.mjs';
import { buildBundle } from './bundle.mjs';
import { MEDIA_HOST, STATIC_HOST, createAssets } from './assets.mjs';

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
// A profile, or its Contact info page at its address or at the older one
// (/detail/contact-info/), which public scraper code still fetches: each
// serves the profile's page (whose HTML carries what the dialog shows).
const PROFILE_PATH = /^\/in\/([^/]+)(\/|\/(?:overlay|detail)\/contact-info\/?)?$/;

function profile(res, path, url) {
  const match = path.match(PROFILE_PATH);
  let person;
  try {
    person = match && findPerson(decodeURIComponent(match[1]));
  } catch {
    person = undefined;
  }
  if (!person) return send(res, 404, HTML, notFoundPage());
  const dialog = match[2]?.match(/^\/(overlay|detail)\//)?.[1];
  const canonical = `/in/${person.slug}/${dialog ? `${dialog}/contact-info/` : ''}`;
  // A member-URN URL (/in/ACoAA…/) is served at the vanity URL, as on the
  // real site; links in feeds and recommendations use the URN form.
  if (isMemberId(match[1])) return redirect(res, 302, canonical + url.search);
  if (path !== canonical) return redirect(res, 301, canonical + url.search);
  return send(res, 200, HTML, profilePage(person));
}

/** A lead's page: /sales/lead/<id>,<authType>,<token>, with the lead's own token. */
function lead(res, path) {
  let parts;
  try {
    parts = decodeURIComponent(path.slice('/sales/lead/'.length)).split(',');
  } catch {
    parts = [];
  }
  const [id, authType, token] = parts;
  const p = id && findLead(id);
  if (!p || !authType || token !== authTokenOf(p)) return send(res, 404, HTML, notFoundPage());
  return send(res, 200, HTML, salesLeadPage(p));
}

/** The site: `{ handle(req, res, url), deployment }`. */
export function createLinkedIn() {
  const deployment = createDeployment();
  const bundle = buildBundle(deployment);
  const assets = createAssets();

  async function handle(req, res, url) {
    for (const [name, value] of Object.entries(siteHeaders(req))) res.setHeader(name, value);
    const path = url.pathname;

    if (path.startsWith('/voyager/api/')) return handleVoyager(req, res, url, deployment);
    if (path.startsWith('/sales-api/')) return handleSalesApi(req, res, url);
    if (path.startsWith('/flagship-web/rsc-action/')) return handleRscAction(req, res, url);
    // The client's tracking events (impressions): taken, nothing answered.
    if (path === '/li/track' && req.method === 'POST') {
      await readBody(req, 0);
      return send(res, 204, 'text/plain', '');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed\n');

    if (path === '/') return redirect(res, 302, '/feed/');
    if (path === '/feed/') return send(res, 200, HTML, feedPage(assets.headTags()));
    if (path === '/mynetwork/invite-connect/connections/') return send(res, 200, HTML, connectionsPage());
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/static/bundle.js') return send(res, 200, JS, bundle);
    if (path === '/static/site.css') {
      return send(res, 200, 'text/css; charset=utf-8', await readFile(new URL('./static/site.css', import.meta.url)));
    }
    if (path.startsWith('/in/')) return profile(res, path, url);
    if (path === '/sales/search/people') return send(res, 200, HTML, salesSearchPage());
    if (path.startsWith('/sales/lead/')) return lead(res, path);
    return send(res, 404, HTML, notFoundPage());
  }

  return {
    handle,
    deployment,
    /** The handlers of the asset hosts, by host. */
    assetRoutes: { [STATIC_HOST]: assets.handleStatic, [MEDIA_HOST]: assets.handleMedia },
  };
}
