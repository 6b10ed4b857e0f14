/* Segmently analytics.js, analytics.min.js — served from cdn.segmently.com
 * (a fixture). The site calls analytics.page(), analytics.track() and
 * analytics.identify(traits); calls are batched and posted as JSON,
 * gzip-compressed in the page (CompressionStream), with
 * `Content-Encoding: gzip` set on the request — a header fetch() may set
 * (it is not on the Fetch standard's forbidden list), at the price of a CORS
 * preflight, which the collection API answers. An identify is sent at once. */
(function () {
  'use strict';
  var ENDPOINT = 'https://api.segmently.com/v1/batch';
  var FLUSH_MS = 3000;
  var me = document.currentScript;
  var writeKey = (me && me.getAttribute('data-write-key')) || 'wk_0';
  var queue = [];
  var timer = null;
  var anonymousId = (function () {
    try {
      var id = localStorage.getItem('sg_anon') || crypto.randomUUID();
      localStorage.setItem('sg_anon', id);
      return id;
    } catch (e) {
      return crypto.randomUUID();
    }
  })();
  var userId = null;

  function context() {
    return { page: { path: location.pathname, url: location.href, title: document.title }, library: { name: 'segmently.js', version: '4.1.0' }, locale: navigator.language };
  }
  function gzip(text) {
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }
  function flush() {
    clearTimeout(timer);
    timer = null;
    if (!queue.length) return;
    var body = JSON.stringify({ batch: queue.splice(0), sentAt: new Date().toISOString(), writeKey: writeKey });
    gzip(body).then(function (bytes) {
      fetch(ENDPOINT, {
        method: 'POST',
        body: bytes,
        keepalive: true,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
    });
  }
  function enqueue(message, now) {
    message.messageId = crypto.randomUUID();
    message.timestamp = new Date().toISOString();
    message.anonymousId = anonymousId;
    if (userId) message.userId = userId;
    message.context = context();
    queue.push(message);
    if (now) flush();
    else if (!timer) timer = setTimeout(flush, FLUSH_MS);
  }

  var analytics = {
    page: function (name, properties) {
      enqueue({ type: 'page', name: name || null, properties: properties || {} });
    },
    track: function (event, properties) {
      enqueue({ type: 'track', event: event, properties: properties || {} });
    },
    identify: function (id, traits) {
      if (typeof id === 'object') {
        traits = id;
        id = null;
      }
      userId = id || userId;
      enqueue({ type: 'identify', traits: traits || {} }, true);
    },
  };
  var stub = window.analytics;
  window.analytics = analytics;
  // Calls made before the library loaded (the snippet's queue).
  if (Array.isArray(stub)) {
    for (var i = 0; i < stub.length; i++) analytics[stub[i][0]].apply(analytics, stub[i].slice(1));
  }
  addEventListener('pagehide', flush);
})();
