//! The byte layer of a checkpoint: little-endian numbers and length-prefixed text, written
//! to a growing buffer and read back with every length checked.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint ends too early")]
    Truncated,
    #[error("this is not a checkpoint this build reads")]
    Unknown,
    #[error("the checkpoint is damaged: {0}")]
    Damaged(String),
    #[error("part {part} of the checkpoint does not match its checksum")]
    Checksum { part: usize },
    #[error("the checkpoint's header says it covers the log up to position {header}, its contents say {contents}")]
    CoversDisagree { header: u64, contents: u64 },
}

#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
    /// Blocks written so far, across parts: the end block states the count.
    pub(crate) blocks: u64,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// An unsigned number in 7-bit groups (LEB128): small numbers — deltas, table numbers —
    /// take a byte or two.
    pub(crate) fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    /// A signed number as a varint, small magnitudes of either sign staying small.
    pub(crate) fn zigzag(&mut self, value: i64) {
        self.varint(((value << 1) ^ (value >> 63)) as u64);
    }

    pub(crate) fn len(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }

    pub(crate) fn str(&mut self, value: &str) {
        self.len(value.len());
        self.bytes.extend_from_slice(value.as_bytes());
    }

    /// A table of texts: the count, then each.
    pub(crate) fn strs<'s>(&mut self, values: impl ExactSizeIterator<Item = &'s str>) {
        self.len(values.len());
        for value in values {
            self.str(value);
        }
    }

    /// A table of values in their JSON shapes (card positions, which events store so).
    pub(crate) fn json_strs<T: ripen_json::ToJson>(&mut self, values: &[T]) {
        let texts: Vec<String> = values.iter().map(ripen_json::to_string).collect();
        self.strs(texts.iter().map(String::as_str));
    }

    /// A block: its tag, its length, then what `fill` writes.
    pub(crate) fn block(&mut self, tag: u8, fill: impl FnOnce(&mut Self)) {
        self.blocks += 1;
        self.u8(tag);
        let at = self.bytes.len();
        self.u32(0);
        fill(self);
        let length = (self.bytes.len() - at - 4) as u32;
        self.bytes[at..at + 4].copy_from_slice(&length.to_le_bytes());
    }
}

#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// What is left to read.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub(crate) fn take(&mut self, count: usize) -> Result<&'a [u8], CheckpointError> {
        let end =
            self.at.checked_add(count).filter(|&end| end <= self.bytes.len()).ok_or(CheckpointError::Truncated)?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CheckpointError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, CheckpointError> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32, CheckpointError> {
        self.array().map(u32::from_le_bytes)
    }

    pub(crate) fn u64(&mut self) -> Result<u64, CheckpointError> {
        self.array().map(u64::from_le_bytes)
    }

    pub(crate) fn varint(&mut self) -> Result<u64, CheckpointError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(CheckpointError::Damaged("a number longer than 64 bits".into()))
    }

    pub(crate) fn zigzag(&mut self) -> Result<i64, CheckpointError> {
        let value = self.varint()?;
        Ok(((value >> 1) as i64) ^ -((value & 1) as i64))
    }

    /// A varint that must fit in 32 bits.
    pub(crate) fn varint32(&mut self) -> Result<u32, CheckpointError> {
        u32::try_from(self.varint()?).map_err(|_| CheckpointError::Damaged("a number over 32 bits".into()))
    }

    pub(crate) fn len(&mut self) -> Result<usize, CheckpointError> {
        let length = self.u32()? as usize;
        // A count can never exceed the bytes left: a damaged one must not make us allocate.
        if length > self.bytes.len() - self.at.min(self.bytes.len()) {
            return Err(CheckpointError::Truncated);
        }
        Ok(length)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, CheckpointError> {
        let length = self.len()?;
        std::str::from_utf8(self.take(length)?).map_err(|_| CheckpointError::Damaged("text that is not UTF-8".into()))
    }

    /// A table of texts, each parsed into `T`.
    pub(crate) fn parsed<T: std::str::FromStr>(&mut self) -> Result<Vec<T>, CheckpointError> {
        let count = self.len()?;
        (0..count)
            .map(|_| {
                let text = self.str()?;
                text.parse().map_err(|_| CheckpointError::Damaged(format!("{text:?} is not a valid id")))
            })
            .collect()
    }

    /// A table written by [`Writer::json_strs`]; `what` names the values in an error.
    pub(crate) fn json_strs<T: ripen_json::FromJson>(&mut self, what: &str) -> Result<Vec<T>, CheckpointError> {
        let count = self.len()?;
        (0..count)
            .map(|_| ripen_json::from_str(self.str()?).map_err(|e| CheckpointError::Damaged(format!("{what}: {e}"))))
            .collect()
    }

    /// The next block's tag and contents.
    pub(crate) fn block(&mut self) -> Result<(u8, Reader<'a>), CheckpointError> {
        let tag = self.u8()?;
        let length = self.u32()? as usize;
        Ok((tag, Reader::new(self.take(length)?)))
    }
}

