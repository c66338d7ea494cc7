//! Links that open a message on the device: `mailto:`, `sms:`, `tel:` and the messengers'
//! deep links, built from a client's addresses with the text percent-encoded so that it
//! arrives exactly as written.
//!
//! - `mailto:` follows RFC 6068: every byte but the unreserved ones is percent-encoded
//!   (a space is `%20`, never `+`), and a line break in the body is `%0D%0A`, as the RFC
//!   asks (mail programs show it as one line break).
//! - `sms:` is written `sms:+79131234567?&body=…`: iOS reads the body after `&`, Android
//!   after `?`; the `?&` form is read by both (RFC 5724's `?body=` alone is ignored by
//!   older iOS).
//! - WhatsApp: `https://wa.me/<digits>?text=…` (the number without `+`).
//! - Telegram: `https://t.me/<username>` — Telegram takes no text for a chat with a user,
//!   so the rep pastes it; a number instead of a username opens `https://t.me/+<digits>`.
//! - Viber: `viber://chat?number=%2B<digits>` (no text either).

use crate::values::{Channel, Email, Messenger, MessengerNetwork, Phone};

crate::values::newtype::string_enum! {
    /// What a send link opens.
    LinkKind in "kind" {
        Mailto = "mailto",
        Sms = "sms",
        Tel = "tel",
        WhatsApp = "whatsapp",
        Telegram = "telegram",
        Viber = "viber",
    }
}

/// One way to send the text from the device.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct SendLink {
    pub kind: LinkKind,
    /// The touch's channel when it is logged as sent.
    pub channel: Channel,
    pub href: String,
    /// The address it goes to, as the card shows it.
    pub label: String,
}

/// Percent-encodes every byte of `text` but the unreserved ones (RFC 3986), UTF-8 first.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// As [`encode`], with every line break (`\n`, `\r\n` or `\r`) as `%0D%0A` (RFC 6068).
fn encode_mail_text(text: &str) -> String {
    let lines: Vec<&str> = text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])).collect();
    lines.iter().map(|line| encode(line)).collect::<Vec<_>>().join("%0D%0A")
}

/// `mailto:` the address with the subject and body (either may be left out).
pub fn mailto(to: &Email, subject: Option<&str>, body: &str) -> String {
    // The address's own characters that mean something in a URI are encoded too: an
    // address may hold `%`, `?`, `#` or `&` before its `@`.
    let address: String = to.as_str().split('@').map(encode).collect::<Vec<_>>().join("@");
    let mut fields = Vec::new();
    if let Some(subject) = subject.filter(|s| !s.is_empty()) {
        fields.push(format!("subject={}", encode_mail_text(subject)));
    }
    if !body.is_empty() {
        fields.push(format!("body={}", encode_mail_text(body)));
    }
    if fields.is_empty() {
        format!("mailto:{address}")
    } else {
        format!("mailto:{address}?{}", fields.join("&"))
    }
}

/// `sms:` the number with the body, in the form both iOS and Android read.
pub fn sms(to: &Phone, body: &str) -> String {
    format!("sms:+{}?&body={}", to.e164(), encode(body))
}

/// `tel:` the number.
pub fn tel(to: &Phone) -> String {
    format!("tel:+{}", to.e164())
}

/// A WhatsApp chat with the number (its digits), the text filled in.
pub fn whatsapp(digits: &str, body: &str) -> String {
    format!("https://wa.me/{digits}?text={}", encode(body))
}

/// The digits of a handle that is a phone number (`+7 913 123-45-67`), if it is one.
fn handle_digits(handle: &str) -> Option<String> {
    let digits: String = handle.chars().filter(char::is_ascii_digit).collect();
    let only_phone = handle.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    (only_phone && (6..=15).contains(&digits.len())).then_some(digits)
}

