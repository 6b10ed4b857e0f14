// Which browser the background runs in, where an API differs between them
// (Firefox gives extension pages moz-extension: URLs).

const api = globalThis.browser ?? globalThis.chrome;

export const isFirefox = () => api.runtime.getURL('').startsWith('moz-extension:');

// Pages the browser keeps closed to every extension although they are web
// pages: its extension store (and, in Firefox, its accounts and support
// sites, `extensions.webextensions.restrictedDomains`). Nothing of them
// reaches Vigie.
const CLOSED_IN_CHROMIUM = ['chromewebstore.google.com'];
const CLOSED_IN_FIREFOX = [
  'accounts-static.cdn.mozilla.net',
  'accounts.firefox.com',
  'addons.cdn.mozilla.net',
  'addons.mozilla.org',
  'api.accounts.firefox.com',
  'content.cdn.mozilla.net',
  'discovery.addons.mozilla.org',
  'install.mozilla.org',
  'oauth.accounts.firefox.com',
  'profile.accounts.firefox.com',
  'support.mozilla.org',
  'sync.services.mozilla.com',
];

/** Whether the browser keeps the page at `url` closed to extensions although it is on the web. */
export function closedToExtensions(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (isFirefox()) return CLOSED_IN_FIREFOX.includes(parsed.hostname);
  return CLOSED_IN_CHROMIUM.includes(parsed.hostname) || (parsed.hostname === 'chrome.google.com' && parsed.pathname.startsWith('/webstore'));
}

/**
 * Whether the person withheld Vigie's access to the page's site (Chrome's
 * "on click" or "on specific sites", Firefox's per-site permissions): then
 * Vigie sees nothing of it. Unknown (an API that fails) counts as granted.
 */
export async function accessWithheld(url) {
  let origin;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
    origin = parsed.origin;
  } catch {
    return false;
  }
  if (!api.permissions?.contains) return false;
  try {
    return !(await api.permissions.contains({ origins: [`${origin}/*`] }));
  } catch {
    return false;
  }
}
