//! A table's column as a spreadsheet names it — A … Z, AA … AZ, BA … — so a report points
//! at the column the user sees when the file is opened in Excel or LibreOffice.

/// The letter of the column at `index`, counted from 0.
pub(crate) fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::letter;

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_letters_them() {
        for (index, expected) in
            [(0, "A"), (6, "G"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")]
        {
            assert_eq!(letter(index), expected, "column {index}");
        }
    }
}
