// What the page-load tools (bench-pageload.mjs, bench-onoff.mjs,
// bench-pagecpu.mjs, profile-pageload.mjs) share: a Chromium with the
// fixture hosts mapped to the loopback server and unpacked extensions, on a
// fresh profile; the heavy pages, empty extensions to compare with, one
// timed load, and the median of their samples.

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
 * One load of `url` in `page` after about:blank: the page's own Navigation
 * Timing, from its start to the end of its load event, in ms.
 */
export async function loadTime(page, url) {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'load' });
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

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

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
