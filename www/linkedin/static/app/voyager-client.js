// The web client's API access: same-origin requests with the session
// cookies, the csrf-token read from the JSESSIONID cookie, and the client
// headers; Voyager's responses in the normalized form (`request` serves
// Sales Navigator's API too).
define('voyager-web/lib/voyager-client', ['voyager-web/lib/restli', 'voyager-web/lib/tracking'], function (restli, tracking) {
  'use strict';
  var NORMALIZED = 'application/vnd.linkedin.normalized+json+2.1';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)JSESSIONID="?([^";]*)"?/);
    return match ? match[1] : '';
  }

  function request(url, accept) {
    return fetch(url, {
      credentials: 'include',
      headers: {
        'csrf-token': csrfToken(),
        'x-restli-protocol-version': '2.0.0',
        'x-li-lang': 'en_US',
        'x-li-track': tracking.track(),
        'x-li-page-instance': tracking.pageInstance(),
        accept: accept,
      },
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function get(path) {
    return request('/voyager/api' + path, NORMALIZED);
  }

  function graphql(query, variables) {
    return get('/graphql?includeWebMetadata=true&variables=' + restli.encode(variables) + '&queryId=' + query.id);
  }

  return { get: get, graphql: graphql, request: request };
});
