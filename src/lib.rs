//! Vigie's core: turns what a browser extension observes into findings about
//! contact harvesting and personal-data leaks.
//!
//! Data flows one way: [`Event`]s in, [`Engine`], [`Finding`]s out. Nothing
//! here knows about browsers; `wasm.rs` is the only door to JavaScript.

pub mod activity;
mod detectors;
pub mod engine;
pub mod error;
pub mod event;
pub mod finding;
pub mod health;
pub mod inventory;
pub mod ledger;
pub mod limits;
pub mod site_model;
pub mod tabs;
pub mod watch_pool;
pub mod weburl;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Engine, Ingested, SiteReport};
pub use error::{Error, ErrorKind};
pub use event::{Event, ExtensionChange, ExtensionInfo};
pub use finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
pub use health::{Health, Notice};
pub use limits::Limits;
