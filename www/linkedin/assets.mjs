// LinkedIn's two asset hosts, on loopback: static.licdn.com (the web
// client's script chunks and style sheets, under content-hashed names that
// never change, cached for a year) and media.licdn.com (members' photos and
// the images of posts, under /dms/image/v2/<id>/<kind>/…, cached for weeks).
// Both are on licdn.com, a registrable domain of their own: to a page of
// www.linkedin.com they are third parties, as on the real site.
//
// They make the feed as heavy as the real one to load: dozens of script
// chunks whose modules all run when the client boots, style sheets of
// thousands of rules, and a photo for every author, reactor and rail entry.
// Everything is generated once per server from fixed seeds, so every run
// serves the same bytes.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { send } from '../respond.mjs';

import { LINKEDIN_MEDIA_HOST as MEDIA_HOST, LINKEDIN_STATIC_HOST as STATIC_HOST } from '../hosts.mjs';

export { MEDIA_HOST, STATIC_HOST };

const CHUNK_COUNT = 30;
const MODULES_PER_CHUNK = 36;
const STYLE_COUNT = 3;
const RULES_PER_STYLE = 1200;
const IMMUTABLE = { 'cache-control': 'public, max-age=31536000, immutable' };
const MEDIA_CACHE = { 'cache-control': 'public, max-age=1209600' };

const hashOf = (text, length) => createHash('sha256').update(text).digest('base64url').slice(0, length);
// A number from a text's hash: the seed of an image, a photo's time stamp.
const numberOf = (text) => createHash('sha256').update(text).digest().readUInt32BE(0);
// A static asset's name: 25 base-36 characters of its content's hash.
const assetName = (text) => BigInt(`0x${createHash('sha256').update(text).digest('hex')}`).toString(36).slice(0, 25);

/** A small deterministic generator (mulberry32): the same numbers every run. */
function numbers(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'feed', 'shared', 'update', 'social', 'actions', 'comments', 'reactions', 'media', 'article', 'poll',
  'document', 'video', 'carousel', 'job', 'event', 'newsletter', 'company', 'premium', 'insight', 'badge',
  'entity', 'lockup', 'facepile', 'menu', 'overflow', 'share', 'repost', 'follow', 'connect', 'message',
];

function componentName(rand) {
  const pick = () => WORDS[Math.floor(rand() * WORDS.length)];
  return `${pick()}-${pick()}-${pick()}`;
}

/**
 * One module of a chunk: a component whose factory, run at boot, builds its
 * template, its class names and its event table, as a compiled template of
 * a component framework does.
 */
function componentModule(name, rand) {
  const fields = Array.from({ length: 6 + Math.floor(rand() * 8) }, (_, i) => `${WORDS[Math.floor(rand() * WORDS.length)]}${i}`);
  const template = fields.map((f, i) => `<div class="${name}__${f}" data-slot="${i}">{{${f}}}</div>`).join('');
  return (
    `  define("voyager-web/components/${name}", ["voyager-web/lib/dom"], function (dom) {\n` +
    `    "use strict";\n` +
    `    var FIELDS = ${JSON.stringify(fields)};\n` +
    `    var TEMPLATE = ${JSON.stringify(template)};\n` +
    `    var classes = FIELDS.map(function (f) { return "${name}__" + f; });\n` +
    `    var slots = {};\n` +
    `    TEMPLATE.replace(/\\{\\{(\\w+)\\}\\}/g, function (_, key, at) { slots[key] = at; return ""; });\n` +
    `    function render(values) {\n` +
    `      return dom.el("div", { className: "${name}" }, FIELDS.map(function (f, i) {\n` +
    `        return dom.el("div", { className: classes[i], "data-slot": String(i), text: values[f] == null ? "" : String(values[f]) });\n` +
    `      }));\n` +
    `    }\n` +
    `    function measure(node) { return node ? node.childElementCount * ${1 + Math.floor(rand() * 9)} : 0; }\n` +
    `    return { name: "${name}", fields: FIELDS, slots: slots, render: render, measure: measure };\n` +
    `  });\n`
  );
}

/**
 * The script chunks: each pushes its module definitions on
 * window.voyagerChunks, which the client's loader drains when it starts
 * and runs at once afterwards (the JSONP chunk pattern of webpack).
 */
function buildChunks() {
  const rand = numbers(0x11ced);
  const names = new Set();
  return Array.from({ length: CHUNK_COUNT }, (_, c) => {
    const modules = [];
    while (modules.length < MODULES_PER_CHUNK) {
      const name = `${componentName(rand)}-${c}`;
      if (names.has(name)) continue;
      names.add(name);
      modules.push({ name, text: componentModule(name, rand) });
    }
    const text =
      `/* voyager-web chunk ${c} */\n` +
      '(window.voyagerChunks = window.voyagerChunks || []).push(function (define) {\n' +
      modules.map((m) => m.text).join('') +
      '});\n';
    return { path: `/aero-v1/sc/h/${assetName(text)}`, text, modules: modules.map((m) => m.name) };
  });
}

