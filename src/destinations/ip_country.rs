//! The country of a server's IP address, from the sorted-range table that
//! `tools/build-destinations.mjs` compiles (layout described there). The
//! table is read where it lies: loading it is one copy, a lookup a binary
//! search over fixed-width, big-endian range starts.
//!
//! Addresses that name no place on the Internet (private, loopback,
//! link-local, documentation, …) are never looked up: they are `Private`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::destinations::Country;
use crate::messages::error::{Error, ErrorKind, Result};

const MAGIC: &[u8; 8] = b"VGIPCC02";

/// Where an address is, as far as the table says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Located {
    /// Registered to this country.
    Country(Country),
    /// An address that is no place on the Internet (private, loopback, …).
    Private,
    /// Not in the table.
    Unlisted,
}

/// One address family's ranges: `count` starts of `width` bytes at
/// `starts`, then one country index per range at `countries`.
#[derive(Debug, Clone, Copy)]
struct Family {
    width: usize,
    count: usize,
    starts: usize,
    countries: usize,
}

/// The compiled IP → country table.
#[derive(Debug, Clone)]
pub struct IpCountries {
    bytes: Vec<u8>,
    codes: Vec<Option<Country>>,
    v4: Family,
    v6: Family,
}

/// A cursor over the table's bytes that fails, not panics, at its end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(bad("the table ends early"));
        };
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<usize> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn family(&mut self, max_width: usize, n_codes: usize) -> Result<Family> {
        let width = self.take(1)?[0] as usize;
        if width == 0 || width > max_width {
            return Err(bad("a range width does not fit its address family"));
        }
        let count = self.u32()?;
        let starts = self.at;
        let span = count
            .checked_mul(width)
            .ok_or_else(|| bad("too many ranges"))?;
        let keys = self.take(span)?;
        let countries = self.at;
        if self.take(count)?.iter().any(|&c| c as usize >= n_codes) {
            return Err(bad("a range names a country that is not listed"));
        }
        // Each start read as a number, compared with the one before: a
        // wake-up checks the whole table, and a comparison of two slices is
        // a call to `memcmp` per range.
        let mut before: Option<u128> = None;
        for start in keys.chunks_exact(width) {
            let start = start.iter().fold(0u128, |n, &b| n << 8 | u128::from(b));
            if before.is_some_and(|b| b >= start) {
                return Err(bad("range starts are not sorted"));
            }
            before = Some(start);
        }
        Ok(Family {
            width,
            count,
            starts,
            countries,
        })
    }
}

fn bad(why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("not an IP country table: {why}"),
    )
}

impl IpCountries {
    /// Checks and keeps a table as `tools/build-destinations.mjs` writes it.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<IpCountries> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(bad("wrong magic or format version"));
        }
        let n_codes = r.u32()?;
        if n_codes == 0 || n_codes > 256 {
            return Err(bad("country count out of range"));
        }
        let codes = r
            .take(n_codes * 2)?
            .chunks(2)
            .map(|c| Country::from_bytes([c[0], c[1]]))
            .collect();
        let v4 = r.family(4, n_codes)?;
        let v6 = r.family(16, n_codes)?;
        Ok(IpCountries {
            codes,
            v4,
            v6,
            bytes,
        })
    }

    /// Ranges in the table (IPv4, IPv6).
    pub fn ranges(&self) -> (usize, usize) {
        (self.v4.count, self.v6.count)
    }

    /// Where `ip` (an address as text, IPv4 or IPv6) is; `None` when it is
    /// not an address.
    ///
    /// ```
    /// # use vigie::destinations::{ip_country::Located};
    /// # let table = vigie::destinations::testing::tiny_ip_table();
    /// assert_eq!(table.locate_text("10.1.2.3"), Some(Located::Private));
    /// assert_eq!(table.locate_text("not an address"), None);
    /// ```
    pub fn locate_text(&self, ip: &str) -> Option<Located> {
        let ip = ip.trim().trim_start_matches('[').trim_end_matches(']');
        ip.parse::<IpAddr>().ok().map(|ip| self.locate(ip))
    }

    /// Where `ip` is.
    pub fn locate(&self, ip: IpAddr) -> Located {
        match ip {
            IpAddr::V4(v4) => self.locate_v4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => self.locate_v4(v4),
                None if is_special_v6(&v6) => Located::Private,
                None => self.find(&self.v6, &v6.octets()),
            },
        }
    }

    fn locate_v4(&self, ip: Ipv4Addr) -> Located {
        if is_special_v4(&ip) {
            return Located::Private;
        }
        self.find(&self.v4, &ip.octets())
    }

    /// The range whose start is the last one at or below the address's
    /// first `width` bytes.
    fn find(&self, family: &Family, address: &[u8]) -> Located {
        let width = family.width;
        let Some(key) = address.get(..width) else {
            return Located::Unlisted;
        };
        let start =
            |i: usize| &self.bytes[family.starts + i * width..family.starts + (i + 1) * width];
        // partition_point over indexes: the number of starts ≤ key.
        let (mut lo, mut hi) = (0, family.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if start(mid) <= key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let Some(index) = lo.checked_sub(1) else {
            return Located::Unlisted;
        };
        let code = self.bytes[family.countries + index] as usize;
        match self.codes.get(code).copied().flatten() {
            Some(country) => Located::Country(country),
            None => Located::Unlisted,
        }
    }
}

