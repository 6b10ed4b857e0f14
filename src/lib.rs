//! Vigie's core: turns what a browser extension observes into findings about
//! contact harvesting and personal-data leaks.
//!
//! Data flows one way: [`Event`]s in, [`Engine`], [`Finding`]s out. The
//! folders are the layers:
//!
//! - `messages/` — the contract with the shell: events, findings, errors,
//!   the shared vocabulary and limits (`src/contract.json`);
//! - `observe/` — every event resolved once to its tab, page, site and (where
//!   one applies) site model; attribution of requests;
//! - `state/` — what the engine remembers, bounded: ledger, tabs, activity;
//! - `sites/` — knowledge as data: site models, the extension inventory;
//! - `matching/` — finding watched values in requests;
//! - `destinations/` — who runs a host, where its server is, and whether
//!   personal data may go there;
//! - `detectors/` — one module per behaviour, one shape, one recorder;
//! - `audit/` — what each installed extension can do, and alerts when that grows;
//! - `wasm/` — the only door to JavaScript;
//! - `sorting` — the one sort the wasm carries;
//! - `collections` — maps and sets as sorted vectors, without a B-tree;
//! - `text` — lowercase by the browser's Unicode tables in wasm.

pub mod audit;
pub mod collections;
pub mod destinations;
pub mod detectors;
pub mod engine;
pub mod har;
pub mod matching;
pub mod messages;
pub mod observe;
pub mod sites;
pub(crate) mod sorting;
pub mod state;
pub(crate) mod text;

#[cfg(all(target_arch = "wasm32", feature = "extension-boundary"))]
pub mod wasm;

// Talc instead of the standard library's dlmalloc: less code for the same
// speed on the engine's events (Cargo.toml).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use engine::{Badge, Engine, Ingested, SiteReport};
pub use messages::error::{Error, ErrorKind};
pub use messages::event::{Event, ExtensionChange, ExtensionInfo};
pub use messages::finding::{Actor, Basis, Confidence, Finding, FindingKind, Severity};
pub use messages::vocabulary::{Arg, Message};
pub use state::health::{Health, Notice};
pub use state::limits::Limits;
