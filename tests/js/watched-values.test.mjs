// The person's watched values: how an entry is checked and kept
// (extension/background/watched-store.js), how it is shown masked, and how
// the background gives the set to the engine (watched.js) — at a wake-up
// and after a change in the options page, straight to the engine, never
// into the event log or a snapshot that IndexedDB keeps.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { installBrowser, until } from './background-fakes/setup.mjs';
import { mask, normalizeEntry } from '../../extension/background/watched-store.js';

describe('an entry', () => {
  test('is kept trimmed, with its spaces collapsed, an e-mail lower-cased', () => {
    assert.equal(normalizeEntry('email', '  Jean.Dupont@Example.FR '), 'jean.dupont@example.fr');
    assert.equal(normalizeEntry('name', ' Jean   Dupont '), 'Jean Dupont');
    assert.equal(normalizeEntry('phone', '+33 6 12 34 56 78'), '+33 6 12 34 56 78');
    assert.equal(normalizeEntry('custom', 'Rue des Lilas 12'), 'Rue des Lilas 12');
  });

  test('is refused, with a reason, when it is not what its kind says', () => {
    const code = (kind, value) => {
      try {
        normalizeEntry(kind, value);
        return 'accepted';
      } catch (error) {
        return error.code;
      }
    };
    assert.equal(code('email', 'jean.dupont'), 'email');
    assert.equal(code('email', 'a@b@c.fr'), 'email');
    assert.equal(code('phone', '06 12'), 'phone');
    assert.equal(code('phone', 'call me: 0612345678'), 'phone');
    assert.equal(code('custom', 'abc'), 'tooShort');
    assert.equal(code('name', '   '), 'empty');
    assert.equal(code('name', 'x'.repeat(300)), 'tooLong');
    assert.equal(code('password', 'hunter22'), 'kind');
  });
});

describe('an entry shown masked', () => {
  test('keeps an e-mail’s first letter and domain', () => {
    assert.equal(mask('email', 'jean.dupont@example.com'), 'j***@example.com');
    assert.equal(mask('email', 'élodie@exemple.fr'), 'é***@exemple.fr');
  });

  test('keeps a phone’s first three digits, last two and spacing', () => {
    assert.equal(mask('phone', '+33 6 12 34 56 78'), '+33 6 ** ** ** 78');
    assert.equal(mask('phone', '0612345678'), '061*****78');
  });

  test('keeps the first letter of each word of a name, and the ends of other text', () => {
    assert.equal(mask('name', 'Jean Dupont'), 'J*** D*****');
    assert.equal(mask('custom', 'Rue des Lilas 12'), 'R********2');
  });

  test('never shows the value in clear', () => {
    for (const [kind, value] of [['email', 'jean.dupont@example.com'], ['phone', '+33612345678'], ['name', 'Jean Dupont'], ['custom', 'secret-project']]) {
      assert.ok(!mask(kind, value).includes(value.slice(1, -1)), `${kind}: ${mask(kind, value)}`);
    }
  });
});

describe('the background', () => {
  const { chrome, self } = installBrowser({ tabs: [] });
  globalThis.fakeWatched = [
    { id: 1, kind: 'email', value: 'jean.dupont@example.fr', added: 1 },
    { id: 2, kind: 'phone', value: '+33 6 12 34 56 78', added: 2 },
  ];
  globalThis.fakeWasm = { answers: {} };
  const watchedEvents = () => globalThis.fakeWasm.calls.filter(([name, event]) => name === 'ingest' && event.type === 'watchedValues').map(([, event]) => event);

  test('gives the engine the set at wake-up, and never writes it to the log', async () => {
    await import('../../extension/background/background.js');
    const [event] = await until(() => watchedEvents().length && watchedEvents(), 'the watched values');
    assert.deepEqual(event.values, [
      { kind: 'email', value: 'jean.dupont@example.fr' },
      { kind: 'phone', value: '+33 6 12 34 56 78' },
    ]);
    assert.equal(typeof event.v, 'number');
    // The log the shell writes (what a snapshot holds is the engine's to
    // leave out: the stand-in engine here snapshots every event it took).
    await globalThis.vigie.durable();
    const written = JSON.stringify([...globalThis.fakeStore.log.values()]);
    assert.ok(written.includes('extensionInventory'), 'the log is written');
    assert.ok(!written.includes('watchedValues') && !written.includes('jean.dupont'), written.slice(0, 200));
  });

  test('gives it the new set when the options page says it changed, and only then', async () => {
    globalThis.fakeWatched = [{ id: 3, kind: 'name', value: 'Jean Dupont', added: 3 }];
    const before = watchedEvents().length;
    const answer = (sender) =>
      new Promise((resolve) => {
        const handled = chrome.runtime.onMessage.fire({ type: 'vigie:watched-changed' }, sender, resolve);
        if (!handled[0]) resolve('ignored');
      });
    assert.equal(await answer({ id: self, tab: { id: 4, url: 'https://evil.example/' }, url: 'https://evil.example/' }), 'ignored');
    assert.equal(watchedEvents().length, before, 'a page cannot make it reload the set');
    assert.deepEqual(await answer({ id: self, url: `chrome-extension://${self}/options/options.html` }), { ok: true, count: 1 });
    assert.deepEqual(watchedEvents().at(-1).values, [{ kind: 'name', value: 'Jean Dupont' }]);
    globalThis.fakeWatched = [];
    await answer({ id: self, url: `chrome-extension://${self}/options/options.html` });
    assert.deepEqual(watchedEvents().at(-1).values, [], 'an emptied list empties the engine’s');
  });

  test('gives a rebuilt engine the last set again, once the log that held it is compacted', async () => {
    globalThis.fakeWatched = [{ id: 4, kind: 'email', value: 'claire.martin@example.org', added: 4 }];
    const sender = { id: self, url: `chrome-extension://${self}/options/options.html` };
    await new Promise((resolve) => chrome.runtime.onMessage.fire({ type: 'vigie:watched-changed' }, sender, resolve));
    await globalThis.vigie.persist(); // the log, and the event in it, becomes a snapshot
    const wasm = globalThis.fakeWasm;
    wasm.trap = (name, args) => name === 'ingest' && args[0]?.type === 'tabClosed';
    chrome.tabs.onRemoved.fire(99);
    await until(() => wasm.resets > 0 && wasm.calls.some(([name]) => name === 'restore'), 'the recovery');
    wasm.trap = null;
    const afterRestore = wasm.calls.slice(wasm.calls.findLastIndex(([name]) => name === 'restore'));
    const given = afterRestore.filter(([name, event]) => name === 'ingest' && event.type === 'watchedValues');
    assert.equal(given.length, 1, 'once, after the snapshot was restored');
    assert.deepEqual(given[0][1].values, [{ kind: 'email', value: 'claire.martin@example.org' }]);
  });
});
