//! The numbers and lists the core and the shell must agree on, written in
//! `src/contract.json`. `build.rs` turns it into the constant [`CONTRACT`]
//! (no reader or JSON text in the program); the shell's build turns the
//! same file into `generated/contract.js` and inlines it into the content
//! scripts, so a limit or a hooked API list is written once.

use crate::state::limits::Limits;

/// `src/contract.json`, as `build.rs` wrote it in Rust.
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
    pub all: &'static [&'static str],
}

/// What the main-world hooks report.
#[derive(Debug)]
pub struct Hooks {
    /// APIs whose calls are reported (`fetch`, `xhr`, …).
    pub call_apis: &'static [&'static str],
    /// Natives whose replacement is reported.
    pub replaceable_apis: &'static [&'static str],
    /// When a replacement was noticed.
    pub replaced_when: &'static [&'static str],
    /// `webRequest` resource types a hooked call produces when a page script
    /// makes it; for any other type a missing call record says nothing.
    pub hooked_request_types: &'static [&'static str],
    /// The last entry of a call's stack that goes on beyond what was read.
    pub stack_cut: &'static str,
    /// An entry for page code a stack cannot show by its URL.
    pub stack_page_code: &'static str,
}

/// Request headers the shell passes on from every site.
#[derive(Debug)]
pub struct ReadHeaders {
    pub any: &'static [&'static str],
    pub browser_set: &'static [&'static str],
    pub browser_set_prefixes: &'static [&'static str],
    pub credentials: &'static [&'static str],
}

impl ReadHeaders {
    /// Whether the value of a header of this (lower-case) name is the
    /// page's own, and searched for personal data: a page's script can set
    /// it, and it is no credential sent back to the service that issued it.
    pub fn page_can_set(&self, name: &str) -> bool {
        !self.browser_set.contains(&name)
            && !self
                .browser_set_prefixes
                .iter()
                .any(|p| name.starts_with(p))
            && !self.credentials.contains(&name)
    }
}

/// The shell's ceilings the core applies too.
#[derive(Debug)]
pub struct ShellLimits {
    /// All the header values of one request passed on, in bytes.
    pub max_header_bytes: usize,
    /// Messages of a WebSocket given as one body, one a part.
    pub max_socket_messages_per_report: usize,
}

/// The contract compiled into this core.
pub static CONTRACT: Contract = include!(concat!(env!("OUT_DIR"), "/contract.rs"));

/// The contract compiled into this core.
pub fn contract() -> &'static Contract {
    &CONTRACT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_contract_is_the_file() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../contract.json")).unwrap();
        let c = contract();
        let texts = |at: &str| -> Vec<String> {
            let v = file.pointer(at).unwrap_or_else(|| panic!("{at}"));
            serde_json::from_value(v.clone()).unwrap()
        };
        assert_eq!(
            serde_json::to_value(&c.engine).unwrap(),
            file["engine"],
            "every engine limit, by name and value"
        );
        assert_eq!(
            c.shell.max_header_bytes as u64,
            file["shell"]["maxHeaderBytes"].as_u64().unwrap()
        );
        assert_eq!(
            c.shell.max_socket_messages_per_report as u64,
            file["shell"]["maxSocketMessagesPerReport"]
                .as_u64()
                .unwrap()
        );
        for (list, at) in [
            (c.hooks.call_apis, "/hooks/callApis"),
            (c.hooks.replaceable_apis, "/hooks/replaceableApis"),
            (c.hooks.replaced_when, "/hooks/replacedWhen"),
            (c.hooks.hooked_request_types, "/hooks/hookedRequestTypes"),
            (c.read_headers.any, "/readHeaders/any"),
            (c.read_headers.browser_set, "/readHeaders/browserSet"),
            (
                c.read_headers.browser_set_prefixes,
                "/readHeaders/browserSetPrefixes",
            ),
            (c.read_headers.credentials, "/readHeaders/credentials"),
            (c.field_kinds.all, "/fieldKinds/all"),
        ] {
            assert_eq!(list, texts(at), "{at}");
        }
        assert_eq!(c.hooks.stack_cut, file["hooks"]["stackCut"]);
        assert_eq!(c.hooks.stack_page_code, file["hooks"]["stackPageCode"]);
        assert!(c.engine.max_body_bytes >= 1024);
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