/// A Telegram username: 5 to 32 Latin letters, digits and `_`, after an optional `@`
/// or `t.me/`.
fn telegram_username(handle: &str) -> Option<&str> {
    let name = handle.trim();
    let name = name.strip_prefix("https://").unwrap_or(name);
    let name = name.strip_prefix("t.me/").unwrap_or(name);
    let name = name.strip_prefix('@').unwrap_or(name);
    let valid = (5..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    valid.then_some(name)
}

/// The link that opens a chat with the messenger handle, if its network has one and the
/// handle is one it reads.
pub fn messenger(to: &Messenger, body: &str) -> Option<SendLink> {
    let (kind, href) = match to.network {
        MessengerNetwork::WhatsApp => (LinkKind::WhatsApp, whatsapp(&handle_digits(&to.handle)?, body)),
        MessengerNetwork::Telegram => match telegram_username(&to.handle) {
            Some(name) => (LinkKind::Telegram, format!("https://t.me/{name}")),
            None => (LinkKind::Telegram, format!("https://t.me/+{}", handle_digits(&to.handle)?)),
        },
        MessengerNetwork::Viber => (LinkKind::Viber, format!("viber://chat?number=%2B{}", handle_digits(&to.handle)?)),
        MessengerNetwork::Sms => (LinkKind::Sms, format!("sms:+{}?&body={}", handle_digits(&to.handle)?, encode(body))),
        _ => return None,
    };
    Some(SendLink { kind, channel: Channel::Message, href, label: to.handle.clone() })
}

/// Every link that sends `body` on `channel` to a client with these addresses: e-mails for
/// an e-mail, a text or a messenger for a message, the numbers for a call. Other
/// channels (a meeting, a visit) are not sent from the device.
pub fn links(
    channel: Channel,
    phones: &[Phone],
    emails: &[Email],
    messengers: &[Messenger],
    subject: Option<&str>,
    body: &str,
) -> Vec<SendLink> {
    let link = |kind, href, label: &str| SendLink { kind, channel, href, label: label.to_owned() };
    match channel {
        Channel::Email => emails.iter().map(|e| link(LinkKind::Mailto, mailto(e, subject, body), e.as_str())).collect(),
        Channel::Call => phones.iter().map(|p| link(LinkKind::Tel, tel(p), p.display())).collect(),
        Channel::Message => phones
            .iter()
            .map(|p| link(LinkKind::Sms, sms(p, body), p.display()))
            .chain(messengers.iter().filter_map(|m| messenger(m, body)))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Region;

    /// Decodes `%XX` sequences (what the device does with a link's text).
    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    fn query<'a>(href: &'a str, name: &str) -> &'a str {
        let (_, query) = href.split_once('?').unwrap();
        let field = query.split('&').find_map(|f| f.strip_prefix(&format!("{name}="))).unwrap();
        field
    }

    const HOSTILE: &[&str] = &[
        "plain",
        "two\nlines",
        "a & b ? c # d % e + f = g",
        "100% готово; ÿ",
        "Иван, привет!",
        "emoji 👍🏽 and family 👨‍👩‍👧",
        "RTL \u{200F}שלום\u{200E} marks",
        "subject=x&body=y",
        "  leading and trailing spaces  ",
        "tab\there / slash \\ back",
    ];

    #[test]
    fn every_link_carries_the_text_exactly() {
        let phone = Phone::parse("+7 913 123-45-67", Region::parse("RU").unwrap()).unwrap();
        let email: Email = "ivan+crm@example.com".parse().unwrap();
        for text in HOSTILE {
            let sms = sms(&phone, text);
            assert!(sms.starts_with("sms:+79131234567?&body="), "{sms}");
            assert_eq!(decode(query(&sms, "body")), *text);
            let wa = whatsapp(phone.e164(), text);
            assert!(wa.starts_with("https://wa.me/79131234567?text="), "{wa}");
            assert_eq!(decode(query(&wa, "text")), *text);
            let mail = mailto(&email, Some(text), text);
            assert!(mail.starts_with("mailto:ivan%2Bcrm@example.com?subject="), "{mail}");
            let crlf = text.replace('\n', "\r\n");
            assert_eq!(decode(query(&mail, "subject")), crlf);
            assert_eq!(decode(query(&mail, "body")), crlf);
            for href in [&sms, &wa, &mail] {
                let bad = href.chars().find(|c| !c.is_ascii_graphic() || "#\"<>\\ ".contains(*c));
                assert_eq!(bad, None, "{href}");
            }
        }
    }

    #[test]
    fn line_breaks_in_mail_are_crlf_and_spaces_are_not_plus() {
        let email: Email = "a@example.com".parse().unwrap();
        assert_eq!(
            mailto(&email, Some("Hi there"), "a\nb\r\nc"),
            "mailto:a@example.com?subject=Hi%20there&body=a%0D%0Ab%0D%0Ac"
        );
        assert_eq!(mailto(&email, None, ""), "mailto:a@example.com");
        assert_eq!(mailto(&email, Some(""), "x"), "mailto:a@example.com?body=x");
    }

    #[test]
    fn messenger_handles_become_their_networks_links() {
        // (network, handle, href)
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("whatsapp", "+7 913 123-45-67", Some("https://wa.me/79131234567?text=hi")),
            ("whatsapp", "ivan", None),
            ("telegram", "@ivan_petrov", Some("https://t.me/ivan_petrov")),
            ("telegram", "t.me/ivan_petrov", Some("https://t.me/ivan_petrov")),
            ("telegram", "+7 913 123 45 67", Some("https://t.me/+79131234567")),
            ("telegram", "iv", None),
            ("telegram", "ivan?x=1", None),
            ("viber", "+79131234567", Some("viber://chat?number=%2B79131234567")),
            ("sms", "+79131234567", Some("sms:+79131234567?&body=hi")),
            ("signal", "+79131234567", None),
        ];
        for (network, handle, href) in cases {
            let messenger = Messenger::parse(network, handle).unwrap();
            assert_eq!(super::messenger(&messenger, "hi").map(|l| l.href).as_deref(), *href, "{network} {handle}");
        }
    }

    #[test]
    fn each_channel_offers_its_own_links() {
        let phones = vec![Phone::parse("+79131234567", Region::parse("RU").unwrap()).unwrap()];
        let emails = vec!["a@example.com".parse::<Email>().unwrap()];
        let messengers = vec![Messenger::parse("telegram", "@ivan_petrov").unwrap()];
        let kinds = |channel| -> Vec<LinkKind> {
            links(channel, &phones, &emails, &messengers, None, "x").into_iter().map(|l| l.kind).collect()
        };
        assert_eq!(kinds(Channel::Email), [LinkKind::Mailto]);
        assert_eq!(kinds(Channel::Call), [LinkKind::Tel]);
        assert_eq!(kinds(Channel::Message), [LinkKind::Sms, LinkKind::Telegram]);
        assert_eq!(kinds(Channel::Meeting), []);
    }
}
