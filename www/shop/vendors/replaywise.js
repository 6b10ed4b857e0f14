/* Replaywise session replay, rw.js — served from script.replaywise.io (a
 * fixture). Records what the visitor does — clicks, scrolls, and every
 * input's value as it is typed (nothing masked but passwords: the default
 * of many replay tools) — and ships it in batches every few seconds,
 * gzip-compressed in the page with CompressionStream, as a binary POST body
 * (text/plain, so that no CORS preflight is needed), the way replay SDKs
 * send their "gzip-js" payloads. With `data-compression="deflate-raw"` on
 * its tag, it compresses with CompressionStream('deflate-raw') instead: raw
 * deflate, no header, nothing in the bytes to say they are compressed. */
(function () {
  'use strict';
  var ENDPOINT = 'https://in.replaywise.io/rec/batch';
  var tag = document.currentScript;
  var COMPRESSION = (tag && tag.getAttribute('data-compression')) === 'deflate-raw' ? 'deflate-raw' : 'gzip';
  var FLUSH_MS = 2000;
  var MAX_EVENTS = 60;
  var sid = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  var seq = 0;
  var events = [];
  var timer = null;
  var ids = new WeakMap();
  var nextId = 1;

  function nodeId(el) {
    if (!ids.has(el)) ids.set(el, nextId++);
    return ids.get(el);
  }
  function selector(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.name) s += '[name=' + el.name + ']';
    return s;
  }
  function record(type, data) {
    events.push({ ty: type, ts: Date.now(), d: data });
    if (events.length >= MAX_EVENTS) flush();
    else if (!timer) timer = setTimeout(flush, FLUSH_MS);
  }

  function compress(text) {
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream(COMPRESSION));
    return new Response(stream).arrayBuffer();
  }
  function flush() {
    clearTimeout(timer);
    timer = null;
    if (!events.length) return;
    var batch = { sid: sid, seq: seq++, href: location.href, vw: innerWidth, vh: innerHeight, evts: events.splice(0) };
    compress(JSON.stringify(batch)).then(function (body) {
      var url = ENDPOINT + '?sid=' + sid + '&seq=' + batch.seq + '&compression=' + (COMPRESSION === 'gzip' ? 'gzip-js' : COMPRESSION) + '&v=3.2.0';
      fetch(url, { method: 'POST', body: body, headers: { 'content-type': 'text/plain' }, keepalive: true, credentials: 'omit' });
    });
  }

  document.addEventListener(
    'input',
    function (event) {
      var el = event.target;
      if (!el || (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA')) return;
      var value = el.type === 'password' ? el.value.replace(/./g, '*') : el.value;
      record('in', { id: nodeId(el), sel: selector(el), v: value });
    },
    true,
  );
  document.addEventListener(
    'click',
    function (event) {
      if (event.target && event.target.tagName) record('cl', { id: nodeId(event.target), x: event.clientX, y: event.clientY });
    },
    true,
  );
  addEventListener('scroll', function () {
    record('sc', { y: Math.round(scrollY) });
  }, { passive: true });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') flush();
  });
  record('meta', { title: document.title, ua: navigator.userAgent.length, lang: navigator.language });
})();
