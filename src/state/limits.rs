//! Caps on everything that input can grow.
//!
//! A hostile page can send as many reports as it likes through Vigie's content
//! script, so every collection has a ceiling. Reaching one is never silent: the
//! engine records it in [`crate::Health`] and returns a [`crate::Notice`].
//! The defaults are in `src/contract.json`, shared with the shell.

use serde::{Deserialize, Serialize};

/// The engine's ceilings. The defaults fit a browser profile used for months
/// in a few hundred kilobytes of snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Largest serialized event accepted, in bytes.
    pub max_event_bytes: usize,
    /// Longest single string field (URLs, names) in an event, in bytes.
    pub max_field_bytes: usize,
    /// Longest request body accepted, in bytes (the shell caps before sending).
    pub max_body_bytes: usize,
    /// Sites with a ledger; the least recently seen is forgotten beyond this.
    pub max_sites: usize,
    /// Findings kept per site; the least recently seen is dropped beyond this.
    pub max_findings_per_site: usize,
    /// Profiles (or other subjects) listed in one finding.
    pub max_subjects_per_finding: usize,
    /// Evidence samples kept in one finding.
    pub max_samples_per_finding: usize,
    /// Tabs tracked at once.
    pub max_tabs: usize,
    /// Distinct injected resources remembered per tab page, for de-duplication.
    pub max_refs_per_page: usize,
    /// Extensions in the inventory.
    pub max_extensions: usize,
    /// Permissions kept per extension.
    pub max_permissions_per_extension: usize,
    /// Headers kept per request.
    pub max_headers: usize,
    /// Contact values in one page report.
    pub max_contact_values: usize,
    /// Script URLs in one main-world stack.
    pub max_stack: usize,
}

impl Default for Limits {
    fn default() -> Self {
        crate::messages::contract::contract().engine.clone()
    }
}

crate::messages::read::read_struct!(Limits {
    max_event_bytes: "maxEventBytes",
    max_field_bytes: "maxFieldBytes",
    max_body_bytes: "maxBodyBytes",
    max_sites: "maxSites",
    max_findings_per_site: "maxFindingsPerSite",
    max_subjects_per_finding: "maxSubjectsPerFinding",
    max_samples_per_finding: "maxSamplesPerFinding",
    max_tabs: "maxTabs",
    max_refs_per_page: "maxRefsPerPage",
    max_extensions: "maxExtensions",
    max_permissions_per_extension: "maxPermissionsPerExtension",
    max_headers: "maxHeaders",
    max_contact_values: "maxContactValues",
    max_stack: "maxStack",
});
