// The main-world hooks and their bridge to the isolated world, in real
// Chromium on the LinkedIn-like fixture site:
//   - page scripts cannot open, reach or imitate the bridge;
//   - the hooks report calls with the calling scripts, whatever a page does
//     to Error.prepareStackTrace, Error.stackTraceLimit or function names;
//   - replacing fetch, XMLHttpRequest or Response methods is reported;
//   - the page behaves the same with and without Vigie.
//
// What the isolated world sends is read through a listener this test adds
// to Vigie's running service worker (through the DevTools protocol, not in
// background.js): it records every vigie:* message and answers vigie:config
// with both watches on. What the background then makes of these messages
// (events for the core, findings) is left to the TODOs below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumHostArgs, startServer } from '../../www/server.mjs';
import { profilePage } from '../../www/linkedin/pages.mjs';
import { findPerson } from '../../www/linkedin/people.mjs';
import { CSP } from '../../www/linkedin/session.mjs';
import { CONTACT_LINK, launch, eventually, removeProfile } from './harness.mjs';

const SITE = 'https://www.linkedin.com';
const TEST_SCRIPTS = `${SITE}/static/vigie-test/`;
const FORGED = 'https://forged.test/';

// Page scripts served under the site's own origin (its CSP allows only
// 'self'), so that their URLs show in stacks as a real site's scripts would.
// The first, inline script of a page's <head>: it runs after Vigie's
// document_start scripts and before Vigie's hello is delivered (the parser
// runs it in the same task), the best moment a page has to catch or
// pre-empt the bridge. An external script would run later: the parser
// waits for it, and the hello is delivered meanwhile.
const EARLY_INLINE = `
    window.helloNoncesSeen = [];
    window.addEventListener('message', (event) => {
      if (event.data && event.data.__vigie === 'hello') window.helloNoncesSeen.push(event.data.nonce);
    }, true);
    const forge = (send) => {
      const channel = new MessageChannel();
      send(channel.port2);
      channel.port1.postMessage({ kind: 'call', api: 'fetch', url: '${FORGED}early', method: 'GET', stack: [] });
    };
    forge((port) => window.dispatchEvent(new MessageEvent('message', {
      data: { __vigie: 'hello', nonce: 'e'.repeat(32) }, source: window, origin: location.origin, ports: [port] })));
    forge((port) => window.postMessage({ __vigie: 'hello', nonce: 'f'.repeat(32) }, '*', [port]));`;
const SCRIPT_NONCE = 'vigie-bridge-test';

const SCRIPTS = {
  // Runs in a child frame: a hello posted to the parent from another window.
  'child.js': `
    const channel = new MessageChannel();
    parent.postMessage({ __vigie: 'hello', nonce: '1'.repeat(32) }, '*', [channel.port2]);
    channel.port1.postMessage({ kind: 'call', api: 'fetch', url: '${FORGED}child-frame', method: 'GET', stack: [] });`,
  'hostile.js': `
    Error.prepareStackTrace = () => 'at framed (https://framed.test/prepared.js:1:1)';
    Error.stackTraceLimit = 0;
    const lookup = function () { return fetch('/feed/?from=hostile', { method: 'post' }); };
    Object.defineProperty(lookup, 'name', { value: 'x (https://framed.test/named.js:1:1)\\n    at y (https://framed.test/line.js:1:1)' });
    window.hostileLookup = lookup;`,
  'calls.js': `
    window.xhrGet = (url) => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('get', url);
      xhr.onloadend = () => resolve(xhr.status);
      xhr.send();
    });
    window.beacon = (url) => navigator.sendBeacon(url, 'x=1');
    window.socket = (url) => { const ws = new WebSocket(url); ws.onerror = () => {}; return ws.readyState; };`,
  'replacer.js': `
    const original = window.fetch;
    window.fetch = function fetch(input, init) {
      window.viaReplacement = (window.viaReplacement || 0) + 1;
      return original.call(this, input, init);
    };`,
  'json-hook.js': `
    const json = Response.prototype.json;
    Response.prototype.json = function () { return json.call(this); };`,
  'bypass.js': `
    const send = XMLHttpRequest.prototype.send;
    Object.defineProperty(XMLHttpRequest.prototype, 'send', {
      value: function send(body) { return send.call(this, body); }, writable: true, enumerable: true, configurable: true });`,
};

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

