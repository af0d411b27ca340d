//! The organisation datasets: the demo one compiled into the binary (from `data/demo/`), or one a
//! deployment keeps in a directory of `*.toml` files in the same format.

use anyhow::{Context, bail};
use gongshi_domain::DistrictOrg;
use gongshi_domain::dataset::{self, DistrictFile};
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
}
