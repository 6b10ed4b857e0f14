// A page of the end-to-end tests (tests/e2e/shadow-hosts.test.mjs):
// extension addresses inside shadow roots, open and closed, on every kind of
// element that can hold one — a div, a custom element no registry defines
// (what an extension's content script makes: it has no registry), one the
// page's registry defines (its constructor attaches the root), and a root
// inside a large root — both in a large document that is there before
// Vigie's observer first reads it, and in a small subtree added after the
// load. Each place writes its own extension id, so the test can tell which
// were found (window.shadowPlaces). No extension has these ids: the page
// wrote them, as Vigie's findings say.
'use strict';

const PLACES = {
  earlyDivClosed: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab',
  earlyDivOpen: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac',
  earlyCustomClosed: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaad',
  earlyDefinedClosed: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaae',
  earlyNestedInLargeRoot: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaf',
  lateDivClosed: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag',
  lateCustomClosed: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaah',
  lateDefinedClosed: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaai',
};
window.shadowPlaces = PLACES;

const image = (id) => `<img alt="" src="chrome-extension://${id}/icons/logo.png">`;

function hostWith(tag, mode, id) {
  const host = document.createElement(tag);
  host.attachShadow({ mode }).innerHTML = `<div class="card">${image(id)}</div>`;
  return host;
}

// A web component of the page's: it attaches its closed root itself.
class OrderBadge extends HTMLElement {
  #root = this.attachShadow({ mode: 'closed' });
  connectedCallback() {
    this.#root.innerHTML = image(this.dataset.ref);
  }
}
customElements.define('order-badge', OrderBadge);

function defined(id) {
  const badge = document.createElement('order-badge');
  badge.dataset.ref = id;
  return badge;
}

// A large document (thousands of elements), parsed before DOMContentLoaded.
const rows = document.querySelector('#orders tbody');
for (let i = 0; i < 800; i++) {
  const row = rows.insertRow();
  row.insertCell().textContent = `AL-${String(i).padStart(4, '0')}`;
  row.insertCell().innerHTML = `<a href="/orders/${i}">Order ${i}</a>`;
  row.insertCell().innerHTML = '<input type="number" value="1" aria-label="Quantity">';
}
const early = document.createElement('section');
early.append(hostWith('div', 'closed', PLACES.earlyDivClosed), hostWith('div', 'open', PLACES.earlyDivOpen));
early.append(hostWith('fx-contact-panel', 'closed', PLACES.earlyCustomClosed), defined(PLACES.earlyDefinedClosed));
// A large closed root (hundreds of elements) with a closed root inside.
const large = document.createElement('div');
const largeRoot = large.attachShadow({ mode: 'closed' });
largeRoot.innerHTML = `<ul>${'<li><span>item</span></li>'.repeat(300)}</ul>`;
largeRoot.append(hostWith('fx-inner-panel', 'closed', PLACES.earlyNestedInLargeRoot));
early.append(large);
document.body.append(early);

// A small subtree added after the load.
addEventListener('load', () => {
  setTimeout(() => {
    const late = document.createElement('aside');
    late.append(hostWith('div', 'closed', PLACES.lateDivClosed), hostWith('fx-late-panel', 'closed', PLACES.lateCustomClosed), defined(PLACES.lateDefinedClosed));
    document.body.append(late);
  }, 300);
});
