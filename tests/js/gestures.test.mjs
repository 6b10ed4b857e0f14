// The page observer's trusted clicks (extension/content/observer/gestures.js):
// reported while the background wants them or has not answered yet, never
// after it said no, never for synthetic clicks.

import assert from 'node:assert/strict';
import { test } from 'node:test';

class Element {
  constructor(localName, attributes = {}, parent = null) {
    this.localName = localName;
    this.attributes = attributes;
    this.parentElement = parent;
    this.innerText = attributes.text ?? '';
  }
  get href() {
    return this.attributes.href;
  }
  getAttribute(name) {
    return this.attributes[name] ?? null;
  }
  closest(selector) {
    for (let e = this; e; e = e.parentElement) {
      if (selector === 'a[href]' ? e.localName === 'a' && e.attributes.href : ['a', 'button'].includes(e.localName)) return e;
    }
    return null;
  }
}

const sent = [];
let clickListener = null;
globalThis.Element = Element;
globalThis.document = { baseURI: 'https://www.linkedin.com/in/alice-martin/' };
globalThis.performance ??= { timeOrigin: 1_000_000 };
globalThis.window = {
  addEventListener(type, listener, capture) {
    assert.equal(type, 'click');
    assert.equal(capture, true, 'seen before the page handles the click');
    clickListener = listener;
  },
};
globalThis.chrome = {
  runtime: {
    id: 'vigie',
    sendMessage(message) {
      sent.push(message);
      return Promise.resolve();
    },
  },
};
const { watchGestures } = await import('../../extension/content/observer/gestures.js');

const link = new Element('a', { href: 'https://www.linkedin.com/in/alice-martin/overlay/contact-info/', text: 'Contact info' });
const label = new Element('span', { text: 'Contact info' }, link);
const click = (target, isTrusted = true) => clickListener({ isTrusted, target, timeStamp: 250, composedPath: () => [target] });
const expected = { type: 'vigie:gesture', href: link.href, text: 'Contact info', at: performance.timeOrigin + 250 };

test('a click made before the background answers is reported at once', () => {
  const config = { watchGestures: null };
  watchGestures(config);
  click(label);
  assert.deepEqual(sent.splice(0), [expected]);

  config.watchGestures = true;
  click(label);
  assert.deepEqual(sent.splice(0), [expected]);

  config.watchGestures = false;
  click(label);
  assert.deepEqual(sent.splice(0), [], 'not on a page the background does not watch');
});

test('synthetic clicks and clicks outside any control are never reported', () => {
  const config = { watchGestures: null };
  watchGestures(config);
  click(label, false);
  click(new Element('div', { text: 'Contact info' }));
  assert.deepEqual(sent.splice(0), []);
});
