//! The two findings about where data goes, on the tables the build
//! compiles (target/destinations/, written by ./build.sh build): personal
//! data received by a server outside the EU/EEA, and identifiers shared
//! with another brand of the site's group. Each is checked on what it must
//! raise and on what it must not.

use std::path::PathBuf;

use serde_json::{json, Value};
use vigie::{Engine, Finding, FindingKind, Severity};

fn engine() -> Engine {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/destinations");
    let organizations = std::fs::read_to_string(dir.join("organizations.txt"))
        .expect("target/destinations/organizations.txt — compiled by ./build.sh build");
    let ips =
        std::fs::read(dir.join("ip-country.bin")).expect("target/destinations/ip-country.bin");
    let mut engine = Engine::new();
    engine
        .load_destinations(organizations, ips)
        .expect("the compiled tables read");
    engine
}

fn feed(engine: &mut Engine, events: &[Value]) -> Vec<Finding> {
    let mut out = vec![];
    for e in events {
        let mut e = e.clone();
        e["v"] = json!(1);
        out.extend(
            engine
                .ingest_json(&e.to_string())
                .expect("event accepted")
                .findings
                .into_iter()
                .map(std::rc::Rc::unwrap_or_clone),
        );
    }
    out
}

/// A contact lookup on a LinkedIn profile, the contact details shown, and
/// their e-mail sent hashed to `host`: a contact-data leak to `host`.
fn leak_to(host: &str, at: f64) -> Vec<Value> {
    vec![
        json!({"type":"navigation","time":at,"tabId":1,"url":"https://www.linkedin.com/in/chloe-nguyen/"}),
        json!({"type":"pageContact","time":at + 100.0,"tabId":1,"pageUrl":"https://www.linkedin.com/in/chloe-nguyen/overlay/contact-info/",
               "values":[{"kind":"email","value":"chloe@mapleandfinch.example"}]}),
        json!({"type":"request","time":at + 200.0,"tabId":1,"method":"GET","resourceType":"image",
               "url": format!("https://{host}/px?uid=18d5ab4b92c90d6ce1891abb5bd57d9cbbc6251ad171f38358a4bb5f8d56a78e")}),
    ]
}

/// The same, in a page whose main-world hooks were ready: the request came
/// with no call record from them, so it is noted as no page script's.
fn leak_with_hooks_to(host: &str, at: f64) -> Vec<Value> {
    let mut events = leak_to(host, at);
    events[2]["resourceType"] = json!("xmlhttprequest");
    events[2]["frameId"] = json!(0);
    events.insert(
        1,
        json!({"type":"mainWorld","time":at + 50.0,"tabId":1,"pageUrl":"https://www.linkedin.com/in/chloe-nguyen/",
               "report":{"kind":"ready"}}),
    );
    events
}

fn server(host: &str, ip: &str, at: f64) -> Value {
    json!({"type":"serverAddress","time":at,"tabId":1,"url":format!("https://{host}/px"),"ip":ip})
}

fn of_kind(engine: &Engine, site: &str, kind: FindingKind) -> Vec<Finding> {
    engine
        .findings(site)
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect()
}

#[test]
fn personal_data_received_in_a_country_without_adequacy_names_the_country_and_organization() {
    let mut e = engine();
    feed(&mut e, &leak_with_hooks_to("analytics.tiktok.com", 1000.0));
    assert!(of_kind(&e, "www.linkedin.com", FindingKind::SentOutsideEea).is_empty());
    // China Telecom's range: the address arrives after the request.
    let new = feed(
        &mut e,
        &[server("analytics.tiktok.com", "36.110.1.1", 1500.0)],
    );
    let found = of_kind(&e, "www.linkedin.com", FindingKind::SentOutsideEea);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert!(new.iter().any(|n| n.key == f.key), "returned as new");
    assert_eq!(f.severity, Severity::Warning);
    let leak = &of_kind(&e, "www.linkedin.com", FindingKind::ContactExfiltration)[0];
    assert!(!leak.evidence.notes.is_empty(), "{leak:#?}");
    assert_eq!(f.evidence.notes, leak.evidence.notes);
    assert_eq!(
        f.evidence
            .countries
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["CN"]
    );
    assert_eq!(f.evidence.organizations, ["ByteDance Inc"]);
    assert_eq!(f.evidence.destinations, ["analytics.tiktok.com"]);
    assert_eq!(f.message.key, "findingSentOutsideEeaUnattributed");
    let args = serde_json::to_value(&f.message.args).unwrap();
    assert_eq!(args, json!(["ByteDance Inc", {"countries": ["CN"]}]));
}

#[test]
fn an_address_known_before_the_leak_raises_the_finding_with_the_leak() {
    let mut e = engine();
    let mut events = vec![
        json!({"type":"navigation","time":900,"tabId":1,"url":"https://www.linkedin.com/in/chloe-nguyen/"}),
    ];
    events.push(server("collect.example-analytics.sg", "161.117.1.1", 950.0));
    feed(&mut e, &events);
    let new = feed(&mut e, &leak_to("collect.example-analytics.sg", 1000.0));
    let found = of_kind(&e, "www.linkedin.com", FindingKind::SentOutsideEea);
    assert_eq!(found.len(), 1);
    assert!(new.iter().any(|n| n.key == found[0].key));
    // Not in the organizations table: shown by its registrable domain.
    assert_eq!(found[0].evidence.organizations, ["example-analytics.sg"]);
    assert_eq!(found[0].evidence.countries[0].as_str(), "SG");
}

#[test]
fn an_unlisted_host_on_a_multi_level_public_suffix_is_named_by_its_registrable_domain() {
    // `ltd.uk` is a public suffix of its own: the organization that bought
    // the name is `tracker.ltd.uk`, not `ltd.uk`.
    let mut e = engine();
    feed(&mut e, &leak_to("px.eu.tracker.ltd.uk", 1000.0));
    feed(
        &mut e,
        &[server("px.eu.tracker.ltd.uk", "36.110.1.1", 1500.0)],
    );
    let found = of_kind(&e, "www.linkedin.com", FindingKind::SentOutsideEea);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].evidence.organizations, ["tracker.ltd.uk"]);
}