async function serveTestScripts(page) {
  await page.route(`${TEST_SCRIPTS}*`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    if (!Object.hasOwn(SCRIPTS, name)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: SCRIPTS[name] });
  });
  // Beacons and the test socket go nowhere: answer the beacon here.
  await page.route(`${SITE}/vigie-test-sink`, (route) => route.fulfill({ status: 204, body: '' }));
}

/** A profile page whose <head> starts with EARLY_INLINE (allowed by a CSP nonce). */
async function serveProfileWithEarlyScript(page, slug) {
  const csp = CSP.replace("script-src 'self'", `script-src 'self' 'nonce-${SCRIPT_NONCE}'`);
  assert.notEqual(csp, CSP);
  await page.route(`${SITE}/in/${slug}/`, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
      body: profilePage(findPerson(slug)).replace('<head>', `<head>\n<script nonce="${SCRIPT_NONCE}">${EARLY_INLINE}</script>`),
    }),
  );
}

/** Runs one of SCRIPTS as a page script (in the top frame, or in a new child frame). */
function loadScript(page, name, { inChildFrame = false } = {}) {
  return page.evaluate(
    ({ src, inChildFrame }) =>
      new Promise((resolve, reject) => {
        let doc = document;
        if (inChildFrame) {
          const frame = document.createElement('iframe');
          document.body.append(frame);
          doc = frame.contentDocument;
        }
        const script = doc.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${src}`));
        (doc.head ?? doc.body ?? doc.documentElement).append(script);
      }),
    { src: `${TEST_SCRIPTS}${name}`, inChildFrame },
  );
}

/** Records, in Vigie's service worker, every vigie:* message from a content script. */
async function recordMessages(worker) {
  await worker.evaluate(() => {
    globalThis.bridgeTestMessages = [];
    chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (typeof message?.type !== 'string' || !message.type.startsWith('vigie:') || !sender.tab) return false;
      // The main world's reports travel in batches (vigie:batch): recorded one by one.
      for (const one of message.type === 'vigie:batch' ? message.messages : [message]) {
        globalThis.bridgeTestMessages.push({ message: one, frameId: sender.frameId, url: sender.url });
      }
      if (message.type === 'vigie:config') sendResponse({ watchGestures: true, watchContacts: true });
      return false;
    });
  });
  return async () => (await worker.evaluate(() => globalThis.bridgeTestMessages)).map((m) => m.message);
}

const reportsOf = (messages) => messages.filter((m) => m.type === 'vigie:main-world').map((m) => m.report);
const callsTo = (messages, fragment) => reportsOf(messages).filter((r) => r.kind === 'call' && r.url.includes(fragment));
function dropsByReason(messages) {
  const drops = {};
  for (const m of messages) if (m.type === 'vigie:bridge-drop') drops[m.reason] = (drops[m.reason] ?? 0) + m.count;
  return drops;
}

function watchConsole(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

test('page scripts can neither catch the bridge nor pass messages through it', async () => {
  const browser = await launch({ serverPort: server.port });
  try {
    const messages = await recordMessages(await browser.worker());
    const page = await browser.context.newPage();
    await serveTestScripts(page);
    await serveProfileWithEarlyScript(page, 'bruno-keller');
    await page.goto(`${SITE}/in/bruno-keller/`);

    // After load: a hello with a port, a hello from a child frame, and
    // report-looking messages on the window.
    await loadScript(page, 'child.js', { inChildFrame: true });
    await page.evaluate((forged) => {
      const report = (url) => ({ kind: 'call', api: 'fetch', url, method: 'GET', stack: [] });
      const channel = new MessageChannel();
      window.postMessage({ __vigie: 'hello', nonce: '0'.repeat(32) }, '*', [channel.port2]);
      channel.port1.postMessage(report(`${forged}after-load`));
      window.postMessage(report(`${forged}window`), '*');
      window.postMessage({ type: 'vigie:main-world', report: report(`${forged}relay`) }, '*');
      window.postMessage({ __vigie: 'report', report: report(`${forged}tagged`) }, '*');
      window.postMessage({ kind: 'dropped', count: 1000 }, '*');
      window.postMessage({ type: 'app:ready', kind: 'call' }, '*'); // the page's own: not counted
    }, FORGED);

    // The genuine bridge still carries the hooks' reports.
    assert.equal(await page.evaluate(() => fetch('/feed/?after=forgeries').then((r) => r.status)), 200);
    const seen = await eventually(async () => {
      const all = await messages();
      const drops = dropsByReason(all);
      return callsTo(all, '/feed/?after=forgeries').length === 1 && drops.late >= 3 && drops.forged >= 5 && all;
    }, { what: 'the genuine report and the refusals' });

    const forgedReports = reportsOf(seen).filter((r) => JSON.stringify(r).includes(FORGED));
    assert.deepEqual(forgedReports, [], 'no forged report was relayed');
    const drops = dropsByReason(seen);
    console.log('bridge drops seen by the background:', drops);
    // late: every hello once the bridge is open, wherever it comes from —
    // the early script's posted hello, the child frame's, the one after load.
    assert.equal(drops.late, 3);
    // forged: the early synthetic hello (forged, not late: the early script
    // did run before the bridge opened) and the four report-looking messages.
    assert.equal(drops.forged, 5);
    assert.equal(drops.malformed, undefined);
    assert.equal(drops.rateLimited, undefined, 'a page cannot fake a drop notice');

    // Vigie's hello never reached a page listener, not even one registered
    // by the first script of the page before it was delivered: only the
    // page's own hellos did.
    const noncesSeen = await page.evaluate(() => window.helloNoncesSeen);
    assert.deepEqual(noncesSeen.sort(), ['0', '1', 'e', 'f'].map((c) => c.repeat(32)));
    // The engine counts the refusals, and believes none of them.
    const worker = await browser.worker();
    const health = await eventually(async () => {
      const h = await worker.evaluate(() => globalThis.vigie.health());
      return (h.bridgeDrops.forged ?? 0) >= 5 && h;
    }, { what: 'the engine to count the refused messages' });
    assert.ok(health.bridgeDrops.late >= 3, JSON.stringify(health.bridgeDrops));
    assert.deepEqual(await worker.evaluate(() => globalThis.vigie.findings()), []);
  } finally {
    await browser.close();
  }
});

test('calls are reported with the scripts that made them, whatever the page does to stacks', async () => {
  const browser = await launch({ serverPort: server.port });
  try {
    const messages = await recordMessages(await browser.worker());
    const page = await browser.context.newPage();
    await serveTestScripts(page);
    await page.goto(`${SITE}/in/alice-martin/`);

    // The site's own contact lookup, made by its bundle after a real click.
    await page.click(CONTACT_LINK);
    await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();

    await loadScript(page, 'hostile.js');
    await loadScript(page, 'calls.js');
    await page.evaluate(async () => {
      await window.hostileLookup();
      await window.xhrGet('/feed/?from=xhr');
      window.beacon('/vigie-test-sink?from=beacon');
      window.socket('wss://www.linkedin.com/vigie-test-socket');
      // An https address (allowed since Chrome 125): the browser connects to wss.
      window.socket('https://www.linkedin.com/vigie-test-https-socket');
    });
    // Vigie restored the page's own settings after each capture.
    assert.deepEqual(await page.evaluate(() => [Error.prepareStackTrace(), Error.stackTraceLimit]), [
      'at framed (https://framed.test/prepared.js:1:1)',
      0,
    ]);

    const all = await eventually(async () => {
      const list = await messages();
      const emailShown = list.some((m) => m.type === 'vigie:page-contact' && m.values.some((v) => v.kind === 'email'));
      return callsTo(list, 'vigie-test-socket').length === 1 && callsTo(list, 'vigie-test-https-socket').length === 1 && emailShown && list;
    }, { what: 'the socket report and the dialog’s e-mail' });
    const only = (fragment) => {
      const found = callsTo(all, fragment);
      assert.equal(found.length, 1, `one report for ${fragment}`);
      return found[0];
    };
    assert.deepEqual(only('memberIdentity:alice-martin'), {
      kind: 'call',
      api: 'fetch',
      url: `${SITE}/voyager/api/graphql?includeWebMetadata=true&variables=(memberIdentity:alice-martin)&queryId=${server.queryIds()['profile-contact-info-finder']}`,
      // fetch's init is read by the native alone (a page can watch every
      // read of it through a Proxy): the method of a call with an init is not known.
      method: '',
      stack: [`${SITE}/static/bundle.js`],
    });
    assert.deepEqual(only('from=hostile'), {
      kind: 'call',
      api: 'fetch',
      url: `${SITE}/feed/?from=hostile`,
      method: '',
      stack: [`${TEST_SCRIPTS}hostile.js`],
    });
    assert.deepEqual(only('from=xhr'), { kind: 'call', api: 'xhr', url: `${SITE}/feed/?from=xhr`, method: 'GET', stack: [`${TEST_SCRIPTS}calls.js`] });
    assert.deepEqual(only('from=beacon'), {
      kind: 'call',
      api: 'beacon',
      url: `${SITE}/vigie-test-sink?from=beacon`,
      method: 'POST',
      stack: [`${TEST_SCRIPTS}calls.js`],
    });
    assert.deepEqual(only('vigie-test-socket'), {
      kind: 'call',
      api: 'websocket',
      url: 'wss://www.linkedin.com/vigie-test-socket',
      method: 'GET',
      stack: [`${TEST_SCRIPTS}calls.js`],
    });
    // Reported as the address the browser's record of the handshake gives.
    assert.equal(only('vigie-test-https-socket').url, 'wss://www.linkedin.com/vigie-test-https-socket');
    assert.ok(!JSON.stringify(all).includes('framed.test'), 'no frame a page invented');

    // The isolated world's own observations on this profile.
    const gestures = all.filter((m) => m.type === 'vigie:gesture');
    assert.ok(gestures.every((g) => Math.abs(g.at - Date.now()) < 60_000), 'each click with its own time');
    assert.deepEqual(gestures.map(({ at: _, ...g }) => g), [{ type: 'vigie:gesture', href: `${SITE}/in/alice-martin/overlay/contact-info/`, text: 'Contact info' }]);
    const contacts = all.filter((m) => m.type === 'vigie:page-contact').flatMap((m) => m.values);
    assert.deepEqual(
      contacts.filter((v) => v.kind === 'email'),
      [{ kind: 'email', value: findPerson('alice-martin').email }],
    );
    assert.ok(contacts.some((v) => v.kind === 'name' && v.value === 'Alice Martin'));
    console.log('messages seen by the background:', all.map((m) => m.type).join(', '));
    // What the core makes of them (this lookup the person asked for raises
    // nothing) is tested end to end in harvest.test.mjs.
  } finally {
    await browser.close();
  }
});

test('replacing fetch, XMLHttpRequest or Response methods is reported with the script that did it', async () => {
  const browser = await launch({ serverPort: server.port });
  try {
    const messages = await recordMessages(await browser.worker());
    const page = await browser.context.newPage();
    await serveTestScripts(page);
    await page.goto(`${SITE}/in/chloe-nguyen/`);

    await loadScript(page, 'replacer.js');
    await loadScript(page, 'json-hook.js');
    const afterReplacement = await page.evaluate(async () => {
      const response = await fetch('/feed/?after=replacement');
      const descriptor = Object.getOwnPropertyDescriptor(window, 'fetch');
      const xhr = new XMLHttpRequest();
      const own = () => {};
      xhr.open = own; // an own property of this request, as without Vigie
      return {
        status: response.status,
        viaReplacement: window.viaReplacement,
        source: fetch.toString().slice(0, 'function fetch(input, init)'.length),
        configurable: descriptor.configurable,
        enumerable: descriptor.enumerable,
        ownOpen: Object.hasOwn(xhr, 'open') && XMLHttpRequest.prototype.open !== own,
      };
    });
    assert.deepEqual(afterReplacement, {
      status: 200,
      viaReplacement: 1,
      source: 'function fetch(input, init)',
      configurable: true,
      enumerable: true,
      ownOpen: true,
    });

    // Redefined with Object.defineProperty: the periodic check sees it too.
    await loadScript(page, 'bypass.js');
    const all = await eventually(
      async () => {
        const list = await messages();
        // One periodic check reports both, as separate messages: both are waited for.
        const apis = reportsOf(list).map((r) => r.api);
        return apis.includes('XMLHttpRequest.send') && apis.includes('Response.json') && list;
      },
      { timeout: 10000, what: 'the reports of the bypassed setter and of the replaced Response.json' },
    );
    const replaced = reportsOf(all).filter((r) => r.kind === 'nativeReplaced');
    assert.deepEqual(
      replaced.sort((a, b) => a.api.localeCompare(b.api)),
      [
        // Called by the test's own evaluation, which has no script URL: V8
        // shows the replacer's function held fetch, but no script called it,
        // as an extension's own code calling what it kept would look. Its
        // script is reported as the caller only (the core names nobody on
        // that, and takes a site's script for the site's own wrapper).
        { kind: 'nativeReplaced', api: 'fetch', by: `${TEST_SCRIPTS}replacer.js`, when: 'callThrough' },
        // Never called through: seen by the periodic check, whose author is unknown.
        { kind: 'nativeReplaced', api: 'Response.json', by: null, when: 'afterHooks' },
        { kind: 'nativeReplaced', api: 'XMLHttpRequest.send', by: null, when: 'afterHooks' },
      ],
    );
    // The call went through the page's wrapper, then Vigie's; it came from
    // the test's own evaluation, which has no script URL: the wrapper, the
    // only script on the stack, did not start it, and nobody is named.
    assert.deepEqual(callsTo(all, 'after=replacement')[0].stack, []);
    // TODO(lead): assert the nativesReplaced finding once the background
    // feeds these reports to the core.
  } finally {
    await browser.close();
  }
});

// ---- the page with and without Vigie -------------------------------------------

/** Chromium without any extension, same flags and host mapping. */
async function launchPlain() {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-e2e-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    viewport: { width: 1280, height: 900 },
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...chromiumHostArgs(server.port)],
    ignoreDefaultArgs: ['--enable-automation'],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      removeProfile(profile);
    },
  };
}

/** What a page can observe of the wrapped natives (run in the page). */
async function probeNatives() {
  const attempt = (run) => {
    try {
      const value = run();
      return value instanceof Promise ? value.then(() => 'resolved', (e) => `${e.name}: ${e.message}`) : `returned ${typeof value}`;
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  };
  const shape = (fn) => ({
    source: fn.toString(),
    viaCall: Function.prototype.toString.call(fn),
    name: fn.name,
    length: fn.length,
    ownKeys: Reflect.ownKeys(fn).map(String).sort(),
    prototypeKeys: fn.prototype ? Reflect.ownKeys(fn.prototype).map(String).sort() : null,
  });
  const flags = (object, key) => {
    const d = Object.getOwnPropertyDescriptor(object, key);
    return { configurable: d.configurable, enumerable: d.enumerable };
  };
  const hook = XMLHttpRequest.prototype;
  return {
    shapes: {
      fetch: shape(fetch),
      open: shape(hook.open),
      send: shape(hook.send),
      sendBeacon: shape(navigator.sendBeacon),
      WebSocket: shape(WebSocket),
      json: shape(Response.prototype.json),
      text: shape(Response.prototype.text),
      toString: shape(Function.prototype.toString),
    },
    flags: {
      fetch: flags(window, 'fetch'),
      open: flags(hook, 'open'),
      send: flags(hook, 'send'),
      json: flags(Response.prototype, 'json'),
      text: flags(Response.prototype, 'text'),
    },
    descriptors: {
      WebSocket: { ...Object.getOwnPropertyDescriptor(window, 'WebSocket'), value: typeof WebSocket },
      sendBeacon: { ...Object.getOwnPropertyDescriptor(Navigator.prototype, 'sendBeacon'), value: typeof navigator.sendBeacon },
      toString: { ...Object.getOwnPropertyDescriptor(Function.prototype, 'toString'), value: 'function' },
      webSocketPrototype: { ...Object.getOwnPropertyDescriptor(WebSocket, 'prototype'), value: typeof WebSocket.prototype },
    },
    webSocket: {
      statics: [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED],
      constructorLink: WebSocket.prototype.constructor === WebSocket,
      parent: Object.getPrototypeOf(WebSocket) === EventTarget,
    },
    keys: {
      xhr: Object.keys(hook).join(),
      response: Object.keys(Response.prototype).join(),
      windowHasFetch: Object.keys(window).includes('fetch'),
    },
    errors: {
      newFetch: attempt(() => new fetch('/')),
      fetchOtherThis: await attempt(() => fetch.call({}, '/')),
      fetchSymbol: await attempt(() => fetch(Symbol('x'))),
      fetchThrowingUrl: await attempt(() => fetch({ toString() { throw new RangeError('page toString'); } })),
      fetchBadMethod: await attempt(() => fetch('/', { method: 'GE T' })),
      fetchNoArgs: await attempt(() => fetch()),
      openOtherThis: attempt(() => hook.open.call({}, 'GET', '/')),
      openBadMethod: attempt(() => new XMLHttpRequest().open('GE T', '/')),
      openSymbol: attempt(() => new XMLHttpRequest().open('GET', Symbol('x'))),
      openOneArg: attempt(() => new XMLHttpRequest().open('GET')),
      sendUnopened: attempt(() => new XMLHttpRequest().send()),
      beaconOtherThis: attempt(() => Navigator.prototype.sendBeacon.call({}, '/')),
      beaconNoArgs: attempt(() => navigator.sendBeacon()),
      socketWithoutNew: attempt(() => WebSocket('wss://www.linkedin.com/')),
      socketBadUrl: attempt(() => new WebSocket('http://[')),
      socketNoArgs: attempt(() => new WebSocket()),
      toStringOnObject: attempt(() => Function.prototype.toString.call({})),
    },
    conversions: (() => {
      // A page's toString runs once per conversion, as without Vigie.
      let runs = 0;
      const url = { toString: () => (runs++, '/feed/?converted') };
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.send();
      return { runs, status: xhr.status };
    })(),
    errorSettings: ['prepareStackTrace' in Error, typeof Error.prepareStackTrace, Error.stackTraceLimit],
  };
}

async function visitProfile(context) {
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${SITE}/in/alice-martin/`);
  await page.click(CONTACT_LINK);
  await page.locator('#contact-dialog[open] a[href^="mailto:"]').waitFor();
  const dialog = await page.locator('#contact-body').innerText();
  await page.click('#contact-dialog .close');
  await page.waitForURL(`${SITE}/in/alice-martin/`);
  const flowProblems = [...problems];
  const natives = await page.evaluate(probeNatives);
  await page.close();
  return { dialog, flowProblems, natives };
}

test('the profile page behaves the same with and without Vigie', async () => {
  const plain = await launchPlain();
  let without;
  try {
    without = await visitProfile(plain.context);
  } finally {
    await plain.close();
  }
  const browser = await launch({ serverPort: server.port });
  let withVigie;
  try {
    withVigie = await visitProfile(browser.context);
  } finally {
    await browser.close();
  }
  assert.match(withVigie.dialog, new RegExp(findPerson('alice-martin').email.replace('.', '\\.')));
  assert.equal(withVigie.dialog, without.dialog, 'the contact dialog shows the same');
  assert.deepEqual(withVigie.flowProblems, [], 'no console errors or warnings with Vigie');
  assert.deepEqual(without.flowProblems, []);
  assert.equal(withVigie.natives.flags.fetch.configurable, true);
  assert.equal(withVigie.natives.shapes.fetch.source, 'function fetch() { [native code] }');
  assert.deepEqual(withVigie.natives, without.natives);
});
