//! "Where your data goes" for one site: every third-party host its pages
//! contacted, with the organization behind it, the countries its servers
//! answered from, and the personal data Vigie saw sent to it — personal
//! data first.

use serde::{Deserialize, Serialize};

use crate::destinations::adequacy::{transfer, Transfer};
use crate::destinations::{Country, Destinations};
use crate::messages::event::Millis;
use crate::messages::finding::{add_to_set, Finding, FindingKind};
use crate::messages::vocabulary::DataKind;
use crate::observe::url::registrable_domain;
use crate::state::destinations::{DestinationLog, ServerPlace};

/// One host a site's pages contacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationRow {
    pub host: String,
    /// The domain the host is shown by: the one the organizations table
    /// matched, else its registrable domain.
    pub domain: String,
    /// The product, when the table lists the host ("Instagram").
    pub brand: Option<String>,
    /// The organization, when the table lists the host ("Meta").
    pub organization: Option<String>,
    /// Where the organization is established.
    pub organization_country: Option<String>,
    /// An address or page for privacy requests.
    pub privacy_contact: Option<String>,
    /// The countries its servers answered from.
    pub countries: Vec<Country>,
    /// The least protected of those countries, under the GDPR.
    pub transfer: Option<Transfer>,
    /// A server answered from a private address (a proxy, a VPN).
    pub private_server: bool,
    pub requests: u64,
    /// Of them, requests whose body the browser did not let Vigie read, in
    /// whole or in part (Chromium: a body sent as a `Blob`; both browsers:
    /// the `Blob` parts of a multipart form) while there were values to
    /// look for: what they carried is unknown, not absent.
    pub unread: u64,
    /// Of them, requests whose body was longer than Vigie reads (the
    /// engine's `maxBodyBytes`), while there were values to look for: what
    /// the rest carried is unknown, not absent.
    pub cut: u64,
    /// WebSocket connections its pages opened to it: what they sent over
    /// them is unknown, not absent, unless Vigie's hooks read it
    /// (`socket_messages`).
    pub sockets: u64,
    /// Messages its pages' scripts sent over those connections, read by
    /// Vigie's hooks in the page and searched.
    pub socket_messages: u64,
    pub first_seen: Millis,
    pub last_seen: Millis,
    /// The person's own data Vigie saw sent to it.
    pub data_kinds: Vec<DataKind>,
    /// Contact data read from profiles on the site (other people's: those
    /// the person viewed, and those harvested out of view) Vigie saw sent
    /// to it.
    pub contact_kinds: Vec<DataKind>,
    /// The findings that name it.
    pub findings: Vec<String>,
}

/// Findings about the person's own data leaving (what they typed or asked
/// Vigie to watch), as against contact data of the profiles they viewed.
/// Findings derived from others (sent outside the EEA, shared within a
/// group) repeat the data of the finding they come from, to the same host.
fn about_the_person(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::LeakToThirdParty | FindingKind::LeakBeforeSubmit | FindingKind::FieldSniffing
    )
}

/// Findings about contact data read from profiles on the site leaving.
fn about_profiles(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::ContactExfiltration | FindingKind::HarvestNotInView
    )
}

/// The rows for `site`: personal data first, then the least protected
/// countries, then the busiest hosts.
pub fn destinations(
    tables: &Destinations,
    log: &DestinationLog,
    site: &str,
    findings: &[Finding],
) -> Vec<DestinationRow> {
    let Some(contacts) = log.site(site) else {
        return vec![];
    };
    let mut rows: Vec<DestinationRow> = contacts
        .hosts
        .iter()
        .map(|(host, contact)| {
            let owner = tables.owner(host);
            let countries: Vec<Country> = contact
                .servers
                .iter()
                .filter_map(ServerPlace::country)
                .collect();
            let mut data_kinds = vec![];
            let mut contact_kinds = vec![];
            let mut keys = vec![];
            for f in findings
                .iter()
                .filter(|f| f.evidence.destinations.iter().any(|d| d == host))
            {
                // The person's own data only: contact details harvested
                // from profiles are other people's, and a letter asking
                // what a company holds about the person cannot rest on them.
                let kinds = if about_the_person(f.kind) {
                    Some(&mut data_kinds)
                } else if about_profiles(f.kind) {
                    Some(&mut contact_kinds)
                } else {
                    None
                };
                if let Some(kinds) = kinds {
                    for kind in &f.evidence.data_kinds {
                        add_to_set(kinds, kind);
                    }
                }
                keys.push(f.key.clone());
            }
            DestinationRow {
                host: host.clone(),
                domain: owner
                    .map_or_else(|| registrable_domain(host), |o| o.domain)
                    .to_owned(),
                brand: owner.map(|o| o.brand.to_owned()),
                organization: owner.map(|o| o.organization.name.clone()),
                organization_country: owner.and_then(|o| o.organization.country.clone()),
                privacy_contact: owner.and_then(|o| o.organization.privacy_contact.clone()),
                transfer: countries.iter().map(|c| transfer(c.as_str())).max(),
                countries,
                private_server: contact.servers.contains(&ServerPlace::Private),
                requests: contact.requests,
                unread: contact.unread,
                cut: contact.cut,
                sockets: contact.sockets,
                socket_messages: contact.socket_messages,
                first_seen: contact.first_seen,
                last_seen: contact.last_seen,
                data_kinds,
                contact_kinds,
                findings: keys,
            }
        })
        .collect();
    // Personal data first: the person's, then other people's.
    let personal = |r: &DestinationRow| (!r.data_kinds.is_empty(), !r.contact_kinds.is_empty());
    crate::sorting::sort_by(&mut rows, |a, b| {
        personal(b)
            .cmp(&personal(a))
            .then(b.transfer.cmp(&a.transfer))
            .then(b.requests.cmp(&a.requests))
            .then_with(|| a.host.cmp(&b.host))
    });
    rows
}
