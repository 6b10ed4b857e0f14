// www.jardin-express.fr on loopback: a garden-supplies shop whose sign-up
// page carries one real analytics SDK, as published on npm and served from
// the vendor's CDN host, integrated the way each vendor's documentation
// shows. Unlike the boutique's tags (www/shop/vendors/, written for Vigie's
// tests), nothing here was written to be caught: the SDK's own code decides
// what leaves, how it is batched, encoded and compressed.
//
//   /inscription?sdk=<name>   one of SDKS below
//   https://compte.jardin-express.fr/connexion?sdk=<name>
//                             the log-in page, its identifier a text field
//
// The page calls the SDK as its integration guide says: a page view on
// load, and on sign-up an identify call with the address and name the
// person typed (the usual "identify on sign-up"). The `posthog-replay`
// integration also turns session recording on with input masking off (an
// option PostHog documents); `posthog-masked` keeps PostHog's default,
// which masks every input. `posthog-anonymous` never identifies.
// `sentry-replay` and `sentry-masked` are Sentry's session replay, bundled
// into the site's own script, with and without its input masking;
// `sentry-feedback` is Sentry's User Feedback widget.
// `segment` is Segment's Analytics.js 2.0 with its loader snippet;
// `segment-anonymous` sends a sign-up event without identify.
// `datadog` is Datadog's RUM browser SDK from its CDN, with session replay
// at its default privacy level (what is typed is masked) and `setUser` on
// sign-up; it sends its batches when it is full, every 30 seconds, and when
// the page is left (by `sendBeacon`). `datadog-allow` is the SDK from npm
// with replay recording what is typed.
// `sillage-replay` is a session-replay tag built on the real rrweb recorder
// and rrweb's packer (www/sdks/sillage.mjs), inputs unmasked;
// `sillage-masked` keeps rrweb's input masking on.
// `appinsights` is Azure Monitor's Application Insights JavaScript SDK from
// its CDN, with setAuthenticatedUserContext on sign-up (`appinsights-ikey`
// set up with an instrumentation key alone); `appinsights-anonymous`
// tracks the sign-up event without it.
// `clarity` is Microsoft Clarity with its default masking and `identify`
// on sign-up; `clarity-masked` the same without identify; `clarity-relaxed`
// with the page's content unmasked.
// `snowplow` is Snowplow's browser tracker with its form-tracking plugin,
// bundled into the site's script; `snowplow-get` sends events in URLs;
// `snowplow-redacted` redacts every value with the plugin's transform.
// `openreplay` is OpenReplay's tracker (its Web Worker posts binary
// batches), obscuring inputs and setting the user id on sign-up;
// `openreplay-plain` records inputs as typed.
// `newrelic` is New Relic's browser agent with session replay at its
// default masking and `setUserId` on sign-up; `newrelic-unmasked` records
// inputs and text.
// `highlight` is Highlight's client (its Web Worker gzips each batch and
// posts it base64-encoded in GraphQL), with its default privacy and
// `identify` on sign-up; `highlight-plain` records what is typed.
// `braze` is Braze's Web SDK on its EU cluster, the address set as the
// user's id and e-mail on sign-up; `braze-anonymous` only logs the event.
// `elastic` is Elastic's APM RUM agent, the user context (id, address and
// name) set on sign-up; `elastic-anonymous` only labels the transaction.
// `mixpanel-replay-masked` is Mixpanel with its Session Replay at its
// default (every input masked); `mixpanel-replay` with
// `record_mask_all_inputs: false`, which still masks e-mail, phone and
// password fields and any with an autocomplete token, but not the
// newsletter box below the form, a plain text field.
// `countly` is Countly's web SDK collecting the sign-up form's details when
// it is submitted; `countly-anonymous` only tracks the visit and an event.
// `hyperdx` is HyperDX's monitoring and replay (inputs masked), the user's
// attributes set on sign-up.
// `usermaven` is Usermaven's SDK reading the sign-up form as it is submitted;
// `usermaven-anonymous` its autocapture alone.
// `clevertap` is CleverTap's Web SDK logging the user in on sign-up (its
// profile: name, identity, address); `clevertap-encrypted` the same with its
// encryption in transit; `clevertap-anonymous` only sends the event.
// `pendo` is Pendo's agent from npm, the visitor identified with their address
// and name on sign-up; `pendo-anonymous` only tracks the sign-up event.
// `customerio` is Customer.io's Data Pipelines client identifying the person
// on sign-up; `customerio-anonymous` only tracks the sign-up.
// `rollbar` is Rollbar's error monitoring from its CDN at its defaults
// (telemetry keeps what is typed), the page's own bug reported when the
// e-mail field is left, and the person set on sign-up; `rollbar-scrubbed`
// with `scrubTelemetryInputs`.
//
// Below the sign-up form, a newsletter box as many shops draw one: a text
// field named for an e-mail, without type or autocomplete.
//
// The vendors' ingestion hosts record every request (raw bytes, for tests
// to decode) and answer as the vendor's API does, enough for the SDK to go on.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SDK_ACCOUNT_HOST, SDK_HOSTS, SDK_SITE_HOST } from '../hosts.mjs';
import { hostOf, readBody, send, sendJson } from '../respond.mjs';
import { bundled } from './bundle.mjs';
import { SILLAGE, sillageScript } from './sillage.mjs';
const HTML = 'text/html; charset=utf-8';
const BODY_CAP = 4 * 1024 * 1024;
const require = createRequire(import.meta.url);

/**
 * A file of an installed npm package (found from its entry point when its
 * `exports` keep `package.json` private, as Rollbar's do).
 */