#[test]
fn the_destinations_view_shows_unlisted_hosts_by_their_registrable_domain() {
    let mut e = engine();
    let mut events = vec![
        json!({"type":"navigation","time":900,"tabId":1,"url":"https://www.linkedin.com/in/chloe-nguyen/"}),
    ];
    let hosts = [
        ("a.b.example.co.uk", "example.co.uk"),
        // Private suffixes the organizations table does not list: each
        // customer's app is its own party.
        ("api.x.herokuapp.com", "x.herokuapp.com"),
        ("foo.netlify.app", "foo.netlify.app"),
        ("www.school.la.sch.uk", "school.la.sch.uk"),
        ("city.kawasaki.jp", "city.kawasaki.jp"),
        ("cdn.shop.example.com.au", "example.com.au"),
        ("203.0.113.9", "203.0.113.9"),
        ("intranet", "intranet"),
    ];
    for (i, (host, _)) in hosts.iter().enumerate() {
        events.push(
            json!({"type":"request","time":910.0 + i as f64,"tabId":1,"method":"GET",
                           "resourceType":"script","url":format!("https://{host}/a.js")}),
        );
    }
    feed(&mut e, &events);
    let rows = e.site_report("www.linkedin.com").destinations;
    for (host, domain) in hosts {
        let row = rows
            .iter()
            .find(|r| r.host == host)
            .unwrap_or_else(|| panic!("{host} listed: {rows:#?}"));
        assert_eq!(row.domain, domain, "{host}");
        assert_eq!(row.organization, None, "{host}");
    }
    // A listed host keeps the domain the organizations table matched.
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":900,"tabId":1,"url":"https://www.linkedin.com/in/chloe-nguyen/"}),
            json!({"type":"request","time":910,"tabId":1,"method":"GET","resourceType":"script","url":"https://connect.facebook.net/sdk.js"}),
        ],
    );
    let rows = e.site_report("www.linkedin.com").destinations;
    assert_eq!(rows[0].domain, "facebook.net");
}

#[test]
fn servers_in_the_eea_in_adequate_or_partly_adequate_countries_or_private_raise_nothing() {
    for ip in [
        "193.51.24.1",
        "81.2.69.142",
        "8.8.8.8",
        "127.0.0.1",
        "10.1.1.1",
        "not-an-ip",
    ] {
        let mut e = engine();
        feed(&mut e, &leak_to("px.tracker.example", 1000.0));
        feed(&mut e, &[server("px.tracker.example", ip, 1500.0)]);
        assert!(
            of_kind(&e, "www.linkedin.com", FindingKind::SentOutsideEea).is_empty(),
            "{ip}"
        );
    }
}

#[test]
fn requests_without_personal_data_to_a_non_adequate_country_raise_nothing() {
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":1000,"tabId":1,"url":"https://www.videoapp.example/watch/1"}),
            json!({"type":"request","time":1100,"tabId":1,"method":"GET","resourceType":"image","url":"https://analytics.tiktok.com/px?ev=view"}),
            server("analytics.tiktok.com", "36.110.1.1", 1200.0),
        ],
    );
    assert!(e.findings("www.videoapp.example").is_empty());
    let report = e.site_report("www.videoapp.example");
    let row = &report.destinations[0];
    assert_eq!(row.host, "analytics.tiktok.com");
    assert_eq!(row.organization.as_deref(), Some("ByteDance Inc"));
    assert_eq!(
        row.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        ["CN"]
    );
    assert!(row.data_kinds.is_empty());
}

fn messaging(events: &[Value]) -> Engine {
    let mut e = engine();
    let mut all = vec![
        json!({"type":"navigation","time":1000,"tabId":1,"url":"https://web.whatsapp.com/"}),
        json!({"type":"request","time":1100,"tabId":1,"method":"GET","resourceType":"xmlhttprequest",
               "url":"https://web.whatsapp.com/api/session?user_id=4915112345678"}),
    ];
    all.extend_from_slice(events);
    feed(&mut e, &all);
    e
}

#[test]
fn the_sites_account_identifier_sent_to_another_brand_of_its_group_is_shared_within_the_group() {
    let e = messaging(&[
        json!({"type":"request","time":1200,"tabId":1,"method":"POST","resourceType":"xmlhttprequest",
        "url":"https://graph.facebook.com/v19.0/events","body":"{\"wa_user\":\"4915112345678\",\"event\":\"open\"}"}),
    ]);
    let found = of_kind(&e, "web.whatsapp.com", FindingKind::SharedWithinGroup);
    assert_eq!(found.len(), 1, "{:#?}", e.findings("web.whatsapp.com"));
    let f = &found[0];
    assert_eq!(
        f.severity,
        Severity::Info,
        "an identifier alone is informational"
    );
    assert_eq!(f.evidence.organizations, ["Meta"]);
    assert_eq!(f.evidence.destinations, ["graph.facebook.com"]);
    assert!(
        f.evidence.samples[0].starts_with("WhatsApp → "),
        "{:?}",
        f.evidence.samples
    );
}

#[test]
fn requests_to_the_group_without_the_identifier_or_with_it_to_another_group_are_not_sharing() {
    let e = messaging(&[
        json!({"type":"request","time":1200,"tabId":1,"method":"GET","resourceType":"script","url":"https://connect.facebook.net/en_US/sdk.js"}),
        json!({"type":"request","time":1300,"tabId":1,"method":"GET","resourceType":"image",
               "url":"https://www.google-analytics.com/collect?uid=4915112345678"}),
    ]);
    assert!(of_kind(&e, "web.whatsapp.com", FindingKind::SharedWithinGroup).is_empty());
}

