// Server addresses (extension/background/network.js watchServerAddresses):
// what the background tells the core of the server that answered a request —
// the origin and the address, once per tab, origin and address; never the
// path or query; the test builds' override of the address for a host.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { installBrowser } from './background-fakes/setup.mjs';

const { chrome } = installBrowser();
const { watchServerAddresses } = await import('../../extension/background/network.js');

const reported = [];
watchServerAddresses((event) => reported.push(event));
const overridden = [];
watchServerAddresses((event) => overridden.push(event), {
  override: (host) => (host === 'analytics.videoapp.example' ? '36.110.1.1' : null),
});

const respond = (details) =>
  chrome.webRequest.onResponseStarted.fire({ type: 'xmlhttprequest', timeStamp: 1000, fromCache: false, ...details });

describe('server addresses', () => {
  test('are reported with the origin only, once per tab, origin and address', () => {
    reported.length = 0;
    respond({ tabId: 3, url: 'https://px.tracker.example/collect?email=a%40b.example', ip: '36.110.1.1' });
    respond({ tabId: 3, url: 'https://px.tracker.example/other', ip: '36.110.1.1' });
    respond({ tabId: 3, url: 'https://px.tracker.example/other', ip: '2a03:2880::1' });
    respond({ tabId: 4, url: 'https://px.tracker.example/collect', ip: '36.110.1.1' });
    respond({ tabId: 4, url: 'https://px.tracker.example:8443/collect', ip: '36.110.1.1' });
    assert.deepEqual(
      reported.map((e) => [e.type, e.tabId, e.url, e.ip]),
      [
        ['serverAddress', 3, 'https://px.tracker.example/', '36.110.1.1'],
        ['serverAddress', 3, 'https://px.tracker.example/', '2a03:2880::1'],
        ['serverAddress', 4, 'https://px.tracker.example/', '36.110.1.1'],
        ['serverAddress', 4, 'https://px.tracker.example:8443/', '36.110.1.1'],
      ],
    );
  });

  test('are not reported outside tabs, for cached responses, for pages themselves or without an address', () => {
    reported.length = 0;
    respond({ tabId: -1, url: 'https://a.example/', ip: '8.8.8.8' });
    respond({ tabId: 5, url: 'https://b.example/', ip: '8.8.8.8', fromCache: true });
    respond({ tabId: 5, url: 'https://c.example/', ip: '8.8.8.8', type: 'main_frame' });
    respond({ tabId: 5, url: 'https://d.example/' });
    respond({ tabId: 5, url: 'not a url', ip: '8.8.8.8' });
    respond({ tabId: 5, url: 'https://[::1/', ip: '8.8.8.8' });
    assert.deepEqual(reported, []);
  });

  test('take a test build’s address for the hosts it maps, and the browser’s for the others', () => {
    overridden.length = 0;
    respond({ tabId: 9, url: 'https://analytics.videoapp.example/v1/events', ip: '127.0.0.1' });
    respond({ tabId: 9, url: 'https://www.videoapp.example/', ip: '127.0.0.1' });
    assert.deepEqual(
      overridden.map((e) => [e.url, e.ip]),
      [
        ['https://analytics.videoapp.example/', '36.110.1.1'],
        ['https://www.videoapp.example/', '127.0.0.1'],
      ],
    );
  });
});
