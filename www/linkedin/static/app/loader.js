// A minimal AMD loader, in the manner of the loader.js that Ember apps ship:
// the bundle registers every module by name with define(), and a module runs
// the first time something requires it. Script chunks loaded before it
// queue their definitions on window.voyagerChunks (the JSONP chunk pattern
// of webpack); the loader runs those it finds and any pushed later.
(function () {
  'use strict';
  var registry = Object.create(null);
  var instances = Object.create(null);

  function instantiate(name) {
    if (name in instances) return instances[name];
    var entry = registry[name];
    if (!entry) throw new Error('Could not find module `' + name + '`');
    instances[name] = undefined; // a cycle sees undefined instead of looping
    instances[name] = entry.factory.apply(null, entry.deps.map(instantiate));
    return instances[name];
  }

  window.define = function define(name, deps, factory) {
    registry[name] = { deps: deps, factory: factory };
  };
  window.require = function require(name) {
    return instantiate(name);
  };
  // Every module's name, as loader.js's requirejs.entries gives it.
  window.require.entries = registry;

  var queued = window.voyagerChunks || [];
  window.voyagerChunks = { push: function (chunk) { chunk(window.define); } };
  queued.forEach(function (chunk) { chunk(window.define); });
})();
