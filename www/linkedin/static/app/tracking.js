// The tracking headers LinkedIn's web client adds to every API call:
// x-li-track (a JSON description of the client) and x-li-page-instance
// (the page key and a tracking id, new for every page view).
define('voyager-web/lib/tracking', [], function () {
  'use strict';
  var CLIENT_VERSION = '1.13.31337';
  var pageKey = 'd_flagship3_unknown';
  var trackingId = newTrackingId();

  function newTrackingId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes));
  }

  function setPage(key) {
    pageKey = 'd_flagship3_' + key;
    trackingId = newTrackingId();
  }

  function track() {
    var density = window.devicePixelRatio || 1;
    return JSON.stringify({
      clientVersion: CLIENT_VERSION,
      mpVersion: CLIENT_VERSION,
      osName: 'web',
      timezoneOffset: -new Date().getTimezoneOffset() / 60,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      deviceFormFactor: 'DESKTOP',
      mpName: 'voyager-web',
      displayDensity: density,
      displayWidth: Math.round(screen.width * density),
      displayHeight: Math.round(screen.height * density),
    });
  }

  function pageInstance() {
    return 'urn:li:page:' + pageKey + ';' + trackingId;
  }

  return { setPage: setPage, track: track, pageInstance: pageInstance };
});
