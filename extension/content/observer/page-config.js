// What the observer watches on this page besides form fields, known here
// without a message to the background on every frame of every page: the
// background's own answer to vigie:config (background/profile-sites.js),
// computed from the top page's address and the site models' hosts, which
// extension/build.mjs bundles in. A frame that cannot read the top page's
// address (a subframe in Firefox) still asks.

import { pageConfig } from '../../background/profile-sites.js';

/**
 * The top page's address as this frame knows it: its own in the top
 * frame; the top origin in a subframe of Chromium (location.ancestorOrigins,
 * which the page cannot change); null where it cannot be known.
 */
export function topPageAddress(win = globalThis) {
  try {
    if (win.top === win) return String(win.location.href);
    const ancestors = win.location.ancestorOrigins;
    if (ancestors && ancestors.length > 0) return String(ancestors[ancestors.length - 1]);
  } catch {
    // A location that cannot be read: unknown.
  }
  return null;
}

/** `{ watchGestures, watchContacts }` for this frame, as the background would answer; null when unknown here. */
export function localPageConfig(profileHosts, win = globalThis) {
  const address = topPageAddress(win);
  return address === null ? null : pageConfig(address, profileHosts);
}
