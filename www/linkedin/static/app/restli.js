// Rest.li protocol 2.0 query values: (key:value,list:List(a,b)), with the
// reserved characters of a value percent-encoded (a URN's colons included).
define('voyager-web/lib/restli', [], function () {
  'use strict';
  function leaf(text) {
    return encodeURIComponent(String(text)).replace(/[()!'*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function encode(value) {
    if (Array.isArray(value)) return 'List(' + value.map(encode).join(',') + ')';
    if (value !== null && typeof value === 'object') {
      return '(' + Object.keys(value).map(function (key) {
        return leaf(key) + ':' + encode(value[key]);
      }).join(',') + ')';
    }
    return leaf(value);
  }
  return { encode: encode };
});
