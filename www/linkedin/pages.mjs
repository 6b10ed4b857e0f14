// Server-rendered page shells. As on the real site, a page carries no
// member data beyond its title and a hydration blob naming the member
// (URN and vanity name): the bundle renders the rest from the API, and the
// contact details exist only in the API's answer to "Contact info". The
// page CSP forbids inline script, so behaviour lives in /static/bundle.js;
// every interpolated value goes through escapeHtml.
import { render } from './template.mjs';
import { fullName, profileUrn, viewer } from './people.mjs';

const SCRIPTS = '<script src="/static/bundle.js" defer></script>';

function page(title, body) {
  return render('layout', { title, body, head: SCRIPTS, me: viewer().firstName });
}

export function feedPage() {
  return page('Feed', render('feed', { name: fullName(viewer()), headline: viewer().headline }));
}

export function connectionsPage() {
  return page('Connections', render('connections', {}));
}

/** The profile shell; at the overlay URL the bundle opens the contact dialog on load. */
export function profilePage(p) {
  const hydration = JSON.stringify({ data: { entityUrn: profileUrn(p), publicIdentifier: p.slug } });
  return page(fullName(p), render('profile', { hydration }));
}

/** Sales Navigator's lead search: the bundle lists the leads from the API. */
export function salesSearchPage() {
  return page('Sales Navigator', render('sales-search', {}));
}

/** A lead's page: the bundle fetches the lead, contact details included. */
export function salesLeadPage(p) {
  return page(`${fullName(p)} | Sales Navigator`, render('sales-lead', {}));
}

export function notFoundPage() {
  return page('Page not found', render('not-found', {}));
}
