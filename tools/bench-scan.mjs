// The request-scan path in the browser: Vigie's LeakMatcher (the core's pool
// and decoder in wasm, as the engine runs them, behind the options page's
// boundary: wasm/vigie_matcher.js) against a
// straightforward JavaScript matcher of the same pool — every normal form
// of the watched values, hashed with SubtleCrypto and encoded, as tokens
// in a Set; bodies decompressed with DecompressionStream, split into
// tokens, each looked up, base64-looking tokens decoded once and looked up
// again — over the same mixed request bodies, in headless Chromium, in one
// of Vigie's extension pages. Reports the pool build time for 10 watched
// values and the scan throughput in MB/s of raw body bytes.
//
//   node tools/bench-scan.mjs [--mb 8]
//
// Needs dist/chrome (./build.sh build) and /usr/bin/chromium. Not part of
// ./build.sh test: run by ./build.sh bench. SubtleCrypto has no MD5: the
// JavaScript pool leaves MD5 out (it is smaller than Vigie's for that).

import { parseArgs } from 'node:util';
import { launch } from '../tests/e2e/harness.mjs';
import { startServer } from '../www/server.mjs';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '8' } } });
const MB = Number(values.mb);

const WATCHED = [
  { kind: 'email', value: 'jean.dupont@example.fr' },
  { kind: 'email', value: 'claire.martin+shop@example.org' },
  { kind: 'email', value: 'l.moreau@mail.example.com' },
  { kind: 'phone', value: '+33 6 12 34 56 78' },
  { kind: 'phone', value: '07 11 22 33 44' },
  { kind: 'phone', value: '+49 151 23456789' },
  { kind: 'name', value: 'Jean Dupont' },
  { kind: 'name', value: 'Claire Martin' },
  { kind: 'custom', value: 'Rue des Lilas 12' },
  { kind: 'custom', value: 'FR76 3000 6000 0112 3456 7890 189' },
];

