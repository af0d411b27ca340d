//! Every parser of the domain crate run on the same arbitrary text: codes (matter, document,
//! certificate, credit, resident ID, district, phone, tracking), identifiers, names and texts,
//! decision numbers, amounts, dates, user names, e-mail addresses, search queries, the complaint
//! form (when the text is its JSON), and the masking of personal data.
//!
//! Beyond "no panic", what the code promises: every value parsed is in its canonical form (it
//! parses again to itself from its text, as stored or shown); amounts shown in 元 and 万元 read back
//! exactly; a query matches its own words; a masked name is the surname and 某某; scrubbed text
//! keeps no ID or mobile number, scrubs to itself again, and no longer names the people named.

#![no_main]

use gongshi_domain::catalog::{DocumentNumber, MatterCode};
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::codes::{CreditCode, ResidentId, is_resident_id, resident_id_check};
use gongshi_domain::complaint::{ComplaintForm, Email, TrackingCode, personal_data, photo_type};
use gongshi_domain::handling::check_text;
use gongshi_domain::mask::{mask_person_name, personal_numbers, scrub, surname};
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{DecisionNumber, PenaltyId};
use gongshi_domain::penalty_import::{Column, parse_date, parse_wan_yuan};
use gongshi_domain::search::{NgramQuery, SearchQuery, index_chars, ngram_terms, normalise_text};
use gongshi_domain::staff::{Username, check_new_password, display_name};
use gongshi_domain::{
    AuthorityId, DistrictCode, LocalityId, LocalityKind, Name, PhoneNumber, Slug, Text,
};
use gongshi_fuzz::TODAY;
use libfuzzer_sys::fuzz_target;

/// `parse(x)` succeeded: `x` in its canonical form parses again to the same value.
macro_rules! canonical {
    ($parse:expr, $s:expr, $show:expr) => {
        if let Ok(v) = $parse($s) {
            let shown: String = $show(&v);
            assert_eq!(
                $parse(shown.as_str()).as_ref(),
                Ok(&v),
                "{shown:?} from {:?}",
                $s
            );
        }
    };
}

fn codes(s: &str) {
    canonical!(MatterCode::parse, s, |v: &MatterCode| v.to_string());
    if let Ok(m) = MatterCode::parse(s) {
        assert_eq!(m.as_str().len(), 16);
        // What `GET /matters/{code}` does with it.
        let _ = DistrictCode::parse(&m.as_str()[..6]);
        let _ = m.power_kind();
    }
    canonical!(DocumentNumber::parse, s, |v: &DocumentNumber| v.to_string());
    canonical!(CertificateNumber::parse, s, |v: &CertificateNumber| v
        .to_string());
    if let Ok(n) = CertificateNumber::parse(s) {
        assert!((4..=32).contains(&n.as_str().chars().count()));
    }
    canonical!(CreditCode::parse, s, |v: &CreditCode| v.to_string());
    canonical!(ResidentId::parse, s, |v: &ResidentId| v.as_str().to_owned());
    if let Ok(id) = ResidentId::parse(s) {
        assert!(is_resident_id(id.as_str()));
    }
    let _ = is_resident_id(s);
    canonical!(DistrictCode::parse, s, |v: &DistrictCode| v.to_string());
    assert_eq!(s.parse::<DistrictCode>(), DistrictCode::parse(s));
    canonical!(PhoneNumber::parse, s, |v: &PhoneNumber| v.to_string());
    if let Ok(p) = PhoneNumber::parse(s) {
        let _ = p.tel_uri();
    }
    canonical!(TrackingCode::parse, s, |v: &TrackingCode| v.to_string());
    canonical!(TrackingCode::parse, s, |v: &TrackingCode| v
        .as_str()
        .to_owned());
    if let Some(e) = Email::parse(s) {
        assert_eq!(Email::parse(e.as_str()), Some(e.clone()));
    }
    canonical!(DecisionNumber::parse, s, |v: &DecisionNumber| v.to_string());
    if let Ok(id) = s.parse::<PenaltyId>() {
        assert_eq!(id.to_string().parse::<PenaltyId>(), Ok(id));
    }
    if let Some(k) = LocalityKind::parse(s) {
        assert_eq!(k.as_str(), s);
    }
}

fn names(s: &str) {
    canonical!(Slug::parse, s, |v: &Slug| v.to_string());
    canonical!(LocalityId::parse, s, |v: &LocalityId| v.to_string());
    canonical!(AuthorityId::parse, s, |v: &AuthorityId| v.to_string());
    canonical!(Name::parse, s, |v: &Name| v.to_string());
    canonical!(Text::parse, s, |v: &Text| v.to_string());
    canonical!(Username::parse, s, |v: &Username| v.to_string());
    if let Ok(d) = display_name(s) {
        assert_eq!(display_name(&d), Ok(d.clone()));
    }
    if let Some(t) = check_text(s) {
        assert_eq!(check_text(&t), Some(t.clone()));
    }
    let _ = check_new_password(s);
    for column in Column::ALL {
        if let Some(wire) = column.choice_of(s) {
            assert_eq!(column.choice_of(&wire), Some(wire.clone()));
        }
    }
}

