// The real popup (extension/popup/popup.html and its modules) in headless
// Chromium without the extension: the extension APIs are stubbed, the
// background's answer is a PopupState given by the caller, and the messages
// come from the real messages.json of the chosen language. Used by the
// screenshots (popup-preview.mjs) and by the popup's rendering tests.
//
// Chromium refuses module scripts from file:// (origin "null", CORS), so the
// extension folder is served by a throwaway server on 127.0.0.1. Nothing else
// is fetched.

import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXTENSION_ROOT = resolve(fileURLToPath(new URL('../../extension/', import.meta.url)));
/** The popup's width (popup.css gives the body this width). */
export const POPUP_WIDTH = 380;
/** Browsers cap an action popup's height at 600 px; taller content scrolls. */
export const POPUP_MAX_HEIGHT = 600;
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The messages of one locale, as parsed JSON. */
export function localeMessages(lang) {
  return JSON.parse(readFileSync(join(EXTENSION_ROOT, '_locales', lang, 'messages.json'), 'utf8'));
}

/** Why the browser tests cannot run here, or null when they can. */
export async function browserUnavailable() {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed`;
  try {
    await import('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm ci)';
  }
  return null;
}

/**
 * Headless Chromium. `scrollbars: true` shows classic scroll bars, which take
 * width from the page as they do in a popup on Linux and Windows (Playwright
 * hides them by default).
 */
export async function launchChromium({ scrollbars = false } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : [],
  });
}

// Runs in the page before popup.js. Same contract as the browser's APIs: the
// i18n substitution follows chrome.i18n (named $PLACEHOLDER$ → its content,
// then $1…$9 → arguments, $$ → $; unknown key → '').
function installStubs({ messages, lang, state, scenario }) {
  const placeholders = (entry) =>
    Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const getMessage = (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return key === '@@ui_locale' ? lang : '';
    const args = substitutions == null ? [] : [].concat(substitutions).map(String);
    const named = placeholders(entry);
    return entry.message
      .replace(/\$([a-z0-9_@]+)\$/gi, (match, name) => named[name.toLowerCase()] ?? match)
      .replace(/\$(\$|[1-9])/g, (_, d) => (d === '$' ? '$' : (args[Number(d) - 1] ?? '')));
  };
  let current = state;
  globalThis.browser = undefined;
  globalThis.chrome = {
    runtime: {
      id: 'vigievigievigievigievigievigievi',
      getManifest: () => ({ manifest_version: 3, name: 'Vigie', version: '0.4.0' }),
      async sendMessage(message) {
        if (scenario === 'error') throw new Error('Could not establish connection. Receiving end does not exist.');
        if (message.type === 'vigie:popup-state') return structuredClone(current);
        if (message.type === 'vigie:extensions') return structuredClone(current.extensionsState ?? { ok: true, extensions: [] });
        if (message.type === 'vigie:extension-details') return { ok: true };
        if (message.type === 'vigie:disable-extension') return { ok: true };
        if (message.type === 'vigie:forget-site') {
          const removed = current.findings.length;
          current = { ...current, findings: [], watched: { pages: 0, injections: 0, since: Date.now() } };
          return { ok: true, removed };
        }
        return { ok: false, error: { kind: 'UnknownMessage', message: message.type } };
      },
    },
    tabs: { query: async () => [{ id: 7, active: true }] },
    i18n: { getMessage, getUILanguage: () => lang },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves extension/ on 127.0.0.1; resolves to `{ origin, close() }`. */
export function serveExtension() {
  const server = createServer(async (req, res) => {
    const path = normalize(join(EXTENSION_ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(EXTENSION_ROOT + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () =>
      ready({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }),
    ),
  );
}

/**
 * Opens the popup showing `state` (null: the background does not answer) and
 * waits until it has rendered. Resolves to `{ page, context, problems }`;
 * `problems` collects page errors and console errors as they happen. The
 * caller closes `context`.
 */
export async function openPopup(browser, origin, { lang, state, scenario = '', viewport, colorScheme = 'light', scale = 1 }) {
  const context = await browser.newContext({
    viewport: viewport ?? { width: POPUP_WIDTH, height: POPUP_MAX_HEIGHT },
    deviceScaleFactor: scale,
    colorScheme,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    // The page server has no favicon; the extension page never asks for one.
    if (msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  await page.addInitScript(installStubs, { messages: localeMessages(lang), lang, state, scenario });
  await page.goto(`${origin}/popup/popup.html?tab=7`);
  await page.waitForSelector('#content[aria-busy="false"]');
  return { page, context, problems };
}

/**
 * What sticks out sideways: the document's scroll and client widths, and the
 * elements whose box ends right of the visible width (tag.class, with their
 * right edge).
 */
export function overflowOf(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((node) => node.getClientRects().length > 0 && node.getBoundingClientRect().right > width + 0.5)
      .map((node) => `${node.tagName.toLowerCase()}.${node.className?.baseVal ?? node.className} → ${Math.round(node.getBoundingClientRect().right)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
}
