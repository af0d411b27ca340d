//! A penalty import file (`POST /staff/penalties/import`): arbitrary bytes read as the server reads
//! them (CSV in UTF-8 or GB18030, or an XLSX workbook, through the import layout), then every
//! record parsed against 芗城区 as 南坑街道's publisher would import it.
//!
//! Beyond "no panic", what the code promises: a file that cannot be read on has problems and no
//! records; a parsed record shown in the form ([`fields_of`]) parses again to itself; its public
//! projection stores and reads back as JSON, masks a natural person's name and leaves no ID or
//! mobile number in the scrubbed text.

#![no_main]

use gongshi_domain::mask::{mask_person_name, personal_numbers};
use gongshi_domain::penalty::{PartyKind, PublicPenalty};
use gongshi_domain::penalty_import::{Column, fields_of, parse_fields};
use gongshi_fuzz::{MAX_ROWS, penalty_context};
use gongshi_server::fuzzing::read_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let file = read_file::<Column>(bytes, MAX_ROWS);
    if !file.read_on {
        assert!(file.records.is_empty(), "a stopped file yields no record");
        assert!(!file.problems.is_empty(), "a stopped file says why");
        return;
    }
    assert!(file.records.len() <= file.rows as usize);
    assert!(file.rows as usize <= MAX_ROWS);
    let ctx = penalty_context();
    for (_line, fields) in &file.records {
        let parsed = match parse_fields(fields, &ctx) {
            Ok(p) => p,
            Err(problems) => {
                assert!(!problems.is_empty(), "a refused record names a problem");
                continue;
            }
        };
        let p = &parsed.penalty;
        let again = parse_fields(&fields_of(p), &ctx);
        assert_eq!(
            again.as_ref(),
            Ok(&parsed),
            "the form's fields of a record parse again to it"
        );
        let Some(public) = PublicPenalty::project(p, &gongshi_server::demo::CALENDAR) else {
            assert!(
                p.restriction.is_some(),
                "only a restricted case is never public"
            );
            continue;
        };
        let json = serde_json::to_string(&public).expect("a public record serialises");
        let back: PublicPenalty = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, public);
        if p.party.kind == PartyKind::NaturalPerson {
            assert_eq!(public.party.name, mask_person_name(p.party.name.as_str()));
            assert!(public.party.credit_code.is_none());
        }
        let scrubbed = [
            Some(&public.violation),
            Some(&public.facts),
            Some(&public.basis),
            Some(&public.content),
            public.remarks.as_ref(),
        ];
        for text in scrubbed.into_iter().flatten() {
            assert!(
                personal_numbers(text).is_empty(),
                "{:?} left in published text {text:?}",
                personal_numbers(text)
            );
        }
    }
});
