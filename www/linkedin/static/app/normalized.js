// Reads a normalized response: the collection under data.data.<key> (GraphQL)
// or data (Rest.li) lists URNs in *elements; the entities are in included[].
define('voyager-web/lib/normalized', [], function () {
  'use strict';
  function collection(response, key) {
    var list = key ? response.data.data[key] : response.data;
    var byUrn = new Map((response.included || []).map(function (e) { return [e.entityUrn, e]; }));
    var elements = (list['*elements'] || []).map(function (urn) { return byUrn.get(urn); }).filter(Boolean);
    return { elements: elements, paging: list.paging, entity: function (urn) { return byUrn.get(urn); } };
  }
  return { collection: collection };
});
