//! A small deterministic generator (xorshift64*, Vigna 2016): the same inputs
//! on every run for one seed, and no dependency.

/// The seed and the number of inputs of one fuzz target.
pub struct Config {
    pub seed: u64,
    pub inputs: usize,
}

/// Inputs in all targets together unless `VIGIE_FUZZ_INPUTS` says otherwise.
const DEFAULT_INPUTS: usize = 100_000;
const DEFAULT_SEED: u64 = 0x5EED_F0E5_716E;

/// The configuration of the target `name`, which runs `share` of the inputs.
/// `VIGIE_FUZZ_SEED` (decimal or 0x-hex) changes every target's inputs;
/// `VIGIE_FUZZ_INPUTS` scales them.
pub fn config(name: &str, share: f64) -> Config {
    let seed = std::env::var("VIGIE_FUZZ_SEED")
        .ok()
        .and_then(|s| parse_u64(s.trim()))
        .unwrap_or(DEFAULT_SEED);
    let total = std::env::var("VIGIE_FUZZ_INPUTS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .unwrap_or(DEFAULT_INPUTS);
    // Each target draws its own stream: the name is mixed into the seed.
    let named = name.bytes().fold(seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    Config {
        seed: named,
        inputs: ((total as f64 * share).ceil() as usize).max(1),
    }
}

fn parse_u64(text: &str) -> Option<u64> {
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed: xorshift needs a non-zero, well-mixed state.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)).max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A character anywhere in Unicode, weighted towards the ranges that
    /// break text handling: ASCII, multi-byte, zero-width, the edges.
    pub fn char(&mut self) -> char {
        let code = match self.below(8) {
            0..=2 => 0x20 + self.below(0x5f) as u32,
            3 => self.below(0x20) as u32,
            4 => 0x80 + self.below(0x780) as u32,
            5 => 0x800 + self.below(0xD000) as u32,
            6 => *self.pick(&[
                0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x202E, 0x0301, 0xFFFD, 0xFFFF, 0xD7FF,
                0xE000, 0x10FFFF, 0x1F980, 0x1F469,
            ]),
            _ => 0x10000 + self.below(0x100000) as u32,
        };
        char::from_u32(code).unwrap_or('\u{FFFD}')
    }

    pub fn string(&mut self, max_chars: usize) -> String {
        let n = self.below(max_chars + 1);
        (0..n).map(|_| self.char()).collect()
    }
}
