//! Which sheet is read: the one asked for by name, else the first visible worksheet that
//! holds anything (a workbook often opens on an empty or hidden "lists" sheet).

use calamine::{Sheet, SheetType, SheetVisible};
use ripen_io::WorkbookError;

/// The names offered to the user: the workbook's visible worksheets, in order.
pub(crate) fn offered(sheets: &[Sheet]) -> Vec<String> {
    sheets.iter().filter(|s| is_offered(s)).map(|s| s.name.clone()).collect()
}

fn is_offered(sheet: &Sheet) -> bool {
    sheet.typ == SheetType::WorkSheet && sheet.visible == SheetVisible::Visible
}

/// The sheets to try in order: the one named (hidden ones too, if named exactly; else by
/// its name in any case), or else the offered ones.
pub(crate) fn candidates(sheets: &[Sheet], wanted: Option<&str>) -> Result<Vec<String>, WorkbookError> {
    let worksheets: Vec<&Sheet> = sheets.iter().filter(|s| s.typ == SheetType::WorkSheet).collect();
    if worksheets.is_empty() {
        return Err(WorkbookError::NoSheets);
    }
    match wanted {
        Some(name) => {
            let exact = worksheets.iter().find(|s| s.name == name);
            let folded = || worksheets.iter().find(|s| s.name.trim().to_lowercase() == name.trim().to_lowercase());
            match exact.or_else(folded) {
                Some(sheet) => Ok(vec![sheet.name.clone()]),
                None => Err(WorkbookError::NoSuchSheet { name: name.to_owned(), sheets: offered(sheets) }),
            }
        }
        None => {
            let visible: Vec<String> = offered(sheets);
            // A workbook whose every worksheet is hidden is still read.
            Ok(if visible.is_empty() { worksheets.iter().map(|s| s.name.clone()).collect() } else { visible })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str, visible: SheetVisible, typ: SheetType) -> Sheet {
        Sheet { name: name.into(), typ, visible }
    }

    #[test]
    fn the_sheet_asked_for_else_the_visible_worksheets() {
        let sheets = [
            sheet("Списки", SheetVisible::Hidden, SheetType::WorkSheet),
            sheet("Диаграмма", SheetVisible::Visible, SheetType::ChartSheet),
            sheet("Клиенты", SheetVisible::Visible, SheetType::WorkSheet),
            sheet("Архив", SheetVisible::Visible, SheetType::WorkSheet),
        ];
        assert_eq!(offered(&sheets), ["Клиенты", "Архив"]);
        assert_eq!(candidates(&sheets, None).unwrap(), ["Клиенты", "Архив"]);
        assert_eq!(candidates(&sheets, Some("Архив")).unwrap(), ["Архив"]);
        assert_eq!(candidates(&sheets, Some(" клиенты ")).unwrap(), ["Клиенты"]);
        assert_eq!(candidates(&sheets, Some("Списки")).unwrap(), ["Списки"]);
        assert_eq!(
            candidates(&sheets, Some("Лист1")).unwrap_err(),
            WorkbookError::NoSuchSheet {
                name: "Лист1".into(), sheets: vec!["Клиенты".into(), "Архив".into()]
            }
        );
        assert_eq!(candidates(&sheets[1..2], None).unwrap_err(), WorkbookError::NoSheets);
        assert_eq!(candidates(&sheets[..1], None).unwrap(), ["Списки"]);
    }
}
