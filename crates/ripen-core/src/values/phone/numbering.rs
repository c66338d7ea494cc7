//! The ITU numbering plan as far as Ripen needs it: every country calling code, so the
//! code can always be split off an international number, and the numbering plans of the
//! regions a sales team mostly calls — their trunk prefix, the lengths of their national
//! numbers and how their people group the digits.
//!
//! The facts (codes, trunk prefixes, lengths, which area codes belong to which member of
//! a shared code) follow libphonenumber's metadata 9.0.33; the groupings are the common
//! written form of each country. Kept by hand and small: the full metadata would cost
//! the wasm bundle far more than its validation is worth to a CRM.

/// Every assigned country calling code (ITU-T E.164 list, with the trial code 991 and the
/// Vatican's reserved 379), sorted. A code is 1 to 3 digits, and no code is the start of
/// another, so an international number splits in exactly one way.
pub(super) const CALLING_CODES: [u16; 217] = [
    1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, //
    51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, //
    91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, //
    229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, //
    249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, //
    290, 291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, //
    375, 376, 377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, //
    504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, //
    675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808, 850, //
    852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965, 966, 967, //
    968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 991, 992, 993, 994, 995, 996, 998,
];

/// The national part of a number under a code no plan here describes: checked only
/// against what E.164 allows.
pub(super) const UNKNOWN_NATIONAL: std::ops::RangeInclusive<usize> = 4..=14;

/// One region's numbering plan.
#[derive(Debug)]
pub(super) struct Plan {
    /// ISO 3166-1 alpha-2.
    pub(super) region: &'static str,
    pub(super) code: u16,
    /// The trunk prefixes dialled before a national number, `|`-separated; the first is
    /// the one written (empty: none is written, as in Italy, where the 0 belongs to the
    /// number, or Mexico, whose old 01/044/045 are still read).
    pub(super) trunk: &'static str,
    /// The lengths a national significant number may have, one bit each.
    pub(super) lengths: u16,
    /// For a code shared by several regions: the starts of the national numbers that
    /// are this region's, `|`-separated. Empty for the code's main region, which takes
    /// the rest.
    pub(super) leading: &'static str,
    /// Only Italy's numbers start with 0 themselves: elsewhere a leading 0 is a trunk
    /// prefix, never the number's.
    pub(super) zero: bool,
    pub(super) formats: &'static [Format],
}

/// How a national number is written: where its national significant number starts with
/// one of `leads` (`|`-separated, empty for any), by `pattern`: each `X` one of its
/// digits, `#` all the rest (at least one), anything else written as it stands — the
/// trunk prefix and the separators, never a digit of the number. Without `#`, the
/// pattern fits numbers of exactly its `X`s' length.
#[derive(Debug)]
pub(super) struct Format {
    pub(super) leads: &'static str,
    pub(super) pattern: &'static str,
}

impl Plan {
    pub(super) fn fits(&self, national: &str) -> bool {
        let len = national.len();
        len < 16 && self.lengths & (1 << len) != 0 && (self.zero || !national.starts_with('0'))
    }

    pub(super) fn trunks(&self) -> impl Iterator<Item = &'static str> {
        self.trunk.split('|').filter(|t| !t.is_empty())
    }

    /// The lengths a national number may have, for messages: "9", "7, 9 or 10", "4 to 13".
    pub(super) fn lengths_text(&self) -> String {
        let all: Vec<usize> = (1..16).filter(|l| self.lengths & (1 << l) != 0).collect();
        match all.as_slice() {
            [one] => one.to_string(),
            [first, .., last] if last - first + 1 == all.len() && all.len() > 2 => format!("{first} to {last}"),
            [init @ .., last] => {
                let init: Vec<String> = init.iter().map(ToString::to_string).collect();
                format!("{} or {last}", init.join(", "))
            }
            [] => String::new(),
        }
    }
}

