// The home feed: posts from the main-feed query, each with its reactions.
// Reactors are linked by member URN (/in/ACoAA…/), as the API lists them.
// Photos and shared pictures come from media.licdn.com; every component
// module of the script chunks runs at boot; impressions of the posts shown
// go to /li/track.
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

  // The address of an API vectorImage's first artifact (null without one).
  function imageUrl(vector) {
    var artifact = vector && vector.artifacts && vector.artifacts[0];
    return artifact ? vector.rootUrl + artifact.fileIdentifyingUrlPathSegment : null;
  }

  function photoUrl(image) {
    var attribute = image && image.attributes && image.attributes[0];
    return imageUrl(attribute && attribute.detailData.nonEntityProfilePicture && attribute.detailData.nonEntityProfilePicture.vectorImage);
  }

  function photo(image, fallback, size) {
    var url = photoUrl(image);
    return url ? el('img', { className: 'avatar photo ' + size, src: url, alt: '', width: '64', height: '64' }) : fallback;
  }

  function facepile(social) {
    return el('span', { className: 'facepile' }, social.reactions.slice(0, 3).map(function (r) {
      var url = photoUrl(r.reactorLockup.image);
      return url ? el('img', { className: 'facepile-photo', src: url, alt: '', width: '24', height: '24' }) : null;
    }));
  }

  function sharedImage(update) {
    var images = update.content && update.content.imageComponent && update.content.imageComponent.images;
    var attribute = images && images[0] && images[0].attributes[0];
    var url = imageUrl(attribute && attribute.detailData.vectorImage);
    return url ? el('img', { className: 'post-image', src: url, alt: '', width: '800', height: '450' }) : null;
  }

  // The client's components, registered at boot as a component framework
  // does: every module the chunks defined runs now.
  function bootComponents() {
    return Object.keys(require.entries).filter(function (name) {
      return name.indexOf('voyager-web/components/') === 0;
    }).map(function (name) { return require(name); });
  }

  function sendImpressions(updates) {
    var now = Date.now();
    var events = updates.map(function (update, i) {
      return {
        eventInfo: { eventName: 'FeedImpressionEvent', topicName: 'FeedImpressionEvent', appId: 'com.linkedin.flagship3.d_web' },
        eventBody: { header: { time: now, pageInstance: tracking.pageInstance() }, entities: [{ urn: update.entityUrn, position: i }], duration: 0 },
      };
    });
    fetch('/li/track', { method: 'POST', credentials: 'include', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) })
      .catch(function () {});
  }

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
          photo(update.actor.image, dom.avatar(author, 'small'), 'small'),
          el('span', { className: 'post-actor-name', text: update.actor.name.text }),
        ]),
        el('span', { className: 'tile-headline', text: update.actor.description.text }),
      ]),
      el('p', { className: 'post-text', text: update.commentary.text.text }),
      sharedImage(update),
      el('footer', { className: 'post-social' }, [
        social.reactions.length ? facepile(social) : null,
        el('span', { className: 'reaction-count', text: social.totalReactions + (social.totalReactions === 1 ? ' reaction' : ' reactions') }),
        social.reactions.length ? reactorsLine(social) : null,
      ]),
    ]);
  }

  return function feedRoute() {
    tracking.setPage('feed');
    var components = bootComponents();
    var list = document.getElementById('feed-updates');
    var more = document.getElementById('feed-more');
    var start = 0;
    function load() {
      more.disabled = true;
      return client.graphql(feedQuery, { start: start, count: PAGE, sortOrder: 'RELEVANCE' }).then(function (response) {
        var page = normalized.collection(response, 'feedDashMainFeedByMainFeed');
        page.elements.forEach(function (update) { list.append(post(update, page)); });
        list.dataset.components = String(components.length);
        sendImpressions(page.elements);
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
