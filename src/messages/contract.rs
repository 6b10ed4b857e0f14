//! The numbers and lists the core and the shell must agree on, read from
//! `src/contract.json` at compile time. The shell's build turns the same file
//! into `generated/contract.js` and inlines it into the content scripts, so a
//! limit or a hooked API list is written once.

use std::sync::OnceLock;

use crate::messages::read::{self, read_struct};
use crate::state::limits::Limits;

/// `src/contract.json`, parsed.
#[derive(Debug)]
pub struct Contract {
    /// The engine's default ceilings.
    pub engine: Limits,
    pub hooks: Hooks,
    pub shell: ShellLimits,
    pub read_headers: ReadHeaders,
    pub field_kinds: FieldKinds,
}

/// The form-field kinds the page observer reports.
#[derive(Debug)]
pub struct FieldKinds {
    pub all: Vec<String>,
}

/// What the main-world hooks report.
#[derive(Debug)]
pub struct Hooks {
    /// APIs whose calls are reported (`fetch`, `xhr`, …).
    pub call_apis: Vec<String>,
    /// Natives whose replacement is reported.
    pub replaceable_apis: Vec<String>,
    /// When a replacement was noticed.
    pub replaced_when: Vec<String>,
    /// `webRequest` resource types a hooked call produces when a page script
    /// makes it; for any other type a missing call record says nothing.
    pub hooked_request_types: Vec<String>,
    /// The last entry of a call's stack that goes on beyond what was read.
    pub stack_cut: String,
    /// An entry for page code a stack cannot show by its URL.
    pub stack_page_code: String,
}

/// Request headers the shell passes on from every site.
#[derive(Debug)]
pub struct ReadHeaders {
    pub any: Vec<String>,
    pub browser_set: Vec<String>,
    pub browser_set_prefixes: Vec<String>,
    pub credentials: Vec<String>,
}

impl ReadHeaders {
    /// Whether the value of a header of this (lower-case) name is the
    /// page's own, and searched for personal data: a page's script can set
    /// it, and it is no credential sent back to the service that issued it.
    pub fn page_can_set(&self, name: &str) -> bool {
        !self.browser_set.iter().any(|h| h == name)
            && !self
                .browser_set_prefixes
                .iter()
                .any(|p| name.starts_with(p.as_str()))
            && !self.credentials.iter().any(|h| h == name)
    }
}

/// The shell's ceilings the core applies too.
#[derive(Debug)]
pub struct ShellLimits {
    /// All the header values of one request passed on, in bytes.
    pub max_header_bytes: usize,
}

read_struct!(Contract {
    engine: "engine",
    hooks: "hooks",
    shell: "shell",
    read_headers: "readHeaders",
    field_kinds: "fieldKinds",
});

read_struct!(FieldKinds { all: "all" });

read_struct!(Hooks {
    call_apis: "callApis",
    replaceable_apis: "replaceableApis",
    replaced_when: "replacedWhen",
    hooked_request_types: "hookedRequestTypes",
    stack_cut: "stackCut",
    stack_page_code: "stackPageCode",
});

read_struct!(ReadHeaders {
    any: "any",
    browser_set: "browserSet",
    browser_set_prefixes: "browserSetPrefixes",
    credentials: "credentials",
});

read_struct!(ShellLimits {
    max_header_bytes: "maxHeaderBytes",
});

/// The contract compiled into this core.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        // Part of the program, checked by `the_contract_parses`: a broken file
        // is a build defect, not an input error.
        read::from_text(include_str!(concat!(env!("OUT_DIR"), "/contract.json")))
            .expect("src/contract.json is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_parses() {
        let c = contract();
        assert!(c.engine.max_body_bytes >= 1024);
        assert!(c
            .hooks
            .hooked_request_types
            .iter()
            .any(|t| t == "xmlhttprequest"));
        assert!(c.hooks.replaceable_apis.iter().any(|a| a == "fetch"));
    }

    #[test]
    fn the_shell_reports_exactly_the_field_kinds_the_core_knows() {
        let core: Vec<&str> = crate::messages::vocabulary::FieldKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(contract().field_kinds.all, core);
    }
}
