//! Who runs a host: its brand (a product, "Instagram") and the organization
//! behind it ("Meta"), from the table `tools/build-destinations.mjs`
//! compiles out of Ghostery's tracker database and Vigie's list of
//! first-party brand domains (`src/destinations/brands.json`).
//!
//! A host belongs to the most specific domain listed for it:
//! `px.ads.linkedin.com` is LinkedIn Ads before it is LinkedIn.
//!
//! The table is text, a record per line and its fields split by tabs (the
//! builder refuses a value holding either), read once a wake-up:
//!
//! ```text
//! VGORG01                                      format and version
//! # …                                          attribution, sources
//! O  id  name  country  privacy contact  privacy policy  website
//! B  name  organization index  category  monitoring (0 or 1)  sent-on-purpose marks…
//! D  domain  brand index
//! ```
//!
//! An empty optional field is absent. Indexes count the `O` and `B` lines
//! from 0, in order.

use std::collections::HashMap;

use serde::Serialize;

use crate::messages::error::{Error, ErrorKind, Result};

/// An organization, with what a person needs to write to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The tracker database's id (`facebook`, `bytedance_inc`).
    pub id: String,
    pub name: String,
    /// Where it is established, ISO 3166-1 alpha-2, when the database says.
    pub country: Option<String>,
    /// An address or page for privacy requests.
    pub privacy_contact: Option<String>,
    pub privacy_policy: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone)]
struct Brand {
    name: String,
    organization: usize,
    /// The tracker database's category (`advertising`, `site_analytics`,
    /// `customer_interaction`, …), when it has one.
    category: Option<String>,
    /// Its browser SDK records what visitors do (real-user monitoring,
    /// session replay, errors with the user's context) while the database
    /// files it under a broader category: Vigie's own reading, from
    /// `src/destinations/trackers.json` (`monitoring`).
    monitoring: bool,
    /// Texts that mark a request to such a brand as one the person sends
    /// on purpose (a feedback form of the vendor's own widget).
    sent_on_purpose: Vec<String>,
}

/// The first line of the table: its format and version.
pub const FORMAT: &str = "VGORG01";

/// A field's text, `None` when empty.
fn present(field: &str) -> Option<String> {
    (!field.is_empty()).then(|| field.to_owned())
}

/// An index field: decimal digits.
fn index(field: &str) -> Option<usize> {
    if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// The compiled host → brand → organization table.
#[derive(Debug)]
pub struct Organizations {
    organizations: Vec<Organization>,
    brands: Vec<Brand>,
    domains: HashMap<String, usize>,
}

/// The owner of a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner<'a> {
    /// The product the host serves ("Instagram", "Facebook CDN").
    pub brand: &'a str,
    /// The domain of the table the host matched.
    pub domain: &'a str,
    pub organization: &'a Organization,
    /// What the tracker database says the brand does (`site_analytics`).
    pub category: Option<&'a str>,
    /// The brand records what visitors do (monitoring, session replay),
    /// whatever its category.
    pub monitoring: bool,
    /// Texts that mark a request to it as one the person sends on purpose.
    pub sent_on_purpose: &'a [String],
}

impl Owner<'_> {
    /// The brand measures or advertises (analytics, session replay, ad
    /// networks, social plugins): it is not where a form's data is
    /// meant to go, unlike a form, mail or payment service.
    pub fn measures_or_advertises(&self) -> bool {
        matches!(
            self.category,
            Some("advertising" | "site_analytics" | "social_media" | "pornvertising")
        )
    }

    /// The brand records what visitors do on a site (real-user monitoring,
    /// session replay, error reports with the user's context), though the
    /// tracker database lists it as neither analytics nor advertising: no
    /// more where a form's data is meant to go.
    pub fn monitors_visitors(&self) -> bool {
        self.monitoring && !self.measures_or_advertises()
    }
}

