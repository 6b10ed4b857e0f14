// What the page-load tools (bench-pageload.mjs, bench-onoff.mjs,
// bench-pagecpu.mjs, profile-pageload.mjs) share: a Chromium with the
// fixture hosts mapped to the loopback server and unpacked extensions, on a
// fresh profile; the heavy pages, empty and listening extensions to compare
// with, one timed load, and the median of their samples (and an interval
// for it).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs } from '../www/server.mjs';

/** The heavy pages the page-load benchmarks load. */
export const BENCH_PAGES = {
  feed: { label: 'heavy LinkedIn-like feed (30 script chunks, 3 style sheets, photos from media.licdn.com)', url: 'https://www.linkedin.com/feed/' },
  form: { label: 'heavy form page (400-line quote form, 5 third-party tags)', url: 'https://www.atelier-lumiere.fr/devis' },
};

/**
 * A Manifest V3 extension named `name` that does nothing: a service worker
 * with no listener. It asks for the permissions of the extension in
 * `permissionsOf` (its folder), or for `permissions`, if given. Returns its
 * folder (removed with removeProfile).
 */
export function emptyExtension(name = 'Empty', { permissionsOf = null, permissions = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-empty-'));
  const manifest = { manifest_version: 3, name, version: '1.0', background: { service_worker: 'sw.js' } };
  if (permissionsOf) {
    const { permissions: asked, host_permissions: hosts } = JSON.parse(readFileSync(join(permissionsOf, 'manifest.json'), 'utf8'));
    Object.assign(manifest, { permissions: asked, host_permissions: hosts });
  }
  if (permissions) manifest.permissions = permissions;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'sw.js'), '// nothing\n');
  return dir;
}

/**
 * What observing costs any extension, whatever it does with what it sees: an
 * extension holding the permissions of the extension in `like` (its
 * folder), its content scripts (same worlds, frames and timing) with nothing
 * in them, and a service worker listening to the events Vigie's
 * background/network.js listens to, with the same filters and extra
 * information, each listener doing nothing. Vigie against it is the cost of
 * Vigie's own work; it against the permissions alone, the browser's cost of
 * dispatching the events and injecting the scripts. Returns its folder
 * (removed with removeProfile).
 */
export function listeningExtension(name, like) {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-listening-'));
  const { permissions, host_permissions: hosts, content_scripts: scripts = [] } = JSON.parse(readFileSync(join(like, 'manifest.json'), 'utf8'));
  const contentScripts = scripts.map((entry, i) => ({ ...entry, js: [`content-${i}.js`], css: undefined }));
  contentScripts.forEach((_, i) => writeFileSync(join(dir, `content-${i}.js`), 'void 0;\n'));
  const manifest = {
    manifest_version: 3, name, version: '1.0', background: { service_worker: 'sw.js' },
    permissions, host_permissions: hosts, content_scripts: contentScripts,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  // The filters of network.js (subresourceFilter, HEADER_TYPES) in Chromium.
  writeFileSync(join(dir, 'sw.js'), `const nothing = () => {};
const subresources = { urls: ['<all_urls>'], types: Object.values(chrome.webRequest.ResourceType).filter((t) => t !== 'main_frame') };
chrome.webRequest.onBeforeRequest.addListener(nothing, subresources, ['requestBody']);
chrome.webRequest.onBeforeSendHeaders.addListener(nothing, {
  urls: ['<all_urls>'], types: ['sub_frame', 'object', 'xmlhttprequest', 'ping', 'csp_report', 'websocket', 'other'],
}, ['requestHeaders']);
chrome.webRequest.onResponseStarted.addListener(nothing, subresources);
chrome.webNavigation.onCommitted.addListener(nothing);
chrome.webNavigation.onHistoryStateUpdated.addListener(nothing);
chrome.tabs.onRemoved.addListener(nothing);
`);
  return dir;
}

/**
 * One load of `url` in `page` after about:blank: the page's own Navigation
 * Timing, from its start to the end of its load event, in ms. `around`, if
 * given, is called just before the load starts and again just after its
 * load event.
 */
export async function loadTime(page, url, around = null) {
  await page.goto('about:blank');
  around?.();
  await page.goto(url, { waitUntil: 'load' });
  around?.();
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return nav.loadEventEnd - nav.startTime;
  });
}

/**
 * The builds named on a command line, `NAME=DIR` each (an unpacked
 * extension's folder; `NAME=` or `NAME` alone for none):
 * `[{ name, dir | null }]`.
 */
export function namedBuilds(args) {
  return args.map((arg) => {
    const at = arg.indexOf('=');
    return at < 0 ? { name: arg, dir: null } : { name: arg.slice(0, at), dir: arg.slice(at + 1) || null };
  });
}

/**
 * Turns the browser's caches off for `page` (DevTools' "Disable cache": the
 * HTTP cache and the renderer's memory cache), so that every load is a
 * first visit: every asset a request.
 */
export async function disableCaches(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

/**
 * The service workers running for the extension `id` (any extension's when
 * null), by the browser's own list of targets (DevTools' Target.getTargets,
 * through `cdp`, a CDP session of any page).
 */
export async function extensionWorkers(cdp, id = null) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${id ?? ''}`));
}

/** Stops those workers (Target.closeTarget), as the browser stops an idle one. */
export async function stopExtensionWorkers(cdp, id = null) {
  for (const t of await extensionWorkers(cdp, id)) await cdp.send('Target.closeTarget', { targetId: t.targetId });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * A 95 % interval for the median of samples taken in `groups` (one array per
 * browser session: sessions differ from each other more than loads within
 * one do), by a two-stage bootstrap: sessions drawn with replacement, then
 * samples within each drawn session. Seeded, so that the same samples give
 * the same interval. Returns `[low, high]`.
 */
export function medianInterval(groups, { draws = 4000, seed = 0x5eed } = {}) {
  const full = groups.filter((g) => g.length);
  if (!full.length) return [NaN, NaN];
  let state = seed >>> 0;
  // mulberry32
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const medians = [];
  for (let d = 0; d < draws; d++) {
    const sample = [];
    for (let g = 0; g < full.length; g++) {
      const group = pick(full);
      for (let i = 0; i < group.length; i++) sample.push(pick(group));
    }
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(0.025 * draws)], medians[Math.ceil(0.975 * draws) - 1]];
}

/**
 * Starts Chromium on a fresh profile named after `name`, with `extension`
 * (an unpacked extension's folder, a list of them, or null for none) and
 * `args` besides;
 * resolves with `{ context, profile }` (the caller closes the one and
 * removes the other with removeProfile).
 */
export async function launchBenchBrowser(name, extension, port, { args = [], viewport } = {}) {
  const profile = mkdtempSync(join(tmpdir(), `vigie-bench-${name}-`));
  const all = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', ...chromiumHostArgs(port), ...args,
  ];
  const extensions = [extension].flat().filter(Boolean).join(',');
  if (extensions) all.push(`--disable-extensions-except=${extensions}`, `--load-extension=${extensions}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    ...(viewport ? { viewport } : {}),
    args: all,
    ignoreDefaultArgs: extensions ? ['--disable-extensions', '--enable-automation'] : ['--enable-automation'],
  });
  return { context, profile };
}
