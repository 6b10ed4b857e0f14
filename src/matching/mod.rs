//! Finding watched personal data in what leaves a tab, plain or disguised:
//! requests decoded into the texts they carry (`decode`, `lz_string`), and
//! one automaton of every form of the watched values (`pool`).

pub mod decode;
pub mod lz_string;
pub mod mask;
pub mod matcher;
pub mod pool;
