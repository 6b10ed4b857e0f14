/* Tchatbox live chat, widget.js — served from cdn.tchatbox.io (a fixture).
 * A chat bubble that keeps a Socket.IO-style WebSocket open to
 * ws.tchatbox.io for the whole visit, and, as chat widgets offer ("capture
 * visitors from your site's forms"), fills in its visitor card from the
 * page's own form while the person types:
 * - an e-mail address, once a field is left: the widget reconnects with it
 *   in the handshake's query (Socket.IO's `query` option), so that agents
 *   see who is on the site — an address in a URL, which extensions can read;
 * - a name, once a field is left: sent as a message over the open socket
 *   (the browser shows extensions the handshake only; Vigie's hooks read
 *   the message in the page as the widget sends it).
 * Nothing is submitted to it: the page's form posts to the shop. */
(function () {
  'use strict';
  var tag = document.currentScript;
  var SITE = (tag && tag.getAttribute('data-site')) || 'unknown';
  var BASE = 'wss://ws.tchatbox.io/socket.io/?EIO=4&transport=websocket&site=' + encodeURIComponent(SITE);
  var visitor = { id: Math.random().toString(36).slice(2, 12), email: null, name: {} };
  var socket = null;
  var queue = [];

  function open() {
    if (socket) socket.close();
    var url = BASE + '&vid=' + visitor.id + (visitor.email ? '&email=' + encodeURIComponent(visitor.email) : '');
    socket = new WebSocket(url);
    socket.addEventListener('open', function () {
      socket.send('40');
      while (queue.length) socket.send(queue.shift());
    });
  }
  function emit(event, data) {
    var frame = '42' + JSON.stringify([event, data]);
    if (socket && socket.readyState === 1) socket.send(frame);
    else queue.push(frame);
  }

  document.addEventListener(
    'change',
    function (event) {
      var el = event.target;
      if (!el || el.tagName !== 'INPUT') return;
      var auto = (el.getAttribute('autocomplete') || '').toLowerCase();
      if (el.type === 'email' || auto === 'email') {
        if (!el.value || el.value === visitor.email) return;
        visitor.email = el.value;
        open();
      } else if (auto === 'given-name' || auto === 'family-name' || auto === 'name') {
        visitor.name[auto] = el.value;
        emit('visitor:update', { vid: visitor.id, name: visitor.name });
      }
    },
    true,
  );

  open();
})();
