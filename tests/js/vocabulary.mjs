// The words the core sends the shell, as the shell's tests know them: the
// closed sets of src/messages/vocabulary.rs (evidence counts, units,
// encodings, caps, data kinds, kinds of finding) and the sentences with the
// arguments each takes. locales.test.mjs checks that this list and the core's
// name the same words; the Rust test tests/vocabulary.rs checks the core's
// words against the locale files.

export const COUNTS = [
  'injections',
  'profiles',
  'profilesNotInView',
  'lookups',
  'lookupsWithoutClientHeaders',
  'windowSeconds',
  'pagesOpened',
  'matches',
  'calls',
  'floods',
  'fieldReads',
];
export const UNITS = ['profiles', 'profilePages', 'seconds'];
export const ENCODINGS = ['plain', 'url', 'base64', 'base64Reversed', 'hex', 'md5', 'sha1', 'sha256', 'sha512', 'gzip', 'deflate', 'lzString', 'encrypted'];
export const CAPS = [
  'extensions',
  'tabs',
  'sites',
  'findingsPerSite',
  'evidencePerFinding',
  'refsPerPage',
  'observerReportsPerPage',
  'notificationsPerWindow',
  'watchedValuesPerTab',
  'callRecordsPerTab',
  'memberAliases',
  'fieldBytes',
  'bodyBytes',
  'responseBytes',
  'permissionsPerExtension',
  'headersPerRequest',
  'contactValuesPerReport',
  'scriptsPerStack',
  'destinationHosts',
  'decodedBytes',
  'ownValues',
];
export const DATA_KINDS = ['email', 'phone', 'name', 'custom'];
export const NOTES = ['notFromPageScripts', 'namedByPresence', 'shapeOnly', 'identitiesOnly', 'stackUnreadable', 'anonymousScript', 'stackCut', 'pageCodeOnStack', 'pageMayHaveWritten', 'pageCouldHaveWritten', 'valueSentToReader', 'decodingCapped', 'valuesFromSiteResponse', 'bodyReadInPage', 'passwordFieldRead', 'submittedToTracker', 'submittedToMonitoring', 'replacedBeforeHooks', 'hooksLate'];
export const KINDS = [
  'injectedUi',
  'harvestNotInView',
  'harvestBurst',
  'contactWithoutGesture',
  'contactExfiltration',
  'nativesReplaced',
  'bulkCrawl',
  'observersFlooded',
  'knownContactFinder',
  'extensionRiskRose',
  'sentOutsideEea',
  'sharedWithinGroup',
  'leakToThirdParty',
  'leakBeforeSubmit',
  'fieldSniffing',
];

// The words of the extension audit (src/audit/capability.rs): what an
// extension can do (`capability_<name>`), its risk (`risk_<name>`), how it
// stood before it gained access (`prior_<name>`), and what a known contact
// finder is known to do (`finderDoes_<name>`).
export const CAPABILITIES = [
  'allSites',
  'allSitesLogin',
  'siteAccess',
  'siteLogin',
  'otherSites',
  'cookies',
  'cookiesAccessNotReported',
  'accessNotReported',
  'history',
  'tabs',
  'webNavigation',
  'webRequest',
  'blockRequests',
  'management',
  'debugger',
  'proxy',
  'nativeMessaging',
  'clipboardRead',
  'bookmarks',
  'privacy',
  'scripting',
  'downloads',
  'developerMode',
  'outsideStore',
  'updatesOutsideStore',
  'installedByAdmin',
  'knownContactFinder',
];
export const RISKS = [
  'low',
  'medium',
  'high',
];
export const PRIORS = [
  'notInstalled',
  'disabled',
];
export const FINDER_BEHAVIOURS = [
  'showsContactDetails',
  'injectsPanel',
  'readsSessionCookie',
  'looksUpCompanyDomains',
  'finedByRegulator',
];

// How a sentence names who did it (ActorForm in the core): `named` puts the
// actor's name first, `unknown` the id of an extension the browser does not
// list, `unattributed` and `impersonal` name nobody.
export const ACTOR_FORMS = ['named', 'unknown', 'unattributed', 'impersonal'];

