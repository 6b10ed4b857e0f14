// The garden shop's sign-up page with one real SDK (www/sdks/), in Chromium
// with Vigie: what the SDK end-to-end tests share (the person, the site's
// server and browser, typing and submitting, and reading what a vendor's
// host received).
import { before, after } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startServer } from '../../www/server.mjs';
import { SDK_SITE_HOST } from '../../www/hosts.mjs';
import { findingsOf, launch, waitForFinding } from './harness.mjs';

const LEAK_KINDS = new Set(['leakToThirdParty', 'leakBeforeSubmit']);
export const PERSON = { email: 'lea.fontaine@example.net', prenom: 'Léa', nom: 'Fontaine', mdp: 'Sup3r-secret!' };
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Long enough for a request seen by the browser to be held, given to the
// engine and matched, on a loaded machine.
export const SETTLED_MS = 2500;

// The site's server and the browser with Vigie, one of each per test file:
// live bindings, set by the hooks useSdkSite() registers.
export let server;
export let browser;
/** Starts the server and the browser before the file's tests, and stops both after. */
export function useSdkSite() {
  before(async () => {
    server = await startServer({ port: 0 });
    browser = await launch({ serverPort: server.port });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** A request's body as the vendor's server reads it (gzip undone). */
export function bodyText(request) {
  const body = request.body;
  if (body[0] === 0x1f && body[1] === 0x8b) return gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}
export const carries = (request, value) => {
  const text = `${request.query} ${bodyText(request)}`;
  return text.includes(value) || text.includes(encodeURIComponent(value));
};

export const leaksTo = async (host) =>
  (await findingsOf(browser)).filter((f) => LEAK_KINDS.has(f.kind) && (f.evidence?.destinations ?? []).includes(host));

/**
 * The sign-up page with `sdk`, in a new tab, the site's earlier cookies and
 * storage gone. `asPerson`: the page sees `navigator.webdriver` false, as in
 * a person's browser, for SDKs that stay silent under automation.
 */
export async function signupPage(sdk, { asPerson = false } = {}) {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  if (asPerson) await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true }));
  await page.goto(`https://${SDK_SITE_HOST}/nothing-here`);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.goto(`https://${SDK_SITE_HOST}/inscription?sdk=${sdk}`);
  return page;
}

/**
 * Types the person's details into the sign-up form, leaving each field
 * (Tab) as a person does; `pause`: milliseconds spent before the next field.
 */
export async function fillSignup(page, { pause = 0 } = {}) {
  for (const field of ['email', 'prenom', 'nom', 'mdp']) {
    await page.locator(`#${field}`).click();
    await page.locator(`#${field}`).pressSequentially(PERSON[field], { delay: 20 });
    await page.keyboard.press('Tab');
    if (pause) await sleep(pause);
  }
}

export async function submit(page) {
  await page.click('button[type=submit]');
  await page.locator('.done').waitFor();
}

/** The finding of `kind` naming `host` (seen at `since` or later, when given), waited for. */
export const leakFinding = (kind, host, what, { since = null } = {}) =>
  waitForFinding(
    browser,
    (f) => f.kind === kind && (f.evidence?.destinations ?? []).includes(host) && (since === null || f.lastSeen >= since),
    what,
    { timeout: 30000 },
  );

/** Signs up on the page with `sdk` (typed, then submitted) and returns the page. */
export async function signUp(sdk) {
  server.sdks.clear();
  const page = await signupPage(sdk);
  await fillSignup(page);
  await submit(page);
  return page;
}
