//! The words the core and the shell share: evidence counts, units, encodings,
//! caps, data kinds and sentences, each a closed set.
//!
//! Every name here crosses to the popup and is shown through a locale key
//! (`evidence_<count>_one`, `unit_<unit>_other`, `cap_<cap>`, `encoding_<e>`,
//! `finding…`); `tests/vocabulary.rs` checks that each one exists in
//! `extension/_locales/en` and `fr`, with both plural forms where counted.
//! A detector cannot invent a name the popup does not know.

use serde::{Deserialize, Serialize};

use crate::messages::read::{self, field, read_struct, FromJson, Read, ReadError};

/// Declares a closed set of names: an enum, its list, and its text form,
/// which is also its serde form.
macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every name of the set, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The name as the shell and the snapshots spell it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The name for its text form, if it is one: a search of
            /// [`Self::ALL`], not a `match` on the texts, which compiles a
            /// comparison per name of every set into the wasm (about
            /// 500 B of it, gzip, for the 150 names).
            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $crate::messages::read::FromJson for $name {
            fn from_json(v: &serde_json::Value) -> $crate::messages::read::Read<Self> {
                $crate::messages::read::name(v, $name::parse)
            }
        }

        impl $crate::messages::read::FromJsonKey for $name {
            fn from_key(key: &str) -> $crate::messages::read::Read<Self> {
                $crate::messages::read::name_in(key, $name::parse)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&text, &[$($text,)+])
                })
            }
        }
    };
}
pub(crate) use words;

words! {
    /// A named count in a finding's evidence (`evidence_<name>_one/_other`).
    Count {
        /// Extension resources found in pages.
        Injections = "injections",
        /// Distinct profiles concerned.
        Profiles = "profiles",
        /// Distinct profiles looked up while not in view.
        ProfilesNotInView = "profilesNotInView",
        /// Contact lookups seen on the network.
        Lookups = "lookups",
        /// Lookups that lacked the site client's own headers (supporting evidence).
        LookupsWithoutClientHeaders = "lookupsWithoutClientHeaders",
        /// The span of the burst, in seconds.
        WindowSeconds = "windowSeconds",
        /// Profile pages loaded by a crawl.
        PagesOpened = "pagesOpened",
        /// Requests in which watched data was found.
        Matches = "matches",
        /// Reports of a replaced native.
        Calls = "calls",
        /// Times the page sent Vigie's observers more than they take.
        Floods = "floods",
        /// Reads of a form field's value reported by the main-world hooks.
        FieldReads = "fieldReads",
    }
}

words! {
    /// What a counted argument of a sentence counts (`unit_<name>_one/_other`).
    Unit {
        Profiles = "profiles",
        ProfilePages = "profilePages",
        Seconds = "seconds",
    }
}

words! {
    /// How watched data travelled in a request (`encoding_<name>`): a
    /// finding lists the chain, outermost first (`gzip`, `base64`, `sha256`,
    /// `hex`).
    Encoding {
        Plain = "plain",
        Url = "url",
        Base64 = "base64",
        /// Base64 written backwards (Statsig's client encodes its requests
        /// so).
        Base64Reversed = "base64Reversed",
        Md5 = "md5",
        Sha1 = "sha1",
        Sha256 = "sha256",
        Sha512 = "sha512",
        /// Bytes written as hexadecimal digits (a hash's usual form).
        Hex = "hex",
        /// A gzip stream (RFC 1952): `Content-Encoding: gzip` or made in
        /// JavaScript before sending.
        Gzip = "gzip",
        /// A zlib stream (RFC 1950), or raw deflate (RFC 1951).
        Deflate = "deflate",
        /// lz-string, the compressor some session-replay SDKs use.
        LzString = "lzString",
        /// Encrypted with a key sent in the same request (CleverTap's
        /// encryption in transit: AES-GCM, key and IV beside the ciphertext).
        Encrypted = "encrypted",
    }
}

impl Encoding {
    /// The encoding's technical name, the same in every language, for an
    /// evidence sample (`SHA-256`, `base64`); none for text in clear.
    pub const fn technical_name(self) -> Option<&'static str> {
        match self {
            Encoding::Plain => None,
            Encoding::Url => Some("URL"),
            Encoding::Base64 => Some("base64"),
            Encoding::Base64Reversed => Some("base64⁻¹"),
            Encoding::Md5 => Some("MD5"),
            Encoding::Sha1 => Some("SHA-1"),
            Encoding::Sha256 => Some("SHA-256"),
            Encoding::Sha512 => Some("SHA-512"),
            Encoding::Hex => Some("hex"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Deflate => Some("zlib"),
            Encoding::LzString => Some("lz-string"),
            Encoding::Encrypted => Some("AES-GCM"),
        }
    }
}

