// Trusted gestures. A person's own click on "Contact info" is what tells
// their lookup from one made behind their back; synthetic clicks
// (isTrusted false) do not count.

import contract from '../../../src/contract.json' with { type: 'json' };
import { cleanText } from './contact-text.js';
import { send } from './runtime.js';

const CONTROLS =
  'a[href], button, summary, [role="button"], [role="link"], [role="menuitem"], [role="tab"], ' +
  'input[type="button"], input[type="submit"], input[type="image"]';
const MAX_GESTURE_TEXT = contract.shell.maxGestureText;
const MAX_URL_LENGTH = contract.shell.maxObserverUrlText;

function absoluteHref(link) {
  const raw = typeof link.href === 'string' ? link.href : link.getAttribute('href');
  try {
    return new URL(raw, document.baseURI).href.slice(0, MAX_URL_LENGTH);
  } catch {
    return null;
  }
}

function controlText(control) {
  const text = control.localName === 'input' ? control.value : control.innerText ?? control.textContent;
  return cleanText(text || control.getAttribute('aria-label') || control.getAttribute('title') || '', MAX_GESTURE_TEXT);
}

/**
 * Reports trusted clicks on links and buttons while `config.watchGestures`
 * is true, and while it is still null: the background has not answered yet.
 * A click made before that answer must still reach the core ahead of the
 * request it starts (a worker waking up answers late; a person who clicks
 * "Contact info" at once must not be told they did not ask). The background
 * drops those of pages no site model covers.
 */
export function watchGestures(config) {
  window.addEventListener(
    'click',
    (event) => {
      if (config.watchGestures === false || !event.isTrusted) return;
      const target = event.composedPath?.()[0] ?? event.target;
      const element = target instanceof Element ? target : target?.parentElement;
      const control = element?.closest(CONTROLS);
      if (!control) return;
      const link = element.closest('a[href]');
      // When the click happened: a woken worker may read the message a
      // while later, after the request the click started.
      const at = performance.timeOrigin + event.timeStamp;
      send({ type: 'vigie:gesture', href: link ? absoluteHref(link) : null, text: controlText(control), at });
    },
    true,
  );
}