function packageFile(name, file) {
  let dir;
  try {
    dir = dirname(require.resolve(`${name}/package.json`));
  } catch (e) {
    if (e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
    dir = dirname(require.resolve(name));
    const named = (d) => existsSync(join(d, 'package.json')) && JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === name;
    while (!named(dir) && dirname(dir) !== dir) dir = dirname(dir);
  }
  return join(dir, file);
}

// Headless Chromium says "HeadlessChrome" in its user agent, and PostHog
// drops a bot's events unless told not to (its advice for end-to-end tests).
const POSTHOG_HEADLESS = 'opt_out_useragent_filter: true';
const POSTHOG = {
  cdn: 'eu-assets.i.posthog.com',
  api: 'eu.i.posthog.com',
  script: '/static/array.full.js',
  file: () => packageFile('posthog-js', 'dist/array.full.js'),
};

/**
 * Each integration: the script it loads (from the vendor's CDN host), the
 * hosts it talks to, and the page's own code (`init` on load, `identify`
 * with the typed values on sign-up).
 */
export const SDKS = {
  posthog: {
    ...POSTHOG,
    init: `posthog.init('phc_jx7Yq2LkP0aZfW3mN8sR5tV1uB4cD6eG9hJ2kL', { api_host: 'https://${POSTHOG.api}', ${POSTHOG_HEADLESS}, person_profiles: 'identified_only', disable_session_recording: true });`,
    identify: `posthog.identify(person.email, { email: person.email, name: person.name });`,
  },
  'posthog-replay': {
    ...POSTHOG,
    init: `posthog.init('phc_jx7Yq2LkP0aZfW3mN8sR5tV1uB4cD6eG9hJ2kL', { api_host: 'https://${POSTHOG.api}', ${POSTHOG_HEADLESS}, session_recording: { maskAllInputs: false } });`,
    identify: '',
  },
  'posthog-masked': {
    ...POSTHOG,
    init: `posthog.init('phc_jx7Yq2LkP0aZfW3mN8sR5tV1uB4cD6eG9hJ2kL', { api_host: 'https://${POSTHOG.api}', ${POSTHOG_HEADLESS} });`,
    identify: '',
  },
  'posthog-anonymous': {
    ...POSTHOG,
    init: `posthog.init('phc_jx7Yq2LkP0aZfW3mN8sR5tV1uB4cD6eG9hJ2kL', { api_host: 'https://${POSTHOG.api}', ${POSTHOG_HEADLESS}, disable_session_recording: true });`,
    identify: `posthog.capture('signed_up', { plan: 'potager' });`,
  },
  mixpanel: {
    cdn: 'cdn.mxpnl.com',
    api: 'api-js.mixpanel.com',
    script: '/libs/mixpanel-2-latest.min.js',
    file: () => packageFile('mixpanel-browser', 'dist/mixpanel.min.js'),
    // Mixpanel's own loader snippet, which stubs `mixpanel` and loads the library from its CDN.
    snippet: () => packageFile('mixpanel-browser', 'dist/mixpanel-jslib-snippet.min.js'),
    init: `mixpanel.init('5b1e2c7d9a3f4e6b8c0d2f4a6b8c0e1f', { api_host: 'https://api-js.mixpanel.com', track_pageview: true });`,
    identify: `mixpanel.identify(person.email); mixpanel.people.set({ $email: person.email, $name: person.name }); mixpanel.track('Sign Up');`,
  },
  amplitude: {
    cdn: 'cdn.amplitude.com',
    api: 'api2.amplitude.com',
    script: '/libs/analytics-browser-2.11.1-min.js.gz',
    file: () => packageFile('@amplitude/analytics-browser', 'lib/scripts/amplitude-min.js'),
    init: `amplitude.init('a1b2c3d4e5f60718293a4b5c6d7e8f90', { autocapture: { elementInteractions: false }, flushIntervalMillis: 200 });`,
    identify: `amplitude.setUserId(person.email); amplitude.track('Sign Up', { name: person.name });`,
  },
};

// Segment's Analytics.js 2.0, as its documentation installs it: a loader
// snippet that queues calls in `window.analytics` and loads the library from
// Segment's CDN under the source's write key; the library then reads the
// source's settings from the CDN and sends each call to api.segment.io. The
// library is @segment/analytics-next's standalone build (dist/umd), the
// one Segment's CDN serves, with the chunks it loads on demand beside it.
const SEGMENT_KEY = 'Qe4TfRm2wK9pLs7vXz3bN1cY8dH6gJ0a';
const SEGMENT_UMD = () => packageFile('@segment/analytics-next', 'dist/umd');
const SEGMENT_METHODS = ['identify', 'track', 'page', 'group', 'alias', 'reset', 'ready', 'on', 'once', 'off', 'debug', 'addSourceMiddleware', 'setAnonymousId'];
const SEGMENT_LOADER = `(function () {
  var analytics = (window.analytics = window.analytics || []);
  if (analytics.initialize || analytics.invoked) return;
  analytics.invoked = true;
  analytics.methods = ${JSON.stringify(SEGMENT_METHODS)};
  analytics.factory = function (method) {
    return function () {
      var call = Array.prototype.slice.call(arguments);
      call.unshift(method);
      analytics.push(call);
      return analytics;
    };
  };
  for (var i = 0; i < analytics.methods.length; i++) analytics[analytics.methods[i]] = analytics.factory(analytics.methods[i]);
  analytics.load = function (key, options) {
    var script = document.createElement('script');
    script.async = true;
    script.src = 'https://cdn.segment.com/analytics.js/v1/' + key + '/analytics.min.js';
    var first = document.getElementsByTagName('script')[0];
    first.parentNode.insertBefore(script, first);
    analytics._loadOptions = options;
  };
  analytics._writeKey = ${JSON.stringify(SEGMENT_KEY)};
})();`;
/** A source's settings as Analytics.js (and its forks) reads them: `integrations` its destinations, no plugins, no metrics. */
const analyticsJsSettings = (integrations) => ({
  integrations,
  plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
  edgeFunction: {},
  analyticsNextEnabled: true,
  middlewareSettings: {},
  enabledMiddleware: {},
  metrics: { sampleRate: 0 },
  legacyVideoPluginsEnabled: false,
  remotePlugins: [],
});
const SEGMENT_SETTINGS = analyticsJsSettings({
  'Segment.io': { apiKey: SEGMENT_KEY, apiHost: 'api.segment.io/v1', protocol: 'https', unbundledIntegrations: [], addBundledMetadata: true, maybeBundledConfigIds: {} },
});
const segment = (identify) => ({
  cdn: 'cdn.segment.com',
  api: 'api.segment.io',
  inlineLoader: SEGMENT_LOADER,
  init: `analytics.load(${JSON.stringify(SEGMENT_KEY)}); analytics.page();`,
  identify,
});
SDKS.segment = segment(`analytics.identify(person.email, { email: person.email, name: person.name }); analytics.track('Signed Up');`);
SDKS['segment-anonymous'] = segment(`analytics.track('Signed Up', { plan: 'potager' });`);

// Mixpanel's Session Replay: the library (the same file) loads its
// recorder, rrweb, from its CDN under a content-hashed name
// (`mixpanelRecorderPath`), and posts each batch of recorded events to
// `/record/`, gzipped in the page with CompressionStream, as a Blob body of
// fetch, every ten seconds. Inputs are masked unless
// `record_mask_all_inputs` is false.
const mixpanelReplay = (options) => ({
  ...SDKS.mixpanel,
  init: `mixpanel.init('5b1e2c7d9a3f4e6b8c0d2f4a6b8c0e1f', { api_host: 'https://api-js.mixpanel.com', record_sessions_percent: 100${options} });`,
  identify: '',
});
SDKS['mixpanel-replay'] = mixpanelReplay(', record_mask_all_inputs: false');
SDKS['mixpanel-replay-masked'] = mixpanelReplay('');

/** What Segment's CDN serves: the library, its chunks, the source's settings. */
async function answerSegmentCdn(res, url) {
  const js = 'text/javascript; charset=utf-8';
  const open = { 'access-control-allow-origin': '*' };
  if (url.pathname === `/analytics.js/v1/${SEGMENT_KEY}/analytics.min.js`) {
    return send(res, 200, js, await readFile(join(SEGMENT_UMD(), 'standalone.js')), open);
  }
  const chunk = /^\/analytics-next\/bundles\/([\w.-]+\.js)$/.exec(url.pathname);
  if (chunk) {
    const file = await readFile(join(SEGMENT_UMD(), chunk[1])).catch(() => null);
    return file ? send(res, 200, js, file, open) : send(res, 404, 'text/plain', 'Not found\n', open);
  }
  if (url.pathname === `/v1/projects/${SEGMENT_KEY}/settings`) return sendJson(res, 200, SEGMENT_SETTINGS, 'application/json', open);
  return send(res, 404, 'text/plain', 'Not found\n', open);
}

// Datadog's RUM SDK, loaded from its CDN as its documentation's
// "CDN sync" setup shows; the session-replay recorder is a chunk the SDK
// loads from beside its own script. Intake: browser-intake-<site>.
const DATADOG_CDN_DIR = '/eu1/v7/';
const DATADOG_BUNDLE = () => packageFile('@datadog/browser-rum', 'bundle');
const datadog = (privacy, identify) => ({
  cdn: 'www.datadoghq-browser-agent.com',
  api: 'browser-intake-datadoghq.eu',
  script: `${DATADOG_CDN_DIR}datadog-rum.js`,
  file: () => join(DATADOG_BUNDLE(), 'datadog-rum.js'),
  init: `window.DD_RUM && DD_RUM.init({ clientToken: 'pub4f1e2d3c4b5a69788796a5b4c3d2e1f0', applicationId: '7c1e9a42-5b3d-4f6e-8a21-9d0c4b7e3f15', site: 'datadoghq.eu', service: 'jardin-express', env: 'prod', sessionSampleRate: 100, sessionReplaySampleRate: 100, trackUserInteractions: true, defaultPrivacyLevel: '${privacy}' });`,
  identify,
});
SDKS.datadog = datadog('mask-user-input', `DD_RUM.setUser({ id: person.email, email: person.email, name: person.name }); DD_RUM.addAction('signed_up');`);
// `datadog-allow`: installed from npm and bundled into the site's script
// instead (its recorder, a chunk the CDN build imports, is then in the
// bundle), with replay's privacy level `allow`, which records what is
// typed, e-mail and password fields aside; its segments are deflated in a
// worker and posted as Blob parts of a multipart form.
SDKS['datadog-allow'] = { ...datadog('allow', ''), app: 'datadog' };
SDKS['datadog-anonymous'] = datadog('mask-user-input', `DD_RUM.addAction('signed_up', { plan: 'potager' });`);

SDKS['sillage-replay'] = {
  ...SILLAGE,
  bundled: sillageScript,
  init: `sillage.init('jx-4471', { maskAllInputs: false });`,
  identify: '',
};
SDKS['sillage-masked'] = { ...SDKS['sillage-replay'], init: `sillage.init('jx-4471');` };

// Application Insights as its documentation's CDN setup loads it: the
// SDK's global build, then a connection string naming the region's
// ingestion host, where the SDK posts its telemetry (/v2/track).
const APPINSIGHTS_CONNECTION =
  'InstrumentationKey=3f9a2c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;ApplicationId=8e7d6c5b-4a39-4281-b7f6-e5d4c3b2a190';
// `appinsights-ikey` is the older setup its guides still show, an
// instrumentation key alone: the SDK then posts to its default endpoint,
// dc.services.visualstudio.com.
const APPINSIGHTS_IKEY = '3f9a2c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c';
const appInsights = (identify, setup = `connectionString: '${APPINSIGHTS_CONNECTION}'`, api = 'westeurope-5.in.applicationinsights.azure.com') => ({
  cdn: 'js.monitor.azure.com',
  api,
  script: '/scripts/b/ai.3.gbl.min.js',
  file: () => packageFile('@microsoft/applicationinsights-web', 'browser/es5/ai.3.gbl.min.js'),
  init: `window.appInsights = new Microsoft.ApplicationInsights.ApplicationInsights({ config: { ${setup}, maxBatchInterval: 2000 } }); appInsights.loadAppInsights(); appInsights.trackPageView();`,
  identify,
});
const APPINSIGHTS_SIGNED_IN = `appInsights.setAuthenticatedUserContext(person.email, undefined, true); appInsights.trackEvent({ name: 'signed_up' });`;
SDKS.appinsights = appInsights(APPINSIGHTS_SIGNED_IN);
SDKS['appinsights-anonymous'] = appInsights(`appInsights.trackEvent({ name: 'signed_up', properties: { plan: 'potager' } });`);
SDKS['appinsights-ikey'] = appInsights(APPINSIGHTS_SIGNED_IN, `instrumentationKey: '${APPINSIGHTS_IKEY}'`, 'dc.services.visualstudio.com');

// Microsoft Clarity as its documentation installs it: a snippet that
// queues calls in `window.clarity` and loads the project's tag from
// www.clarity.ms/tag/<project>. The tag, written by Clarity's servers from
// the project's settings, loads clarity-js from scripts.clarity.ms and
// starts it with the project's configuration; this one is written the same
// way, and the library is clarity-js as published on npm. Clarity batches
// what it records, gzips each upload in the page (CompressionStream) and
// posts the bytes to its collector; its default masking ("balanced") hides
// what is typed, and `identify` hashes the custom id with SHA-256 before it
// leaves. `clarity-relaxed` unmasks the page's content with the `unmask`
// option clarity-js reads (what Clarity's "relaxed" masking is for); what is
// typed in a text field stays masked whatever the setting (clarity-js masks
// input boxes in every mode but for checkboxes and the like).
const CLARITY_VERSION = '0.8.70';
const CLARITY_COLLECTOR = 'q.clarity.ms';
const claritySnippet = (project) => `(function (c, l, a, r, i, t, y) {
  c[a] = c[a] || function () { (c[a].q = c[a].q || []).push(arguments); };
  t = l.createElement(r); t.async = 1; t.src = 'https://www.clarity.ms/tag/' + i;
  y = l.getElementsByTagName(r)[0]; y.parentNode.insertBefore(t, y);
})(window, document, 'clarity', 'script', ${JSON.stringify(project)});`;
/** Each Clarity project's settings, as its tag carries them. */
const CLARITY_PROJECTS = { r8k2m4x9qz: {}, t5w7c3n1vb: { unmask: ['body'] } };
const clarity = (project, identify) => ({
  cdn: 'www.clarity.ms',
  api: CLARITY_COLLECTOR,
  inlineLoader: claritySnippet(project),
  init: '',
  identify,
});
SDKS.clarity = clarity('r8k2m4x9qz', `clarity('identify', person.email);`);
SDKS['clarity-masked'] = clarity('r8k2m4x9qz', '');
SDKS['clarity-relaxed'] = clarity('t5w7c3n1vb', '');

/** A project's tag, as Clarity's servers write it: load the library, start it first with the project's configuration. */
function clarityTag(project) {
  const config = {
    projectId: project,
    upload: `https://${CLARITY_COLLECTOR}/collect`,
    expire: 365,
    cookies: ['_uetmsclkid', '_uetvid'],
    track: true,
    content: true,
    ...CLARITY_PROJECTS[project],
  };
  return `!function (c, l, a, r, i, t, y) {
  if (a[c].v || a[c].t) return a[c]('event', c, 'dup.' + i.projectId);
  a[c].t = true;
  (t = l.createElement(r)).async = true;
  t.src = 'https://scripts.clarity.ms/${CLARITY_VERSION}/clarity.js';
  (y = l.getElementsByTagName(r)[0]).parentNode.insertBefore(t, y);
  a[c]('start', i);
  a[c].q.unshift(a[c].q.pop());
}('clarity', document, window, 'script', ${JSON.stringify(config)});`;
}

/** What Clarity's hosts serve: a project's tag, and the library. */
async function answerClarityCdn(req, res, url) {
  const js = 'text/javascript; charset=utf-8';
  const open = { 'access-control-allow-origin': '*' };
  const tag = hostOf(req) === 'www.clarity.ms' ? /^\/tag\/(\w+)$/.exec(url.pathname) : null;
  if (tag && Object.hasOwn(CLARITY_PROJECTS, tag[1])) return send(res, 200, js, clarityTag(tag[1]), open);
  if (hostOf(req) === 'scripts.clarity.ms' && url.pathname === `/${CLARITY_VERSION}/clarity.js`) {
    return send(res, 200, js, await readFile(packageFile('clarity-js', 'build/clarity.min.js')), open);
  }
  return send(res, 404, 'text/plain', 'Not found\n', open);
}

/** What Datadog's CDN serves: the SDK and the chunks it loads (the recorder). */
async function answerDatadogCdn(res, url) {
  const open = { 'access-control-allow-origin': '*' };
  const chunk = /^\/eu1\/v7\/chunks\/([\w.-]+\.js)$/.exec(url.pathname);
  const file = chunk ? await readFile(join(DATADOG_BUNDLE(), 'chunks', chunk[1])).catch(() => null) : null;
  return file ? send(res, 200, 'text/javascript; charset=utf-8', file, open) : send(res, 404, 'text/plain', 'Not found\n', open);
}

// SDKs installed from npm and bundled into the site's own script, as sites
// do with these packages: /static/<app>.js is the SDK bundled by esbuild,
// made once per server, and the page's inline code calls what it exposes.
const APPS = {
  sentry: "import * as Sentry from '@sentry/browser'; window.Sentry = Sentry;",
  snowplow: `import { newTracker, trackPageView, setUserId } from '@snowplow/browser-tracker';
import { FormTrackingPlugin, enableFormTracking } from '@snowplow/browser-plugin-form-tracking';
window.snowplow = { newTracker, trackPageView, setUserId, FormTrackingPlugin, enableFormTracking };`,
  openreplay: "import OpenReplay from '@openreplay/tracker'; window.OpenReplay = OpenReplay;",
  highlight: "import { H } from 'highlight.run'; window.H = H;",
  amplitude: `import * as amplitude from '@amplitude/analytics-browser';
import { sessionReplayPlugin } from '@amplitude/plugin-session-replay-browser';
window.amplitude = amplitude; window.sessionReplayPlugin = sessionReplayPlugin;`,
  newrelic: "import { BrowserAgent } from '@newrelic/browser-agent/loaders/browser-agent'; window.NRBrowserAgent = BrowserAgent;",
  statsig: "import { StatsigClient } from '@statsig/js-client'; window.StatsigClient = StatsigClient;",
  rudderstack: "import { RudderAnalytics } from '@rudderstack/analytics-js/bundled'; window.rudderanalytics = new RudderAnalytics();",
  faro: "import { initializeFaro, getWebInstrumentations } from '@grafana/faro-web-sdk'; window.Faro = { initializeFaro, getWebInstrumentations };",
  braze: "import * as braze from '@braze/web-sdk'; window.braze = braze;",
  datadog: "import { datadogRum } from '@datadog/browser-rum'; window.DD_RUM = datadogRum;",
  experiment: "import { Experiment } from '@amplitude/experiment-js-client'; window.Experiment = Experiment;",
  launchdarkly: "import { initialize } from 'launchdarkly-js-client-sdk'; window.LDClient = { initialize };",
  countly: "import Countly from 'countly-sdk-web'; window.Countly = Countly;",
  hyperdx: "import HyperDX from '@hyperdx/browser'; window.HyperDX = HyperDX;",
  pendo: "import { initialize } from '@pendo/agent'; window.PendoAgent = { initialize };",
  usermaven: "import { usermavenClient } from '@usermaven/sdk-js'; window.usermavenClient = usermavenClient;",
  clevertap: "import clevertap from 'clevertap-web-sdk'; window.clevertap = clevertap;",
  customerio: "import { AnalyticsBrowser } from '@customerio/cdp-analytics-browser'; window.CioAnalytics = AnalyticsBrowser;",
};
const clevertap = (identify) => ({
  cdn: null,
  api: 'eu1.clevertap-prod.com',
  app: 'clevertap',
  init: "clevertap.privacy.push({ optOut: false }); clevertap.privacy.push({ useIP: false }); clevertap.init('TEST-R78-ZZK-866Z', 'eu1');",
  identify,
});
SDKS.clevertap = clevertap("clevertap.onUserLogin.push({ Site: { Name: person.name, Identity: 'client-4412', Email: person.email } }); clevertap.event.push('Signed Up', { Plan: 'potager' });");
SDKS['clevertap-anonymous'] = clevertap("clevertap.event.push('Signed Up', { Plan: 'potager' });");
// Its "encryption in transit" (a property set before init): each
// request's payload encrypted with AES-GCM, the key and IV in the same
// envelope, sent by fetch.
SDKS['clevertap-encrypted'] = { ...SDKS.clevertap, init: `clevertap.enableEncryptionInTransit = true; ${SDKS.clevertap.init}` };
// Usermaven's SDK from npm with the options its README shows: autocapture
// (clicks and changes, without values), page views, and its form tracking
// (`formTracking: 'all'`: as a form is submitted, the SDK reads every field,
// passwords excepted, and sends their values in a `$form` event);
// `usermaven-anonymous` has the rest without form tracking.
const usermaven = (formTracking) => ({
  cdn: null,
  api: 'events.usermaven.com',
  app: 'usermaven',
  init: `window.usermaven = usermavenClient({ key: 'UMjx7Rk2pQ', trackingHost: 'https://events.usermaven.com', autocapture: true, formTracking: ${formTracking}, autoPageview: true });`,
  identify: "usermaven.track('signed_up', { plan: 'potager' });",
});
SDKS.usermaven = usermaven("'all'");
SDKS['usermaven-anonymous'] = usermaven('false');
// Pendo's agent as its npm package is used to host it on a site's own
// servers: events posted to app.eu.pendo.io, each batch deflated and written
// in URL-safe base64 (its `jzb` parameter, in the URL or the body); the
// visitor anonymous at first, then identified with the metadata its
// documentation shows (id, email, full_name) on sign-up; `pendo-anonymous`
// only tracks a sign-up event. The project's configuration is given (the
// package's `config` option) rather than fetched from Pendo's CDN.
const PENDO_API_KEY = '7b2e4c1a-9d3f-4e6b-8a5c-1f0e2d3c4b5a';
const pendo = (identify) => ({
  cdn: null,
  api: 'app.eu.pendo.io',
  app: 'pendo',
  init: `PendoAgent.initialize({ apiKey: '${PENDO_API_KEY}', env: 'eu', visitor: { id: '' }, config: { apiKey: '${PENDO_API_KEY}' } });`,
  identify,
});
SDKS.pendo = pendo("pendo.identify({ visitor: { id: 'client-4412', email: person.email, full_name: person.name } });");
SDKS['pendo-anonymous'] = pendo("pendo.track('signed_up', { plan: 'potager' });");
// HyperDX's browser SDK, bundled into the site's script: real-user
// monitoring as OpenTelemetry spans (JSON, /v1/traces) and its rrweb
// session replay as gzipped OpenTelemetry logs (protobuf, /v1/logs), with
// inputs masked (its code's default), the user's attributes set on sign-up
// as its README shows.
SDKS.hyperdx = {
  cdn: null,
  api: 'in-otel.hyperdx.io',
  app: 'hyperdx',
  init: "HyperDX.init({ apiKey: '3f9a1c7e-5b2d-4e8f-a6c1-9d0b2e4f6a8c', service: 'jardin-express-web' });",
  identify: "HyperDX.setGlobalAttributes({ userId: 'client-4412', userEmail: person.email, userName: person.name });",
};
// Countly's web SDK, bundled into the site's script, sending to a server
// Countly hosts (<name>.count.ly), with the form collection its
// documentation offers (`collect_from_forms`: when a form is submitted, the
// SDK reads its fields, passwords excepted, and sends the address, name and
// phone it finds there as the user's details); `countly-anonymous` tracks
// sessions, the page view and a sign-up event without it. `ignore_bots:
// false`: the SDK drops a visitor whose user agent says HeadlessChrome.
const COUNTLY_SERVER = 'jardinexpress.count.ly';
const countly = (extra) => ({
  cdn: null,
  api: COUNTLY_SERVER,
  app: 'countly',
  init: `Countly.init({ app_key: '5a106dd1b4e4c1a2d3f4e5a6b7c8d9e0f1a2b3c4', url: 'https://${COUNTLY_SERVER}', ignore_bots: false }); Countly.track_sessions(); Countly.track_pageview();${extra}`,
  identify: "Countly.add_event({ key: 'signed_up', count: 1, segmentation: { plan: 'potager' } });",
});
SDKS.countly = countly(' Countly.collect_from_forms();');
SDKS['countly-anonymous'] = countly('');

// Sentry has no CDN build on npm: it is bundled into the site's script.
const SENTRY_DSN = 'https://5f0c2a9e8b7d46c1a3e9f1b2c4d6e8a0@o4508123.ingest.de.sentry.io/4508123456';
const sentryInit = (replayOptions) =>
  `Sentry.init({ dsn: '${SENTRY_DSN}', integrations: [Sentry.replayIntegration(${replayOptions})], replaysSessionSampleRate: 1.0, replaysOnErrorSampleRate: 1.0 });`;
SDKS['sentry-replay'] = {
  cdn: null,
  api: 'o4508123.ingest.de.sentry.io',
  app: 'sentry',
  // Sentry documents these options for recording what is typed and shown.
  init: sentryInit('{ maskAllInputs: false, maskAllText: false, blockAllMedia: false }'),
  identify: '',
};
SDKS['sentry-masked'] = { ...SDKS['sentry-replay'], init: sentryInit('') };
// Sentry's User Feedback widget: a button that opens a form (drawn in an
// open shadow root) where the person may leave their address with a bug report.
SDKS['sentry-feedback'] = {
  ...SDKS['sentry-replay'],
  init: `Sentry.init({ dsn: '${SENTRY_DSN}', integrations: [Sentry.feedbackIntegration({ colorScheme: 'light' })] });`,
};

// Snowplow's browser tracker with its form-tracking plugin, set up as
// Snowplow's documentation shows, sending to a collector Snowplow hosts
// (<org>-<pipeline>.collector.snplow.net). With its defaults, the plugin
// sends an event each time a field changes and when a form is submitted,
// each carrying the field's value (passwords excepted); the tracker posts
// events as JSON, or, with `eventMethod: 'get'`, sends each in a URL with
// its event data base64url-encoded (`ue_px`). `snowplow-redacted` replaces
// every value with the transform the plugin offers for personal data.
const SNOWPLOW_COLLECTOR = 'com-jardinexpress-prod1.collector.snplow.net';
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const snowplow = (options, formTracking) => ({
  cdn: null,
  api: SNOWPLOW_COLLECTOR,
  app: 'snowplow',
  init: `snowplow.newTracker('sp1', 'https://${SNOWPLOW_COLLECTOR}', { appId: 'jardin-express', platform: 'web', plugins: [snowplow.FormTrackingPlugin()]${options} });
snowplow.trackPageView();
snowplow.enableFormTracking(${formTracking});`,
  identify: 'snowplow.setUserId(person.email);',
});
SDKS.snowplow = snowplow('', '');
SDKS['snowplow-get'] = snowplow(", eventMethod: 'get'", '');
SDKS['snowplow-redacted'] = snowplow('', "{ options: { fields: { transform: function () { return 'redacted'; } } } }");

// OpenReplay's tracker, bundled into the site's script as its
// documentation installs it, sending to OpenReplay's cloud ingest. It asks
// the ingest for a session (/v1/web/start), then hands what it records to a
// Web Worker of its own, which posts batches in OpenReplay's binary message
// format (strings length-prefixed UTF-8) to /v1/web/i, gzipped with
// `Content-Encoding: gzip` when a batch is larger than the session's
// threshold. By default it obscures what is typed; `openreplay-plain`
// records inputs as typed, with the options its documentation gives for
// that (`defaultInputMode: 0`, e-mails not obscured). `openreplay` sets the
// user id to the address on sign-up (`setUserID`).
const OPENREPLAY_INGEST = 'api.openreplay.com';
const openreplay = (options, identify) => ({
  cdn: null,
  api: OPENREPLAY_INGEST,
  app: 'openreplay',
  init: `window.tracker = new OpenReplay({ projectKey: 'xQ7rT2mK9pLw4sVn8bZc', ingestPoint: 'https://${OPENREPLAY_INGEST}/ingest'${options} });
tracker.start();`,
  identify,
});
SDKS.openreplay = openreplay('', 'tracker.setUserID(person.email);');
SDKS['openreplay-plain'] = openreplay(', defaultInputMode: 0, obscureInputEmails: false, obscureTextEmails: false', '');

// Highlight's client (highlight.run), bundled into the site's script as its
// documentation installs it, sending to Highlight's cloud (pub.highlight.io,
// GraphQL). It asks for a session (`initializeSession`), then its Web
// Worker gzips each batch of recorded events in JavaScript and posts it
// base64-encoded in a GraphQL string (`pushSessionEvents`). Its default
// privacy setting obfuscates only text that looks like personal data
// (addresses, phone and card numbers) and masks what is typed;
// `highlight-plain` records as shown and typed (`privacySetting: 'none'`).
// `highlight` identifies the person by address on sign-up. The client stays
// silent in a browser under automation (`navigator.webdriver`).
const HIGHLIGHT_API = 'pub.highlight.io';
const highlight = (privacy, identify) => ({
  cdn: null,
  api: HIGHLIGHT_API,
  app: 'highlight',
  init: `H.init('4d7w2m1e', { serviceName: 'jardin-express', environment: 'production', privacySetting: '${privacy}', networkRecording: { enabled: false }, enableCanvasRecording: false });`,
  identify,
});
SDKS.highlight = highlight('default', "H.identify(person.email, { name: person.name });");
SDKS['highlight-plain'] = highlight('none', '');

// Amplitude's Browser SDK with its Session Replay plugin, both installed
// from npm and bundled into the site's script, as Amplitude documents. The
// plugin asks Amplitude's remote configuration whether to record, keeps
// each event as JSON, and posts batches gzipped in the page
// (`Content-Encoding: gzip`) to api-sr.amplitude.com. Its default mask
// level (`medium`) masks every input; `amplitude-replay-light` sets the
// documented `light` level, which masks only passwords, e-mail and phone
// fields and card numbers: a name field is recorded as typed. It sends what
// it recorded when a new event comes a while after the last send (the
// person goes on), and the rest when the page is left, by `sendBeacon`
// with a Blob.
const AMPLITUDE_REPLAY_CONFIG = { configs: { sessionReplay: { sr_sampling_config: { sample_rate: 1, capture_enabled: true } } } };
const amplitudeReplay = (privacy) => ({
  cdn: null,
  api: 'api-sr.amplitude.com',
  app: 'amplitude',
  init: `amplitude.add(sessionReplayPlugin({ sampleRate: 1${privacy} }));
amplitude.init('a1b2c3d4e5f60718293a4b5c6d7e8f90', { autocapture: { elementInteractions: false }, flushIntervalMillis: 200 });`,
  identify: '',
});
SDKS['amplitude-replay'] = amplitudeReplay('');
SDKS['amplitude-replay-light'] = amplitudeReplay(", privacyConfig: { defaultMaskLevel: 'light' }");

// New Relic's browser agent, installed from npm and bundled into the site's
// script as New Relic documents, reporting to bam.nr-data.net. Its first
// call (`/1/<license key>`) gets the account's switches: here errors, page
// actions and session replay, full recording. Session replay masks every
// input and all text by default; `newrelic-unmasked` sets the documented
// options that record them. `newrelic` sets the user id to the address on
// sign-up and records a page action, as New Relic's guide shows. The agent
// sends every 30 seconds; the fixture sets its documented `harvest.interval`
// to 5 so that tests wait less (what it sends is the same).
const NEWRELIC_LICENSE = 'NRJS-4f3c2b1a0e9d8c7b6a5';
const newrelic = (replay, identify) => ({
  cdn: null,
  api: 'bam.nr-data.net',
  app: 'newrelic',
  init: `window.nrAgent = new NRBrowserAgent({
  init: { distributed_tracing: { enabled: false }, privacy: { cookies_enabled: true }, ajax: { deny_list: ['bam.nr-data.net'] }, harvest: { interval: 5 },
    session_replay: { enabled: true, sampling_rate: 100, error_sampling_rate: 100${replay} } },
  info: { beacon: 'bam.nr-data.net', errorBeacon: 'bam.nr-data.net', licenseKey: '${NEWRELIC_LICENSE}', applicationID: '601234567', sa: 1 },
  loader_config: { accountID: '4471001', trustKey: '4471001', agentID: '601234567', licenseKey: '${NEWRELIC_LICENSE}', applicationID: '601234567' },
});`,
  identify,
});
SDKS.newrelic = newrelic('', "nrAgent.setUserId(person.email); nrAgent.addPageAction('signup', { plan: 'free' });");
SDKS['newrelic-unmasked'] = newrelic(', mask_all_inputs: false, mask_text_selector: null', '');
// Statsig's JavaScript client (feature gates and experiments), installed
// from npm and bundled into the site's script as Statsig documents. It
// fetches the gates evaluated for the current user from
// featureassets.org/v1/initialize, posting the user object, the body
// encoded as Statsig does by default: base64, written backwards (query
// `se=1`). Event logging waits for consent (`loggingEnabled: 'disabled'`,
// as Statsig documents for that); the gates are fetched anyway. On sign-up
// `statsig` switches to the signed-up user, as Statsig's guide shows with
// `updateUserAsync` and an address; `statsig-anonymous` never does.
const STATSIG_KEY = 'client-Jx8tQ2mW9pLr4sVn7bZc3kYd6fHa1eGu5oIy0wT';
const statsig = (identify) => ({
  cdn: null,
  api: 'featureassets.org',
  app: 'statsig',
  init: `window.statsig = new StatsigClient('${STATSIG_KEY}', { userID: 'visiteur-7f3a9c' }, { environment: { tier: 'production' }, loggingEnabled: 'disabled' });
statsig.initializeAsync();`,
  identify,
});
SDKS.statsig = statsig("statsig.updateUserAsync({ userID: person.email, email: person.email, custom: { plan: 'potager' } });");
SDKS['statsig-anonymous'] = statsig('');
/** Statsig's answer to `initialize`: the user's gates (none set), as its API returns them. */
const statsigInitialize = () => ({
  feature_gates: {}, dynamic_configs: {}, layer_configs: {}, sdkParams: {}, has_updates: true,
  generator: 'statsig-api', time: Date.now(), evaluated_keys: {}, hash_used: 'djb2', derived_fields: {}, sdk_flags: {},
});

// Feature flags fetched for the person, who is sent along to be evaluated:
// neither SDK has anything to record, and neither sends a body with its
// flag request.
// Amplitude Experiment's client, from npm, as Amplitude documents it:
// `fetch` asks api.lab.amplitude.com for the user's variants, with the user
// as base64url of JSON in the `X-Amp-Exp-User` header of a GET. On sign-up
// `experiment` fetches them again for the signed-up user, its id the
// address, as Amplitude's guide shows; `experiment-anonymous` only for the
// visitor's device.
const EXPERIMENT_KEY = 'client-VdJ2Wq8tXr4mPz7KbL1nYc6hGs3fA9eU';
const experiment = (identify) => ({
  cdn: null,
  api: 'api.lab.amplitude.com',
  app: 'experiment',
  init: `window.experiment = Experiment.initialize('${EXPERIMENT_KEY}');
experiment.fetch({ device_id: 'visiteur-7f3a9c' });`,
  identify,
});
SDKS.experiment = experiment("experiment.fetch({ user_id: person.email, device_id: 'visiteur-7f3a9c', user_properties: { plan: 'potager' } });");
SDKS['experiment-anonymous'] = experiment('');
// LaunchDarkly's browser SDK (launchdarkly-js-client-sdk, from npm): its
// flags are asked for at app.launchdarkly.com with the context, as base64url
// of JSON, in the path (`/sdk/evalx/<id>/contexts/<context>`). Events wait
// for consent (`sendEvents: false`). `launchdarkly` is a signed-in
// customer's page, which starts it with the customer's key and e-mail, as
// LaunchDarkly's guide shows; `launchdarkly-anonymous` a visitor's.
const LAUNCHDARKLY_ID = '65f1e2d3c4b5a69788796a5b';
const launchdarkly = (context) => ({
  cdn: null,
  api: 'app.launchdarkly.com',
  app: 'launchdarkly',
  init: `window.ldclient = LDClient.initialize('${LAUNCHDARKLY_ID}', ${context}, { sendEvents: false, diagnosticOptOut: true });`,
  identify: '',
});
SDKS.launchdarkly = launchdarkly("{ kind: 'user', key: 'client-4412', email: 'lea.fontaine@example.net', name: 'Léa Fontaine' }");
SDKS['launchdarkly-anonymous'] = launchdarkly("{ kind: 'user', key: 'visiteur-7f3a9c', anonymous: true }");

// Braze's Web SDK (customer engagement), installed from npm and bundled
// into the site's script as Braze documents, on the EU cluster its
// `baseUrl` names (sdk.fra-02.braze.eu). A session opens on load; on
// sign-up `braze` makes the address the user's id and sets it and the name
// as attributes, as Braze's guide shows with changeUser and setEmail, then
// asks for the data to be sent now; `braze-anonymous` only logs the event.
const BRAZE_KEY = '9a1b2c3d-4e5f-6789-abcd-ef0123456789';
const braze = (identify) => ({
  cdn: null,
  api: 'sdk.fra-02.braze.eu',
  app: 'braze',
  init: `braze.initialize('${BRAZE_KEY}', { baseUrl: 'sdk.fra-02.braze.eu' }); braze.openSession();`,
  identify: `${identify} braze.logCustomEvent('signed_up'); braze.requestImmediateDataFlush();`,
});
SDKS.braze = braze('braze.changeUser(person.email); braze.getUser().setEmail(person.email); braze.getUser().setFirstName(person.name);');
SDKS['braze-anonymous'] = braze('');

// RudderStack's JavaScript SDK (v3, the build with its plugins bundled),
// installed from npm and bundled into the site's script as RudderStack
// documents, sending to the workspace's data plane on RudderStack's cloud
// (<name>.dataplane.rudderstack.com). It first reads the source's
// configuration from api.rudderstack.com. `rudderstack` identifies the
// person by address on sign-up, with the name as a trait, as RudderStack's
// guide shows; `rudderstack-anonymous` only tracks the sign-up.
const RUDDERSTACK_KEY = '2Zq7Lw9mXkR4vT1pB8nC3yH6dF5';
const RUDDERSTACK_PLANE = 'jardinexpresspw.dataplane.rudderstack.com';
const rudderstack = (identify) => ({
  cdn: null,
  api: RUDDERSTACK_PLANE,
  app: 'rudderstack',
  init: `rudderanalytics.load('${RUDDERSTACK_KEY}', 'https://${RUDDERSTACK_PLANE}', { logLevel: 'ERROR' });
rudderanalytics.page();`,
  identify,
});
SDKS.rudderstack = rudderstack("rudderanalytics.identify(person.email, { email: person.email, name: person.name }); rudderanalytics.track('Signed Up');");
SDKS['rudderstack-anonymous'] = rudderstack("rudderanalytics.track('Signed Up', { plan: 'potager' });");
/** The source's configuration, as RudderStack's control plane returns it: no device-mode destinations. */
const rudderstackConfig = () => ({
  isHosted: true,
  source: {
    id: '2Zq7M1cW4vB9xK3pL8nT6rY0dF2', name: 'jardin-express web', writeKey: RUDDERSTACK_KEY, enabled: true,
    workspaceId: '2Zq7KxR5mW8vT1pB4nC9yH3dF6', updatedAt: '2026-11-02T09:14:27.512Z',
    config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
    destinations: [],
  },
});

// Customer.io's Data Pipelines client (@customerio/cdp-analytics-browser,
// a fork of Segment's Analytics.js 2.0), installed from npm and bundled into
// the site's script as its README shows, in Customer.io's EU region: the
// source's settings from cdp-eu.customer.io, then each call posted there
// (`/v1/p`, `/v1/i`, `/v1/t`). `customerio` identifies the person by address
// on sign-up, with the name as a trait; `customerio-anonymous` only tracks
// the sign-up.
const CUSTOMERIO_KEY = '8f3b2c1d9e7a6f5b4c3d';
const CUSTOMERIO_HOST = 'cdp-eu.customer.io';
const customerio = (identify) => ({
  cdn: null,
  api: CUSTOMERIO_HOST,
  app: 'customerio',
  init: `window.cioanalytics = CioAnalytics.load({ cdnURL: 'https://${CUSTOMERIO_HOST}', writeKey: '${CUSTOMERIO_KEY}' }); cioanalytics.page();`,
  identify,
});
SDKS.customerio = customerio("cioanalytics.identify(person.email, { email: person.email, name: person.name }); cioanalytics.track('Signed Up');");
SDKS['customerio-anonymous'] = customerio("cioanalytics.track('Signed Up', { plan: 'potager' });");
/** The source's settings: Customer.io's own destination, no other, no in-app messages. */
const customerioSettings = () =>
  analyticsJsSettings({ 'Customer.io Data Pipelines': { apiKey: CUSTOMERIO_KEY, apiHost: `${CUSTOMERIO_HOST}/v1`, protocol: 'https' } });

// Elastic's APM RUM agent, from unpkg as its guide shows for a script tag,
// reporting to an APM server on Elastic Cloud: each batch (newline-delimited
// JSON) gzipped in the page with CompressionStream and sent as a Blob with
// `Content-Encoding: gzip`; the user context set after sign-up (in the
// sign-up call's answer) rides with the transaction of the click that sent
// it, which ends after its calls.
const ELASTIC_APM = '9a3c5f1e2b7d4c8a.apm.europe-west1.gcp.cloud.es.io';
const ELASTIC_VERSION = require('@elastic/apm-rum/package.json').version;
const elastic = (identify) => ({
  cdn: 'unpkg.com',
  api: ELASTIC_APM,
  script: `/@elastic/apm-rum@${ELASTIC_VERSION}/dist/bundles/elastic-apm-rum.umd.min.js`,
  file: () => packageFile('@elastic/apm-rum', 'dist/bundles/elastic-apm-rum.umd.min.js'),
  init: `elasticApm.init({ serviceName: 'jardin-express-web', serverUrl: 'https://${ELASTIC_APM}', serviceVersion: '2.4.1', environment: 'production' });`,
  identify,
});
SDKS.elastic = elastic("elasticApm.setUserContext({ id: 'client-4412', email: person.email, username: person.name });");
SDKS['elastic-anonymous'] = elastic("elasticApm.addLabels({ plan: 'potager' });");

// Grafana Faro's Web SDK (Grafana Cloud Frontend Observability), installed
// from npm and bundled into the site's script as Grafana documents: page
// views, errors, web vitals and events of each session, sent to the
// stack's Faro collector. `faro` sets the signed-up user (`setUser` with
// the address as Grafana's guide shows) and pushes a sign-up event;
// `faro-anonymous` only pushes the event.
const FARO_COLLECTOR = 'faro-collector-prod-eu-west-2.grafana.net';
const faro = (identify) => ({
  cdn: null,
  api: FARO_COLLECTOR,
  app: 'faro',
  init: `window.faro = Faro.initializeFaro({ url: 'https://${FARO_COLLECTOR}/collect/7d1f0c2b9e8a4f6d5c3b2a1908f7e6d5', app: { name: 'jardin-express', version: '2.4.1', environment: 'production' }, instrumentations: Faro.getWebInstrumentations({ captureConsole: false }) });`,
  identify,
});
SDKS.faro = faro("faro.api.setUser({ id: person.email, email: person.email, username: person.name }); faro.api.pushEvent('signed_up');");
SDKS['faro-anonymous'] = faro("faro.api.pushEvent('signed_up', { plan: 'potager' });");

// Rollbar's browser SDK from its CDN, set up as its snippet does: the
// configuration in `_rollbarConfig` before the script, uncaught errors
// captured. Its telemetry records, by default, the value of every field
// as it is typed (`scrubTelemetryInputs` is off unless replay masks inputs;
// only passwords and fields named like card numbers are masked) and sends
// the latest events with each error report. The page's own code has a bug
// Rollbar is there to catch: leaving the e-mail field pushes to a
// `dataLayer` that a blocked tag manager never made. `rollbar` also sets
// the signed-up person on sign-up, as Rollbar's guide shows, and logs it;
// `rollbar-scrubbed` turns `scrubTelemetryInputs` on and sets no person.
const ROLLBAR_VERSION = JSON.parse(readFileSync(packageFile('rollbar', 'package.json'), 'utf8')).version;
const ROLLBAR_BUG = "document.getElementById('email').addEventListener('change', function () { window.dataLayer.push({ event: 'email_entered' }); });";
const rollbar = (options, identify) => ({
  cdn: 'cdn.rollbar.com',
  api: 'api.rollbar.com',
  script: `/rollbarjs/refs/tags/v${ROLLBAR_VERSION}/rollbar.min.js`,
  file: () => packageFile('rollbar', 'dist/rollbar.min.js'),
  before: `var _rollbarConfig = { accessToken: '3f6b2c8e9a1d4f7b8c0e2a4d6f8b1c3e', captureUncaught: true, captureUnhandledRejections: true, payload: { environment: 'production', client: { javascript: { code_version: '2.4.1' } } }${options} };`,
  init: `window.addEventListener('DOMContentLoaded', function () { ${ROLLBAR_BUG} });`,
  identify,
});
SDKS.rollbar = rollbar('', "Rollbar.configure({ payload: { person: { id: 'client-4412', email: person.email, username: person.name } } }); Rollbar.info('Signed up');");
SDKS['rollbar-scrubbed'] = rollbar(', scrubTelemetryInputs: true', '');

/** New Relic's answer to its first call: the account's switches and the server's time. */
const newRelicRum = () => ({
  app: { agents: [{ entityGuid: 'NDQ3MTAwMXxCUk9XU0VSfEFQUExJQ0FUSU9OfDYwMTIzNDU2Nw' }], nrServerTime: Date.now() },
  st: 0, sts: 0, err: 1, ins: 1, spa: 0, sr: 1, srs: 1, loaded: 1, log: 0, logapi: 0,
});

/** Highlight's GraphQL API: a session for `initializeSession`, every other operation accepted. */
function answerHighlight(req, res, body) {
  let operation = null;
  try {
    operation = JSON.parse(body.toString('utf8')).operationName ?? null;
  } catch {
    // A batch the API cannot read is still accepted, as Highlight's does.
  }
  const data = operation === 'initializeSession'
    ? { initializeSession: { secure_id: 'Hk2mW9pQ4xZ7tR1vB8nC5yL3sD6f', project_id: '4471', sampling: null } }
    : { [operation ?? 'ok']: null };
  return sendJson(res, 200, { data }, 'application/json', cors(req));
}

/** OpenReplay's ingest: a session for /v1/web/start, the project's tags, and batches accepted. */
function answerOpenReplay(req, res, url) {
  if (url.pathname === '/ingest/v1/web/start') {
    const now = Date.now();
    return sendJson(res, 200, {
      token: `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sid: now })).toString('base64url')}.c2lnbmF0dXJl`,
      userUUID: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      sessionID: String(now * 1000 + 7),
      projectID: '4471',
      delay: 0,
      beaconSizeLimit: 1000000,
      compressionThreshold: 24000,
      startTimestamp: now,
      canvasEnabled: false,
    }, 'application/json', cors(req));
  }
  if (url.pathname === '/ingest/v1/web/tags') return sendJson(res, 200, { tags: [] }, 'application/json', cors(req));
  return send(res, 200, 'text/plain', '', cors(req));
}

/** What each ingestion host answers, by vendor API path. */
// A PostHog project's remote config, recording on: whether a page records
// is then the page's own `session_recording` and `disable_session_recording`.
const POSTHOG_CONFIG = {
  sessionRecording: { endpoint: '/s/', recorderVersion: 'v2', consoleLogRecordingEnabled: false },
  supportedCompression: ['gzip', 'gzip-js'],
  autocapture_opt_out: false,
  capturePerformance: false,
  heatmaps: false,
  surveys: false,
  siteApps: [],
};
const POSTHOG_CONFIG_PATH = /^\/array\/([\w-]+)\/config(\.js)?$/;

function answerIngestion(req, res, url, entry) {
  const host = hostOf(req);
  const config = host === POSTHOG.cdn ? POSTHOG_CONFIG_PATH.exec(url.pathname) : null;
  if (config && config[2]) {
    const token = JSON.stringify(config[1]);
    return send(res, 200, 'text/javascript; charset=utf-8',
      `(window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {})[${token}] = { config: ${JSON.stringify(POSTHOG_CONFIG)}, siteApps: [] };`,
      cors(req));
  }
  if (config) return sendJson(res, 200, POSTHOG_CONFIG, 'application/json', cors(req));
  if (host === POSTHOG.api && /^\/(flags|decide)\/?$/.test(url.pathname)) {
    return sendJson(res, 200, { ...POSTHOG_CONFIG, featureFlags: {}, flags: {}, errorsWhileComputingFlags: false }, 'application/json', cors(req));
  }
  if (host === 'api-js.mixpanel.com') return send(res, 200, 'text/plain', '1', cors(req));
  // CleverTap's region: the visitor's id and session for each request (its
  // SDK holds the next ones until it has them), as a script to a script
  // request, as JSON to a fetch.
  if (host === 'eu1.clevertap-prod.com') {
    const rn = Number(url.searchParams.get('rn') ?? 1);
    const meta = { g: 'f8c2a1d4e5b64c7d9e0a1b2c3d4e5f60', sid: Math.floor(Date.now() / 1000), rf: false, rn };
    if (req.headers['sec-fetch-dest'] === 'script') {
      return send(res, 200, 'application/javascript', `window.$WZRK_WR && window.$WZRK_WR.s(${JSON.stringify(meta.g)}, ${meta.sid}, false, ${rn});`, cors(req));
    }
    return sendJson(res, 200, { meta }, 'application/json', cors(req));
  }
  // Pendo's data host: a pixel for the events sent in URLs, no guides for anyone.
  if (host === 'app.eu.pendo.io') {
    if (url.pathname.startsWith('/data/guide.json/')) return sendJson(res, 200, { guides: [], normalizedUrl: '', lastGuideStepSeen: {}, guideWidget: {}, throttling: {}, autoOrdering: [], features: [] }, 'application/json', cors(req));
    if (req.method === 'GET') return send(res, 200, 'image/gif', PIXEL_GIF, cors(req));
    return send(res, 200, 'text/plain', '', cors(req));
  }
  // Countly's server accepts each request with a result (its SDK stops its queue without one).
  if (host === COUNTLY_SERVER) return sendJson(res, 200, { result: 'Success' }, 'application/json', cors(req));
  // Clarity's collector accepts an upload with an empty answer (a line there would be a command to the tag).
  if (host === CLARITY_COLLECTOR) {
    res.writeHead(204, cors(req));
    return res.end();
  }
  // Application Insights' ingestion answers with what it accepted.
  if (host === 'westeurope-5.in.applicationinsights.azure.com' || host === 'dc.services.visualstudio.com') {
    return sendJson(res, 200, { itemsReceived: 1, itemsAccepted: 1, appId: null, errors: [] }, 'application/json', cors(req));
  }
  // Datadog's intake answers 202 with a request id.
  if (host === 'browser-intake-datadoghq.eu') return sendJson(res, 202, { request_id: '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a' }, 'application/json', cors(req));
  if (host === OPENREPLAY_INGEST) return answerOpenReplay(req, res, url);
  if (host === HIGHLIGHT_API) return answerHighlight(req, res, entry.body);
  if (host === 'bam.nr-data.net' && url.pathname === `/1/${NEWRELIC_LICENSE}`) return sendJson(res, 200, newRelicRum(), 'application/json', cors(req));
  if (host === 'bam.nr-data.net') return send(res, 200, 'text/plain', '', cors(req));
  if (host === 'api.rudderstack.com') return sendJson(res, 200, rudderstackConfig(), 'application/json', cors(req));
  if (host === CUSTOMERIO_HOST && url.pathname === `/v1/projects/${CUSTOMERIO_KEY}/settings`) return sendJson(res, 200, customerioSettings(), 'application/json', cors(req));
  if (host === RUDDERSTACK_PLANE) return send(res, 200, 'text/plain', 'OK', cors(req));
  if (host === FARO_COLLECTOR) return sendJson(res, 202, {}, 'application/json', cors(req));
  // Rollbar's API answers an item with its uuid.
  if (host === 'api.rollbar.com') return sendJson(res, 200, { err: 0, result: { id: null, uuid: '5b1f0c9e-2d4a-4e6b-8c7d-9f0a1b2c3d4e' } }, 'application/json', cors(req));
  // Elastic's APM server accepts an intake batch with an empty 202.
  if (host === ELASTIC_APM) {
    res.writeHead(202, cors(req));
    return res.end();
  }
  if (host === 'featureassets.org') return sendJson(res, 200, statsigInitialize(), 'application/json', cors(req));
  // Flags: none set, for anyone.
  if (host === 'api.lab.amplitude.com') return sendJson(res, 200, {}, 'application/json', cors(req));
  if (host === 'app.launchdarkly.com') return sendJson(res, 200, url.pathname.startsWith('/sdk/goals/') ? [] : {}, 'application/json', cors(req));
  if (host === 'prodregistryv2.org') return sendJson(res, 202, { success: true }, 'application/json', cors(req));
  // Snowplow's collector: a pixel for events sent in the URL, "ok" for posted batches.
  if (host === SNOWPLOW_COLLECTOR) {
    if (url.pathname === '/i') return send(res, 200, 'image/gif', PIXEL_GIF, cors(req));
    return send(res, 200, 'text/plain', 'ok', cors(req));
  }
  if (host === 'sr-client-cfg.amplitude.com') return sendJson(res, 200, AMPLITUDE_REPLAY_CONFIG, 'application/json', cors(req));
  if (host === 'api2.amplitude.com') {
    return sendJson(res, 200, { code: 200, events_ingested: 1, payload_size_bytes: 0, server_upload_time: Date.now() }, 'application/json', cors(req));
  }
  return sendJson(res, 200, { status: 1 }, 'application/json', cors(req));
}

function cors(req) {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
  };
}

