//! Contact data leaving LinkedIn recognised by its shape
//! (`src/detectors/contact_shapes.rs`): a lead record — member identities
//! with e-mail- or phone-shaped values — sent from a profile tab to another
//! host, wherever it sits in the body; and what it must leave alone.

use serde_json::json;
use vigie::{Engine, FindingKind};

const PROFILE: &str = "https://www.linkedin.com/in/ada-lovelace/";

/// What sending `body` from a LinkedIn profile tab to a CRM raises.
fn sent(body: &str) -> Vec<vigie::Finding> {
    let mut engine = Engine::new();
    engine
        .ingest_json(
            &json!({"v":1,"type":"navigation","time":1000,"tabId":1,"url":PROFILE}).to_string(),
        )
        .expect("accepted");
    engine
        .ingest_json(
            &json!({"v":1,"type":"request","time":1100,"tabId":1,"method":"POST","resourceType":"xmlhttprequest",
                    "url":"https://api.crm-sync.example/v1/leads","body":body})
            .to_string(),
        )
        .expect("accepted");
    engine
        .findings("www.linkedin.com")
        .into_iter()
        .filter(|f| f.kind == FindingKind::ContactExfiltration)
        .collect()
}

fn kinds(findings: &[vigie::Finding]) -> Vec<&str> {
    findings
        .iter()
        .flat_map(|f| f.evidence.data_kinds.iter().map(|k| k.as_str()))
        .collect()
}

#[test]
fn a_lead_record_is_found_wherever_it_sits_in_the_body() {
    let record = r#"{"profile":"https://www.linkedin.com/in/grace-hopper","email":"grace@navy.example","phone":"+1 202 555 0143"}"#;
    for padding in [0, 3_000, 40_000] {
        let body = format!("{}{record}", "x".repeat(padding));
        let found = sent(&body);
        assert_eq!(found.len(), 1, "after {padding} bytes: {found:#?}");
        assert_eq!(kinds(&found), ["email", "phone"], "after {padding} bytes");
    }
    // A member URN and a phone alone.
    let found =
        sent(r#"{"member":"urn:li:fsd_profile:ACoAABcdEfGhIjKlMn","tel":"+44 20 7946 0958"}"#);
    assert_eq!(kinds(&found), ["phone"]);
}

#[test]
fn member_identities_without_contact_shapes_or_shapes_without_members_are_not_contact_data() {
    for body in [
        // A share link, ids and timestamps.
        r#"{"url":"https://www.linkedin.com/in/grace-hopper","id":1234567890123,"t":1796054314149}"#,
        // An address with no member identity.
        r#"{"email":"grace@navy.example"}"#,
        // Letters only around the identity, and `@` without an address.
        &format!(
            "https://www.linkedin.com/in/grace-hopper {} @@ a@ @b",
            "abcdefghij".repeat(6_000)
        ),
    ] {
        assert!(sent(body).is_empty(), "{}", &body[..body.len().min(120)]);
    }
}