/// A packed row's time and event counter, as differences from the row before: rows lie
/// in log order, so both differences are small. One per block, on each side.
#[derive(Debug, Default)]
pub(crate) struct Stamps {
    at: i64,
    counter: u64,
}

impl Stamps {
    pub(crate) fn write(&mut self, w: &mut Writer, at: i64, counter: u64) {
        w.zigzag(at.wrapping_sub(self.at));
        w.zigzag(counter.wrapping_sub(self.counter) as i64);
        (self.at, self.counter) = (at, counter);
    }

    pub(crate) fn read(&mut self, r: &mut Reader<'_>) -> Result<(i64, u64), CheckpointError> {
        self.at = self.at.wrapping_add(r.zigzag()?);
        self.counter = self.counter.wrapping_add(r.zigzag()? as u64);
        Ok((self.at, self.counter))
    }
}

/// A table of packed rows (touches, stage moves) as a checkpoint writes it: its small
/// tables first, then the ids of the clients its rows name a block at a time, then its
/// rows a block at a time. The client ids are only ever appended to (within one fold), so
/// a block of them once written stays true but for the last one growing.
pub(crate) trait PackedRows {
    fn row_count(&self) -> usize;
    /// When its rows changed, so a checkpoint rewrites only the blocks that did.
    fn changes(&self) -> &crate::state::change_marks::ChangeMarks;
    /// Its tables but the client ids (which it writes as an empty list).
    fn write_tables(&self, w: &mut Writer);
    fn client_count(&self) -> usize;
    fn write_clients(&self, w: &mut Writer, clients: std::ops::Range<usize>);
    fn write_rows(&self, w: &mut Writer, rows: std::ops::Range<usize>);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_and_short_input_is_refused() {
        let mut writer = Writer::default();
        writer.block(7, |w| {
            w.u8(1);
            w.u32(70_000);
            w.u64(u64::MAX);
            w.str("Сибирь");
        });
        let mut reader = Reader::new(&writer.bytes);
        let (tag, mut block) = reader.block().unwrap();
        assert_eq!(tag, 7);
        assert_eq!((block.u8().unwrap(), block.u32().unwrap(), block.u64().unwrap()), (1, 70_000, u64::MAX));
        assert_eq!(block.str().unwrap(), "Сибирь");
        assert!(block.is_empty() && reader.is_empty());
        let numbers = [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let signed = [0i64, -1, 1, -64, 64, i64::MIN, i64::MAX];
        let mut writer = Writer::default();
        numbers.iter().for_each(|&n| writer.varint(n));
        signed.iter().for_each(|&n| writer.zigzag(n));
        assert_eq!(writer.bytes[..4], [0, 1, 127, 0x80], "small numbers take one byte");
        let mut reader = Reader::new(&writer.bytes);
        assert_eq!(numbers.map(|_| reader.varint().unwrap()), numbers);
        assert_eq!(signed.map(|_| reader.zigzag().unwrap()), signed);
        assert!(reader.varint().is_err(), "nothing left");
        assert!(Reader::new(&[0xff; 11]).varint().is_err(), "over 64 bits");
        for cut in 0..writer.bytes.len() {
            let mut short = Reader::new(&writer.bytes[..cut]);
            let read = short.block().and_then(|(_, mut b)| {
                b.u8()?;
                b.u32()?;
                b.u64()?;
                b.str().map(str::len)
            });
            assert!(read.is_err(), "cut at {cut}");
        }
    }
}
