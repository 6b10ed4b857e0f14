// Stack parsing and the small text helpers of the main-world script
// (extension/content/main-world/stack.js and text.js), on V8 and Firefox
// stack formats, hostile stacks, and a realm whose built-ins a page has
// tampered with.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import { moduleInRealm, plain } from './content-source.mjs';
import * as stack from '../../extension/content/main-world/stack.js';
import * as text from '../../extension/content/main-world/text.js';

const pure = { ...stack, ...text };
const urls = (stackText, self, boundary) => plain(pure.stackUrlsFromText(stackText, self, boundary));

const VIGIE = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/content/main-world.js';
const OTHER_EXTENSION = 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/inject.js';
const PROFILE = 'https://www.linkedin.com/static/profile.js';
const APP = 'https://cdn.example/app.js';
const LOADER = 'https://cdn.example/loader.js';
const PAGE = 'https://www.linkedin.com/in/alice-martin/';

const v8 = (...frames) => ['Error', ...frames.map((f) => `    at ${f}`)].join('\n');

describe('V8 stacks', () => {
  test('a call through Vigie lists the calling scripts innermost first, without Vigie', () => {
    const stack = v8(
      `captureStackText (${VIGIE}:300:20)`,
      `reportCall (${VIGIE}:320:5)`,
      `Object.fetch (${VIGIE}:400:9)`,
      `loadContacts (${APP}:10:5)`,
      'async Promise.all (index 0)',
      `${PROFILE}:3:1`,
      `eval (eval at run (${LOADER}:5:3), <anonymous>:1:1)`,
      `new Widget (${APP}:20:1)`,
      'Array.map (<anonymous>)',
      `HTMLDocument.<anonymous> (${PAGE}:12:3)`,
    );
    assert.deepEqual(urls(stack, VIGIE, 'fetch'), [APP, PROFILE, LOADER, APP, PAGE]);
  });

  test('each run of one script’s frames is listed once, so who called whom stays', () => {
    const stack = v8(`a (${APP}:1:1)`, `b (${APP}:1:9)`, `c (${PROFILE}:2:2)`, 'Array.forEach (<anonymous>)', `d (${PROFILE}:4:4)`, `e (${APP}:3:3)`);
    assert.deepEqual(urls(stack, VIGIE), [APP, PROFILE, APP]);
  });

  test('other extensions stay; Vigie frames deeper in the stack are dropped', () => {
    const stack = v8(
      `fetch (${VIGIE}:400:9)`,
      `harvest (${OTHER_EXTENSION}:7:7)`,
      `toString (${APP}:1:1)`,
      `fetch (${VIGIE}:400:9)`,
      `run (${APP}:9:9)`,
    );
    assert.deepEqual(urls(stack, VIGIE, 'fetch'), [OTHER_EXTENSION, APP]);
  });

  test('eval’d code whose caller is an extension’s script is page code of no known script', () => {
    // A page can bind eval and have an extension's callback call it: V8 then
    // names the extension as the caller.
    const stack = v8(`eval (eval at extCallback (${OTHER_EXTENSION}:1:1), <anonymous>:1:1)`, `extCallback (${OTHER_EXTENSION}:1:1)`);
    assert.deepEqual(urls(stack, VIGIE), [pure.STACK_PAGE_CODE, OTHER_EXTENSION]);
    const firefox = `@moz-extension://0d1e2f/inject.js line 4 > eval:1:1\nextCallback@moz-extension://0d1e2f/inject.js:4:3`;
    assert.deepEqual(urls(firefox, VIGIE), [pure.STACK_PAGE_CODE, 'moz-extension://0d1e2f/inject.js']);
    assert.deepEqual(plain(pure.withPageCodeMark([APP])), [pure.STACK_PAGE_CODE, APP]);
    const full = Array.from({ length: 20 }, (_, i) => `https://cdn.example/${i}.js`);
    const marked = plain(pure.withPageCodeMark(full));
    assert.equal(marked.length, 20);
    assert.equal(marked[0], pure.STACK_PAGE_CODE);
    assert.equal(marked[19], pure.STACK_CUT, 'what no longer fits is said cut');
  });

  test('nested eval and new Function resolve to the script that called them', () => {
    const stack = v8(
      `eval (eval at outer (eval at run (${LOADER}:5:3), <anonymous>:1:1), <anonymous>:2:2)`,
      `anonymous (eval at build (${APP}:8:8), <anonymous>:3:3)`,
    );
    assert.deepEqual(urls(stack, VIGIE), [LOADER, APP]);
  });

  test('URLs with parentheses, "@" and ports are kept whole', () => {
    const odd = 'https://cdn.example:8443/npm/lib@1.2.3/dist/a(1).js';
    assert.deepEqual(urls(v8(`f (${odd}:1:2)`, `${odd}:3:4`), VIGIE), [odd]);
  });

  test('frames without a script URL are skipped', () => {
    const stack = v8('Array.forEach (<anonymous>)', 'Promise.then (native)', 'x (index 0)', '<anonymous>:1:1');
    assert.deepEqual(urls(stack, VIGIE), []);
  });

  test('a real V8 stack from scripts with URLs parses to those URLs', () => {
    const context = vm.createContext({});
    new vm.Script('function inner() { return new Error().stack; }', { filename: APP }).runInContext(context);
    new vm.Script('function outer() { return inner(); }', { filename: PROFILE }).runInContext(context);
    const text = new vm.Script('outer()', { filename: PAGE }).runInContext(context);
    // Node's own frames (node:vm, the test runner) follow the page's.
    assert.deepEqual(urls(text, VIGIE).slice(0, 3), [APP, PROFILE, PAGE]);
  });
});

