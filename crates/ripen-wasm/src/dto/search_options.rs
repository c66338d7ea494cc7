//! `search(query, { limit, filter })` as JS writes it.

use crate::boundary::caps;
use crate::boundary::problem::list_length;
use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::search::SearchFilter;
use ripen_core::ValidationError;
use ripen_json::FromJson;

#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct SearchOptions {
    pub limit: Option<usize>,
    #[json(default)]
    pub filter: FilterInput,
    /// Wait for the search index to hold every client (right after opening a big base,
    /// a second or two) rather than answer from the part built so far.
    #[json(default)]
    pub wait: bool,
}

#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct FilterInput {
    pub kind: Option<String>,
    pub owner: Option<String>,
    pub region: Option<String>,
    #[json(default)]
    pub tags: Vec<String>,
    pub show: Option<String>,
    pub rating: Option<String>,
}

/// A search query: at most [`caps::QUERY_CHARS`] characters (the longest name a client
/// may have), so that one search costs what a name's would.
pub fn query(raw: &str) -> Result<&str, ValidationError> {
    let chars = raw.chars().count();
    if chars > caps::QUERY_CHARS {
        return Err(ValidationError::new("query", Problem::TooLong { max: caps::QUERY_CHARS, actual: chars }));
    }
    Ok(raw)
}

/// The most results a list call returns.
pub(super) const MAX_LIMIT: usize = 1_000;

/// A `limit` option: `default` unless given, between 1 and [`MAX_LIMIT`].
pub fn limit(given: Option<usize>, default: usize) -> Result<usize, FacadeError> {
    let limit = given.unwrap_or(default);
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(limit)
    } else {
        Err(ValidationError::new("limit", Problem::Malformed { reason: format!("must be between 1 and {MAX_LIMIT}") })
            .into())
    }
}

impl SearchOptions {
    /// The limit (20 unless given, 1 to 1,000) and the filter, parsed.
    pub fn parse(self) -> Result<(usize, SearchFilter), FacadeError> {
        let limit = limit(self.limit, 20)?;
        let f = self.filter;
        list_length("filter.tags", f.tags.len(), caps::FILTER_TAGS)?;
        let filter = SearchFilter {
            kind: f.kind.as_deref().map(str::parse).transpose().map_err(|e: ValidationError| e.within("filter"))?,
            owner: f.owner.as_deref().map(str::parse).transpose().map_err(|e: ValidationError| e.within("filter"))?,
            region: f.region.as_deref().map(str::parse).transpose().map_err(|e: ValidationError| e.within("filter"))?,
            tags: f
                .tags
                .iter()
                .map(|t| t.parse())
                .collect::<Result<_, ValidationError>>()
                .map_err(|e| e.within("filter"))?,
            show: f.show.as_deref().map(|s| super::parse_id("filter.show", s)).transpose()?,
            rating: f.rating.as_deref().map(str::parse).transpose().map_err(|e: ValidationError| e.within("filter"))?,
        };
        Ok((limit, filter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_no_longer_than_a_name() {
        assert_eq!(query("Сибирские моторы").unwrap(), "Сибирские моторы");
        assert!(query(&"я".repeat(caps::QUERY_CHARS)).is_ok());
        let error = query(&"я".repeat(caps::QUERY_CHARS + 1)).unwrap_err();
        assert_eq!((error.field.as_str(), error.problem.code()), ("query", "too_long"));
    }

    #[test]
    fn limits_and_filters_are_checked() {
        let parse = |json: &str| {
            ripen_json::from_str::<SearchOptions>(json).map_err(|e| e.to_string())?.parse().map_err(|e| e.to_string())
        };
        assert_eq!(parse("{}").unwrap().0, 20);
        assert!(parse(r#"{"limit": 0}"#).unwrap_err().contains("limit"));
        assert!(parse(r#"{"limit": 5000}"#).is_err());
        assert!(parse(r#"{"filter": {"kind": "lead"}}"#).unwrap_err().contains("filter.kind"));
        assert!(parse(r#"{"filtr": {}}"#).is_err());
        let many_tags = serde_json::json!({ "filter": { "tags": vec!["t"; caps::FILTER_TAGS + 1] } }).to_string();
        assert!(parse(&many_tags).unwrap_err().contains("filter.tags: holds 21 items"));
        let (_, filter) = parse(r#"{"filter": {"kind": "person", "tags": ["vip"]}}"#).unwrap();
        assert_eq!(filter.tags.len(), 1);
    }
}
