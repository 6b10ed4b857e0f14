/* Clarisight session replay, cs.js — served from cdn.clarisight.net (a
 * fixture). Records inputs and page text like any replay tool, but masks
 * them in the page before anything is kept: every character of an input's
 * value and of the text it records becomes "•" (its "strict" masking
 * mode). Batches are NDJSON: one line per batch, each a small envelope
 * whose payload is a zlib stream (CompressionStream 'deflate') in base64. */
(function () {
  'use strict';
  var ENDPOINT = 'https://rec.clarisight.net/collect';
  var FLUSH_MS = 1500;
  var project = 'cs-7f3k2';
  var envelopes = [];
  var events = [];
  var timer = null;
  var seq = 0;

  function mask(text) {
    return String(text).replace(/\S/g, '•');
  }
  function deflateBase64(text) {
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'));
    return new Response(stream).arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf);
      var bin = '';
      for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return btoa(bin);
    });
  }
  function seal() {
    if (!events.length) return Promise.resolve();
    var batch = events.splice(0);
    var n = seq++;
    return deflateBase64(JSON.stringify(batch)).then(function (z) {
      envelopes.push(JSON.stringify({ p: project, s: n, t: Date.now(), z: z }));
    });
  }
  function flush() {
    clearTimeout(timer);
    timer = null;
    seal().then(function () {
      if (!envelopes.length) return;
      var body = envelopes.splice(0).join('\n') + '\n';
      fetch(ENDPOINT, { method: 'POST', body: body, headers: { 'content-type': 'application/x-ndjson' }, keepalive: true });
    });
  }
  function record(kind, data) {
    events.push([kind, Date.now(), data]);
    if (!timer) timer = setTimeout(flush, FLUSH_MS);
  }

  document.addEventListener(
    'input',
    function (event) {
      var el = event.target;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA')) record('i', { n: el.name || el.id, v: mask(el.value) });
    },
    true,
  );
  document.addEventListener(
    'click',
    function (event) {
      var el = event.target;
      if (el && el.tagName) record('c', { t: el.tagName, txt: mask((el.textContent || '').slice(0, 40)) });
    },
    true,
  );
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        if (added[j].textContent) record('m', { txt: mask(added[j].textContent.slice(0, 200)) });
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') flush();
  });
  record('v', { path: location.pathname, title: mask(document.title) });
})();
