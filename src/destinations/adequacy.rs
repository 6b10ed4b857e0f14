//! Whether personal data may go to a country without further safeguards
//! under the GDPR (Art. 45): the EU and EEA, and the countries with an
//! adequacy decision of the European Commission. The list is data
//! (`adequacy.json`), with its source and the date it was read.

use crate::collections::sorted_get;

use serde::{Deserialize, Serialize};

/// How a transfer to a country stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Transfer {
    /// A member state of the EU or the EEA: no transfer out at all.
    Eea,
    /// A country with an adequacy decision.
    Adequate,
    /// An adequacy decision that covers only some recipients (the United
    /// States' Data Privacy Framework): Vigie cannot tell whether this one is.
    Partial,
    /// No adequacy decision: the data left the protection of the GDPR
    /// unless the recipient gives other safeguards.
    NotAdequate,
}

/// `adequacy.json`, turned into Rust by `build.rs` (which checks the file
/// against this shape).
struct List {
    source: &'static str,
    date: &'static str,
    eu: &'static [&'static str],
    eea: &'static [&'static str],
    /// Country → the decision, sorted by country.
    adequate: &'static [(&'static str, &'static str)],
    partial: &'static [(&'static str, &'static str)],
}

static LIST: List = include!(concat!(env!("OUT_DIR"), "/adequacy.rs"));

fn list() -> &'static List {
    &LIST
}

/// How a transfer to `country` (ISO 3166-1 alpha-2) stands.
///
/// ```
/// use vigie::destinations::adequacy::{transfer, Transfer};
/// assert_eq!(transfer("FR"), Transfer::Eea);
/// assert_eq!(transfer("JP"), Transfer::Adequate);
/// assert_eq!(transfer("CN"), Transfer::NotAdequate);
/// ```
pub fn transfer(country: &str) -> Transfer {
    let l = list();
    let is = |set: &[&str]| set.contains(&country);
    if is(l.eu) || is(l.eea) {
        Transfer::Eea
    } else if sorted_get(l.adequate, country).is_some() {
        Transfer::Adequate
    } else if sorted_get(l.partial, country).is_some() {
        Transfer::Partial
    } else {
        Transfer::NotAdequate
    }
}

/// The Commission decision behind an adequate country, if any.
pub fn decision(country: &str) -> Option<&'static str> {
    let l = list();
    sorted_get(l.adequate, country)
        .or_else(|| sorted_get(l.partial, country))
        .copied()
}

/// Where the list comes from and when it was read.
pub fn source() -> (&'static str, &'static str) {
    let l = list();
    (l.source, l.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_adequacy_list_reads_and_names_its_source() {
        let (source, date) = source();
        assert!(source.contains("commission.europa.eu"), "{source}");
        assert_eq!(date.len(), 10);
        assert_eq!(list().eu.len(), 27);
    }

    #[test]
    fn eea_members_adequate_partial_and_other_countries_are_told_apart() {
        for c in ["DE", "IE", "NO", "IS", "LI"] {
            assert_eq!(transfer(c), Transfer::Eea, "{c}");
        }
        for c in ["GB", "CH", "JP", "KR", "NZ"] {
            assert_eq!(transfer(c), Transfer::Adequate, "{c}");
        }
        assert_eq!(transfer("US"), Transfer::Partial);
        assert_eq!(transfer("CA"), Transfer::Partial);
        for c in ["CN", "SG", "RU", "IN", "KY", "??"] {
            assert_eq!(transfer(c), Transfer::NotAdequate, "{c}");
        }
        assert!(decision("JP").is_some_and(|d| d.contains("2019/419")));
        assert!(decision("CN").is_none());
    }
}
