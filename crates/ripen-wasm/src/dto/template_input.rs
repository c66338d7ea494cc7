//! Templates at the boundary: a template as JS saves it, and the filter `templates()`
//! takes.

use crate::error::FacadeError;
use ripen_core::template::{Locale, Template, TemplateDraft};
use ripen_core::values::Channel;
use ripen_core::{PipelineId, StageId, ValidationError};
use ripen_json::FromJson;

fn parse<T: std::str::FromStr<Err = ValidationError>>(field: &str, raw: &str) -> Result<T, FacadeError> {
    super::parse_id(field, raw)
}

/// `saveTemplate(template)`: a new one, or a change to the one with its `id`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct TemplateInput {
    pub id: String,
    pub pipeline: String,
    pub stage: String,
    pub channel: String,
    pub locale: String,
    pub name: String,
    pub subject: Option<String>,
    pub body: String,
}

impl TemplateInput {
    pub fn draft(self) -> Result<TemplateDraft, FacadeError> {
        Ok(TemplateDraft {
            id: parse("id", &self.id)?,
            pipeline: parse("pipeline", &self.pipeline)?,
            stage: parse("stage", &self.stage)?,
            channel: parse("channel", &self.channel)?,
            locale: parse("locale", &self.locale)?,
            name: self.name,
            subject: self.subject,
            body: self.body,
        })
    }
}

/// `templates({ pipeline?, stage?, channel?, locale? })`: each given one must match.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct TemplateFilter {
    pub pipeline: Option<String>,
    pub stage: Option<String>,
    pub channel: Option<String>,
    pub locale: Option<String>,
}

/// A [`TemplateFilter`] with its values parsed.
#[derive(Debug, Default)]
pub struct TemplateMatch {
    pipeline: Option<PipelineId>,
    stage: Option<StageId>,
    channel: Option<Channel>,
    locale: Option<Locale>,
}

impl TemplateFilter {
    pub fn parsed(self) -> Result<TemplateMatch, FacadeError> {
        Ok(TemplateMatch {
            pipeline: self.pipeline.map(|p| parse("pipeline", &p)).transpose()?,
            stage: self.stage.map(|s| parse("stage", &s)).transpose()?,
            channel: self.channel.map(|c| parse("channel", &c)).transpose()?,
            locale: self.locale.map(|l| parse("locale", &l)).transpose()?,
        })
    }
}

impl TemplateMatch {
    pub fn matches(&self, template: &Template) -> bool {
        self.pipeline.as_ref().is_none_or(|p| *p == template.pipeline)
            && self.stage.as_ref().is_none_or(|s| *s == template.stage)
            && self.channel.is_none_or(|c| c == template.channel)
            && self.locale.is_none_or(|l| l == template.locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: &str) -> Result<TemplateDraft, FacadeError> {
        ripen_json::from_str::<TemplateInput>(json)
            .map_err(|e| FacadeError::Shape { what: "template", message: e.to_string() })?
            .draft()
    }

    #[test]
    fn a_template_input_names_the_field_it_refuses() {
        let good =
            r#"{"id":"t","pipeline":"sales","stage":"paid","channel":"email","locale":"en","name":"N","body":"B"}"#;
        assert!(input(good).is_ok());
        // (the changed part, the field named)
        let cases = [
            (r#""id":"T T""#, "id"),
            (r#""channel":"pigeon""#, "channel"),
            (r#""locale":"de""#, "locale"),
            (r#""stage":"Paid!""#, "stage"),
        ];
        for (change, field) in cases {
            let key = &change[..change.find(':').unwrap() + 1];
            let start = good.find(key).unwrap();
            let end = start + good[start..].find(',').unwrap();
            let json = format!("{}{}{}", &good[..start], change, &good[end..]);
            assert_eq!(input(&json).unwrap_err().field(), Some(field), "{json}");
        }
    }

    #[test]
    fn the_filter_keeps_what_matches_every_given_value() {
        let all = ripen_core::template::default_templates();
        let count = |json: &str| {
            let filter = ripen_json::from_str::<TemplateFilter>(json).unwrap().parsed().unwrap();
            all.iter().filter(|t| filter.matches(t)).count()
        };
        assert_eq!(count("{}"), all.len());
        assert_eq!(count(r#"{"pipeline":"sales","stage":"offer_sent"}"#), 4);
        assert_eq!(count(r#"{"pipeline":"sales","stage":"offer_sent","channel":"email","locale":"ru"}"#), 1);
        assert_eq!(count(r#"{"locale":"en"}"#), all.len() / 2);
    }
}
