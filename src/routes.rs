//! The client routes, as one enum: pages link with `AppRoute::…href()`, and the router in `lib.rs`
//! matches the same paths, so a link cannot point at a page that does not exist.

use gongshi_domain::{DistrictCode, LocalityId, ZoneId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    Home,
    District(DistrictCode),
    Zone(ZoneId),
    Locality(LocalityId),
}

impl AppRoute {
    /// The path segments the router matches (see `lib.rs`).
    pub const DISTRICT: &'static str = "districts";
    pub const ZONE: &'static str = "zones";
    pub const LOCALITY: &'static str = "localities";

    pub fn href(&self) -> String {
        match self {
            AppRoute::Home => "/".to_owned(),
            AppRoute::District(code) => format!("/{}/{code}", Self::DISTRICT),
            AppRoute::Zone(id) => format!("/{}/{id}", Self::ZONE),
            AppRoute::Locality(id) => format!("/{}/{id}", Self::LOCALITY),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn hrefs() {
        let code = DistrictCode::parse("350602").expect("valid");
        assert_eq!(AppRoute::District(code).href(), "/districts/350602");
        let zone = ZoneId::parse("xc-east").expect("valid");
        assert_eq!(AppRoute::Zone(zone).href(), "/zones/xc-east");
        assert_eq!(AppRoute::Home.href(), "/");
    }
}
