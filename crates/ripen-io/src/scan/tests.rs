//! Scans in the shapes real generators write, each with what it must read as.

use super::*;
use ripen_core::values::Region;

/// A scan in one line: its kind, then the draft's name, kind, company, position, phones
/// (E.164), e-mails, website and notes, each only when present.
fn summary(scanned: &Scanned) -> String {
    let draft_summary = |draft: &Draft| {
        let f = &draft.client.fields;
        let mut parts = vec![format!("{} ({})", draft.client.name, f.kind.as_str())];
        parts.extend(draft.company.as_ref().map(|c| format!("at {c}")));
        parts.extend(draft.position.as_ref().map(|p| format!("as {p}")));
        parts.extend(f.phones.iter().map(|p| format!("+{}", p.e164())));
        parts.extend(f.emails.iter().map(|e| e.as_str().to_owned()));
        parts.extend(f.website.as_ref().map(|w| w.as_str().to_owned()));
        parts.extend(f.notes.as_ref().map(|n| format!("notes {:?}", n.as_str())));
        parts.join(" | ")
    };
    match scanned {
        Scanned::Contact { format, draft } => format!("{format:?}: {}", draft_summary(draft)),
        Scanned::Badge { id, draft } => {
            format!("badge {id:?}: {}", draft.as_ref().map_or("to complete".to_owned(), draft_summary))
        }
        Scanned::Url { url } => format!("url {url}"),
    }
}

fn scan(text: &str) -> Result<String, &'static str> {
    read_scan(text, Region::default()).map(|s| summary(&s)).map_err(|e| e.kind())
}