words! {
    /// What a finding's evidence rests on or lacks, in a sentence of its own
    /// (`note_<name>`).
    Note {
        /// The page's own scripts did not make the requests: the main-world
        /// hooks saw no such call, so a content script or an extension's
        /// background did.
        NotFromPageScripts = "notFromPageScripts",
        /// The extension is named because it was the only one seen at work
        /// in the page lately (its content, or its script in the page's
        /// world), not by the requests themselves: one whose scripts the
        /// browser does not report could have made them.
        NamedByPresence = "namedByPresence",
        /// The values were recognised by their shape, not seen on the page.
        ShapeOnly = "shapeOnly",
        /// The request was tied to the harvest by the identities of the
        /// profiles whose contact details were fetched out of view: the
        /// details themselves are inferred to have gone with them.
        IdentitiesOnly = "identitiesOnly",
        /// The calling stack named no script (emptied or locked by the page
        /// or a harvester): nobody is named, and tampering is suspected.
        StackUnreadable = "stackUnreadable",
        /// Firefox names a main-world extension script only `<anonymous
        /// code>`: an extension's script made the call, unnamed.
        AnonymousScript = "anonymousScript",
        /// The stack went on beyond what the browser gives: where the call
        /// started was not read, and nobody is named.
        StackCut = "stackCut",
        /// An extension's code started the call, but the page's code was on
        /// the stack too, nearer the call: the page's code may have run from
        /// the extension's callback (a page can replace what extensions
        /// call), so nobody is named.
        PageCodeOnStack = "pageCodeOnStack",
        /// The referenced resource could not be loaded by the page, so the
        /// extension did not put it there: the page may have written it.
        PageMayHaveWritten = "pageMayHaveWritten",
        /// Any page can load the referenced resource (the extension exposes
        /// it to sites), so the page itself could have written its address:
        /// who put it there is not known.
        PageCouldHaveWritten = "pageCouldHaveWritten",
        /// The value of a field a script read then left for that script's
        /// host: the read is corroborated by the network.
        ValueSentToReader = "valueSentToReader",
        /// Part of a request was too large to decode whole: a leak in the
        /// rest may be missed.
        DecodingCapped = "decodingCapped",
        /// The values were read from the site's answer to the page's own
        /// request, as the page's world reported it (a claim a page could
        /// forge): no extension is named on that basis.
        ValuesFromSiteResponse = "valuesFromSiteResponse",
        /// The value was found only in a body the browser keeps from
        /// extensions (a `Blob`), which Vigie's hooks read in the page as
        /// it was sent: the page's world could have steered what was read.
        BodyReadInPage = "bodyReadInPage",
        /// A password field was among the fields read: a password's value
        /// is never read by Vigie, so whether it left cannot be told.
        PasswordFieldRead = "passwordFieldRead",
        /// The person had submitted the value, and it went to a company the
        /// tracker database lists as analytics or advertising, not where
        /// the form is sent.
        SubmittedToTracker = "submittedToTracker",
        /// A value the person submitted in a form then went to a company
        /// whose script records what visitors do (monitoring, session
        /// replay), not where the form is sent.
        SubmittedToMonitoring = "submittedToMonitoring",
        /// A network function was already replaced when the page started,
        /// before Vigie's hooks: what replaced it is not known.
        ReplacedBeforeHooks = "replacedBeforeHooks",
        /// Vigie's hooks came into the page after it started (open before
        /// Vigie was installed, updated or started): the page's scripts may
        /// have spoken in their place, so nobody is named from what they
        /// reported, until the page is reloaded.
        HooksLate = "hooksLate",
    }
}

words! {
    /// A ceiling on something input can grow (`cap_<name>`).
    Cap {
        Extensions = "extensions",
        Tabs = "tabs",
        Sites = "sites",
        FindingsPerSite = "findingsPerSite",
        EvidencePerFinding = "evidencePerFinding",
        RefsPerPage = "refsPerPage",
        ObserverReportsPerPage = "observerReportsPerPage",
        NotificationsPerWindow = "notificationsPerWindow",
        WatchedValuesPerTab = "watchedValuesPerTab",
        CallRecordsPerTab = "callRecordsPerTab",
        MemberAliases = "memberAliases",
        /// Bytes kept of one text field of an event (the rest is cut off).
        FieldBytes = "fieldBytes",
        /// Bytes kept of one request body.
        BodyBytes = "bodyBytes",
        /// Bytes of a site's answer read by the main-world hooks (the
        /// engine's `maxBodyBytes`).
        ResponseBytes = "responseBytes",
        /// Permissions (and host permissions) kept per extension.
        PermissionsPerExtension = "permissionsPerExtension",
        /// Headers kept per request.
        HeadersPerRequest = "headersPerRequest",
        /// Contact values kept from one page report.
        ContactValuesPerReport = "contactValuesPerReport",
        /// Scripts kept of one main-world calling stack.
        ScriptsPerStack = "scriptsPerStack",
        /// Third-party hosts remembered per site for "where your data goes".
        DestinationHosts = "destinationHosts",
        /// Bytes that decoding one request (decompressing, URL and base64
        /// layers) may produce: past it, the rest is searched as it is.
        DecodedBytes = "decodedBytes",
        /// Values the person asked Vigie to watch.
        OwnValues = "ownValues",
    }
}

