/* CartGraph identity sync, cg.js — served from sync.cartgraph.com (a
 * fixture). Gives the browser a random 256-bit device id (64 hex digits,
 * the length of a SHA-256) kept in localStorage, and sends it with every
 * page: an image request with the id in the query, and a JSON beacon. None
 * of it is derived from anything the visitor typed. */
(function () {
  'use strict';
  var BASE = 'https://sync.cartgraph.com';
  function newId() {
    var b = new Uint8Array(32);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  var id;
  try {
    id = localStorage.getItem('_cg_id') || newId();
    localStorage.setItem('_cg_id', id);
  } catch (e) {
    id = newId();
  }
  var img = new Image(1, 1);
  img.src = BASE + '/sync?uid=' + id + '&p=' + encodeURIComponent(location.hostname) + '&_=' + Date.now();
  setTimeout(function () {
    var body = JSON.stringify({ device: id, page: location.pathname, seg: ['home-decor', 'lighting'], t: Date.now() });
    navigator.sendBeacon(BASE + '/v1/visit', new Blob([body], { type: 'text/plain' }));
  }, 500);
})();
