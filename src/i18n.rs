//! Translations: zh-Hans by default, zh-Hant and en switchable. The choice is kept in localStorage and
//! `<html lang>` follows it, so screen readers pronounce the page in the right language.
//!
//! Strings live only in `locales/*.toml`; `build.rs` turns them into [`Key`].

use gongshi_domain::api::ErrorCode;
use gongshi_domain::catalog::{DelegationAct, Domain, MatterClass, MatterLevel, PowerKind};
use gongshi_domain::certificate::StatusKind;
use gongshi_domain::complaint::{Field, FieldError, Problem};
use gongshi_domain::penalty::{
    PartyCodeKind, PartyKind, PenaltyKind, Procedure, Severity, WithdrawalReason,
};
use gongshi_domain::{AuthorityKind, LocalityKind, TeamKind};
use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/i18n_keys.rs"));

const STORAGE_KEY: &str = "gongshi.lang";

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    ZhHans,
    ZhHant,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag, used for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, as a switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag() == tag)
    }

    fn table(self) -> &'static [&'static str] {
        match self {
            Lang::ZhHans => ZH_HANS,
            Lang::ZhHant => ZH_HANT,
            Lang::En => EN,
        }
    }
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    lang.table().get(key as usize).copied().unwrap_or("")
}

/// The text of `key` with `{name}` placeholders filled in.
pub fn format(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut s = text(lang, key).to_owned();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// What separates the items of a list in running text: 、 in Chinese, a comma in English.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhHans | Lang::ZhHant => "、",
        Lang::En => ", ",
    }
}

/// 1234567 → "1,234,567": Chinese and English both group thousands with commas.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share in per mille as a percentage with one decimal: 966 → "96.6%".
pub fn per_mille(p: u64) -> String {
    format!("{}.{}%", p / 10, p % 10)
}

/// The app-wide language, read and set through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// A reactive text: re-renders when the language changes.
    pub fn t(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let lang = self.lang;
        move || text(lang.get(), key)
    }

    pub fn tr(self, key: Key) -> &'static str {
        text(self.lang.get(), key)
    }

    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = window().local_storage().ok().flatten() {
            // Private browsing may refuse storage; the choice then lasts for this visit only.
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

/// Reads the stored choice (zh-Hans if none), provides it to the app and keeps `<html lang>` in step.
pub fn provide_i18n() -> I18n {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    let i18n = I18n {
        lang: RwSignal::new(stored),
    };
    Effect::new(move |_| {
        let tag = i18n.lang.get().tag();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", tag);
        }
    });
    provide_context(i18n);
    i18n
}

/// The app-wide language; outside the app (component tests) a zh-Hans default.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n {
            lang: RwSignal::new(Lang::default()),
        };
        provide_context(i18n);
        i18n
    })
}

/// Translation keys for domain values shown in the UI.
pub fn locality_kind(kind: LocalityKind) -> Key {
    match kind {
        LocalityKind::Subdistrict => Key::KindSubdistrict,
        LocalityKind::Town => Key::KindTown,
        LocalityKind::Township => Key::KindTownship,
        LocalityKind::SpecialArea => Key::KindSpecialArea,
    }
}

pub fn team_kind(kind: TeamKind) -> Key {
    match kind {
        TeamKind::Locality => Key::TeamKindLocality,
        TeamKind::Mobile => Key::TeamKindMobile,
        TeamKind::SpecialArea => Key::TeamKindSpecialArea,
    }
}

pub fn authority_kind(kind: AuthorityKind) -> Key {
    match kind {
        AuthorityKind::LocalityOffice => Key::AuthorityKindLocalityOffice,
        AuthorityKind::Department => Key::AuthorityKindDepartment,
    }
}