#[test]
fn the_destinations_view_lists_personal_data_first_with_organization_and_country() {
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":900,"tabId":1,"url":"https://www.linkedin.com/in/chloe-nguyen/"}),
            json!({"type":"request","time":910,"tabId":1,"method":"GET","resourceType":"script","url":"https://connect.facebook.net/sdk.js"}),
            json!({"type":"request","time":920,"tabId":1,"method":"GET","resourceType":"script","url":"https://connect.facebook.net/sdk2.js"}),
            server(
                "connect.facebook.net",
                "2a03:2880:f12d:83:face:b00c:0:25de",
                930.0,
            ),
        ],
    );
    feed(&mut e, &leak_to("analytics.tiktok.com", 1000.0));
    feed(
        &mut e,
        &[server("analytics.tiktok.com", "36.110.1.1", 1500.0)],
    );
    let rows = e.site_report("www.linkedin.com").destinations;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].host, "analytics.tiktok.com");
    // The e-mail is the viewed profile's, not the person's: listed apart,
    // and no ground for a letter about the person's own data.
    assert!(rows[0].data_kinds.is_empty());
    assert_eq!(rows[0].contact_kinds.len(), 1);
    assert_eq!(rows[1].host, "connect.facebook.net");
    assert_eq!(rows[1].organization.as_deref(), Some("Meta"));
    assert_eq!(rows[1].requests, 2);
    assert_eq!(rows[1].countries[0].as_str(), "IE");
}

#[test]
fn a_snapshot_keeps_countries_but_no_address_and_no_account_identifier() {
    let mut e = messaging(&[server("graph.facebook.com", "185.60.216.35", 1200.0)]);
    let snapshot = e.snapshot();
    assert!(!snapshot.contains("185.60.216.35"));
    assert!(!snapshot.contains("4915112345678"));
    assert!(snapshot.contains("\"IE\""));
    assert!(e.forget_site("web.whatsapp.com") == 0);
    assert!(e.site_report("web.whatsapp.com").destinations.is_empty());
}

#[test]
fn personal_data_sent_to_another_brand_of_the_group_is_a_warning() {
    let mut e = engine();
    // LinkedIn and Clarity are both Microsoft's.
    feed(&mut e, &leak_with_hooks_to("c.clarity.ms", 1000.0));
    let found = of_kind(&e, "www.linkedin.com", FindingKind::SharedWithinGroup);
    assert_eq!(found.len(), 1, "{:#?}", e.findings("www.linkedin.com"));
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].evidence.organizations, ["Microsoft"]);
    assert_eq!(found[0].evidence.data_kinds.len(), 1);
    // What the leak's notes say of how its author was named and of its
    // evidence holds for what is derived from it.
    let leak = &of_kind(&e, "www.linkedin.com", FindingKind::ContactExfiltration)[0];
    assert!(!leak.evidence.notes.is_empty(), "{leak:#?}");
    assert_eq!(found[0].actor, leak.actor);
    assert_eq!(found[0].evidence.notes, leak.evidence.notes);
    // The same leak to a host of another group is no group sharing.
    let mut e = engine();
    feed(&mut e, &leak_to("analytics.tiktok.com", 1000.0));
    assert!(of_kind(&e, "www.linkedin.com", FindingKind::SharedWithinGroup).is_empty());
}

mod letters {
    use super::*;
    use vigie::destinations::letter::{access_request, LetterFacts, LetterOptions};

    fn leaked() -> (Engine, String) {
        let mut e = engine();
        feed(
            &mut e,
            &leak_to("analytics.tiktok.com", 1_733_011_200_000.0),
        );
        feed(
            &mut e,
            &[server(
                "analytics.tiktok.com",
                "36.110.1.1",
                1_733_011_300_000.0,
            )],
        );
        let key = of_kind(&e, "www.linkedin.com", FindingKind::SentOutsideEea)[0]
            .key
            .clone();
        (e, key)
    }

    fn options(lang: &str) -> LetterOptions {
        LetterOptions {
            lang: lang.into(),
            include_countries: true,
            today: 1_733_097_600_000.0,
            ..LetterOptions::default()
        }
    }

    #[test]
    fn an_english_access_request_names_the_organization_dates_data_kinds_and_countries() {
        let (e, key) = leaked();
        let mut o = options("en");
        o.country_names.insert("CN".into(), "China".into());
        let letter = e
            .access_request("www.linkedin.com", &key, &o)
            .expect("a letter");
        assert_eq!(letter.organization, "ByteDance Inc");
        assert_eq!(letter.contact.as_deref(), Some("privacy@bytedance.com"));
        assert_eq!(letter.subject, "Access request under Article 15 GDPR");
        for part in [
            "2024-12-01",
            "www.linkedin.com",
            "analytics.tiktok.com",
            "e-mail address",
            "China",
            "Article 15",
            "[your name]",
        ] {
            assert!(letter.body.contains(part), "{part} in\n{}", letter.body);
        }
        assert!(!letter.body.contains("Article 17"));
        assert!(!letter.body.contains("chloe"), "no personal value in clear");
    }

    #[test]
    fn a_french_request_with_erasure_objection_name_and_masked_samples() {
        let (e, key) = leaked();
        let mut o = options("fr");
        o.erasure = true;
        o.objection = true;
        o.include_samples = true;
        o.name = Some("Camille Martin".into());
        let letter = e
            .access_request("www.linkedin.com", &key, &o)
            .expect("a letter");
        assert!(letter
            .subject
            .starts_with("Demande d’accès au titre de l’article 15 du RGPD"));
        assert!(letter.subject.contains("effacement") && letter.subject.contains("opposition"));
        for part in [
            "Madame, Monsieur",
            "adresse e-mail",
            "article 17",
            "article 21",
            "Camille Martin",
            "2024-12-01",
            "CN",
        ] {
            assert!(letter.body.contains(part), "{part} in\n{}", letter.body);
        }
        assert!(
            letter
                .body
                .contains("\u{a0}:\n- ByteDance Inc · analytics.tiktok.com · CN"),
            "the masked sample, on a line of its own"
        );
        assert!(!letter.body.contains("chloe"));
    }

    #[test]
    fn nothing_the_person_did_not_choose_goes_in() {
        let (e, key) = leaked();
        let o = LetterOptions {
            lang: "en".into(),
            ..LetterOptions::default()
        };
        let letter = e
            .access_request("www.linkedin.com", &key, &o)
            .expect("a letter");
        assert!(
            !letter.body.contains("answered from"),
            "no countries unless chosen"
        );
        assert!(!letter.body.contains("masked"), "no samples unless chosen");
    }

