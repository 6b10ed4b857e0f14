// A profile page. The server sends a shell and a hydration blob naming the
// member (<code id="bpr-guid-1">: URN and vanity name, nothing else); the
// top card and "More profiles for you" come from the API on every load.
define('voyager-web/routes/profile', [
  'voyager-web/lib/voyager-client',
  'voyager-web/graphql/profile-top-card-finder.graphql',
  'voyager-web/graphql/profile-browsemap.graphql',
  'voyager-web/lib/normalized',
  'voyager-web/lib/dom',
  'voyager-web/lib/tracking',
  'voyager-web/routes/profile/contact-info',
], function (client, topCardQuery, browsemapQuery, normalized, dom, tracking, contactInfo) {
  'use strict';
  var el = dom.el;
  var DEGREE = { DISTANCE_1: '1st', DISTANCE_2: '2nd', DISTANCE_3: '3rd+' };

  function renderTopCard(profile) {
    var slug = profile.publicIdentifier;
    var card = document.getElementById('top-card');
    var degree = DEGREE[profile.memberRelationship && profile.memberRelationship.distance];
    card.replaceChildren(
      el('div', { className: 'banner' }),
      dom.avatar(profile),
      el('h1', { text: profile.firstName + ' ' + profile.lastName }),
      el('p', { className: 'headline', text: profile.headline }),
      el('p', { className: 'muted' }, [
        document.createTextNode(profile.locationName + ' · '),
        el('a', { id: 'top-card-text-details-contact-info', href: '/in/' + slug + '/overlay/contact-info/', text: 'Contact info' }),
      ]),
      el('p', { className: 'connections', text: (degree ? degree + ' · ' : '') + '500+ connections' }),
      el('div', { className: 'actions' }, [
        el('button', { className: 'btn primary', type: 'button', text: degree === '1st' ? 'Message' : 'Connect' }),
        el('button', { className: 'btn', type: 'button', text: 'More' }),
      ]),
    );
    card.removeAttribute('aria-busy');
    var about = document.getElementById('about');
    about.replaceChildren(el('h2', { text: 'About' }), el('p', { className: 'about-text', text: profile.summary }));
    about.hidden = false;
  }

  function renderBrowsemap(profiles) {
    var list = document.getElementById('browsemap-list');
    list.replaceChildren.apply(list, profiles.map(function (p) {
      var id = p.entityUrn.split(':').pop();
      return el('li', { className: 'tile' }, [
        el('a', { href: '/in/' + id + '/' }, [
          dom.avatar(p, 'small'),
          el('span', { className: 'tile-name', text: p.firstName + ' ' + p.lastName }),
          el('span', { className: 'tile-headline', text: p.headline }),
        ]),
      ]);
    }));
  }

  return function profileRoute() {
    var member = JSON.parse(document.getElementById('bpr-guid-1').textContent).data;
    tracking.setPage(/\/overlay\/contact-info\/$/.test(location.pathname) ? 'profile_view_base_contact_details' : 'profile_view_base');
    contactInfo.install(member.publicIdentifier);
    client.graphql(topCardQuery, { vanityName: member.publicIdentifier }).then(function (response) {
      var profile = normalized.collection(response, 'identityDashProfilesByMemberIdentity').elements[0];
      if (profile) renderTopCard(profile);
    }).catch(function () {
      document.getElementById('top-card').replaceChildren(el('p', { className: 'muted', text: 'This profile could not be loaded.' }));
    });
    client.graphql(browsemapQuery, { profileUrn: member.entityUrn }).then(function (response) {
      renderBrowsemap(normalized.collection(response, 'identityDashProfileBrowsemapByProfileUrn').elements);
    }).catch(function () {});
  };
});
