//! The JSON shapes whose readers are written by hand (`vigie::messages::read`)
//! read exactly what is written, and refuse what serde's derived readers
//! refused: an actor, a server's place and a sentence's argument as a
//! snapshot holds them, and a main-world report as the hooks send it.

use serde::Serialize;
use serde_json::json;
use vigie::destinations::Country;
use vigie::messages::event::MainWorldReport;
use vigie::messages::finding::{Actor, Candidate};
use vigie::messages::read::FromJson;
use vigie::messages::vocabulary::{Arg, FieldKind, Message, Unit};
use vigie::state::destinations::ServerPlace;

/// `value` written, and read back.
fn read_back<T: Serialize + FromJson + PartialEq + std::fmt::Debug>(value: T) {
    let json = serde_json::to_value(&value).unwrap();
    let again = T::from_json(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(again, value, "{json}");
}

fn read_json<T: FromJson>(value: serde_json::Value) -> T {
    T::from_json(&value).unwrap_or_else(|e| panic!("{value}: {e}"))
}

fn not_read<T: FromJson + std::fmt::Debug>(value: serde_json::Value) -> String {
    match T::from_json(&value) {
        Ok(read) => panic!("{value} was read as {read:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_actor_reads_back_and_one_without_its_member_is_refused() {
    read_back(Actor::Extension {
        id: "abcdefghijklmnopabcdefghijklmnop".into(),
        name: Some("Panel".into()),
        version: None,
        install_type: Some("normal".into()),
    });
    read_back(Actor::Script {
        origin: "https://cdn.tag.test".into(),
    });
    read_back(Actor::Site {
        host: "www.linkedin.com".into(),
    });
    read_back(Actor::Unattributed {
        candidates: vec![Candidate {
            id: "x".into(),
            name: None,
            version: Some("1.0".into()),
            reasons: vec![],
        }],
        more: 3,
    });
    read_back(Actor::Unattributed {
        candidates: vec![],
        more: 0,
    });
    // A finding kept before `more` was written reads as listing them all.
    let read: Actor = read_json(json!({"type": "unattributed", "candidates": []}));
    assert_eq!(
        read,
        Actor::Unattributed {
            candidates: vec![],
            more: 0
        }
    );
    // Members of other kinds, and unknown ones, are passed over as before.
    let read: Actor = read_json(json!({"type": "site", "host": "a.test", "id": "x", "extra": 1}));
    assert_eq!(
        read,
        Actor::Site {
            host: "a.test".into()
        }
    );
    assert!(not_read::<Actor>(json!({"type": "extension", "name": "Panel"})).contains("`id`"));
    assert!(not_read::<Actor>(json!({"type": "script"})).contains("`origin`"));
    assert!(not_read::<Actor>(json!({"type": "unattributed"})).contains("`candidates`"));
    not_read::<Actor>(json!({"type": "robot", "host": "a.test"}));
    not_read::<Actor>(json!({"host": "a.test"}));
    not_read::<Actor>(json!("site"));
}

#[test]
fn every_place_reads_back() {
    read_back(ServerPlace::Country {
        country: Country::parse("FR").unwrap(),
    });
    read_back(ServerPlace::Private);
    read_back(ServerPlace::Unknown);
    assert!(not_read::<ServerPlace>(json!({"kind": "country"})).contains("`country`"));
    not_read::<ServerPlace>(json!({"kind": "country", "country": "France"}));
    not_read::<ServerPlace>(json!({"kind": "moon"}));
}

#[test]
fn every_argument_reads_back_as_the_untagged_form_reads_it() {
    read_back(Arg::Text("a***@b.test".into()));
    read_back(Arg::Count {
        count: 12,
        unit: Unit::Profiles,
    });
    read_back(Arg::Phrases {
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
    read_back(Arg::Countries {
        countries: vec![Country::parse("CN").unwrap(), Country::parse("US").unwrap()],
    });
    // The first variant that fits wins; members of none are passed over.
    let read: Arg = read_json(json!({"count": 3, "unit": "seconds", "phrases": [], "x": 1}));
    assert_eq!(
        read,
        Arg::Count {
            count: 3,
            unit: Unit::Seconds
        }
    );
    let read: Arg = read_json(json!({"count": 3, "phrases": []}));
    assert_eq!(read, Arg::Phrases { phrases: vec![] });
    not_read::<Arg>(json!({"count": 3}));
    not_read::<Arg>(json!({}));
    not_read::<Arg>(json!(3));
    not_read::<Arg>(json!(["a"]));
    not_read::<Arg>(json!({"count": -1, "unit": "seconds"}));
}

#[test]
fn every_main_world_report_reads_back_and_a_member_of_another_kind_is_refused() {
    read_back(MainWorldReport::Ready { late: false });
    read_back(MainWorldReport::Ready { late: true });
    assert_eq!(
        read_json::<MainWorldReport>(json!({"kind": "ready"})),
        MainWorldReport::Ready { late: false }
    );
    read_back(MainWorldReport::Call {
        api: "fetch".into(),
        url: "https://a.test/x".into(),
        method: Some("POST".into()),
        stack: vec!["https://cdn.tag.test/t.js".into()],
    });
    read_back(MainWorldReport::NativeReplaced {
        api: "fetch".into(),
        by: None,
        when: Some("start".into()),
    });
    read_back(MainWorldReport::FieldRead {
        field: FieldKind::Email,
        stack: vec![],
    });
    // Optional members may be left out.
    let read: MainWorldReport = read_json(json!({"kind": "call", "api": "xhr", "url": "/u"}));
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
        let error = not_read::<MainWorldReport>(report.clone());
        assert!(error.contains(member), "{report}: {error}");
    }
    not_read::<MainWorldReport>(json!({"kind": "teleport"}));
    not_read::<MainWorldReport>(json!({"api": "fetch"}));
    not_read::<MainWorldReport>(json!({"kind": "fieldRead", "field": "ssn"}));
}