/// What to tell a person about an API error, by its stable code.
pub fn domain(d: Domain) -> Key {
    match d {
        Domain::UrbanManagement => Key::DomainUrbanManagement,
        Domain::MarketRegulation => Key::DomainMarketRegulation,
        Domain::NaturalResources => Key::DomainNaturalResources,
        Domain::HousingConstruction => Key::DomainHousingConstruction,
        Domain::FireSafety => Key::DomainFireSafety,
        Domain::Water => Key::DomainWater,
        Domain::EmergencyManagement => Key::DomainEmergencyManagement,
        Domain::Health => Key::DomainHealth,
        Domain::CivilAffairs => Key::DomainCivilAffairs,
        Domain::Education => Key::DomainEducation,
        Domain::CivilAirDefence => Key::DomainCivilAirDefence,
        Domain::Agriculture => Key::DomainAgriculture,
        Domain::Ecology => Key::DomainEcology,
        Domain::CultureTourism => Key::DomainCultureTourism,
        Domain::Transport => Key::DomainTransport,
    }
}

pub fn power_kind(k: PowerKind) -> Key {
    match k {
        PowerKind::Penalty => Key::PowerKindPenalty,
        PowerKind::Inspection => Key::PowerKindInspection,
        PowerKind::Coercion => Key::PowerKindCoercion,
    }
}

pub fn matter_class(c: MatterClass) -> Key {
    match c {
        MatterClass::A => Key::ClassA,
        MatterClass::B => Key::ClassB,
        MatterClass::C => Key::ClassC,
    }
}

pub fn matter_level(l: MatterLevel) -> Key {
    match l {
        MatterLevel::District => Key::LevelDistrict,
        MatterLevel::Locality => Key::LevelLocality,
    }
}

pub fn delegation_act(a: DelegationAct) -> Key {
    match a {
        DelegationAct::Delegate => Key::ActDelegate,
        DelegationAct::Revoke => Key::ActRevoke,
    }
}

pub fn status_kind(s: StatusKind) -> Key {
    match s {
        StatusKind::Valid => Key::StatusValid,
        StatusKind::Expired => Key::StatusExpired,
        StatusKind::Suspended => Key::StatusSuspended,
        StatusKind::Revoked => Key::StatusRevoked,
        StatusKind::NotIssued => Key::StatusNotIssued,
    }
}

pub fn penalty_kind(k: PenaltyKind) -> Key {
    match k {
        PenaltyKind::Warning => Key::PenaltyKindWarning,
        PenaltyKind::Reprimand => Key::PenaltyKindReprimand,
        PenaltyKind::Fine => Key::PenaltyKindFine,
        PenaltyKind::ConfiscateGains => Key::PenaltyKindConfiscateGains,
        PenaltyKind::ConfiscateProperty => Key::PenaltyKindConfiscateProperty,
        PenaltyKind::SuspendLicence => Key::PenaltyKindSuspendLicence,
        PenaltyKind::Downgrade => Key::PenaltyKindDowngrade,
        PenaltyKind::RevokeLicence => Key::PenaltyKindRevokeLicence,
        PenaltyKind::RestrictActivities => Key::PenaltyKindRestrictActivities,
        PenaltyKind::SuspendBusiness => Key::PenaltyKindSuspendBusiness,
        PenaltyKind::Close => Key::PenaltyKindClose,
        PenaltyKind::RestrictPractice => Key::PenaltyKindRestrictPractice,
        PenaltyKind::Detention => Key::PenaltyKindDetention,
        PenaltyKind::Other => Key::PenaltyKindOther,
    }
}

pub fn party_kind(k: PartyKind) -> Key {
    match k {
        PartyKind::NaturalPerson => Key::PartyKindNaturalPerson,
        PartyKind::LegalPerson => Key::PartyKindLegalPerson,
        PartyKind::OtherOrganisation => Key::PartyKindOtherOrganisation,
        PartyKind::IndividualBusiness => Key::PartyKindIndividualBusiness,
    }
}

pub fn party_code_kind(k: PartyCodeKind) -> Key {
    match k {
        PartyCodeKind::BusinessRegistration => Key::PartyCodeBusinessRegistration,
        PartyCodeKind::OrganisationCode => Key::PartyCodeOrganisationCode,
        PartyCodeKind::TaxRegistration => Key::PartyCodeTaxRegistration,
        PartyCodeKind::InstitutionCertificate => Key::PartyCodeInstitutionCertificate,
        PartyCodeKind::SocialOrganisation => Key::PartyCodeSocialOrganisation,
    }
}

pub fn procedure(p: Procedure) -> Key {
    match p {
        Procedure::Summary => Key::ProcedureSummary,
        Procedure::Ordinary => Key::ProcedureOrdinary,
    }
}

