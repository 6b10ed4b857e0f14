// Atelier Lumière's own code (first party): the newsletter box and the
// checkout. Forms are sent with fetch to the shop itself, after the person
// presses the button; the order confirmation is also reported to the shop's
// own measurement subdomain (metrics.atelier-lumiere.fr: same registrable
// domain, so first party too). When the Segmently tag is on the page, the
// checkout identifies the buyer to it at submit.
(function () {
  'use strict';
  function fields(form) {
    var out = {};
    new FormData(form).forEach(function (value, key) {
      out[key] = String(value);
    });
    return out;
  }
  function post(url, data) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data), credentials: 'include' });
  }
  function done(form, text) {
    var note = document.createElement('p');
    note.className = 'done';
    note.setAttribute('role', 'status');
    note.textContent = text;
    form.replaceWith(note);
  }

  var newsletter = document.getElementById('newsletter');
  if (newsletter) {
    newsletter.addEventListener('submit', function (event) {
      event.preventDefault();
      post('/api/newsletter', fields(newsletter)).then(function () {
        done(newsletter, 'Merci ! Votre inscription est prise en compte.');
      });
    });
  }

  var checkout = document.getElementById('checkout');
  if (checkout) {
    checkout.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = fields(checkout);
      if (window.analytics && typeof window.analytics.identify === 'function') {
        window.analytics.identify({ email: data.email, phone: data.tel, firstName: data.prenom, lastName: data.nom });
        window.analytics.track('Order Completed', { total: 189.9, currency: 'EUR' });
      }
      post('/api/commande', data)
        .then(function (res) {
          return res.json();
        })
        .then(function (order) {
          post('https://metrics.atelier-lumiere.fr/v1/conversion', { order: order.id, value: 189.9, email: data.email });
          done(checkout, 'Commande ' + order.id + ' confirmée. Merci pour votre achat !');
        });
    });
  }
})();
