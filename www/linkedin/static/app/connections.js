// My Network › Connections: the viewer's connections, from the Rest.li
// connections endpoint the real page uses.
define('voyager-web/routes/connections', [
  'voyager-web/lib/voyager-client',
  'voyager-web/lib/normalized',
  'voyager-web/lib/dom',
  'voyager-web/lib/tracking',
], function (client, normalized, dom, tracking) {
  'use strict';
  var el = dom.el;
  var PATH = '/relationships/dash/connections?decorationId=com.linkedin.voyager.dash.deco.web.mynetwork.ConnectionListWithProfile-16' +
    '&count=40&q=search&sortType=RECENTLY_ADDED&start=0';

  return function connectionsRoute() {
    tracking.setPage('people_connections');
    client.get(PATH).then(function (response) {
      var page = normalized.collection(response, null);
      document.getElementById('connections-count').textContent = page.paging.total + ' connections';
      var list = document.getElementById('connections-list');
      list.replaceChildren.apply(list, page.elements.map(function (connection) {
        var p = page.entity(connection.connectedMember);
        return el('li', { className: 'tile' }, [
          el('a', { href: '/in/' + p.publicIdentifier + '/' }, [
            dom.avatar(p, 'small'),
            el('span', { className: 'tile-name', text: p.firstName + ' ' + p.lastName }),
            el('span', { className: 'tile-headline', text: p.headline }),
          ]),
        ]);
      }));
    }).catch(function () {});
  };
});
