// www.atelier-lumiere.fr on loopback: a small French lighting boutique with
// a newsletter box, a checkout form and a signed-in customer's account page
// (filled in by the site, nothing typed), and the third-party tags such shops
// carry (www/shop/vendors/). Which tags a page loads is the site's tag
// manager's business: each page has its default set, and `?tags=a,b` (the
// tag manager's preview mode) loads exactly those, so that a test can put
// one behaviour on a page at a time. `?tags=` loads none.
//
// The vendors' hosts serve their script and record everything sent to them
// (raw bytes kept, for tests to decode), as does the shop itself for its
// form posts and its first-party measurement subdomain.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SHOP_HOST, SHOP_METRICS_HOST } from '../hosts.mjs';
import { hostOf, readBody, send, sendJson } from '../respond.mjs';
import { acceptWebSocket } from '../websocket.mjs';

const HTML = 'text/html; charset=utf-8';
const BODY_CAP = 1024 * 1024;

/**
 * The tags: where each script loads from and the attributes its snippet
 * carries. What each one sends, and whether it leaks what the person types,
 * is said at the top of its script.
 */
export const VENDORS = {
  mesurely: { script: 'https://cdn.mesurely.com/m.js', file: 'mesurely.js', attrs: { 'data-site': 'ms-48213' } },
  replaywise: { script: 'https://script.replaywise.io/rw.js', file: 'replaywise.js', attrs: {} },
  // The same replay tag, compressing with raw deflate (no header in its bytes).
  'replaywise-raw': { script: 'https://script.replaywise.io/rw.js', file: 'replaywise.js', attrs: { 'data-compression': 'deflate-raw' } },
  clarisight: { script: 'https://cdn.clarisight.net/cs.js', file: 'clarisight.js', attrs: {} },
  segmently: { script: 'https://cdn.segmently.com/analytics.min.js', file: 'segmently.js', attrs: { 'data-write-key': 'wk_al_7Qx2' } },
  adtrace: { script: 'https://static.adtrace.net/adq.js', file: 'adtrace.js', attrs: { 'data-pixel': '480211937' } },
  cartgraph: { script: 'https://sync.cartgraph.com/cg.js', file: 'cartgraph.js', attrs: {} },
  relanceo: { script: 'https://cdn.relanceo.com/rl.js', file: 'relanceo.js', attrs: { 'data-account': 'atelier-lumiere' } },
  tchatbox: { script: 'https://cdn.tchatbox.io/widget.js', file: 'tchatbox.js', attrs: { 'data-site': 'atelier-lumiere' } },
};

/** The tags each page carries when no preview set is asked for. */
export const DEFAULT_TAGS = {
  '/': ['mesurely', 'clarisight', 'cartgraph'],
  '/commande': ['mesurely', 'replaywise', 'segmently', 'adtrace', 'cartgraph'],
  '/compte': ['mesurely', 'cartgraph'],
  '/devis': ['mesurely', 'replaywise', 'segmently', 'adtrace', 'cartgraph'],
};

/** The signed-in customer whose account page the shop shows (never typed on any page). */
export const CUSTOMER = { email: 'claire.martin@example.org', firstName: 'Claire', lastName: 'Martin' };

const CORS = (req) => ({
  'access-control-allow-origin': req.headers.origin ?? '*',
  'access-control-allow-credentials': 'true',
});

function escapeAttr(value) {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function tagsOf(url, path) {
  if (!url.searchParams.has('tags')) return DEFAULT_TAGS[path] ?? [];
  return url.searchParams
    .get('tags')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => Object.hasOwn(VENDORS, t));
}

function scriptTags(tags) {
  return tags
    .map((name) => {
      const v = VENDORS[name];
      const attrs = Object.entries(v.attrs).map(([k, val]) => ` ${k}="${escapeAttr(val)}"`).join('');
      return `<script async src="${v.script}"${attrs}></script>`;
    })
    .join('\n');
}

const PRODUCTS = [
  ['Suspension Oslo, laiton brossé', '189,90 €'],
  ['Lampe de chevet Lin', '64,00 €'],
  ['Applique murale Arles', '92,50 €'],
  ['Lampadaire Camargue', '249,00 €'],
];

