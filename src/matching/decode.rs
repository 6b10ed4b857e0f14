//! A request as the texts a matcher searches: its URL and body as they are,
//! and every layer decoding reveals — percent escapes, base64 blobs, gzip
//! and zlib streams (whole bodies, `Content-Encoding`, streams inside
//! newline-delimited envelopes, base64, or JSON strings of bytes), raw
//! deflate (whole bodies and base64 blobs that are no text), base64 written
//! backwards, multipart parts and lz-string.
//!
//! Real analytics and session-replay SDKs compress before sending (gzip made
//! in JavaScript, zlib payloads in Sentry-style envelopes, each rrweb event
//! deflated into a string of bytes by rrweb's packer, lz-string in some
//! replay recorders), so a matcher reading bodies as UTF-8 text misses
//! most of what leaves. Bodies are read as raw bytes; anything that is not
//! UTF-8 is read lossily, never refused.
//!
//! A body is input a page controls, so decoding is bounded: every byte it
//! produces (inflated, decoded, every layer together) comes out of one
//! budget, inflating stops at its own cap, and a request whose decoding
//! reached either says so ([`Decoded::capped`]) so that the caller reports
//! the cap instead of missing a leak silently. Each layer is one linear
//! pass over its input.

use std::borrow::Cow;

use base64::alphabet;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use percent_encoding::percent_decode;

use crate::matching::lz_string;
use crate::messages::vocabulary::Encoding;

/// Bytes that decoding (URL and base64 layers) may produce for one request,
/// every layer together. A request within the engine's caps (`maxBodyBytes`
/// 64 KiB, `maxFieldBytes` 8 KiB URL) needs at most about 260 KiB even when
/// every byte of it is encoded twice.
pub const MAX_DECODED_BYTES: usize = 384 * 1024;
/// Bytes that decompressing may produce for one request, every stream
/// together: JSON compresses about ten to one, so a 64 KiB body of it
/// inflates whole; a zip bomb stops here.
pub const MAX_INFLATED_BYTES: usize = 1024 * 1024;
/// What a decoded token costs the budget at least: the fixed work of a
/// layer (allocation, passes set-up) however short the token.
const MIN_TOKEN_COST: usize = 64;
/// Layers of decoding below the request as sent (e.g. base64 of a gzip
/// stream of URL-encoded JSON is three).
const MAX_DEPTH: usize = 3;
const MIN_BASE64_TOKEN: usize = 16;
/// Characters of a token written backwards read before the whole of it is
/// (six bytes of what it encodes).
const REVERSED_HEAD: usize = 8;
/// Hex digits of the shortest value worth decoding (eight bytes).
const MIN_HEX_TOKEN: usize = 16;
/// Places in one body where a compressed stream is tried (envelope lines).
const MAX_STREAM_STARTS: usize = 16;
/// The most text one lz-string token may produce, per character of it.
const MAX_LZ_RATIO: usize = 32;
/// `compressToUTF16` runs tried in one text (a text in a script written
/// past U+0800, Chinese or Japanese, is runs of such characters too).
const MAX_LZ_UTF16_RUNS: usize = 4;
/// The shortest `compressToUTF16` run tried (an address in a JSON object
/// packs to about 20 characters).
const MIN_LZ_UTF16: usize = 8;
/// Parts of one multipart body read (at least the shell's
/// `maxSocketMessagesPerReport`: a report of WebSocket messages is one
/// body, a message a part).
const MAX_PARTS: usize = 32;
/// Bytes of the shortest raw deflate stream tried, and of the text it must
/// inflate to.
const MIN_RAW_DEFLATE: usize = 16;
/// JSON strings of bytes tried as compressed streams in one text: rrweb's
/// packer makes one per recorded event, and a batch holds many.
const MAX_PACKED_STRINGS: usize = 256;

/// One text to search, and how it was found inside the request: the
/// decoding layers, outermost first (empty: the request as sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub layers: Vec<Encoding>,
    pub text: String,
    /// The part of the request it was read in.
    pub part: Part,
}

/// The parts of a request a value can travel in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Url,
    /// The values of the headers a page's script can set.
    Headers,
    Body,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Url => "url",
            Part::Headers => "headers",
            Part::Body => "body",
        }
    }
}

/// Every text of one request, and whether a cap cut decoding short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    pub pieces: Vec<Piece>,
    /// The decoding budget or the inflating cap was reached: part of the
    /// request was searched only as it is, not decoded.
    pub capped: bool,
}

