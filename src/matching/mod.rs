//! Finding watched personal data in what leaves a tab, plain or disguised.

pub mod pool;
