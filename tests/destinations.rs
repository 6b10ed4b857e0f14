//! The organization and IP-country tables as the build compiles them from
//! their packages (`./build.sh build` writes them to target/destinations/):
//! known hosts and addresses, IPv4 and IPv6, private and unknown ones.

use std::path::PathBuf;

use vigie::destinations::adequacy::{transfer, Transfer};
use vigie::destinations::ip_country::Located;
use vigie::destinations::Destinations;
use vigie::observe::url::registrable_domain;

fn tables() -> Destinations {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/destinations");
    let read = |name: &str| {
        std::fs::read(dir.join(name)).unwrap_or_else(|e| {
            panic!(
                "{}: {e} — the tables are compiled by ./build.sh build",
                dir.join(name).display()
            )
        })
    };
    let organizations = String::from_utf8(read("organizations.txt")).expect("UTF-8 table");
    Destinations::load(organizations, read("ip-country.bin")).expect("the compiled tables read")
}

fn country(d: &Destinations, ip: &str) -> String {
    match d.locate(ip) {
        Some(Located::Country(c)) => c.as_str().to_owned(),
        Some(Located::Private) => "private".into(),
        Some(Located::Unlisted) => "unlisted".into(),
        None => "invalid".into(),
    }
}

#[test]
fn well_known_ipv4_servers_are_placed_in_their_registered_country() {
    let d = tables();
    // Registrations in the regional registries: Google's resolver, RENATER,
    // Meta's Dublin range, China Telecom, Alibaba Cloud Singapore.
    for (ip, want) in [
        ("8.8.8.8", "US"),
        ("193.51.24.1", "FR"),
        ("185.60.216.35", "IE"),
        ("36.110.1.1", "CN"),
        ("161.117.1.1", "SG"),
    ] {
        assert_eq!(country(&d, ip), want, "{ip}");
    }
}

#[test]
fn well_known_ipv6_servers_are_placed_in_their_registered_country() {
    let d = tables();
    for (ip, want) in [
        ("2001:4860:4860::8888", "US"),
        ("2a03:2880:f12d:83:face:b00c:0:25de", "IE"),
        ("240e:e9:6002:15a::1", "CN"),
    ] {
        assert_eq!(country(&d, ip), want, "{ip}");
    }
}

#[test]
fn private_unrouted_and_malformed_addresses_have_no_country() {
    let d = tables();
    for ip in [
        "127.0.0.1",
        "192.168.0.10",
        "10.3.4.5",
        "::1",
        "fd12::7",
        "fe80::1",
    ] {
        assert_eq!(country(&d, ip), "private", "{ip}");
    }
    assert_eq!(country(&d, "999.1.1.1"), "invalid");
    // IPv6 space the registries have not handed out.
    assert_eq!(country(&d, "3fff:ffff::1"), "unlisted");
}

#[test]
fn hosts_map_to_their_brand_and_group() {
    let d = tables();
    let owner = |h: &str| {
        d.owner(h)
            .map(|o| (o.brand.to_owned(), o.organization.name.clone()))
    };
    let meta = owner("connect.facebook.net")
        .expect("facebook.net is listed")
        .1;
    assert_eq!(
        owner("scontent.cdninstagram.com").map(|o| o.1),
        Some(meta.clone())
    );
    assert_eq!(owner("web.whatsapp.com").map(|o| o.1), Some(meta.clone()));
    assert_eq!(
        owner("web.whatsapp.com").map(|o| o.0),
        Some("WhatsApp".to_owned())
    );
    assert_eq!(
        owner("www.google-analytics.com").map(|o| o.1),
        Some("Google".to_owned())
    );
    let tiktok = owner("analytics.tiktok.com").expect("TikTok's pixel is listed");
    assert_eq!(tiktok.1, "ByteDance Inc");
    assert!(owner("www.example.org").is_none());
    assert_eq!(
        registrable_domain("cdn.shop.example.co.uk"),
        "example.co.uk"
    );
}

#[test]
fn organizations_carry_a_privacy_contact_where_the_database_has_one() {
    let d = tables();
    let meta = d.owner("facebook.net").expect("listed").organization;
    assert!(meta
        .privacy_contact
        .as_deref()
        .is_some_and(|c| !c.is_empty()));
    assert_eq!(meta.country.as_deref(), Some("US"));
}

#[test]
fn the_adequacy_rule_reads_the_country_the_table_gives() {
    let d = tables();
    let transfer_of = |ip: &str| match d.locate(ip) {
        Some(Located::Country(c)) => Some(transfer(c.as_str())),
        _ => None,
    };
    assert_eq!(transfer_of("193.51.24.1"), Some(Transfer::Eea));
    assert_eq!(transfer_of("81.2.69.142"), Some(Transfer::Adequate));
    assert_eq!(transfer_of("8.8.8.8"), Some(Transfer::Partial));
    assert_eq!(transfer_of("36.110.1.1"), Some(Transfer::NotAdequate));
    assert_eq!(transfer_of("127.0.0.1"), None);
}