    /// The facts cross from the background's wasm to the rights page's as
    /// JSON: read back, they are the same and write the same letter.
    #[test]
    fn the_facts_read_back_from_json_write_the_same_letter() {
        let (e, key) = leaked();
        let facts = e.letter_facts("www.linkedin.com", &key).expect("facts");
        assert_eq!(facts.organization, "ByteDance Inc");
        assert_eq!(facts.destinations, ["analytics.tiktok.com"]);
        let text = serde_json::to_string(&facts).expect("JSON");
        let back: LetterFacts = vigie::messages::read::from_text(&text).expect("read back");
        assert_eq!(back, facts);
        let mut o = options("fr");
        o.include_samples = true;
        assert_eq!(
            access_request(&back, &o),
            Some(
                e.access_request("www.linkedin.com", &key, &o)
                    .expect("a letter")
            )
        );
    }

    #[test]
    fn a_finding_without_an_identified_organization_gets_no_letter() {
        let mut e = engine();
        feed(&mut e, &leak_to("px.tracker.example", 1000.0));
        let key = e.findings("www.linkedin.com")[0].key.clone();
        assert!(e
            .access_request("www.linkedin.com", &key, &options("en"))
            .is_err());
        assert!(e
            .access_request("www.linkedin.com", "nope", &options("en"))
            .is_err());
    }
}

const JARDIN_ACTION: &str = "https://www.jardin-express.fr/api/signup";

/// A sign-up on `page`: the address typed, the form submitted (to
/// `action`), then a request to `url` whose body is `body`, `{email}` in it
/// standing for the address.
fn submitted_then(page: &str, action: &str, url: &str, body: &str) -> Vec<Value> {
    let email = "lea.fontaine@example.net";
    vec![
        json!({"type":"navigation","time":1000.0,"tabId":7,"url":page}),
        json!({"type":"formInput","time":1100.0,"tabId":7,"pageUrl":page,"field":"email","value":email,"formId":"inscription"}),
        json!({"type":"formInput","time":1200.0,"tabId":7,"pageUrl":page,"field":"email","value":email,"formId":"inscription",
               "submitted":true,"formAction":action}),
        json!({"type":"request","time":1300.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
               "url":url,"body":body.replace("{email}", email)}),
    ]
}

/// A sign-up on a garden shop: the address typed, the form submitted (to
/// `action`), then a request to `host` carrying the address as typed, in
/// an identify call URL-encoded in a form field.
fn signup_then_sent_to(host: &str, action: &str) -> Vec<Value> {
    submitted_then(
        "https://www.jardin-express.fr/inscription",
        action,
        &format!("https://{host}/track/?ip=1"),
        "data=%5B%7B%22event%22%3A%22%24identify%22%2C%22properties%22%3A%7B%22%24user_id%22%3A%22lea.fontaine%40example.net%22%7D%7D%5D",
    )
}

/// The garden shop's leaks after a sign-up there (the form sent to the
/// shop) followed by a request to `url` with `body` (`{email}` standing for
/// the address).
fn jardin_leaks_after_signup(url: &str, body: &str) -> Vec<Finding> {
    let mut e = engine();
    feed(
        &mut e,
        &submitted_then(
            "https://www.jardin-express.fr/inscription",
            JARDIN_ACTION,
            url,
            body,
        ),
    );
    leaks_on(&e, "www.jardin-express.fr")
}

/// The leaks of the person's values found on `site`.
fn leaks_on(e: &Engine, site: &str) -> Vec<Finding> {
    e.findings(site)
        .into_iter()
        .filter(|f| {
            matches!(
                f.kind,
                FindingKind::LeakToThirdParty | FindingKind::LeakBeforeSubmit
            )
        })
        .collect()
}

#[test]
fn a_submitted_address_sent_on_to_analytics_is_a_leak_saying_it_was_submitted() {
    let mut e = engine();
    feed(
        &mut e,
        &signup_then_sent_to(
            "api-js.mixpanel.com",
            "https://www.jardin-express.fr/api/inscription",
        ),
    );
    let found = of_kind(&e, "www.jardin-express.fr", FindingKind::LeakToThirdParty);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.evidence.destinations, ["api-js.mixpanel.com"]);
    assert_eq!(f.subjects, ["l***@example.net"]);
    let notes: Vec<&str> = f.evidence.notes.iter().map(|n| n.as_str()).collect();
    assert!(notes.contains(&"submittedToTracker"), "{notes:?}");
    assert!(!serde_json::to_string(f).unwrap().contains("lea.fontaine"));
}

#[test]
fn a_submitted_address_sent_to_a_tracker_host_the_database_lacks_is_a_leak_too() {
    // LogRocket's ingest host, from src/destinations/trackers.json.
    let mut e = engine();
    feed(
        &mut e,
        &signup_then_sent_to(
            "r.lrkt-in.com",
            "https://www.jardin-express.fr/api/inscription",
        ),
    );
    let found = of_kind(&e, "www.jardin-express.fr", FindingKind::LeakToThirdParty);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].evidence.destinations, ["r.lrkt-in.com"]);
}

#[test]
fn a_submitted_address_sent_to_a_replay_company_the_database_lacks_is_a_leak_too() {
    // OpenReplay's and Highlight's cloud ingests: companies the tracker
    // database does not list, named in src/destinations/trackers.json.
    for host in ["api.openreplay.com", "pub.highlight.io"] {
        assert_one_submitted_leak_noted(host, "submittedToTracker");
    }
}

#[test]
fn a_submitted_address_sent_to_an_analytics_company_the_database_lacks_is_a_leak_too() {
    // Statsig's (renamed to escape blockers), RudderStack's, OpenPanel's
    // and June's hosts, and the collectors of Grafana's, Splunk's and
    // Honeycomb's real-user monitoring, named in src/destinations/trackers.json.
    for host in [
        "featureassets.org",
        "prodregistryv2.org",
        "jardinexpresspw.dataplane.rudderstack.com",
        "api.openpanel.dev",
        "api.june.so",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToTracker");
    }
    for host in [
        "faro-collector-prod-eu-west-2.grafana.net",
        "rum-ingest.eu0.signalfx.com",
        "api.eu1.honeycomb.io",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToMonitoring");
    }
}