fn amounts_and_dates(s: &str, n: u64) {
    if let Ok(f) = Fen::parse_yuan(s) {
        assert_eq!(Fen::parse_yuan(&f.yuan()), Ok(f));
        let _ = f.to_string();
    }
    if let Some(f) = parse_wan_yuan(s) {
        assert_eq!(parse_wan_yuan(&f.wan_yuan()), Some(f));
    }
    // Every amount shown reads back exactly.
    let f = Fen(n);
    assert_eq!(parse_wan_yuan(&f.wan_yuan()), Some(f), "{}", f.wan_yuan());
    assert_eq!(Fen::parse_yuan(&f.yuan()), Ok(f), "{}", f.yuan());
    let _ = f.to_string();
    if let Some(d) = parse_date(s) {
        assert!(d.year() >= 1990);
        assert_eq!(parse_date(&d.to_string()), Some(d));
    }
}

fn search(s: &str) {
    let _ = normalise_text(s);
    let chars = index_chars(s);
    let _ = ngram_terms(&chars);
    if let Ok(Some(q)) = SearchQuery::parse(s) {
        assert!(!q.words().is_empty() && q.words().len() <= 6);
        for w in q.words() {
            assert!(!w.typed.is_empty());
            assert_eq!(w.alternatives.first(), Some(&w.typed));
            let _ = NgramQuery::of(&w.typed);
        }
        assert!(q.matches(s), "a query matches its own text");
    }
}

/// Runs of two to four Han characters: the names a record might name.
fn people_in(s: &str) -> Vec<String> {
    s.split(|c: char| !matches!(c, '\u{4e00}'..='\u{9fff}'))
        .filter(|w| (2..=4).contains(&w.chars().count()))
        .take(3)
        .map(str::to_owned)
        .collect()
}

fn masking(s: &str) {
    let masked = mask_person_name(s);
    assert!(masked.ends_with("某某"));
    let family = surname(s);
    assert!(s.trim().starts_with(family));
    assert_eq!(masked, format!("{family}某某"));
    if s.trim().chars().count() >= 2 && !s.contains('某') {
        assert_ne!(masked, s.trim(), "a name is never published in full");
    }

    let scrubbed = scrub(s, &[]);
    assert!(
        personal_numbers(&scrubbed).is_empty(),
        "{:?} survived in {scrubbed:?}",
        personal_numbers(&scrubbed)
    );
    assert_eq!(
        scrub(&scrubbed, &[]),
        scrubbed,
        "scrubbing twice changes nothing more"
    );

    let people = people_in(s);
    let named: Vec<&str> = people.iter().map(String::as_str).collect();
    let scrubbed = scrub(s, &named);
    assert!(personal_numbers(&scrubbed).is_empty());
    for name in &named {
        if !name.contains('某') {
            assert!(!scrubbed.contains(name), "{name} in {scrubbed:?}");
        }
    }
    let _ = personal_numbers(s);
    let _ = personal_data(s);
}

fn generated(bytes: &[u8]) {
    // Codes made by the generators parse as made.
    let mut body = [0u8; 8];
    for (b, x) in body.iter_mut().zip(bytes) {
        *b = *x;
    }
    let code = TrackingCode::from_random(body);
    assert_eq!(TrackingCode::parse(&code.to_string()), Ok(code));
    let digits: String = bytes
        .iter()
        .take(17)
        .map(|b| char::from(b'0' + b % 10))
        .collect();
    if let Some(check) = resident_id_check(&digits) {
        let id = format!("{digits}{check}");
        assert!(ResidentId::parse(&id).is_ok(), "{id}");
    }
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let first17: String = bytes
        .iter()
        .take(17)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    if let Some(code) = CreditCode::complete(&first17) {
        assert_eq!(CreditCode::parse(code.as_str()), Ok(code));
    }
    let _ = photo_type(bytes);
}

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let s = text.as_ref();
    let mut n = [0u8; 8];
    for (b, x) in n.iter_mut().zip(bytes) {
        *b = *x;
    }
    codes(s);
    names(s);
    amounts_and_dates(s, u64::from_le_bytes(n));
    search(s);
    masking(s);
    generated(bytes);
    if let Ok(form) = serde_json::from_slice::<ComplaintForm>(bytes) {
        let json = serde_json::to_string(&form).expect("a form serialises");
        let back: ComplaintForm = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, form, "the form round-trips as JSON");
        if let Ok(c) = form.validate(TODAY) {
            let json = serde_json::to_string(&c).expect("a complaint serialises");
            let back: gongshi_domain::complaint::Complaint =
                serde_json::from_str(&json).expect("and reads back");
            assert_eq!(back, c);
        }
    }
});
