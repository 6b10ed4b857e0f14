//! What Vigie knows about the world, as data: profile-site models
//! (`*.json` here), the installed extensions and known contact finders.
//! Adding a site is a data change.

pub mod contact_response;
pub mod inventory;
pub mod model;
mod pattern;

pub use model::{SiteModel, SiteModels, SiteSummary};
