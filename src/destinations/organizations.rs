//! Who runs a host: its brand (a product, "Instagram") and the organization
//! behind it ("Meta"), from the table `tools/build-destinations.mjs`
//! compiles out of Ghostery's tracker database and Vigie's list of
//! first-party brand domains (`src/destinations/brands.json`).
//!
//! A host belongs to the most specific domain listed for it:
//! `px.ads.linkedin.com` is LinkedIn Ads before it is LinkedIn.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::messages::error::{Error, ErrorKind, Result};

/// An organization, with what a person needs to write to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The tracker database's id (`facebook`, `bytedance_inc`).
    pub id: String,
    pub name: String,
    /// Where it is established, ISO 3166-1 alpha-2, when the database says.
    #[serde(default)]
    pub country: Option<String>,
    /// An address or page for privacy requests.
    #[serde(default)]
    pub privacy_contact: Option<String>,
    #[serde(default)]
    pub privacy_policy: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Brand {
    name: String,
    organization: usize,
    /// The tracker database's category (`advertising`, `site_analytics`,
    /// `customer_interaction`, …), when it has one.
    #[serde(default)]
    category: Option<String>,
    /// Its browser SDK records what visitors do (real-user monitoring,
    /// session replay, errors with the user's context) while the database
    /// files it under a broader category: Vigie's own reading, from
    /// `src/destinations/trackers.json` (`monitoring`).
    #[serde(default)]
    monitoring: bool,
    /// Texts that mark a request to such a brand as one the person sends
    /// on purpose (a feedback form of the vendor's own widget).
    #[serde(default, rename = "sentOnPurpose")]
    sent_on_purpose: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Table {
    organizations: Vec<Organization>,
    brands: Vec<Brand>,
    domains: HashMap<String, usize>,
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
    pub fn from_json(text: &str) -> Result<Organizations> {
        let table: Table = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("not an organizations table: {e}"),
            )
        })?;
        if table
            .brands
            .iter()
            .any(|b| b.organization >= table.organizations.len())
            || table.domains.values().any(|&b| b >= table.brands.len())
        {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "not an organizations table: an index points nowhere",
            ));
        }
        Ok(Organizations {
            organizations: table.organizations,
            brands: table.brands,
            domains: table.domains,
        })
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

    const TABLE: &str = r#"{
        "organizations": [{"id":"facebook","name":"Meta","country":"US","privacyContact":"https://www.facebook.com/help/contact/540977946302970"},
                          {"id":"microsoft","name":"Microsoft","country":"US"}],
        "brands": [{"name":"Facebook","organization":0},{"name":"WhatsApp","organization":0},
                   {"name":"LinkedIn","organization":1},{"name":"LinkedIn Ads","organization":1}],
        "domains": {"facebook.net":0,"whatsapp.net":1,"linkedin.com":2,"ads.linkedin.com":3}
    }"#;

    #[test]
    fn a_host_belongs_to_its_most_specific_listed_domain() {
        let t = Organizations::from_json(TABLE).unwrap();
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
        let t = Organizations::from_json(TABLE).unwrap();
        let a = t.owner("web.whatsapp.net").unwrap();
        let b = t.owner("connect.facebook.net").unwrap();
        assert_ne!(a.brand, b.brand);
        assert_eq!(a.organization.id, b.organization.id);
    }

    #[test]
    fn hosts_not_listed_have_no_owner() {
        let t = Organizations::from_json(TABLE).unwrap();
        assert!(t.owner("example.org").is_none());
        assert!(t.owner("notfacebook.net").is_none());
        assert!(t.owner("").is_none());
    }

    #[test]
    fn a_table_with_dangling_indexes_is_refused() {
        let bad = r#"{"organizations":[],"brands":[{"name":"X","organization":3}],"domains":{}}"#;
        assert!(Organizations::from_json(bad).is_err());
        let bad = r#"{"organizations":[],"brands":[],"domains":{"x.com":0}}"#;
        assert!(Organizations::from_json(bad).is_err());
        assert!(Organizations::from_json("[]").is_err());
    }
}