impl Cap {
    /// Past this cap Vigie looks at only part of what comes (the rest of a
    /// body or a field, a page's further reports, values or extensions
    /// beyond the number kept), so something may escape it; past the
    /// others it sets older records aside.
    pub const fn reads_in_part(self) -> bool {
        !matches!(
            self,
            Cap::Tabs
                | Cap::Sites
                | Cap::FindingsPerSite
                | Cap::EvidencePerFinding
                | Cap::NotificationsPerWindow
                | Cap::MemberAliases
                | Cap::DestinationHosts
        )
    }
}

words! {
    /// Personal data Vigie watches for (`dataKind_<name>`).
    DataKind {
        Email = "email",
        Phone = "phone",
        Name = "name",
        /// Any other string the person asked Vigie to watch.
        Custom = "custom",
    }
}

words! {
    /// The kind of a form field, as the page observer classifies it.
    FieldKind {
        Email = "email",
        Phone = "phone",
        Name = "name",
        Password = "password",
        Other = "other",
    }
}

impl FieldKind {
    /// The personal data a field of this kind holds, if Vigie watches it.
    pub fn data_kind(self) -> Option<DataKind> {
        match self {
            FieldKind::Email => Some(DataKind::Email),
            FieldKind::Phone => Some(DataKind::Phone),
            FieldKind::Name => Some(DataKind::Name),
            FieldKind::Password | FieldKind::Other => None,
        }
    }
}

/// How a sentence names the one who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorForm {
    /// The actor's name is the first argument.
    Named,
    /// "An extension or script on this page": no actor argument.
    Unattributed,
    /// An extension not in the person's list: its id is the first argument.
    Unknown,
    /// The sentence names no actor.
    Impersonal,
}

words! {
    /// What a finding says, before the actor's form is chosen. The locale
    /// key is [`Sentence::key`].
    Sentence {
        /// [extension, profile]
        InjectedUiProfile = "findingInjectedUiProfile",
        /// [extension, host]
        InjectedUiPage = "findingInjectedUiPage",
        /// [extension, profiles]
        InjectedUiProfiles = "findingInjectedUiProfiles",
        /// [extension, profiles]
        HarvestNotInView = "findingHarvestNotInView",
        /// [extension, profiles, host]
        HarvestNotInViewSent = "findingHarvestNotInViewSent",
        /// [extension, profiles, seconds]
        HarvestBurst = "findingHarvestBurst",
        /// [extension, profile]
        ContactWithoutGesture = "findingContactWithoutGesture",
        /// [extension, hosts, profiles]
        ContactExfiltration = "findingContactExfiltration",
        /// [extension, apis]
        NativesReplaced = "findingNativesReplaced",
        /// [profile pages, seconds]
        BulkCrawl = "findingBulkCrawl",
        /// [profile pages]
        BulkCrawlUnrequested = "findingBulkCrawlUnrequested",
        /// []
        ObserversFlooded = "findingObserversFlooded",
        /// [extension, product, vendor]
        KnownContactFinder = "findingKnownContactFinder",
        /// [extension, product]: the vendor has the product's name.
        KnownContactFinderOwnVendor = "findingKnownContactFinderOwnVendor",
        /// [extension, vendor]: the extension's name names the product.
        KnownContactFinderByVendor = "findingKnownContactFinderByVendor",
        /// [extension]: its name names the product, which names its vendor.
        KnownContactFinderSelf = "findingKnownContactFinderSelf",
        /// [extension, risk before, risk after, capabilities gained]
        ExtensionRiskRose = "findingExtensionRiskRose",
        /// [actor, organizations, countries]
        SentOutsideEea = "findingSentOutsideEea",
        /// [actor, group, hosts]
        SharedWithinGroup = "findingSharedWithinGroup",
        /// [actor, values (masked), hosts]
        LeakToThirdParty = "findingLeakToThirdParty",
        /// [actor, values (masked), hosts]
        LeakBeforeSubmit = "findingLeakBeforeSubmit",
        /// [actor]
        FieldSniffing = "findingFieldSniffing",
    }
}

