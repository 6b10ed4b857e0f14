// What the durable event log keeps of an event (extension/background/journal.js
// `redacted`): no request body, no header a page's script set, and no query
// or fragment in any address, where forms sent by GET, trackers and apps put
// typed and personal values.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installBrowser } from './background-fakes/setup.mjs';

installBrowser({ tabs: [] });
const { redacted } = await import('../../extension/background/journal.js');

test('addresses lose their query and fragment, bodies and the headers a page set go; the rest is kept', () => {
  const gesture = { type: 'gesture', tabId: 1, pageUrl: 'https://www.linkedin.com/in/ada/?trk=x', href: 'https://www.linkedin.com/in/ada/overlay/contact-info/?token=abc#top', text: 'Contact info' };
  assert.deepEqual(redacted(gesture), { ...gesture, pageUrl: 'https://www.linkedin.com/in/ada/', href: 'https://www.linkedin.com/in/ada/overlay/contact-info/' });
  const request = { type: 'request', tabId: 1, url: 'https://px.example/p?em=ada%40example.org', body: 'email=ada@example.org', bodyBase64: 'AAAA', origin: 'https://shop.example' };
  assert.deepEqual(redacted(request), { type: 'request', tabId: 1, url: 'https://px.example/p', origin: 'https://shop.example' });
  const headed = {
    type: 'request',
    tabId: 1,
    url: 'https://flags.example/sdk/v2/vardata',
    headers: [
      { name: 'x-li-track', value: '{"clientVersion":"1.13"}' },
      { name: 'x-amp-exp-user', value: 'eyJ1c2VyX2lkIjoiYWRhQGV4YW1wbGUub3JnIn0' },
      { name: 'content-type', value: 'application/json' },
    ],
  };
  assert.deepEqual(redacted(headed).headers, [headed.headers[0], headed.headers[2]], 'a header a page set, which may hold personal data, is not kept');
  const typed = { type: 'formInput', tabId: 1, pageUrl: 'https://shop.example/', field: 'email', value: 'ada@example.org', submitted: false };
  assert.deepEqual(redacted(typed), { ...typed, value: '' }, 'a typed value never reaches durable storage, even held');
  const shown = { type: 'pageContact', tabId: 1, pageUrl: 'https://www.linkedin.com/in/ada/', values: [{ kind: 'email', value: 'ada@example.org' }] };
  assert.deepEqual(redacted(shown), { ...shown, values: [] });
  const panel = { type: 'domInjection', tabId: 1, pageUrl: 'https://shop.example/', resourceUrl: 'chrome-extension://abc/panel.html?user=ada%40example.org' };
  assert.equal(redacted(panel).resourceUrl, 'chrome-extension://abc/panel.html');
  const call = { type: 'mainWorld', tabId: 1, pageUrl: 'https://shop.example/', report: { kind: 'call', api: 'fetch', method: 'GET', url: 'https://t.example/p?em=x', stack: ['https://cdn.example/t.js?id=ada', 'https://shop.example/app.js'] } };
  assert.deepEqual(redacted(call).report, { ...call.report, url: 'https://t.example/p', stack: ['https://cdn.example/t.js', 'https://shop.example/app.js'] });
  const ready = { type: 'mainWorld', tabId: 1, pageUrl: 'https://shop.example/', report: { kind: 'ready' } };
  assert.equal(redacted(ready), ready, 'no member added to a report that has none');
  const plain = { type: 'navigation', tabId: 1, url: 'https://shop.example/' };
  assert.equal(redacted(plain), plain, 'the same object when nothing is removed');
  // A request without body or query, as most of a page's are: kept as it is
  // (nothing of it goes to session memory).
  const asset = { type: 'request', tabId: 1, url: 'https://static.example/app.js', method: 'GET', body: null, bodyTruncated: false, headers: [] };
  assert.equal(redacted(asset), asset);
  assert.equal(redacted({ ...asset, body: '' }).body, undefined, 'an empty body is a body');
});