pub fn severity(s: Severity) -> Key {
    match s {
        Severity::Minor => Key::SeverityMinor,
        Severity::Ordinary => Key::SeverityOrdinary,
        Severity::Serious => Key::SeveritySerious,
    }
}

pub fn withdrawal_reason(r: WithdrawalReason) -> Key {
    match r {
        WithdrawalReason::Changed => Key::WithdrawalChanged,
        WithdrawalReason::Revoked => Key::WithdrawalRevoked,
        WithdrawalReason::FoundIllegal => Key::WithdrawalFoundIllegal,
        WithdrawalReason::Void => Key::WithdrawalVoid,
    }
}

pub fn error_code(code: Option<ErrorCode>) -> Key {
    match code {
        Some(ErrorCode::NotFound | ErrorCode::NoSuchRoute) => Key::ErrNotFound,
        Some(ErrorCode::InvalidParameter) => Key::ErrInvalidParameter,
        Some(ErrorCode::Unavailable | ErrorCode::Timeout) => Key::ErrUnavailable,
        Some(ErrorCode::Internal) => Key::ErrInternal,
        Some(
            ErrorCode::MethodNotAllowed
            | ErrorCode::PayloadTooLarge
            | ErrorCode::InvalidBody
            | ErrorCode::InvalidForm
            | ErrorCode::ChallengeFailed
            | ErrorCode::RateLimited
            | ErrorCode::IdempotencyKeyReused
            | ErrorCode::Forbidden
            | ErrorCode::CsrfFailed
            | ErrorCode::Unauthorized
            | ErrorCode::InvalidRecord
            | ErrorCode::Conflict,
        ) => Key::ErrOther,
        None => Key::ErrNetwork,
    }
}