#[test]
fn a_submitted_address_sent_to_the_hosts_current_sdks_use_that_the_database_lacks_is_a_leak() {
    // Hosts read from each vendor's current npm SDK (src/destinations/trackers.json):
    // LogRocket's npm build records to r.logr-in.com, Braze's EU clusters,
    // Bugsnag's SmartBear endpoints, GrowthBook's event ingest, Userpilot,
    // Countly's hosted servers.
    for host in [
        "r.logr-in.com",
        "r.lgrckt-in.com",
        "sdk.fra-02.braze.eu",
        "sessions.bugsnag.smartbear.com",
        "us-east-1.gb-ingest.com",
        "api.userpilot.io",
        "jardinexpress.count.ly",
        "try.count.ly",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToTracker");
    }
    // Datadog's AP2 and US2 government intakes; Application Insights'
    // default endpoint for an instrumentation key (the database files
    // visualstudio.com as Azure's CDN); LaunchDarkly's session replay;
    // HyperDX's collector.
    for host in [
        "browser-intake-ap2-datadoghq.com",
        "browser-intake-us2-ddog-gov.com",
        "dc.services.visualstudio.com",
        "pub.observability.app.launchdarkly.com",
        "in-otel.hyperdx.io",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToMonitoring");
    }
}

#[test]
fn a_submitted_address_sent_to_a_tracker_the_database_files_under_no_organization_is_a_leak() {
    // Pendo's agent (app.pendo.io, app.eu.pendo.io: @pendo/agent's
    // servers.json) sends the visitor's metadata, an address among it;
    // Qualaroo's surveys and Sumo Logic's real-user monitoring likewise.
    // The database lists each as analytics under no organization: each is
    // its own, named by the database's pattern.
    for host in [
        "app.pendo.io",
        "app.eu.pendo.io",
        "api.qualaroo.com",
        "rum.sumologic.com",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToTracker");
    }
    let mut e = engine();
    feed(
        &mut e,
        &signup_then_sent_to(
            "app.pendo.io",
            "https://www.jardin-express.fr/api/inscription",
        ),
    );
    let rows = e.site_report("www.jardin-express.fr").destinations;
    let pendo = rows
        .iter()
        .find(|r| r.host == "app.pendo.io")
        .expect("Pendo's host listed");
    assert_eq!(pendo.organization.as_deref(), Some("pendo"));
}

#[test]
fn a_submitted_address_sent_to_the_hosts_more_sdks_send_to_is_a_leak() {
    // Read from each vendor's npm SDK (src/destinations/trackers.json):
    // CleverTap's regional hosts, Hightouch's events API, Usermaven's,
    // Iterable's, Optimizely's event log (its brand in the database without
    // a domain), LiveSession's session replay, Piano Analytics' collect
    // domains, EUID's operator; Smartlook's recordings writer
    // and Atatus' RUM collector.
    for host in [
        "eu1.clevertap-prod.com",
        "us-east-1.hightouch-events.com",
        "events.usermaven.com",
        "api.iterable.com",
        "api.eu.iterable.com",
        "logx.optimizely.com",
        "eu.logx.optimizely.com",
        "pubsub.livesession.io",
        "a1b2c3d.pa-cd.com",
        "prod.euid.eu",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToTracker");
    }
    for host in ["web-writer.eu.smartlook.cloud", "br-rx.atatus.com"] {
        assert_one_submitted_leak_noted(host, "submittedToMonitoring");
    }
}

#[test]
fn a_submitted_address_sent_beside_the_hosts_named_for_an_sdk_is_given_the_benefit_of_the_doubt() {
    // LaunchDarkly's replay host is named, its flags service (utilities) is
    // not; LogRocket's SDK hosts are named, its own site and blog are not;
    // Flagsmith's flags service, which the database lacks, is not named
    // either (an identity it is sent is a leak once the person watches it).
    for host in [
        "clientsdk.launchdarkly.com",
        "blog.logrocket.com",
        "www.atatus.com",
        "cdn.optimizely.com",
        "edge.api.flagsmith.com",
    ] {
        let mut e = engine();
        feed(
            &mut e,
            &signup_then_sent_to(host, "https://www.jardin-express.fr/api/inscription"),
        );
        let found = of_kind(&e, "www.jardin-express.fr", FindingKind::LeakToThirdParty);
        assert_eq!(found, [], "{host}: {found:#?}");
    }
}

/// The garden shop's sign-up, then the address sent to `host`: one leak to
/// a third party, to `host`, with the one note `note`.
fn assert_one_submitted_leak_noted(host: &str, note: &str) {
    let mut e = engine();
    feed(
        &mut e,
        &signup_then_sent_to(host, "https://www.jardin-express.fr/api/inscription"),
    );
    let found = of_kind(&e, "www.jardin-express.fr", FindingKind::LeakToThirdParty);
    assert_eq!(found.len(), 1, "{host}: {found:#?}");
    assert_eq!(found[0].evidence.destinations, [host]);
    let notes: Vec<&str> = found[0].evidence.notes.iter().map(|n| n.as_str()).collect();
    assert_eq!(notes, [note], "{host}");
}

#[test]
fn a_submitted_address_sent_to_a_service_recording_what_visitors_do_is_a_leak_saying_so() {
    // Datadog's RUM intake, Sentry's and Application Insights', which the
    // tracker database files under "utilities"; src/destinations/trackers.json
    // lists these brands as recording what visitors do.
    for host in [
        "browser-intake-datadoghq.eu",
        "o4508123.ingest.de.sentry.io",
        "westeurope-5.in.applicationinsights.azure.com",
    ] {
        assert_one_submitted_leak_noted(host, "submittedToMonitoring");
    }
}

