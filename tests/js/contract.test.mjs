// The isolated-world half of the bridge (extension/content/observer/
// messages.js): which window messages are Vigie's hello, which are
// forgeries, which main-world reports are relayed (the shapes of
// extension/README.md, "Harvest detection"); and the contact-text helpers
// (contact-text.js).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plain } from './content-source.mjs';
import * as messages from '../../extension/content/observer/messages.js';
import * as contactText from '../../extension/content/observer/contact-text.js';
import contract from '../../src/contract.json' with { type: 'json' };

const pure = { ...messages, ...contactText };

const call = (fields = {}) => ({
  kind: 'call',
  api: 'fetch',
  url: 'https://www.linkedin.com/voyager/api/identity/profiles/alice-martin/profileContactInfo',
  method: 'GET',
  stack: ['https://www.linkedin.com/static/profile.js'],
  ...fields,
});
const replaced = (fields = {}) => ({ kind: 'nativeReplaced', api: 'fetch', by: 'https://cdn.example/hook.js', when: 'afterHooks', ...fields });
const without = (record, key) => {
  const copy = { ...record };
  delete copy[key];
  return copy;
};
// Reports reach the observer through structured clone: check them that way.
const valid = (report) => pure.isMainWorldReport(structuredClone(report));

describe('main-world reports', () => {
  test('every call api with its fields is accepted', () => {
    for (const api of ['fetch', 'xhr', 'beacon', 'websocket']) assert.equal(valid(call({ api })), true, api);
    assert.equal(valid(call({ method: '', stack: [] })), true, 'unknown method, empty stack');
    assert.equal(valid(call({ url: 'u'.repeat(2048), method: 'M'.repeat(2048) })), true, '2048 characters');
    assert.equal(valid(call({ stack: Array.from({ length: 20 }, (_, i) => `https://cdn.example/${i}.js`) })), true);
  });

  test('every replaceable api, with or without its author, is accepted', () => {
    for (const api of ['fetch', 'XMLHttpRequest.open', 'XMLHttpRequest.send', 'Response.json', 'Response.text', 'Response.arrayBuffer', 'Response.blob', 'JSON.parse']) {
      assert.equal(valid(replaced({ api })), true, api);
    }
    assert.equal(valid(replaced({ by: null, when: 'beforeHooks' })), true);
  });

  test('anything that is not a plain object is refused', () => {
    for (const value of [null, undefined, 'call', 42, [call()], new Date(), new Map([['kind', 'call']])]) {
      assert.equal(pure.isMainWorldReport(value), false, String(value));
    }
  });

  test('unknown kinds, missing and extra fields are refused', () => {
    assert.equal(valid(call({ kind: 'calls' })), false);
    assert.equal(valid({ ...call(), kind: undefined }), false);
    for (const key of ['kind', 'api', 'url', 'method', 'stack']) assert.equal(valid(without(call(), key)), false, `call without ${key}`);
    for (const key of ['kind', 'api', 'by', 'when']) assert.equal(valid(without(replaced(), key)), false, `nativeReplaced without ${key}`);
    assert.equal(valid(call({ extra: 1 })), false);
    assert.equal(valid(replaced({ stack: [] })), false);
  });

  test('a body sent as a Blob: its bytes as a binary string, at most the engine’s body size, never empty, with its address and whether it was cut', () => {
    const body = (over = {}) => ({ kind: 'sentBody', url: 'https://apm.rum.example/intake', bytes: '\x1f\x8b\x08', truncated: false, ...over });
    assert.equal(valid(body()), true);
    assert.equal(valid(body({ bytes: 'a'.repeat(contract.engine.maxBodyBytes), truncated: true })), true);
    for (const bytes of ['', 'a'.repeat(contract.engine.maxBodyBytes + 1), new Uint8Array(3), new ArrayBuffer(3), [1, 2, 3], null]) {
      assert.equal(valid(body({ bytes })), false, String(bytes));
    }
    for (const key of ['url', 'bytes', 'truncated']) assert.equal(valid(without(body(), key)), false, `without ${key}`);
    assert.equal(valid(body({ truncated: 'no' })), false);
    assert.equal(valid(body({ url: '' })), false);
    assert.equal(valid(body({ extra: 1 })), false);
  });

  test('a message sent over a WebSocket: the same shape as a body, its kind its own', () => {
    const message = (over = {}) => ({ kind: 'socketMessage', url: 'wss://ws.tchatbox.io/socket.io/', bytes: '42["visitor"]', truncated: false, ...over });
    assert.equal(valid(message()), true);
    for (const bytes of ['', 'a'.repeat(contract.engine.maxBodyBytes + 1), new ArrayBuffer(3), null]) {
      assert.equal(valid(message({ bytes })), false, String(bytes));
    }
    for (const key of ['url', 'bytes', 'truncated']) assert.equal(valid(without(message(), key)), false, `without ${key}`);
    assert.equal(valid(message({ extra: 1 })), false);
  });

  test('api names belong to their kind', () => {
    assert.equal(valid(call({ api: 'XMLHttpRequest.open' })), false);
    assert.equal(valid(call({ api: 'Fetch' })), false);
    assert.equal(valid(replaced({ api: 'xhr' })), false);
    assert.equal(valid(replaced({ api: 'WebSocket' })), false);
  });

  test('url is a non-empty string of at most 2048 characters', () => {
    for (const url of ['', 'u'.repeat(2049), 42, null, ['https://x/'], { href: 'https://x/' }]) {
      assert.equal(valid(call({ url })), false, String(url).slice(0, 20));
    }
  });

  test('method is a string of at most 2048 characters', () => {
    for (const method of ['M'.repeat(2049), 1, null, undefined]) assert.equal(valid(call({ method })), false, String(method).slice(0, 20));
  });

  test('stack is a dense array of at most 20 non-empty strings of at most 2048 characters', () => {
    const sparse = ['https://a/'];
    sparse.length = 2;
    const decorated = ['https://a/'];
    decorated.note = 'x';
    for (const stack of [
      'https://a/',
      null,
      { 0: 'https://a/', length: 1 },
      Array.from({ length: 21 }, (_, i) => `https://cdn.example/${i}.js`),
      [''],
      [42],
      [null],
      ['s'.repeat(2049)],
      sparse,
      decorated,
    ]) {
      assert.equal(valid(call({ stack })), false, JSON.stringify(stack)?.slice(0, 40));
    }
  });

  test('by is null or a non-empty string of at most 2048 characters; when is one of two', () => {
    for (const by of ['', 'b'.repeat(2049), 0, false, undefined, []]) assert.equal(valid(replaced({ by })), false, String(by).slice(0, 20));
    for (const when of ['before', 'AfterHooks', '', null]) assert.equal(valid(replaced({ when })), false, String(when));
  });
});

