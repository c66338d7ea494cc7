//! Choosing the channel: the client's preferred one if it can be used (the client has an
//! address for it), never an inconvenient one; else a default by the hook, the stage and
//! the addresses the client has.

use super::hooks::HookKind;
use super::Skip;
use crate::model::client::ClientFields;
use crate::model::pipeline::StageKind;
use crate::values::Channel;

/// Whether the client has an address to reach it on `channel`: a phone for a call or a
/// fax; an e-mail for an e-mail or a marketing send; a messenger or a phone (SMS) for a
/// message; and, for a meeting, a presentation or a visit, any address to arrange it by.
pub(super) fn reachable(fields: &ClientFields, channel: Channel) -> bool {
    let (phone, email, messenger) =
        (!fields.phones.is_empty(), !fields.emails.is_empty(), !fields.messengers.is_empty());
    match channel {
        Channel::Call | Channel::Fax => phone,
        Channel::Email | Channel::MarketingSend => email,
        Channel::Message => messenger || phone,
        Channel::Meeting | Channel::Presentation | Channel::Visit => phone || email || messenger,
    }
}

/// The channels tried, in order, when the client prefers none (or cannot be reached on
/// it): congratulations by message; a web lead and an active stage by call (the fastest
/// answer); a card waiting on the client by e-mail (a nudge that does not press).
fn defaults(hook: HookKind, stage: Option<StageKind>) -> [Channel; 3] {
    use Channel::{Call, Email, Message};
    match (hook, stage) {
        (HookKind::Date, _) => [Message, Call, Email],
        (HookKind::WebLead, _) => [Call, Message, Email],
        (_, Some(StageKind::Waiting)) => [Email, Message, Call],
        _ => [Call, Message, Email],
    }
}

/// The channel to suggest, or why there is none.
pub(super) fn choose(fields: &ClientFields, hook: HookKind, stage: Option<StageKind>) -> Result<Channel, Skip> {
    let usable = |c: &Channel| reachable(fields, *c) && !fields.inconvenient_channels.contains(c);
    if let Some(preferred) = fields.preferred_channel.filter(usable) {
        return Ok(preferred);
    }
    if let Some(channel) = defaults(hook, stage).into_iter().find(usable) {
        return Ok(channel);
    }
    if fields.phones.is_empty() && fields.emails.is_empty() && fields.messengers.is_empty() {
        Err(Skip::NoAddress)
    } else {
        Err(Skip::NoChannel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Email, Phone, Region};

    #[test]
    fn the_channel_is_the_preferred_one_if_usable_never_an_inconvenient_one() {
        let phone = || vec![Phone::parse("+7 913 123 45 67", Region::RU).unwrap()];
        let email = || vec!["a@example.com".parse::<Email>().unwrap()];
        let both = || ClientFields { phones: phone(), emails: email(), ..ClientFields::default() };
        // (the profile, the hook, the stage's kind, the channel or why none)
        type Row = (ClientFields, HookKind, Option<StageKind>, Result<Channel, Skip>);
        let cases: Vec<Row> = vec![
            (ClientFields::default(), HookKind::Quiet, None, Err(Skip::NoAddress)),
            (both(), HookKind::Quiet, None, Ok(Channel::Call)),
            (
                ClientFields { preferred_channel: Some(Channel::Email), ..both() },
                HookKind::Quiet,
                None,
                Ok(Channel::Email),
            ),
            // Preferred but no address for it: the default.
            (
                ClientFields { preferred_channel: Some(Channel::Email), phones: phone(), ..ClientFields::default() },
                HookKind::Quiet,
                None,
                Ok(Channel::Call),
            ),
            (both(), HookKind::Date, None, Ok(Channel::Message)),
            (both(), HookKind::Quiet, Some(StageKind::Waiting), Ok(Channel::Email)),
            (
                ClientFields { inconvenient_channels: [Channel::Call, Channel::Message].into(), ..both() },
                HookKind::WebLead,
                None,
                Ok(Channel::Email),
            ),
            (
                ClientFields {
                    inconvenient_channels: [Channel::Call, Channel::Message].into(),
                    phones: phone(),
                    ..ClientFields::default()
                },
                HookKind::Quiet,
                None,
                Err(Skip::NoChannel),
            ),
            (
                ClientFields { preferred_channel: Some(Channel::Meeting), ..both() },
                HookKind::Quiet,
                None,
                Ok(Channel::Meeting),
            ),
        ];
        for (fields, hook, stage, expected) in cases {
            assert_eq!(choose(&fields, hook, stage), expected, "{fields:?} {hook} {stage:?}");
        }
    }
}
