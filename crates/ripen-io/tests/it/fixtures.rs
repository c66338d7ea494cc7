//! Tests as data: each file in `tests/fixtures` is read, and what was read is compared
//! with the `.expected` file beside it. `RIPEN_BLESS=1 cargo test -p ripen-io` rewrites
//! the expected files (then read the diff).

use ripen_io::{read, CsvOptions, Draft, MatchedBy, Read};
use std::fmt::Write;
use std::path::Path;

pub(crate) fn render_draft(out: &mut String, draft: &Draft) {
    let client = &draft.client;
    let fields = &client.fields;
    let _ = write!(out, "line {} · {} · {}", draft.line, fields.kind, client.name);
    if let Some(company) = &draft.company {
        let _ = write!(out, " · at {company}");
    }
    if let Some(position) = &draft.position {
        let _ = write!(out, " as {position}");
    }
    out.push('\n');
    let company = draft.company_fields.as_deref().cloned().unwrap_or_default();
    let mut of_company: Vec<String> = Vec::new();
    of_company.extend(company.phones.iter().map(|p| format!("+{}", p.e164())));
    of_company.extend(company.emails.iter().map(|e| e.to_string()));
    of_company.extend(company.website.iter().map(|w| w.to_string()));
    of_company.extend(company.industry.iter().map(|i| i.to_string()));
    if !of_company.is_empty() {
        let _ = writeln!(out, "  the company's: {}", of_company.join(", "));
    }
    let mut facts: Vec<String> = Vec::new();
    let list = |name: &str, items: Vec<String>| (!items.is_empty()).then(|| format!("{name} {}", items.join(", ")));
    facts.extend(list("phones", fields.phones.iter().map(|p| format!("+{}", p.e164())).collect()));
    facts.extend(list("emails", fields.emails.iter().map(|e| e.to_string()).collect()));
    facts.extend(fields.website.as_ref().map(|w| format!("website {w}")));
    facts.extend(fields.region.as_ref().map(|r| format!("region {r}")));
    facts.extend(fields.industry.as_ref().map(|r| format!("industry {r}")));
    facts.extend(fields.source.as_ref().map(|r| format!("source {r}")));
    facts.extend(fields.client_type.as_ref().map(|r| format!("type {r}")));
    facts.extend(list("tags", fields.tags.iter().map(|t| t.to_string()).collect()));
    facts.extend(list(
        "dates",
        fields
            .dates
            .iter()
            .map(|d| {
                format!("{} {:02}-{:02}{}", d.kind, d.month, d.day, d.year.map(|y| format!(" {y}")).unwrap_or_default())
            })
            .collect(),
    ));
    if !facts.is_empty() {
        let _ = writeln!(out, "  {}", facts.join(" · "));
    }
    if let Some(notes) = &fields.notes {
        let _ = writeln!(out, "  notes {:?}", notes.as_str());
    }
    if let Some(source) = draft.named_from {
        let _ = writeln!(
            out,
            "  named from {}",
            ripen_json::Json::parse(&ripen_json::to_string(&source)).unwrap().as_str().unwrap().to_owned()
        );
    }
    for warning in &draft.warnings {
        let _ = writeln!(out, "  warning {} · {} · {}", warning.column, warning.problem, warning.message);
    }
}

pub(crate) fn render(read: &Read) -> String {
    let mut out = format!("format {} · rows {}", read.format, read.rows);
    if let Some(encoding) = read.encoding {
        let _ = write!(
            out,
            " · encoding {}",
            ripen_json::Json::parse(&ripen_json::to_string(&encoding)).unwrap().as_str().unwrap().to_owned()
        );
    }
    if let Some(delimiter) = read.delimiter {
        let _ = write!(out, " · delimiter {:?}", char::from(delimiter));
    }
    if let Some(preset) = read.preset {
        let _ = write!(out, " · preset {}", preset.as_str());
    }
    if let Some(line) = read.header_line {
        let _ = write!(out, " · header on line {line}");
    }
    if read.headerless {
        out.push_str(" · no header");
    }
    if let Some(sheet) = &read.sheet {
        let _ = write!(out, " · sheet {sheet} of [{}]", read.sheets.join(", "));
    }
    out.push('\n');
    if !read.columns.is_empty() {
        // A field found in other words or from the values is marked: it was guessed.
        let how = |by: MatchedBy| match by {
            MatchedBy::Fuzzy => " (fuzzy)",
            MatchedBy::Values => " (values)",
            MatchedBy::User => " (user)",
            _ => "",
        };
        let columns: Vec<String> =
            read.columns.iter().map(|c| format!("{} → {}{}", c.header, c.field.as_str(), how(c.by))).collect();
        let _ = writeln!(out, "columns: {}", columns.join(" | "));
    }
    for draft in &read.drafts {
        render_draft(&mut out, draft);
    }
    for issue in &read.issues {
        let _ = writeln!(out, "issue line {} · {} · {} · {}", issue.line, issue.column, issue.problem, issue.message);
    }
    out
}

#[test]
fn every_fixture_reads_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("RIPEN_BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e != "expected")) {
        let bytes = std::fs::read(path).unwrap();
        let got = match read(&bytes, None, &CsvOptions::default()) {
            Ok(read) => render(&read),
            Err(error) => format!("refused ({}): {error}\n", error.kind()),
        };
        let expected_path = path.with_extension(format!("{}.expected", path.extension().unwrap().to_str().unwrap()));
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == got => {}
            Ok(expected) => failures.push(format!("{}:\n--- expected\n{expected}--- got\n{got}", path.display())),
            Err(_) => failures.push(format!("{}: no .expected file (RIPEN_BLESS=1 writes it)\n{got}", path.display())),
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures found in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
