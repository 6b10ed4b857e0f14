// What the popup is told of pages Vigie cannot see although they are on the
// web (extension/background/browser.js): the browser's own store pages,
// closed to every extension, and sites the person withheld Vigie's access to.

import assert from 'node:assert/strict';
import { test } from 'node:test';

let base = 'chrome-extension://vigie/';
const granted = new Set(['https://www.linkedin.com/*', 'https://shop.example/*']);
globalThis.chrome = {
  runtime: { getURL: (path) => `${base}${path}` },
  permissions: {
    contains: async ({ origins }) => {
      if (origins[0] === 'https://broken.example/*') throw new Error('no answer');
      return origins.every((o) => granted.has(o));
    },
  },
};
const { accessWithheld, closedToExtensions } = await import('../../extension/background/browser.js');

test('the extension stores are closed pages, each in its own browser', () => {
  assert.equal(closedToExtensions('https://chromewebstore.google.com/detail/x/abc'), true);
  assert.equal(closedToExtensions('https://chrome.google.com/webstore/detail/abc'), true);
  assert.equal(closedToExtensions('https://chrome.google.com/search'), false);
  assert.equal(closedToExtensions('https://addons.mozilla.org/en-US/firefox/'), false, 'a web page like any in Chromium');
  assert.equal(closedToExtensions('https://www.linkedin.com/feed/'), false);
  assert.equal(closedToExtensions('not a url'), false);
  base = 'moz-extension://vigie/';
  try {
    assert.equal(closedToExtensions('https://addons.mozilla.org/en-US/firefox/'), true);
    assert.equal(closedToExtensions('https://support.mozilla.org/kb/'), true);
    assert.equal(closedToExtensions('https://chromewebstore.google.com/detail/x/abc'), false);
  } finally {
    base = 'chrome-extension://vigie/';
  }
});

test('a site the person did not allow is withheld; an answer the browser cannot give is not', async () => {
  assert.equal(await accessWithheld('https://www.linkedin.com/in/alice-martin/'), false);
  assert.equal(await accessWithheld('https://news.example/today'), true);
  assert.equal(await accessWithheld('https://broken.example/'), false);
  assert.equal(await accessWithheld('about:blank'), false, 'no site to ask about');
});