describe('Firefox stacks', () => {
  const MOZ = 'moz-extension://0b7e6a52-7a8e-4e4a-9a44-1f7b0d6c2c11/content/main-world.js';

  test('named, anonymous, async, eval and Function frames', () => {
    const stack = [
      `captureStackText@${MOZ}:300:20`,
      `fetch@${MOZ}:400:9`,
      'loadContacts@https://cdn.jsdelivr.net/npm/lib@1.2.3/dist/app.js:10:5',
      `async*@${PROFILE}:3:1`,
      `run@${LOADER} line 5 > eval:1:1`,
      `@${APP} line 2 > Function:1:1`,
      '',
    ].join('\n');
    assert.deepEqual(urls(stack, MOZ, 'fetch'), [
      'https://cdn.jsdelivr.net/npm/lib@1.2.3/dist/app.js',
      PROFILE,
      LOADER,
      APP,
    ]);
  });

  test('world-MAIN scripts read "<anonymous code>": Vigie’s frames end at its wrapper, another extension’s stay', () => {
    const stack = [
      'captureStackText@<anonymous code>:300:20',
      'captureStackUrls@<anonymous code>:310:5',
      'reportCall@<anonymous code>:320:5',
      'fetch@<anonymous code>:400:9',
      'harvest@<anonymous code>:12:3',
      `@${PROFILE}:3:1`,
    ].join('\n');
    assert.deepEqual(urls(stack, '<anonymous code>', 'fetch'), ['<anonymous code>', PROFILE]);
  });

  test('the setter of a guarded property is a boundary too', () => {
    const stack = ['captureStackText@<anonymous code>:1:1', 'set fetch@<anonymous code>:2:2', `@${APP}:3:3`].join('\n');
    assert.deepEqual(urls(stack, '<anonymous code>', 'set fetch'), [APP]);
  });

  test('without the wrapper frame, the whole innermost run is taken for Vigie', () => {
    const stack = ['a@<anonymous code>:1:1', 'b@<anonymous code>:2:2', `@${APP}:3:3`].join('\n');
    assert.deepEqual(urls(stack, '<anonymous code>', 'fetch'), [APP]);
  });

  test('debugger and unnamed sources are not script URLs', () => {
    assert.deepEqual(urls('f@debugger eval code:1:1\ng@:1:1', '<anonymous code>'), []);
  });
});