describe('drop notices from the main world', () => {
  test('a positive integer count is taken', () => {
    assert.equal(pure.droppedCount(structuredClone({ kind: 'dropped', count: 12 })), 12);
  });

  test('anything else counts as nothing', () => {
    for (const value of [
      { kind: 'dropped', count: 0 },
      { kind: 'dropped', count: -3 },
      { kind: 'dropped', count: 1.5 },
      { kind: 'dropped', count: '4' },
      { kind: 'dropped', count: 2 ** 60 },
      { kind: 'dropped', count: 4, extra: true },
      { kind: 'call', count: 4 },
      null,
      'dropped',
    ]) {
      assert.equal(pure.droppedCount(value), 0, JSON.stringify(value));
    }
  });
});

describe('window messages', () => {
  const NONCE = '0123456789abcdef0123456789abcdef';
  const hello = (fields = {}) => ({ __vigie: 'hello', nonce: NONCE, ...fields });
  const genuine = { trusted: true, fromSelf: true, portCount: 1, bridgeOpen: false };
  const classify = (data, event = {}) => pure.classifyWindowMessage(data, { ...genuine, ...event });

  test('the first trusted hello from this window with one port opens the bridge', () => {
    assert.equal(classify(hello()), 'accept');
  });

  test('a hello after the bridge is open is late, however it was sent', () => {
    assert.equal(classify(hello(), { bridgeOpen: true }), 'late');
    assert.equal(classify(hello({ nonce: 'x' }), { bridgeOpen: true, trusted: false }), 'late');
  });

  test('a hello that is synthetic, from another window or without exactly one port is forged', () => {
    assert.equal(classify(hello(), { trusted: false }), 'forged');
    assert.equal(classify(hello(), { fromSelf: false }), 'forged');
    assert.equal(classify(hello(), { portCount: 0 }), 'forged');
    assert.equal(classify(hello(), { portCount: 2 }), 'forged');
  });

  test('a malformed hello is forged', () => {
    for (const nonce of ['', '0123', NONCE.toUpperCase(), `${NONCE}0`, 42, null]) {
      assert.equal(classify(hello({ nonce })), 'forged', String(nonce));
    }
    assert.equal(classify(without(hello(), 'nonce')), 'forged');
    assert.equal(classify(hello({ port: 1 })), 'forged');
    assert.equal(classify({ __vigie: 'Hello', nonce: NONCE }), 'forged');
  });

  test('report-looking messages on the window are forged, even trusted and from this window', () => {
    for (const data of [
      call(),
      replaced(),
      { kind: 'dropped', count: 3 },
      { type: 'vigie:main-world', report: call() },
      { type: 'vigie:bridge-drop', reason: 'forged', count: 1 },
      { __vigie: 'report', report: call() },
    ]) {
      assert.equal(classify(data), 'forged', JSON.stringify(data).slice(0, 50));
    }
  });

  test('the page’s own messages are ignored', () => {
    for (const data of [
      'hello',
      null,
      42,
      ['__vigie'],
      { type: 'app:ready' },
      { kind: 'call' },
      { kind: 'call', method: 'rpc' },
      { vigie: 'hello' },
    ]) {
      assert.equal(classify(data), 'ignore', JSON.stringify(data));
      assert.equal(pure.looksLikeVigieMessage(data), false);
    }
  });
});

