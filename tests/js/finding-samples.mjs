// Findings as the core sends them, for the popup's rendering tests: every
// sentence in every actor form at a given count, and a popup full of the
// longest values a page or an extension can put there.

import { CAPS, SENTENCES, sentenceKey } from './vocabulary.mjs';

export const NAMED = {
  type: 'extension',
  id: 'hgfedcbahgfedcbahgfedcbahgfedcba',
  name: 'Fixture Harvester',
  version: '0.3.1',
  installType: 'development',
};
export const UNLISTED = { type: 'extension', id: 'ponmlkjihgfedcbaponmlkjihgfedcba', name: null, version: null, installType: null };
const CANDIDATES = [
  { id: 'abcdefghijklmnopabcdefghijklmnop', name: 'Fixture Contact Panel', version: '1.2.0', reasons: ['hostAccess', 'cookies'] },
];

const TEXT_ARGS = {
  profile: 'alice-martin',
  host: 'api.collector.test',
  hosts: 'api.collector.test, cdn.collector.test',
  apis: 'fetch, XMLHttpRequest.open',
  product: 'Kaspr',
  vendor: 'Kaspr',
  // Words the core names by locale key, translated one by one.
  riskBefore: { phrases: [{ key: 'prior_notInstalled', args: [] }] },
  riskAfter: { phrases: [{ key: 'risk_high', args: [] }] },
  organizations: 'ByteDance Inc',
  countries: { countries: ['CN', 'SG'] },
  group: 'Meta',
  values: 'j***@example.com, +33 6 ** ** ** 78',
  gained: {
    phrases: [
      { key: 'capability_siteLogin', args: ['LinkedIn'] },
      { key: 'capability_developerMode', args: [] },
    ],
  },
};

// The evidence counts each kind reports; together they use every count name.
const KIND_COUNTS = {
  injectedUi: ['injections', 'profiles'],
  harvestNotInView: ['lookups', 'lookupsWithoutClientHeaders', 'profilesNotInView', 'matches'],
  harvestBurst: ['lookups', 'profiles', 'windowSeconds'],
  contactWithoutGesture: ['lookups', 'calls'],
  contactExfiltration: ['matches', 'profiles'],
  nativesReplaced: ['calls'],
  bulkCrawl: ['pagesOpened', 'windowSeconds'],
  observersFlooded: ['floods'],
  knownContactFinder: [],
  extensionRiskRose: [],
  sentOutsideEea: [],
  sharedWithinGroup: ['matches'],
  leakToThirdParty: ['matches'],
  leakBeforeSubmit: ['matches'],
  fieldSniffing: ['fieldReads'],
};

const SEVERITY = { named: 'high', unknown: 'warning', unattributed: 'warning', impersonal: 'info' };

/** The actor and the first arguments of a sentence in one actor form. */
function actorFor(form) {
  switch (form) {
    case 'named':
      return { actor: NAMED, lead: [NAMED.name] };
    case 'unknown':
      return { actor: UNLISTED, lead: [UNLISTED.id] };
    case 'unattributed':
      return { actor: { type: 'unattributed', candidates: CANDIDATES }, lead: [] };
    default:
      return { actor: { type: 'unattributed', candidates: [] }, lead: [] };
  }
}

/**
 * One finding per sentence and actor form, every count in it equal to `n`.
 * Each comes with `units`: the units of its counted arguments, in order.
 */
export function matrixFindings(n, now = Date.now()) {
  const findings = [];
  for (const [base, { kind, args, forms }] of Object.entries(SENTENCES)) {
    for (const form of forms) {
      const { actor, lead } = actorFor(form);
      const key = sentenceKey(base, form);
      findings.push({
        key: `${kind}|www.linkedin.com|${key}|${n}`,
        site: 'www.linkedin.com',
        kind,
        severity: SEVERITY[form],
        confidence: 'likely',
        basis: 'seenOnNetwork',
        actor,
        message: {
          key,
          args: [...lead, ...args.map((arg) => (typeof arg === 'string' ? TEXT_ARGS[arg] : { count: n, unit: arg.unit }))],
        },
        evidence: {
          counts: Object.fromEntries(KIND_COUNTS[kind].map((name) => [name, n])),
          samples: [],
          dataKinds: kind.startsWith('contact') ? ['email'] : [],
          encodings: kind === 'contactExfiltration' ? ['plain', 'sha256'] : [],
          destinations: kind === 'contactExfiltration' ? ['api.collector.test'] : [],
        },
        subjects: ['alice-martin', 'bruno-keller'],
        firstSeen: now - 60_000,
        lastSeen: now - 30_000,
        occurrences: n,
        units: args.filter((arg) => typeof arg !== 'string').map((arg) => arg.unit),
      });
    }
  }
  return findings;
}

// ------------------------------------------------------------- long values

