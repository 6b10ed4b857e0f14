// What the page observer watches besides form fields
// (extension/content/observer/page-config.js, background/profile-sites.js):
// the background's answer to vigie:config, known in the frame itself
// wherever the top page's address can be read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageConfig } from '../../extension/background/profile-sites.js';
import { localPageConfig, topPageAddress } from '../../extension/content/observer/page-config.js';

const HOSTS = ['linkedin.com', 'www.linkedin.com'];
const WATCH = { watchGestures: true, watchContacts: true };
const NOTHING = { watchGestures: false, watchContacts: false };

function frame({ href, top = null, ancestorOrigins } = {}) {
  const win = { location: { href, ...(ancestorOrigins === undefined ? {} : { ancestorOrigins }) } };
  win.top = top ?? win;
  return win;
}

test('the background’s answer: modelled hosts over http(s) only', () => {
  assert.deepEqual(pageConfig('https://www.linkedin.com/in/alice-martin/', HOSTS), WATCH);
  assert.deepEqual(pageConfig('http://linkedin.com/feed/', HOSTS), WATCH);
  for (const url of ['https://shop.example/', 'https://www.linkedin.com.evil.example/', 'file:///www.linkedin.com/', 'not a url', null]) {
    assert.deepEqual(pageConfig(url, HOSTS), NOTHING, String(url));
  }
});

test('a top frame answers from its own address', () => {
  assert.equal(topPageAddress(frame({ href: 'https://www.linkedin.com/in/alice-martin/' })), 'https://www.linkedin.com/in/alice-martin/');
  assert.deepEqual(localPageConfig(HOSTS, frame({ href: 'https://www.linkedin.com/in/alice-martin/' })), WATCH);
  assert.deepEqual(localPageConfig(HOSTS, frame({ href: 'https://shop.example/checkout' })), NOTHING);
});

test('a subframe answers from the top origin where the browser gives it, whatever its own address', () => {
  const top = frame({ href: 'https://unreadable.example/' });
  const onProfile = frame({ href: 'https://ads.example/slot', top, ancestorOrigins: ['https://ads.example', 'https://www.linkedin.com'] });
  assert.equal(topPageAddress(onProfile), 'https://www.linkedin.com');
  assert.deepEqual(localPageConfig(HOSTS, onProfile), WATCH);
  const profileInShop = frame({ href: 'https://www.linkedin.com/embed/', top, ancestorOrigins: ['https://shop.example'] });
  assert.deepEqual(localPageConfig(HOSTS, profileInShop), NOTHING);
});

test('a subframe without the top origin (Firefox) cannot tell, and asks', () => {
  const top = frame({ href: 'https://www.linkedin.com/in/alice-martin/' });
  assert.equal(localPageConfig(HOSTS, frame({ href: 'https://www.linkedin.com/embed/', top })), null);
  assert.equal(localPageConfig(HOSTS, frame({ href: 'https://www.linkedin.com/embed/', top, ancestorOrigins: [] })), null);
  const throwing = { top: {}, get location() { throw new Error('cross-origin'); } };
  assert.equal(localPageConfig(HOSTS, throwing), null);
});
