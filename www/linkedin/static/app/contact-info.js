// The "Contact info" overlay, the way the real web client does it: the link
// is a real URL (/in/<slug>/overlay/contact-info/, which works without
// script), a plain click opens the dialog in place and pushes that URL, and
// only then are the contact details fetched, through the contact-info
// finder query. Nothing else on the page ever asks for them.
define('voyager-web/routes/profile/contact-info', [
  'voyager-web/lib/voyager-client',
  'voyager-web/graphql/profile-contact-info-finder.graphql',
  'voyager-web/lib/normalized',
  'voyager-web/lib/dom',
  'voyager-web/lib/tracking',
], function (client, contactInfoQuery, normalized, dom, tracking) {
  'use strict';
  var LINK = '#top-card-text-details-contact-info';

  function install(slug) {
    var profilePath = '/in/' + slug + '/';
    var overlayPath = profilePath + 'overlay/contact-info/';
    var dialog = document.getElementById('contact-dialog');
    var content = document.getElementById('contact-body');

    function message(text) {
      content.replaceChildren(dom.el('p', { className: 'muted', text: text }));
    }

    // As on the real site: each kind in a section of its own class
    // (ci-email, ci-phone…); an e-mail is a mailto: link, a phone number
    // plain text, its type in a span of its own.
    function item(label, value, href, note) {
      var line = href ? dom.el('a', { href: href, text: value }) : dom.el('span', { text: value });
      return dom.el('section', { className: 'contact-item ci-' + label.toLowerCase() }, [
        dom.el('h3', { text: label }),
        line,
        note ? dom.el('span', { className: 'muted', text: ' ' + note }) : null,
      ]);
    }

    function render(profile) {
      var items = [item('Profile', 'linkedin.com' + profilePath, profilePath)];
      if (profile && profile.emailAddress) {
        var email = profile.emailAddress.emailAddress;
        items.push(item('Email', email, 'mailto:' + email));
      }
      ((profile && profile.phoneNumbers) || []).forEach(function (phone) {
        var number = phone.phoneNumber.number;
        items.push(item('Phone', number, null, '(' + phone.type.charAt(0) + phone.type.slice(1).toLowerCase() + ')'));
      });
      ((profile && profile.twitterHandles) || []).forEach(function (handle) {
        items.push(item('Twitter', '@' + handle.name));
      });
      content.replaceChildren.apply(content, items);
    }

    function open() {
      message('Loading…');
      if (!dialog.open) dialog.showModal();
      tracking.setPage('profile_view_base_contact_details');
      client.graphql(contactInfoQuery, { memberIdentity: slug }).then(function (response) {
        render(normalized.collection(response, 'identityDashProfilesByMemberIdentity').elements[0]);
      }).catch(function () {
        message('Contact info could not be loaded. Please try again.');
      });
    }

    document.addEventListener('click', function (event) {
      var link = event.target instanceof Element ? event.target.closest(LINK) : null;
      if (!link) return;
      // Modified clicks open the overlay URL in a new tab, as links should.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      history.pushState({ overlay: true }, '', overlayPath);
      open();
    });

    dialog.addEventListener('click', function (event) {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });

    dialog.addEventListener('close', function () {
      tracking.setPage('profile_view_base');
      if (location.pathname !== overlayPath) return; // already left by Back
      // Undo our own pushState; a page opened directly at the overlay URL has
      // nothing to go back to on this site, so its URL is rewritten instead.
      if (history.state && history.state.overlay) history.back();
      else history.replaceState(null, '', profilePath);
    });

    window.addEventListener('popstate', function () {
      if (location.pathname === overlayPath) open();
      else if (dialog.open) dialog.close();
    });

    if (location.pathname === overlayPath) open();
  }

  return { install: install };
});
