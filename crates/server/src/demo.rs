//! The organisation datasets: the demo one compiled into the binary (from `data/demo/`), or one a
//! deployment keeps in a directory of `*.toml` files in the same format.

use crate::store::Store;
use anyhow::{Context, bail};
use gongshi_domain::catalog::{Delegation, Matter};
use gongshi_domain::catalog_dataset::CatalogFile;
use gongshi_domain::dataset::{self, DistrictFile};
use gongshi_domain::{DistrictCode, DistrictOrg};
use std::path::Path;

/// The demo districts: 芗城区 (three zones, as the 2024 zone plan sets out) and 长宁区 (a bureau
/// with a mobile team and a special-area team). Fictional people, marked 示例数据.
const DEMO: [(&str, &str); 2] = [
    (
        "350602-xiangcheng.toml",
        include_str!("../../../data/demo/350602-xiangcheng.toml"),
    ),
    (
        "310105-changning.toml",
        include_str!("../../../data/demo/310105-changning.toml"),
    ),
];

/// The demo catalogs (matters and adjustment rounds), one file per district.
const DEMO_CATALOG: [(&str, &str); 1] = [(
    "catalog/350602-xiangcheng.toml",
    include_str!("../../../data/demo/catalog/350602-xiangcheng.toml"),
)];

fn parse_files<'a>(
    files: impl IntoIterator<Item = (String, &'a str)>,
) -> anyhow::Result<Vec<DistrictOrg>> {
    let mut parsed = Vec::new();
    for (name, text) in files {
        let file: DistrictFile =
            toml::from_str(text).with_context(|| format!("{name} is not a valid district file"))?;
        parsed.push(file);
    }
    dataset::load(parsed).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the dataset is inconsistent:\n  {}", list.join("\n  "))
    })
}

/// The built-in demo dataset.
pub fn demo() -> anyhow::Result<Vec<DistrictOrg>> {
    parse_files(DEMO.iter().map(|(n, t)| ((*n).to_owned(), *t)))
}

/// One district's catalog, checked against its organisation and ready to store.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub district: DistrictCode,
    pub matters: Vec<Matter>,
    /// The delegation history the rounds expand to.
    pub history: Vec<Delegation>,
}

/// The demo catalog of 芗城区: its matters and adjustment rounds, checked against its organisation.
pub fn demo_catalog(orgs: &[DistrictOrg]) -> anyhow::Result<Vec<Catalog>> {
    let mut out = Vec::new();
    for (name, text) in DEMO_CATALOG {
        let file: CatalogFile =
            toml::from_str(text).with_context(|| format!("{name} is not a valid catalog file"))?;
        let org = orgs
            .iter()
            .find(|o| o.district.code == file.district)
            .with_context(|| format!("{name}: no organisation for district {}", file.district))?;
        let district = file.district.clone();
        let (matters, history) = file.into_catalog(org).map_err(|errors| {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("{name} is inconsistent:\n  {}", list.join("\n  "))
        })?;
        out.push(Catalog {
            district,
            matters,
            history,
        });
    }
    Ok(out)
}

/// What [`load_demo`] loaded.
#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    pub districts: usize,
    pub matters: usize,
}

/// Replaces the organisation with the demo one and loads the demo catalog on top of it.
pub async fn load_demo(store: &dyn Store) -> anyhow::Result<Loaded> {
    let orgs = demo()?;
    let catalogs = demo_catalog(&orgs)?;
    store.replace_organisation(&orgs).await?;
    let mut matters = 0;
    for c in &catalogs {
        store
            .replace_catalog(&c.district, &c.matters, &c.history)
            .await?;
        matters += c.matters.len();
    }
    Ok(Loaded {
        districts: orgs.len(),
        matters,
    })
}

/// Every `*.toml` in `dir`, as one dataset.
pub fn from_dir(dir: &Path) -> anyhow::Result<Vec<DistrictOrg>> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            texts.push((path.display().to_string(), text));
        }
    }
    if texts.is_empty() {
        bail!("{} holds no *.toml district files", dir.display());
    }
    texts.sort();
    parse_files(texts.iter().map(|(n, t)| (n.clone(), t.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_dataset_is_consistent() {
        let orgs = demo().expect("the committed demo data loads");
        assert_eq!(orgs.len(), 2);
    }

    #[test]
    fn the_demo_catalog_is_consistent_and_large_enough() {
        use gongshi_domain::catalog::{DelegationAct, MatterLevel};
        use std::collections::BTreeSet;
        let orgs = demo().expect("the committed demo data loads");
        let catalogs = demo_catalog(&orgs).expect("the committed demo catalog loads");
        let Catalog {
            matters, history, ..
        } = &catalogs[0];
        assert!(
            matters.len() >= 300,
            "at least 300 matters, got {}",
            matters.len()
        );
        let domains: BTreeSet<_> = matters.iter().map(|m| m.domain).collect();
        assert!(
            domains.len() >= 12,
            "at least 12 domains, got {}",
            domains.len()
        );
        assert!(
            matters.iter().any(|m| m.level == MatterLevel::District),
            "some district-level matters"
        );
        let documents: BTreeSet<_> = history.iter().map(|d| &d.document).collect();
        assert!(
            documents.len() >= 3,
            "an initial delegation and at least two adjustment rounds"
        );
        assert!(
            history.iter().any(|d| d.act == DelegationAct::Revoke),
            "a round revokes matters"
        );
        let localities: BTreeSet<_> = history.iter().map(|d| &d.locality).collect();
        assert_eq!(
            localities.len(),
            10,
            "every locality of 芗城区 accepts matters"
        );
    }
}
