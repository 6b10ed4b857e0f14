//! Where data goes: the organization behind a host and the country of the
//! server that received it, and whether the GDPR lets personal data go
//! there.
//!
//! Both tables are compiled at build time from published databases
//! (`tools/build-destinations.mjs`) and shipped beside the wasm; the shell
//! hands them to the engine when it starts ([`Destinations::load`]). An
//! engine without them still works: hosts are then shown by their
//! registrable domain and countries are unknown.

pub mod adequacy;
pub mod ip_country;
pub mod letter;
pub mod organizations;
pub mod report;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::messages::error::Result;
use ip_country::{IpCountries, Located};
use organizations::{Organizations, Owner};

/// An ISO 3166-1 alpha-2 country code (`FR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// The code for two upper-case ASCII letters.
    pub fn from_bytes(b: [u8; 2]) -> Option<Country> {
        b.iter().all(u8::is_ascii_uppercase).then_some(Country(b))
    }

    pub fn parse(text: &str) -> Option<Country> {
        match text.as_bytes() {
            [a, b] => Country::from_bytes([*a, *b]),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Two ASCII letters, checked at construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl crate::messages::read::FromJson for Country {
    fn from_json(v: &serde_json::Value) -> crate::messages::read::Read<Country> {
        let text = crate::messages::read::text(v)?;
        Country::parse(text).ok_or_else(|| {
            crate::messages::read::ReadError::new(format!("not a country code: {text}"))
        })
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Country::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a country code: {text}")))
    }
}

/// The two tables, when the shell has loaded them.
///
/// The organizations table is read on first use: most of the events a
/// woken background replays never need it, and reading it costs more than
/// everything else the engine does at start.
#[derive(Debug, Default)]
pub struct Destinations {
    organizations_text: Option<String>,
    organizations: OnceLock<Option<Organizations>>,
    pub ip_countries: Option<IpCountries>,
}

impl Destinations {
    /// Both tables, from their compiled forms. The IP table is checked now,
    /// the organizations table when first read (a table that does not read
    /// then lists no host).
    pub fn load(organizations_text: String, ip_table: Vec<u8>) -> Result<Destinations> {
        Ok(Destinations {
            organizations_text: Some(organizations_text),
            organizations: OnceLock::new(),
            ip_countries: Some(IpCountries::from_bytes(ip_table)?),
        })
    }

    /// True once tables are loaded.
    pub fn is_loaded(&self) -> bool {
        self.organizations_text.is_some() || self.ip_countries.is_some()
    }

    /// The organizations table, read now if it was not yet.
    pub fn organizations(&self) -> Option<&Organizations> {
        self.organizations
            .get_or_init(|| {
                let text = self.organizations_text.as_deref()?;
                Organizations::from_text(text).ok()
            })
            .as_ref()
    }

    /// The owner of a host, when the organizations table lists it.
    pub fn owner(&self, host: &str) -> Option<Owner<'_>> {
        self.organizations()?.owner(host)
    }

    /// Where a server address is; `None` without the table or for text that
    /// is not an address.
    pub fn locate(&self, ip: &str) -> Option<Located> {
        self.ip_countries.as_ref()?.locate_text(ip)
    }
}

/// Small tables built in Rust, for tests and examples.
#[doc(hidden)]
pub mod testing {
    use super::ip_country::IpCountries;

    /// The bytes of a table in the format `tools/build-destinations.mjs`
    /// writes, from ranges given as (start address, country code): IPv4 at
    /// /24, IPv6 at /48, `??` for unknown.
    pub fn ip_table_bytes(v4: &[(&str, &str)], v6: &[(&str, &str)]) -> Vec<u8> {
        let mut codes: Vec<String> = vec!["??".into()];
        let mut index = |c: &str| match codes.iter().position(|x| x == c) {
            Some(i) => i as u8,
            None => {
                codes.push(c.to_owned());
                (codes.len() - 1) as u8
            }
        };
        let v4: Vec<(Vec<u8>, u8)> = v4
            .iter()
            .map(|(ip, c)| {
                let ip: std::net::Ipv4Addr = ip.parse().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED);
                (ip.octets()[..3].to_vec(), index(c))
            })
            .collect();
        let v6: Vec<(Vec<u8>, u8)> = v6
            .iter()
            .map(|(ip, c)| {
                let ip: std::net::Ipv6Addr = ip.parse().unwrap_or(std::net::Ipv6Addr::UNSPECIFIED);
                (ip.octets()[..6].to_vec(), index(c))
            })
            .collect();
        let mut out = b"VGIPCC02".to_vec();
        out.extend((codes.len() as u32).to_le_bytes());
        for c in &codes {
            out.extend(c.as_bytes());
        }
        for (family, width) in [(&v4, 3u8), (&v6, 6u8)] {
            out.push(width);
            out.extend((family.len() as u32).to_le_bytes());
            for (start, _) in family.iter() {
                out.extend(start);
            }
            out.extend(family.iter().map(|(_, c)| *c));
        }
        out
    }

    /// A few ranges shaped like the real table's first ones.
    pub fn tiny_ip_bytes() -> Vec<u8> {
        ip_table_bytes(
            &[
                ("1.0.0.0", "AU"),
                ("1.0.1.0", "CN"),
                ("1.0.4.0", "??"),
                ("2.0.0.0", "FR"),
                ("3.0.0.0", "US"),
            ],
            &[
                ("2001:200::", "JP"),
                ("2001:300::", "??"),
                ("2a03:2880::", "IE"),
                ("2a03:2881::", "??"),
            ],
        )
    }

    pub fn tiny_ip_table() -> IpCountries {
        match IpCountries::from_bytes(tiny_ip_bytes()) {
            Ok(t) => t,
            Err(e) => panic!("the test table does not read: {e}"),
        }
    }
}
