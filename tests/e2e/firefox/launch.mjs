// Launches Debian's firefox-esr, headless, driven over Marionette, with the
// built Vigie (dist/firefox) and fixture extensions installed as temporary
// add-ons, and the fixture sites reached under their real host names.
//
// Firefox has no --host-resolver-rules: an HTTPS CONNECT proxy on loopback
// (set in the proxy prefs) sends the fixture hosts to the fixture server and
// refuses every other host. The fixture certificate (www/cert.mjs, self-
// signed) is accepted through the session's acceptInsecureCerts. Vigie's
// moz-extension:// UUID is fixed with the extensions.webextensions.uuids
// pref, so that the test can open its popup as a page.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, eventually, fixtureExtension, removeProfile } from '../harness.mjs';
import { Marionette } from './marionette.mjs';
import { MAPPED_HOSTS } from '../../../www/hosts.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';
export const VIGIE_FIREFOX_DIR = join(ROOT, 'dist/firefox');
export const VIGIE_ID = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.template.json'), 'utf8')).firefox
  .browser_specific_settings.gecko.id;
export const VIGIE_UUID = '0b7f6c2e-3d1a-4c55-9e2f-8a6b1d4c7e90';
const MAPPED = new Set(MAPPED_HOSTS);

/** An HTTPS CONNECT proxy on 127.0.0.1 that tunnels the fixture hosts to `serverPort`. */
export async function startProxy(serverPort) {
  const sockets = new Set();
  const proxy = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (head) => {
      const line = head.toString('latin1').split('\r\n')[0];
      const match = /^CONNECT ([^:\s]+):(\d+) HTTP\/1\.[01]$/.exec(line);
      if (!match || !MAPPED.has(match[1]) || match[2] !== '443') {
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const upstream = net.connect(serverPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.once('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: proxy.address().port,
    close: () =>
      new Promise((resolve) => {
        proxy.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function userPrefs({ proxyPort, idleTimeoutMs }) {
  const prefs = {
    // Marionette on a free port, written to <profile>/MarionetteActivePort.
    'marionette.port': 0,
    'network.proxy.type': 1,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.dns.disablePrefetch': true,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.webextensions.uuids': JSON.stringify({ [VIGIE_ID]: VIGIE_UUID }),
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'app.update.enabled': false,
    'app.update.auto': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.page': 0,
    'browser.startup.homepage': 'about:blank',
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'browser.newtabpage.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'intl.locale.requested': 'en-US',
  };
  // Firefox stops an idle event page after this long (30 s by default).
  if (idleTimeoutMs) prefs['extensions.background.idle.timeout'] = idleTimeoutMs;
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join('\n');
}

/**
 * Starts Firefox with `fixtures` and then Vigie installed; `beforeVigie(marionette)`
 * runs in between (to open pages Vigie will find already open); `vigieDir`:
 * another Firefox build of Vigie (a test build), or null for none. Returns
 * `{ marionette, uuid, vigieUrl(path), close() }`.
 */
export async function launchFirefox({ serverPort, fixtures = [], idleTimeoutMs = null, beforeVigie = null, vigieDir = VIGIE_FIREFOX_DIR }) {
  if (vigieDir !== null && !existsSync(join(vigieDir, 'manifest.json'))) throw new Error(`${vigieDir} is missing: run ./build.sh first`);
  const proxy = await startProxy(serverPort);
  const profile = mkdtempSync(join(tmpdir(), 'vigie-firefox-'));
  writeFileSync(join(profile, 'user.js'), userPrefs({ proxyPort: proxy.port, idleTimeoutMs }));
  const firefox = spawn(
    FIREFOX,
    ['--headless', '-marionette', '-remote-allow-system-access', '--no-remote', '--profile', profile, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } },
  );
  let stderr = '';
  firefox.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => firefox.once('exit', resolve));
  let marionette = null;
  const close = async () => {
    await marionette?.quit();
    const timer = setTimeout(() => firefox.kill('SIGKILL'), 5000);
    if (firefox.exitCode === null) firefox.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
    await proxy.close();
    removeProfile(profile);
  };
  try {
    const portFile = join(profile, 'MarionetteActivePort');
    const port = await eventually(() => existsSync(portFile) && Number(readFileSync(portFile, 'utf8').trim()), {
      what: `Firefox's Marionette port (${stderr.trim().split('\n').at(-1) ?? ''})`,
      timeout: 60000,
    });
    marionette = await Marionette.connect(port);
    await marionette.newSession({ acceptInsecureCerts: true, pageLoadStrategy: 'normal' });
    for (const name of fixtures) await marionette.installAddon(fixtureExtension(name));
    await beforeVigie?.(marionette);
    if (vigieDir !== null) await marionette.installAddon(vigieDir);
  } catch (error) {
    await close();
    throw new Error(`${error.message}\nFirefox said: ${stderr.slice(-1500)}`);
  }
  return {
    marionette,
    uuid: VIGIE_UUID,
    vigieUrl: (path) => `moz-extension://${VIGIE_UUID}/${path}`,
    close,
  };
}
