// The content scripts as they ship: the classic scripts extension/build.mjs
// bundles from extension/content/main-world/ and observer/. Each is one
// strict IIFE that declares nothing on the page's global object; run in a
// fake window (fake-window.mjs), the main-world hooks keep the natives'
// names and sources and report a page's calls over the bridge, and the
// observer relays them to the background.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import vm from 'node:vm';
import { CONTENT_SCRIPTS, bundleContentScript } from '../../extension/build.mjs';
import contract from '../../src/contract.json' with { type: 'json' };
import { ROOT } from './content-source.mjs';
import { fakeWindow } from './fake-window.mjs';

const VIGIE = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/content/main-world.js';
const OBSERVER = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/content/observer.js';
const PROFILE = 'https://www.linkedin.com/static/profile.js';
const HOOK = 'https://cdn.example/hook.js';

const bundles = {};
before(async () => {
  for (const name of CONTENT_SCRIPTS) bundles[name] = await bundleContentScript(name);
});

/** The bundles build.mjs makes now, and those in dist/chrome when a build left them there. */
function shippedTexts(name) {
  const texts = [[`bundled ${name}`, bundles[name]]];
  const built = join(ROOT, 'dist/chrome/content', `${name}.js`);
  if (existsSync(built)) texts.push([built, readFileSync(built, 'utf8')]);
  return texts;
}