// Each sentence: its kind, the arguments after the actor's (text arguments by
// what they hold, counts by unit), and the actor forms it is written in.
export const SENTENCES = {
  findingInjectedUiProfile: { kind: 'injectedUi', args: ['profile'], forms: ['named', 'unknown'] },
  findingInjectedUiPage: { kind: 'injectedUi', args: ['host'], forms: ['named', 'unknown'] },
  findingInjectedUiProfiles: { kind: 'injectedUi', args: [{ unit: 'profiles' }], forms: ['named', 'unknown'] },
  findingHarvestNotInView: { kind: 'harvestNotInView', args: [{ unit: 'profiles' }], forms: ['named', 'unattributed'] },
  findingHarvestNotInViewSent: {
    kind: 'harvestNotInView',
    args: [{ unit: 'profiles' }, 'host'],
    forms: ['named', 'unattributed'],
  },
  findingHarvestBurst: {
    kind: 'harvestBurst',
    args: [{ unit: 'profiles' }, { unit: 'seconds' }],
    forms: ['named', 'unattributed'],
  },
  findingContactWithoutGesture: { kind: 'contactWithoutGesture', args: ['profile'], forms: ['named', 'unattributed'] },
  findingContactExfiltration: {
    kind: 'contactExfiltration',
    args: ['hosts', { unit: 'profiles' }],
    forms: ['named', 'unattributed'],
  },
  findingNativesReplaced: { kind: 'nativesReplaced', args: ['apis'], forms: ['named', 'unattributed'] },
  findingBulkCrawl: { kind: 'bulkCrawl', args: [{ unit: 'profilePages' }, { unit: 'seconds' }], forms: ['impersonal'] },
  findingBulkCrawlUnrequested: { kind: 'bulkCrawl', args: [{ unit: 'profilePages' }], forms: ['impersonal'] },
  findingObserversFlooded: { kind: 'observersFlooded', args: [], forms: ['impersonal'] },
  findingKnownContactFinder: { kind: 'knownContactFinder', args: ['product', 'vendor'], forms: ['named'] },
  findingKnownContactFinderOwnVendor: { kind: 'knownContactFinder', args: ['product'], forms: ['named'] },
  findingKnownContactFinderByVendor: { kind: 'knownContactFinder', args: ['vendor'], forms: ['named'] },
  findingKnownContactFinderSelf: { kind: 'knownContactFinder', args: [], forms: ['named'] },
  findingExtensionRiskRose: {
    kind: 'extensionRiskRose',
    args: ['riskBefore', 'riskAfter', 'gained'],
    forms: ['named'],
  },
  findingSentOutsideEea: { kind: 'sentOutsideEea', args: ['organizations', 'countries'], forms: ['named', 'unattributed'] },
  findingSharedWithinGroup: { kind: 'sharedWithinGroup', args: ['group', 'hosts'], forms: ['named', 'unattributed'] },
  findingLeakToThirdParty: { kind: 'leakToThirdParty', args: ['values', 'host'], forms: ['named', 'unattributed'] },
  findingLeakBeforeSubmit: { kind: 'leakBeforeSubmit', args: ['values', 'host'], forms: ['named', 'unattributed'] },
  findingFieldSniffing: { kind: 'fieldSniffing', args: [], forms: ['named', 'unattributed'] },
};

/**
 * The locale key of a sentence in an actor form, as the core writes it:
 * `Unknown` and `Unattributed` are suffixes, but a `Sent` suffix stays last.
 */
export function sentenceKey(base, form) {
  if (form === 'unknown') return `${base}Unknown`;
  if (form === 'unattributed') {
    return base.endsWith('Sent') ? `${base.slice(0, -'Sent'.length)}UnattributedSent` : `${base}Unattributed`;
  }
  return base;
}

/** Every sentence key the core can send, with the number of arguments it takes. */
export function sentenceKeys() {
  const keys = {};
  for (const [base, { args, forms }] of Object.entries(SENTENCES)) {
    for (const form of forms) {
      const actorArgs = form === 'named' || form === 'unknown' ? 1 : 0;
      keys[sentenceKey(base, form)] = actorArgs + args.length;
    }
  }
  return keys;
}
