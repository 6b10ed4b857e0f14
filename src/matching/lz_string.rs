//! lz-string decompression (the `compressToBase64`,
//! `compressToEncodedURIComponent`, `compressToUTF16` and
//! `compressToUint8Array` forms), bounded.
//!
//! Some session-replay and analytics SDKs pack their payloads with
//! lz-string (pieroxy/lz-string, MIT) before sending. Its decompressor can
//! produce output quadratic in its input (every code may stand for the
//! longest entry so far plus one character), and the crates that implement
//! it have no bound on output, so this one stops at `max` output bytes.
//! Dictionary entries are ranges of the output written so far (an entry is
//! always the previous phrase plus the first character of the next), so
//! memory stays linear in the output.

/// `compressToBase64`'s alphabet.
const BASE64: &[u8; 65] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
/// `compressToEncodedURIComponent`'s alphabet.
const URI: &[u8; 65] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";
/// The shortest token worth trying: shorter output is no personal value.
const MIN_TOKEN: usize = 16;

/// Decompresses `token` (either alphabet, chosen by its characters) into at
/// most about `max` bytes of text. Returns the text and whether `max` cut
/// it; `None` when the token is not lz-string output or does not decode to
/// readable text.
///
/// ```
/// // lz-string 1.5.0's compressToBase64("hello hello hello hello")
/// let (text, _) = vigie::matching::lz_string::decompress_base64("BYUwNmD2AEoTcq3FIA==", 1024).unwrap();
/// assert_eq!(text, "hello hello hello hello");
/// ```
pub fn decompress_base64(token: &str, max: usize) -> Option<(String, bool)> {
    if token.len() < MIN_TOKEN {
        return None;
    }
    let alphabet = if token.bytes().any(|b| b == b'$' || b == b'-') {
        URI
    } else {
        BASE64
    };
    let token = token.as_bytes();
    // Each character's value is looked up as it is read: a token that is
    // no lz-string output fails within its first characters.
    let value = |i: usize| {
        let b = *token.get(i)?;
        alphabet.iter().position(|&a| a == b).map(|v| v as u32)
    };
    decompress_text(value, 32, max)
}

/// Decompresses `compressToUTF16`'s output, given as its characters' codes
/// (15 bits each, offset by 32: every one from U+0020 to U+801F), into at
/// most about `max` bytes of readable text, as `decompress_base64`.
///
/// ```
/// // lz-string 1.5.0's compressToUTF16("hello hello hello hello")
/// let units: Vec<u16> = "\u{02e2}\u{4c2d}\u{4c3e}\u{6024}\u{50bb}\u{4ad7}\u{0a60}\u{0020}".encode_utf16().collect();
/// let (text, _) = vigie::matching::lz_string::decompress_utf16(&units, 1024).unwrap();
/// assert_eq!(text, "hello hello hello hello");
/// ```
pub fn decompress_utf16(units: &[u16], max: usize) -> Option<(String, bool)> {
    let value = |i: usize| {
        let unit = *units.get(i)?;
        (32..=0x801f).contains(&unit).then(|| u32::from(unit - 32))
    };
    decompress_text(value, 1 << 14, max)
}

/// Decompresses `compressToUint8Array`'s output (each 16-bit code unit of
/// `compress`, high byte first) into at most about `max` bytes of readable
/// text, as `decompress_base64`.
pub fn decompress_uint8(bytes: &[u8], max: usize) -> Option<(String, bool)> {
    if bytes.len() < MIN_TOKEN {
        return None;
    }
    // An odd byte at the end: an array cut short, read as far as it goes.
    let bytes = &bytes[..bytes.len() / 2 * 2];
    let value =
        |i: usize| Some(u32::from(*bytes.get(2 * i)?) << 8 | u32::from(*bytes.get(2 * i + 1)?));
    decompress_text(value, 1 << 15, max)
}

/// What `decompress` makes of the input `value` reads, within about `max`
/// bytes, when it is readable text: every form's last step.
fn decompress_text(
    value: impl Fn(usize) -> Option<u32>,
    reset: u32,
    max: usize,
) -> Option<(String, bool)> {
    let (units, cut) = decompress(value, reset, max / 2)?;
    let text = String::from_utf16_lossy(&units);
    readable(&text).then_some((text, cut))
}

/// Mostly readable: decompressing random base64 yields scattered code
/// points across the whole 16-bit range.
fn readable(text: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars() {
        total += 1;
        let ok = matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{24f}');
        odd += usize::from(!ok);
    }
    total >= 4 && odd * 10 <= total
}

/// One dictionary entry: a literal code unit, or a range of the output.
#[derive(Clone, Copy)]
enum Entry {
    Unit(u16),
    Range(usize, usize),
}

struct Bits<F> {
    /// The value of the input's `i`th character, `None` past its end or
    /// for a character that is none of the form's.
    value: F,
    reset: u32,
    val: u32,
    position: u32,
    index: usize,
}