describe('hostile stacks', () => {
  test('a sourceURL cannot rename an eval: the caller of eval is reported', () => {
    // What V8's call site API gives for eval code; a sourceURL comment would
    // only change the frame's own script name, which is not read.
    assert.equal(pure.evalOriginUrl(`eval at run (${LOADER}:5:3)`), LOADER);
    assert.equal(pure.evalOriginUrl(`eval at <anonymous> (eval at run (${LOADER}:5:3), <anonymous>:1:1)`), LOADER);
  });

  test('names with parentheses do not shift the location', () => {
    assert.deepEqual(urls(v8(`a) (b (${APP}:1:1)`, `x(y (${PROFILE}:2:2)`), VIGIE), [APP, PROFILE]);
  });

  test("a caller's URL or name with brackets cannot shift an eval onto another script", () => {
    // A page at /p)(https://innocent.example/lib.js evals: V8 writes its URL
    // as it is, and the last bracketed group would name the innocent script.
    const innocent = 'https://innocent.example/lib.js';
    for (const origin of [
      `eval at <anonymous> (https://evil.example/p)(${innocent}:1:9)`,
      `eval at f) (${innocent}:1:9)`,
      `eval at <anonymous> (eval at run (https://evil.example/p)(${innocent}:5:3), <anonymous>:1:1)`,
    ]) {
      assert.equal(pure.evalOriginUrl(origin), null, origin);
    }
    // Brackets inside the location itself keep it whole.
    assert.equal(pure.evalOriginUrl('eval at f (https://evil.example/p(x)y.js:1:2)'), 'https://evil.example/p(x)y.js');
  });

  test('malformed eval origins give no URL rather than a wrong one', () => {
    for (const origin of ['eval at ', 'eval at f (', 'eval at f )', 'eval at f (eval at g (', `eval at ${'eval at '.repeat(20)}`]) {
      assert.equal(pure.evalOriginUrl(origin), null, origin);
    }
  });

  test('text that is not a stack gives nothing', () => {
    for (const text of [undefined, null, 42, {}, '', 'Error: boom', '\n\n\n', 'at', '@']) {
      assert.deepEqual(urls(text, VIGIE), [], String(text));
    }
  });

  test('at most 20 scripts, the last saying the stack goes on, each at most 2048 characters', () => {
    const many = v8(...Array.from({ length: 30 }, (_, i) => `f (https://cdn.example/${i}.js:1:1)`));
    const listed = urls(many, VIGIE);
    assert.equal(listed.length, 20);
    assert.equal(listed[0], 'https://cdn.example/0.js');
    assert.equal(listed[18], 'https://cdn.example/18.js');
    assert.equal(listed[19], pure.STACK_CUT);
    assert.equal(urls(v8(...Array.from({ length: 20 }, (_, i) => `f (https://cdn.example/${i}.js:1:1)`)), VIGIE)[19], pure.STACK_CUT);
    assert.equal(urls(v8(...Array.from({ length: 19 }, (_, i) => `f (https://cdn.example/${i}.js:1:1)`)), VIGIE).length, 19);
    assert.deepEqual(plain(pure.markedCut([APP, PROFILE])), [APP, PROFILE, pure.STACK_CUT]);
    assert.equal(plain(pure.markedCut(listed)).length, 20, 'marked once');
    const long = `https://cdn.example/${'a'.repeat(5000)}.js`;
    assert.equal(urls(v8(`f (${long}:1:1)`), VIGIE)[0].length, 2048);
  });

  test('a huge stack is parsed in linear time', () => {
    const huge = v8(...Array.from({ length: 50000 }, (_, i) => `f${'('.repeat(i % 7)} (https://cdn.example/${i % 40}.js:1:1)`));
    const started = performance.now();
    assert.equal(urls(huge, VIGIE).length, 20);
    assert.ok(performance.now() - started < 2000, 'parsed within 2 s');
  });

  test('the helpers keep working after a page tampers with its built-ins', () => {
    const context = vm.createContext({});
    const tampered = {
      ...moduleInRealm('extension/content/main-world/stack.js', { context }),
      ...moduleInRealm('extension/content/main-world/text.js', { context }),
    };
    const before = plain(tampered.stackUrlsFromText(v8(`a (${APP}:1:1)`, `b (${PROFILE}:2:2)`), VIGIE));
    vm.runInContext(
      `globalThis.leaked = [];
       const fake = () => { throw new Error('page code was called'); };
       String.prototype.slice = String.prototype.indexOf = String.prototype.lastIndexOf = fake;
       String.prototype.trim = String.prototype.toUpperCase = fake;
       RegExp.prototype.exec = fake;
       Array.prototype.push = fake;
       Reflect.apply = fake;
       Object.defineProperty(Array.prototype, '0', { set(v) { leaked.push(v); }, configurable: true });
       Object.defineProperty(Object.prototype, 'url', { set(v) { leaked.push(v); }, configurable: true });`,
      context,
    );
    assert.deepEqual(plain(tampered.stackUrlsFromText(v8(`a (${APP}:1:1)`, `b (${PROFILE}:2:2)`), VIGIE)), before);
    assert.equal(tampered.normalizeMethod('post'), 'POST');
    assert.equal(tampered.looksNative('function fetch() { [native code] }', 'fetch'), true);
    assert.deepEqual(plain(vm.runInContext('leaked', context)), []);
  });
});