/** Runs in the extension page. */
async function benchInPage({ watched, totalBytes }) {
  const wasm = await import(chrome.runtime.getURL('wasm/vigie_matcher.js'));
  await wasm.default({ module_or_path: chrome.runtime.getURL('wasm/vigie_matcher_bg.wasm') });
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };

  // ---- a deterministic mix of request bodies --------------------------------
  let seed = 0x9e3779b9;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const hexId = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const words = ['page_view', 'click', 'scroll', 'add_to_cart', 'checkout', 'lighting', 'lampe', 'suspension', 'session', 'consent', 'utm_source', 'newsletter'];
  const enc = new TextEncoder();
  const bytesOf = (s) => enc.encode(s);
  const b64 = (bytes) => {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  };
  const compress = async (text, format) => new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream(format))).arrayBuffer());
  const hex = (buf) => Array.from(new Uint8Array(buf), (x) => x.toString(16).padStart(2, '0')).join('');
  const sha256hex = async (t) => hex(await crypto.subtle.digest('SHA-256', bytesOf(t)));
  const event = () => ({ e: pick(words), t: 1796000000000 + Math.floor(rand() * 1e9), id: hexId(64), sid: hexId(16), p: { x: Math.floor(rand() * 1280), y: Math.floor(rand() * 900), v: pick(words) + rand().toString(36).slice(2) } });
  const json = (n) => JSON.stringify({ batch: Array.from({ length: n }, event), sentAt: new Date(1796000000000).toISOString() });

  const bodies = [];
  let planted = 0;
  let size = 0;
  while (size < totalBytes) {
    const r = rand();
    let item;
    const leak = rand() < 0.05;
    if (r < 0.4) {
      const o = JSON.parse(json(10 + Math.floor(rand() * 40)));
      if (leak) o.user = { em: await sha256hex(watched[0].value) };
      item = { url: 'https://collect.example.com/v2/e', body: bytesOf(JSON.stringify(o)), enc: null };
    } else if (r < 0.6) {
      let data = json(5 + Math.floor(rand() * 20));
      if (leak) data = data.replace('"batch"', `"email":"${watched[1].value}","batch"`);
      item = { url: `https://px.example.net/tr?id=${hexId(8)}&ev=PageView`, body: bytesOf(new URLSearchParams({ data, sv: '2.1' }).toString()), enc: null };
    } else if (r < 0.75) {
      let data = json(20 + Math.floor(rand() * 60));
      if (leak) data = data.replace('"batch"', `"v":"${watched[3].value}","batch"`);
      const gz = rand() < 0.5;
      item = { url: 'https://in.replay.example.io/rec?compression=gzip-js', body: await compress(data, gz ? 'gzip' : 'deflate'), enc: gz && rand() < 0.5 ? 'gzip' : null };
    } else if (r < 0.85) {
      let data = json(10 + Math.floor(rand() * 30));
      if (leak) data = data.replace('"batch"', `"n":"${watched[6].value}","batch"`);
      item = { url: 'https://api.example.com/blob', body: bytesOf(JSON.stringify({ payload: b64(bytesOf(data)) })), enc: null };
    } else {
      const n = 1024 + Math.floor(rand() * 16384);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
      item = { url: 'https://cdn.example.com/upload', body: b, enc: null };
    }
    item.leak = leak && r < 0.85;
    planted += item.leak ? 1 : 0;
    bodies.push(item);
    size += item.body.byteLength;
  }
  const mbytes = size / 1e6;

  // ---- the JavaScript matcher ---------------------------------------------------
  const b64url = (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  function normalForms({ kind, value }) {
    const v = value.trim();
    const forms = new Set([v, v.toLowerCase()]);
    if (kind === 'email') {
      const [local, domain] = v.toLowerCase().split('@');
      forms.add(`${local.split('+')[0]}@${domain}`);
      forms.add(`${local.split('+')[0].replace(/\./g, '')}@${domain}`);
    }
    if (kind === 'phone') {
      const digits = v.replace(/\D/g, '');
      const e164 = v.startsWith('+') ? `+${digits}` : `+33${digits.replace(/^0/, '')}`;
      forms.add(e164);
      forms.add(e164.slice(1));
      forms.add(`0${e164.slice(3)}`);
    }
    if (kind === 'name' || kind === 'custom') forms.add(v.toLowerCase().replace(/\s+/g, ''));
    return [...forms];
  }
  async function buildJsPool(values) {
    const tokens = new Set();
    const add = (t) => {
      tokens.add(t);
      tokens.add(encodeURIComponent(t));
    };
    for (const value of values) {
      for (const form of normalForms(value)) {
        add(form);
        const raw = b64(bytesOf(form));
        add(raw);
        add(b64url(raw));
        for (const algo of ['SHA-1', 'SHA-256', 'SHA-512']) {
          const digest = new Uint8Array(await crypto.subtle.digest(algo, bytesOf(form)));
          add(hex(digest));
          const d64 = b64(digest);
          add(d64);
          add(b64url(d64));
        }
      }
    }
    return tokens;
  }
  const SPLIT = /[^A-Za-z0-9@.+_\-%=/]+/;
  const latin1 = new TextDecoder('utf-8');
  function lookup(tokens, text, found) {
    for (const token of text.split(SPLIT)) {
      if (!token) continue;
      if (tokens.has(token) || tokens.has(token.toLowerCase())) found.push(token);
      else if (token.length >= 16 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(token)) {
        try {
          const inner = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
          for (const t of inner.split(SPLIT)) if (t && (tokens.has(t) || tokens.has(t.toLowerCase()))) found.push(t);
        } catch {
          // not base64
        }
      }
    }
  }
  async function jsScan(tokens, url, body, encoding) {
    const found = [];
    lookup(tokens, url, found);
    let bytes = body;
    const format = encoding === 'gzip' || (body[0] === 0x1f && body[1] === 0x8b) ? 'gzip' : body[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(body[1]) ? 'deflate' : null;
    if (format) {
      try {
        bytes = new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream(format))).arrayBuffer());
      } catch {
        bytes = body;
      }
    }
    const text = latin1.decode(bytes);
    lookup(tokens, text, found);
    if (text.includes('%')) {
      try {
        lookup(tokens, decodeURIComponent(text.replace(/\+/g, ' ')), found);
      } catch {
        // malformed escapes
      }
    }
    return found;
  }

  // ---- timings --------------------------------------------------------------------
  const out = { bodies: bodies.length, mbytes, planted };
  const buildJs = [];
  let tokens;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    tokens = await buildJsPool(watched);
    buildJs.push(performance.now() - t0);
  }
  out.js = { buildMs: median(buildJs), tokens: tokens.size };
  let t0 = performance.now();
  let hits = 0;
  let hitPlanted = 0;
  for (const b of bodies) {
    const found = await jsScan(tokens, b.url, b.body, b.enc);
    hits += found.length ? 1 : 0;
    hitPlanted += found.length && b.leak ? 1 : 0;
  }
  out.js.scanMs = performance.now() - t0;
  out.js.mbPerS = mbytes / (out.js.scanMs / 1000);
  out.js.bodiesMatched = hits;
  out.js.plantedFound = hitPlanted;

  if (typeof wasm.LeakMatcher !== 'function') {
    out.wasm = { error: 'LeakMatcher is not exported by this build' };
    return out;
  }
  const buildWasm = [];
  let matcher;
  for (let i = 0; i < 20; i++) {
    matcher?.free();
    const t1 = performance.now();
    matcher = new wasm.LeakMatcher(watched);
    buildWasm.push(performance.now() - t1);
  }
  out.wasm = { buildMs: median(buildWasm) };
  t0 = performance.now();
  hits = 0;
  hitPlanted = 0;
  for (const b of bodies) {
    const found = matcher.scan(b.url, b.body, b.enc ?? undefined);
    hits += found.length ? 1 : 0;
    hitPlanted += found.length && b.leak ? 1 : 0;
  }
  out.wasm.scanMs = performance.now() - t0;
  out.wasm.mbPerS = mbytes / (out.wasm.scanMs / 1000);
  out.wasm.bodiesMatched = hits;
  out.wasm.plantedFound = hitPlanted;
  matcher.free();
  return out;
}

const server = await startServer({ port: 0 });
const browser = await launch({ serverPort: server.port });
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  const r = await page.evaluate(benchInPage, { watched: WATCHED, totalBytes: MB * 1e6 });
  console.log(`request scan in Chromium (${r.bodies} mixed bodies, ${r.mbytes.toFixed(1)} MB, ${r.planted} with a watched value planted; 10 watched values)`);
  const line = (name, x) =>
    x.error
      ? `  ${name}: ${x.error}`
      : `  ${name}: pool build ${x.buildMs.toFixed(2)} ms (median of 20)${x.tokens ? `, ${x.tokens} tokens` : ''}; scan ${x.scanMs.toFixed(0)} ms = ${x.mbPerS.toFixed(1)} MB/s; bodies matched ${x.bodiesMatched}, planted found ${x.plantedFound}/${r.planted}`;
  console.log(line('LeakMatcher (wasm)   ', r.wasm));
  console.log(line('JavaScript (Set)     ', r.js));
  if (!r.wasm.error) console.log(`  wasm / JavaScript throughput: ${(r.wasm.mbPerS / r.js.mbPerS).toFixed(2)}×`);
} finally {
  await browser.close();
  await server.close();
}
