//! The contract with the shell: events in, findings out, errors, the shared
//! vocabulary and the limits both sides agree on. Plain data, no behaviour.

pub mod contract;
pub mod error;
pub mod event;
pub mod finding;
pub mod read;
pub mod vocabulary;
