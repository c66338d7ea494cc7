//! `previewImport` / `importFile` and `exportCsv` / `exportVcard` options: what JS sends,
//! checked and turned into the reader's and writer's settings.

use crate::boundary::caps;
use crate::boundary::problem::list_length;
use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::import::ImportFormat;
use ripen_core::values::Region;
use ripen_core::{ClientId, ValidationError};
use ripen_io::{Choice, Column, CsvDialect, CsvOptions, Encoding, Field, Preset, VcardVersion};
use ripen_json::FromJson;
use std::collections::HashMap;

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> FacadeError {
    ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into()
}

/// What to do with one row that may duplicate a client: `"skip"`, `"add"`, `"merge"`
/// (into the most probable one), or `{ merge: clientId }`.
#[derive(Debug, FromJson)]
#[json(untagged)]
pub enum ChoiceInput {
    Word(String),
    MergeInto { merge: String },
}

#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct ImportOptions {
    /// "csv", "vcard", "xlsx", "ods" or "xls"; found from the file unless given.
    pub format: Option<String>,
    /// Any label the WHATWG Encoding Standard knows ("cp1251", "koi8-r", "sjis"), for
    /// CSV and vCard alike; found from the file unless given.
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub preset: Option<String>,
    /// A field for a column, by its header.
    pub mapping: Option<HashMap<String, String>>,
    /// Kept with the import in its history.
    pub file_name: Option<String>,
    /// By the line a row starts on.
    pub choices: Option<HashMap<String, ChoiceInput>>,
    /// Where numbers written without their country code are read (ISO code: "GB");
    /// found from the file's numbers unless given (the preview says which).
    pub region: Option<String>,
    /// The sheet of a workbook to read, by its name (the preview lists them); the first
    /// visible one that holds anything unless given.
    pub sheet: Option<String>,
}

/// The longest sheet name a spreadsheet allows is 31 characters (Excel); OpenDocument
/// allows more, so a little room is left.
const SHEET_NAME_CHARS: usize = 255;

/// The checked options.
#[derive(Debug)]
pub struct ImportSettings {
    pub format: Option<ImportFormat>,
    pub csv: CsvOptions,
    pub file_name: Option<String>,
    pub choices: HashMap<usize, Choice>,
}

impl ImportOptions {
    pub fn parse(self) -> Result<ImportSettings, FacadeError> {
        let format = self.format.map(|f| f.parse::<ImportFormat>()).transpose()?;
        let encoding = match self.encoding {
            Some(name) => Some(Encoding::parse(&name).ok_or_else(|| {
                invalid(
                    "encoding",
                    format!("{name:?} is not an encoding Ripen reads (utf-8, utf-16le, windows-1251, koi8-r, windows-1252, shift_jis, gbk, …)"),
                )
            })?),
            None => None,
        };
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(";") => Some(b';'),
            Some(",") => Some(b','),
            Some("\t") => Some(b'\t'),
            Some(other) => return Err(invalid("delimiter", format!("{other:?} is not one of \";\", \",\" or a tab"))),
        };
        let preset = self.preset.map(|name| name.parse::<Preset>()).transpose()?;
        let region = self.region.as_deref().map(Region::parse).transpose()?;
        list_length("mapping", self.mapping.as_ref().map_or(0, HashMap::len), caps::MAPPED_COLUMNS)?;
        list_length("choices", self.choices.as_ref().map_or(0, HashMap::len), caps::IMPORT_CHOICES)?;
        if let Some(name) = &self.file_name {
            file_name(name)?;
        }
        if let Some(sheet) = &self.sheet {
            let chars = sheet.chars().count();
            if chars > SHEET_NAME_CHARS {
                return Err(
                    ValidationError::new("sheet", Problem::TooLong { max: SHEET_NAME_CHARS, actual: chars }).into()
                );
            }
        }
        let mut mapping = HashMap::new();
        for (header, field) in self.mapping.unwrap_or_default() {
            let parsed: Field = field
                .parse()
                .map_err(|e: ValidationError| ValidationError::new(format!("mapping.{header}"), e.problem))?;
            mapping.insert(header, parsed);
        }
        let mut choices = HashMap::new();
        for (line, choice) in self.choices.unwrap_or_default() {
            let field = format!("choices.{line}");
            let number: usize = line.parse().map_err(|_| invalid(&field, "is not a line number"))?;
            let choice = match choice {
                ChoiceInput::Word(word) => match word.as_str() {
                    "skip" => Choice::Skip,
                    "add" => Choice::Add,
                    "merge" => Choice::Merge(None),
                    _ => return Err(invalid(field, format!("{word:?} is not one of: skip, add, merge"))),
                },
                ChoiceInput::MergeInto { merge } => Choice::Merge(Some(super::parse_id::<ClientId>(&field, &merge)?)),
            };
            choices.insert(number, choice);
        }
        Ok(ImportSettings {
            format,
            csv: CsvOptions { encoding, delimiter, preset, mapping, region, sheet: self.sheet },
            file_name: self.file_name,
            choices,
        })
    }
}

/// The most characters a file name kept with an import may have (what file systems allow).
const FILE_NAME_CHARS: usize = 255;

/// A file name kept in the history: one line, no invisible format characters.
fn file_name(name: &str) -> Result<(), FacadeError> {
    let chars = name.chars().count();
    if chars > FILE_NAME_CHARS {
        return Err(ValidationError::new("fileName", Problem::TooLong { max: FILE_NAME_CHARS, actual: chars }).into());
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(ValidationError::new("fileName", Problem::ControlCharacter { code: c as u32 }).into());
    }
    Ok(ripen_core::values::refuse_invisible("fileName", name)?)
}