function layout(title, tags, main) {
  // The tag manager's queue stub: calls made before a tag loads wait for it.
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Atelier Lumière</title>
<link rel="stylesheet" href="/static/shop.css">
<script src="/static/tags.js"></script>
${scriptTags(tags)}
</head>
<body>
<header><strong>Atelier Lumière</strong> — luminaires faits main à Lyon
<nav><a href="/">Boutique</a><a href="/compte">Mon compte</a><a href="/commande">Panier (1)</a></nav></header>
<main>
${main}
</main>
<footer>© Atelier Lumière SARL · <a href="/">Mentions légales</a> · <a href="/">Cookies</a></footer>
<script src="/static/shop.js"></script>
</body>
</html>
`;
}

function homePage(tags) {
  const products = PRODUCTS.map(([name, price]) => `<div class="product"><h3>${name}</h3><p class="price">${price}</p></div>`).join('\n');
  return layout(
    'Boutique',
    tags,
    `<h1>Nouvelle collection</h1>
<div class="products">
${products}
</div>
<h2>La lettre de l’atelier</h2>
<form id="newsletter" name="newsletter" action="/api/newsletter" method="post">
  <label for="nl-email">Votre adresse e-mail</label>
  <input id="nl-email" name="email" type="email" autocomplete="email" placeholder="vous@exemple.fr" required>
  <button type="submit">S’inscrire</button>
</form>`,
  );
}

function checkoutPage(tags) {
  return layout(
    'Commande',
    tags,
    `<h1>Finaliser la commande</h1>
<p>Suspension Oslo, laiton brossé — 189,90 €</p>
<form id="checkout" name="checkout" action="/api/commande" method="post">
  <label for="email">E-mail</label>
  <input id="email" name="email" type="email" autocomplete="email" required>
  <label for="tel">Téléphone portable</label>
  <input id="tel" name="tel" type="tel" autocomplete="tel">
  <div class="row">
    <div><label for="prenom">Prénom</label><input id="prenom" name="prenom" autocomplete="given-name"></div>
    <div><label for="nom">Nom</label><input id="nom" name="nom" autocomplete="family-name"></div>
  </div>
  <label for="adresse">Adresse</label>
  <input id="adresse" name="adresse" autocomplete="street-address">
  <div class="row">
    <div><label for="cp">Code postal</label><input id="cp" name="cp" autocomplete="postal-code"></div>
    <div><label for="ville">Ville</label><input id="ville" name="ville" autocomplete="address-level2"></div>
  </div>
  <button type="submit">Valider la commande</button>
</form>`,
  );
}

function accountPage(tags) {
  return layout(
    'Mon compte',
    tags,
    `<h1>Mon compte</h1>
<p>Bonjour ${CUSTOMER.firstName}, vos informations&nbsp;:</p>
<form id="compte" name="compte" action="/api/compte" method="post">
  <label for="email">E-mail</label>
  <input id="email" name="email" type="email" autocomplete="email" value="${escapeAttr(CUSTOMER.email)}">
  <div class="row">
    <div><label for="prenom">Prénom</label><input id="prenom" name="prenom" autocomplete="given-name" value="${escapeAttr(CUSTOMER.firstName)}"></div>
    <div><label for="nom">Nom</label><input id="nom" name="nom" autocomplete="family-name" value="${escapeAttr(CUSTOMER.lastName)}"></div>
  </div>
  <button type="submit">Enregistrer</button>
</form>`,
  );
}

/**
 * A heavy form page, for the page-load benchmark (tools/bench-pageload.mjs):
 * a professional quote request listing the whole catalogue, one quantity
 * field and one note field per reference, and the contact fields.
 */
function quotePage(tags, lines = 400) {
  const rows = [];
  for (let i = 1; i <= lines; i++) {
    const [name, price] = PRODUCTS[i % PRODUCTS.length];
    rows.push(
      `<tr><td>AL-${String(i).padStart(4, '0')}</td><td>${name} — finition ${i % 7}</td><td>${price}</td>` +
        `<td><input name="qte-${i}" type="number" min="0" value="0" aria-label="Quantité"></td>` +
        `<td><input name="note-${i}" type="text" aria-label="Remarque"></td></tr>`,
    );
  }
  return layout(
    'Demande de devis',
    tags,
    `<h1>Demande de devis professionnel</h1>
<form id="devis" name="devis" action="/api/devis" method="post">
  <table><thead><tr><th>Réf.</th><th>Article</th><th>Prix</th><th>Quantité</th><th>Remarque</th></tr></thead>
  <tbody>
${rows.join('\n')}
  </tbody></table>
  <label for="societe">Société</label><input id="societe" name="societe" autocomplete="organization">
  <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="email">
  <label for="tel">Téléphone</label><input id="tel" name="tel" type="tel" autocomplete="tel">
  <button type="submit">Envoyer la demande</button>
</form>`,
  );
}

// Defines the queue stubs tags expect before they load (analytics.js-style).
const TAGS_STUB = `window.analytics = window.analytics || [];
['page', 'track', 'identify'].forEach(function (m) {
  if (Array.isArray(window.analytics)) window.analytics[m] = function () { window.analytics.push([m].concat([].slice.call(arguments))); };
});
window.analytics.page && window.analytics.page();
`;

/** The shop and its vendors: `{ handleShop, handleMetrics, handleVendor, received, clear }`. */
export function createShop() {
  /** Every request sent to the shop's API, its metrics host and the vendors, in order. */
  const received = [];

  async function recordRequest(req, url) {
    const { raw, size } = await readBody(req, BODY_CAP);
    const entry = {
      time: Date.now(),
      method: req.method,
      host: hostOf(req),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      raw,
      size,
    };
    received.push(entry);
    return entry;
  }

  async function handleShop(req, res, url) {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/static/shop.js' || path === '/static/shop.css') {
      const type = path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
      return send(res, 200, type, await readFile(new URL(`.${path}`, import.meta.url)));
    }
    if (path === '/static/tags.js') return send(res, 200, 'text/javascript; charset=utf-8', TAGS_STUB);
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/api/newsletter' && req.method === 'POST') {
      await recordRequest(req, url);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/api/commande' && req.method === 'POST') {
      await recordRequest(req, url);
      return sendJson(res, 200, { ok: true, id: `AL-${randomInt(100000, 999999)}` });
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'Method not allowed\n');
    if (path === '/') return send(res, 200, HTML, homePage(tagsOf(url, '/')));
    if (path === '/commande') return send(res, 200, HTML, checkoutPage(tagsOf(url, '/commande')));
    if (path === '/compte') return send(res, 200, HTML, accountPage(tagsOf(url, '/compte')));
    if (path === '/devis') return send(res, 200, HTML, quotePage(tagsOf(url, '/devis')));
    return send(res, 404, HTML, layout('Page introuvable', [], '<h1>Page introuvable</h1>'));
  }

  async function handleCollecting(req, res, url) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS(req),
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    await recordRequest(req, url);
    if (url.pathname.startsWith('/tr') || url.pathname === '/sync') {
      // A 1×1 transparent GIF, as pixels answer.
      const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
      return send(res, 200, 'image/gif', gif, CORS(req));
    }
    res.writeHead(204, CORS(req));
    return res.end();
  }

  async function handleVendor(req, res, url) {
    const vendor = Object.values(VENDORS).find((v) => {
      const s = new URL(v.script);
      return s.host === hostOf(req) && s.pathname === url.pathname;
    });
    if (vendor && req.method === 'GET') {
      const text = await readFile(new URL(`./vendors/${vendor.file}`, import.meta.url));
      return send(res, 200, 'text/javascript; charset=utf-8', text, { 'access-control-allow-origin': '*' });
    }
    return handleCollecting(req, res, url);
  }

  /** A vendor's WebSocket: each text message recorded as a request of method `WS` (its body the message). */
  function handleVendorSocket(req, socket) {
    const url = new URL(req.url, 'https://fixture.invalid');
    const opened = { time: Date.now(), method: 'GET', host: hostOf(req), path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, raw: Buffer.alloc(0), size: 0 };
    received.push(opened);
    acceptWebSocket(req, socket, (text) => {
      const raw = Buffer.from(text, 'utf8');
      received.push({ ...opened, time: Date.now(), method: 'WS', raw, size: raw.length });
    });
  }

  return {
    handleShop,
    handleMetrics: handleCollecting,
    handleVendor,
    handleVendorSocket,
    received,
    clear: () => void (received.length = 0),
    /** What reached `host` (and `path`, when given). */
    to: (host, path) => received.filter((r) => r.host === host && (!path || r.path === path)),
  };
}

export { SHOP_HOST, SHOP_METRICS_HOST };