/// A request body as the shell passes it on.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// Form fields, written as URL-encoded text (`requestBody.formData`).
    Text(&'a str),
    /// Raw bytes (`requestBody.raw`).
    Bytes(&'a [u8]),
}

/// The work one request may still cause.
struct Budget {
    decoded: usize,
    inflated: usize,
    capped: bool,
}

impl Budget {
    /// Decoded bytes left.
    fn left(&self) -> usize {
        self.decoded
    }

    /// Takes up to `want` decoded bytes (at least the fixed cost of a
    /// layer); returns how many were granted.
    fn take(&mut self, want: usize) -> usize {
        let cost = want.max(MIN_TOKEN_COST);
        if self.decoded >= cost {
            self.decoded -= cost;
            return want;
        }
        let granted = want.min(self.decoded);
        self.decoded -= granted;
        self.capped = true;
        granted
    }
}

/// Decodes one request: its URL, and its body read as `content_encoding`
/// says (`gzip`, `deflate`), or as its bytes show.
///
/// ```
/// use vigie::matching::decode::{decode, Body};
/// let d = decode("https://t.example/p?e=ada%40example.org", None, None);
/// assert!(d.pieces.iter().any(|p| p.text.contains("ada@example.org")));
/// ```
pub fn decode(url: &str, body: Option<Body<'_>>, content_encoding: Option<&str>) -> Decoded {
    decode_request(url, "", body, content_encoding)
}

/// Decodes one request with the values of its headers (`headers`, one a
/// line): a script can send a value in a header of its own, as Amplitude
/// Experiment sends its user as base64 in `X-Amp-Exp-User`.
pub fn decode_request(
    url: &str,
    headers: &str,
    body: Option<Body<'_>>,
    content_encoding: Option<&str>,
) -> Decoded {
    let mut out = Decoder {
        in_part: false,
        budget: Budget {
            decoded: MAX_DECODED_BYTES,
            inflated: MAX_INFLATED_BYTES,
            capped: false,
        },
        pieces: vec![],
    };
    out.text(url.to_owned(), vec![], Part::Url, 0);
    out.text(headers.to_owned(), vec![], Part::Headers, 0);
    match body {
        Some(Body::Text(text)) => out.text(text.to_owned(), vec![], Part::Body, 0),
        Some(Body::Bytes(bytes)) => {
            let declared = content_encoding.map(|e| e.trim().to_ascii_lowercase());
            let inflated = match declared.as_deref() {
                Some("gzip" | "x-gzip") => out.inflate(bytes, Stream::Gzip),
                Some("deflate") => out
                    .inflate(bytes, Stream::Zlib)
                    .or_else(|| out.inflate(bytes, Stream::Raw)),
                _ => None,
            };
            match inflated {
                Some((bytes, encoding)) => out.bytes(&bytes, vec![encoding], Part::Body, 1),
                None => out.bytes(bytes, vec![], Part::Body, 0),
            }
        }
        None => {}
    }
    Decoded {
        pieces: out.pieces,
        capped: out.budget.capped,
    }
}

/// Decodes texts that are not one request (a URL and body already split,
/// or anything to test).
pub fn decode_texts(texts: &[&str]) -> Decoded {
    let mut out = Decoder {
        in_part: false,
        budget: Budget {
            decoded: MAX_DECODED_BYTES,
            inflated: MAX_INFLATED_BYTES,
            capped: false,
        },
        pieces: vec![],
    };
    for (i, text) in texts.iter().enumerate() {
        let part = if i > 0 { Part::Body } else { Part::Url };
        out.text((*text).to_owned(), vec![], part, 0);
    }
    Decoded {
        pieces: out.pieces,
        capped: out.budget.capped,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    Gzip,
    Zlib,
    Raw,
}

struct Decoder {
    budget: Budget,
    pieces: Vec<Piece>,
    /// Reading the parts of a multipart body: a part is not split again.
    in_part: bool,
}

impl Decoder {
    /// Bytes of a body (or of a decoded layer of the `part` it came
    /// from): compressed streams found in them, multipart parts, then the
    /// bytes read as text.
    fn bytes(&mut self, bytes: &[u8], layers: Vec<Encoding>, part: Part, depth: usize) {
        if depth < MAX_DEPTH {
            // Parts are what was sent, side by side (a form's fields, a
            // socket's messages): splitting them costs no layer, and is
            // done once.
            if !self.in_part {
                if let Some(parts) = multipart_parts(bytes) {
                    self.in_part = true;
                    for piece in parts {
                        self.bytes(piece, layers.clone(), part, depth);
                    }
                    self.in_part = false;
                    return;
                }
            }
            // A stream at the start, or at the start of a line of an
            // envelope (a JSON header line, then the compressed payload).
            // `memchr`: a body is mostly no envelope, and its every byte
            // would otherwise go through an iterator chain.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
                .filter(|&at| stream_kind(&bytes[at.min(bytes.len())..]).is_some())
                .take(MAX_STREAM_STARTS)
                .collect();
            // Not one stream from its first byte: perhaps raw deflate (a
            // line start that looks like a zlib header may be compressed
            // bytes that happen to follow a newline).
            // Bytes that are no text: raw deflate, else lz-string's byte
            // array. Checked once here: most bodies are text.
            if starts.first() != Some(&0)
                && std::str::from_utf8(bytes).is_err()
                && !self.raw_deflate(bytes, &layers, part, depth)
            {
                self.lz_uint8(bytes, &layers, part, depth);
            }
            for at in starts {
                let tail = &bytes[at..];
                if let Some(kind) = stream_kind(tail) {
                    if let Some((inflated, encoding)) = self.inflate(tail, kind) {
                        let mut inner = layers.clone();
                        inner.push(encoding);
                        self.bytes(&inflated, inner, part, depth + 1);
                    }
                }
            }
        }
        self.text(lossy_text(bytes), layers, part, depth);
    }

    /// Bytes that are no UTF-8 text (both callers know it) and start with
    /// no stream header, tried as raw deflate (RFC 1951:
    /// `CompressionStream('deflate-raw')`, fflate's `deflateSync`), which
    /// has no magic bytes to be known by. What it inflates to is read only
    /// when it reads as text: random bytes often inflate a little before
    /// failing, into bytes that do not. Returns whether it was read.
    fn raw_deflate(&mut self, bytes: &[u8], layers: &[Encoding], part: Part, depth: usize) -> bool {
        if bytes.len() < MIN_RAW_DEFLATE {
            return false;
        }
        let Some((inflated, encoding)) = self.inflate(bytes, Stream::Raw) else {
            return false;
        };
        if !reads_as_text(&inflated) {
            return false;
        }
        let mut inner = layers.to_vec();
        inner.push(encoding);
        self.bytes(&inflated, inner, part, depth + 1);
        true
    }

    /// One text: kept as a piece, then its percent escapes, base64 blobs
    /// and lz-string blobs decoded, each a layer deeper.
    fn text(&mut self, text: String, layers: Vec<Encoding>, part: Part, depth: usize) {
        if text.is_empty() {
            return;
        }
        let index = self.pieces.len();
        self.pieces.push(Piece {
            layers: layers.clone(),
            text,
            part,
        });
        if depth >= MAX_DEPTH {
            return;
        }
        let text = std::mem::take(&mut self.pieces[index].text);
        self.key_carrying_envelope(&text, &layers, part, depth);
        self.packed_strings(&text, &layers, part, depth);
        self.lz_utf16(&text, &layers, part, depth);
        if let Some(escaped) = escaped_words(&text) {
            let room = self.budget.take(escaped.len());
            let decoded = percent_text(prefix(&escaped, room));
            let mut inner = layers.clone();
            inner.push(Encoding::Url);
            self.text(decoded, inner, part, depth + 1);
        }
        // JSON written with its `\uXXXX` escapes (serialisers that keep to
        // ASCII, PHP's `json_encode` by default): `L\u00e9a` is `Léa`. The
        // same text to the person, so no layer of its own; searched as it
        // is, not decoded further (what the escapes hide from the other
        // readers, lz-string's UTF-16 and packed bytes, they read escaped).
        if self.budget.left() > 0 {
            if let Some(unescaped) = json_unescaped(&text) {
                let room = self.budget.take(unescaped.len());
                let text = prefix(&unescaped, room).to_owned();
                if !text.is_empty() {
                    self.pieces.push(Piece {
                        layers: layers.clone(),
                        text,
                        part,
                    });
                }
            }
        }
        for token in hex_tokens(&text) {
            // Hex of text (a hash's hex is no text, and is matched as a
            // form of the value instead).
            let granted = self.budget.take(token.len() / 2);
            let token = &token[..granted * 2];
            let Some(bytes) = decode_hex(token) else {
                continue;
            };
            if let Ok(decoded) = String::from_utf8(bytes) {
                let mut inner = layers.clone();
                inner.push(Encoding::Hex);
                self.text(decoded, inner, part, depth + 1);
            }
        }
        // The request's own address: a path segment may be base64 of its
        // own (LaunchDarkly's `/contexts/<base64url of the user>`), which the
        // run of base64 characters through the slashes before it hides.
        let address = part == Part::Url && layers.is_empty();
        'tokens: for token in base64_tokens(&text) {
            let Some(mut read) = self.base64_token(token, &layers, part, depth) else {
                break;
            };
            // A label joined to the base64 by `_` or `-`, both base64url
            // characters (RudderStack's `RS_ENC_v3_<base64>`): read from
            // after it.
            for rest in after_labels(token) {
                if read {
                    break;
                }
                let Some(now) = self.base64_token(rest, &layers, part, depth) else {
                    break 'tokens;
                };
                read = now;
            }
            if !read && address && token.contains('/') {
                let segments = token.split('/').filter(|s| s.len() >= MIN_BASE64_TOKEN);
                for segment in segments {
                    if self.base64_token(segment, &layers, part, depth).is_none() {
                        break;
                    }
                }
            }
        }
        self.pieces[index].text = text;
    }

    /// One run of base64 characters, read as base64 of text or of a
    /// stream, written backwards, or lz-string: whether it was read as
    /// base64, `None` once the budget is spent (no later token is read).
    fn base64_token(
        &mut self,
        token: &str,
        layers: &[Encoding],
        part: Part,
        depth: usize,
    ) -> Option<bool> {
        // Hex runs (ids, hashes) were read as hex above; hashes are
        // matched as forms of the values.
        if token.bytes().all(is_hex_byte) {
            return Some(false);
        }
        if self.budget.decoded == 0 {
            self.budget.capped = true;
            return None;
        }
        let Some(bytes) = decode_base64_token(token, &mut self.budget) else {
            // Not base64: perhaps written backwards, or lz-string's
            // URI-safe form (`-`, `$`).
            let read = self.reversed_base64(token, layers, part, depth);
            if !read {
                self.lz_string(token, layers.to_vec(), part, depth);
            }
            return Some(read);
        };
        let mut inner = layers.to_vec();
        inner.push(Encoding::Base64);
        // Not text: raw deflate, base64 written backwards, or
        // lz-string, which packs its own alphabet.
        let Err(bytes) = self.base64_payload(bytes, inner.clone(), part, depth) else {
            return Some(true);
        };
        let read = self.raw_deflate(&bytes, &inner, part, depth)
            || self.reversed_base64(token, layers, part, depth);
        if !read {
            self.lz_string(token, layers.to_vec(), part, depth);
        }
        Some(read)
    }

    /// What a base64 token decoded to: a compressed stream, inflated, or
    /// text (UTF-8, or Latin-1 as `btoa` takes it), each read a layer
    /// deeper. The bytes back when they are neither.
    fn base64_payload(
        &mut self,
        bytes: Vec<u8>,
        mut inner: Vec<Encoding>,
        part: Part,
        depth: usize,
    ) -> Result<(), Vec<u8>> {
        if let Some(kind) = stream_kind(&bytes) {
            if let Some((inflated, encoding)) = self.inflate(&bytes, kind) {
                inner.push(encoding);
                self.bytes(&inflated, inner, part, depth + 1);
                return Ok(());
            }
        }
        match String::from_utf8(bytes) {
            Ok(decoded) => self.text(decoded, inner, part, depth + 1),
            Err(e) => {
                let bytes = e.into_bytes();
                let Some(decoded) = latin1_text(&bytes) else {
                    return Err(bytes);
                };
                self.text(decoded, inner, part, depth + 1);
            }
        }
        Ok(())
    }

    /// A base64 token written backwards: Statsig's client sends its
    /// requests as `btoa(body)` reversed (query `se=1`). Its last
    /// characters, put back in order, are the start of what it encodes:
    /// the whole token is reversed and decoded only when they decode to
    /// printable text or a stream's header, which bytes that are not there
    /// by design seldom do (six random bytes are printable about once in
    /// three hundred). Returns whether it was read.
    fn reversed_base64(
        &mut self,
        token: &str,
        layers: &[Encoding],
        part: Part,
        depth: usize,
    ) -> bool {
        let head: Vec<u8> = token.bytes().rev().take(REVERSED_HEAD).collect();
        let Ok(start) = base64_engine(&head).decode(&head) else {
            return false;
        };
        if !start.iter().all(|&b| is_ascii_text(b)) && stream_kind(&start).is_none() {
            return false;
        }
        // Base64 characters are ASCII: reversing the bytes reverses the text.
        let reversed: String = token.chars().rev().collect();
        let Some(bytes) = decode_base64_token(&reversed, &mut self.budget) else {
            return false;
        };
        let mut inner = layers.to_vec();
        inner.push(Encoding::Base64Reversed);
        // A stream's header from a chance head: read only when it inflates
        // to text, so that lz-string is still tried otherwise.
        if let Some(kind) = stream_kind(&bytes) {
            let Some((inflated, encoding)) = self.inflate(&bytes, kind) else {
                return false;
            };
            if !reads_as_text(&inflated) {
                return false;
            }
            inner.push(encoding);
            self.bytes(&inflated, inner, part, depth + 1);
            return true;
        }
        self.base64_payload(bytes, inner, part, depth).is_ok()
    }

    /// CleverTap's "encryption in transit": a JSON envelope of an AES-GCM-256
    /// ciphertext (`itp`, its tag at the end, as WebCrypto writes it), its
    /// key (`itk`) and IV (`itv`), each in base64, that its SDK compresses
    /// with lz-string and sends. The key travels with the data: decrypted.
    /// What it encrypts is what it would have sent, lz-string again, so the
    /// decryption takes no depth of its own; once per chain.
    fn key_carrying_envelope(&mut self, text: &str, layers: &[Encoding], part: Part, depth: usize) {
        use aes_gcm::aead::Aead;
        use aes_gcm::{Aes256Gcm, KeyInit, Nonce};

        // The envelope is a whole JSON object: most texts are told apart by
        // their first character, before any search through them.
        let text = text.trim();
        if layers.contains(&Encoding::Encrypted)
            || !text.starts_with('{')
            || memchr::memmem::find(text.as_bytes(), b"\"itk\"").is_none()
        {
            return;
        }
        let Ok(serde_json::Value::Object(envelope)) = serde_json::from_str(text) else {
            return;
        };
        let field = |name: &str| Some(envelope.get(name)?.as_str()?.trim_end_matches('='));
        let decoded = |value: &str| STANDARD_NO_PAD.decode(value).ok();
        let (Some(sealed), Some(key), Some(iv)) = (
            field("itp"),
            field("itk").and_then(decoded),
            field("itv").and_then(decoded),
        ) else {
            return;
        };
        if key.len() != 32 || iv.len() != 12 {
            return;
        }
        // The ciphertext is paid for before it is decoded, by the length
        // its base64 makes.
        let want = sealed.len() / 4 * 3 + (sealed.len() % 4).saturating_sub(1);
        if self.budget.take(want) < want {
            self.budget.capped = true;
            return;
        }
        let Some(ciphertext) = decoded(sealed) else {
            return;
        };
        let Ok(cipher) = Aes256Gcm::new_from_slice(&key) else {
            return;
        };
        // A tag that does not verify: not what the key encrypted.
        let Ok(plain) = cipher.decrypt(Nonce::from_slice(&iv), ciphertext.as_ref()) else {
            return;
        };
        let mut inner = layers.to_vec();
        inner.push(Encoding::Encrypted);
        self.bytes(&plain, inner, part, depth);
    }

    /// Compressed streams written as JSON strings of bytes, one character
    /// per byte (`String.fromCharCode`, fflate's `strFromU8(data, true)`):
    /// what rrweb's packer makes of each event, `"x\u009c…"`. Inflated, each
    /// a layer deeper.
    fn packed_strings(&mut self, text: &str, layers: &[Encoding], part: Part, depth: usize) {
        let mut tried = 0;
        let bytes = text.as_bytes();
        let starts = memchr::memchr_iter(b'"', bytes).filter(|&at| {
            let rest = &bytes[at + 1..];
            rest.starts_with(b"x") || rest.starts_with(b"\\u001f")
        });
        // Where the last string read ended: a quote before it is inside a
        // string already read (an escaped one), so every byte is read once.
        let mut resume = 0;
        for at in starts {
            if at < resume {
                continue;
            }
            let max = self.budget.decoded;
            let (bytes, read) = json_string_bytes(&text[at + 1..], max);
            if read == 0 {
                // No stream's first bytes: left after reading those.
                continue;
            }
            if tried == MAX_PACKED_STRINGS || max == 0 {
                self.budget.capped = true;
                break;
            }
            // What was read is paid for, a string or not.
            tried += 1;
            resume = at + 1 + read;
            self.budget.take(read);
            let Some(bytes) = bytes else {
                continue;
            };
            if let Some(kind) = stream_kind(&bytes) {
                if let Some((inflated, encoding)) = self.inflate(&bytes, kind) {
                    let mut inner = layers.to_vec();
                    inner.push(encoding);
                    self.bytes(&inflated, inner, part, depth + 1);
                }
            }
        }
    }

    /// A base64 token that is no base64 of text, tried as lz-string
    /// (`compressToBase64`, `compressToEncodedURIComponent`).
    fn lz_string(&mut self, token: &str, layers: Vec<Encoding>, part: Part, depth: usize) {
        self.lz_text(token.len(), layers, part, depth, |max| {
            lz_string::decompress_base64(token, max)
        });
    }

    /// Runs of `compressToUTF16`'s characters in a text, tried as
    /// lz-string.
    fn lz_utf16(&mut self, text: &str, layers: &[Encoding], part: Part, depth: usize) {
        for run in lz_utf16_runs(text) {
            self.lz_text(run.len() * 2, layers.to_vec(), part, depth, |max| {
                lz_string::decompress_utf16(&run, max)
            });
        }
    }

    /// Bytes that are no text (the caller checked), tried as lz-string's
    /// `compressToUint8Array` (what a script sends when it hands that array
    /// to `send`): whether they were read.
    fn lz_uint8(&mut self, bytes: &[u8], layers: &[Encoding], part: Part, depth: usize) -> bool {
        self.lz_text(bytes.len(), layers.to_vec(), part, depth, |max| {
            lz_string::decompress_uint8(bytes, max)
        })
    }

    /// What `decompress` makes of `input_len` bytes of lz-string output,
    /// within the caps, read as text a layer deeper: whether it was read.
    fn lz_text(
        &mut self,
        input_len: usize,
        layers: Vec<Encoding>,
        part: Part,
        depth: usize,
        decompress: impl FnOnce(usize) -> Option<(String, bool)>,
    ) -> bool {
        // lz-string packs real payloads (JSON, replay events) about ten to
        // one: far more output from one token is a decoy's.
        let max = self
            .budget
            .decoded
            .min(self.budget.inflated)
            .min(input_len.saturating_mul(MAX_LZ_RATIO));
        if max < MIN_TOKEN_COST {
            self.budget.capped = true;
            return false;
        }
        let Some((text, cut)) = decompress(max) else {
            return false;
        };
        self.budget.capped |= cut;
        self.budget.inflated = self.budget.inflated.saturating_sub(text.len());
        self.budget.decoded = self.budget.decoded.saturating_sub(text.len());
        let mut inner = layers;
        inner.push(Encoding::LzString);
        self.text(text, inner, part, depth + 1);
        true
    }

    /// Inflates one stream within the cap; `None` when it is not one.
    fn inflate(&mut self, bytes: &[u8], kind: Stream) -> Option<(Vec<u8>, Encoding)> {
        if self.budget.inflated == 0 {
            self.budget.capped = true;
            return None;
        }
        let limit = self.budget.inflated;
        let (result, encoding) = match kind {
            Stream::Gzip => (
                miniz_oxide::inflate::decompress_to_vec_with_limit(gzip_payload(bytes)?, limit),
                Encoding::Gzip,
            ),
            Stream::Zlib => (
                miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, limit),
                Encoding::Deflate,
            ),
            Stream::Raw => (
                miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, limit),
                Encoding::Deflate,
            ),
        };
        use miniz_oxide::inflate::TINFLStatus;
        let out = match result {
            Ok(out) => out,
            Err(e) if e.status == TINFLStatus::HasMoreOutput => {
                self.budget.capped = true;
                e.output
            }
            // A stream cut short (a body truncated by the shell) still
            // yields what it holds.
            Err(e) if e.status == TINFLStatus::FailedCannotMakeProgress && !e.output.is_empty() => {
                e.output
            }
            Err(_) => return None,
        };
        self.budget.inflated -= out.len().min(self.budget.inflated);
        Some((out, encoding))
    }
}

