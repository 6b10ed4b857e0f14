// The web client's API access: same-origin requests with the session
// cookies, the csrf-token read from the JSESSIONID cookie, and the client
// headers; responses in the normalized form.
define('voyager-web/lib/voyager-client', ['voyager-web/lib/restli', 'voyager-web/lib/tracking'], function (restli, tracking) {
  'use strict';
  var NORMALIZED = 'application/vnd.linkedin.normalized+json+2.1';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)JSESSIONID="?([^";]*)"?/);
    return match ? match[1] : '';
  }

  function get(path) {
    return fetch('/voyager/api' + path, {
      credentials: 'include',
      headers: {
        'csrf-token': csrfToken(),
        'x-restli-protocol-version': '2.0.0',
        'x-li-lang': 'en_US',
        'x-li-track': tracking.track(),
        'x-li-page-instance': tracking.pageInstance(),
        accept: NORMALIZED,
      },
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function graphql(query, variables) {
    return get('/graphql?includeWebMetadata=true&variables=' + restli.encode(variables) + '&queryId=' + query.id);
  }

  return { get: get, graphql: graphql };
});