#[test]
fn contacts_in_the_shapes_generators_write() {
    let cases: [(&str, &str, &str); 17] = [
        (
            "MECARD as zxing's own documentation writes it: a US number without its +",
            "MECARD:N:Owen,Sean;ADR:76 9th Avenue, 4th Floor, New York, NY 10011;TEL:12125551212;EMAIL:srowen@example.com;;",
            "Mecard: Sean Owen (person) | +12125551212 | srowen@example.com | notes \"Address: 76 9th Avenue, 4th Floor, New York, NY 10011\"",
        ),
        (
            "vCard 2.1 as online generators write it: bare types, a fax, LF",
            "BEGIN:VCARD\nVERSION:2.1\nN:Doe;John\nFN:John Doe\nORG:Example Inc\nTITLE:Sales\nTEL;WORK;VOICE:+1 212 555 0100\nTEL;CELL:+1 212 555 0101\nTEL;FAX:+1 212 555 0102\nEMAIL;WORK;INTERNET:john@example.com\nURL:https://example.com\nEND:VCARD",
            "Vcard: John Doe (person) | at Example Inc | as Sales | +12125550100 | +12125550101 | john@example.com | https://example.com | notes \"Fax: +1 212 555 0102\"",
        ),
        (
            "vCard 3.0 with CRLF, as QR code generators write it",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smirnova;Anna;;;\r\nFN:Anna Smirnova\r\nORG:Acme Ltd\r\nTITLE:CTO\r\nTEL;TYPE=WORK,VOICE:+7 913 000-00-01\r\nEMAIL:anna@acme.example\r\nURL:https://acme.example\r\nADR;TYPE=WORK:;;Lenina 1;Novosibirsk;;630000;Russia\r\nEND:VCARD\r\n",
            "Vcard: Anna Smirnova (person) | at Acme Ltd | as CTO | +79130000001 | anna@acme.example | https://acme.example | notes \"Address (work): Lenina 1, Novosibirsk, 630000, Russia\"",
        ),
        (
            "vCard with LF only and no END (a QR cut short)",
            "BEGIN:VCARD\nVERSION:3.0\nN:Петров;Иван\nTEL:8 (913) 000-00-02",
            "Vcard: Иван Петров (person) | +79130000002",
        ),
        (
            "vCard 4.0 with a tel: URI and KIND:org",
            "BEGIN:VCARD\nVERSION:4.0\nKIND:org\nFN:ООО «Ромашка»\nTEL;VALUE=uri:tel:+7-383-200-00-00\nEND:VCARD",
            "Vcard: ООО «Ромашка» (company) | +73832000000",
        ),
        (
            "vCard 2.1 quoted-printable, as old phones write it",
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD\r\nTEL;CELL:+79130000003\r\nEND:VCARD",
            "Vcard: Иван Петров (person) | +79130000003",
        ),
        (
            "MECARD as zxing and Android write it, family,given",
            "MECARD:N:Doe,John;TEL:+12125551212;EMAIL:john.doe@example.com;ORG:Example Inc;URL:http://example.com;ADR:76 9th Avenue\\, New York;NOTE:Met at the stand\\; wants a demo;;",
            "Mecard: John Doe (person) | at Example Inc | +12125551212 | john.doe@example.com | http://example.com | notes \"Met at the stand; wants a demo\\nAddress: 76 9th Avenue, New York\"",
        ),
        (
            "MECARD with a name as said and two phones",
            "MECARD:N:Анна Смирнова;TEL:+7 913 000-00-01;TEL:+7 383 200-00-00;EMAIL:anna@acme.example;;",
            "Mecard: Анна Смирнова (person) | +79130000001 | +73832000000 | anna@acme.example",
        ),
        (
            "MECARD with a phone that does not read: kept in the notes",
            "MECARD:N:Doe,Jane;TEL:53-25;;",
            "Mecard: Jane Doe (person) | notes \"unparsed TEL: 53-25\"",
        ),
        (
            "MECARD of an organisation alone: a company",
            "mecard:ORG:Acme Ltd;TEL:+7 383 200-00-00;;",
            "Mecard: Acme Ltd (company) | +73832000000",
        ),
        (
            "BIZCARD as zxing writes it, with a fax",
            "BIZCARD:N:Sean;X:Owen;T:Software Engineer;C:Google;A:76 9th Avenue, New York, NY 10011;B:+12125551212;F:+12125551213;E:srowen@example.com;;",
            "Bizcard: Sean Owen (person) | at Google | as Software Engineer | +12125551212 | srowen@example.com | notes \"Fax: +12125551213\\nAddress: 76 9th Avenue, New York, NY 10011\"",
        ),
        (
            "tel: with visual separators and an extension",
            "tel:+7-913-000-00-01;ext=102;phone-context=example.com",
            "Tel: +7-913-000-00-01 (person) | +79130000001 | notes \"Extension: +7-913-000-00-01 ext. 102\"",
        ),
        (
            "tel: US number with dots and brackets",
            "TEL:+1.(201).555.0123",
            "Tel: +1.(201).555.0123 (person) | +12015550123",
        ),
        (
            "mailto: with several addresses, cc, a subject and percent-encoding",
            "mailto:anna@acme.example,%69van@acme.example?cc=boss@acme.example&subject=%D0%94%D0%B5%D0%BC%D0%BE&body=Call%20me",
            "Mailto: anna@acme.example (person) | anna@acme.example | ivan@acme.example | boss@acme.example | notes \"Subject: Демо\\nCall me\"",
        ),
        (
            "MATMSG",
            "MATMSG:TO:sales@acme.example;SUB:Price list;BODY:Send it please;;",
            "Matmsg: sales@acme.example (person) | sales@acme.example | notes \"Subject: Price list\\nSend it please\"",
        ),
        ("a plain https address", "https://acme.example/expo?utm=qr", "url https://acme.example/expo?utm=qr"),
        ("an e-mail alone, as a plain text QR holds it", "anna@acme.example\n", "Mailto: anna@acme.example (person) | anna@acme.example"),
    ];
    for (what, payload, expected) in cases {
        assert_eq!(scan(payload).as_deref(), Ok(expected), "{what}");
    }
}

