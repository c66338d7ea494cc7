//! Stage templates: a message for a pipeline stage and a channel, in a locale, whose text
//! names variables in braces (`{first_name}`); checked when saved, filled in for a client
//! by `read::templates`.

use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{PipelineId, StageId, TemplateId};
use crate::values::newtype::string_enum;
use crate::values::Channel;

string_enum! {
    /// The language a template is written in.
    Locale in "locale" {
        Ru = "ru",
        En = "en",
    }
}

string_enum! {
    /// What a template's `{…}` may name.
    Variable in "variable" {
        /// The client's name.
        Name = "name",
        /// A person's first name.
        FirstName = "first_name",
        /// The company a person works at; a company's own name.
        Company = "company",
        /// The nearest upcoming event where we could meet.
        Event = "event",
        /// The wish the client voiced last.
        Wish = "wish",
        /// The display name of the client's owner.
        Rep = "rep",
        /// The nearest important date.
        Date = "date",
    }
}

/// A piece of a template's text: as written, or a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Variable(Variable),
}

/// Reads `text` into its pieces: `{name}` is a variable, `{{` and `}}` a brace itself.
/// `field` names the text in an error.
pub fn pieces(field: &str, text: &str) -> Result<Vec<Piece>, ValidationError> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('{', Some('{')) | ('}', Some('}')) => {
                literal.push(chars[i]);
                i += 2;
            }
            ('{', _) => {
                let close = chars[i + 1..].iter().position(|c| *c == '}' || *c == '{');
                let Some(close) = close.filter(|at| chars[i + 1 + at] == '}') else {
                    return Err(ValidationError::new(field, Problem::UnbalancedBrace { at: i }));
                };
                let name: String = chars[i + 1..i + 1 + close].iter().collect();
                let variable = name.parse::<Variable>().map_err(|_| {
                    ValidationError::new(field, Problem::UnknownVariable { name, expected: Variable::NAMES })
                })?;
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Variable(variable));
                i += close + 2;
            }
            ('}', _) => return Err(ValidationError::new(field, Problem::UnbalancedBrace { at: i })),
            (c, _) => {
                literal.push(c);
                i += 1;
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

/// A message template, as saved.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Template {
    pub id: TemplateId,
    pub pipeline: PipelineId,
    pub stage: StageId,
    pub channel: Channel,
    pub locale: Locale,
    pub name: String,
    /// An e-mail's subject.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
}

/// A template as the user writes it: ids parsed, texts still to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDraft {
    pub id: TemplateId,
    pub pipeline: PipelineId,
    pub stage: StageId,
    pub channel: Channel,
    pub locale: Locale,
    pub name: String,
    pub subject: Option<String>,
    pub body: String,
}

impl Template {
    pub const MAX_NAME: usize = 100;
    pub const MAX_SUBJECT: usize = 200;
    /// Room for a long e-mail; a text message is much shorter.
    pub const MAX_BODY: usize = 4000;

    /// Checks a draft: a name, a subject only for an e-mail, a body of lines, and every
    /// `{…}` a known variable.
    pub fn parse(draft: TemplateDraft) -> Result<Self, ValidationError> {
        let name = clean_line("name", &draft.name, Self::MAX_NAME)?;
        let subject = match draft.subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(_) if draft.channel != Channel::Email => {
                return Err(ValidationError::new(
                    "subject",
                    Problem::Malformed { reason: "only an e-mail has a subject".into() },
                ))
            }
            Some(subject) => Some(clean_line("subject", subject, Self::MAX_SUBJECT)?),
            None => None,
        };
        let body = body_text(&draft.body)?;
        if let Some(subject) = &subject {
            pieces("subject", subject)?;
        }
        pieces("body", &body)?;
        Ok(Self {
            id: draft.id,
            pipeline: draft.pipeline,
            stage: draft.stage,
            channel: draft.channel,
            locale: draft.locale,
            name,
            subject,
            body,
        })
    }
}

