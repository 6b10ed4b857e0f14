//! HAR captures audited by the same engine as the extension: a HAR 1.2 file
//! (what every browser's developer tools, Playwright and Puppeteer export)
//! becomes the events the extension's shell would have sent for the same
//! session, and the findings come out grouped by site, worded from the same
//! message catalogue as the popup.
//!
//! Three doors share this module: the extension's core (which does not use
//! it), the command line (`src/bin/vigie-audit.rs`) and the audit page
//! (`www/audit/`). What a HAR cannot tell, the audit cannot either: there
//! are no main-world hook records and no extension inventory in a HAR, so
//! findings name no extension and list no candidates; requests made by an
//! extension's own background are in a HAR only when the exporter saw them.
//!
//! ```
//! let har = r#"{"log":{"version":"1.2","creator":{"name":"demo","version":"1"},
//!   "pages":[{"id":"p","startedDateTime":"2025-01-01T10:00:00Z","title":"https://www.linkedin.com/in/ada/"}],
//!   "entries":[]}}"#;
//! let audit = vigie::har::audit(har).unwrap();
//! assert_eq!(audit.summary.pages, 1);
//! assert_eq!(audit.worst(), None);
//! ```

mod audit;
mod catalogue;
mod convert;
mod error;
mod format;
mod own;
mod text;

pub use crate::sites::contact_response::contact_values;
pub use audit::{audit, Audit, Session, SiteFindings};
pub use catalogue::{Catalogue, Lang};
pub use convert::{
    one_tab_exporter, read, read_bytes, Capture, CaptureSummary, HarCap, HarCapKind, HarLimits,
    Server,
};
pub use error::{HarError, HarErrorKind};
pub use own::{
    own_value, parse_own_value, watched_values_event, OwnValueError, MAX_OWN_VALUE_CHARS,
};
pub use text::{cap_text, caps_note, render_text, summary_counts};
