//! Turns `locales/*.toml` into a typed key enum and one string table per language, so a page can
//! only ask for a key that exists. A key missing from a language falls back to zh-Hans here (with a
//! build warning); the `i18n` unit test is what fails the test run for it.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

const LANGS: [(&str, &str); 3] = [("zh-Hans", "ZH_HANS"), ("zh-Hant", "ZH_HANT"), ("en", "EN")];

fn camel(key: &str) -> String {
    key.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let read = |lang: &str| -> BTreeMap<String, String> {
        let path = Path::new("locales").join(format!("{lang}.toml"));
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        toml::from_str(&text).unwrap_or_else(|e| {
            panic!(
                "{} is not a flat TOML table of strings: {e}",
                path.display()
            )
        })
    };
    let source = read("zh-Hans");
    let mut out = String::from(
        "/// A translatable string.\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Key {\n",
    );
    for key in source.keys() {
        let _ = writeln!(out, "    {},", camel(key));
    }
    out.push_str("}\n\nimpl Key {\n    /// Every key, in table order.\n    pub const ALL: &'static [Key] = &[\n");
    for key in source.keys() {
        let _ = writeln!(out, "        Key::{},", camel(key));
    }
    out.push_str("    ];\n\n    /// The key as written in the locale files.\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for key in source.keys() {
        let _ = writeln!(out, "            Key::{} => {key:?},", camel(key));
    }
    out.push_str("        }\n    }\n}\n\n");
    for (lang, konst) in LANGS {
        let table = read(lang);
        for key in source.keys().filter(|k| !table.contains_key(*k)) {
            println!("cargo::warning=locales/{lang}.toml has no key {key}");
        }
        let _ = writeln!(out, "const {konst}: &[&str] = &[");
        for (key, text) in &source {
            let _ = writeln!(out, "    {:?},", table.get(key).unwrap_or(text));
        }
        out.push_str("];\n\n");
    }
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n_keys.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