describe('script locations', () => {
  test('line and column are removed, non-URLs rejected', () => {
    assert.equal(pure.scriptUrlOfLocation(`${APP}:10:5`), APP);
    assert.equal(pure.scriptUrlOfLocation(`${APP}:10`), APP);
    assert.equal(pure.scriptUrlOfLocation(`${LOADER} line 5 > eval line 1 > Function:1:1`), LOADER);
    assert.equal(pure.scriptUrlOfLocation('<anonymous code>:4:2'), '<anonymous code>');
    assert.equal(pure.scriptUrlOfLocation('blob:https://www.linkedin.com/5d1c:1:1'), 'blob:https://www.linkedin.com/5d1c');
    for (const location of ['native', '<anonymous>', 'index 0', '', '  ', '1:1', '/relative.js:1:1']) {
      assert.equal(pure.scriptUrlOfLocation(location), null, location);
    }
  });
});

describe('native sources', () => {
  test('V8 and Firefox forms of a native with the expected name', () => {
    assert.equal(pure.looksNative('function fetch() { [native code] }', 'fetch'), true);
    assert.equal(pure.looksNative('function fetch() {\n    [native code]\n}', 'fetch'), true);
  });

  test('page functions, other names, bound functions and non-strings are not', () => {
    assert.equal(pure.looksNative('function fetch(a) { return a; }', 'fetch'), false);
    assert.equal(pure.looksNative('function open() { [native code] }', 'fetch'), false);
    assert.equal(pure.looksNative('function () { [native code] }', 'fetch'), false);
    assert.equal(pure.looksNative('function fetch() { [native code] } ', 'fetch'), false);
    assert.equal(pure.looksNative(null, 'fetch'), false);
  });
});