describe('contact text', () => {
  test('mailto: links give their addresses', () => {
    assert.deepEqual(plain(pure.mailtoAddresses('mailto:alice.martin@nordlys-energy.example')), ['alice.martin@nordlys-energy.example']);
    assert.deepEqual(plain(pure.mailtoAddresses('MAILTO:a@x.example,b%40y.example?subject=hi')), ['a@x.example', 'b@y.example']);
    assert.deepEqual(plain(pure.mailtoAddresses('mailto:?subject=hi')), []);
    assert.deepEqual(plain(pure.mailtoAddresses('mailto:not-an-address')), []);
    assert.deepEqual(plain(pure.mailtoAddresses('https://x.example/mailto:a@x.example')), []);
    assert.deepEqual(plain(pure.mailtoAddresses(null)), []);
  });

  test('tel: links give their number without parameters', () => {
    assert.equal(pure.telNumber('tel:+33%206%2012%2034%2056%2078'), '+33 6 12 34 56 78');
    assert.equal(pure.telNumber('TEL:+1-555-0100;ext=12'), '+1-555-0100');
    assert.equal(pure.telNumber('tel:12'), null);
    assert.equal(pure.telNumber('mailto:a@x.example'), null);
  });

  test('a phone number written as a text of its own is taken, and nothing else is', () => {
    // As LinkedIn's Contact info writes them: the number alone, its type in parentheses beside it or in the next span.
    assert.equal(pure.phoneText('\n      +1 415-555-0132\n    '), '+1 415-555-0132');
    assert.equal(pure.phoneText('+33 6 12 34 56 78 (Mobile)'), '+33 6 12 34 56 78');
    assert.equal(pure.phoneText('(415) 555-0132'), '(415) 555-0132');
    assert.equal(pure.phoneText('06.12.34.56.78'), '06.12.34.56.78');
    assert.equal(pure.phoneText('+44\u00a020\u00a07946\u00a00958'), '+44 20 7946 0958', 'no-break spaces read as spaces');
    for (const text of ['2019 - 2023', '12/03/2024', '500+', '75001', '1,234 followers', 'Phone', '+33 6 12', 'Call +33 6 12 34 56 78',
      '1234567890123456', '+1 415-555-0132 or +1 415-555-0133', '10:30 - 12:45', '']) {
      assert.equal(pure.phoneText(text), null, JSON.stringify(text));
    }
  });

  test('e-mail addresses are found in text, without surrounding punctuation', () => {
    assert.deepEqual(plain(pure.emailsInText('Email\nalice.martin@nordlys-energy.example\nPhone +33 6')), ['alice.martin@nordlys-energy.example']);
    assert.deepEqual(plain(pure.emailsInText('(bob@x.example), <carol@y.example>; "dan@z.example".')), ['bob@x.example', 'carol@y.example', 'dan@z.example']);
    assert.deepEqual(plain(pure.emailsInText('@handle, a@b, user@localhost, 50 @ 3')), []);
  });

  test('hostile text is scanned in linear time', () => {
    const hostile = `${'a'.repeat(200000)} ${'a.'.repeat(100000)}@ ${'x@'.repeat(100000)}`;
    const started = performance.now();
    pure.emailsInText(hostile);
    assert.ok(performance.now() - started < 1000, 'scanned within 1 s');
  });

  test('names are whitespace-collapsed and cut', () => {
    assert.equal(pure.cleanText('  Alice\n   Martin  ', 80), 'Alice Martin');
    assert.equal(pure.cleanText('x'.repeat(100), 80).length, 80);
    assert.equal(pure.cleanText(undefined, 80), '');
  });

  test('each value is sent once per page (e-mails without case), at most the cap', () => {
    const seen = new Set();
    const first = pure.freshContactValues(seen, [{ kind: 'email', value: 'A@x.example' }, { kind: 'name', value: 'Alice' }], 3);
    assert.deepEqual(plain(first), [{ kind: 'email', value: 'A@x.example' }, { kind: 'name', value: 'Alice' }]);
    const second = pure.freshContactValues(
      seen,
      [{ kind: 'email', value: 'a@x.example' }, { kind: 'phone', value: '+1 555' }, { kind: 'name', value: 'Bob' }],
      3,
    );
    assert.deepEqual(plain(second), [{ kind: 'phone', value: '+1 555' }]);
    assert.equal(seen.size, 3);
  });
});