/// A body: trimmed, line breaks as `\n`, no other control characters but tabs.
fn body_text(raw: &str) -> Result<String, ValidationError> {
    let text = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    if text.is_empty() {
        return Err(ValidationError::new("body", Problem::Empty));
    }
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        return Err(ValidationError::new("body", Problem::ControlCharacter { code: c as u32 }));
    }
    let chars = text.chars().count();
    if chars > Template::MAX_BODY {
        return Err(ValidationError::new("body", Problem::TooLong { max: Template::MAX_BODY, actual: chars }));
    }
    Ok(text)
}

/// Every template of the team, by id. Starts from [`default_templates`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// Sorted by id.
    all: Vec<Template>,
}

impl Default for Templates {
    fn default() -> Self {
        Self::from_list(default_templates())
    }
}

impl Templates {
    pub(crate) fn from_list(mut all: Vec<Template>) -> Self {
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all.dedup_by(|a, b| a.id == b.id);
        Self { all }
    }

    pub fn all(&self) -> &[Template] {
        &self.all
    }

    pub fn get(&self, id: &TemplateId) -> Option<&Template> {
        self.all.binary_search_by(|t| t.id.cmp(id)).ok().map(|at| &self.all[at])
    }

    pub(crate) fn save(&mut self, template: &Template) {
        match self.all.binary_search_by(|t| t.id.cmp(&template.id)) {
            Ok(at) => self.all[at] = template.clone(),
            Err(at) => self.all.insert(at, template.clone()),
        }
    }

    pub(crate) fn remove(&mut self, id: &TemplateId) {
        if let Ok(at) = self.all.binary_search_by(|t| t.id.cmp(id)) {
            self.all.remove(at);
        }
    }

    /// Whether these are the templates a new base starts with.
    pub(crate) fn are_defaults(&self) -> bool {
        *self == Self::default()
    }
}

fn valid<T: std::str::FromStr>(id: &str) -> T {
    id.parse().unwrap_or_else(|_| unreachable!("default ids are valid"))
}

/// One default template; the id is `pipeline-stage-channel-locale`.
fn template(
    pipeline: &str,
    stage: &str,
    channel: Channel,
    locale: Locale,
    name: &str,
    subject: Option<&str>,
    body: &str,
) -> Template {
    let id = format!("{pipeline}-{stage}-{}-{}", channel.as_str(), locale.as_str());
    Template {
        id: valid(&id),
        pipeline: valid(pipeline),
        stage: valid(stage),
        channel,
        locale,
        name: name.to_owned(),
        subject: subject.map(str::to_owned),
        body: body.to_owned(),
    }
}

