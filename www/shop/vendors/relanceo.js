/* Relanceo abandoned-cart recovery, rl.js — served from cdn.relanceo.com (a
 * fixture). Keeps the e-mail address and phone number a visitor types at
 * checkout and, when they leave the page without ordering, sends them with
 * the cart in a beacon so that the shop can remind them by e-mail. The beacon
 * goes in `pagehide`, as the next page is committed: JSON text, which
 * leaves even while the page unloads. What the visitor typed leaves before
 * any submit, from a page the tab has already left. */
(function () {
  'use strict';
  var ENDPOINT = 'https://t.relanceo.com/v1/abandon';
  var account = (document.currentScript && document.currentScript.getAttribute('data-account')) || 'unknown';
  var typed = {};
  var ordered = false;
  function keep(event) {
    var el = event.target;
    if (el && el.tagName === 'INPUT' && (el.type === 'email' || el.type === 'tel')) typed[el.type] = el.value;
  }
  document.addEventListener('input', keep, true);
  document.addEventListener('change', keep, true);
  document.addEventListener(
    'submit',
    function () {
      ordered = true;
    },
    true,
  );
  addEventListener('pagehide', function () {
    if (ordered || !typed.email) return;
    var cart = Array.prototype.map.call(document.querySelectorAll('main > p'), function (p) {
      return p.textContent.trim();
    });
    navigator.sendBeacon(
      ENDPOINT + '?a=' + encodeURIComponent(account),
      JSON.stringify({ shop: location.hostname, email: typed.email, phone: typed.tel || null, cart: cart, left: Date.now() }),
    );
  });
})();
