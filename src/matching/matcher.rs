//! The matcher on its own, outside the engine: a pool of values and one
//! request in, what matched out. For the options page's "test a URL or
//! body" box and for benchmarks; the engine's detectors use the same pool
//! and decoder.

use serde::Serialize;

use crate::matching::decode::{decode, Body};
use crate::matching::mask::mask;
use crate::matching::pool::{Origin, Pool, Watched};
use crate::messages::error::{Error, ErrorKind, Result};
use crate::messages::event::ContactValue;
use crate::messages::vocabulary::{DataKind, Encoding};

/// Values a matcher takes at most (the engine's `maxContactValues`).
pub const MAX_VALUES: usize = 50;

/// A pool of the person's values, built once.
///
/// ```
/// use vigie::matching::matcher::Matcher;
/// use vigie::messages::event::{ContactValue, DataKind};
/// let m = Matcher::new(&[ContactValue { kind: DataKind::Email, value: "ada@example.org".into() }]).unwrap();
/// let found = m.scan("https://t.example/?e=ada%40example.org", b"", None);
/// assert_eq!(found[0].masked, "a***@example.org");
/// ```
#[derive(Debug)]
pub struct Matcher {
    pool: Pool,
}

/// One value found in a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    pub data_kind: DataKind,
    /// The chain it was found in, outermost first.
    pub encodings: Vec<Encoding>,
    /// `url` or `body`.
    pub part: &'static str,
    pub masked: String,
    /// Decoding reached a cap: more may be hidden in the rest.
    pub capped: bool,
}

impl Matcher {
    /// Builds the pool; refuses more than [`MAX_VALUES`] values.
    pub fn new(values: &[ContactValue]) -> Result<Matcher> {
        if values.len() > MAX_VALUES {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("{} values, at most {MAX_VALUES}", values.len()),
            ));
        }
        let mut pool = Pool::new();
        for v in values {
            pool.add_personal(v.kind, &v.value, Origin::Own);
        }
        // Built now, so that the first scan is not the slow one.
        let _ = pool.scan(&[""]);
        Ok(Matcher { pool })
    }

    /// What of the pool `url` and `body` (raw bytes, empty for none) carry.
    pub fn scan(&self, url: &str, body: &[u8], content_encoding: Option<&str>) -> Vec<Match> {
        let body = (!body.is_empty()).then_some(Body::Bytes(body));
        let decoded = decode(url, body, content_encoding);
        self.pool
            .find(&decoded)
            .into_iter()
            .filter_map(|hit| match hit.watched {
                Watched::Personal { kind, value, .. } => Some(Match {
                    data_kind: kind,
                    encodings: hit.layers,
                    part: hit.part.as_str(),
                    masked: mask(kind, &value),
                    capped: decoded.capped,
                }),
                _ => None,
            })
            .collect()
    }
}