/// IPv4 addresses that are no place on the Internet (RFC 6890's special
/// registry: this network, private, shared, loopback, link-local,
/// documentation, benchmarking, multicast, reserved, broadcast).
fn is_special_v4(ip: &Ipv4Addr) -> bool {
    let [a, b, _, _] = ip.octets();
    ip.is_unspecified()
        || ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_documentation()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
}

/// IPv6 addresses that are no place on the Internet: unspecified,
/// loopback, unique local (fc00::/7), link-local (fe80::/10), multicast,
/// documentation (2001:db8::/32).
fn is_special_v6(ip: &Ipv6Addr) -> bool {
    let s = ip.segments();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] == 0x2001 && s[1] == 0x0db8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::destinations::testing::tiny_ip_table;

    fn code(located: Option<Located>) -> String {
        match located {
            Some(Located::Country(c)) => c.as_str().to_owned(),
            Some(Located::Private) => "private".into(),
            Some(Located::Unlisted) => "unlisted".into(),
            None => "invalid".into(),
        }
    }

    #[test]
    fn an_address_takes_the_country_of_the_range_it_falls_in() {
        let t = tiny_ip_table();
        assert_eq!(code(t.locate_text("1.0.0.1")), "AU");
        assert_eq!(code(t.locate_text("1.0.1.200")), "CN");
        assert_eq!(code(t.locate_text("1.0.3.255")), "CN");
        assert_eq!(code(t.locate_text("2.0.0.0")), "FR");
        assert_eq!(code(t.locate_text("2001:200::1")), "JP");
        assert_eq!(code(t.locate_text("[2a03:2880::1]")), "IE");
        assert_eq!(code(t.locate_text("::ffff:1.0.0.9")), "AU");
    }

    #[test]
    fn gaps_and_addresses_before_the_first_range_are_unlisted() {
        let t = tiny_ip_table();
        assert_eq!(code(t.locate_text("1.0.5.1")), "unlisted");
        assert_eq!(code(t.locate_text("0.255.0.1")), "private");
        assert_eq!(code(t.locate_text("2000::1")), "unlisted");
    }

    #[test]
    fn private_and_special_addresses_are_never_looked_up() {
        let t = tiny_ip_table();
        for ip in [
            "127.0.0.1",
            "10.0.0.1",
            "192.168.1.1",
            "172.16.0.1",
            "100.64.0.1",
            "169.254.1.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "2001:db8::1",
        ] {
            assert_eq!(code(t.locate_text(ip)), "private", "{ip}");
        }
        assert_eq!(code(t.locate_text("")), "invalid");
        assert_eq!(code(t.locate_text("1.2.3")), "invalid");
    }

    #[test]
    fn a_truncated_or_foreign_table_is_refused() {
        let good = crate::destinations::testing::tiny_ip_bytes();
        for cut in [0, 5, 12, 20, good.len() - 2] {
            let mut bytes = good.clone();
            bytes.truncate(cut);
            assert!(IpCountries::from_bytes(bytes).is_err(), "cut at {cut}");
        }
        let mut wrong = good.clone();
        wrong[0] = b'X';
        assert!(IpCountries::from_bytes(wrong).is_err());
        assert!(IpCountries::from_bytes(vec![]).is_err());
    }

    #[test]
    fn a_table_out_of_order_or_naming_an_unlisted_country_is_refused() {
        use crate::destinations::testing::ip_table_bytes;
        let v4 = [("1.0.0.0", "AU"), ("1.0.1.0", "CN"), ("2.0.0.0", "FR")];
        let v6 = [("2001:200::", "JP"), ("2a03:2880::", "IE")];
        assert!(IpCountries::from_bytes(ip_table_bytes(&v4, &v6)).is_ok());
        let swapped_v4 = [v4[0], v4[2], v4[1]];
        let repeated_v4 = [v4[0], v4[1], v4[1]];
        let swapped_v6 = [v6[1], v6[0]];
        for (v4, v6) in [
            (&swapped_v4[..], &v6[..]),
            (&repeated_v4[..], &v6[..]),
            (&v4[..], &swapped_v6[..]),
        ] {
            let refused = IpCountries::from_bytes(ip_table_bytes(v4, v6));
            assert!(
                refused
                    .as_ref()
                    .is_err_and(|e| e.to_string().contains("not sorted")),
                "{v4:?} {v6:?}: {refused:?}"
            );
        }
        // The last byte is the last IPv6 range's country index: past the list.
        let mut bytes = ip_table_bytes(&v4, &v6);
        *bytes.last_mut().unwrap() = 200;
        assert!(IpCountries::from_bytes(bytes).is_err());
    }
}
