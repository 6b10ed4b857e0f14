//! Whether personal data may go to a country without further safeguards
//! under the GDPR (Art. 45): the EU and EEA, and the countries with an
//! adequacy decision of the European Commission. The list is data
//! (`adequacy.json`), with its source and the date it was read.

use crate::collections::SortedMap;
use std::sync::OnceLock;

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

#[derive(Debug)]
struct List {
    source: String,
    date: String,
    eu: Vec<String>,
    eea: Vec<String>,
    adequate: SortedMap<String, String>,
    partial: SortedMap<String, String>,
}

crate::messages::read::read_struct!(List {
    source: "source",
    date: "date",
    eu: "eu",
    eea: "eea",
    adequate: "adequate",
    partial: "partial",
});

fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| {
        // Checked by `the_adequacy_list_reads_and_names_its_source`.
        crate::messages::read::from_text(include_str!(concat!(env!("OUT_DIR"), "/adequacy.json")))
            .unwrap_or_else(|_| List {
                source: String::new(),
                date: String::new(),
                eu: vec![],
                eea: vec![],
                adequate: SortedMap::new(),
                partial: SortedMap::new(),
            })
    })
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
    let is = |set: &[String]| set.iter().any(|c| c == country);
    if is(&l.eu) || is(&l.eea) {
        Transfer::Eea
    } else if l.adequate.contains_key(country) {
        Transfer::Adequate
    } else if l.partial.contains_key(country) {
        Transfer::Partial
    } else {
        Transfer::NotAdequate
    }
}

/// The Commission decision behind an adequate country, if any.
pub fn decision(country: &str) -> Option<&'static str> {
    let l = list();
    l.adequate
        .get(country)
        .or_else(|| l.partial.get(country))
        .map(String::as_str)
}

/// Where the list comes from and when it was read.
pub fn source() -> (&'static str, &'static str) {
    let l = list();
    (&l.source, &l.date)
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
