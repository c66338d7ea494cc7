//! Workbooks built the way their makers write them: Excel's and Google Sheets' `.xlsx`
//! (shared strings, or strings inline as web exporters write them; date-styled numbers;
//! merged title rows), LibreOffice's `.ods` (repeated empty cells and the million empty
//! rows it writes after a table). Built here, not copied from anywhere.

use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A cell of a fixture.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Text, in the shared strings (Excel, Google Sheets, LibreOffice's .xlsx).
    Text(&'static str),
    /// Text written in the cell itself (`t="inlineStr"`), as many web exporters do.
    Inline(&'static str),
    Number(f64),
    /// A date: its day number, styled with a date format.
    Date(f64),
    Bool(bool),
    /// An error value such as `#N/A`.
    Error(&'static str),
    /// A formula with its cached text result.
    Formula(&'static str, &'static str),
}

pub(crate) use Cell::*;

pub(crate) struct XlsxSheet {
    pub(crate) name: &'static str,
    pub(crate) hidden: bool,
    /// Rows by their number (from 1), each with its cells by column letters.
    pub(crate) rows: Vec<(u32, Vec<(String, Cell)>)>,
    /// Merged ranges such as `A1:E1`.
    pub(crate) merged: Vec<&'static str>,
}

impl XlsxSheet {
    /// A sheet whose rows start at `first_row`, their cells from column `first_column`.
    pub(crate) fn grid(name: &'static str, first_row: u32, first_column: u32, rows: Vec<Vec<Option<Cell>>>) -> Self {
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| {
                let cells = cells
                    .into_iter()
                    .enumerate()
                    .filter_map(|(j, cell)| Some((column(first_column + j as u32), cell?)))
                    .collect();
                (first_row + i as u32, cells)
            })
            .collect();
        Self { name, hidden: false, rows, merged: Vec::new() }
    }
}

/// A column's letters from its index (0 is A).
pub(crate) fn column(mut index: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap()
}

pub(crate) struct Xlsx {
    pub(crate) sheets: Vec<XlsxSheet>,
    /// The Mac's 1904 date system.
    pub(crate) date1904: bool,
    /// Cells written without their `r` reference, as some generators do.
    pub(crate) no_refs: bool,
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub(crate) fn xlsx(book: &Xlsx) -> Vec<u8> {
    let mut strings: Vec<&str> = Vec::new();
    let mut sheets_xml = Vec::new();
    for sheet in &book.sheets {
        let mut xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>"#
        );
        for (number, cells) in &sheet.rows {
            if book.no_refs {
                xml.push_str("<row>");
            } else {
                xml.push_str(&format!(r#"<row r="{number}">"#));
            }
            for (letters, cell) in cells {
                let at = if book.no_refs { String::new() } else { format!(r#" r="{letters}{number}""#) };
                xml.push_str(&match cell {
                    Text(text) => {
                        let index = strings.iter().position(|s| s == text).unwrap_or_else(|| {
                            strings.push(text);
                            strings.len() - 1
                        });
                        format!(r#"<c{at} t="s"><v>{index}</v></c>"#)
                    }
                    Inline(text) => format!(r#"<c{at} t="inlineStr"><is><t>{}</t></is></c>"#, escape(text)),
                    Number(n) => format!(r#"<c{at}><v>{n}</v></c>"#),
                    Date(n) => format!(r#"<c{at} s="1"><v>{n}</v></c>"#),
                    Bool(b) => format!(r#"<c{at} t="b"><v>{}</v></c>"#, u8::from(*b)),
                    Error(e) => format!(r#"<c{at} t="e"><v>{e}</v></c>"#),
                    Formula(f, v) => format!(r#"<c{at} t="str"><f>{}</f><v>{}</v></c>"#, escape(f), escape(v)),
                });
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData>");
        if !sheet.merged.is_empty() {
            xml.push_str(&format!(r#"<mergeCells count="{}">"#, sheet.merged.len()));
            for range in &sheet.merged {
                xml.push_str(&format!(r#"<mergeCell ref="{range}"/>"#));
            }
            xml.push_str("</mergeCells>");
        }
        xml.push_str("</worksheet>");
        sheets_xml.push(xml);
    }

    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
    );
    let mut workbook =
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">"#);
    if book.date1904 {
        workbook.push_str(r#"<workbookPr date1904="1"/>"#);
    }
    workbook.push_str("<sheets>");
    let mut rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#.to_owned();
    for (i, sheet) in book.sheets.iter().enumerate() {
        let n = i + 1;
        let state = if sheet.hidden { r#" state="hidden""# } else { "" };
        workbook.push_str(&format!(r#"<sheet name="{}" sheetId="{n}"{state} r:id="rId{n}"/>"#, escape(sheet.name)));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
    }
    workbook.push_str("</sheets></workbook>");
    let n = book.sheets.len();
    rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId{}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#, n + 1, n + 2));
    types.push_str("</Types>");
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#
    );
    let mut shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" count="{0}" uniqueCount="{0}">"#,
        strings.len()
    );
    for text in &strings {
        shared.push_str(&format!(r#"<si><t xml:space="preserve">{}</t></si>"#, escape(text)));
    }
    shared.push_str("</sst>");

    let mut files = vec![
        ("[Content_Types].xml".to_owned(), types),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        ("xl/workbook.xml".to_owned(), workbook),
        ("xl/_rels/workbook.xml.rels".to_owned(), rels),
        ("xl/styles.xml".to_owned(), styles),
        ("xl/sharedStrings.xml".to_owned(), shared),
    ];
    for (i, xml) in sheets_xml.into_iter().enumerate() {
        files.push((format!("xl/worksheets/sheet{}.xml", i + 1), xml));
    }
    zip_files(files.iter().map(|(name, text)| (name.as_str(), text.as_bytes(), CompressionMethod::Deflated)))
}

/// A cell of an OpenDocument row, repeated `repeat` times across (`None` is empty).
pub(crate) struct OdsCell {
    pub(crate) value: Option<Cell>,
    pub(crate) repeat: u32,
}

pub(crate) fn cell(value: Cell) -> OdsCell {
    OdsCell { value: Some(value), repeat: 1 }
}

pub(crate) fn empty(repeat: u32) -> OdsCell {
    OdsCell { value: None, repeat }
}

pub(crate) struct OdsSheet {
    pub(crate) name: &'static str,
    /// Rows, each repeated down some times.
    pub(crate) rows: Vec<(u32, Vec<OdsCell>)>,
}

/// An OpenDocument spreadsheet as LibreOffice saves it: `mimetype` first and stored,
/// a manifest, and after each table the rows it pads the sheet to its height with.
pub(crate) fn ods(sheets: &[OdsSheet]) -> Vec<u8> {
    let mut content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body><office:spreadsheet>"#.to_owned();
    for sheet in sheets {
        content.push_str(&format!(
            r#"<table:table table:name="{}"><table:table-column table:number-columns-repeated="1024"/>"#,
            escape(sheet.name)
        ));
        for (repeat, cells) in &sheet.rows {
            if *repeat > 1 {
                content.push_str(&format!(r#"<table:table-row table:number-rows-repeated="{repeat}">"#));
            } else {
                content.push_str("<table:table-row>");
            }
            for cell in cells {
                let repeat = if cell.repeat > 1 {
                    format!(r#" table:number-columns-repeated="{}""#, cell.repeat)
                } else {
                    String::new()
                };
                content.push_str(&match &cell.value {
                    None => format!("<table:table-cell{repeat}/>"),
                    Some(Text(text) | Inline(text)) => {
                        let paragraphs: String = text.split('\n').map(|p| format!("<text:p>{}</text:p>", escape(p))).collect();
                        format!(r#"<table:table-cell{repeat} office:value-type="string" calcext:value-type="string">{paragraphs}</table:table-cell>"#)
                    }
                    Some(Number(n)) => format!(
                        r#"<table:table-cell{repeat} office:value-type="float" office:value="{n}" calcext:value-type="float"><text:p>{n}</text:p></table:table-cell>"#
                    ),
                    Some(Date(day)) => {
                        let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Days::new(*day as u64);
                        format!(
                            r#"<table:table-cell{repeat} office:value-type="date" office:date-value="{date}" calcext:value-type="date"><text:p>{}</text:p></table:table-cell>"#,
                            date.format("%d.%m.%Y")
                        )
                    }
                    Some(Bool(b)) => format!(
                        r#"<table:table-cell{repeat} office:value-type="boolean" office:boolean-value="{b}"><text:p>{}</text:p></table:table-cell>"#,
                        if *b { "TRUE" } else { "FALSE" }
                    ),
                    Some(Error(e)) => format!(r#"<table:table-cell{repeat} table:formula="of:=NA()" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>{e}</text:p></table:table-cell>"#),
                    Some(Formula(f, v)) => format!(
                        r#"<table:table-cell{repeat} table:formula="of:={}" office:value-type="string" office:string-value="{}" calcext:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                        escape(f), escape(v), escape(v)
                    ),
                });
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_files([
        ("mimetype", &b"application/vnd.oasis.opendocument.spreadsheet"[..], CompressionMethod::Stored),
        ("content.xml", content.as_bytes(), CompressionMethod::Deflated),
        ("META-INF/manifest.xml", manifest.as_bytes(), CompressionMethod::Deflated),
    ])
}

/// Any files zipped, e.g. a Word document's parts.
pub(crate) fn zip_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8], CompressionMethod)>) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes, method) in files {
        zip.start_file(name, SimpleFileOptions::default().compression_method(method)).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
