// What the durable event log keeps of an event (extension/background/journal.js
// `redacted`): no request body, and no query or fragment in any address,
// where forms sent by GET, trackers and apps put typed and personal values.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installBrowser } from './background-fakes/setup.mjs';

installBrowser({ tabs: [] });
const { redacted } = await import('../../extension/background/journal.js');

test('addresses lose their query and fragment, bodies go; the rest is kept', () => {
  const gesture = { type: 'gesture', tabId: 1, pageUrl: 'https://www.linkedin.com/in/ada/?trk=x', href: 'https://www.linkedin.com/in/ada/overlay/contact-info/?token=abc#top', text: 'Contact info' };
  assert.deepEqual(redacted(gesture), { ...gesture, pageUrl: 'https://www.linkedin.com/in/ada/', href: 'https://www.linkedin.com/in/ada/overlay/contact-info/' });
  const request = { type: 'request', tabId: 1, url: 'https://px.example/p?em=ada%40example.org', body: 'email=ada@example.org', bodyBase64: 'AAAA', origin: 'https://shop.example' };
  assert.deepEqual(redacted(request), { type: 'request', tabId: 1, url: 'https://px.example/p', origin: 'https://shop.example' });
  const plain = { type: 'navigation', tabId: 1, url: 'https://shop.example/' };
  assert.equal(redacted(plain), plain, 'the same object when nothing is removed');
});