#[test]
fn a_submitted_address_sent_where_the_form_goes_or_to_a_host_not_known_as_a_tracker_is_not_a_leak()
{
    for (host, action) in [
        // The form's own destination, even a company the database lists as analytics.
        (
            "forms.hubspot.com",
            "https://forms.hubspot.com/uploads/form/v2/123/abc",
        ),
        // A form and mail service the database lists as customer interaction.
        (
            "api.hsforms.com",
            "https://www.jardin-express.fr/api/inscription",
        ),
        (
            "us21.list-manage.com",
            "https://www.jardin-express.fr/api/inscription",
        ),
        // A host the tracker database does not know: maybe the site's own processor.
        (
            "api.formulaires.example",
            "https://www.jardin-express.fr/api/inscription",
        ),
        // Payment and fraud checks, which the database files under
        // "utilities" too: they receive a checkout's address by design.
        (
            "api.stripe.com",
            "https://www.jardin-express.fr/api/inscription",
        ),
        (
            "api.forter.com",
            "https://www.jardin-express.fr/api/inscription",
        ),
        // A service recording visitors, when it is where the form is sent.
        (
            "browser-intake-datadoghq.eu",
            "https://browser-intake-datadoghq.eu/api/v2/rum",
        ),
    ] {
        let mut e = engine();
        feed(&mut e, &signup_then_sent_to(host, action));
        let leaks = leaks_on(&e, "www.jardin-express.fr");
        assert!(leaks.is_empty(), "{host}: {leaks:#?}");
    }
}

#[test]
fn an_address_submitted_then_typed_again_on_another_page_leaves_before_that_submit() {
    // Signed up (the address submitted, then received by a host the
    // database does not know), then, on the next page, the same address
    // typed into a log-in form and not yet sent: another host receiving it
    // now receives it before submit; the host that already had it since
    // the sign-up (an SDK keeps sending the id it was given) learns
    // nothing new.
    let email = "lea.fontaine@example.net";
    let login = "https://www.jardin-express.fr/connexion";
    let mut events = signup_then_sent_to(
        "api.formulaires.example",
        "https://www.jardin-express.fr/api/inscription",
    );
    events.extend([
        json!({"type":"navigation","time":2000.0,"tabId":7,"url":login}),
        json!({"type":"formInput","time":2100.0,"tabId":7,"pageUrl":login,"field":"email","value":email,"formId":"connexion"}),
        json!({"type":"request","time":2150.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
               "url":"https://api.formulaires.example/track/?ip=1","body":format!("{{\"id\":\"{email}\"}}")}),
        json!({"type":"request","time":2200.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
               "url":"https://collect.suivi-formulaires.example/t","body":format!("{{\"typed\":\"{email}\"}}")}),
    ]);
    let mut e = engine();
    feed(&mut e, &events);
    let leaks = leaks_on(&e, "www.jardin-express.fr");
    assert_eq!(leaks.len(), 1, "{leaks:#?}");
    assert_eq!(leaks[0].kind, FindingKind::LeakBeforeSubmit);
    assert_eq!(
        leaks[0].evidence.destinations,
        ["collect.suivi-formulaires.example"]
    );
    // Submitted again, then sent on: no longer before submit.
    let mut e = engine();
    events.extend([
        json!({"type":"formInput","time":2300.0,"tabId":7,"pageUrl":login,"field":"email","value":email,"formId":"connexion",
               "submitted":true,"formAction":"https://www.jardin-express.fr/api/connexion"}),
        json!({"type":"request","time":2400.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
               "url":"https://api-js.mixpanel.com/track/?ip=1","body":format!("{{\"id\":\"{email}\"}}")}),
    ]);
    feed(&mut e, &events);
    let after = of_kind(&e, "www.jardin-express.fr", FindingKind::LeakToThirdParty);
    assert_eq!(after.len(), 1, "{after:#?}");
    assert_eq!(after[0].evidence.destinations, ["api-js.mixpanel.com"]);
}

#[test]
fn an_organization_monitoring_its_own_site_is_no_third_party() {
    // LinkedIn is Microsoft's, as is Azure Monitor: its telemetry about its
    // own signed-in member is first party to the organization.
    let url = "https://westeurope-5.in.applicationinsights.azure.com/v2/track";
    let body = r#"[{"tags":{"ai.user.authUserId":"{email}"}}]"#;
    let mut e = engine();
    feed(
        &mut e,
        &submitted_then(
            "https://www.linkedin.com/signup",
            "https://www.linkedin.com/api/signup",
            url,
            body,
        ),
    );
    let leaks = leaks_on(&e, "www.linkedin.com");
    assert!(leaks.is_empty(), "{leaks:#?}");
    // The same telemetry from another company's site is a leak.
    assert_eq!(jardin_leaks_after_signup(url, body).len(), 1);
}

#[test]
fn feedback_the_person_sends_through_the_vendors_widget_is_not_a_leak() {
    // Sentry's User Feedback widget: the person types their address in its
    // form and sends it; the envelope's item says so.
    let url = "https://o4508123.ingest.de.sentry.io/api/4508123456/envelope/?sentry_version=7";
    let feedback = "{\"event_id\":\"9f1c\",\"sent_at\":\"2026-12-01T10:00:00Z\"}\n{\"type\":\"feedback\"}\n{\"contexts\":{\"feedback\":{\"contact_email\":\"{email}\",\"message\":\"La livraison\"}}}";
    let leaks = jardin_leaks_after_signup(url, feedback);
    assert!(leaks.is_empty(), "{leaks:#?}");
    // An error event carrying the user set by the site is not.
    let event = "{\"event_id\":\"9f1d\"}\n{\"type\":\"event\"}\n{\"user\":{\"email\":\"{email}\"}}";
    assert_eq!(jardin_leaks_after_signup(url, event).len(), 1);
}