const fn lens(list: &[u8]) -> u16 {
    let mut bits = 0;
    let mut i = 0;
    while i < list.len() {
        bits |= 1 << list[i];
        i += 1;
    }
    bits
}

const fn span(from: u8, to: u8) -> u16 {
    let mut bits = 0;
    let mut l = from;
    while l <= to {
        bits |= 1 << l;
        l += 1;
    }
    bits
}

const fn f(leads: &'static str, pattern: &'static str) -> Format {
    Format { leads, pattern }
}

const fn plan(region: &'static str, code: u16, trunk: &'static str, lengths: u16, formats: &'static [Format]) -> Plan {
    Plan { region, code, trunk, lengths, leading: "", zero: false, formats }
}

/// A member of a shared code: its numbers start with one of `leading`.
const fn member(
    region: &'static str,
    code: u16,
    leading: &'static str,
    trunk: &'static str,
    lengths: u16,
    formats: &'static [Format],
) -> Plan {
    Plan { region, code, trunk, lengths, leading, zero: false, formats }
}

/// The North American Numbering Plan: +1, one plan for 25 regions told apart by area code.
const NANP: &[Format] = &[f("", "(XXX) XXX-XXXX")];
const NANP_LENGTHS: u16 = lens(&[10]);
const fn nanp(region: &'static str, area_codes: &'static str) -> Plan {
    member(region, 1, area_codes, "1", NANP_LENGTHS, NANP)
}

const RU_KZ: &[Format] = &[f("", "8 (XXX) XXX-XX-XX")];