function buildStyles() {
  const rand = numbers(0x57e1e);
  return Array.from({ length: STYLE_COUNT }, (_, s) => {
    const rules = Array.from({ length: RULES_PER_STYLE }, (_, r) => {
      const name = `${componentName(rand)}-${s}-${r}`;
      const px = 1 + Math.floor(rand() * 24);
      return `.${name}__${WORDS[r % WORDS.length]} { margin: ${px}px 0 0 ${px >> 1}px; padding: 0 ${px}px; color: rgba(0,0,0,.${6 + (r % 3)}); }\n` +
        `.${name}:hover > .${name}__${WORDS[(r + 1) % WORDS.length]} { text-decoration: underline; }\n`;
    });
    const text = `/* voyager-web styles ${s} */\n${rules.join('')}`;
    return { path: `/aero-v1/sc/h/${assetName(text)}`, text };
  });
}

// PNG: signature, IHDR, one IDAT, IEND (RGB, 8 bits, filter 0 on each row).
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/** A photo-like PNG: soft gradients and grain, seeded by the image's id. */
function png(width, height, seed) {
  const rand = numbers(seed);
  const base = [rand() * 255, rand() * 255, rand() * 255];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let at = 0;
  for (let y = 0; y < height; y++) {
    raw[at++] = 0;
    for (let x = 0; x < width; x++) {
      const shade = (x / width) * 60 + (y / height) * 40;
      for (let ch = 0; ch < 3; ch++) raw[at++] = Math.max(0, Math.min(255, base[ch] - 50 + shade + (rand() - 0.5) * 24));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The kinds of image media.licdn.com serves, by the path segment that names
// them, with their size in pixels.
const IMAGE_KINDS = {
  'profile-displayphoto-shrink_100_100': [100, 100],
  'profile-displayphoto-shrink_200_200': [200, 200],
  'company-logo_100_100': [100, 100],
  'feedshare-shrink_800': [800, 450],
  'profile-displaybackgroundimage-shrink_200_800': [800, 200],
};
const IMAGE_PATH = /^\/dms\/image\/v2\/([A-Za-z0-9_-]{10,40})\/([a-z0-9_-]+)\/\2\/0\/(\d{13})$/;

/**
 * An image as the API describes it (a vectorImage: the root URL, and an
 * artifact's path segment to append): `key` names whose image it is (a
 * member's URN, a post's id), `kind` one of IMAGE_KINDS.
 */
export function vectorImage(key, kind) {
  const size = IMAGE_KINDS[kind];
  if (!size) throw new Error(`no image kind ${kind}`);
  const id = `D4E${hashOf(`${key}|${kind}`, 21)}`;
  const stamp = 1700000000000 + (numberOf(key) % 9e10);
  const token = hashOf(`${id}|t`, 43);
  return {
    rootUrl: `https://${MEDIA_HOST}/dms/image/v2/${id}/`,
    artifacts: [{ width: size[0], height: size[1], fileIdentifyingUrlPathSegment: `${kind}/${kind}/0/${stamp}?e=1790000000&v=beta&t=${token}` }],
  };
}

/** The address of an image (see vectorImage). */
export function mediaUrl(key, kind) {
  const image = vectorImage(key, kind);
  return image.rootUrl + image.artifacts[0].fileIdentifyingUrlPathSegment;
}

/** The asset hosts: their handlers and what a page shell links to. */
export function createAssets() {
  const chunks = buildChunks();
  const styles = buildStyles();
  const byPath = new Map([
    ...chunks.map((c) => [c.path, { type: 'text/javascript; charset=utf-8', body: c.text }]),
    ...styles.map((s) => [s.path, { type: 'text/css; charset=utf-8', body: s.text }]),
  ]);
  const images = new Map();

  function handleStatic(req, res, url) {
    const asset = byPath.get(url.pathname);
    if (!asset) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    return send(res, 200, asset.type, asset.body, IMMUTABLE);
  }

  function handleMedia(req, res, url) {
    const match = url.pathname.match(IMAGE_PATH);
    const size = match && IMAGE_KINDS[match[2]];
    if (!size) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    if (!images.has(match[1])) images.set(match[1], png(size[0], size[1], numberOf(match[1])));
    return send(res, 200, 'image/png', images.get(match[1]), MEDIA_CACHE);
  }

  return {
    handleStatic,
    handleMedia,
    /** <link> and <script> tags for a page's <head>: the style sheets, then the chunks (deferred, before the client). */
    headTags: () => [
      ...styles.map((s) => `<link rel="stylesheet" href="https://${STATIC_HOST}${s.path}">`),
      ...chunks.map((c) => `<script src="https://${STATIC_HOST}${c.path}" defer></script>`),
    ].join('\n'),
    /** Every component module the chunks define. */
    componentNames: () => chunks.flatMap((c) => c.modules),
  };
}
