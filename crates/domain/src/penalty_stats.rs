//! Enforcement statistics (执法统计) as published by 31 January for the year before: decisions and
//! fine totals by month, locality, domain, penalty kind and procedure; how much of each locality's
//! delegated catalog was used; and how quickly each authority published.
//!
//! Statistics count every decision made (restricted cases too: a count names nobody), except
//! withdrawn ones, whose decisions no longer stand. They are not limited by publication windows.

use crate::api::{AuthorityRef, DistrictRef, LocalityRef};
use crate::catalog::Domain;
use crate::money::Fen;
use crate::penalty::{PenaltyKind, Procedure};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Decisions and money of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tally {
    pub decisions: u64,
    pub fine: Fen,
    pub confiscated: Fen,
}

impl Tally {
    pub fn add(&mut self, decisions: u64, fine: Fen, confiscated: Fen) {
        self.decisions += decisions;
        self.fine = self.fine + fine;
        self.confiscated = self.confiscated + confiscated;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MonthTally {
    /// `YYYY-MM`
    pub month: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LocalityTally {
    pub locality: LocalityRef,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DomainTally {
    pub domain: Domain,
    #[serde(flatten)]
    pub tally: Tally,
}

/// Decisions imposing a kind (a decision with a warning and a fine counts under both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct KindTally {
    pub kind: PenaltyKind,
    pub decisions: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProcedureTally {
    pub procedure: Procedure,
    #[serde(flatten)]
    pub tally: Tally,
}

/// How much of a locality's delegated catalog its cases used ("43 of 504 matters used").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Coverage {
    pub locality: LocalityRef,
    /// Matters delegated to the locality at the end of the period (every power kind).
    pub delegated: u64,
    /// Of those, penalty matters.
    pub delegated_penalty: u64,
    /// Delegated matters under which the locality decided at least one case in the period.
    pub used: u64,
}

/// How quickly an authority published its decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Punctuality {
    pub authority: AuthorityRef,
    pub decisions: u64,
    /// Published within 7 working days of the decision.
    pub on_time: u64,
    pub late: u64,
}

impl Punctuality {
    /// The share on time among those the calendar could judge, in per mille (`None` for none).
    pub fn on_time_per_mille(&self) -> Option<u64> {
        let judged = self.on_time + self.late;
        (judged > 0).then(|| self.on_time * 1000 / judged)
    }
}

/// A district's statistics for a year (or for every year the data holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PenaltyStats {
    pub district: DistrictRef,
    pub year: Option<i32>,
    /// The years the data holds, for choosing another.
    pub years: Vec<i32>,
    pub total: Tally,
    pub by_month: Vec<MonthTally>,
    pub by_locality: Vec<LocalityTally>,
    pub by_domain: Vec<DomainTally>,
    pub by_kind: Vec<KindTally>,
    pub by_procedure: Vec<ProcedureTally>,
    pub coverage: Vec<Coverage>,
    pub timeliness: Vec<Punctuality>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_add_exactly_and_shares_round_down() {
        let mut t = Tally::default();
        t.add(2, Fen(150), Fen(0));
        t.add(1, Fen(1), Fen(5));
        assert_eq!(
            t,
            Tally {
                decisions: 3,
                fine: Fen(151),
                confiscated: Fen(5)
            }
        );
        let p = |on_time, late| Punctuality {
            authority: AuthorityRef {
                id: crate::AuthorityId::parse("a").expect("an id"),
                name: crate::Name::parse("某街道办事处").expect("a name"),
                kind: crate::AuthorityKind::LocalityOffice,
            },
            decisions: on_time + late,
            on_time,
            late,
        };
        assert_eq!(p(2, 1).on_time_per_mille(), Some(666));
        assert_eq!(p(0, 0).on_time_per_mille(), None);
    }
}
