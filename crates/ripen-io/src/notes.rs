//! The notes a client is given from what has no field of its own: the file's notes, the
//! values with no place, the values that did not read. Cut to what the field holds
//! rather than refused, so a long note never loses the row.

use ripen_core::values::Notes;

/// The notes of `lines`, one a line, control characters taken out; and, when they had
/// to be cut, how many characters they had.
pub(crate) fn compose(lines: &[String]) -> (Option<Notes>, Option<usize>) {
    if lines.is_empty() {
        return (None, None);
    }
    let mut text: String = lines.join("\n").chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
    let chars = text.chars().count();
    let cut = (chars > Notes::MAX_CHARS).then(|| {
        text = text.chars().take(Notes::MAX_CHARS).collect();
        chars
    });
    (text.parse::<Notes>().ok(), cut)
}