impl<F: Fn(usize) -> Option<u32>> Bits<F> {
    /// Reads `n` bits, least significant first; `None` past the end.
    fn read(&mut self, n: u32) -> Option<u32> {
        let mut bits = 0;
        for i in 0..n {
            let bit = u32::from(self.val & self.position != 0);
            self.position >>= 1;
            if self.position == 0 {
                self.position = self.reset;
                self.val = (self.value)(self.index)?;
                self.index += 1;
            }
            bits |= bit << i;
        }
        Some(bits)
    }
}

/// lz-string's `_decompress`, with output capped at `max` code units.
fn decompress(
    value: impl Fn(usize) -> Option<u32>,
    reset: u32,
    max: usize,
) -> Option<(Vec<u16>, bool)> {
    let mut bits = Bits {
        val: value(0)?,
        value,
        reset,
        position: reset,
        index: 1,
    };
    let mut dictionary: Vec<Entry> = (0..3).map(Entry::Unit).collect();
    let mut enlarge_in: u64 = 4;
    let mut num_bits: u32 = 3;
    let first = match bits.read(2)? {
        0 => bits.read(8)? as u16,
        1 => bits.read(16)? as u16,
        _ => return None,
    };
    let mut out: Vec<u16> = vec![first];
    dictionary.push(Entry::Unit(first));
    let mut w = (0usize, 1usize);
    loop {
        if out.len() >= max {
            return Some((out, true));
        }
        // Past the input without the end code: a token cut short (a body
        // cut at a cap), whose output so far is kept, or a foreign one,
        // whose output the caller finds unreadable.
        let Some(code) = bits.read(num_bits) else {
            return Some((out, false));
        };
        let mut code = code as usize;
        match code {
            0 | 1 => {
                let Some(unit) = bits.read(if code == 0 { 8 } else { 16 }) else {
                    return Some((out, false));
                };
                let unit = unit as u16;
                dictionary.push(Entry::Unit(unit));
                code = dictionary.len() - 1;
                enlarge_in -= 1;
            }
            2 => return Some((out, false)),
            _ => {}
        }
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits.min(40);
            num_bits += 1;
        }
        if num_bits > 31 {
            return None;
        }
        let start = out.len();
        match dictionary.get(code) {
            Some(Entry::Unit(u)) => out.push(*u),
            Some(Entry::Range(from, len)) => {
                let len = (*len).min(max.saturating_sub(start).max(1));
                out.extend_from_within(*from..*from + len);
            }
            None if code == dictionary.len() => {
                let len = w.1.min(max.saturating_sub(start).max(1));
                out.extend_from_within(w.0..w.0 + len);
                out.push(out[w.0]);
            }
            None => return None,
        }
        // The previous phrase plus the first unit of this one: contiguous
        // in the output.
        dictionary.push(Entry::Range(w.0, w.1 + 1));
        enlarge_in -= 1;
        w = (start, out.len() - start);
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits.min(40);
            num_bits += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_cut_short_gives_what_it_holds() {
        // compressToBase64 of {"email":"ada@example.org","t":1}, its last
        // characters lost (a body cut at a cap).
        let full = "N4IgpgtghglgNiAXCKATKABMAPKEAOcYAdAPYBOA5iADQgAuSAjAL5A=";
        let (text, cut) = decompress_base64(&full[..full.len() - 6], 1 << 16).unwrap();
        assert!(text.starts_with(r#"{"email":"ada@example.org""#), "{text}");
        assert!(!cut);
        // Random base64 is still none.
        assert!(decompress_base64("Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", 1 << 16).is_none());
    }

    #[test]
    fn known_outputs_of_the_javascript_library_decompress() {
        // Made with the lz-string 1.5.0 npm package in Node.
        for (token, plain) in [
            (
                "N4IgpgtghglgNiAXCKATKABMAPKEAOcYAdAPYBOA5iADQgAuSAjAL5A=",
                r#"{"email":"ada@example.org","t":1}"#,
            ),
            (
                "NobwRALgngDgpmAXAZgDRgCYEMJaeAZwHsBXAJwGMFEBWdCOADwiTAoAsAbIuAOgDsA5iShx+AASZYAtjE58iZQWAC+KgLpA",
                r#"[{"type":3,"data":{"source":5,"text":"chloe.nguyen@example.org"}}]"#,
            ),
            (
                "JcAgPyinpoNOYghgEzgAQKYA84FsAOAbVAOgHsAnAcyA",
                "é ü 日本 ada@example.org",
            ),
        ] {
            let (text, cut) = decompress_base64(token, 1 << 16).unwrap();
            assert_eq!(text, plain);
            assert!(!cut);
        }
    }

    #[test]
    fn random_tokens_and_bombs_stay_bounded() {
        for token in [
            "8f14e45fceea167a5a36dedd4bea2543",
            "QUFBQUFBQUFBQUFBQUFBQUFB",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            if let Some((text, _)) = decompress_base64(token, 4096) {
                assert!(text.len() <= 4096 + 8, "{}", text.len());
            }
        }
        let bomb = "gA".repeat(4000);
        if let Some((text, _)) = decompress_base64(&bomb, 10_000) {
            assert!(text.len() <= 10_000 * 3);
        }
    }
}