/// The templates a new base starts with, for the default pipelines' stages, in Russian and
/// English: a call script, an e-mail and a messenger note. Part of the storage format (a
/// checkpoint leaves them out while they are unchanged): change them only with a way for
/// old bases to keep theirs.
pub fn default_templates() -> Vec<Template> {
    use Channel::{Call, Email, Message};
    use Locale::{En, Ru};
    vec![
        template(
            "sales",
            "lead_received",
            Call,
            Ru,
            "Звонок по заявке",
            None,
            "Здравствуйте, {first_name}! Это {rep}. Вы оставили заявку — удобно сейчас пару минут поговорить?\n\
             1. Что используете сейчас и что не устраивает?\n\
             2. Какой объём и к какому сроку?\n\
             3. Кто ещё участвует в решении?\n\
             Договориться о следующем шаге: встреча или коммерческое предложение.",
        ),
        template(
            "sales",
            "lead_received",
            Call,
            En,
            "Call about the request",
            None,
            "Hello {first_name}, this is {rep}. You sent us a request — do you have a couple of minutes?\n\
             1. What do you use now, and what does not work for you?\n\
             2. What volume, and by when?\n\
             3. Who else takes part in the decision?\n\
             Agree the next step: a meeting or an offer.",
        ),
        template(
            "sales",
            "offer_sent",
            Email,
            Ru,
            "Коммерческое предложение",
            Some("Коммерческое предложение для {company}"),
            "Здравствуйте, {first_name}!\n\n\
             Как договаривались, отправляю коммерческое предложение для {company}. \
             Если появятся вопросы — отвечу по почте или по телефону.\n\n\
             С уважением,\n{rep}",
        ),
        template(
            "sales",
            "offer_sent",
            Email,
            En,
            "The offer",
            Some("Our offer for {company}"),
            "Dear {first_name},\n\n\
             As agreed, here is our offer for {company}. \
             If any questions come up, reply to this e-mail or call me.\n\n\
             Kind regards,\n{rep}",
        ),
        template(
            "sales",
            "offer_sent",
            Message,
            Ru,
            "Напоминание о КП",
            None,
            "{first_name}, добрый день! Это {rep}. Отправил(а) вам предложение на почту — удалось посмотреть? \
             Если удобно, созвонимся в любой день на этой неделе.",
        ),
        template(
            "sales",
            "offer_sent",
            Message,
            En,
            "A nudge about the offer",
            None,
            "Hi {first_name}, it's {rep}. I e-mailed you our offer — have you had a chance to look? \
             Happy to have a call any day this week.",
        ),
        template(
            "maturation",
            "considering",
            Email,
            Ru,
            "Кейс похожей компании",
            Some("Как похожая компания решила ту же задачу"),
            "Здравствуйте, {first_name}!\n\n\
             Вы говорили: «{wish}». Пересылаю короткий кейс компании, которая решала похожую задачу, — \
             читать пять минут.\n\n{rep}",
        ),
        template(
            "maturation",
            "considering",
            Email,
            En,
            "A case study of a similar company",
            Some("How a company like yours solved the same problem"),
            "Dear {first_name},\n\n\
             You mentioned: “{wish}”. Here is a short case study of a company that faced the same — \
             a five-minute read.\n\n{rep}",
        ),
        template(
            "maturation",
            "owning",
            Message,
            Ru,
            "Поздравление и отзыв",
            None,
            "{first_name}, добрый день! Это {rep}. Скоро {date} — поздравляем заранее! \
             Как вам работается с нами? Будем на «{event}» — заглядывайте.",
        ),
        template(
            "maturation",
            "owning",
            Message,
            En,
            "Wishes and a check-in",
            None,
            "Hi {first_name}, it's {rep}. Coming up: {date} — our best wishes in advance! \
             How is it working for you? We will be at “{event}” — come and say hello.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(channel: Channel, subject: Option<&str>, body: &str) -> TemplateDraft {
        TemplateDraft {
            id: "t1".parse().unwrap(),
            pipeline: "sales".parse().unwrap(),
            stage: "offer_sent".parse().unwrap(),
            channel,
            locale: Locale::Ru,
            name: "Письмо".into(),
            subject: subject.map(str::to_owned),
            body: body.into(),
        }
    }

    #[test]
    fn the_text_is_read_into_its_pieces() {
        let text = |s: &str| Piece::Text(s.into());
        assert_eq!(
            pieces("body", "Hi {first_name}, {{literal}} from {rep}").unwrap(),
            [
                text("Hi "),
                Piece::Variable(Variable::FirstName),
                text(", {literal} from "),
                Piece::Variable(Variable::Rep)
            ]
        );
        assert_eq!(pieces("body", "{name}{company}").unwrap().len(), 2);
        assert_eq!(pieces("body", "").unwrap(), []);
    }

    #[test]
    fn a_draft_is_refused_naming_the_field_and_the_variable() {
        // (channel, subject, body, field, problem code, what the message names)
        let long = "я".repeat(Template::MAX_BODY + 1);
        type Case<'a> = (Channel, Option<&'a str>, &'a str, &'a str, &'a str, &'a str);
        let cases: &[Case<'_>] = &[
            (Channel::Email, None, "Hi {nmae}", "body", "unknown_variable", "{nmae}"),
            (Channel::Email, Some("For {firm}"), "Hi", "subject", "unknown_variable", "{firm}"),
            (Channel::Email, None, "Hi {name", "body", "unbalanced_brace", "character 3"),
            (Channel::Email, None, "Hi name}", "body", "unbalanced_brace", "character 7"),
            (Channel::Email, None, "Hi {na{me}", "body", "unbalanced_brace", "character 3"),
            (Channel::Email, None, "{}", "body", "unknown_variable", "{}"),
            (Channel::Email, None, "   \n ", "body", "empty", ""),
            (Channel::Email, None, &long, "body", "too_long", "4000"),
            (Channel::Email, None, "bell \u{7}", "body", "control_character", "U+0007"),
            (Channel::Message, Some("Subject"), "Hi", "subject", "malformed", "only an e-mail"),
        ];
        for (channel, subject, body, field, code, names) in cases {
            let error = Template::parse(draft(*channel, *subject, body)).unwrap_err();
            assert_eq!((error.field.as_str(), error.problem.code()), (*field, *code), "{body:?}");
            assert!(error.to_string().contains(names), "{error}");
        }
        let mut nameless = draft(Channel::Call, None, "Hi");
        nameless.name = " ".into();
        assert_eq!(Template::parse(nameless).unwrap_err().field, "name");
    }

    #[test]
    fn a_good_draft_is_kept_tidy() {
        let template = Template::parse(draft(Channel::Email, Some("  "), "  Hi {name}\r\nbye\r ")).unwrap();
        assert_eq!(template.body, "Hi {name}\nbye");
        assert_eq!(template.subject, None);
    }

    #[test]
    fn the_defaults_are_pinned_and_every_one_parses() {
        let defaults = default_templates();
        let ids: Vec<&str> = defaults.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "sales-lead_received-call-ru",
                "sales-lead_received-call-en",
                "sales-offer_sent-email-ru",
                "sales-offer_sent-email-en",
                "sales-offer_sent-message-ru",
                "sales-offer_sent-message-en",
                "maturation-considering-email-ru",
                "maturation-considering-email-en",
                "maturation-owning-message-ru",
                "maturation-owning-message-en",
            ]
        );
        let pipelines = crate::model::pipeline::default_pipelines();
        for t in &defaults {
            let draft = TemplateDraft {
                id: t.id.clone(),
                pipeline: t.pipeline.clone(),
                stage: t.stage.clone(),
                channel: t.channel,
                locale: t.locale,
                name: t.name.clone(),
                subject: t.subject.clone(),
                body: t.body.clone(),
            };
            assert_eq!(&Template::parse(draft).unwrap(), t, "a default is as a save would keep it");
            let pipeline = pipelines.iter().find(|p| p.id == t.pipeline).unwrap();
            assert!(pipeline.stage(&t.stage).is_some(), "{}", t.id);
        }
        // Pinned: the stored form of one default (a checkpoint leaves them out as known).
        assert_eq!(
            ripen_json::to_string(&defaults[5]),
            r#"{"id":"sales-offer_sent-message-en","pipeline":"sales","stage":"offer_sent","channel":"message","locale":"en","name":"A nudge about the offer","body":"Hi {first_name}, it's {rep}. I e-mailed you our offer — have you had a chance to look? Happy to have a call any day this week."}"#
        );
    }

    #[test]
    fn the_book_saves_replaces_and_removes_by_id() {
        let mut book = Templates::default();
        assert!(book.are_defaults());
        let mut changed = book.all()[0].clone();
        changed.name = "Другое".into();
        book.save(&changed);
        assert_eq!(book.get(&changed.id), Some(&changed));
        assert_eq!(book.all().len(), default_templates().len());
        book.remove(&changed.id);
        assert_eq!(book.get(&changed.id), None);
        assert!(!book.are_defaults());
    }
}
