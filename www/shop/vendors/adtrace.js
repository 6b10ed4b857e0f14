/* AdTrace conversion pixel, adq.js — served from static.adtrace.net (a
 * fixture). With "automatic advanced matching" on, it watches the page's
 * forms: when an e-mail or phone field changes (before any submit), it
 * normalises the value (e-mail trimmed and lower-cased; phone reduced to
 * its digits, country code included, no "+"), hashes it with SHA-256 and
 * fires an image request with the hashes in the query, as
 * `ud[em]=…&ud[ph]=…`; a first name and a family name field alike, each
 * lower-cased and hashed on its own (`ud[fn]`, `ud[ln]`), and the shop's
 * country (`ud[country]`, the hash of `fr`), as such pixels send them. */
(function () {
  'use strict';
  var PIXEL = 'https://px.adtrace.net/tr/';
  var me = document.currentScript;
  var pixelId = (me && me.getAttribute('data-pixel')) || '0';
  var matched = {};
  var sent = {};

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(hex);
  }
  function phoneDigits(value) {
    var digits = value.replace(/[^0-9+]/g, '');
    if (digits.charAt(0) === '+') return digits.slice(1);
    if (digits.charAt(0) === '0' && digits.length === 10) return '33' + digits.slice(1); // French national form
    return digits;
  }
  function fire(event, extra) {
    var q = new URLSearchParams();
    q.set('id', pixelId);
    q.set('ev', event);
    q.set('dl', location.href);
    q.set('rl', document.referrer);
    q.set('ts', String(Date.now()));
    for (var k in matched) q.set('ud[' + k + ']', matched[k]);
    for (var key in extra || {}) q.set(key, extra[key]);
    var img = new Image(1, 1);
    img.src = PIXEL + '?' + q.toString();
  }
  function onChange(event) {
    var el = event.target;
    if (!el || el.tagName !== 'INPUT') return;
    var hint = (el.type + ' ' + el.name + ' ' + el.id).toLowerCase();
    var value = el.value.trim();
    var key = null;
    var normal = null;
    if (/mail/.test(hint) && /@/.test(value)) {
      key = 'em';
      normal = value.toLowerCase();
    } else if (/tel|phone/.test(hint) && /\d{6,}/.test(value.replace(/\D/g, ''))) {
      key = 'ph';
      normal = phoneDigits(value);
    } else if (/prenom|first|given/.test(hint) && value) {
      key = 'fn';
      normal = value.toLowerCase();
    } else if (/\bnom\b|last|family|surname/.test(hint) && value) {
      key = 'ln';
      normal = value.toLowerCase();
    }
    if (!key) return;
    sha256(normal).then(function (h) {
      matched[key] = h;
      if (sent[key] === h) return;
      sent[key] = h;
      fire('Lead', { 'cd[step]': 'form' });
    });
  }
  document.addEventListener('change', onChange, true);
  sha256('fr').then(function (h) {
    matched.country = h;
  });
  fire('PageView');
})();
