//! Numbers as people write them around the world, read in a default region: the E.164
//! digits, the region and the national form, or why the text is refused.

use super::*;

type Expected = Result<(&'static str, Option<&'static str>, Option<&'static str>), &'static str>;

fn region(code: &str) -> Region {
    Region::parse(code).unwrap()
}

const CASES: &[(&str, &str, Expected)] = &[
    // The United States, Canada and the rest of the NANP.
    ("(555) 555-0100", "US", Ok(("15555550100", Some("US"), Some("(555) 555-0100")))),
    ("+1 415 555 2671", "RU", Ok(("14155552671", Some("US"), Some("(415) 555-2671")))),
    ("1 415 555 2671", "US", Ok(("14155552671", Some("US"), Some("(415) 555-2671")))),
    ("415.555.2671", "US", Ok(("14155552671", Some("US"), Some("(415) 555-2671")))),
    ("+1 (415) 555-0100", "DE", Ok(("14155550100", Some("US"), Some("(415) 555-0100")))),
    ("011 44 20 7946 0958", "US", Ok(("442079460958", Some("GB"), Some("020 7946 0958")))),
    ("(416) 555-0199", "CA", Ok(("14165550199", Some("CA"), Some("(416) 555-0199")))),
    ("(416) 555-0199", "US", Ok(("14165550199", Some("CA"), Some("(416) 555-0199")))),
    ("+1 416 555 0199", "RU", Ok(("14165550199", Some("CA"), Some("(416) 555-0199")))),
    ("+1 876 555 0100", "RU", Ok(("18765550100", Some("JM"), Some("(876) 555-0100")))),
    ("+1 787 555 0100", "RU", Ok(("17875550100", Some("PR"), Some("(787) 555-0100")))),
    // Ten digits are a Russian number in Russia: the default region decides.
    ("(415) 555-2671", "RU", Ok(("74155552671", Some("RU"), Some("8 (415) 555-26-71")))),
    // The United Kingdom.
    ("020 7946 0958", "GB", Ok(("442079460958", Some("GB"), Some("020 7946 0958")))),
    ("+44 20 7946 0958", "RU", Ok(("442079460958", Some("GB"), Some("020 7946 0958")))),
    ("07700 900123", "GB", Ok(("447700900123", Some("GB"), Some("07700 900123")))),
    ("+44 (0)20 7946 0958", "RU", Ok(("442079460958", Some("GB"), Some("020 7946 0958")))),
    ("0044 7700 900123", "RU", Ok(("447700900123", Some("GB"), Some("07700 900123")))),
    ("0121 496 0000", "GB", Ok(("441214960000", Some("GB"), Some("0121 496 0000")))),
    ("0800 123456", "GB", Ok(("44800123456", Some("GB"), Some("0800 123456")))),
    ("+44 20 7946 09589", "RU", Err("too long: 11 digits, where GB numbers have 7, 9 or 10")),
    ("+44 20 7946", "RU", Err("too short")),
    ("020 7946 0958", "RU", Err("too long: 11 digits, where RU numbers have 10")),
    // Germany.
    ("030 123456", "DE", Ok(("4930123456", Some("DE"), Some("030 123456")))),
    ("+49 151 23456789", "RU", Ok(("4915123456789", Some("DE"), Some("0151 23456789")))),
    ("030/1234567", "DE", Ok(("49301234567", Some("DE"), Some("030 1234567")))),
    ("0049 89 1234567", "RU", Ok(("49891234567", Some("DE"), Some("089 1234567")))),
    ("0221 1234567", "DE", Ok(("492211234567", Some("DE"), Some("0221 1234567")))),
    ("+49 30 1234567", "RU", Ok(("49301234567", Some("DE"), Some("030 1234567")))),
    // France.
    ("01 23 45 67 89", "FR", Ok(("33123456789", Some("FR"), Some("01 23 45 67 89")))),
    ("+33 6 12 34 56 78", "RU", Ok(("33612345678", Some("FR"), Some("06 12 34 56 78")))),
    ("+33 1 23 45 67 8", "RU", Err("too short: 8 digits, where FR numbers have 9")),
    // Italy keeps its 0.
    ("06 1234 5678", "IT", Ok(("390612345678", Some("IT"), Some("06 1234 5678")))),
    ("+39 06 1234 5678", "RU", Ok(("390612345678", Some("IT"), Some("06 1234 5678")))),
    ("+39 333 123 4567", "RU", Ok(("393331234567", Some("IT"), Some("333 123 4567")))),
    ("02 1234 5678", "IT", Ok(("390212345678", Some("IT"), Some("02 1234 5678")))),
    // China.
    ("138 0013 8000", "CN", Ok(("8613800138000", Some("CN"), Some("138 0013 8000")))),
    ("+86 10 1234 5678", "RU", Ok(("861012345678", Some("CN"), Some("010 1234 5678")))),
    ("010 1234 5678", "CN", Ok(("861012345678", Some("CN"), Some("010 1234 5678")))),
    // Ukraine: its 0 is a trunk prefix, not Russia's.
    ("050 123 45 67", "UA", Ok(("380501234567", Some("UA"), Some("050 123 45 67")))),
    ("+380 50 123 45 67", "RU", Ok(("380501234567", Some("UA"), Some("050 123 45 67")))),
    ("380501234567", "RU", Ok(("380501234567", Some("UA"), Some("050 123 45 67")))),
    ("+380 44 123 4567", "RU", Ok(("380441234567", Some("UA"), Some("044 123 45 67")))),
    // Kazakhstan shares +7 with Russia.
    ("8 701 123 45 67", "KZ", Ok(("77011234567", Some("KZ"), Some("8 (701) 123-45-67")))),
    ("8 701 123 45 67", "RU", Ok(("77011234567", Some("KZ"), Some("8 (701) 123-45-67")))),
    ("+7 701 123 45 67", "RU", Ok(("77011234567", Some("KZ"), Some("8 (701) 123-45-67")))),
    ("8 (727) 250-00-00", "KZ", Ok(("77272500000", Some("KZ"), Some("8 (727) 250-00-00")))),
    // Belarus: "8 0…", the trunk 8 and the 0 of the old code.
    ("8 029 123-45-67", "BY", Ok(("375291234567", Some("BY"), Some("8 029 123-45-67")))),
    ("+375 29 123-45-67", "RU", Ok(("375291234567", Some("BY"), Some("8 029 123-45-67")))),
    ("029 123 45 67", "BY", Ok(("375291234567", Some("BY"), Some("8 029 123-45-67")))),
    ("8 017 123-45-67", "BY", Ok(("375171234567", Some("BY"), Some("8 017 123-45-67")))),
    // Russia.
    ("8 (913) 123-45-67", "RU", Ok(("79131234567", Some("RU"), Some("8 (913) 123-45-67")))),
    ("+7 913 123-45-67", "RU", Ok(("79131234567", Some("RU"), Some("8 (913) 123-45-67")))),
    ("913 123-45-67", "RU", Ok(("79131234567", Some("RU"), Some("8 (913) 123-45-67")))),
    ("7 913 123 45 67", "RU", Ok(("79131234567", Some("RU"), Some("8 (913) 123-45-67")))),
    ("89131234567", "RU", Ok(("79131234567", Some("RU"), Some("8 (913) 123-45-67")))),
    ("+7 (495) 123-45-67", "GB", Ok(("74951234567", Some("RU"), Some("8 (495) 123-45-67")))),
    ("8 800 555-35-35", "RU", Ok(("78005553535", Some("RU"), Some("8 (800) 555-35-35")))),
    ("800 555-35-35", "RU", Ok(("78005553535", Some("RU"), Some("8 (800) 555-35-35")))),
    // Japan, India, Turkey, Israel, the Emirates, Switzerland, Poland, Korea.
    ("03-1234-5678", "JP", Ok(("81312345678", Some("JP"), Some("03-1234-5678")))),
    ("+81 90 1234 5678", "RU", Ok(("819012345678", Some("JP"), Some("090-1234-5678")))),
    ("090-1234-5678", "JP", Ok(("819012345678", Some("JP"), Some("090-1234-5678")))),
    ("+91 98765 43210", "RU", Ok(("919876543210", Some("IN"), Some("98765 43210")))),
    ("098765 43210", "IN", Ok(("919876543210", Some("IN"), Some("98765 43210")))),
    ("011 2345 6789", "IN", Ok(("911123456789", Some("IN"), Some("011 2345 6789")))),
    ("0532 123 45 67", "TR", Ok(("905321234567", Some("TR"), Some("0532 123 45 67")))),
    ("+90 212 123 45 67", "RU", Ok(("902121234567", Some("TR"), Some("0212 123 45 67")))),
    ("050-123-4567", "IL", Ok(("972501234567", Some("IL"), Some("050-123-4567")))),
    ("+972 2 123 4567", "RU", Ok(("97221234567", Some("IL"), Some("02-123-4567")))),
    ("+971 50 123 4567", "RU", Ok(("971501234567", Some("AE"), Some("050 123 4567")))),
    ("04 123 4567", "AE", Ok(("97141234567", Some("AE"), Some("04 123 4567")))),
    ("044 668 18 00", "CH", Ok(("41446681800", Some("CH"), Some("044 668 18 00")))),
    ("+41 44 668 18 00", "RU", Ok(("41446681800", Some("CH"), Some("044 668 18 00")))),
    ("+48 12 345 67 89", "RU", Ok(("48123456789", Some("PL"), Some("123 456 789")))),
    ("512 345 678", "PL", Ok(("48512345678", Some("PL"), Some("512 345 678")))),
    ("010-1234-5678", "KR", Ok(("821012345678", Some("KR"), Some("010-1234-5678")))),
    ("+82 2 1234 5678", "RU", Ok(("82212345678", Some("KR"), Some("02-1234-5678")))),
    // Brazil, Mexico, Australia.
    ("(11) 91234-5678", "BR", Ok(("5511912345678", Some("BR"), Some("(11) 91234-5678")))),
    ("+55 21 2345 6789", "RU", Ok(("552123456789", Some("BR"), Some("(21) 2345-6789")))),
    ("55 1234 5678", "MX", Ok(("525512345678", Some("MX"), Some("55 1234 5678")))),
    ("044 55 1234 5678", "MX", Ok(("525512345678", Some("MX"), Some("55 1234 5678")))),
    ("0412 345 678", "AU", Ok(("61412345678", Some("AU"), Some("0412 345 678")))),
    ("+61 2 9876 5432", "RU", Ok(("61298765432", Some("AU"), Some("02 9876 5432")))),
    // Central Asia and the Caucasus.
    ("+998 90 123 45 67", "RU", Ok(("998901234567", Some("UZ"), Some("90 123 45 67")))),
    ("+996 555 123 456", "RU", Ok(("996555123456", Some("KG"), Some("0555 123 456")))),
    ("+374 77 123456", "RU", Ok(("37477123456", Some("AM"), Some("077 123456")))),
    ("+994 50 123 45 67", "RU", Ok(("994501234567", Some("AZ"), Some("050 123 45 67")))),
    ("+995 555 12 34 56", "RU", Ok(("995555123456", Some("GE"), Some("555 12 34 56")))),
    ("+373 69 123 456", "RU", Ok(("37369123456", Some("MD"), Some("069 123 456")))),
    ("+992 93 123 4567", "RU", Ok(("992931234567", Some("TJ"), Some("93 123 4567")))),
    ("8 12 345678", "TM", Ok(("99312345678", Some("TM"), Some("8 12 345678")))),
    // More of Europe.
    ("+36 1 234 5678", "RU", Ok(("3612345678", Some("HU"), Some("06 1 234 5678")))),
    ("06 30 123 4567", "HU", Ok(("36301234567", Some("HU"), Some("06 30 123 4567")))),
    ("+31 6 12345678", "RU", Ok(("31612345678", Some("NL"), Some("06 12345678")))),
    ("+34 612 34 56 78", "RU", Ok(("34612345678", Some("ES"), Some("612 34 56 78")))),
    ("+46 8 123 456 78", "RU", Ok(("46812345678", Some("SE"), Some("08-12345678")))),
    ("+852 2123 4567", "RU", Ok(("85221234567", Some("HK"), Some("2123 4567")))),
    ("+47 22 12 34 56", "RU", Ok(("4722123456", Some("NO"), Some("22 12 34 56")))),
    ("+370 612 34567", "RU", Ok(("37061234567", Some("LT"), Some("0612 34567")))),
    ("8 612 34567", "LT", Ok(("37061234567", Some("LT"), Some("0612 34567")))),
    ("+43 1 234 5678", "RU", Ok(("4312345678", Some("AT"), Some("01 2345678")))),
    ("+358 40 123 4567", "RU", Ok(("358401234567", Some("FI"), Some("040 123 4567")))),
    // Codes whose plan is not kept: any national part of 4 to 14 digits.
    ("+218 21 123 4567", "RU", Ok(("218211234567", None, None))),
    ("+683 1234", "RU", Ok(("6831234", None, None))),
    ("+683 123", "RU", Err("too short: 3 digits, where numbers under +683 have 4 to 14")),
    // Refused.
    ("123-45-67", "RU", Err("too short: 7 digits, where RU numbers have 10")),
    ("+7 913 123 45 67 8", "RU", Err("too long: 11 digits, where RU numbers have 10")),
    ("+7 913 1234567 1234567", "RU", Err("too long")),
    ("+28 123 4567", "RU", Err("no country has a calling code +281 starts with")),
    ("+0 913 1234567", "RU", Err("never starts with 0")),
    ("+", "RU", Err("too short")),
    ("1-800-FLOWERS", "US", Err("'F' is not part of a phone number: a number written in letters")),
    ("+7 913 ABC", "RU", Err("is not part")),
    ("+7 913 123-45-67,,12", "RU", Err("',' is a dialler's pause")),
    ("555 555 0100 p 12", "US", Err("'p' is a dialler's pause")),
    ("555 555 0100 w", "US", Err("'w' is a dialler's pause")),
    ("+1 555 555 0100 x752", "US", Err("an extension")),
    ("+7 913 123 45 67 доб. 12", "RU", Err("an extension")),
    ("*100#", "RU", Err("'*' is not part of a phone number")),
    ("+7 +913", "RU", Err("may only stand first")),
    ("", "RU", Err("must not be empty")),
];

#[test]
fn numbers_as_the_world_writes_them() {
    assert!(CASES.len() >= 80);
    let mut failures = Vec::new();
    for (raw, default, expected) in CASES {
        let got = Phone::parse(raw, region(default));
        let got =
            got.as_ref().map(|p| (p.e164(), p.region().map(Region::as_str), p.national())).map_err(ToString::to_string);
        let ok = match (&got, expected) {
            (Ok((e164, region, national)), Ok((want_e164, want_region, want_national))) => {
                e164 == want_e164 && region == want_region && national.as_deref() == *want_national
            }
            (Err(error), Err(fragment)) => error.contains(fragment),
            _ => false,
        };
        if !ok {
            failures.push(format!("{raw:?} in {default}: got {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_original_text_is_kept_for_display() {
    let phone = Phone::parse("  8 (913)  123-45-67 ", CountryCode::RUSSIA).unwrap();
    assert_eq!(phone.display(), "8 (913) 123-45-67");
    let json = ripen_json::to_string(&phone);
    assert_eq!(json, r#"{"e164":"79131234567","display":"8 (913) 123-45-67"}"#, "the stored shape");
    assert_eq!(ripen_json::from_str::<Phone>(&json).unwrap(), phone);
    assert!(ripen_json::from_str::<Phone>(r#"{"e164":"12","display":"x"}"#).is_err());
}

#[test]
fn a_stored_number_loads_as_it_was_stored() {
    // What the Russia-centric rules stored: a US number made Russian, a Ukrainian one
    // given a Russian code, a number no plan allows. Each loads unchanged.
    for (e164, display) in
        [("75555550100", "(555) 555-0100"), ("70501234567", "050 123 45 67"), ("4912", "x"), ("999123456789012", "?")]
    {
        let json = format!(r#"{{"e164":"{e164}","display":"{display}"}}"#);
        match ripen_json::from_str::<Phone>(&json) {
            Ok(phone) => assert_eq!((phone.e164(), phone.display()), (e164, display)),
            Err(_) => assert_eq!(e164, "4912", "only a number shorter than any plan allows is refused"),
        }
    }
    let odd: Phone = ripen_json::from_str(r#"{"e164":"70501234567","display":"050 123 45 67"}"#).unwrap();
    assert_eq!(odd.region(), Some(Region::RU));
    assert_eq!(odd.national().as_deref(), Some("8 (050) 123-45-67"));
}

#[test]
fn the_kinds_an_import_keeps_as_text_are_told_apart() {
    let kept = |raw| Phone::read(raw, Region::US).unwrap_err().is_kept_as_text();
    assert!(kept("1-800-FLOWERS") && kept("555 0100,,9") && kept("555 0100 ext. 9"));
    assert!(!kept("123") && !kept("+28 1234567"));
    let error: ValidationError = Phone::read("", Region::RU).unwrap_err().into();
    assert_eq!(error.problem, Problem::Empty);
}

// proptest is a native dev-dependency: the property runs natively only.
#[cfg(not(target_arch = "wasm32"))]
mod property {
    use super::*;
    use proptest::prelude::*;

    /// A valid national number of `plan`: one of its lengths, starting with no 0 (and, in
    /// the NANP, with an area code's 2 to 9).
    fn national_number() -> impl Strategy<Value = (Region, String)> {
        let regions: Vec<Region> = Region::all().collect();
        (proptest::sample::select(regions), 1usize..16, "[1-9][0-9]{15}").prop_filter_map(
            "a length the plan allows",
            |(region, len, digits)| {
                let plan = region.plan();
                let national = &digits[..len];
                let area = plan.code != 1 || !national.starts_with('1');
                (plan.fits(national) && area && plan.code.to_string().len() + len <= MAX_E164)
                    .then(|| (region, national.to_owned()))
            },
        )
    }

    proptest! {
        #[test]
        fn a_number_written_nationally_or_internationally_is_the_same(case in national_number()) {
            let (region, national) = case;
            let code = region.calling_code();
            let e164 = format!("{code}{national}");
            let international = Phone::parse(&format!("+{code} {national}"), Region::RU).unwrap();
            prop_assert_eq!(international.e164(), e164.as_str());
            let shown = international.national().unwrap();
            let read_back = Phone::parse(&shown, region).unwrap();
            prop_assert_eq!(read_back.e164(), e164.as_str(), "{} read in {}", shown, region);
            let dialled = Phone::parse(&format!("00{code}{national}"), region).unwrap();
            prop_assert_eq!(dialled.e164(), e164.as_str());
        }
    }
}
