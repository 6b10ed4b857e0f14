// What the page observer watches besides form fields: on a modelled
// profile site, the person's gestures and the contact data shown. A
// function of the top page's address and the site models' hosts
// (CONTRACT.profileHosts, from src/sites/), known without the engine. The
// background answers vigie:config with it; the observer, which bundles it,
// answers itself wherever it can read the top page's address
// (content/observer/page-config.js).

/** `{ watchGestures, watchContacts }` for a page whose top page is at `address`. */
export function pageConfig(address, profileHosts) {
  const watch = isProfileSite(address, profileHosts);
  return { watchGestures: watch, watchContacts: watch };
}

/** Whether `address` is an http(s) page of one of `profileHosts`. */
export function isProfileSite(address, profileHosts) {
  if (typeof address !== 'string') return false;
  try {
    const { protocol, hostname } = new URL(address);
    return (protocol === 'https:' || protocol === 'http:') && profileHosts.includes(hostname);
  } catch {
    return false;
  }
}