describe('methods and lengths', () => {
  test('the six standard methods are upper-cased, others kept as written', () => {
    assert.deepEqual(
      ['get', 'Post', 'delete', 'head', 'options', 'put', 'patch', 'PROPFIND'].map(pure.normalizeMethod),
      ['GET', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PUT', 'patch', 'PROPFIND'],
    );
  });

  test('texts are cut at 2048 characters', () => {
    assert.equal(pure.capText('x'.repeat(3000)).length, 2048);
    assert.equal(pure.capText('short'), 'short');
  });

  test('a WebSocket opened with an http(s) address is reported as the ws(s) one the browser connects to', () => {
    assert.equal(pure.socketUrl('https://chat.example/socket?x=1'), 'wss://chat.example/socket?x=1');
    assert.equal(pure.socketUrl('http://chat.example/s'), 'ws://chat.example/s');
    assert.equal(pure.socketUrl('wss://chat.example/s'), 'wss://chat.example/s');
    assert.equal(pure.socketUrl('ws://chat.example/s'), 'ws://chat.example/s');
    assert.equal(pure.socketUrl('data:text/plain,https:'), 'data:text/plain,https:');
  });
});

describe('Firefox stacks as a page reads them', () => {
  const FF_VIGIE = [
    'call@<anonymous code>:47:46',
    'withPageCode@<anonymous code>:699:94',
    'fetch@<anonymous code>:1445:21',
  ];
  const FF_PAGE = [`load@${APP}:10:5`, `@${PAGE}:12:3`, `async*@${PROFILE}:3:1`];

  test('frames of world-MAIN extension code are left out, page frames kept in order', () => {
    const text = [...FF_VIGIE, ...FF_PAGE, ''].join('\n');
    assert.equal(pure.withoutExtensionFrames(text), [...FF_PAGE, ''].join('\n'));
    // Inside page code a wrapper called (a URL's toString): the page's
    // innermost frame stays above, Vigie's go from between.
    const inner = [`toString@${APP}:3:9`, 'toText@<anonymous code>:88:66', ...FF_VIGIE, ...FF_PAGE].join('\n');
    assert.equal(pure.withoutExtensionFrames(inner), [`toString@${APP}:3:9`, ...FF_PAGE].join('\n'));
    // Awaited callers of extension code are its frames too.
    assert.equal(pure.withoutExtensionFrames(`async*send@<anonymous code>:9:1\n${FF_PAGE[0]}`), FF_PAGE[0]);
  });

  test('a stack with no extension frame, or no text, is given back as it is', () => {
    const text = [...FF_PAGE, ''].join('\n');
    assert.equal(pure.withoutExtensionFrames(text), text);
    assert.equal(pure.withoutExtensionFrames(''), '');
    assert.equal(pure.withoutExtensionFrames(undefined), undefined);
  });

  test('page code cannot make its frames pass for extension frames, nor hide behind the name', () => {
    // A function named after an extension frame still has its own location.
    const named = `x@<anonymous code>:1:1@${APP}:4:2`;
    assert.equal(pure.withoutExtensionFrames(named), named);
    // Eval'd code is located at its caller, never at "<anonymous code>".
    const evaled = `@${APP} line 2 > eval:1:5`;
    assert.equal(pure.withoutExtensionFrames(evaled), evaled);
  });

  test('the location an error gives is its first frame of page code', () => {
    assert.deepEqual(plain(pure.pageLocation([...FF_VIGIE, ...FF_PAGE].join('\n'))), { file: APP, line: 10, column: 5 });
    assert.deepEqual(plain(pure.pageLocation(`@${PAGE}:12:3\n`)), { file: PAGE, line: 12, column: 3 });
    // A URL with "@" in it: the name ends at the first one.
    assert.deepEqual(plain(pure.pageLocation('f@https://cdn.example/pkg@1.2.3/x.js:7:8')), {
      file: 'https://cdn.example/pkg@1.2.3/x.js',
      line: 7,
      column: 8,
    });
    assert.equal(pure.pageLocation(FF_VIGIE.join('\n')), null);
    assert.equal(pure.pageLocation(''), null);
    assert.equal(pure.isExtensionFrameText(FF_VIGIE.join('\n')), true);
    assert.equal(pure.isExtensionFrameText(FF_PAGE.join('\n')), false);
    assert.equal(pure.isExtensionFrameText(`    at f (${VIGIE}:1:2)`), false);
  });
});