#[test]
fn requests_whose_body_the_browser_hid_are_counted_only_where_there_was_a_value_to_look_for() {
    let page = "https://www.jardin-express.fr/inscription";
    let unread = |time: f64, url: &str| {
        json!({"type":"request","time":time,"tabId":7,"method":"POST","resourceType":"ping",
               "url":url,"bodyUnread":true})
    };
    let unread_of = |e: &Engine, host: &str| {
        e.site_report("www.jardin-express.fr")
            .destinations
            .iter()
            .find(|r| r.host == host)
            .map(|r| (r.requests, r.unread))
    };
    // Nothing typed, watched or shown yet: nothing was missed.
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":1000.0,"tabId":7,"url":page}),
            unread(1050.0, "https://api-sr.amplitude.com/sessions/v2/track"),
        ],
    );
    assert_eq!(unread_of(&e, "api-sr.amplitude.com"), Some((1, 0)));
    // After a value was typed: each hidden body to a third party is counted
    // for its host; one to the site itself is not (it is no destination).
    feed(
        &mut e,
        &[
            json!({"type":"formInput","time":1100.0,"tabId":7,"pageUrl":page,"field":"email","value":"lea.fontaine@example.net","formId":"inscription"}),
            unread(1200.0, "https://api-sr.amplitude.com/sessions/v2/track"),
            unread(1300.0, "https://api-sr.amplitude.com/sessions/v2/track"),
            unread(1350.0, "https://www.jardin-express.fr/api/beacon"),
            json!({"type":"request","time":1400.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
                   "url":"https://api2.amplitude.com/2/httpapi","body":"{}"}),
        ],
    );
    assert_eq!(unread_of(&e, "api-sr.amplitude.com"), Some((3, 2)));
    assert_eq!(unread_of(&e, "api2.amplitude.com"), Some((1, 0)));
    assert_eq!(unread_of(&e, "www.jardin-express.fr"), None);
    // Kept in the snapshot, as the rest of the row.
    let again = Engine::restore(&e.snapshot()).expect("restored");
    assert_eq!(unread_of(&again, "api-sr.amplitude.com"), Some((3, 2)));
}

#[test]
fn requests_whose_body_was_cut_at_the_cap_are_said_and_counted_where_there_was_a_value_to_look_for()
{
    let page = "https://www.jardin-express.fr/inscription";
    // A body the shell cut at the engine's cap before it came: as long as
    // the cap, and flagged.
    let cut = |time: f64, url: &str| {
        json!({"type":"request","time":time,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
               "url":url,"body":"x".repeat(65536),"bodyTruncated":true})
    };
    let row = |e: &Engine, host: &str| {
        e.site_report("www.jardin-express.fr")
            .destinations
            .iter()
            .find(|r| r.host == host)
            .map(|r| (r.requests, r.cut))
    };
    let body_cap = |e: &Engine| {
        e.health()
            .caps_reached
            .iter()
            .find(|c| c.what.as_str() == "bodyBytes")
            .map(|c| c.times)
    };
    // Nothing to look for yet: the cap is said, no body counted as missed.
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":1000.0,"tabId":7,"url":page}),
            cut(1050.0, "https://api-sr.amplitude.com/sessions/v2/track"),
        ],
    );
    assert_eq!(row(&e, "api-sr.amplitude.com"), Some((1, 0)));
    assert_eq!(body_cap(&e), Some(1));
    // After a value was typed: each cut body to a third party is counted for
    // its host, once per request; a whole body is not.
    feed(
        &mut e,
        &[
            json!({"type":"formInput","time":1100.0,"tabId":7,"pageUrl":page,"field":"email","value":"lea.fontaine@example.net","formId":"inscription"}),
            cut(1200.0, "https://api-sr.amplitude.com/sessions/v2/track"),
            cut(1300.0, "https://api-sr.amplitude.com/sessions/v2/track"),
            json!({"type":"request","time":1400.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
                   "url":"https://api2.amplitude.com/2/httpapi","body":"{}"}),
        ],
    );
    assert_eq!(row(&e, "api-sr.amplitude.com"), Some((3, 2)));
    assert_eq!(row(&e, "api2.amplitude.com"), Some((1, 0)));
    assert_eq!(body_cap(&e), Some(3));
    // A body over the cap, cut by the engine itself, is said once too.
    feed(
        &mut e,
        &[
            json!({"type":"request","time":1500.0,"tabId":7,"method":"POST","resourceType":"xmlhttprequest",
                  "url":"https://api-sr.amplitude.com/sessions/v2/track","body":"x".repeat(70000)}),
        ],
    );
    assert_eq!(row(&e, "api-sr.amplitude.com"), Some((4, 3)));
    assert_eq!(body_cap(&e), Some(4));
    // Kept in the snapshot, as the rest of the row.
    let again = Engine::restore(&e.snapshot()).expect("restored");
    assert_eq!(row(&again, "api-sr.amplitude.com"), Some((4, 3)));
}

#[test]
fn websockets_opened_to_a_third_party_are_counted_and_their_address_searched() {
    let page = "https://www.atelier-lumiere.fr/commande";
    let socket = |time: f64, url: &str| json!({"type":"request","time":time,"tabId":8,"method":"GET","resourceType":"websocket","url":url});
    let row = |e: &Engine, host: &str| {
        e.site_report("www.atelier-lumiere.fr")
            .destinations
            .iter()
            .find(|r| r.host == host)
            .map(|r| (r.requests, r.sockets))
    };
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":1000.0,"tabId":8,"url":page}),
            // Opened before anything was typed: what goes over it later is
            // unseen all the same, so it is counted at once.
            socket(1050.0, "wss://ws.tchatbox.io/socket.io/?EIO=4&transport=websocket&vid=k2"),
            // The site's own socket is no destination.
            socket(1060.0, "wss://www.atelier-lumiere.fr/live"),
            json!({"type":"formInput","time":1100.0,"tabId":8,"pageUrl":page,"field":"email","value":"jeanne.roux@example.fr","formId":"commande"}),
            // Reopened with the address in its query: read like any URL.
            socket(1200.0, "wss://ws.tchatbox.io/socket.io/?EIO=4&transport=websocket&vid=k2&email=jeanne.roux%40example.fr"),
        ],
    );
    assert_eq!(row(&e, "ws.tchatbox.io"), Some((2, 2)));
    assert_eq!(row(&e, "www.atelier-lumiere.fr"), None);
    // The server that answered the handshake places the host, as for any
    // request (an address of Singapore's range).
    feed(
        &mut e,
        &[
            json!({"type":"serverAddress","time":1250.0,"tabId":8,"url":"wss://ws.tchatbox.io/","ip":"161.117.1.1"}),
        ],
    );
    let countries = |e: &Engine| {
        e.site_report("www.atelier-lumiere.fr")
            .destinations
            .iter()
            .find(|r| r.host == "ws.tchatbox.io")
            .map(|r| {
                r.countries
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect::<Vec<_>>()
            })
    };
    assert_eq!(countries(&e), Some(vec!["SG".to_owned()]));
    let outside = of_kind(&e, "www.atelier-lumiere.fr", FindingKind::SentOutsideEea);
    assert_eq!(outside.len(), 1, "{outside:#?}");
    assert_eq!(outside[0].evidence.destinations, ["ws.tchatbox.io"]);
    let found = of_kind(&e, "www.atelier-lumiere.fr", FindingKind::LeakBeforeSubmit);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].evidence.destinations, ["ws.tchatbox.io"]);
    // Kept in the snapshot.
    let again = Engine::restore(&e.snapshot()).expect("restored");
    assert_eq!(row(&again, "ws.tchatbox.io"), Some((2, 2)));
    // A plain request carries no socket.
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":1000.0,"tabId":8,"url":page}),
            json!({"type":"request","time":1050.0,"tabId":8,"method":"GET","resourceType":"script","url":"https://cdn.tchatbox.io/widget.js"}),
        ],
    );
    assert_eq!(row(&e, "cdn.tchatbox.io"), Some((1, 0)));
}

