// The host names the fixture sites answer under (one list for the server's
// routing, Chromium's host mapping, Firefox's proxy and the certificate's
// names). The collector answers under two: a test host, and a real-looking
// CRM host such as contact finders upload to.
export const LINKEDIN_HOST = 'www.linkedin.com';
// Its asset hosts (www/linkedin/assets.mjs): script chunks and style sheets,
// and members' photos. licdn.com is a registrable domain of its own.
export const LINKEDIN_STATIC_HOST = 'static.licdn.com';
export const LINKEDIN_MEDIA_HOST = 'media.licdn.com';
export const LINKEDIN_ASSET_HOSTS = [LINKEDIN_STATIC_HOST, LINKEDIN_MEDIA_HOST];
export const COLLECTOR_HOSTS = ['api.collector.test', 'api.crm-sync.example'];
// A French lighting boutique (www/shop/): its own site, and a first-party
// measurement subdomain of the same registrable domain.
export const SHOP_HOST = 'www.atelier-lumiere.fr';
export const SHOP_METRICS_HOST = 'metrics.atelier-lumiere.fr';
// The shop's third parties (www/shop/vendors.mjs), each on a registrable
// domain of its own: where their scripts load from and where they send.
export const VENDOR_HOSTS = [
  'cdn.mesurely.com', 'collect.mesurely.com',
  'script.replaywise.io', 'in.replaywise.io',
  'cdn.clarisight.net', 'rec.clarisight.net',
  'cdn.segmently.com', 'api.segmently.com',
  'static.adtrace.net', 'px.adtrace.net',
  'sync.cartgraph.com',
  'cdn.relanceo.com', 't.relanceo.com',
  'cdn.tchatbox.io', 'ws.tchatbox.io',
  // An audience tag's ways of sending a Blob (tests/e2e/leaks.test.mjs).
  'b.pulsebeam.io', 'x.pulsebeam.io', 'f.pulsebeam.io', 'm.pulsebeam.io', 'r.pulsebeam.io', 'q.pulsebeam.io', 'c.pulsebeam.io',
];
// The messaging and video apps of www/destinations/, and the hosts of
// their group and their analytics (answered by the collector).
export const DESTINATION_HOSTS = ['web.whatsapp.com', 'www.videoapp.example'];
export const DESTINATION_COLLECTOR_HOSTS = ['graph.facebook.com', 'analytics.tiktok.com'];
// A garden shop whose sign-up page carries one real analytics SDK from npm
// (www/sdks/): its own host, and the vendors' CDN and ingestion hosts.
export const SDK_SITE_HOST = 'www.jardin-express.fr';
// The shop's customer-account subdomain: its log-in page (a site of its own
// in Vigie's findings, which are filed by host).
export const SDK_ACCOUNT_HOST = 'compte.jardin-express.fr';
export const SDK_HOSTS = [
  'eu-assets.i.posthog.com', 'eu.i.posthog.com',
  'cdn.mxpnl.com', 'api-js.mixpanel.com',
  'cdn.amplitude.com', 'api2.amplitude.com',
  'o4508123.ingest.de.sentry.io',
  'cdn.segment.com', 'api.segment.io',
  'www.datadoghq-browser-agent.com', 'browser-intake-datadoghq.eu',
  'cdn.sillage-replay.io', 'ingest.sillage-replay.io',
  'js.monitor.azure.com', 'westeurope-5.in.applicationinsights.azure.com', 'dc.services.visualstudio.com',
  'www.clarity.ms', 'scripts.clarity.ms', 'q.clarity.ms',
  'com-jardinexpress-prod1.collector.snplow.net', 'api.openreplay.com',
  'pub.highlight.io', 'otel.highlight.io',
  'sr-client-cfg.amplitude.com', 'api-sr.amplitude.com',
  'bam.nr-data.net',
  'featureassets.org', 'prodregistryv2.org',
  'api.rudderstack.com', 'jardinexpresspw.dataplane.rudderstack.com',
  'faro-collector-prod-eu-west-2.grafana.net',
  'sdk.fra-02.braze.eu',
  'api.lab.amplitude.com', 'app.launchdarkly.com',
  'unpkg.com', '9a3c5f1e2b7d4c8a.apm.europe-west1.gcp.cloud.es.io',
  'cdn.rollbar.com', 'api.rollbar.com',
  'jardinexpress.count.ly', 'in-otel.hyperdx.io',
  'app.eu.pendo.io', 'cdn.eu.pendo.io', 'events.usermaven.com', 'eu1.clevertap-prod.com', 'cdp-eu.customer.io',
];
export const MAPPED_HOSTS = [
  LINKEDIN_HOST, ...LINKEDIN_ASSET_HOSTS, ...COLLECTOR_HOSTS, 'shop.example.test',
  SHOP_HOST, SHOP_METRICS_HOST, ...VENDOR_HOSTS,
  ...DESTINATION_HOSTS, ...DESTINATION_COLLECTOR_HOSTS,
  SDK_SITE_HOST, SDK_ACCOUNT_HOST, ...SDK_HOSTS,
];
