//! The JSON shapes whose deserializers are written by hand (an actor, a
//! server's place, a sentence's argument, a main-world report: read in one
//! pass instead of serde's buffering of tagged and untagged enums) read
//! exactly what is written, and refuse what the derived ones refused.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use vigie::destinations::Country;
use vigie::messages::event::MainWorldReport;
use vigie::messages::finding::{Actor, Candidate};
use vigie::messages::vocabulary::{Arg, FieldKind, Message, Unit};
use vigie::state::destinations::ServerPlace;

/// `value` written and read back, with its JSON.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
    let text = serde_json::to_string(&value).unwrap();
    let again: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(again, value, "{text}");
}

fn refused<T: DeserializeOwned + std::fmt::Debug>(value: serde_json::Value) -> String {
    let text = value.to_string();
    match serde_json::from_str::<T>(&text) {
        Ok(read) => panic!("{text} was read as {read:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_actor_reads_back_and_one_without_its_member_is_refused() {
    round_trip(Actor::Extension {
        id: "abcdefghijklmnopabcdefghijklmnop".into(),
        name: Some("Panel".into()),
        version: None,
        install_type: Some("normal".into()),
    });
    round_trip(Actor::Script {
        origin: "https://cdn.tag.test".into(),
    });
    round_trip(Actor::Site {
        host: "www.linkedin.com".into(),
    });
    round_trip(Actor::Unattributed {
        candidates: vec![Candidate {
            id: "x".into(),
            name: None,
            version: Some("1.0".into()),
            reasons: vec![],
        }],
    });
    round_trip(Actor::Unattributed { candidates: vec![] });
    // Members of other kinds, and unknown ones, are passed over as before.
    let read: Actor =
        serde_json::from_value(json!({"type": "site", "host": "a.test", "id": "x", "extra": 1}))
            .unwrap();
    assert_eq!(
        read,
        Actor::Site {
            host: "a.test".into()
        }
    );
    assert!(refused::<Actor>(json!({"type": "extension", "name": "Panel"})).contains("`id`"));
    assert!(refused::<Actor>(json!({"type": "script"})).contains("`origin`"));
    assert!(refused::<Actor>(json!({"type": "unattributed"})).contains("`candidates`"));
    refused::<Actor>(json!({"type": "robot", "host": "a.test"}));
    refused::<Actor>(json!({"host": "a.test"}));
    refused::<Actor>(json!("site"));
}

#[test]
fn every_place_reads_back() {
    round_trip(ServerPlace::Country {
        country: Country::parse("FR").unwrap(),
    });
    round_trip(ServerPlace::Private);
    round_trip(ServerPlace::Unknown);
    assert!(refused::<ServerPlace>(json!({"kind": "country"})).contains("`country`"));
    refused::<ServerPlace>(json!({"kind": "country", "country": "France"}));
    refused::<ServerPlace>(json!({"kind": "moon"}));
}

#[test]
fn every_argument_reads_back_as_the_untagged_form_reads_it() {
    round_trip(Arg::Text("a***@b.test".into()));
    round_trip(Arg::Count {
        count: 12,
        unit: Unit::Profiles,
    });
    round_trip(Arg::Phrases {
        phrases: vec![Message {
            key: "popup_profiles".into(),
            args: vec![
                Arg::Text("x".into()),
                Arg::Count {
                    count: 1,
                    unit: Unit::Seconds,
                },
            ],
        }],
    });
    round_trip(Arg::Countries {
        countries: vec![Country::parse("CN").unwrap(), Country::parse("US").unwrap()],
    });
    // The first variant that fits wins; members of none are passed over.
    let read: Arg =
        serde_json::from_value(json!({"count": 3, "unit": "seconds", "phrases": [], "x": 1}))
            .unwrap();
    assert_eq!(
        read,
        Arg::Count {
            count: 3,
            unit: Unit::Seconds
        }
    );
    let read: Arg = serde_json::from_value(json!({"count": 3, "phrases": []})).unwrap();
    assert_eq!(read, Arg::Phrases { phrases: vec![] });
    refused::<Arg>(json!({"count": 3}));
    refused::<Arg>(json!({}));
    refused::<Arg>(json!(3));
    refused::<Arg>(json!(["a"]));
    refused::<Arg>(json!({"count": -1, "unit": "seconds"}));
}

#[test]
fn every_main_world_report_reads_back_and_a_member_of_another_kind_is_refused() {
    round_trip(MainWorldReport::Ready);
    round_trip(MainWorldReport::Call {
        api: "fetch".into(),
        url: "https://a.test/x".into(),
        method: Some("POST".into()),
        stack: vec!["https://cdn.tag.test/t.js".into()],
    });
    round_trip(MainWorldReport::NativeReplaced {
        api: "fetch".into(),
        by: None,
        when: Some("start".into()),
    });
    round_trip(MainWorldReport::FieldRead {
        field: FieldKind::Email,
        stack: vec![],
    });
    // Optional members may be left out.
    let read: MainWorldReport =
        serde_json::from_value(json!({"kind": "call", "api": "xhr", "url": "/u"})).unwrap();
    assert_eq!(
        read,
        MainWorldReport::Call {
            api: "xhr".into(),
            url: "/u".into(),
            method: None,
            stack: vec![]
        }
    );
    // Stricter than the derived form, which let a `ready` carry any member.
    for (report, member) in [
        (json!({"kind": "ready", "api": "fetch"}), "`api`"),
        (
            json!({"kind": "fieldRead", "field": "email", "url": "/u"}),
            "`url`",
        ),
        (
            json!({"kind": "nativeReplaced", "api": "fetch", "stack": []}),
            "`stack`",
        ),
        (
            json!({"kind": "call", "api": "fetch", "url": "/u", "field": "email"}),
            "`field`",
        ),
        (
            json!({"kind": "call", "api": "fetch", "url": "/u", "evil": 1}),
            "`evil`",
        ),
        (json!({"kind": "call", "api": "fetch"}), "`url`"),
        (json!({"kind": "fieldRead"}), "`field`"),
    ] {
        let error = refused::<MainWorldReport>(report.clone());
        assert!(error.contains(member), "{report}: {error}");
    }
    refused::<MainWorldReport>(json!({"kind": "teleport"}));
    refused::<MainWorldReport>(json!({"api": "fetch"}));
    refused::<MainWorldReport>(json!({"kind": "fieldRead", "field": "ssn"}));
}
