//! The engine's own health: rejected input and caps reached, so that nothing
//! is dropped silently.

use crate::collections::SortedMap;

use serde::{Deserialize, Serialize};

use crate::messages::read::read_struct;
use crate::messages::vocabulary::Cap;

/// A cap that was reached, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapReached {
    pub what: Cap,
    pub limit: usize,
    pub times: u64,
    /// Past this cap Vigie looked at only part of what came (a body, a
    /// page's reports, the values to watch), not set older records aside:
    /// something there may have escaped it ([`Cap::reads_in_part`]).
    pub in_part: bool,
}

/// Counts of caps reached, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CapTracker {
    reached: SortedMap<Cap, CapReached>,
    /// Caps reached by the event being ingested, returned as notices.
    #[serde(skip)]
    pending: Vec<Notice>,
}

impl CapTracker {
    /// Records that the cap `what` (of size `limit`) stopped something.
    pub fn hit(&mut self, what: Cap, limit: usize) {
        let entry = self.reached.entry(what).or_insert(CapReached {
            what,
            limit,
            times: 0,
            in_part: what.reads_in_part(),
        });
        entry.times = entry.times.saturating_add(1);
        entry.limit = limit;
        if !self.pending.iter().any(|n| n.what == what) {
            self.pending.push(Notice {
                kind: NoticeKind::CapReached,
                what,
                limit,
            });
        }
    }

    pub(crate) fn take_pending(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.pending)
    }

    pub fn reached(&self) -> Vec<CapReached> {
        self.reached
            .values()
            .map(|c| CapReached {
                in_part: c.what.reads_in_part(),
                ..c.clone()
            })
            .collect()
    }
}

/// Something the shell should know about an ingest besides findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub kind: NoticeKind,
    pub what: Cap,
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NoticeKind {
    CapReached,
}

/// The last event the engine refused, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    pub kind: String,
    pub message: String,
}

/// What the engine has accepted, refused and capped since it was created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub accepted_events: u64,
    pub rejected_events: u64,
    pub last_rejection: Option<Rejection>,
    pub caps_reached: Vec<CapReached>,
    /// Messages refused at the bridge from the main-world hooks, by reason
    /// (`forged`, `malformed`, …): a page tried to speak for Vigie's hooks.
    pub bridge_drops: SortedMap<String, u64>,
}

read_struct!(CapReached {
    what: "what",
    limit: "limit",
    times: "times",
    in_part: default "inPart",
});

read_struct!(CapTracker {
    reached: "reached",
    pending: skip,
});

read_struct!(Rejection {
    kind: "kind",
    message: "message",
});
