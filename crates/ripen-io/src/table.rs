//! A table of text cells, wherever it came from (a CSV file's records, a workbook's
//! sheet): its header found (below a preamble, or missing and its columns guessed from
//! the values) and mapped to fields, each row turned into a draft.

use crate::columns::{
    detect_preset, guess, header_key, letter, locate, map_columns, Field, Located, MappedColumn, MatchedBy,
};
use crate::draft::{Read, RowIssue};
use crate::error::ReadError;
use crate::options::CsvOptions;
use crate::phone::PhoneReader;
use crate::row::RowBuilder;
use ripen_core::values::Region;

/// Rows read before the header is decided: enough to find it below a preamble, and to
/// guess the columns of a file without one.
const SAMPLE_ROWS: usize = 50;

/// A row's cells as text.
pub(crate) trait Cells {
    fn cells(&self) -> impl Iterator<Item = &str>;
}

impl Cells for csv::StringRecord {
    fn cells(&self) -> impl Iterator<Item = &str> {
        self.iter()
    }
}

impl Cells for &[String] {
    fn cells(&self) -> impl Iterator<Item = &str> {
        self.iter().map(String::as_str)
    }
}

/// Reads `records` (each with its line, or its row in a sheet) into `read`, which says
/// what the file is (format, encoding, sheet); blank rows are no rows.
pub(crate) fn read_table<R: Cells>(
    records: impl Iterator<Item = (usize, R)>,
    options: &CsvOptions,
    phones: &mut PhoneReader,
    mut read: Read,
) -> Result<Read, ReadError> {
    let mut records = records.filter(|(_, record)| record.cells().any(|c| !c.trim().is_empty()));
    let sample: Vec<(usize, R)> = records.by_ref().take(SAMPLE_ROWS).collect();
    if sample.is_empty() {
        return Err(ReadError::NoHeader);
    }
    let cells: Vec<Vec<String>> =
        sample.iter().map(|(_, record)| record.cells().map(|c| c.trim().to_owned()).collect()).collect();
    let chosen = |_: usize, header: &str| options.mapping.get(header).copied();
    let (headers, header_line, preset, fields, body_from) = match locate(&cells) {
        Located::At(at) => {
            let headers = cells[at].clone();
            let preset = options.preset.or_else(|| detect_preset(&headers));
            let fields = map_columns(&headers, preset, &chosen);
            (headers, Some(sample[at].0), preset, fields, at + 1)
        }
        Located::None => {
            let width = cells.iter().map(Vec::len).max().unwrap_or(0);
            // Named as a spreadsheet shows them: what the user sees, and maps them by.
            let headers: Vec<String> = (0..width).map(letter).collect();
            let guessed = guess(&cells, width);
            let fields = headers
                .iter()
                .zip(guessed)
                .enumerate()
                .map(|(i, (header, field))| match chosen(i, header) {
                    Some(field) => (field, MatchedBy::User),
                    None if field == Field::Ignore => (field, MatchedBy::None),
                    None => (field, MatchedBy::Values),
                })
                .collect();
            (headers, None, None, fields, 0)
        }
    };
    let has = |wanted: &[Field]| fields.iter().any(|(f, _)| wanted.contains(f));
    let named = has(&[Field::Name, Field::FirstName, Field::LastName, Field::Company, Field::Email, Field::Phone]);
    // Ukrainian headers or values: "067 123 45 67" may be a Ukrainian number.
    let ukrainian = |text: &str| text.contains(['і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ']);
    if cells.iter().flatten().any(|c| ukrainian(c)) {
        phones.hint(Region::UA);
    }

    read.preset = preset;
    read.columns = headers
        .iter()
        .zip(&fields)
        .enumerate()
        .map(|(i, (h, (field, by)))| MappedColumn { letter: letter(i), header: h.clone(), field: *field, by: *by })
        .collect();
    read.header_key = Some(header_key(&headers));
    read.header_line = header_line.filter(|line| *line > 1);
    read.headerless = header_line.is_none();
    read.region = phones.region;
    let body = sample.into_iter().skip(body_from).chain(records);
    if !named {
        // Nothing can be imported until a column is chosen for the name; the preview
        // shows the columns so the user can choose one.
        read.rows = body.count();
        read.issues.push(RowIssue {
            line: header_line.unwrap_or(1),
            column: String::new(),
            letter: None,
            problem: "no_name_column".into(),
            value: None,
            message: format!(
                "no column gives a client's name, company, e-mail or phone; choose one among: {}",
                headers.join(", ")
            ),
        });
        return Ok(read);
    }
    for (line, record) in body {
        read.rows += 1;
        let mut row = RowBuilder::new(line);
        for (i, ((cell, (field, _)), header)) in record.cells().zip(&fields).zip(&headers).enumerate() {
            row.cell(*field, header, &letter(i), cell, phones);
        }
        // A cell beyond the header has no name but its letter.
        for (i, cell) in record.cells().enumerate().skip(headers.len()) {
            let letter = letter(i);
            row.extra_cell(&letter, &letter, cell);
        }
        match row.finish() {
            Ok(Some(draft)) => read.drafts.push(draft),
            Ok(None) => read.rows -= 1,
            Err(issue) => read.issues.push(issue),
        }
    }
    Ok(read)
}