#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExportOptions {
    /// The clients to export, in this order; every client the user sees, unless given.
    pub ids: Option<Vec<String>>,
    /// CSV only: the columns, in order; name, kind, company, position, phones, emails,
    /// region, tags and notes unless given.
    pub columns: Option<Vec<Column>>,
    /// CSV only: "ru" (`;`, for Excel in Russia), "en" (`,`), or "google" / "outlook"
    /// (the header Google Contacts or Outlook imports; `columns` not used).
    pub dialect: Option<String>,
    /// vCard only: "3.0" (the default, what every address book reads) or "4.0".
    pub version: Option<String>,
}

/// The checked export options.
#[derive(Debug)]
pub struct ExportSettings {
    pub ids: Option<Vec<ClientId>>,
    pub columns: Vec<Column>,
    pub dialect: CsvDialect,
    pub version: VcardVersion,
}

impl ExportOptions {
    pub fn parse(self) -> Result<ExportSettings, FacadeError> {
        list_length("ids", self.ids.as_ref().map_or(0, Vec::len), caps::BATCH_ITEMS)?;
        list_length("columns", self.columns.as_ref().map_or(0, Vec::len), caps::COLUMNS)?;
        let ids = self
            .ids
            .map(|ids| ids.iter().enumerate().map(|(i, id)| super::parse_id(&format!("ids[{i}]"), id)).collect())
            .transpose()?;
        let dialect = match self.dialect.as_deref() {
            None | Some("ru") => CsvDialect::Russian,
            Some("en") => CsvDialect::International,
            Some("google") => CsvDialect::Google,
            Some("outlook") => CsvDialect::Outlook,
            Some(other) => return Err(invalid("dialect", format!("{other:?} is not one of: ru, en, google, outlook"))),
        };
        let version = match self.version.as_deref() {
            None | Some("3.0") => VcardVersion::V3,
            Some("4.0") => VcardVersion::V4,
            Some(other) => return Err(invalid("version", format!("{other:?} is not one of: 3.0, 4.0"))),
        };
        let columns = self.columns.unwrap_or_else(|| {
            vec![
                Column::Name,
                Column::Kind,
                Column::Company,
                Column::Position,
                Column::Phones,
                Column::Emails,
                Column::Region,
                Column::Tags,
                Column::Notes,
            ]
        });
        if columns.is_empty() {
            return Err(invalid("columns", "name at least one column"));
        }
        Ok(ExportSettings { ids, columns, dialect, version })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<ImportSettings, String> {
        ripen_json::from_str::<ImportOptions>(json).map_err(|e| e.to_string())?.parse().map_err(|e| e.to_string())
    }

    #[test]
    fn import_options_are_checked() {
        let ok = options(r#"{"format":"csv","encoding":"windows-1251","delimiter":";","preset":"bitrix24","mapping":{"Код":"tags"},"choices":{"5":"merge","7":{"merge":"c-abc-1"},"9":"add"}}"#).unwrap();
        assert_eq!(ok.csv.delimiter, Some(b';'));
        assert_eq!(
            options(r#"{"encoding":"KOI8-R"}"#).unwrap().csv.encoding.map(|e| e.name()).as_deref(),
            Some("koi8-r")
        );
        assert_eq!(ok.csv.mapping.get("Код"), Some(&Field::Tags));
        assert_eq!(ok.choices.get(&5), Some(&Choice::Merge(None)));
        assert_eq!(ok.choices.get(&9), Some(&Choice::Add));
        for (json, wrong) in [
            (r#"{"encoding":"ebcdic"}"#, "encoding"),
            (r#"{"delimiter":"|"}"#, "delimiter"),
            (r#"{"preset":"sugarCrm"}"#, "preset"),
            (r#"{"mapping":{"A":"salary"}}"#, "mapping.A"),
            (r#"{"choices":{"x":"skip"}}"#, "choices.x"),
            (r#"{"choices":{"3":"maybe"}}"#, "choices.3"),
            (r#"{"format":"pdf"}"#, "format"),
            (r#"{"sheet":"ЛистЛистЛист…"}"#.replace('…', &"x".repeat(300)).as_str(), "sheet"),
            (r#"{"fileName":"a\u202Eslx.csv"}"#, "fileName"),
        ] {
            let error = options(json).unwrap_err();
            assert!(error.contains(wrong), "{json}: {error}");
        }
        assert!(options(r#"{"colour":"red"}"#).is_err(), "unknown options are refused");
    }

    #[test]
    fn export_options_default_to_russian_excel_and_the_usual_columns() {
        let settings = ExportOptions::default().parse().unwrap();
        assert_eq!(settings.dialect, CsvDialect::Russian);
        assert_eq!(settings.columns[0], Column::Name);
        assert_eq!(settings.version, VcardVersion::V3);
        let bad: ExportOptions = ripen_json::from_str(r#"{"dialect":"de"}"#).unwrap();
        assert!(bad.parse().is_err());
        let google: ExportOptions = ripen_json::from_str(r#"{"dialect":"google","version":"4.0"}"#).unwrap();
        let google = google.parse().unwrap();
        assert_eq!((google.dialect, google.version), (CsvDialect::Google, VcardVersion::V4));
        let bad: ExportOptions = ripen_json::from_str(r#"{"version":"2.1"}"#).unwrap();
        assert!(bad.parse().is_err());
        assert!(ripen_json::from_str::<ExportOptions>(r#"{"columns":["salary"]}"#).is_err());
    }
}
