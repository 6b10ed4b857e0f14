/* Mesurely web analytics, m.js — served from cdn.mesurely.com (a fixture).
 * Page views and an "identify" built by the script itself: when a field that
 * looks like an e-mail loses focus, its value is normalised (trimmed,
 * lower-cased), hashed with SHA-256 and queued — before any form is
 * submitted, as "advanced matching" tags do. Events go out in batches, a
 * moment later or when the page is hidden, by sendBeacon, as URL-encoded
 * JSON in a `data=` field. A field already filled when the page loads (a
 * signed-in customer's account page) is identified at once, without any
 * typing. */
(function () {
  'use strict';
  var ENDPOINT = 'https://collect.mesurely.com/v2/e';
  var FLUSH_MS = 1200;
  var me = document.currentScript;
  var siteId = (me && me.getAttribute('data-site')) || 'ms-0000';
  var queue = [];
  var timer = null;
  var seen = {};

  function randomId() {
    var b = new Uint8Array(8);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  var cid;
  try {
    cid = localStorage.getItem('_ms_cid') || randomId();
    localStorage.setItem('_ms_cid', cid);
  } catch (e) {
    cid = randomId();
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(hex);
  }

  function flush() {
    clearTimeout(timer);
    timer = null;
    if (!queue.length) return;
    var payload = { v: 2, site: siteId, cid: cid, sent: Date.now(), ev: queue.splice(0) };
    var form = new URLSearchParams();
    form.set('data', JSON.stringify(payload));
    form.set('sv', '2.14.1');
    if (!navigator.sendBeacon(ENDPOINT, form)) {
      fetch(ENDPOINT, { method: 'POST', body: form, keepalive: true, mode: 'no-cors' });
    }
  }
  function track(name, props) {
    queue.push({ n: name, t: Date.now(), u: location.pathname, p: props || {} });
    if (!timer) timer = setTimeout(flush, FLUSH_MS);
  }

  function identifyField(el) {
    if (!looksLikeEmail(el)) return;
    var normal = el.value.trim().toLowerCase();
    if (seen[normal]) return;
    seen[normal] = true;
    sha256(normal).then(function (h) {
      track('identify', { em: h, src: 'auto' });
    });
  }
  function looksLikeEmail(el) {
    if (!el || el.tagName !== 'INPUT') return false;
    var hint = (el.type + ' ' + el.name + ' ' + el.id + ' ' + (el.autocomplete || '')).toLowerCase();
    return /mail/.test(hint) && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(el.value.trim());
  }
  document.addEventListener(
    'blur',
    function (event) {
      identifyField(event.target);
    },
    true,
  );
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') flush();
  });
  window.addEventListener('pagehide', flush);
  track('page_view', { title: document.title, ref: document.referrer || null, w: innerWidth });
  function scanFilled() {
    var inputs = document.querySelectorAll('input');
    for (var i = 0; i < inputs.length; i++) identifyField(inputs[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scanFilled);
  else scanFilled();
})();