/// Bytes as text: what is not UTF-8 becomes one space per run of invalid
/// sequences (not a three-byte U+FFFD each, which would triple a binary
/// body before the automaton reads it; a space also separates tokens).
///
/// One pass over the bytes, writing by index: a binary body has an invalid
/// sequence every few bytes, and a call per sequence (the standard
/// library's chunked lossy reading) made this the costliest step of
/// decoding one.
fn lossy_text(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len()];
    let mut written = 0;
    let mut at = 0;
    let mut after_invalid = false;
    while at < bytes.len() {
        let b = bytes[at];
        let len = if b < 0x80 {
            1
        } else {
            utf8_sequence_len(&bytes[at..])
        };
        if len == 0 {
            // One space for a run of invalid bytes.
            if !after_invalid {
                out[written] = b' ';
                written += 1;
                after_invalid = true;
            }
            at += 1;
            continue;
        }
        after_invalid = false;
        let mut i = 0;
        while i < len {
            out[written + i] = bytes[at + i];
            i += 1;
        }
        written += len;
        at += len;
    }
    out.truncate(written);
    // Only whole well-formed sequences and spaces were copied: this holds.
    String::from_utf8(out).unwrap_or_default()
}

/// The length of the well-formed UTF-8 sequence `bytes` start with (its
/// first byte non-ASCII), or 0 when they start with none (Unicode's table
/// of well-formed byte sequences: no overlong forms, no surrogates, nothing
/// past U+10FFFF).
fn utf8_sequence_len(bytes: &[u8]) -> usize {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let tail = |b: u8| (0x80..=0xbf).contains(&b);
    let (len, second) = match at(0) {
        0xc2..=0xdf => (2, 0x80..=0xbf),
        0xe0 => (3, 0xa0..=0xbf),
        0xe1..=0xec | 0xee..=0xef => (3, 0x80..=0xbf),
        0xed => (3, 0x80..=0x9f),
        0xf0 => (4, 0x90..=0xbf),
        0xf1..=0xf3 => (4, 0x80..=0xbf),
        0xf4 => (4, 0x80..=0x8f),
        _ => return 0,
    };
    if !second.contains(&at(1)) || (len > 2 && !tail(at(2))) || (len > 3 && !tail(at(3))) {
        return 0;
    }
    len
}

/// The bytes of a JSON string of bytes (each character U+0000 to U+00FF
/// one byte), read from just after its opening quote to its closing one,
/// at most `max` of them, and how many bytes of `text` were read. A string
/// whose first bytes start no compressed stream is left there, as read 0;
/// any other text, or a string longer than `max`, gives `None`.
fn json_string_bytes(text: &str, max: usize) -> (Option<Vec<u8>>, usize) {
    let mut out = Vec::new();
    let mut chars = text.char_indices();
    let read = |chars: &std::str::CharIndices| text.len() - chars.as_str().len();
    // Not a string of bytes: free before a stream's first bytes were seen,
    // paid for after.
    let refuse =
        |len: usize, chars: &std::str::CharIndices| (None, if len < 3 { 0 } else { read(chars) });
    loop {
        let Some((_, c)) = chars.next() else {
            return (None, read(&chars));
        };
        let c = match c {
            '"' if out.len() < 3 => return (None, 0),
            '"' => return (Some(out), read(&chars)),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('b') => '\u{8}',
                Some('f') => '\u{c}',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('t') => '\t',
                Some('u') => {
                    let at = read(&chars);
                    let code = text
                        .get(at..at + 4)
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                        .and_then(char::from_u32);
                    match code {
                        Some(c) => {
                            chars.nth(3);
                            c
                        }
                        None => return refuse(out.len(), &chars),
                    }
                }
                Some(other) => other,
                None => return refuse(out.len(), &chars),
            },
            c => c,
        };
        let Ok(byte) = u8::try_from(u32::from(c)) else {
            return refuse(out.len(), &chars);
        };
        out.push(byte);
        if out.len() == 3 && stream_kind(&out).is_none() {
            return (None, 0);
        }
        if out.len() > max {
            return (None, read(&chars));
        }
    }
}