describe('each bundle', () => {
  let scratch;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'vigie-bundle-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const name of CONTENT_SCRIPTS) {
    test(`${name}: is a classic script that node --check accepts`, () => {
      for (const [label, text] of shippedTexts(name)) {
        assert.doesNotThrow(() => new vm.Script(text, { filename: label }), label);
        assert.doesNotMatch(text, /^(?:import|export)\b/m, `${label}: no import or export at top level`);
        // .cjs: node reads it as a script, not as a module.
        const file = join(scratch, `${name}.cjs`);
        writeFileSync(file, text);
        execFileSync(process.execPath, ['--check', file]);
      }
    });

    test(`${name}: is one strict IIFE after its comments, the only statement at top level`, () => {
      for (const [label, text] of shippedTexts(name)) {
        // Chromium's copy of the main-world script ends with the name its
        // frames get in stacks (extension/build.mjs, STACK_NAMES).
        assert.match(text, /^(?:\/\/[^\n]*\n)*"use strict";\n\(\(\) => \{\n[\s\S]*\n\}\)\(\);\n(?:\/\/# sourceURL=<anonymous>\n)?$/, label);
      }
    });

    test(`${name}: calls no bundler helper`, () => {
      // esbuild's helpers (__defProp, __name, __export…) would call
      // Object.defineProperty with descriptors a page can reach through
      // Object.prototype.
      assert.doesNotMatch(bundles[name], /\b__[a-zA-Z]+\(/);
    });

    test(`${name}: carries the values of src/contract.json`, () => {
      assert.match(bundles[name], new RegExp(`maxReportText: ${contract.shell.maxReportText},`));
    });
  }
});

describe('the main-world bundle in a page', () => {
  let page;
  let keysBefore;
  const load = () => {
    page = fakeWindow();
    keysBefore = page.globalKeys();
    page.run(bundles['main-world'], VIGIE);
    page.run(bundles.observer, OBSERVER);
  };
  after(() => page?.close());

  test('declares no global', () => {
    load();
    // But the observer's mark, which in a browser is in Vigie's isolated
    // world (existing-tabs.js asks it whether the page has Vigie's scripts).
    assert.deepEqual(page.globalKeys().filter((key) => key !== 'vigieObserver'), keysBefore);
    page.close();
  });

  test('fetch’s init is read as the native reads it: each member and each `in`, in order, once', () => {
    const logOf = (withVigie) => {
      page = fakeWindow();
      if (withVigie) {
        page.run(bundles['main-world'], VIGIE);
        page.run(bundles.observer, OBSERVER);
      }
      const log = page.run(
        `const log = [];
         const init = new Proxy({ body: 'x', method: 'POST' }, {
           get(target, key, receiver) { log.push('get ' + String(key)); return Reflect.get(target, key, receiver); },
           has(target, key) { log.push('has ' + String(key)); return Reflect.has(target, key); },
         });
         fetch('/collect', init);
         log.join(',')`,
        PROFILE,
      );
      page.close();
      return log;
    };
    const native = logOf(false);
    assert.equal(native, 'get attributionReporting,has attributionReporting,get body,get method');
    assert.equal(logOf(true), native);
  });

  test('keeps the natives’ names and sources on its wrappers', () => {
    load();
    const seen = page.run(`({
      fetch: [fetch.name, fetch.length, fetch.toString()],
      open: [XMLHttpRequest.prototype.open.name, XMLHttpRequest.prototype.open.toString()],
      send: [XMLHttpRequest.prototype.send.name, XMLHttpRequest.prototype.send.toString()],
      sendBeacon: [Navigator.prototype.sendBeacon.name, Navigator.prototype.sendBeacon.toString()],
      WebSocket: [WebSocket.name, WebSocket.toString(), WebSocket.OPEN, WebSocket.prototype.constructor === WebSocket],
      toString: Function.prototype.toString.toString(),
      json: Object.getOwnPropertyDescriptor(Response.prototype, 'json').value.toString(),
      fetchShape: Object.keys(Object.getOwnPropertyDescriptor(window, 'fetch')),
    })`);
    assert.deepEqual(JSON.parse(JSON.stringify(seen)), {
      fetch: ['fetch', 1, 'function fetch() { [native code] }'],
      open: ['open', 'function open() { [native code] }'],
      send: ['send', 'function send() { [native code] }'],
      sendBeacon: ['sendBeacon', 'function sendBeacon() { [native code] }'],
      WebSocket: ['WebSocket', 'function WebSocket() { [native code] }', 1, true],
      toString: 'function toString() { [native code] }',
      json: 'function json() { [native code] }',
      fetchShape: ['value', 'writable', 'enumerable', 'configurable'],
    });
    page.close();
  });

  test('reports a page script’s calls, with the script, through the observer to the background', async () => {
    load();
    await page.settle();
    page.run(
      `fetch('/voyager/api/identity/profiles/alice-martin/profileContactInfo', { method: 'get' });
       const xhr = new XMLHttpRequest();
       xhr.open('post', 'https://www.linkedin.com/li/track');
       xhr.send('{}');
       navigator.sendBeacon('/beacon', 'x');
       new WebSocket('wss://realtime.example/socket');`,
      PROFILE,
    );
    await page.settle();
    const reports = page.sent.filter((m) => m.type === 'vigie:main-world').map((m) => m.report);
    assert.deepEqual(reports[0], { kind: 'ready' });
    const calls = reports.filter((r) => r.kind === 'call');
    assert.deepEqual(
      calls.map(({ api, url, method, stack }) => [api, url, method, stack[0]]),
      [
        // fetch's init is left to the native (a page could watch it being read): no method.
        ['fetch', 'https://www.linkedin.com/voyager/api/identity/profiles/alice-martin/profileContactInfo', '', PROFILE],
        ['xhr', 'https://www.linkedin.com/li/track', 'POST', PROFILE],
        ['beacon', 'https://www.linkedin.com/beacon', 'POST', PROFILE],
        ['websocket', 'wss://realtime.example/socket', 'GET', PROFILE],
      ],
    );
    assert.deepEqual(page.batches, [4], 'the four calls of one script reach the background in one message');
    for (const call of calls) {
      assert.ok(contract.hooks.callApis.includes(call.api), call.api);
      assert.ok(!call.stack.includes(VIGIE), 'Vigie’s own frames are left out');
    }
    assert.deepEqual(page.sent.filter((m) => m.type === 'vigie:bridge-drop'), []);
    page.close();
  });

  test('a call made once the page replaced a built-in an extension’s callback may call says page code may be on its stack', async () => {
    load();
    await page.settle();
    page.run(`fetch('/before');`, PROFILE);
    page.run(`Date.now = function now() { return 0; }; fetch('/after');`, PROFILE);
    await page.settle();
    const stacks = page.sent
      .filter((m) => m.type === 'vigie:main-world' && m.report.kind === 'call')
      .map((m) => [new URL(m.report.url).pathname, m.report.stack.slice(0, 2)]);
    // (node's own frames follow the page's in this realm)
    assert.deepEqual(JSON.parse(JSON.stringify(stacks)), [
      ['/before', [PROFILE, 'node:vm']],
      ['/after', [contract.hooks.stackPageCode, PROFILE]],
    ]);
    page.close();
  });

  test('a built-in turned into an accessor, deleted or shadowed also says page code may be on the stack', async () => {
    const changes = {
      accessor: `Object.defineProperty(Math, 'random', { get() { return () => 0; }, configurable: true });`,
      deleted: `delete JSON.stringify;`,
      shadowed: `document.querySelector = function querySelector() { return null; };`,
      untouched: `Math.random();`,
    };
    for (const [what, change] of Object.entries(changes)) {
      load();
      await page.settle();
      page.run(`${change} fetch('/after');`, PROFILE);
      await page.settle();
      const [stack] = page.sent.filter((m) => m.type === 'vigie:main-world' && m.report.kind === 'call').map((m) => m.report.stack);
      assert.equal(stack[0], what === 'untouched' ? PROFILE : contract.hooks.stackPageCode, what);
      page.close();
    }
  });

  test('a flood of free data: calls spends no budget: the real call after it is still reported', async () => {
    load();
    await page.settle();
    page.run(
      `for (let i = 0; i < 400; i++) fetch('data:text/plain,' + i);
       fetch('/voyager/api/identity/profiles/bruno-keller/profileContactInfo');`,
      PROFILE,
    );
    await page.settle();
    const calls = page.sent
      .filter((m) => m.type === 'vigie:main-world' && m.report.kind === 'call')
      .map((m) => m.report.url);
    assert.deepEqual(calls, ['https://www.linkedin.com/voyager/api/identity/profiles/bruno-keller/profileContactInfo']);
    assert.deepEqual(page.sent.filter((m) => m.type === 'vigie:bridge-drop'), []);
    page.close();
  });

  test('reports natives replaced after its hooks, with the replacing script when it calls through, in the contract’s words', async () => {
    load();
    await page.settle();
    page.run(
      `const json = Response.prototype.json;
       Response.prototype.json = function () { return json.call(this); };
       const text = Response.prototype.text;
       Response.prototype.text = function () { return text.call(this); };
       const open = XMLHttpRequest.prototype.open;
       XMLHttpRequest.prototype.open = function (method, url) { return open.call(this, method, url); };
       new XMLHttpRequest().open('GET', '/feed/');
       // After the call: a replaced built-in makes later stacks page code's (integrity.js).
       const parse = JSON.parse;
       JSON.parse = function (text, reviver) { return parse(text, reviver); };`,
      HOOK,
    );
    // The properties stay data properties: a replacement that never calls
    // through is seen by the check every 3 s, without its author.
    await new Promise((resolve) => setTimeout(resolve, 3300));
    await page.settle();
    const replaced = page.sent.filter((m) => m.type === 'vigie:main-world' && m.report.kind === 'nativeReplaced').map((m) => m.report);
    assert.deepEqual(
      replaced.sort((a, b) => a.api.localeCompare(b.api)),
      [
        { kind: 'nativeReplaced', api: 'JSON.parse', by: null, when: 'afterHooks' },
        { kind: 'nativeReplaced', api: 'Response.json', by: null, when: 'afterHooks' },
        { kind: 'nativeReplaced', api: 'Response.text', by: null, when: 'afterHooks' },
        { kind: 'nativeReplaced', api: 'XMLHttpRequest.open', by: HOOK, when: 'afterHooks' },
      ],
    );
    for (const report of replaced) {
      assert.ok(contract.hooks.replaceableApis.includes(report.api), report.api);
      assert.ok(contract.hooks.replacedWhen.includes(report.when), report.when);
    }
    page.close();
  });

  test('names a script that calls a kept fetch after the page replaced it as a caller only, never as the replacer', async () => {
    const reportsAfter = async (code, caller = null) => {
      load();
      await page.settle();
      page.run(code, HOOK);
      if (caller) page.run(caller, PROFILE);
      await page.settle();
      const replaced = page.sent.filter((m) => m.type === 'vigie:main-world' && m.report.kind === 'nativeReplaced').map((m) => m.report);
      page.close();
      return replaced;
    };
    // The script kept Vigie's wrapper, then the property was replaced: its
    // own calls reach the wrapper without the replacement on the stack.
    assert.deepEqual(
      await reportsAfter(
        `const kept = fetch;
         globalThis.fetch = function (input, init) { return kept(input, init); };
         kept('/feed/').catch(() => {});`,
      ),
      [{ kind: 'nativeReplaced', api: 'fetch', by: HOOK, when: 'callThrough' }],
    );
    // A call through the replacement, whatever its own name: V8 finds its
    // function held as the global's fetch.
    assert.deepEqual(
      await reportsAfter(
        `const kept = fetch;
         const relay = function (input, init) { return kept(input, init); };
         globalThis.fetch = relay;
         fetch('/feed/').catch(() => {});`,
      ),
      [{ kind: 'nativeReplaced', api: 'fetch', by: HOOK, when: 'afterHooks' }],
    );
    // Strict code called as a bare fetch(…) by another script: no receiver
    // to look in, the name V8 gave the function where it was written.
    assert.deepEqual(
      await reportsAfter(
        `'use strict';
         const kept = fetch;
         globalThis.fetch = async (input, init) => kept(input, init);`,
        `'use strict'; fetch('/feed/').catch(() => {});`,
      ),
      [{ kind: 'nativeReplaced', api: 'fetch', by: HOOK, when: 'afterHooks' }],
    );
    // A Proxy's trap is no function held as fetch: a caller only.
    assert.deepEqual(
      await reportsAfter(
        `const kept = fetch;
         globalThis.fetch = new Proxy(kept, { apply: (target, self, args) => Reflect.apply(target, self, args) });`,
        `fetch('/feed/').catch(() => {});`,
      ),
      [{ kind: 'nativeReplaced', api: 'fetch', by: HOOK, when: 'callThrough' }],
    );
    // A caller-only report ends nothing: the replacement, called through
    // later, is still named.
    assert.deepEqual(
      await reportsAfter(
        `const kept = fetch;
         globalThis.fetch = function (input, init) { return kept(input, init); };
         kept('/feed/?kept').catch(() => {});`,
        `fetch('/feed/?through').catch(() => {});`,
      ),
      [
        { kind: 'nativeReplaced', api: 'fetch', by: HOOK, when: 'callThrough' },
        { kind: 'nativeReplaced', api: 'fetch', by: HOOK, when: 'afterHooks' },
      ],
    );
  });

  test('reports a native replaced before it loaded', async () => {
    page = fakeWindow();
    page.run(`const fetch0 = fetch; globalThis.fetch = function fetch(input, init) { return fetch0(input, init); };`, HOOK);
    page.run(bundles['main-world'], VIGIE);
    page.run(bundles.observer, OBSERVER);
    await page.settle();
    const replaced = page.sent.filter((m) => m.type === 'vigie:main-world' && m.report.kind === 'nativeReplaced').map((m) => m.report);
    // A page script, not an extension: the probe names extensions only.
    assert.deepEqual(replaced, [{ kind: 'nativeReplaced', api: 'fetch', by: null, when: 'beforeHooks' }]);
    page.close();
  });
});

describe('the observer bundle', () => {
  test('does nothing and declares no global where the extension context is gone', () => {
    const page = fakeWindow({ runtime: false });
    const keysBefore = page.globalKeys();
    page.run(bundles.observer, OBSERVER);
    assert.deepEqual(page.globalKeys(), keysBefore);
    assert.deepEqual(page.listened, []);
    page.close();
  });

  test('listens for the hello, typed values and clicks, once the extension context is there', () => {
    const page = fakeWindow();
    page.run(bundles.observer, OBSERVER);
    // The second pagehide sends the WebSocket messages gathered (bridge.js).
    assert.deepEqual(page.listened, ['pagehide', 'pageshow', 'pagehide', 'message', 'input', 'change', 'submit', 'click']);
    // A top frame knows what to watch (page-config.js): it asks the background nothing.
    assert.deepEqual(page.sent, []);
    page.close();
  });

  test('a subframe that cannot read the top page’s address asks the background what to watch', () => {
    const page = fakeWindow();
    page.run(`top = {};`);
    page.run(bundles.observer, OBSERVER);
    assert.deepEqual(page.sent, [{ type: 'vigie:config' }]);
    page.close();
  });

  test('refuses a hello that a page posts after Vigie’s', async () => {
    const page = fakeWindow();
    page.run(bundles['main-world'], VIGIE);
    page.run(bundles.observer, OBSERVER);
    await page.settle();
    page.run(`const channel = new MessageChannel(); postMessage({ __vigie: 'hello', nonce: '${'0'.repeat(32)}' }, '*', [channel.port2]);`);
    // Messages arrive in the order they were posted, but on a busy machine
    // later than one short wait: waited for, up to two seconds.
    for (let waited = 0; waited < 2000 && !page.sent.some((m) => m.type === 'vigie:bridge-drop'); waited += 20) await page.settle();
    assert.deepEqual(
      page.sent.filter((m) => m.type === 'vigie:bridge-drop'),
      [{ type: 'vigie:bridge-drop', reason: 'late', count: 1 }],
    );
    page.close();
  });
});