impl Organizations {
    /// Reads the table as `tools/build-destinations.mjs` writes it.
    pub fn from_text(text: &str) -> Result<Organizations> {
        let refused = |line: usize, what: &str| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("not an organizations table: line {line}: {what}"),
            )
        };
        let mut lines = text.split('\n').enumerate().map(|(i, l)| (i + 1, l));
        if lines.next().map(|(_, l)| l.trim_end_matches('\r')) != Some(FORMAT) {
            return Err(refused(1, &format!("it does not start with {FORMAT}")));
        }
        let mut table = Organizations {
            organizations: Vec::new(),
            brands: Vec::new(),
            domains: HashMap::new(),
        };
        // Brands point at organizations, domains at brands: checked once
        // every line is read, with the line that points.
        let (mut to_organizations, mut to_brands) = (Vec::new(), Vec::new());
        for (at, line) in lines {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let tag = fields.next().unwrap_or_default();
            let mut next = |what: &str| fields.next().ok_or_else(|| refused(at, what));
            match tag {
                "O" => {
                    let id = present(next("no id")?).ok_or_else(|| refused(at, "no id"))?;
                    let name = present(next("no name")?).ok_or_else(|| refused(at, "no name"))?;
                    let organization = Organization {
                        id,
                        name,
                        country: present(next("no country")?),
                        privacy_contact: present(next("no privacy contact")?),
                        privacy_policy: present(next("no privacy policy")?),
                        website: present(next("no website")?),
                    };
                    if fields.next().is_some() {
                        return Err(refused(at, "more fields than an organization has"));
                    }
                    table.organizations.push(organization);
                }
                "B" => {
                    let name = present(next("no name")?).ok_or_else(|| refused(at, "no name"))?;
                    let organization = index(next("no organization")?)
                        .ok_or_else(|| refused(at, "the organization is no index"))?;
                    let category = present(next("no category")?);
                    let monitoring = match next("no monitoring mark")? {
                        "0" => false,
                        "1" => true,
                        _ => return Err(refused(at, "the monitoring mark is neither 0 nor 1")),
                    };
                    to_organizations.push((at, organization));
                    table.brands.push(Brand {
                        name,
                        organization,
                        category,
                        monitoring,
                        sent_on_purpose: fields.map(str::to_owned).collect(),
                    });
                }
                "D" => {
                    let domain = next("no domain")?;
                    let brand = index(next("no brand")?)
                        .ok_or_else(|| refused(at, "the brand is no index"))?;
                    if domain.is_empty() || fields.next().is_some() {
                        return Err(refused(at, "a domain line is a domain and a brand"));
                    }
                    to_brands.push((at, brand));
                    if table.domains.insert(domain.to_owned(), brand).is_some() {
                        return Err(refused(at, "a domain listed twice"));
                    }
                }
                _ => return Err(refused(at, "no record of this kind")),
            }
        }
        let dangling =
            |links: &[(usize, usize)], len: usize| links.iter().find(|l| l.1 >= len).map(|l| l.0);
        if let Some(at) = dangling(&to_organizations, table.organizations.len())
            .or_else(|| dangling(&to_brands, table.brands.len()))
        {
            return Err(refused(at, "an index points nowhere"));
        }
        Ok(table)
    }

    /// Domains in the table.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// The owner of `host` (lower case), by its most specific listed domain.
    pub fn owner(&self, host: &str) -> Option<Owner<'_>> {
        let mut rest = host.trim_end_matches('.');
        loop {
            if let Some((domain, &brand)) = self.domains.get_key_value(rest) {
                let brand = &self.brands[brand];
                return Some(Owner {
                    brand: &brand.name,
                    domain,
                    organization: &self.organizations[brand.organization],
                    category: brand.category.as_deref(),
                    monitoring: brand.monitoring,
                    sent_on_purpose: &brand.sent_on_purpose,
                });
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// An organization by its id.
    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "VGORG01
# a comment
O\tfacebook\tMeta\tUS\thttps://www.facebook.com/help/contact/540977946302970\t\t
O\tmicrosoft\tMicrosoft\tUS\t\t\t
B\tFacebook\t0\tsocial_media\t0
B\tWhatsApp\t0\t\t0
B\tLinkedIn\t1\tfirst_party\t0
B\tLinkedIn Ads\t1\tadvertising\t1\tfeedback\tsurvey
D\tfacebook.net\t0
D\twhatsapp.net\t1
D\tlinkedin.com\t2
D\tads.linkedin.com\t3
";

    #[test]
    fn a_host_belongs_to_its_most_specific_listed_domain() {
        let t = Organizations::from_text(TABLE).unwrap();
        let owner = t.owner("px.ads.linkedin.com").unwrap();
        assert_eq!(
            (owner.brand, owner.domain),
            ("LinkedIn Ads", "ads.linkedin.com")
        );
        assert_eq!(t.owner("www.linkedin.com").unwrap().brand, "LinkedIn");
        assert_eq!(
            t.owner("connect.facebook.net.").unwrap().organization.name,
            "Meta"
        );
    }

    #[test]
    fn brands_of_one_group_share_their_organization() {
        let t = Organizations::from_text(TABLE).unwrap();
        let a = t.owner("web.whatsapp.net").unwrap();
        let b = t.owner("connect.facebook.net").unwrap();
        assert_ne!(a.brand, b.brand);
        assert_eq!(a.organization.id, b.organization.id);
    }

    #[test]
    fn hosts_not_listed_have_no_owner() {
        let t = Organizations::from_text(TABLE).unwrap();
        assert!(t.owner("example.org").is_none());
        assert!(t.owner("notfacebook.net").is_none());
        assert!(t.owner("").is_none());
    }

    #[test]
    fn fields_read_as_written() {
        let t = Organizations::from_text(TABLE).unwrap();
        assert_eq!(t.len(), 4);
        let meta = t.organization("facebook").unwrap();
        assert_eq!(meta.country.as_deref(), Some("US"));
        assert!(meta
            .privacy_contact
            .as_deref()
            .unwrap()
            .starts_with("https://"));
        assert_eq!(
            (meta.privacy_policy.as_ref(), meta.website.as_ref()),
            (None, None)
        );
        let ads = t.owner("px.ads.linkedin.com").unwrap();
        assert_eq!(ads.category, Some("advertising"));
        assert!(ads.monitoring);
        assert_eq!(ads.sent_on_purpose, ["feedback", "survey"]);
        let whatsapp = t.owner("whatsapp.net").unwrap();
        assert_eq!((whatsapp.category, whatsapp.monitoring), (None, false));
        assert!(whatsapp.sent_on_purpose.is_empty());
        // Lines may end with CR LF.
        let crlf = TABLE.replace('\n', "\r\n");
        assert_eq!(Organizations::from_text(&crlf).unwrap().len(), 4);
    }

    #[test]
    fn a_table_with_dangling_indexes_is_refused() {
        let refused = |text: &str| Organizations::from_text(text).unwrap_err().to_string();
        let bad = refused("VGORG01\nB\tX\t3\t\t0\n");
        assert!(bad.contains("line 2: an index points nowhere"), "{bad}");
        let bad = refused("VGORG01\nD\tx.com\t0");
        assert!(bad.contains("line 2: an index points nowhere"), "{bad}");
    }

    #[test]
    fn a_malformed_table_is_refused_with_its_line() {
        let refused = |text: &str| Organizations::from_text(text).unwrap_err().to_string();
        for (text, what) in [
            ("[]", "line 1: it does not start with VGORG01"),
            ("", "line 1: it does not start with VGORG01"),
            ("VGORG02\n", "line 1: it does not start with VGORG01"),
            ("VGORG01\nO\tx\tX\tUS\n", "line 2: no privacy contact"),
            ("VGORG01\nO\t\tX\t\t\t\t\n", "line 2: no id"),
            ("VGORG01\nO\tx\tX\t\t\t\t\textra\n", "line 2: more fields"),
            (
                "VGORG01\nB\tX\t-1\t\t0\n",
                "line 2: the organization is no index",
            ),
            (
                "VGORG01\nB\tX\t+0\t\t0\n",
                "line 2: the organization is no index",
            ),
            ("VGORG01\nB\tX\t99999999999999999999999\t\t0\n", "no index"),
            (
                "VGORG01\nO\tx\tX\t\t\t\t\nB\tX\t0\t\tyes\n",
                "line 3: the monitoring mark",
            ),
            ("VGORG01\n\nZ\tx\n", "line 3: no record of this kind"),
            ("VGORG01\nD\tx.com\n", "line 2: no brand"),
            ("VGORG01\nD\t\t0\n", "a domain line is a domain and a brand"),
            (
                "VGORG01\nD\tx.com\t0\t1\n",
                "a domain line is a domain and a brand",
            ),
        ] {
            let said = refused(text);
            assert!(said.contains(what), "{text:?}: {said}");
        }
        let twice = format!("{TABLE}D\tlinkedin.com\t3\n");
        assert!(refused(&twice).contains("line 13: a domain listed twice"));
    }
}
