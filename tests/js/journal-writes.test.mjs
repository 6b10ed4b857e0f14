// When the durable event log (extension/background/journal.js) writes a held
// request's log entry and the end of its hold: with the rest of its page's,
// up to RELEASE_WRITE_MS later, when its hold is on disk (it keeps the
// request meanwhile); at once when the hold was never written, which keeps
// nothing.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { installBrowser } from './background-fakes/setup.mjs';

installBrowser({ tabs: [] });
const journal = await import('../../extension/background/journal.js?journal-writes');

async function settle() {
  for (let i = 0; i < 10; i++) await turn();
}
const logged = (url) => [...globalThis.fakeStore.log.values()].some(({ event }) => event?.url === url);
const request = (id) => ({ type: 'request', tabId: 3, url: `https://api.example.org/${id}`, method: 'GET', body: null, headers: [] });

test('a released request whose hold is on disk is logged with the others of its page, a moment later; one whose hold was never written, at once', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    // Held, the hold written (25 ms), then released: the log entry waits.
    const kept = request('kept');
    journal.hold('kept', { event: kept, arrivedAt: Date.now() });
    mock.timers.tick(30);
    await settle();
    assert.ok(globalThis.fakeStore.held.has('kept'), 'the hold is on disk');
    journal.append(kept);
    journal.release('kept');
    await settle();
    assert.ok(!logged(kept.url) && globalThis.fakeStore.held.has('kept'), 'not logged yet: the hold keeps it');
    mock.timers.tick(499);
    await settle();
    assert.ok(!logged(kept.url), 'still waiting');
    mock.timers.tick(1);
    await settle();
    assert.ok(logged(kept.url) && !globalThis.fakeStore.held.has('kept'), 'logged and the hold ended, together');

    // Held and released before the hold was written: nothing on disk keeps
    // it, so its log entry is written at once.
    const brief = request('brief');
    journal.hold('brief', { event: brief, arrivedAt: Date.now() });
    journal.append(brief);
    journal.release('brief');
    await settle();
    assert.ok(logged(brief.url), 'logged at once');
    assert.ok(!globalThis.fakeStore.held.has('brief'), 'and never held on disk');
  } finally {
    mock.timers.reset();
  }
});

test('a request held in memory only is logged a moment later, with the ends of the holds on disk; one held on disk since, likewise', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const asset = { ...request('asset.js'), resourceType: 'script' };
    journal.heldInMemory(asset);
    journal.append(asset);
    await settle();
    assert.ok(!logged(asset.url), 'not logged at once');
    assert.ok(!globalThis.fakeStore.held.has('asset'), 'nor held on disk');
    mock.timers.tick(500);
    await settle();
    assert.ok(logged(asset.url), 'logged with the next release batch');

    // Held in memory, then on disk (it gained a body): as any durable hold.
    const grown = request('grown');
    journal.heldInMemory(grown);
    journal.hold('grown', { event: grown, arrivedAt: Date.now() });
    mock.timers.tick(30);
    await settle();
    assert.ok(globalThis.fakeStore.held.has('grown'));
    journal.append(grown);
    journal.release('grown');
    await settle();
    assert.ok(!logged(grown.url), 'waits: its hold keeps it');
    mock.timers.tick(500);
    await settle();
    assert.ok(logged(grown.url) && !globalThis.fakeStore.held.has('grown'));
  } finally {
    mock.timers.reset();
  }
});