const LONG_NAME = 'SuperSalesProspector—ContactFinder&EmailEnrichmentForRecruiters·UltimateEdition2025';
const LONG_VERSION = '2025.11.21.1234567890-beta+build.0123456789abcdef';
const LONG_HOST = 'api.a-very-long-collector-host-name-for-contact-data.eu-west-1.compute.example.com';
const LONG_SITE = 'recruiting-portal.internal.staging.people-directory.europe.some-company-name.example.org';
const LONG_SLUG = 'jean-baptiste-de-la-fontaine-marechal-des-logis-chef-0123456789abcdef0123456789abcdef';
const LONG_SAMPLE = `POST https://${LONG_HOST}/v2/lookup?profile=${LONG_SLUG}&token=${'0123456789abcdef'.repeat(12)}`;
const LONG_ID = 'zyxwvutsrqponmlkzyxwvutsrqponmlk';
const LONG_ORGANIZATION = 'InternationalAudienceIntelligence&DataBrokerageConsortium GmbH & Co. KGaA';

/**
 * A PopupState whose every field is as long as the core lets it be: names,
 * versions, hosts and samples without spaces, a site with no model, every cap
 * reached.
 */
export function longState(now = Date.now()) {
  const longActor = { type: 'extension', id: LONG_ID, name: LONG_NAME, version: LONG_VERSION, installType: 'sideload' };
  const finding = (kind, message, extra = {}) => ({
    key: `${kind}|${LONG_SITE}|${message.key}`,
    site: LONG_SITE,
    kind,
    severity: 'high',
    confidence: 'possible',
    basis: 'capabilityOnly',
    actor: longActor,
    message,
    evidence: {
      counts: { lookups: 1234567, lookupsWithoutClientHeaders: 1234567, profilesNotInView: 1234567, windowSeconds: 86399 },
      samples: [LONG_SAMPLE, LONG_SAMPLE.replace(/\//g, ''), `${LONG_SLUG}${LONG_SLUG}`],
      dataKinds: ['email', 'phone', 'name', 'someFutureDataKindWithAVeryLongNameThatHasNoLabel'],
      encodings: ['plain', 'url', 'base64', 'md5', 'sha1', 'sha256'],
      destinations: [LONG_HOST, `cdn.${LONG_HOST}`],
    },
    subjects: [LONG_SLUG, `${LONG_SLUG}-2`],
    firstSeen: now - 3 * 86400_000,
    lastSeen: now - 20_000,
    occurrences: 1234567,
    ...extra,
  });
  return {
    ok: true,
    tab: { id: 7, url: `https://${LONG_SITE}/in/${LONG_SLUG}/` },
    site: LONG_SITE,
    siteModel: null,
    findings: [
      finding('harvestNotInView', {
        key: 'findingHarvestNotInViewSent',
        args: [LONG_NAME, { count: 1234567, unit: 'profiles' }, LONG_HOST],
      }),
      finding('contactExfiltration', {
        key: 'findingContactExfiltrationUnattributed',
        args: [`${LONG_HOST}, cdn.${LONG_HOST}`, { count: 1234567, unit: 'profiles' }],
      }, {
        actor: {
          type: 'unattributed',
          candidates: [
            { id: LONG_ID, name: LONG_NAME, version: LONG_VERSION, reasons: ['hostAccess', 'cookies'] },
            { id: 'a'.repeat(32), name: null, version: LONG_VERSION, reasons: ['allSites', 'cookies'] },
          ],
        },
      }),
      finding('injectedUi', {
        key: 'findingInjectedUiProfileUnknown',
        args: [LONG_ID, LONG_SLUG],
      }, { actor: { type: 'extension', id: LONG_ID, name: null, version: LONG_VERSION, installType: null } }),
      finding('bulkCrawl', {
        key: 'findingBulkCrawl',
        args: [{ count: 1234567, unit: 'profilePages' }, { count: 86399, unit: 'seconds' }],
      }, { actor: { type: 'script', origin: `https://${LONG_HOST}` } }),
    ],
    // The collector's host belongs to an organization with a long name: each
    // card that sent it data offers a letter to it by name.
    destinations: [LONG_HOST, `cdn.${LONG_HOST}`].map((host) => ({
      host,
      domain: 'example.com',
      brand: LONG_NAME,
      organization: LONG_ORGANIZATION,
      organizationCountry: 'SG',
      privacyContact: `privacy@${LONG_HOST}`,
      countries: ['CN', 'SG', 'US', 'RU'],
      transfer: 'notAdequate',
      privateServer: false,
      requests: 1234567,
      firstSeen: now - 3 * 86400_000,
      lastSeen: now - 20_000,
      dataKinds: ['email', 'phone', 'name', 'someFutureDataKindWithAVeryLongNameThatHasNoLabel'],
      findings: [],
    })),
    watched: { pages: 123456789, injections: 987654321, since: now - 400 * 86400_000 },
    extensions: { total: 1000, enabled: 999 },
    health: {
      rejectedEvents: 1234567,
      capsReached: CAPS.map((what, i) => ({ what, limit: 1000 * (i + 1) })),
    },
  };
}
