// Server-rendered pages of the fixture network. The page CSP forbids inline
// script and style, so behaviour lives in /static/*.js and looks in
// /static/site.css; every interpolated value goes through escapeHtml.
import { render } from './template.mjs';
import { allPeople, alsoViewed, fullName, publicProfile } from './people.mjs';

const initials = (p) => `${p.firstName[0]}${p.lastName[0]}`;
// A stable avatar colour per person (CSS classes c0..c5; style attributes
// would be blocked by the CSP).
const color = (p) => `c${allPeople().indexOf(p) % 6}`;

function tile(p) {
  return render('person-tile', {
    slug: p.slug, name: fullName(p), headline: p.headline, initials: initials(p), color: color(p),
  });
}

function page(title, body, head = '') {
  return render('layout', { title, body, head });
}

export function feedPage() {
  const people = allPeople().map(tile).join('');
  return page('Feed', render('feed', { people }));
}

/** The profile; at the overlay URL profile.js opens the contact dialog on load. */
export function profilePage(p) {
  const body = render('profile', {
    slug: p.slug,
    name: fullName(p),
    firstName: p.firstName,
    headline: p.headline,
    location: p.location,
    initials: initials(p),
    color: color(p),
    alsoViewed: alsoViewed(p).map(tile).join(''),
    hydration: JSON.stringify(publicProfile(p)),
  });
  return page(fullName(p), body, '<script src="/static/profile.js" defer></script>');
}

export function notFoundPage() {
  return page('Page not found', render('not-found', {}));
}
