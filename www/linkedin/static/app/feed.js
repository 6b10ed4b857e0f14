// The home feed: posts from the main-feed query, each with its reactions.
// Reactors are linked by member URN (/in/ACoAA…/), as the API lists them.
define('voyager-web/routes/feed', [
  'voyager-web/lib/voyager-client',
  'voyager-web/graphql/main-feed.graphql',
  'voyager-web/lib/normalized',
  'voyager-web/lib/dom',
  'voyager-web/lib/tracking',
], function (client, feedQuery, normalized, dom, tracking) {
  'use strict';
  var el = dom.el;
  var PAGE = 10;

  function reactorsLine(social) {
    var links = social.reactions.map(function (r) {
      return el('a', { className: 'reactor', href: new URL(r.reactorLockup.navigationUrl).pathname + '/', text: r.reactorLockup.title.text });
    });
    var line = el('p', { className: 'reactors muted' }, [document.createTextNode('Reactions from ')]);
    links.forEach(function (link, i) {
      if (i > 0) line.append(i === links.length - 1 ? ' and ' : ', ');
      line.append(link);
    });
    return line;
  }

  function post(update, page) {
    var author = page.entity(update.actor['*profile']);
    var social = page.entity(update['*socialDetail']);
    return el('article', { className: 'card post' }, [
      el('header', { className: 'post-actor' }, [
        el('a', { href: '/in/' + author.publicIdentifier + '/' }, [
          dom.avatar(author, 'small'),
          el('span', { className: 'post-actor-name', text: update.actor.name.text }),
        ]),
        el('span', { className: 'tile-headline', text: update.actor.description.text }),
      ]),
      el('p', { className: 'post-text', text: update.commentary.text.text }),
      el('footer', { className: 'post-social' }, [
        el('span', { className: 'reaction-count', text: social.totalReactions + (social.totalReactions === 1 ? ' reaction' : ' reactions') }),
        social.reactions.length ? reactorsLine(social) : null,
      ]),
    ]);
  }

  return function feedRoute() {
    tracking.setPage('feed');
    var list = document.getElementById('feed-updates');
    var more = document.getElementById('feed-more');
    var start = 0;
    function load() {
      more.disabled = true;
      return client.graphql(feedQuery, { start: start, count: PAGE, sortOrder: 'RELEVANCE' }).then(function (response) {
        var page = normalized.collection(response, 'feedDashMainFeedByMainFeed');
        page.elements.forEach(function (update) { list.append(post(update, page)); });
        start = page.paging.start + page.paging.count;
        more.hidden = start >= page.paging.total;
        more.disabled = false;
      }).catch(function () {
        list.append(el('p', { className: 'muted', text: 'Your feed could not be loaded.' }));
      });
    }
    more.addEventListener('click', load);
    load();
  };
});