/// Runs of `compressToUTF16`'s characters (U+0020 to U+801F) in a text,
/// each as its UTF-16 code units, a JSON string's `\"`, `\\` and `\uXXXX`
/// read as the characters they stand for; at most `MAX_LZ_UTF16_RUNS`. A run starts
/// at its first character past ASCII (real output's first holds the kind
/// of the first character and that character's low bits reversed, U+1020
/// or above for any printable one), and counts when at least half of its
/// characters are past ASCII, as the output's are (its characters spread
/// over 32,768 codes) and a text in a Latin script's are not.
fn lz_utf16_runs(text: &str) -> Vec<Vec<u16>> {
    let mut runs = Vec::new();
    if text.is_ascii() && !text.contains("\\u") {
        return runs;
    }
    let mut run: Vec<u16> = Vec::new();
    let mut wide = 0usize;
    let end = |run: &mut Vec<u16>, wide: &mut usize, runs: &mut Vec<Vec<u16>>| {
        if run.len() >= MIN_LZ_UTF16 && *wide * 2 >= run.len() {
            runs.push(std::mem::take(run));
        } else {
            run.clear();
        }
        *wide = 0;
    };
    let mut chars = text.chars().peekable();
    while let Some(mut c) = chars.next() {
        if runs.len() == MAX_LZ_UTF16_RUNS {
            return runs;
        }
        match c {
            '\\' => match chars.peek() {
                Some(&next @ ('"' | '\\')) => {
                    chars.next();
                    c = next;
                }
                // An encoder that writes every character past ASCII as
                // `\uXXXX` (JSON that must stay ASCII).
                Some('u') => {
                    let mut ahead = chars.clone();
                    ahead.next();
                    let hex: String = ahead.by_ref().take(4).collect();
                    let escaped = (hex.len() == 4)
                        .then(|| u32::from_str_radix(&hex, 16).ok())
                        .flatten()
                        .and_then(char::from_u32);
                    if let Some(escaped) = escaped {
                        chars = ahead;
                        c = escaped;
                    }
                }
                _ => {}
            },
            '"' => {
                end(&mut run, &mut wide, &mut runs);
                continue;
            }
            _ => {}
        }
        let code = u32::from(c);
        if !(0x20..=0x801f).contains(&code) {
            end(&mut run, &mut wide, &mut runs);
            continue;
        }
        if run.is_empty() && code < 0x80 {
            continue;
        }
        wide += usize::from(code >= 0x80);
        run.push(code as u16);
    }
    if runs.len() < MAX_LZ_UTF16_RUNS {
        end(&mut run, &mut wide, &mut runs);
    }
    runs
}

/// A compressed stream's kind from its first bytes: the gzip magic
/// (RFC 1952), or a zlib header (RFC 1950: deflate, 32 KiB window or less,
/// header check multiple of 31).
fn stream_kind(bytes: &[u8]) -> Option<Stream> {
    match bytes {
        [0x1f, 0x8b, 8, ..] => Some(Stream::Gzip),
        [cmf, flg, ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 =>
        {
            Some(Stream::Zlib)
        }
        _ => None,
    }
}

/// `text` with its percent escapes decoded run by run: a run of `%XX`
/// that is UTF-8 (`encodeURIComponent`) as UTF-8, one of Latin-1 letters
/// and signs only (the legacy `escape()` writes "é" as `%E9`) as Latin-1,
/// any other lossily; what lies between runs as it is. One run's encoding
/// never decides another's (`Zo%C3%A9` beside `%E9t%E9` stays "Zoé").
fn percent_text(text: &str) -> String {
    // Mostly UTF-8 throughout, as escapes are usually written: one pass.
    if let Ok(decoded) = percent_decode(text.as_bytes()).decode_utf8() {
        return decoded.into_owned();
    }
    let bytes = text.as_bytes();
    let escape_at = |at: usize| {
        bytes[at] == b'%'
            && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit)
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        while at < bytes.len() && !escape_at(at) {
            at += 1;
        }
        // `at` stops at an ASCII `%` or at the end: a character boundary.
        out.push_str(&text[start..at]);
        let run = at;
        while at < bytes.len() && escape_at(at) {
            at += 3;
        }
        if run == at {
            continue;
        }
        let decoded: Vec<u8> = percent_decode(&bytes[run..at]).collect();
        match String::from_utf8(decoded) {
            Ok(run) => out.push_str(&run),
            Err(e) if e.as_bytes().iter().all(|&b| b >= 0xa0) => {
                out.extend(e.as_bytes().iter().map(|&b| char::from(b)));
            }
            Err(e) => out.push_str(&String::from_utf8_lossy(e.as_bytes())),
        }
    }
    out
}

/// Bytes that are no UTF-8 read as Latin-1 text, as `btoa` encodes a
/// string (one byte per character up to U+00FF: `btoa('Léa')` holds the
/// byte E9). Every byte printable ASCII, whitespace or a Latin-1 letter or
/// sign (A0–FF), none of the C0 and C1 controls binary bytes are full of,
/// and at most one in eight past ASCII (accents in words; random bytes
/// that happen to avoid the controls are half Latin-1 signs, and may be
/// lz-string, tried next). `None` when they are not.
fn latin1_text(bytes: &[u8]) -> Option<String> {
    let mut high = 0;
    for &b in bytes {
        match b {
            0xa0..=0xff => high += 1,
            _ if is_ascii_text(b) => {}
            _ => return None,
        }
    }
    (high * 8 <= bytes.len()).then(|| bytes.iter().map(|&b| char::from(b)).collect())
}

/// A byte of ASCII text: printable, or a tab or line break.
fn is_ascii_text(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r')
}

/// Inflated bytes that read as text: UTF-8 (the last character may be
/// cut), at least [`MIN_RAW_DEFLATE`] bytes of it, and at most one byte in
/// sixteen a control character but whitespace (a record separator per JSON
/// text, a stray NUL: text's too; garbage that is valid UTF-8 is mostly
/// ASCII, of which one byte in four is a control).
fn reads_as_text(bytes: &[u8]) -> bool {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => return false,
    };
    let controls = bytes[..valid]
        .iter()
        .filter(|&&b| (b < 0x20 || b == 0x7f) && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    valid >= MIN_RAW_DEFLATE && controls <= 1 + valid / 16
}

/// The deflate data of a gzip member: the header (RFC 1952 §2.3) skipped.
fn gzip_payload(bytes: &[u8]) -> Option<&[u8]> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let flags = *bytes.get(3)?;
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = usize::from(*bytes.get(at)?) | usize::from(*bytes.get(at + 1)?) << 8;
        at += 2 + len;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            at += bytes.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    bytes.get(at..)
}

/// The bodies of the parts of a `multipart/form-data` body, found by the
/// boundary its first line declares; past MAX_PARTS parts, the rest of the
/// body as one more piece, headers and boundaries in it (a form of many
/// fields is still searched to its end).
fn multipart_parts(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let first_line_end = bytes.iter().take(200).position(|&b| b == b'\n')?;
    let boundary = bytes[..first_line_end]
        .strip_suffix(b"\r")
        .unwrap_or(&bytes[..first_line_end]);
    if boundary.len() < 4 || !boundary.starts_with(b"--") || boundary.contains(&b' ') {
        return None;
    }
    let mut parts = vec![];
    let mut rest = &bytes[first_line_end + 1..];
    loop {
        if parts.len() == MAX_PARTS {
            parts.push(rest);
            break;
        }
        let end = find(rest, boundary).unwrap_or(rest.len());
        let part = &rest[..end];
        // Headers end at the first empty line.
        let body = find(part, b"\r\n\r\n")
            .map(|i| &part[i + 4..])
            .or_else(|| find(part, b"\n\n").map(|i| &part[i + 2..]))
            .unwrap_or(part);
        let body = body
            .strip_suffix(b"\r\n")
            .or_else(|| body.strip_suffix(b"\n"))
            .unwrap_or(body);
        parts.push(body);
        if end + boundary.len() >= rest.len() {
            break;
        }
        rest = &rest[end + boundary.len()..];
        if rest.starts_with(b"--") {
            break;
        }
    }
    Some(parts)
}

/// The first position of `needle` in `haystack` (a linear search for the
/// short needles used here: a boundary, an empty line).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut at = 0;
    while let Some(n) = haystack[at..].iter().position(|&b| b == first) {
        let start = at + n;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        at = start + 1;
        if at + needle.len() > haystack.len() {
            return None;
        }
    }
    None
}

/// True when `bytes` hold a `%XX` escape: only then can URL-decoding reveal
/// anything.
/// (Decoding finds escapes word by word, in [`escaped_words`].)
#[cfg(test)]
pub(crate) fn has_percent_escape(bytes: &[u8]) -> bool {
    let hex = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|&b| CLASS[usize::from(b)] & HEX != 0)
    };
    memchr::memchr_iter(b'%', bytes).any(|percent| hex(percent + 1) && hex(percent + 2))
}