/// A form mistake as a sentence: what is wrong with which field (see `complaint::validate`).
pub fn problem(lang: Lang, e: FieldError) -> String {
    use Field as F;
    use Problem as P;
    let key = match (e.field, e.problem) {
        (F::Kind, _) => Key::CpKindRequired,
        (F::District, P::Required) => Key::CpDistrictRequired,
        (F::District, _) => Key::CpDistrictInvalid,
        (F::Locality, P::Required) => Key::CpLocalityRequired,
        (F::Locality, _) => Key::CpLocalityInvalid,
        (F::Address, P::WhereRequired) => Key::CpWhereRequired,
        (F::Location, _) => Key::CpLocationInvalid,
        (F::HappenedOn, P::Required) => Key::CpDateRequired,
        (F::HappenedOn, P::InFuture) => Key::CpDateFuture,
        (F::HappenedOn, P::TooOld) => Key::CpDateTooOld,
        (F::HappenedOn, _) => Key::CpDateInvalid,
        (F::Matter, P::WhatRequired) => Key::CpWhatRequired,
        (F::Matter, _) => Key::CpMatterInvalid,
        (F::Officer, P::OfficerOnlyForConduct) => Key::CpOfficerOnlyConduct,
        (F::Officer, _) => Key::CpOfficerInvalid,
        (F::Description, P::Required) => Key::CpDescriptionRequired,
        (F::Name, P::ContactWhenAnonymous) => Key::CpContactWhenAnonymous,
        (F::Phone, P::ContactRequired) => Key::CpContactRequired,
        (F::Phone, _) => Key::CpPhoneInvalid,
        (F::Email, _) => Key::CpEmailInvalid,
        (F::Privacy, _) => Key::CpPrivacyRequired,
        (F::Consent, _) => Key::CpConsentRequired,
        (F::Photos, P::TooMany { .. }) => Key::CpPhotosTooMany,
        (F::Photos, _) => Key::CpPhotosInvalid,
        (_, P::TooShort { .. }) => Key::CpTooShort,
        (_, P::TooLong { .. }) => Key::CpTooLong,
        (F::Name, _) => Key::CpNameInvalid,
        (F::Address, _) => Key::CpAddressInvalid,
        (F::Description, _) => Key::CpDescriptionInvalid,
    };
    let (min, max) = match e.problem {
        P::TooShort { min } => (min, 0),
        P::TooLong { max } | P::TooMany { max } => (0, max),
        _ => (0, 0),
    };
    format(
        lang,
        key,
        &[("min", &min.to_string()), ("max", &max.to_string())],
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn table(text: &str) -> BTreeMap<String, String> {
        toml::from_str(text).expect("a flat TOML table of strings")
    }

    fn locales() -> Vec<(&'static str, BTreeMap<String, String>)> {
        vec![
            ("zh-Hans", table(include_str!("../locales/zh-Hans.toml"))),
            ("zh-Hant", table(include_str!("../locales/zh-Hant.toml"))),
            ("en", table(include_str!("../locales/en.toml"))),
        ]
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_language_has_every_key_and_no_other() {
        let all = locales();
        let (_, source) = &all[0];
        for (lang, table) in &all {
            let missing: Vec<_> = source.keys().filter(|k| !table.contains_key(*k)).collect();
            let extra: Vec<_> = table.keys().filter(|k| !source.contains_key(*k)).collect();
            assert!(missing.is_empty(), "locales/{lang}.toml misses {missing:?}");
            assert!(
                extra.is_empty(),
                "locales/{lang}.toml has keys zh-Hans lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn no_translation_is_empty_and_placeholders_agree() {
        let all = locales();
        let (_, source) = &all[0];
        for (lang, table) in &all {
            for (key, text) in table {
                assert!(!text.trim().is_empty(), "{lang}: {key} is empty");
                if let Some(src) = source.get(key) {
                    assert_eq!(
                        placeholders(src),
                        placeholders(text),
                        "{lang}: {key} placeholders"
                    );
                }
            }
        }
    }

    #[test]
    fn the_generated_tables_match_the_files() {
        let all = locales();
        for ((tag, table), lang) in all.iter().zip(Lang::ALL) {
            assert_eq!(lang.tag(), *tag);
            for key in Key::ALL {
                assert_eq!(
                    Some(text(lang, *key)),
                    table.get(key.name()).map(String::as_str)
                );
            }
        }
    }

    #[test]
    fn numbers_are_grouped_and_shares_shown_as_percentages() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(per_mille(966), "96.6%");
        assert_eq!(per_mille(1000), "100.0%");
        assert_eq!(per_mille(5), "0.5%");
    }

    /// Every mistake the domain's validation can report reads as a whole sentence in every
    /// language: its numbers filled in, no placeholder left.
    #[test]
    fn every_form_problem_has_a_sentence() {
        use gongshi_domain::complaint::ComplaintForm;
        let today = time::macros::date!(2026 - 11 - 24);
        let forms = [
            ComplaintForm::default(),
            ComplaintForm {
                kind: Some(gongshi_domain::complaint::ComplaintKind::Tip),
                district: "x".into(),
                locality: "?".into(),
                address: "a".repeat(300),
                location: Some(gongshi_domain::complaint::GeoPoint {
                    latitude: 0.0,
                    longitude: 0.0,
                }),
                happened_on: "2099-01-01".into(),
                matter: "nope".into(),
                officer: "123".into(),
                description: "short".into(),
                name: "n".repeat(200),
                phone: "12".into(),
                email: "no-at".into(),
                privacy: Some(gongshi_domain::complaint::Privacy::Anonymous),
                ..Default::default()
            },
        ];
        let mut seen = 0;
        for form in forms {
            for e in form.validate(today).expect_err("mistakes") {
                for lang in Lang::ALL {
                    let s = problem(lang, e);
                    assert!(!s.trim().is_empty(), "{lang:?} {e:?}");
                    assert!(!s.contains('{'), "{lang:?} {e:?}: {s}");
                    if let Problem::TooShort { min: n } | Problem::TooLong { max: n } = e.problem {
                        assert!(s.contains(&n.to_string()), "{lang:?} {e:?}: {s}");
                    }
                }
                seen += 1;
            }
        }
        assert!(seen >= 15, "only {seen} problems exercised");
    }

    #[test]
    fn format_fills_placeholders() {
        assert_eq!(
            format(
                Lang::En,
                Key::DistrictCounts,
                &[("zones", "3"), ("localities", "10")]
            ),
            "3 zones, 10 localities and areas"
        );
    }
}
