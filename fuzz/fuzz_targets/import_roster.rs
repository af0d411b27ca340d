//! An officer roster import file (`POST /staff/officers/import`): arbitrary bytes read as the server
//! reads them (CSV in UTF-8 or GB18030, or an XLSX workbook, through the roster's layout), then
//! every row parsed against 芗城区 as its admin would import it.
//!
//! Beyond "no panic", what the code promises: a file that cannot be read on has problems and no
//! records; an officer read is issued by today with a validity that does not end before its issue,
//! is stored under the id its certificate number derives, and its import row reads.

#![no_main]

use gongshi_domain::roster_import::{RosterColumn, RosterImportRow, officer_id, parse_officer};
use gongshi_fuzz::{DEMO, MAX_ROWS, TODAY, roster_context};
use gongshi_server::fuzzing::read_file;
use libfuzzer_sys::fuzz_target;
use time::Date;

fuzz_target!(|bytes: &[u8]| {
    let file = read_file::<RosterColumn>(bytes, MAX_ROWS);
    if !file.read_on {
        assert!(file.records.is_empty(), "a stopped file yields no record");
        assert!(!file.problems.is_empty(), "a stopped file says why");
        return;
    }
    assert!(file.records.len() <= file.rows as usize);
    let ctx = roster_context();
    for (line, fields) in &file.records {
        let officer = match parse_officer(fields, &ctx) {
            Ok(o) => o,
            Err(problems) => {
                assert!(!problems.is_empty(), "a refused row names a problem");
                continue;
            }
        };
        assert_eq!(officer.id, officer_id(&officer.certificate.number));
        assert_eq!(officer.district, DEMO.org.district.code);
        let (issued, until) = officer
            .certificate
            .validity_on(Date::MAX)
            .expect("an imported certificate has its issue");
        assert!(issued <= TODAY, "issued by today");
        assert!(until >= issued, "valid from its issue");
        let authority = officer
            .unit
            .authority(&DEMO.org)
            .expect("an imported officer's unit acts for an authority");
        let row = RosterImportRow::of(*line, &officer, authority);
        assert_eq!(row.certificate, officer.certificate.number);
    }
});