/// The part of `text` URL-decoding can change: its words (runs between
/// ASCII whitespace, which URL-encoding never leaves in clear) that hold a
/// `%XX` escape, each with the words on either side (a value half escaped,
/// `Zo%C3%A9 Canarybird`), in order, joined by a space; `None` without any
/// escape. A form body or a URL is one word, decoded whole; in a binary
/// body read as text, an accidental `%41` no longer makes a copy of all of
/// it for the next layer to read again.
fn escaped_words(text: &str) -> Option<Cow<'_, str>> {
    let bytes = text.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let hex = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|&b| CLASS[usize::from(b)] & HEX != 0)
    };
    // From each escape not yet covered: its word, the word before and the
    // word after; spans that touch are merged. The work follows the
    // escapes, not the length of the text.
    let mut spans: Vec<(usize, usize)> = vec![];
    for percent in memchr::memchr_iter(b'%', bytes) {
        if !(hex(percent + 1) && hex(percent + 2)) {
            continue;
        }
        if spans.last().is_some_and(|&(_, end)| percent < end) {
            continue;
        }
        let mut start = percent;
        while start > 0 && !space(bytes[start - 1]) {
            start -= 1;
        }
        while start > 0 && space(bytes[start - 1]) {
            start -= 1;
        }
        while start > 0 && !space(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = percent;
        while end < bytes.len() && !space(bytes[end]) {
            end += 1;
        }
        while end < bytes.len() && space(bytes[end]) {
            end += 1;
        }
        while end < bytes.len() && !space(bytes[end]) {
            end += 1;
        }
        // A span that began in whitespace (the escaped word first) starts at
        // its word.
        while start < percent && space(bytes[start]) {
            start += 1;
        }
        match spans.last_mut() {
            Some(span) if start <= span.1 => span.1 = span.1.max(end),
            _ => spans.push((start, end)),
        }
    }
    let first = bytes.iter().position(|&b| !space(b))?;
    let last = bytes
        .iter()
        .rposition(|&b| !space(b))
        .map_or(bytes.len(), |i| i + 1);
    match spans.as_slice() {
        [] => None,
        [(start, end)] if *start <= first && *end >= last => Some(Cow::Borrowed(text)),
        _ => {
            // Cuts fall at ASCII whitespace: on character boundaries.
            let parts: Vec<&str> = spans.iter().filter_map(|&(a, b)| text.get(a..b)).collect();
            Some(Cow::Owned(crate::messages::finding::join(&parts, " ")))
        }
    }
}

/// `text` with JSON's `\uXXXX` escapes written out (a surrogate pair as its
/// one character; a lone surrogate left escaped) and `\/` as `/`; `None`
/// when it holds no `\u` escape.
fn json_unescaped(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let digits = text.get(at + 2..at + 6)?;
        (bytes.get(at) == Some(&b'\\')
            && bytes.get(at + 1) == Some(&b'u')
            && digits.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u16::from_str_radix(digits, 16).ok())
        .flatten()
    };
    // Most texts with a backslash escape quotes, not characters.
    memchr::memchr_iter(b'\\', bytes).find(|&at| bytes.get(at + 1) == Some(&b'u'))?;
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut written = false;
    let mut next = memchr::memchr(b'\\', bytes);
    while let Some(at) = next {
        // How long the escape at `at` is, and what it stands for when it is
        // written out; an escaped backslash is kept, with what follows it.
        let (len, by) = match bytes.get(at + 1) {
            Some(b'\\') => (2, None),
            Some(b'/') => (2, Some('/')),
            _ => match unit(at) {
                Some(high) => {
                    let low = unit(at + 6).filter(|_| (0xD800..0xDC00).contains(&high));
                    let pair = low.and_then(|low| char::decode_utf16([high, low]).next()?.ok());
                    match pair.or_else(|| char::from_u32(u32::from(high))) {
                        Some(c) => {
                            written = true;
                            (if pair.is_some() { 12 } else { 6 }, Some(c))
                        }
                        None => (1, None),
                    }
                }
                None => (1, None),
            },
        };
        if let Some(c) = by {
            out.push_str(&text[copied..at]);
            out.push(c);
            copied = at + len;
        }
        next = memchr::memchr(b'\\', &bytes[at + len..]).map(|i| at + len + i);
    }
    out.push_str(&text[copied..]);
    written.then_some(out)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if max >= text.len() {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Byte classes as tables: the release build optimises for size and does not
/// inline `is_ascii_*`, and these run on every byte of every request.
const BASE64: u8 = 1;
pub(crate) const DIGIT: u8 = 2;
const HEX: u8 = 4;
pub(crate) static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        // `$` only for lz-string's URI-safe alphabet.
        if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'-' | b'_' | b'$') {
            table[b] |= BASE64;
        }
        if c.is_ascii_digit() {
            table[b] |= DIGIT;
        }
        if c.is_ascii_hexdigit() {
            table[b] |= HEX;
        }
        b += 1;
    }
    table
};

#[inline(always)]
fn is_base64_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & BASE64 != 0
}

/// Runs of base64 characters (either alphabet) long enough to hold a value.
/// Padding ends a run (`d=eyJ…` is the name `d` and a token). They are
/// ASCII, so the text is split on bytes: every cut falls between characters.
fn base64_tokens(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Index loops, not iterator adapters: the release build optimises for
    // size, does not inline closures, and this reads every byte.
    std::iter::from_fn(move || {
        while at < bytes.len() {
            while at < bytes.len() && !is_base64_byte(bytes[at]) {
                at += 1;
            }
            let start = at;
            let mut end = start;
            while end < bytes.len() && is_base64_byte(bytes[end]) {
                if bytes[end] == b'=' {
                    while end < bytes.len() && bytes[end] == b'=' {
                        end += 1;
                    }
                    break;
                }
                end += 1;
            }
            at = end;
            if end - start >= MIN_BASE64_TOKEN {
                return text.get(start..end);
            }
        }
        None
    })
}

/// The longest label a token may start with, joined to its base64 by `_`
/// or `-`.
const MAX_LABEL: usize = 16;

/// What follows each `_` or `-` in the first [`MAX_LABEL`] characters of a
/// token that starts with a letter, as a label does (`RS_ENC_v3_`), when
/// what is left can hold a value: the token read from each of them,
/// nearest first. A run of base64url characters has these anywhere, so a
/// token is tried at most a few more times.
fn after_labels(token: &str) -> impl Iterator<Item = &str> {
    let bytes = token.as_bytes();
    let head = bytes.len().min(MAX_LABEL + 1);
    let labelled = bytes.first().is_some_and(u8::is_ascii_alphabetic);
    (1..head)
        .filter(move |&i| labelled && matches!(bytes[i - 1], b'_' | b'-'))
        .filter(move |&i| bytes.len() - i >= MIN_BASE64_TOKEN)
        .filter_map(move |i| token.get(i..))
}

/// Runs of hex digits long enough to hold a value written in hex, of even
/// length.
fn hex_tokens(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            while at < bytes.len() && !is_hex_byte(bytes[at]) {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && is_hex_byte(bytes[at]) {
                at += 1;
            }
            let len = (at - start) & !1;
            if len >= MIN_HEX_TOKEN {
                return text.get(start..start + len);
            }
        }
        None
    })
}

#[inline(always)]
fn is_hex_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & HEX != 0
}

/// The bytes of an even run of hex digits.
pub(crate) fn decode_hex(token: &str) -> Option<Vec<u8>> {
    let value = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut i = 0;
    while i + 1 < bytes.len() {
        out.push(value(bytes[i])? << 4 | value(bytes[i + 1])?);
        i += 2;
    }
    Some(out)
}

/// Base64 as browsers read it (`atob`'s forgiving decode): the bits past
/// the last whole byte are let go rather than refused, as they are in a
/// token cut short (a body or URL cut at a cap; a cut almost always leaves
/// some), and padding is taken off before.
const FORGIVING: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::RequireNone)
    .with_decode_allow_trailing_bits(true);
const STANDARD_FORGIVING: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, FORGIVING);
const URL_SAFE_FORGIVING: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, FORGIVING);

/// The alphabet `bytes` are written in. The two differ only in `+/`
/// against `-_`: a token with neither decodes the same in both, and one
/// with both in neither.
fn base64_engine(bytes: &[u8]) -> &'static GeneralPurpose {
    if bytes.iter().any(|&b| b == b'-' || b == b'_') {
        &URL_SAFE_FORGIVING
    } else {
        &STANDARD_FORGIVING
    }
}

