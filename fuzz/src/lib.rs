//! What the fuzz targets share: the demo district of 芗城区 (its organisation, catalog and
//! delegation history, exactly as the server loads them) and the contexts the importers check
//! records against. Everything is built once per process.

use gongshi_domain::catalog::{Delegation, Domain, Matter, MatterCode};
use gongshi_domain::penalty_import::ImportContext;
use gongshi_domain::roster_import::RosterContext;
use gongshi_domain::staff::{Grant, Role};
use gongshi_domain::{AuthorityId, DistrictOrg};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use time::Date;
use time::macros::date;

/// "Today" for every target: fixed, so that a crash reproduces on any day.
pub const TODAY: Date = date!(2026 - 11 - 24);

/// The most data rows a fuzzed file may have: small, so the refusal of a long file is reached too
/// (the server takes 5,000).
pub const MAX_ROWS: usize = 64;

/// The demo district 芗城区 with its catalog.
#[derive(Debug)]
pub struct Demo {
    pub org: DistrictOrg,
    pub matters: Vec<Matter>,
    /// The delegation history the catalog's rounds expand to, in date order.
    pub history: Vec<Delegation>,
    /// Each matter's domain, as the penalty import checks it.
    pub domains: BTreeMap<MatterCode, Domain>,
    /// The publisher's authority: 南坑街道办事处.
    pub authority: AuthorityId,
    /// A district admin's grant (enters any unit's officers).
    pub admin: Grant,
}

pub static DEMO: LazyLock<Demo> = LazyLock::new(|| {
    let orgs = gongshi_server::demo::demo().expect("the demo organisations load");
    let catalog = gongshi_server::demo::demo_catalog(&orgs)
        .expect("the demo catalog loads")
        .into_iter()
        .next()
        .expect("one demo catalog");
    let org = orgs
        .into_iter()
        .find(|o| o.district.code == catalog.district)
        .expect("the catalog's district");
    let domains = catalog
        .matters
        .iter()
        .map(|m| (m.code.clone(), m.domain))
        .collect();
    let authority = AuthorityId::parse("xc-nankeng").expect("an id");
    assert!(
        org.authority(&authority).is_some(),
        "xc-nankeng is in 芗城区"
    );
    let admin = Grant::new(Role::Admin, org.district.code.clone(), None).expect("a grant");
    let mut history = catalog.history;
    history.sort_by_key(|d| d.effective);
    Demo {
        org,
        matters: catalog.matters,
        history,
        domains,
        authority,
        admin,
    }
});

/// What a penalty import by 南坑街道's publisher is checked against.
pub fn penalty_context() -> ImportContext<'static> {
    ImportContext {
        org: &DEMO.org,
        matters: &DEMO.domains,
        authority: &DEMO.authority,
        today: TODAY,
    }
}

/// What a roster import by the district's admin is checked against.
pub fn roster_context() -> RosterContext<'static> {
    RosterContext {
        org: &DEMO.org,
        grant: &DEMO.admin,
        today: TODAY,
    }
}