impl Sentence {
    /// The actor forms this sentence is written in.
    pub fn forms(self) -> &'static [ActorForm] {
        use Sentence::*;
        match self {
            InjectedUiProfile | InjectedUiPage | InjectedUiProfiles => {
                &[ActorForm::Named, ActorForm::Unknown]
            }
            BulkCrawl | BulkCrawlUnrequested | ObserversFlooded => &[ActorForm::Impersonal],
            // About an installed extension, always named from the inventory.
            KnownContactFinder
            | KnownContactFinderOwnVendor
            | KnownContactFinderByVendor
            | KnownContactFinderSelf
            | ExtensionRiskRose => &[ActorForm::Named],
            _ => &[ActorForm::Named, ActorForm::Unattributed],
        }
    }

    /// The locale key of the sentence in one actor form: `Unknown` and
    /// `Unattributed` are suffixes, but a `Sent` suffix stays last
    /// (`findingHarvestNotInViewUnattributedSent`).
    pub fn key(self, form: ActorForm) -> String {
        let base = self.as_str();
        match form {
            ActorForm::Named | ActorForm::Impersonal => base.to_owned(),
            ActorForm::Unknown => format!("{base}Unknown"),
            ActorForm::Unattributed => match base.strip_suffix("Sent") {
                Some(stem) => format!("{stem}UnattributedSent"),
                None => format!("{base}Unattributed"),
            },
        }
    }
}

/// One substitution of a sentence: text as it is, or a number with its unit,
/// which the popup writes with the unit's plural form ("1 second").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Count {
        count: u64,
        unit: Unit,
    },
    /// Words the popup translates one by one (each a locale key with its
    /// own arguments) and joins into a list.
    Phrases {
        phrases: Vec<Message>,
    },
    /// Countries (ISO 3166-1 alpha-2), which the popup writes with their
    /// flag and name in the person's language.
    Countries {
        countries: Vec<crate::destinations::Country>,
    },
    Text(String),
}

impl Arg {
    pub fn count(count: usize, unit: Unit) -> Arg {
        Arg::Count {
            count: count as u64,
            unit,
        }
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_owned())
    }
}

/// A sentence the popup translates: a `_locales` message name and its
/// substitutions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub key: String,
    pub args: Vec<Arg>,
}

// A text, or an object tried as a count, then phrases, then countries, as
// serde reads the untagged enum.
impl FromJson for Arg {
    fn from_json(v: &serde_json::Value) -> Read<Arg> {
        if let Some(text) = v.as_str() {
            return Ok(Arg::Text(text.to_owned()));
        }
        let m = read::object(v)?;
        let count: Option<u64> = field(m, "count")?;
        let unit: Option<Unit> = field(m, "unit")?;
        let phrases: Option<Vec<Message>> = field(m, "phrases")?;
        let countries: Option<Vec<crate::destinations::Country>> = field(m, "countries")?;
        match (count, unit, phrases, countries) {
            (Some(count), Some(unit), ..) => Ok(Arg::Count { count, unit }),
            (_, _, Some(phrases), _) => Ok(Arg::Phrases { phrases }),
            (_, _, _, Some(countries)) => Ok(Arg::Countries { countries }),
            _ => Err(ReadError::new(
                "data did not match any variant of untagged enum Arg",
            )),
        }
    }
}

read_struct!(Message {
    key: "key",
    args: "args",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_their_text_form() {
        for c in Count::ALL {
            assert_eq!(Count::parse(c.as_str()), Some(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(serde_json::from_str::<Count>(&json).unwrap(), *c);
        }
        assert!(serde_json::from_str::<Count>("\"windowMinutes\"").is_err());
    }

    #[test]
    fn unattributed_keys_keep_sent_last() {
        assert_eq!(
            Sentence::HarvestNotInViewSent.key(ActorForm::Unattributed),
            "findingHarvestNotInViewUnattributedSent"
        );
        assert_eq!(
            Sentence::InjectedUiPage.key(ActorForm::Unknown),
            "findingInjectedUiPageUnknown"
        );
        assert_eq!(
            Sentence::BulkCrawl.key(ActorForm::Impersonal),
            "findingBulkCrawl"
        );
    }

    #[test]
    fn counted_arguments_carry_their_unit() {
        let json = serde_json::to_string(&Arg::count(12, Unit::Profiles)).unwrap();
        assert_eq!(json, r#"{"count":12,"unit":"profiles"}"#);
        let text = Arg::from_json(&serde_json::json!("alice")).unwrap();
        assert_eq!(text, Arg::Text("alice".into()));
    }
}