/// The regions with a plan, RU first (the default).
pub(super) const PLANS: &[Plan] = &[
    // The CIS and its neighbours: Russia and Kazakhstan share +7.
    plan("RU", 7, "8", lens(&[10]), RU_KZ),
    member("KZ", 7, "7", "8", lens(&[10]), RU_KZ),
    // Belarus: "8 029 …", the trunk 8 and the code's 0 both dialled.
    plan("BY", 375, "8|80|0", lens(&[9, 10, 11]), &[f("", "8 0XX XXX-XX-XX")]),
    plan("UA", 380, "0", lens(&[9, 10]), &[f("", "0XX XXX XX XX")]),
    plan("UZ", 998, "", lens(&[9]), &[f("", "XX XXX XX XX")]),
    plan("KG", 996, "0", lens(&[9, 10]), &[f("", "0XXX XXX XXX")]),
    plan("AM", 374, "0", lens(&[8]), &[f("", "0XX XXXXXX")]),
    plan("AZ", 994, "0", lens(&[9]), &[f("", "0XX XXX XX XX")]),
    plan("GE", 995, "0", lens(&[9]), &[f("5", "XXX XX XX XX"), f("", "0XX XXX XX XX")]),
    plan("MD", 373, "0", lens(&[8]), &[f("", "0XX XXX XXX")]),
    plan("TJ", 992, "", lens(&[9]), &[f("", "XX XXX XXXX")]),
    plan("TM", 993, "8", lens(&[8]), &[f("", "8 XX XXXXXX")]),
    // The European Union.
    plan("AT", 43, "0", span(4, 13), &[f("1", "0X #"), f("6|316|512|662|463|732", "0XXX #"), f("", "0XXXX #")]),
    plan("BE", 32, "0", lens(&[8, 9]), &[f("4", "0XXX XX XX XX"), f("2|3|4|9", "0X XXX XX XX"), f("", "0XX XX XX XX")]),
    plan("BG", 359, "0", lens(&[6, 7, 8, 9, 12]), &[f("2", "0X XXX XXXX"), f("8|9", "0XXX XXX XXX"), f("", "0XX #")]),
    plan("HR", 385, "0", lens(&[7, 8, 9]), &[f("1", "0X XXXX XXX"), f("9", "0XX XXX XXXX"), f("", "0XX XXX XXX")]),
    plan("CY", 357, "", lens(&[8]), &[f("", "XX XXXXXX")]),
    plan("CZ", 420, "", span(9, 12), &[f("", "XXX XXX XXX")]),
    plan("DK", 45, "", lens(&[8]), &[f("", "XX XX XX XX")]),
    plan("EE", 372, "", lens(&[7, 8, 10]), &[f("", "XXX XXXX"), f("", "XXXX XXXX")]),
    plan("FI", 358, "0", span(5, 12), &[f("4|50", "0XX XXX XXXX"), f("9", "0X #"), f("", "0XX #")]),
    plan("FR", 33, "0", lens(&[9]), &[f("", "0X XX XX XX XX")]),
    plan(
        "DE",
        49,
        "0",
        span(4, 13),
        &[
            f("30|40|69|89", "0XX #"),
            f("15|16|17", "0XXX #"),
            // Most three-digit area codes end in 1: Düsseldorf 211, Köln 221, Leipzig 341.
            f("21|221|231|241|251|261|271|281|291|341|351|361|371|381|391|421|431|441|451|461|471|481|491|511|521|531|541|551|561|571|581|591|611|621|631|641|651|661|671|681|711|721|731|741|751|761|771|781|791|821|831|841|851|861|871|881|911|921|931|941|951|961|971|981|991|228|234", "0XXX #"),
            f("", "0XXXX #"),
        ],
    ),
    plan("GR", 30, "", lens(&[10, 11, 12]), &[f("", "XXX XXX XXXX")]),
    plan("HU", 36, "06", lens(&[8, 9]), &[f("1", "06 X XXX XXXX"), f("", "06 XX XXX XXXX"), f("", "06 XX XXX XXX")]),
    plan("IE", 353, "0", span(7, 10), &[f("1", "0X XXX XXXX"), f("8", "0XX XXX XXXX"), f("", "0XX #")]),
    Plan {
        region: "IT",
        code: 39,
        trunk: "",
        lengths: span(6, 12),
        leading: "",
        zero: true,
        formats: &[f("02|06", "XX XXXX XXXX"), f("0", "XXX #"), f("3", "XXX XXX XXXX"), f("", "XXX #")],
    },
    plan("LV", 371, "", lens(&[8]), &[f("", "XX XXX XXX")]),
    // Lithuania moved its trunk prefix from 8 to 0 in 2025; both are read.
    plan("LT", 370, "0|8", lens(&[8]), &[f("", "0XXX XXXXX")]),
    plan("LU", 352, "", span(4, 11), &[f("6", "XXX XXX XXX"), f("", "XX XX XX")]),
    plan("MT", 356, "", lens(&[8]), &[f("", "XXXX XXXX")]),
    plan("NL", 31, "0", span(5, 11), &[f("6", "0X XXXXXXXX"), f("10|20|30|70", "0XX XXX XXXX"), f("", "0XXX XXXXXX")]),
    plan("PL", 48, "", span(6, 10), &[f("", "XXX XXX XXX")]),
    plan("PT", 351, "", lens(&[9]), &[f("", "XXX XXX XXX")]),
    plan("RO", 40, "0", lens(&[6, 9]), &[f("7", "0XXX XXX XXX"), f("21|31", "0XX XXX XXXX"), f("", "0XXX XXX XXX")]),
    plan("SK", 421, "0", lens(&[6, 7, 9]), &[f("9", "0XXX XXX XXX"), f("2", "0X XXXX XXXX"), f("", "0XX XXX XXXX")]),
    plan("SI", 386, "0", span(5, 8), &[f("", "0X XXX XX XX")]),
    plan("ES", 34, "", lens(&[9]), &[f("", "XXX XX XX XX")]),
    plan("SE", 46, "0", lens(&[6, 7, 8, 9, 10, 12]), &[f("7", "0XX-XXX XX XX"), f("8", "0X-#"), f("", "0XX-#")]),
    // The rest of Europe.
    plan(
        "GB",
        44,
        "0",
        lens(&[7, 9, 10]),
        &[
            f("2", "0XX XXXX XXXX"),
            f("7", "0XXXX XXXXXX"),
            f("11|121|131|141|151|161|171|181|191|3|8|9", "0XXX XXX XXXX"),
            f("8", "0XXX XXXXXX"),
            f("", "0XXXX XXXXXX"),
            f("", "0XXXX XXXXX"),
            f("", "0XXX XXXX"),
        ],
    ),
    plan("CH", 41, "0", lens(&[9, 12]), &[f("", "0XX XXX XX XX")]),
    plan("NO", 47, "", lens(&[5, 8]), &[f("", "XX XX XX XX")]),
    plan("TR", 90, "0", lens(&[7, 10, 12, 13]), &[f("", "0XXX XXX XX XX")]),
    // The Middle East and Asia.
    plan("IL", 972, "0", span(7, 12), &[f("5", "0XX-XXX-XXXX"), f("", "0X-XXX-XXXX")]),
    plan("AE", 971, "0", span(5, 12), &[f("5", "0XX XXX XXXX"), f("", "0X XXX XXXX")]),
    plan("CN", 86, "0", span(7, 12), &[f("1", "XXX XXXX XXXX"), f("10|2", "0XX XXXX XXXX"), f("", "0XXX #")]),
    plan("HK", 852, "", lens(&[5, 6, 7, 8, 9, 11]), &[f("", "XXXX XXXX")]),
    plan("JP", 81, "0", span(9, 11), &[f("3|6", "0X-XXXX-XXXX"), f("70|80|90", "0XX-XXXX-XXXX"), f("", "0XX-XXX-XXXX")]),
    plan(
        "KR",
        82,
        "0",
        span(8, 11),
        &[f("10", "0XX-XXXX-XXXX"), f("2", "0X-XXXX-XXXX"), f("2", "0X-XXX-XXXX"), f("", "0XX-XXX-XXXX"), f("", "0XX-XXXX-XXXX")],
    ),
    plan(
        "IN",
        91,
        "0",
        span(8, 13),
        &[f("6|7|8|9", "XXXXX XXXXX"), f("11|20|22|33|40|44|80", "0XX XXXX XXXX"), f("", "0XXXX XXXXXX")],
    ),
    // The Americas and Oceania.
    plan("US", 1, "1", NANP_LENGTHS, NANP),
    nanp(
        "CA",
        "204|226|236|249|250|257|263|289|306|343|354|365|367|368|382|403|416|418|428|431|437|438|450|468|474|506|514|519|548|579|581|584|587|604|613|639|647|672|683|705|709|742|753|778|780|782|807|819|825|867|873|879|902|905|942",
    ),
    nanp("AG", "268"),
    nanp("AI", "264"),
    nanp("AS", "684"),
    nanp("BB", "246"),
    nanp("BM", "441"),
    nanp("BS", "242"),
    nanp("DM", "767"),
    nanp("DO", "809|829|849"),
    nanp("GD", "473"),
    nanp("GU", "671"),
    nanp("JM", "658|876"),
    nanp("KN", "869"),
    nanp("KY", "345"),
    nanp("LC", "758"),
    nanp("MP", "670"),
    nanp("MS", "664"),
    nanp("PR", "787|939"),
    nanp("SX", "721"),
    nanp("TC", "649"),
    nanp("TT", "868"),
    nanp("VC", "784"),
    nanp("VG", "284"),
    nanp("VI", "340"),
    plan("BR", 55, "0", span(8, 11), &[f("", "(XX) XXXXX-XXXX"), f("", "(XX) XXXX-XXXX")]),
    plan("MX", 52, "|01|044|045", lens(&[10]), &[f("33|55|81", "XX XXXX XXXX"), f("", "XXX XXX XXXX")]),
    plan("AU", 61, "0", lens(&[5, 6, 7, 8, 9, 10, 12]), &[f("4", "0XXX XXX XXX"), f("", "0X XXXX XXXX")]),
];

