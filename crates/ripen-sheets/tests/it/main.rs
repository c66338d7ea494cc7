//! ripen-sheets' integration tests: workbooks in the shapes their makers write, read into
//! rows of text; damaged, hostile and oversized ones refused with their reason.
// Test helpers unwrap: a panic is a test failure with a message, which is what we want.
#![allow(clippy::unwrap_used)]

mod fixtures;
mod hostile;
mod workbooks;