/** The SDK's tags in a page's head, as its integration loads and starts it. */
async function sdkScript(sdk) {
  if (sdk?.app) return `<script src="/static/${sdk.app}.js"></script>\n<script>${sdk.init}</script>`;
  if (sdk?.inlineLoader) return `<script>${sdk.inlineLoader}\n${sdk.init}</script>`;
  if (sdk?.snippet) return `<script>${await readFile(sdk.snippet(), 'utf8')}\n${sdk.init}</script>`;
  const before = sdk?.before ? `<script>${sdk.before}</script>\n` : '';
  if (sdk) return `${before}<script src="https://${sdk.cdn}${sdk.script}"></script>\n<script>${sdk.init}</script>`;
  return '';
}

/**
 * The log-in page: one "E-mail or customer number" box, marked only as a
 * username (a text field, as many sites draw theirs), and a password.
 */
async function loginPage(name) {
  const sdk = Object.hasOwn(SDKS, name) ? SDKS[name] : null;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Se connecter — Jardin Express</title>
${await sdkScript(sdk)}
</head>
<body>
<header><strong>Jardin Express</strong> — graines, outils et conseils</header>
<main>
<h1>Se connecter</h1>
<form id="connexion" action="/api/connexion" method="post">
  <label for="identifiant">E-mail ou numéro client</label>
  <input id="identifiant" name="identifiant" type="text" autocomplete="username" required>
  <label for="mdp">Mot de passe</label><input id="mdp" name="mdp" type="password" autocomplete="current-password">
  <button type="submit">Se connecter</button>
</form>
</main>
</body>
</html>
`;
}

async function signupPage(name) {
  const sdk = Object.hasOwn(SDKS, name) ? SDKS[name] : null;
  const script = await sdkScript(sdk);
  const identify = sdk?.identify ?? '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Créer un compte — Jardin Express</title>
${script}
</head>
<body>
<header><strong>Jardin Express</strong> — graines, outils et conseils</header>
<main>
<h1>Créer votre compte</h1>
<form id="inscription" name="inscription" action="/api/inscription" method="post">
  <label for="email">E-mail</label>
  <input id="email" name="email" type="email" autocomplete="email" required>
  <label for="prenom">Prénom</label><input id="prenom" name="prenom" autocomplete="given-name">
  <label for="nom">Nom</label><input id="nom" name="nom" autocomplete="family-name">
  <label for="mdp">Mot de passe</label><input id="mdp" name="mdp" type="password" autocomplete="new-password">
  <button type="submit">Créer mon compte</button>
</form>
<p class="done" hidden>Bienvenue&nbsp;! Votre compte est créé.</p>
</main>
<aside>
<form id="lettre" action="/api/lettre" method="post">
  <label for="lettre-email">Nos conseils de saison, une fois par mois</label>
  <input id="lettre-email" name="lettre_email" type="text" placeholder="Votre e-mail">
  <button type="submit">Je m’abonne</button>
</form>
</aside>
<script>
document.getElementById('lettre').addEventListener('submit', function (event) {
  event.preventDefault();
});
document.getElementById('inscription').addEventListener('submit', function (event) {
  event.preventDefault();
  var form = event.target;
  var person = { email: form.email.value, name: (form.prenom.value + ' ' + form.nom.value).trim() };
  fetch('/api/inscription', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(person) })
    .then(function () {
      ${identify}
      document.querySelector('.done').hidden = false;
    });
});
</script>
</body>
</html>
`;
}

