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
// - On a modelled profile site (page-config.js; a frame that cannot tell
//   asks the background, vigie:config): trusted clicks on links and
//   buttons (gestures.js), and the contact data a profile page shows
//   (contacts.js).
//
// It decides nothing. It sends what it found; the background adds the tab
// and page URL from the browser's own record of the sender, and the core
// judges. extension/build.mjs bundles this module and its imports into the
// one classic script the manifest loads (content/observer.js).
'use strict';

// The site models' hosts, from src/sites/ (extension/build.mjs).
import { profileHosts } from 'vigie:profile-hosts';

import { openBridge } from './bridge.js';
import { watchContacts } from './contacts.js';
import { watchDomReferences } from './dom-references.js';
import { watchFormInputs } from './form-inputs.js';
import { watchGestures } from './gestures.js';
import { localPageConfig } from './page-config.js';
import { ask, runtimeAvailable, watchPageLife } from './runtime.js';

if (runtimeAvailable()) {
  // For the background (existing-tabs.js): this page has Vigie's observer,
  // hence its hooks. Set in the isolated world, which the page cannot see.
  globalThis.vigieObserver = true;
  watchPageLife();
  openBridge();
  watchDomReferences();
  watchFormInputs();

  // What to watch on this page: known here in most frames; otherwise the
  // background's answer, null until it comes.
  const known = localPageConfig(profileHosts);
  const config = known ?? { watchGestures: null, watchContacts: false };
  if (known) {
    if (known.watchContacts) watchContacts();
  } else {
    ask({ type: 'vigie:config' }).then((answer) => {
      // No answer (an older background, a stopped worker) means: watch nothing.
      config.watchGestures = answer?.watchGestures === true;
      config.watchContacts = answer?.watchContacts === true;
      if (config.watchContacts) watchContacts();
    });
  }
  watchGestures(config);
}
