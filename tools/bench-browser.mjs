// What the page-load tools (bench-pageload.mjs, bench-pagecpu.mjs,
// profile-pageload.mjs) share: a Chromium with the fixture hosts mapped to
// the loopback server and at most one unpacked extension, on a fresh
// profile, and the median of their samples.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs } from '../www/server.mjs';

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
