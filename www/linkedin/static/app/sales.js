// Sales Navigator: the lead search and a lead's page, from /sales-api/,
// with the same session headers as the Voyager client. A lead's page shows
// the lead's contact details as soon as they arrive: there is no
// "Contact info" to click.
define('voyager-web/lib/sales-client', ['voyager-web/lib/voyager-client'], function (client) {
  'use strict';
  function get(path) {
    return client.request('/sales-api' + path, 'application/json');
  }
  return { get: get };
});

define('voyager-web/routes/sales-search', ['voyager-web/lib/sales-client', 'voyager-web/lib/dom', 'voyager-web/lib/tracking'], function (sales, dom, tracking) {
  'use strict';
  var el = dom.el;
  return function salesSearchRoute() {
    tracking.setPage('sales_search_people');
    var list = document.getElementById('lead-results');
    sales.get('/salesApiLeadSearch?q=searchQuery&query=(spellCorrectionEnabled:true,keywords:privacy)&start=0&count=25' +
      '&decorationId=com.linkedin.sales.deco.desktop.searchv2.LeadSearchResult-14').then(function (response) {
      document.getElementById('lead-count').textContent = response.paging.total + ' results';
      list.replaceChildren.apply(list, response.elements.map(function (lead) {
        // urn:li:fs_salesProfile:(<id>,<authType>,<token>)
        var parts = lead.entityUrn.slice(lead.entityUrn.indexOf('(') + 1, -1).split(',');
        return el('li', { className: 'lead-row', 'data-row-id': parts[0] }, [
          el('a', { className: 'lead-name', href: '/sales/lead/' + parts.join(',') }, [
            dom.avatar(lead, 'small'),
            el('span', { className: 'tile-name', text: lead.fullName }),
          ]),
          el('span', { className: 'tile-headline', text: lead.currentPositions[0].title }),
          el('span', { className: 'muted', text: lead.geoRegion }),
        ]);
      }));
      list.removeAttribute('aria-busy');
    }).catch(function () {});
  };
});

define('voyager-web/routes/sales-lead', ['voyager-web/lib/sales-client', 'voyager-web/lib/dom', 'voyager-web/lib/tracking'], function (sales, dom, tracking) {
  'use strict';
  var el = dom.el;
  var DECORATION = '(entityUrn,objectUrn,firstName,lastName,fullName,headline,degree,location,listCount,savedLead,' +
    'defaultPosition,contactInfo,crmStatus,pendingInvitation,unlocked,flagshipProfileUrl)';

  function renderContact(contact) {
    var items = [];
    (contact.emails || []).forEach(function (e) {
      items.push(el('li', { className: 'ci-email' }, [el('a', { href: 'mailto:' + e.emailAddress, text: e.emailAddress })]));
    });
    (contact.phones || []).forEach(function (p) {
      items.push(el('li', { className: 'ci-phone' }, [el('span', { text: p.number + ' (' + p.type.charAt(0) + p.type.slice(1).toLowerCase() + ')' })]));
    });
    if (!items.length) return;
    document.getElementById('lead-contact-list').replaceChildren.apply(document.getElementById('lead-contact-list'), items);
    document.getElementById('lead-contact').hidden = false;
  }

  return function salesLeadRoute() {
    tracking.setPage('sales_lead');
    var match = location.pathname.match(/^\/sales\/lead\/([^,/]+),([^,/]+),([^,/]+)$/);
    if (!match) return;
    var card = document.getElementById('lead-card');
    sales.get('/salesApiProfiles/(profileId:' + match[1] + ',authType:' + match[2] + ',authToken:' + match[3] + ')?decoration=' +
      encodeURIComponent(DECORATION)).then(function (lead) {
      card.replaceChildren(
        dom.avatar(lead),
        el('h1', { text: lead.fullName }),
        el('p', { className: 'headline', text: lead.headline }),
        el('p', { className: 'muted', text: lead.location }),
      );
      card.removeAttribute('aria-busy');
      if (lead.contactInfo) renderContact(lead.contactInfo);
    }).catch(function () {
      card.replaceChildren(el('p', { className: 'muted', text: 'This lead could not be loaded.' }));
    });
  };
});
