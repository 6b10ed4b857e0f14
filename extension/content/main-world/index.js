// Vigie's main-world script (`world: "MAIN"`, `document_start`, every frame).
//
// It runs before any page script and:
//   - wraps fetch, XMLHttpRequest open/send, navigator.sendBeacon and the
//     WebSocket constructor, and reports each call with the URLs of the
//     scripts on the calling stack (wrappers.js, call-stack.js, stack.js);
//   - wraps the Request constructor, to keep the body of each Request the
//     page makes for fetch to read as it leaves (wrappers.js);
//   - wraps the Worker constructor, and reports once that the page started
//     a worker, whose requests no hook sees (wrappers.js);
//   - reads a body sent as a Blob by sendBeacon or XMLHttpRequest, which
//     Chromium keeps from extensions, and reports its bytes (sent-blobs.js);
//   - reports a script's read of an e-mail, phone, name or password
//     field's value (fields.js);
//   - copies the site's answer when the site's own scripts fetch one of its
//     contact lookups, and reports its text (site-answers.js, called by
//     the fetch wrapper);
//   - reports replacement of fetch, XMLHttpRequest open/send and
//     Response json/text, with the script that replaced them where the
//     stack tells it (replacement.js);
//   - in Firefox, keeps the frames of world-MAIN extension code, Vigie's
//     among them, out of every stack the page reads (firefox-stacks.js);
//   - hands the reports to Vigie's isolated-world observer over a private
//     MessageChannel whose sending end never leaves the bundle (bridge.js).
//
// A page can forge anything in its own world, so these reports are claims;
// the core never raises a high-confidence finding on them alone.
//
// extension/build.mjs bundles this module and its imports into the one
// classic script the manifest loads (content/main-world.js), an IIFE that
// adds nothing to the page's global object. Everything in it runs
// synchronously at load: first every module's top level (the natives of
// captured.js and captured-web.js before anything else, since every module
// imports them), then the steps below, in this order.
'use strict';

import './captured.js';
import './captured-web.js';
import { openBridge } from './bridge.js';
import { learnStackFormat, readsFirefoxText } from './call-stack.js';
import { installToString } from './disguise.js';
import { hideExtensionFrames } from './firefox-stacks.js';
import { hookFieldReads } from './fields.js';
import { recordBuiltins } from './integrity.js';
import { guardReplacements, reportEarlyReplacements } from './replacement.js';
import { hookFetch, hookRequest, hookSendBeacon, hookWebSocket, hookWorker, hookXhr } from './wrappers.js';

learnStackFormat();
// Firefox (140.10) runs this script in a new about:blank frame before
// Vigie's observer, when the page that made the frame may already listen to
// it: a hello posted there could reach the page first. Such a frame gets no
// bridge, and its calls are not reported (Firefox names no sender for them:
// they were never taken for the page's).
if (!(readsFirefoxText() && location.href === 'about:blank')) openBridge();
// Before any wrapper exists: what is not native now was replaced by a
// script that ran earlier (another extension's world-MAIN script).
reportEarlyReplacements();
installToString();
// Firefox only: the page reads stacks without Vigie's frames.
hideExtensionFrames();
hookRequest();
const fetch = hookFetch();
const xhr = hookXhr();
hookSendBeacon();
hookWebSocket();
hookWorker();
hookFieldReads();
guardReplacements({ __proto__: null, fetch, open: xhr.open, send: xhr.send });
// Last: the built-ins as Vigie left them, to tell when a page replaces one.
recordBuiltins();
