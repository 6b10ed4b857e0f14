// Vigie's isolated-world observer. Runs in every frame at document_start.
//
// - Reports DOM nodes that reference another extension's resources
//   (dom-references.js).
// - Receives the main-world hook reports (content/main-world/) over the
//   private port that script hands over once, checks each against the
//   message contract (messages.js), and relays the valid ones; anything on
//   the window that imitates Vigie's messages is refused and counted
//   (bridge.js).
// - Reports values typed into e-mail, phone and name fields, and that a
//   password was typed, on every site (form-inputs.js).
// - Where the background asks for it (vigie:config): trusted clicks on
//   links and buttons (gestures.js), and the contact data a profile page
//   shows (contacts.js).
//
// It decides nothing. It sends what it found; the background adds the tab
// and page URL from the browser's own record of the sender, and the core
// judges. extension/build.mjs bundles this module and its imports into the
// one classic script the manifest loads (content/observer.js).
'use strict';

import { openBridge } from './bridge.js';
import { watchContacts } from './contacts.js';
import { watchDomReferences } from './dom-references.js';
import { watchFormInputs } from './form-inputs.js';
import { watchGestures } from './gestures.js';
import { ask, runtimeAvailable, watchPageLife } from './runtime.js';

if (runtimeAvailable()) {
  // For the background (existing-tabs.js): this page has Vigie's observer,
  // hence its hooks. Set in the isolated world, which the page cannot see.
  globalThis.vigieObserver = true;
  watchPageLife();
  openBridge();
  watchDomReferences();
  watchFormInputs();

  // What the background wants watched on this page; null until it answers.
  const config = { watchGestures: null, watchContacts: false };
  ask({ type: 'vigie:config' }).then((answer) => {
    // No answer (an older background, a stopped worker) means: watch nothing.
    config.watchGestures = answer?.watchGestures === true;
    config.watchContacts = answer?.watchContacts === true;
    if (config.watchContacts) watchContacts();
  });
  watchGestures(config);
}
