// Server-rendered page shells. As on the real site, a page carries no
// member data beyond its title and a hydration blob naming the member
// (URN and vanity name): the bundle renders the rest from the API, and the
// contact details exist only in the API's answer to "Contact info". The
// page CSP forbids inline script, so behaviour lives in /static/bundle.js;
// every interpolated value goes through escapeHtml.
import { escapeHtml, render } from './template.mjs';
import { fullName, profileUrn, viewer } from './people.mjs';
import { mediaUrl } from './assets.mjs';

const SCRIPTS = '<script src="/static/bundle.js" defer></script>';

function page(title, body, head = '') {
  return render('layout', { title, body, head: head + SCRIPTS, me: viewer().firstName });
}

// Companies the rail suggests following (no members: a member linked from
// the page would count as one in view).
const FOLLOW_SUGGESTIONS = [
  ['nordlicht-analytics', 'Nordlicht Analytics', 'Company · Data infrastructure'],
  ['maison-ferro', 'Maison Ferro', 'Company · Furniture design'],
  ['the-retry-loop', 'The Retry Loop', 'Newsletter · Weekly'],
];

const photoTag = (url, size, className) => `<img class="${className}" src="${escapeHtml(url)}" alt="" width="${size}" height="${size}">`;

/**
 * The feed: the script chunks and style sheets of the static host (`head`),
 * the viewer's card with their photo and banner, and the "Add to your feed"
 * rail with photos; the posts come from the API.
 */
export function feedPage(head) {
  const me = viewer();
  const suggestions = FOLLOW_SUGGESTIONS.map(([slug, name, about]) =>
    `<li class="suggestion">${photoTag(mediaUrl(`urn:li:company:${slug}`, 'company-logo_100_100'), 48, 'logo')}` +
    `<span><a href="/company/${escapeHtml(slug)}/">${escapeHtml(name)}</a><span class="muted">${escapeHtml(about)}</span></span></li>`).join('');
  const body = render('feed', {
    name: fullName(me),
    headline: me.headline,
    banner: mediaUrl(profileUrn(me), 'profile-displaybackgroundimage-shrink_200_800'),
    photo: mediaUrl(profileUrn(me), 'profile-displayphoto-shrink_200_200'),
    sponsor: mediaUrl('urn:li:organization:2414183', 'company-logo_100_100'),
    suggestions,
  });
  return page('Feed', body, `${head}\n`);
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
