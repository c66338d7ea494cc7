//! Any parts read as a checkpoint, sealed with matching sums or not: a state or a refusal,
//! never a panic, never a state from a part whose sum does not match.
#![no_main]

use ripen_core::checkpoint::{CheckpointReader, CheckpointSink};
use ripen_core::checksum::Checksum;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((&mode, rest)) = bytes.split_first() else { return };
    let mut reader = CheckpointReader::new();
    reader.begin(u64::from(mode), rest.len());
    // Parts split at 0xFF bytes; odd modes seal each with its sum (and the magic and the
    // covers the header stated on the first), so the block reader is reached.
    for (i, raw) in rest.split(|b| *b == 0xFF).enumerate() {
        if mode % 2 == 1 {
            let mut body = Vec::new();
            if i == 0 {
                body.extend_from_slice(b"RIPENCK2");
                body.extend_from_slice(&u64::from(mode).to_le_bytes());
            }
            body.extend_from_slice(raw);
            let mut part = Checksum::of(&body).to_le_bytes().to_vec();
            part.extend_from_slice(&body);
            reader.part(&part);
        } else {
            reader.part(raw);
        }
    }
    let _ = reader.finish();
});
