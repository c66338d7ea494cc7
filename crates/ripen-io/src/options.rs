//! How to read a file, for every format: what is found from the file unless given.

use crate::columns::{Field, Preset};
use crate::decode::Encoding;
use ripen_core::values::Region;
use ripen_json::{FromJson, ToJson};
use std::collections::HashMap;

/// How to read a file (a CSV file, a workbook's sheet, vCards); everything is found by
/// itself unless given.
#[derive(Debug, Clone, Default, ToJson, FromJson)]
pub struct CsvOptions {
    /// The file's encoding, for a vCard file too; found from the file unless given.
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub preset: Option<Preset>,
    /// A field for a column, by its header as the file writes it (`#1`, `#2`… in a file
    /// without a header).
    pub mapping: HashMap<String, Field>,
    /// The region numbers written without their country code are read in: the one the
    /// file's numbers (and a Ukrainian file's words) suggest unless given.
    pub region: Option<Region>,
    /// The sheet of a workbook to read, by its name; the first one unless given.
    pub sheet: Option<String>,
}
