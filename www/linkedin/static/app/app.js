// Boot: the route for the current path.
define('voyager-web/app', [], function () {
  'use strict';
  var ROUTES = [
    [/^\/in\/[^/]+\/(overlay\/contact-info\/)?$/, 'voyager-web/routes/profile'],
    [/^\/feed\/$/, 'voyager-web/routes/feed'],
    [/^\/mynetwork\/invite-connect\/connections\/$/, 'voyager-web/routes/connections'],
    [/^\/sales\/search\/people$/, 'voyager-web/routes/sales-search'],
    [/^\/sales\/lead\/[^/]+$/, 'voyager-web/routes/sales-lead'],
  ];
  return function boot() {
    for (var i = 0; i < ROUTES.length; i++) {
      if (ROUTES[i][0].test(location.pathname)) return require(ROUTES[i][1])();
    }
    return undefined;
  };
});
require('voyager-web/app')();