/// Decodes one token as base64 (standard or URL-safe alphabet, padding
/// optional), within the budget: a token longer than the budget allows is
/// decoded only as far as it does. `None` when it is not base64.
fn decode_base64_token(token: &str, budget: &mut Budget) -> Option<Vec<u8>> {
    let mut trimmed = token.trim_end_matches('=');
    // Four base64 characters make three bytes: one left over carries no
    // whole byte (a token cut there), and is let go.
    if trimmed.len() % 4 == 1 {
        let last = trimmed.char_indices().last().map_or(0, |(at, _)| at);
        trimmed = &trimmed[..last];
    }
    let bytes = trimmed.as_bytes();
    if bytes.contains(&b'$') || (bytes.contains(&b'-') && bytes.contains(&b'+')) {
        return None;
    }
    let want = trimmed.len() / 4 * 3 + (trimmed.len() % 4).saturating_sub(1);
    let granted = budget.take(want);
    let input = if granted < want {
        &trimmed[..granted / 3 * 4]
    } else {
        trimmed
    };
    if input.is_empty() {
        return None;
    }
    let decoded = base64_engine(bytes).decode(input).ok()?;
    if granted < want {
        // A token cut by the budget may end inside a character: keep the
        // whole characters before it when it is text.
        if let Err(e) = std::str::from_utf8(&decoded) {
            if e.error_len().is_none() {
                let mut decoded = decoded;
                decoded.truncate(e.valid_up_to());
                return Some(decoded);
            }
        }
    }
    Some(decoded)
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_escapes_are_written_out() {
        assert_eq!(
            json_unescaped(r#"{"name":"L\u00e9a DUPR\u00c9","site":"https:\/\/x.fr"}"#).as_deref(),
            Some(r#"{"name":"Léa DUPRÉ","site":"https://x.fr"}"#)
        );
        // A pair of surrogates is one character; a lone one, or an escaped
        // backslash before `u`, stays as written.
        assert_eq!(json_unescaped(r"\ud83d\ude00!").as_deref(), Some("😀!"));
        assert_eq!(
            json_unescaped(r"\ud83d \u00e9").as_deref(),
            Some(r"\ud83d é")
        );
        assert_eq!(json_unescaped(r"\ud83dXude00"), None);
        assert_eq!(
            json_unescaped(r"\\u00e9 \u00e9").as_deref(),
            Some(r"\\u00e9 é")
        );
        for none in [r#"{"a":"b\"c"}"#, r"\u00e", r"\\u00e9", "plain", r"\uZZZZ"] {
            assert_eq!(json_unescaped(none), None, "{none}");
        }
        // Cut anywhere, it never panics.
        let text = r"a\u00e9\ud83d\ude00é\u";
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let _ = json_unescaped(&text[..end]);
        }
    }

    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    fn layers_of(d: &Decoded, needle: &str) -> Vec<Vec<&'static str>> {
        d.pieces
            .iter()
            .filter(|p| p.text.contains(needle))
            .map(|p| p.layers.iter().map(|e| e.as_str()).collect())
            .collect()
    }

    /// `len` bytes of a xorshift sequence from `seed` (left where it ends).
    fn pseudo_random(seed: &mut u32, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 17;
                *seed ^= *seed << 5;
                *seed as u8
            })
            .collect()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
        out.extend([0; 8]);
        out
    }

    #[test]
    fn gzip_bodies_are_inflated_whether_declared_or_not() {
        let body = gzip(br#"{"type":"identify","traits":{"email":"ada@example.org","plan":"identify"},"type2":"identify"}"#);
        for declared in [Some("gzip"), None] {
            let d = decode("https://a.example/", Some(Body::Bytes(&body)), declared);
            assert_eq!(layers_of(&d, "ada@example.org"), [["gzip"]]);
        }
    }

    #[test]
    fn base64_cut_short_is_read_as_far_as_it_goes() {
        // A body of base64 cut at a cap (the shell's, the engine's): a cut
        // leaves one to three characters past the last whole group, and
        // almost always bits past the last whole byte. The address sits at
        // each offset from a group's start.
        for pad in 0..3 {
            let json = format!(
                r#"{{"p":"{}","usr":{{"email":"ada@example.org"}},"events":"{}"}}"#,
                "q".repeat(pad),
                "x".repeat(600)
            );
            let encoded = STANDARD.encode(&json);
            for cut in 0..4 {
                let body = format!("payload={}", &encoded[..encoded.len() - 40 - cut]);
                let d = decode(
                    "https://a.example/",
                    Some(Body::Bytes(body.as_bytes())),
                    None,
                );
                assert_eq!(
                    layers_of(&d, "ada@example.org"),
                    [["base64"]],
                    "pad {pad}, cut {cut}"
                );
            }
        }
    }

    #[test]
    fn a_multipart_body_of_many_parts_is_searched_to_its_end() {
        // A form of 40 fields (a FormData the hooks read), the address in
        // the 36th: past the parts read one by one, the rest is read whole.
        let mut body = String::new();
        for i in 0..40 {
            let value = if i == 35 {
                "ada@example.org".to_owned()
            } else {
                format!("v{i}")
            };
            body.push_str(&format!(
                "------b\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str("------b--\r\n");
        let d = decode(
            "https://a.example/",
            Some(Body::Bytes(body.as_bytes())),
            None,
        );
        assert_eq!(layers_of(&d, "ada@example.org"), [Vec::<&str>::new()]);
    }

    /// `btoa(body)`, written backwards, as Statsig's client sends it.
    fn reversed_base64(body: &[u8]) -> String {
        STANDARD.encode(body).chars().rev().collect()
    }

    #[test]
    fn base64_written_backwards_is_read_whatever_its_padding() {
        // Three lengths: no padding, one `=`, two (which then lead the body).
        for extra in ["", "a", "ab"] {
            let json = format!(
                r#"{{"user":{{"userID":"ada@example.org","email":"ada@example.org","custom":{{"p":"{extra}"}}}},"hash":"djb2"}}"#
            );
            let body = reversed_base64(json.as_bytes());
            let url = "https://featureassets.example/v1/initialize?k=client-x&se=1";
            let d = decode(url, Some(Body::Bytes(body.as_bytes())), None);
            assert_eq!(
                layers_of(&d, "ada@example.org"),
                [["base64Reversed"]],
                "{body}"
            );
            assert!(!d.capped);
        }
        // A compressed stream written so.
        let body = reversed_base64(&gzip(br#"{"email":"ada@example.org"}"#));
        let d = decode(
            "https://a.example/",
            Some(Body::Bytes(body.as_bytes())),
            None,
        );
        assert_eq!(
            layers_of(&d, "ada@example.org"),
            [["base64Reversed", "gzip"]]
        );
    }

    #[test]
    fn random_tokens_are_not_read_backwards() {
        let mut seed = 0x9e37_79b9;
        let mut read = 0;
        for len in (12..300).cycle().take(4000) {
            let token = STANDARD.encode(pseudo_random(&mut seed, len));
            for token in [token.clone(), token.chars().rev().collect()] {
                let d = decode("https://a.example/", Some(Body::Text(&token)), None);
                read += d
                    .pieces
                    .iter()
                    .filter(|p| p.layers.contains(&Encoding::Base64Reversed))
                    .count();
            }
        }
        assert_eq!(read, 0);
    }

    #[test]
    fn base64_of_latin1_text_is_read_as_btoa_wrote_it() {
        // `btoa` takes a string of characters up to U+00FF, one byte each:
        // "Léa" is 4C E9 61, no UTF-8.
        let latin1: Vec<u8> = r#"{"email":"ada@example.org","name":"Léa Fontaine"}"#
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        assert!(std::str::from_utf8(&latin1).is_err());
        for body in [STANDARD.encode(&latin1), reversed_base64(&latin1)] {
            let d = decode("https://a.example/", Some(Body::Text(&body)), None);
            assert_eq!(layers_of(&d, "Léa Fontaine").len(), 1, "{body}");
            assert_eq!(layers_of(&d, "ada@example.org").len(), 1, "{body}");
        }
        // Bytes with controls, or mostly past ASCII, are no such text.
        assert_eq!(latin1_text(b"ada\x01@example.org"), None);
        assert_eq!(latin1_text(&[0xe9; 16]), None);
        assert_eq!(
            latin1_text(b"L\xe9a Fontaine").as_deref(),
            Some("Léa Fontaine")
        );
    }

    #[test]
    fn an_envelope_carrying_its_own_aes_key_is_decrypted() {
        // CleverTap's encryption in transit, made by Node's crypto
        // (AES-256-GCM, the tag after the ciphertext, as WebCrypto's).
        let envelope = r#"{"itp":"vWNeWTy7Z51YR/ehaBypshWOdTLixS0K9WJDpEXQV0+zGyLdlQASWT68SKd/H++YJH5kZECVdx8oMilkhhHh0fTZ/Q5d1YiF2o2Nf62zsedRXEz8ucJuHiBzO8QhwGkM","itk":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","itv":"oKGio6Slpqeoqaqr","id":"ZWW-WWW-WWRZ","encrypted":true}"#;
        let d = decode(
            "https://eu1.clevertap-prod.com/a",
            Some(Body::Text(envelope)),
            None,
        );
        assert_eq!(layers_of(&d, "ada@example.org"), [["encrypted"]]);
        assert_eq!(layers_of(&d, "Ada Lovelace"), [["encrypted"]]);
        // In the URL, lz-string in base64 as the SDK sends it.
        // (Made by lz-string 1.5.0's compressToBase64, then encodeURIComponent.)
        let url = "https://eu1.clevertap-prod.com/a?t=96&d=N4IglgLgDiBcIDcDqA5ApkgKgTwOwC0BWARgE0AlAejQAsBDAIWygGcakB5AE0wBkwAHgGUADAGkAnEgBSAESgBRABoBFAGoiA1AC8A4tl5cANioCCQrADYAHELFdKACU2bS0x4QDW%2BBQGE1XALWAPYAsmBGnjQ0jjQiAGaY%2BJQqhFxkYABiAEzB2SjxltnaLGhc5EoK2tYArgDG0jWOYAzaHNYqNADuup6hIAA04BCecCCmpn6mXSqZDADmdQCSvirBvLKmIhyyAqbkCjShAKqZ5KRKugyedLoCXVyx1gC8g8MIY8FiumDBlkJGKAARzQwSBdCBACc3mAuGN8EgkABaRHIxHkfBvNAAOzqkOYEDKcAgkJqaAAvkA%3D%3D%3D";
        let d = decode(url, None, None);
        assert_eq!(
            layers_of(&d, "ada@example.org"),
            [["url", "lzString", "encrypted"]]
        );
        // What the SDK encrypts is the `d` it would have sent: lz-string in
        // base64, inside the envelope, itself lz-string in base64 in the URL.
        // (Node's crypto and lz-string 1.5.0, as above.)
        let url = "https://eu1.clevertap-prod.com/a?t=96&d=N4IglgLgDiBcIEcDCB3AjAZQOYFsDOARgHK4CCAbgKYBsASrTgFJ4AqACmwBIYAyLAXgEUAsqQDUABgA2AYwAsLAFZIAkgDUei0rQDiY6hIDWtSrQDsPAGYIiATTYAOAIZyAomiwALJIIDqGABMwPFICAFUUBwBWAA9LGSwHfgBOGP40M34CJwANcgIAeSiwgFcwNjBKAuEWKIA7MKlqHls7FU8A5JLXBxR%2BHKgCqVdqQwwAMRY8HIBpFRKAJiQJDE4CpyccflIAeywAXhAAGnAIQzgQUlJXJFIUQXGAISwZFR8dngARUgkCz5jtK5PMIwuNaLYcjpHoYnDoYigApxPA5DidIOQLjsZjowDtqBgpFAEJQdggnAgAE7HcABC4ALV8vgAtIzmYzaHTqZQ6jIKQBPKAQSi02AQCklSgAXyAA%3D%3D%3D";
        let d = decode(url, None, None);
        assert_eq!(
            layers_of(&d, "ada@example.org"),
            [["url", "lzString", "encrypted", "lzString"]]
        );
        // Another key, a tag that does not verify, or no key: nothing read,
        // nothing broken.
        for (from, to) in [
            ("AAECAwQF", "AQECAwQF"),
            ("GkM\"", "GkN\""),
            (r#""itk""#, r#""itx""#),
        ] {
            let altered = envelope.replace(from, to);
            let d = decode("https://a.example/", Some(Body::Text(&altered)), None);
            assert!(layers_of(&d, "ada@example.org").is_empty(), "{from}");
        }
    }

    #[test]
    fn base64_after_a_label_joined_by_an_underscore_or_dash_is_read() {
        // RudderStack's storage encoding, `RS_ENC_v3_` and base64, as its
        // SDK posts the user's cookies (`useServerSideCookies`); a label
        // joined by `-`; a token of no label at all is read as it was.
        let json = r#"{"traits":{"email":"ada@example.org","name":"Ada Lovelace"}}"#;
        for body in [
            format!(
                r#"{{"cookies":[{{"value":"RS_ENC_v3_{}"}}]}}"#,
                STANDARD.encode(json)
            ),
            format!("v=enc-{}", STANDARD.encode(json)),
            format!("v=K9_{}", URL_SAFE_NO_PAD.encode(json)),
        ] {
            let d = decode("https://a.example/", Some(Body::Text(&body)), None);
            assert_eq!(layers_of(&d, "ada@example.org"), [["base64"]], "{body}");
        }
        // The cuts are few, in a short label at the token's start only.
        let token = format!("RS_ENC_v3_{}", STANDARD.encode(json));
        let cuts: Vec<&str> = after_labels(&token).collect();
        assert_eq!(cuts.len(), 3);
        assert!(cuts[2].starts_with("eyJ"));
        assert_eq!(after_labels("_abcdefghijklmnopqrstuvwxyz").count(), 0);
        assert_eq!(
            after_labels("abcdefghijklmnopqrst_uvwxyz0123456789").count(),
            0
        );
        assert_eq!(after_labels("ab_cdefghij").count(), 0);
    }

    #[test]
    fn latin1_escapes_of_the_legacy_escape_function_are_read() {
        // `escape("Léa Fontaine")`: é as %E9, no UTF-8.
        let d = decode(
            "https://stats.example/collect?n=L%E9a%20Fontaine&e=lea%40example.org",
            None,
            None,
        );
        assert_eq!(layers_of(&d, "Léa Fontaine"), [["url"]]);
        // Each run of escapes is read on its own: UTF-8 beside Latin-1.
        let d = decode(
            "https://stats.example/c?n=Zo%C3%A9%20Roux&t=%E9t%E9&u=Fran%E7ois",
            None,
            None,
        );
        for word in ["Zoé Roux", "été", "François"] {
            assert_eq!(layers_of(&d, word), [["url"]], "{word}");
        }
        // Runs that are no text either way are read lossily.
        assert_eq!(percent_text("a%01%E9b%FF%41c"), "a\u{1}\u{FFFD}b\u{FFFD}Ac");
        assert_eq!(percent_text("100%25 %zz %4"), "100% %zz %4");
    }

    #[test]
    fn zlib_streams_inside_an_envelope_and_base64_are_found() {
        let zlib = miniz_oxide::deflate::compress_to_vec_zlib(
            b"{\"v\":\"ada@example.org\",\"w\":\"ada@example.org\"}",
            6,
        );
        let mut envelope = b"{\"event_id\":\"1\"}\n{\"type\":\"replay_recording\"}\n".to_vec();
        envelope.extend(&zlib);
        let d = decode("https://a.example/", Some(Body::Bytes(&envelope)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["deflate"]]);
        let b64 = format!(
            "data={}",
            STANDARD.encode(gzip(
                b"uid=ada@example.org&uid=ada@example.org&x=ada@example.org"
            ))
        );
        let d = decode("https://a.example/", Some(Body::Text(&b64)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["base64", "gzip"]]);
    }

    #[test]
    fn raw_deflate_bodies_and_blobs_are_inflated_though_they_have_no_header() {
        // `CompressionStream('deflate-raw')`: no magic bytes, no declared encoding.
        let json = br#"{"events":[{"t":"input","v":"a"},{"t":"input","v":"ad"},{"t":"input","v":"ada@example.org"}],"sid":"k2x9","seq":3}"#;
        let raw = miniz_oxide::deflate::compress_to_vec(json, 6);
        assert!(stream_kind(&raw).is_none());
        assert!(
            !raw.windows(15).any(|w| w == b"ada@example.org"),
            "compressed, not stored"
        );
        let d = decode("https://a.example/", Some(Body::Bytes(&raw)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["deflate"]]);
        assert!(!d.capped);
        // In a base64 field, as fflate's `deflateSync` then `btoa` leave it.
        let field = format!("{{\"d\":\"{}\"}}", STANDARD.encode(&raw));
        let d = decode("https://a.example/", Some(Body::Text(&field)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["base64", "deflate"]]);
        // Compressed bytes hold newlines, and after one, now and then, two
        // bytes that look like a zlib header: the body is still tried whole.
        let mut body = raw.clone();
        body.extend(b"\nx\x9c\x01\x02 not a stream");
        assert!(stream_kind(b"x\x9c").is_some());
        let d = decode("https://a.example/", Some(Body::Bytes(&body)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["deflate"]]);
        // Text with a record separator (JSON text sequences) is text.
        let records: String = (0..8)
            .map(|i| format!("\x1e{{\"v\":\"ada@example.org\",\"seq\":{i}}}\n"))
            .collect();
        let seq = miniz_oxide::deflate::compress_to_vec(records.as_bytes(), 6);
        assert!(
            !seq.windows(15).any(|w| w == b"ada@example.org"),
            "compressed, not stored"
        );
        let d = decode("https://a.example/", Some(Body::Bytes(&seq)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["deflate"]]);
    }

    #[test]
    fn bytes_that_inflate_to_no_text_are_not_read_as_raw_deflate() {
        // Raw deflate of binary data (no text), and pseudo-random bodies
        // (which often inflate a few bytes before failing): read as they
        // are, never as an inflated layer.
        let binary: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let raw = miniz_oxide::deflate::compress_to_vec(&binary, 6);
        let d = decode("https://a.example/", Some(Body::Bytes(&raw)), None);
        assert!(
            d.pieces.iter().all(|p| p.layers.is_empty()),
            "{:?}",
            d.pieces.iter().map(|p| &p.layers).collect::<Vec<_>>()
        );
        let mut seed = 0x9e37_79b9_u32;
        for len in [16, 40, 200, 1500, 9000] {
            for _ in 0..200 {
                let body = pseudo_random(&mut seed, len);
                let d = decode("https://a.example/", Some(Body::Bytes(&body)), None);
                assert!(
                    d.pieces
                        .iter()
                        .all(|p| !p.layers.contains(&Encoding::Deflate)),
                    "len {len}: {body:?}"
                );
            }
        }
        // A text body is never tried: JSON's `{` starts a valid fixed-Huffman block.
        let d = decode(
            "https://a.example/",
            Some(Body::Bytes(br#"{"a":"b","c":[1,2,3],"d":"a longer text"}"#)),
            None,
        );
        assert_eq!(d.pieces.len(), 2);
    }

    #[test]
    fn url_encoded_json_in_a_form_field_is_decoded() {
        let body = "data=%7B%22email%22%3A%22ada%40example.org%22%7D&v=2";
        let d = decode("https://a.example/", Some(Body::Text(body)), None);
        assert_eq!(layers_of(&d, "\"ada@example.org\""), [["url"]]);
    }

    /// lz-string 1.5.0's `compressToUTF16` of `{"email":"ada@example.org","t":1}`
    /// and of `é ü 日本 ada@example.org` (npm package, in Node): the second
    /// holds a backslash, which JSON escapes.
    const LZ_UTF16: [&str; 2] = [
        "\u{1be1}\u{849}\u{418c}\u{880}\u{4b21}\u{58a0}\u{2e31}\u{2033}\u{1420}\u{1320}\u{1e70}\u{402e}\u{38e0}\u{760}\u{1ee0}\u{13a0}\u{7330}\u{f0}\u{4025}\u{64a0}\u{4621}\u{3e60} ",
        "\u{1300}\u{82f}\u{6534}\u{7a88}\u{1a93}\u{841}\u{4046}\u{3820}\u{2073}\u{5c}\u{704d}\u{402e}\u{fa}\u{502e}\u{405d}\u{4047}\u{106}\u{2020} ",
    ];

    #[test]
    fn lz_string_utf16_in_a_json_string_a_form_field_or_a_whole_body_is_read() {
        for (packed, plain) in LZ_UTF16
            .iter()
            .zip(["\"ada@example.org\"", "日本 ada@example.org"])
        {
            let json =
                serde_json::to_string(&serde_json::json!({ "sid": "k2x9", "d": packed })).unwrap();
            let d = decode("https://r.example/i", Some(Body::Text(&json)), None);
            assert_eq!(layers_of(&d, plain), [["lzString"]], "{json}");
            let d = decode(
                "https://r.example/i",
                Some(Body::Bytes(packed.as_bytes())),
                None,
            );
            assert_eq!(layers_of(&d, plain), [["lzString"]]);
            // Every character past ASCII escaped, as an encoder that keeps
            // JSON to ASCII writes it.
            let ascii: String = json
                .chars()
                .map(|c| match u32::from(c) {
                    0..=0x7f => c.to_string(),
                    code => format!("\\u{code:04x}"),
                })
                .collect();
            assert!(ascii.is_ascii());
            let d = decode("https://r.example/i", Some(Body::Text(&ascii)), None);
            assert_eq!(layers_of(&d, plain), [["lzString"]], "{ascii}");
            let escaped: String = packed
                .bytes()
                .map(|b| match b {
                    b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => char::from(b).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            let form = format!("v=3&data={escaped}");
            let d = decode("https://r.example/i", Some(Body::Text(&form)), None);
            assert_eq!(layers_of(&d, plain), [["url", "lzString"]], "{form}");
        }
    }

    #[test]
    fn lz_string_uint8_array_sent_as_bytes_is_read() {
        // compressToUint8Array of the same two texts.
        for (hex, plain) in [
            ("378220a60b6086096036201708a01328004c00f28400e71801d00f601380e6200342002e4808c02f9000", "\"ada@example.org\""),
            ("25c0203f28a7a6834e62086013380040a600f3816c00e01b5403a01ec02701cc8000", "日本 ada@example.org"),
        ] {
            let bytes = decode_hex(hex).unwrap();
            let d = decode("wss://r.example/ws", Some(Body::Bytes(&bytes)), None);
            assert_eq!(layers_of(&d, plain), [["lzString"]], "{hex}");
        }
    }

    #[test]
    fn text_in_chinese_and_random_bytes_are_not_taken_for_lz_string() {
        let text = "我们的隐私政策说明了我们如何收集和使用您的个人信息以及您的权利。";
        let json = serde_json::to_string(
            &serde_json::json!({ "title": text, "body": text.repeat(20), "n": [1, 2] }),
        )
        .unwrap();
        let d = decode("https://cms.example/save", Some(Body::Text(&json)), None);
        assert!(
            d.pieces.iter().all(|p| p.layers.is_empty()),
            "{:?}",
            d.pieces.iter().map(|p| &p.layers).collect::<Vec<_>>()
        );
        let mut seed = 0x5eed_1234;
        for len in [16, 64, 600, 4096] {
            for _ in 0..50 {
                let bytes = pseudo_random(&mut seed, len);
                let d = decode("https://r.example/i", Some(Body::Bytes(&bytes)), None);
                assert!(d
                    .pieces
                    .iter()
                    .all(|p| !p.layers.contains(&Encoding::LzString)));
            }
        }
    }

    #[test]
    fn a_path_segment_of_the_address_in_base64_is_read() {
        // LaunchDarkly's browser SDK asks for its flags at
        // `/sdk/evalx/<environment>/contexts/<base64url of the context>`.
        let context = r#"{"kind":"user","key":"u-81","email":"ada@example.org","name":"Ada"}"#;
        for encoded in [URL_SAFE_NO_PAD.encode(context), STANDARD.encode(context)] {
            let url = format!(
                "https://clientsdk.example/sdk/evalx/5f1e2d/contexts/{encoded}?withReasons=true"
            );
            let d = decode(&url, None, None);
            assert_eq!(layers_of(&d, "\"ada@example.org\""), [["base64"]], "{url}");
        }
        // Standard base64 with its own slashes, in a query: read whole.
        let with_slashes = STANDARD.encode("??>>ada@example.org??>>");
        assert!(with_slashes.contains('/'), "{with_slashes}");
        let d = decode(&format!("https://t.example/p?d={with_slashes}"), None, None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["base64"]]);
        // Only the address is cut at its slashes: in a body, the run is
        // read whole (binary base64 is full of slashes).
        let body = format!("x/{}", URL_SAFE_NO_PAD.encode(context));
        let d = decode("https://t.example/", Some(Body::Text(&body)), None);
        assert!(layers_of(&d, "\"ada@example.org\"").is_empty());
    }

    /// An event as rrweb's packer writes it: its JSON deflated (zlib), the
    /// bytes one character each, as a JSON string.
    fn packed(event: &str) -> String {
        let stream = miniz_oxide::deflate::compress_to_vec_zlib(event.as_bytes(), 6);
        let text: String = stream.iter().map(|&b| char::from(b)).collect();
        serde_json::to_string(&text).unwrap()
    }

    #[test]
    fn events_deflated_into_json_strings_of_bytes_are_inflated() {
        let typed =
            r#"{"type":3,"data":{"source":5,"text":"ada@example.org","isChecked":false},"v":"v1"}"#;
        let batch = format!(
            r#"{{"sessionId":"s1","events":[{},{}]}}"#,
            packed(r#"{"type":4,"data":{"href":"https://shop.example/"},"v":"v1"}"#),
            packed(typed)
        );
        let url = "https://ingest.replay.example/b";
        let d = decode(url, Some(Body::Bytes(batch.as_bytes())), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["deflate"]]);
        assert!(!d.capped);
        // Sent gzip-compressed as a whole, too.
        let d = decode(
            url,
            Some(Body::Bytes(&gzip(batch.as_bytes()))),
            Some("gzip"),
        );
        assert_eq!(layers_of(&d, "ada@example.org"), [["gzip", "deflate"]]);
    }

    #[test]
    fn strings_that_only_look_packed_are_left_as_they_are() {
        for body in [
            r#"{"a":"xbox","b":"x","c":"x\u009c","d":"x\u009c€","e":"x\u009c\ud800","f":"x^not a stream"}"#,
            r#"["x\u009c\u0001\u0002 broken","\u001f\u008b\b\u0000"]"#,
            r#"{"e":"\"x\u009cAAAA\"x\u009cAAAA\"x\u009c"#,
            r#""x\u"#,
            r#""x\u009"#,
            r#""x\u00zz"#,
        ] {
            let d = decode(
                "https://a.example/",
                Some(Body::Bytes(body.as_bytes())),
                None,
            );
            assert!(
                d.pieces.iter().all(|p| p.layers.is_empty()),
                "{body}: {:?}",
                d.pieces
            );
            assert!(!d.capped, "{body}");
        }
    }

    #[test]
    fn escaped_quotes_before_a_zlib_header_are_read_once() {
        // Each `\"x\u009c` inside one long string looks like the start of
        // a packed string: the string is read once, whole, and the budget
        // is left for the rest of the body (a base64 address after it).
        let mut body = String::from(r#"{"e":""#);
        body.push_str(&"\\\"x\u{9c}AAAA".repeat(8000));
        body.push_str(r#"","f":""#);
        body.push_str(&STANDARD_NO_PAD.encode("ada@example.org wrote"));
        body.push_str(r#""}"#);
        let d = decode(
            "https://a.example/",
            Some(Body::Bytes(body.as_bytes())),
            None,
        );
        assert!(!d.capped);
        assert_eq!(layers_of(&d, "ada@example.org"), [["base64"]]);
    }

    #[test]
    fn multipart_parts_are_read_one_by_one() {
        let mut body = b"--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n--XyZ123\r\nContent-Type: application/octet-stream\r\n\r\n".to_vec();
        body.extend(gzip(b"ada@example.org ada@example.org ada@example.org"));
        body.extend(b"\r\n--XyZ123--\r\n");
        let d = decode("https://a.example/", Some(Body::Bytes(&body)), None);
        assert_eq!(layers_of(&d, "ada@example.org"), [["gzip"]]);
    }

    #[test]
    fn a_zip_bomb_stops_at_the_cap_and_says_so() {
        let bomb = gzip(&vec![b'a'; 8 * MAX_INFLATED_BYTES]);
        let d = decode("https://a.example/", Some(Body::Bytes(&bomb)), Some("gzip"));
        assert!(d.capped);
        let total: usize = d.pieces.iter().map(|p| p.text.len()).sum();
        assert!(total <= MAX_INFLATED_BYTES + bomb.len() * 3 + 64, "{total}");
    }

    #[test]
    fn bytes_read_as_text_keep_every_well_formed_character_and_only_those() {
        // Against the standard library's reading, on every byte pattern of
        // up to three bytes after a prefix and on pseudo-random bodies.
        let expected = |bytes: &[u8]| {
            let mut text = String::new();
            let mut after_invalid = false;
            for chunk in bytes.utf8_chunks() {
                if !chunk.valid().is_empty() {
                    after_invalid = false;
                }
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() && !after_invalid {
                    text.push(' ');
                    after_invalid = true;
                }
            }
            text
        };
        let mut cases: Vec<Vec<u8>> = vec![];
        for a in [
            0x41u8, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0,
            0xf1, 0xf4, 0xf5, 0xff,
        ] {
            for b in [0x00u8, 0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff] {
                for c in [0x41u8, 0x80, 0xbf, 0xc3] {
                    for d in [0x80u8, 0xa9, 0x41] {
                        cases.push(vec![b'x', a, b, c, d, b'y']);
                        cases.push(vec![a, b, c]);
                    }
                }
            }
        }
        let mut seed = 0x1234_5678_u32;
        for _ in 0..200 {
            cases.push(pseudo_random(&mut seed, 300));
        }
        cases.push("Chloé Nguyen, ☎ 06 12, 🙂".as_bytes().to_vec());
        for case in cases {
            let text = lossy_text(&case);
            // Runs of invalid sequences make one space, however the
            // standard library splits them.
            let ours: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            let theirs = expected(&case);
            let theirs: Vec<&str> = theirs.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(ours, theirs, "{case:x?}");
        }
        assert_eq!(lossy_text("Chloé ☎ 🙂".as_bytes()), "Chloé ☎ 🙂");
        assert_eq!(lossy_text(b"a\xff\xfe\xc3b"), "a b");
    }

    #[test]
    fn url_decoding_reads_the_escaped_words_and_their_neighbours_only() {
        assert_eq!(escaped_words("no escape at all, 100%"), None);
        let form = "e=ada%40example.org&n=Ada+L";
        assert_eq!(escaped_words(form).as_deref(), Some(form));
        let binary = format!("{} x%41y {}", "filler ".repeat(1000), "more ".repeat(1000));
        assert_eq!(
            escaped_words(&binary).as_deref(),
            Some("filler  x%41y more")
        );
        assert_eq!(
            escaped_words("a b Zo%C3%A9 Canarybird c d").as_deref(),
            Some("b Zo%C3%A9 Canarybird")
        );
        assert_eq!(
            escaped_words("a%20 b c d%20").as_deref(),
            Some("a%20 b c d%20")
        );
        // The value half escaped is found once URL-decoded.
        let d = decode_texts(&[&format!("{binary} name: Zo%C3%A9 Canarybird; end")]);
        assert_eq!(layers_of(&d, "Zoé Canarybird"), [["url"]]);
        let big = d.pieces.iter().filter(|p| p.layers == [Encoding::Url]);
        assert!(big.map(|p| p.text.len()).sum::<usize>() < 100);
    }

    #[test]
    fn binary_and_broken_streams_never_panic() {
        let mut junk: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        junk.splice(0..0, [0x1f, 0x8b, 8, 0xff]);
        let _ = decode("https://a.example/", Some(Body::Bytes(&junk)), Some("gzip"));
        let cut = &gzip(b"some text that is long enough to be cut")[..20];
        let _ = decode(
            "https://a.example/",
            Some(Body::Bytes(cut)),
            Some("deflate"),
        );
        let _ = decode(
            "\u{200b}\u{fffd}",
            Some(Body::Text("\u{200d}%ED%A0%80")),
            None,
        );
    }
}
