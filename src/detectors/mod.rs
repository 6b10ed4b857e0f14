//! Detectors: one module per behaviour, each a function from one event (and
//! the engine's state) to the findings it creates or updates.

pub mod attribution;
pub mod bulk_crawl;
pub mod contact_exfiltration;
pub mod contact_without_gesture;
pub mod harvest_burst;
pub mod harvest_not_in_view;
pub mod injected_ui;
pub mod natives_replaced;
pub mod profile_site;
pub mod record;

use crate::health::CapTracker;
use crate::inventory::{ContactFinder, Inventory};
use crate::ledger::Ledger;
use crate::limits::Limits;
use crate::site_model::SiteModels;
use crate::tabs::Tabs;

/// What every detector reads and writes.
pub struct Context<'a> {
    pub limits: &'a Limits,
    pub models: &'a SiteModels,
    pub inventory: &'a Inventory,
    pub contact_finders: &'a [ContactFinder],
    pub ledger: &'a mut Ledger,
    pub tabs: &'a mut Tabs,
    pub caps: &'a mut CapTracker,
}