#[test]
fn badges_in_the_shapes_registration_systems_print() {
    let cases: [(&str, &str, &str); 9] = [
        ("a code 128 id of digits", "100234", "badge Some(\"100234\"): to complete"),
        ("an id of letters and digits", "EXPO26-00417", "badge Some(\"EXPO26-00417\"): to complete"),
        (
            "key=value lines",
            "BadgeID=100234\nFirstName=Anna\nLastName=Smirnova\nCompany=Acme Ltd\nJobTitle=CTO\nEmail=anna@acme.example\nPhone=+7 913 000-00-01\nCountry=RU",
            "badge Some(\"100234\"): Anna Smirnova (person) | at Acme Ltd | as CTO | +79130000001 | anna@acme.example | notes \"Address: RU\\nBadge: 100234\"",
        ),
        (
            "KEY: value lines with CRLF and Russian keys",
            "ФИО: Иван Петров\r\nКомпания: ООО «Ромашка»\r\nДолжность: Директор\r\nТелефон: 8 913 000-00-02",
            "badge None: Иван Петров (person) | at ООО «Ромашка» | as Директор | +79130000002",
        ),
        (
            "key=value on one line between semicolons, an unknown key kept",
            "id=77;name=John Doe;email=john@example.com;dietary=vegan",
            "badge Some(\"77\"): John Doe (person) | john@example.com | notes \"Badge: 77\\ndietary: vegan\"",
        ),
        (
            "a query string",
            "id=88&first=Jane&last=Roe&company=Initech",
            "badge Some(\"88\"): Jane Roe (person) | at Initech | notes \"Badge: 88\"",
        ),
        (
            "PDF417 with ^-separated fields",
            "100234^Anna^Smirnova^Acme Ltd^CTO^anna@acme.example^+7 913 000-00-01^RU",
            "badge Some(\"100234\"): Anna Smirnova (person) | at Acme Ltd | as CTO | +79130000001 | anna@acme.example | notes \"Address: RU\\nBadge: 100234\"",
        ),
        (
            "|-separated with a full name and an empty field",
            "A-5521|John Doe|Example Inc||john@example.com|US",
            "badge Some(\"A-5521\"): John Doe (person) | at Example Inc | john@example.com | notes \"Address: US\\nBadge: A-5521\"",
        ),
        (
            "tab-separated without an id",
            "Jane\tRoe\tInitech\tjane@initech.example",
            "badge None: Jane Roe (person) | at Initech | jane@initech.example",
        ),
    ];
    for (what, payload, expected) in cases {
        assert_eq!(scan(payload).as_deref(), Ok(expected), "{what}");
    }
}

#[test]
fn what_is_no_contact_is_refused_with_its_kind() {
    let long = format!("MECARD:N:{};;", "a".repeat(MAX_SCAN_BYTES));
    let cases: [(&str, &str); 12] = [
        ("", "empty"),
        (" \r\n\u{0}\u{7}", "empty"),
        ("WIFI:T:WPA;S:Stand 12;P:secret;;", "not_a_contact"),
        ("SMSTO:+79130000001:hello", "not_a_contact"),
        ("geo:55.75,37.61", "not_a_contact"),
        ("BEGIN:VEVENT\nSUMMARY:Expo\nEND:VEVENT", "not_a_contact"),
        ("Hello, world", "not_a_contact"),
        ("ABCDEF", "not_a_contact"),
        ("https://exa mple.com", "not_a_contact"),
        ("MECARD:;;", "no_name"),
        ("BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing else\nEND:VCARD", "no_name"),
        (long.as_str(), "too_large"),
    ];
    for (payload, kind) in cases {
        assert_eq!(scan(payload), Err(kind), "{payload:?}");
    }
}

#[test]
fn control_characters_are_dropped_and_phones_read_in_the_region() {
    // A scanner's GS separator and a NUL inside a name.
    assert_eq!(scan("MECARD:N:Jo\u{1d}hn\u{0} Doe;;").as_deref(), Ok("Mecard: John Doe (person)"),);
    let scanned = read_scan("tel:020 7946 0958", Region::parse("GB").unwrap()).unwrap();
    assert_eq!(summary(&scanned), "Tel: 020 7946 0958 (person) | +442079460958");
}

#[test]
fn what_was_scanned_crosses_as_json() {
    for payload in ["MECARD:N:Doe,John;TEL:+12125551212;;", "100234", "https://acme.example"] {
        let scanned = read_scan(payload, Region::default()).unwrap();
        let json = ripen_json::to_string(&scanned);
        assert_eq!(ripen_json::from_str::<Scanned>(&json).unwrap(), scanned, "{json}");
    }
    let refused: Result<Scanned, ScanError> = read_scan("WIFI:S:x;;", Region::default());
    let json = ripen_json::to_string(&refused);
    assert_eq!(ripen_json::from_str::<Result<Scanned, ScanError>>(&json).unwrap(), refused);
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        #[test]
        fn no_text_panics(text in any::<String>()) {
            let _ = read_scan(&text, Region::default());
        }

        #[test]
        fn no_text_in_a_formats_shape_panics(
            prefix in prop::sample::select(vec!["MECARD:", "BIZCARD:", "MATMSG:", "tel:", "mailto:", "BEGIN:VCARD\n", "https://", ""]),
            body in "[A-Za-z0-9:;,=&|^\\\\%@+\\-\\. \n\t\u{0}-\u{1f}ЁёА-я]{0,200}",
        ) {
            let text = format!("{prefix}{body}");
            if let Ok(Scanned::Contact { draft, .. } | Scanned::Badge { draft: Some(draft), .. }) = read_scan(&text, Region::default()) {
                prop_assert!(!draft.client.name.as_str().is_empty());
            }
        }
    }
}
