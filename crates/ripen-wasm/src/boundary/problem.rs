//! What can be wrong with an argument at the JS boundary before any domain rule applies:
//! its type, its size, its Unicode, a date that is no date. Plain Rust, tested natively.

/// An argument (or a value inside one, by path) refused at the boundary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct ArgumentError {
    /// The argument's name as the typings give it (`clientId`), or the path inside it
    /// (`phones[1]`, `dates[0].year`).
    pub field: String,
    pub problem: ArgumentProblem,
}

impl ArgumentError {
    pub fn new(field: impl Into<String>, problem: ArgumentProblem) -> Self {
        Self { field: field.into(), problem }
    }

    /// Places this error inside a parent, e.g. `phones` inside `clients[3]`.
    #[must_use]
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() { parent.to_owned() } else { format!("{parent}.{}", self.field) };
        self
    }
}

/// The specific reason, each with a stable code (`ArgumentProblem::code`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgumentProblem {
    /// Not the type the argument takes: a number for an id, an array-like for a string.
    #[error("expected {expected}, got {got}")]
    WrongType { expected: &'static str, got: String },
    /// A text over its cap, measured as JS measures it (UTF-16 code units) before it is
    /// copied into wasm memory.
    #[error("is {actual} UTF-16 code units long; at most {max} are taken")]
    TooLong { max: usize, actual: usize },
    /// A file, or the JSON text of an object, over its cap.
    #[error("is larger than {max} {unit}")]
    TooLarge { max: usize, unit: &'static str },
    /// A list with more items than it may hold.
    #[error("holds {actual} items; at most {max} are allowed")]
    TooMany { max: usize, actual: usize },
    /// A string that is not well-formed Unicode: a lone surrogate would be replaced by
    /// U+FFFD on the way in, so two different strings would read as one.
    #[error("is not well-formed Unicode: a lone surrogate at UTF-16 index {index}")]
    LoneSurrogate { index: usize },
    /// A `Date` object whose time is NaN.
    #[error("is an invalid Date")]
    InvalidDate,
    /// A number, a date or a year outside what is taken.
    #[error("{value} is outside {range}")]
    OutOfRange { value: String, range: String },
    /// A `Blob` or `File` the browser could not read (deleted or changed on disk since it
    /// was picked).
    #[error("could not be read ({reason})")]
    Unreadable { reason: String },
}

impl ArgumentProblem {
    /// A stable machine-readable code, shown to JS as `error.problem`.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::WrongType { .. } => "wrong_type",
            Self::TooLong { .. } => "too_long",
            Self::TooLarge { .. } => "too_large",
            Self::TooMany { .. } => "too_many",
            Self::LoneSurrogate { .. } => "lone_surrogate",
            Self::InvalidDate => "invalid_date",
            Self::OutOfRange { .. } => "out_of_range",
            Self::Unreadable { .. } => "unreadable",
        }
    }
}

/// Refuses a text of `units` UTF-16 code units over `max`.
pub fn text_length(field: &str, units: usize, max: usize) -> Result<(), ArgumentError> {
    if units > max {
        return Err(ArgumentError::new(field, ArgumentProblem::TooLong { max, actual: units }));
    }
    Ok(())
}

/// Refuses a list of `items` over `max`.
pub fn list_length(field: &str, items: usize, max: usize) -> Result<(), ArgumentError> {
    if items > max {
        return Err(ArgumentError::new(field, ArgumentProblem::TooMany { max, actual: items }));
    }
    Ok(())
}

/// A JS number as a whole number in `range` (an id from `subscribe`, a stage position):
/// NaN, infinities, fractions and numbers outside it are refused rather than truncated.
pub fn whole_number(field: &str, value: f64, range: std::ops::RangeInclusive<u32>) -> Result<u32, ArgumentError> {
    let (first, last) = (*range.start(), *range.end());
    if value.fract() == 0.0 && value >= f64::from(first) && value <= f64::from(last) {
        // In range and whole: the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return Ok(value as u32);
    }
    Err(ArgumentError::new(
        field,
        ArgumentProblem::OutOfRange {
            value: number_text(value),
            range: format!("the whole numbers {first} to {last}"),
        },
    ))
}

/// A number as JS would print it (`NaN`, `Infinity`, `1.5`, `3`).
fn number_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_must_be_whole_and_in_range() {
        // (value, accepted as)
        let cases: &[(f64, Option<u32>)] = &[
            (0.0, Some(0)),
            (7.0, Some(7)),
            (4_294_967_295.0, Some(u32::MAX)),
            (-1.0, None),
            (1.5, None),
            (4_294_967_296.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (f64::NEG_INFINITY, None),
        ];
        for (value, expected) in cases {
            let got = whole_number("position", *value, 0..=u32::MAX);
            assert_eq!(got.as_ref().ok(), expected.as_ref(), "{value}");
            if let Err(error) = got {
                assert_eq!((error.field.as_str(), error.problem.code()), ("position", "out_of_range"));
            }
        }
        assert_eq!(
            whole_number("id", f64::NAN, 1..=9).unwrap_err().to_string(),
            "id: NaN is outside the whole numbers 1 to 9"
        );
    }

    #[test]
    fn sizes_are_checked_against_their_caps() {
        assert!(text_length("name", 10, 10).is_ok());
        assert_eq!(text_length("name", 11, 10).unwrap_err().problem, ArgumentProblem::TooLong { max: 10, actual: 11 });
        assert!(list_length("phones", 20, 20).is_ok());
        assert_eq!(list_length("phones", 21, 20).unwrap_err().problem.code(), "too_many");
    }

    #[test]
    fn paths_nest() {
        let error = ArgumentError::new("year", ArgumentProblem::InvalidDate).within("dates[0]").within("clients[3]");
        assert_eq!(error.field, "clients[3].dates[0].year");
        assert_eq!(ArgumentError::new("", ArgumentProblem::InvalidDate).within("at").field, "at");
    }
}