/// The calling code `digits` start with, and its length.
pub(super) fn split_code(digits: &str) -> Option<(u16, usize)> {
    (1..=3).filter_map(|len| Some((digits.get(..len)?.parse::<u16>().ok()?, len))).find(|(code, len)| {
        !digits.starts_with('0') && CALLING_CODES.binary_search(code).is_ok() && (*len > 1 || digits.len() > 1)
    })
}

/// The plan a number under `code` belongs to: the member whose leading digits start
/// its national part, else the code's main region.
pub(super) fn plan_of(code: u16, national: &str) -> Option<usize> {
    let mut main = None;
    for (index, plan) in PLANS.iter().enumerate().filter(|(_, p)| p.code == code) {
        if plan.leading.is_empty() {
            main = main.or(Some(index));
        } else if plan.leading.split('|').any(|lead| national.starts_with(lead)) {
            return Some(index);
        }
    }
    main
}

pub(super) fn plan_named(region: &str) -> Option<usize> {
    PLANS.iter().position(|p| p.region.eq_ignore_ascii_case(region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_calling_code_starts_another() {
        assert!(CALLING_CODES.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        for a in CALLING_CODES {
            for b in CALLING_CODES {
                let (a, b) = (a.to_string(), b.to_string());
                assert!(a == b || !b.starts_with(&a), "+{a} starts +{b}");
            }
        }
    }

    #[test]
    fn every_plan_is_under_an_assigned_code_and_named_once() {
        for (index, plan) in PLANS.iter().enumerate() {
            assert!(CALLING_CODES.contains(&plan.code), "{}", plan.region);
            assert_eq!(plan_named(plan.region), Some(index), "{} twice", plan.region);
            assert!(plan.region.len() == 2 && plan.region.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(plan.lengths != 0 && plan.lengths & 1 == 0, "{}", plan.region);
            let longest = (1..16).rev().find(|l| plan.lengths & (1 << l) != 0).unwrap_or(0);
            assert!(plan.code.to_string().len() + longest <= 15, "{}: longer than E.164 allows", plan.region);
            assert!(!plan.formats.is_empty(), "{}", plan.region);
        }
        // Every shared code has exactly one main region.
        for code in CALLING_CODES {
            let mains = PLANS.iter().filter(|p| p.code == code && p.leading.is_empty()).count();
            let members = PLANS.iter().filter(|p| p.code == code).count();
            assert!(members == 0 || mains == 1, "+{code}: {mains} main regions");
        }
    }

    #[test]
    fn the_members_of_a_shared_code_are_told_apart_by_their_leading_digits() {
        let region = |code, national| plan_of(code, national).map(|i| PLANS[i].region);
        assert_eq!(region(7, "9131234567"), Some("RU"));
        assert_eq!(region(7, "7011234567"), Some("KZ"));
        assert_eq!(region(1, "4155552671"), Some("US"));
        assert_eq!(region(1, "4165550100"), Some("CA"));
        assert_eq!(region(1, "8765550100"), Some("JM"));
        assert_eq!(region(44, "2079460958"), Some("GB"));
        assert_eq!(region(218, "211234567"), None);
    }

    #[test]
    fn codes_split_off_the_front() {
        assert_eq!(split_code("79131234567"), Some((7, 1)));
        assert_eq!(split_code("4420"), Some((44, 2)));
        assert_eq!(split_code("380501234567"), Some((380, 3)));
        assert_eq!(split_code("2891234"), None, "+28x is spare");
        assert_eq!(split_code("0123"), None);
    }

    #[test]
    fn lengths_read_as_a_sentence() {
        let text = |region| PLANS[plan_named(region).unwrap()].lengths_text();
        assert_eq!(text("RU"), "10");
        assert_eq!(text("GB"), "7, 9 or 10");
        assert_eq!(text("AT"), "4 to 13");
    }
}