/// Messages read in the page, as the shell passes them: one a part of a
/// `multipart/form-data` body.
fn socket_messages(time: f64, url: &str, messages: &[&str]) -> Value {
    use base64::Engine as _;
    let boundary = "----VigieSocketMessages";
    let mut body = String::new();
    for m in messages {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{m}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    json!({"type":"request","time":time,"tabId":8,"method":"GET","resourceType":"websocket","url":url,
           "bodyBase64":base64::engine::general_purpose::STANDARD.encode(body),"bodyFromPage":true,
           "socketMessages":messages.len()})
}

#[test]
fn messages_sent_over_a_websocket_read_in_the_page_are_searched_and_counted_apart_from_connections()
{
    let page = "https://www.atelier-lumiere.fr/commande";
    let chat = "wss://ws.tchatbox.io/socket.io/?EIO=4&transport=websocket&vid=k2";
    let row = |e: &Engine, host: &str| {
        e.site_report("www.atelier-lumiere.fr")
            .destinations
            .iter()
            .find(|r| r.host == host)
            .map(|r| (r.requests, r.sockets, r.socket_messages))
    };
    let mut e = engine();
    feed(
        &mut e,
        &[
            json!({"type":"navigation","time":1000.0,"tabId":8,"url":page}),
            json!({"type":"request","time":1050.0,"tabId":8,"method":"GET","resourceType":"websocket","url":chat}),
            json!({"type":"formInput","time":1100.0,"tabId":8,"pageUrl":page,"field":"name","value":"Jeanne","formId":"commande"}),
            json!({"type":"formInput","time":1150.0,"tabId":8,"pageUrl":page,"field":"name","value":"Roux","formId":"commande"}),
        ],
    );
    // The socket's address is the handshake's, searched with it: in a
    // message's report it is no part of what the page sent.
    let found = feed(
        &mut e,
        &[socket_messages(
            1180.0,
            "wss://ws.tchatbox.io/?n=Jeanne+Roux",
            &["2probe"],
        )],
    );
    assert_eq!(found, [], "{found:#?}");
    feed(
        &mut e,
        &[
            // Socket.IO's connect, then the visitor card with both fields.
            socket_messages(
                1200.0,
                chat,
                &[
                    "40",
                    r#"42["visitor:update",{"vid":"k2","name":{"given-name":"Jeanne","family-name":"Roux"}}]"#,
                ],
            ),
            // The site's own socket is no destination, whatever it carries.
            socket_messages(
                1250.0,
                "wss://www.atelier-lumiere.fr/live",
                &[r#"{"name":"Jeanne Roux"}"#],
            ),
        ],
    );
    // Three messages, and still one connection.
    assert_eq!(row(&e, "ws.tchatbox.io"), Some((1, 1, 3)));
    assert_eq!(row(&e, "www.atelier-lumiere.fr"), None);
    let found = of_kind(&e, "www.atelier-lumiere.fr", FindingKind::LeakBeforeSubmit);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].evidence.destinations, ["ws.tchatbox.io"]);
    assert_eq!(found[0].subjects, ["J*** R***"]);
    // Read in the page: a claim, said so.
    assert_eq!(
        found[0].confidence,
        vigie::messages::finding::Confidence::Likely
    );
    assert!(found[0]
        .evidence
        .notes
        .contains(&vigie::messages::vocabulary::Note::BodyReadInPage));
    let again = Engine::restore(&e.snapshot()).expect("restored");
    assert_eq!(row(&again, "ws.tchatbox.io"), Some((1, 1, 3)));
}

#[test]
fn socket_messages_are_only_a_websockets_messages() {
    let page = "https://www.atelier-lumiere.fr/commande";
    let mut e = engine();
    feed(
        &mut e,
        &[json!({"type":"navigation","time":1000.0,"tabId":8,"url":page})],
    );
    let good = socket_messages(1100.0, "wss://ws.tchatbox.io/", &["40"]);
    let mut not_a_socket = good.clone();
    not_a_socket["url"] = json!("https://ws.tchatbox.io/");
    not_a_socket["v"] = json!(1);
    let error = e
        .ingest_json(&not_a_socket.to_string())
        .expect_err("refused");
    assert_eq!(error.kind(), vigie::ErrorKind::MalformedEvent);
    feed(&mut e, std::slice::from_ref(&good));
    // Without their bytes (a durable log replayed after a restart keeps
    // none): counted, not searched, not refused.
    let mut without_body = good;
    without_body.as_object_mut().unwrap().remove("bodyBase64");
    feed(&mut e, &[without_body]);
    let messages = e
        .site_report("www.atelier-lumiere.fr")
        .destinations
        .iter()
        .find(|r| r.host == "ws.tchatbox.io")
        .map(|r| r.socket_messages);
    assert_eq!(messages, Some(2));
}
