//! The catalog's two ways in: an adjustment round as `POST /staff/catalog/rounds` takes it (JSON),
//! checked against 芗城区's catalog and delegation history, and a catalog dataset file (TOML, as in
//! `data/demo/catalog/`) checked against 芗城区's organisation. The same bytes are tried as both.
//!
//! Beyond "no panic", what the code promises: each act of a round is either refused by what is in
//! force on its date or appended to the history, dated and documented as the round (an act at an
//! unknown place is appended, and reported: the caller refuses the round); every act of a round
//! without a problem is appended; a catalog that passes has each matter once, in its own district,
//! and delegates only its matters to real localities of the district other than special areas.

#![no_main]

use gongshi_domain::catalog::MatterCode;
use gongshi_domain::catalog_dataset::{
    CatalogFile, RoundEntry, RoundProblemKind as K, check_round,
};
use gongshi_domain::{LocalityId, LocalityKind};
use gongshi_fuzz::DEMO;
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, BTreeSet};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(round) = serde_json::from_slice::<RoundEntry>(bytes) {
        let mut history = DEMO.history.clone();
        let before = history.len();
        let problems = check_round(&DEMO.org, &DEMO.matters, &mut history, &round);
        let appended = &history[before..];
        let mut acts: BTreeMap<(&LocalityId, &MatterCode), usize> = BTreeMap::new();
        for a in &round.acts {
            for l in &a.localities {
                for m in &a.matters {
                    *acts.entry((l, m)).or_default() += 1;
                }
            }
        }
        for d in appended {
            assert_eq!(d.effective, round.effective);
            assert_eq!(d.document, round.document);
        }
        // Each act is either refused by what is in force then (already delegated, not delegated)
        // or appended, problems of the place or the matter notwithstanding.
        for ((l, m), n) in acts {
            let refused = problems
                .iter()
                .filter(|p| p.locality.as_ref() == Some(l) && p.matter.as_ref() == Some(m))
                .filter(|p| matches!(p.problem, K::AlreadyDelegated | K::NotDelegated))
                .count();
            let added = appended
                .iter()
                .filter(|d| &d.locality == l && &d.matter == m)
                .count();
            assert_eq!(added + refused, n, "{l} {m}: {problems:?}");
        }
        if problems.is_empty() {
            let pairs: usize = round
                .acts
                .iter()
                .map(|a| a.localities.len() * a.matters.len())
                .sum();
            assert_eq!(
                appended.len(),
                pairs,
                "every act of a good round is appended"
            );
        }
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(file) = toml::from_str::<CatalogFile>(text)
        && let Ok((matters, history)) = file.into_catalog(&DEMO.org)
    {
        let codes: BTreeSet<_> = matters.iter().map(|m| &m.code).collect();
        assert_eq!(codes.len(), matters.len(), "each matter once");
        for m in &matters {
            assert!(m.code.as_str().starts_with(DEMO.org.district.code.as_str()));
            assert_eq!(m.code.power_kind(), m.power_kind);
        }
        for d in &history {
            assert!(
                codes.contains(&d.matter),
                "a delegated matter is in the catalog"
            );
            let place = DEMO
                .org
                .locality(&d.locality)
                .expect("a locality of the district");
            assert_ne!(place.kind, LocalityKind::SpecialArea);
        }
    }
});
