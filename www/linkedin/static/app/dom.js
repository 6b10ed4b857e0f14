// Elements built with DOM calls, never innerHTML, so API values can never
// become markup.
define('voyager-web/lib/dom', [], function () {
  'use strict';
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'text') node.textContent = props[key];
      else if (key === 'className') node.className = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.append(child);
    });
    return node;
  }

  var initials = function (first, last) {
    return ((first || ' ')[0] + (last || ' ')[0]).trim();
  };

  // A stable avatar colour per member (classes c0..c5 in site.css).
  function colorOf(urn) {
    var sum = 0;
    for (var i = 0; i < urn.length; i++) sum += urn.charCodeAt(i);
    return 'c' + (sum % 6);
  }

  function avatar(profile, size) {
    return el('span', { className: 'avatar ' + (size || '') + ' ' + colorOf(profile.entityUrn || ''), 'aria-hidden': 'true',
      text: initials(profile.firstName, profile.lastName) });
  }

  return { el: el, avatar: avatar };
});