/**
 * The path on Mixpanel's CDN of the recorder its library loads: the name is
 * a content hash, read from the library itself, so that it follows the
 * installed package.
 */
let recorderPath = null;
export async function mixpanelRecorderPath() {
  if (recorderPath === null) {
    const library = await readFile(packageFile('mixpanel-browser', 'dist/mixpanel.min.js'), 'utf8');
    const name = /mixpanel-recorder-[\w-]+\.min\.js/.exec(library)?.[0];
    if (!name) throw new Error("mixpanel-browser's library names no recorder file");
    recorderPath = `/libs/${name}`;
  }
  return recorderPath;
}

export function createSdkSite() {
  const requests = [];
  const scripts = new Map();
  const cdns = new Map(Object.values(SDKS).filter((s) => s.cdn && s.script).map((s) => [`${s.cdn}${s.script}`, s]));

  async function record(req, url) {
    const { raw: body } = await readBody(req, BODY_CAP);
    const entry = { time: Date.now(), host: hostOf(req), method: req.method, path: url.pathname, query: url.search, headers: req.headers, body };
    requests.push(entry);
    return entry;
  }

  return {
    /** The hosts this site answers under: its own, the SDKs' CDNs and ingestion hosts. */
    hosts: [SDK_SITE_HOST, SDK_ACCOUNT_HOST, ...SDK_HOSTS],
    requests,
    clear: () => requests.splice(0),
    /** Requests received by `host` (under `path`, when given). */
    to: (host, path = null) => requests.filter((r) => r.host === host && (path === null || r.path.startsWith(path))),
    async handle(req, res, url) {
      const host = hostOf(req);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors(req));
        return res.end();
      }
      if (host === SDK_ACCOUNT_HOST) {
        if (url.pathname === '/connexion') return send(res, 200, HTML, await loginPage(url.searchParams.get('sdk')));
        return send(res, 404, 'text/plain', 'Not found\n');
      }
      if (host === SDK_SITE_HOST) {
        if (url.pathname === '/inscription') return send(res, 200, HTML, await signupPage(url.searchParams.get('sdk')));
        const app = /^\/static\/(\w+)\.js$/.exec(url.pathname);
        if (app && Object.hasOwn(APPS, app[1])) return send(res, 200, 'text/javascript; charset=utf-8', await bundled(APPS[app[1]]));
        if (url.pathname === '/api/inscription') {
          await record(req, url);
          return sendJson(res, 200, { ok: true });
        }
        return send(res, 404, 'text/plain', 'Not found\n');
      }
      if (host === 'cdn.segment.com') return answerSegmentCdn(res, url);
      if (host === 'www.clarity.ms' || host === 'scripts.clarity.ms') return answerClarityCdn(req, res, url);
      if (host === SDKS.mixpanel.cdn && url.pathname === (await mixpanelRecorderPath())) {
        if (!scripts.has(url.pathname)) scripts.set(url.pathname, await readFile(packageFile('mixpanel-browser', 'dist/mixpanel-recorder.min.js')));
        return send(res, 200, 'text/javascript; charset=utf-8', scripts.get(url.pathname), { 'access-control-allow-origin': '*' });
      }
      const cdn = cdns.get(`${host}${url.pathname}`);
      if (!cdn && host === SDKS.datadog.cdn) return answerDatadogCdn(res, url);
      if (cdn?.bundled) return send(res, 200, 'text/javascript; charset=utf-8', await cdn.bundled(), { 'access-control-allow-origin': '*' });
      if (cdn) {
        if (!scripts.has(cdn.script)) scripts.set(cdn.script, await readFile(cdn.file()));
        return send(res, 200, 'text/javascript; charset=utf-8', scripts.get(cdn.script), { 'access-control-allow-origin': '*' });
      }
      return answerIngestion(req, res, url, await record(req, url));
    },
  };
}
