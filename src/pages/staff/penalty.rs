//! One penalty record typed in a form: a new one (published at once), or a published one corrected
//! (with the reason the change log publishes) or withdrawn (the public then sees the stub). The
//! form ([`RecordFields`]) sends the very columns of the import layout, read by the same parser.

use super::record_form::{
    Control, FormColumn, FormProblem, Lists, PENALTY_DRAFT, RecordFields, forget_draft, load_draft,
    save_draft,
};
use super::{StaffPage, busy_label, failure, use_staff};
use crate::api::{self, ApiError};
use crate::components::{RetryPanel, Skeleton};
use crate::i18n::{self, Key, Lang, use_i18n};
use crate::pages::focus_soon;
use crate::routes::AppRoute;
use gongshi_domain::api::DistrictView;
use gongshi_domain::penalty::{
    PartyKind, PenaltyId, Procedure, Restriction, Severity, WithdrawalReason,
};
use gongshi_domain::penalty_import::{
    Column, FieldProblem, Fields, ImportProblem, PenaltyForm, PenaltyRule, RecordStatus,
    StaffPenaltyRecord, WithdrawalForm,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The column's label.
pub fn column_key(c: Column) -> Key {
    use Column as C;
    match c {
        C::PartyName => Key::PfPartyName,
        C::PartyKind => Key::PfPartyKind,
        C::CreditCode => Key::PfCreditCode,
        C::BusinessRegistration => Key::PfBusinessRegistration,
        C::OrganisationCode => Key::PfOrganisationCode,
        C::TaxRegistration => Key::PfTaxRegistration,
        C::InstitutionCertificate => Key::PfInstitutionCertificate,
        C::SocialOrganisation => Key::PfSocialOrganisation,
        C::Representative => Key::PfRepresentative,
        C::IdNumber => Key::PfIdNumber,
        C::Address => Key::PfAddress,
        C::DecisionNumber => Key::PfDecisionNumber,
        C::Violation => Key::PfViolation,
        C::Facts => Key::PfFacts,
        C::Basis => Key::PfBasis,
        C::Kinds => Key::PfKinds,
        C::Content => Key::PfContent,
        C::Fine => Key::PfFine,
        C::Confiscated => Key::PfConfiscated,
        C::Licence => Key::PfLicence,
        C::Decided => Key::PfDecided,
        C::InEffectUntil => Key::PfInEffectUntil,
        C::Authority => Key::PfAuthority,
        C::AuthorityCreditCode => Key::PfAuthorityCreditCode,
        C::Source => Key::PfSource,
        C::Remarks => Key::PfRemarks,
        C::Matter => Key::PfMatter,
        C::Procedure => Key::PfProcedure,
        C::Locality => Key::PfLocality,
        C::Severity => Key::PfSeverity,
        C::OthersNamed => Key::PfOthersNamed,
        C::Restriction => Key::PfRestriction,
    }
}

/// The label of a choice's wire spelling (see [`Column::choices`]).
fn choice_key(column: Column, spelling: &str) -> Option<Key> {
    let value = serde_json::Value::String(spelling.to_owned());
    match column {
        Column::PartyKind => serde_json::from_value::<PartyKind>(value)
            .ok()
            .map(i18n::party_kind),
        Column::Procedure => serde_json::from_value::<Procedure>(value)
            .ok()
            .map(i18n::procedure),
        Column::Severity => serde_json::from_value::<Severity>(value)
            .ok()
            .map(i18n::severity),
        Column::Restriction => serde_json::from_value::<Restriction>(value)
            .ok()
            .map(|r| match r {
                Restriction::Minor => Key::RestrictionMinor,
                Restriction::Secret => Key::RestrictionSecret,
                Restriction::Privacy => Key::RestrictionPrivacy,
            }),
        _ => None,
    }
}

/// A problem with a cell, a row or a file, in words.
pub fn import_problem(lang: Lang, p: &ImportProblem) -> String {
    use ImportProblem as P;
    let t = |k| i18n::text(lang, k).to_owned();
    match p {
        P::Required => t(Key::ImpRequired),
        P::TooLong { max } => i18n::format(lang, Key::ImpTooLong, &[("max", &max.to_string())]),
        P::ControlCharacter => t(Key::ImpControlCharacter),
        P::Formula => t(Key::ImpFormula),
        P::BadCreditCode => t(Key::ImpBadCreditCode),
        P::BadIdNumber => t(Key::ImpBadIdNumber),
        P::BadDate => t(Key::ImpBadDate),
        P::BadAmount => t(Key::ImpBadAmount),
        P::UnknownValue { value } => i18n::format(lang, Key::ImpUnknownValue, &[("value", value)]),
        P::UnknownMatter => t(Key::ImpUnknownMatter),
        P::UnknownLocality => t(Key::ImpUnknownLocality),
        P::UnknownAuthority => t(Key::ImpUnknownAuthority),
        P::NotYourAuthority => t(Key::ImpNotYourAuthority),
        P::DecidedInFuture => t(Key::ImpDecidedInFuture),
        P::DuplicateInFile { line } => i18n::format(
            lang,
            Key::ImpDuplicateInFile,
            &[("line", &line.to_string())],
        ),
        P::AlreadyPublished => t(Key::ImpAlreadyPublished),
        P::Rule(rule) => t(match rule {
            PenaltyRule::NoKind => Key::RuleNoKind,
            PenaltyRule::RepeatedKind => Key::RuleRepeatedKind,
            PenaltyRule::FineMismatch => Key::RuleFineMismatch,
            PenaltyRule::ConfiscationMismatch => Key::RuleConfiscationMismatch,
            PenaltyRule::LicenceMismatch => Key::RuleLicenceMismatch,
            PenaltyRule::PersonWithCodes => Key::RulePersonWithCodes,
            PenaltyRule::NoCreditCode => Key::RuleNoCreditCode,
            PenaltyRule::IdNumberOfOrganisation => Key::RuleIdNumberOfOrganisation,
            PenaltyRule::PublishedBeforeDecision => Key::RulePublishedBeforeDecision,
            PenaltyRule::WithdrawnBeforeDecision => Key::RuleWithdrawnBeforeDecision,
            PenaltyRule::SummaryTooHeavy => Key::RuleSummaryTooHeavy,
        }),
        P::MissingColumn { header } => {
            i18n::format(lang, Key::ImpMissingColumn, &[("header", header)])
        }
        P::RepeatedColumn { header } => {
            i18n::format(lang, Key::ImpRepeatedColumn, &[("header", header)])
        }
        P::Empty => t(Key::ImpEmpty),
        P::Unreadable => t(Key::ImpUnreadable),
        P::TooManyRows { max } => {
            i18n::format(lang, Key::ImpTooManyRows, &[("max", &max.to_string())])
        }
    }
}

/// The form's groups of columns, each a fieldset.
const GROUPS: [(Key, &[Column]); 4] = [
    (
        Key::StaffGroupParty,
        &[
            Column::PartyName,
            Column::PartyKind,
            Column::CreditCode,
            Column::IdNumber,
            Column::Representative,
            Column::Address,
            Column::BusinessRegistration,
            Column::OrganisationCode,
            Column::TaxRegistration,
            Column::InstitutionCertificate,
            Column::SocialOrganisation,
        ],
    ),
    (
        Key::StaffGroupDecision,
        &[
            Column::DecisionNumber,
            Column::Decided,
            Column::Matter,
            Column::Locality,
            Column::Violation,
            Column::Facts,
            Column::Basis,
            Column::Procedure,
            Column::Severity,
            Column::Kinds,
            Column::Content,
            Column::Fine,
            Column::Confiscated,
            Column::Licence,
            Column::InEffectUntil,
        ],
    ),
    (
        Key::StaffGroupAuthority,
        &[
            Column::Authority,
            Column::AuthorityCreditCode,
            Column::Source,
        ],
    ),
    (
        Key::StaffGroupPublication,
        &[Column::OthersNamed, Column::Restriction, Column::Remarks],
    ),
];

fn long_text(c: Column) -> bool {
    matches!(
        c,
        Column::Facts | Column::Basis | Column::Content | Column::Remarks | Column::OthersNamed
    )
}

impl FormColumn for Column {
    const PREFIX: &'static str = "pf";

    fn label(self) -> Key {
        column_key(self)
    }

    fn hint(self) -> Option<Key> {
        match self {
            Column::Decided | Column::InEffectUntil => Some(Key::StaffHintDate),
            Column::Fine | Column::Confiscated => Some(Key::StaffHintAmount),
            Column::Kinds => Some(Key::StaffHintKinds),
            Column::Matter => Some(Key::StaffHintMatter),
            Column::Restriction => Some(Key::StaffHintRestriction),
            Column::OthersNamed => Some(Key::StaffHintOthersNamed),
            _ => None,
        }
    }

    fn required(self) -> bool {
        Column::required(self)
    }

    fn kept_in_draft(self) -> bool {
        self != Column::IdNumber
    }

    /// A list to choose from: a choice column's values (labelled in the language), or the
    /// district's authorities and places (by name).
    fn control(self, lists: &Lists<'_>) -> Control {
        let d = lists.district;
        match self {
            Column::Authority => Control::Choose(
                d.authorities
                    .iter()
                    .map(|a| (a.id.to_string(), None, a.name.to_string()))
                    .collect(),
            ),
            Column::Locality => Control::Choose(
                d.localities()
                    .map(|l| (l.id.to_string(), None, l.name.to_string()))
                    .collect(),
            ),
            c if !c.choices().is_empty() => Control::Choose(
                c.choices()
                    .into_iter()
                    .map(|s| (s.clone(), choice_key(c, &s), s))
                    .collect(),
            ),
            c if long_text(c) => Control::Long,
            c => Control::Text {
                date: c == Column::Decided,
            },
        }
    }
}

impl FormProblem for FieldProblem {
    type Column = Column;

    fn column(&self) -> Option<Column> {
        self.column
    }

    fn text(&self, lang: Lang) -> String {
        import_problem(lang, &self.problem)
    }
}

/// The district's view (authorities and localities for the form's lists), for the signed-in unit;
/// loaded again only if the district changes (not when a session is renewed: the form stays).
pub(super) fn district_view() -> LocalResource<Result<DistrictView, ApiError>> {
    let staff = use_staff();
    let district = staff.district();
    LocalResource::new(move || {
        let code = district.get().map(|d| d.to_string()).unwrap_or_default();
        async move { staff.seen(api::district(code)).await }
    })
}

/// Shows `render` once the district's view has loaded.
pub(super) fn with_district<V: IntoView + 'static>(
    district: LocalResource<Result<DistrictView, ApiError>>,
    render: impl Fn(DistrictView) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match district.await {
                        Ok(d) => render(d).into_any(),
                        Err(e) => view! {
                            <RetryPanel message=failure(&e) on_retry=Callback::new(move |_| district.refetch()) />
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn StaffPenaltyNewPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffPenaltyNewTitle>
            <NewRecord />
        </StaffPage>
    }
}

#[component]
fn NewRecord() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let navigate = use_navigate();
    let user = staff
        .me()
        .map(|me| me.username.to_string())
        .unwrap_or_default();
    let restored: Option<Fields> = load_draft(PENALTY_DRAFT, &user);
    // The authority filled in for the publisher is not something typed.
    let had_draft = restored
        .as_ref()
        .is_some_and(|f| f.keys().any(|c| *c != Column::Authority));
    let fields = RwSignal::new(restored.unwrap_or_else(|| {
        let mut f = Fields::new();
        if let Some(a) = staff.me().and_then(|me| me.grant.authority) {
            f.insert(Column::Authority, a.to_string());
        }
        f
    }));
    // What is typed survives a reload, a failed send and an ended session.
    Effect::new(move |_| fields.with(|f| save_draft(PENALTY_DRAFT, &user, f)));
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let district = district_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let form = PenaltyForm {
            fields: fields.get_untracked(),
            reason: None,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::publish_penalty(form, staff.csrf()).await {
                Ok(written) => {
                    fields.set(Fields::new());
                    forget_draft(PENALTY_DRAFT);
                    navigate(
                        &AppRoute::StaffPenalty(written.id).href_with(&[("saved", Some("1"))]),
                        Default::default(),
                    );
                }
                Err(e) => {
                    staff.failed(&e).await;
                    problems.set(e.cells.clone());
                    error.set(Some(e));
                    focus_soon("record-status");
                }
            }
            busy.set(false);
        });
    };
    let discard = move |_| {
        fields.set(Fields::new());
        problems.set(Vec::new());
        error.set(None);
    };
    view! {
        <p class="lead">{i18n.t(Key::StaffPenaltyNewIntro)}</p>
        {had_draft.then(|| view! { <p class="notice">{i18n.t(Key::StaffDraftRestored)}</p> })}
        {with_district(district, move |d| {
            let submit = submit.clone();
            view! {
                <form class="record-form" on:submit=submit novalidate>
                    <RecordFields fields problems groups=&GROUPS district=d locked=Signal::derive(move || busy.get()) />
                    <p id="record-status" class="field-error" role="alert" tabindex="-1">
                        {move || error.get().map(|e| i18n.tr(failure(&e)))}
                    </p>
                    <div class="actions">
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {busy_label(busy, Key::StaffPublish, Key::StaffPublishing)}
                        </button>
                        " "
                        <button type="button" class="button button-secondary" on:click=discard>
                            {i18n.t(Key::StaffDiscard)}
                        </button>
                    </div>
                </form>
            }
        })}
    }
}

#[component]
pub fn StaffPenaltyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<PenaltyId>().ok())
    });
    view! {
        <StaffPage title=Key::StaffPenaltyTitle>
            {move || match id.get() {
                Some(id) => view! { <Existing id /> }.into_any(),
                None => view! { <p class="notice">{i18n.t(Key::ErrNotFound)}</p> }.into_any(),
            }}
        </StaffPage>
    }
}

#[component]
fn Existing(id: PenaltyId) -> impl IntoView {
    let record = LocalResource::new(move || api::staff_penalty(id));
    let district = district_view();
    view! {
        <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(r) => with_district(district, move |d| view! { <Edit record=r.clone() district=d /> }).into_any(),
                    Err(e) => view! {
                        <RetryPanel message=failure(&e) on_retry=Callback::new(move |_| record.refetch()) />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A stored record's choice columns as the form's options spell them.
fn as_form(mut fields: Fields) -> Fields {
    for (column, text) in fields.iter_mut() {
        if let Some(spelling) = column.choice_of(text) {
            *text = spelling;
        }
    }
    fields
}

#[component]
fn Edit(record: StaffPenaltyRecord, district: DistrictView) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let url = crate::query::use_url_query();
    let id = record.id;
    let status = RwSignal::new(record.status);
    let fields = RwSignal::new(as_form(record.fields.clone()));
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let reason = RwSignal::new(String::new());
    let reason_missing = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(url.get_untracked("saved").map(|_| Key::StaffPublishedDone));
    let busy = RwSignal::new(false);
    // Anything not withdrawn can be corrected (a restricted record too: it stays unpublished).
    let correctable = move || status.get() != RecordStatus::Withdrawn;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if reason.get_untracked().trim().is_empty() {
            reason_missing.set(true);
            focus_soon("correction-reason");
            return;
        }
        busy.set(true);
        error.set(None);
        done.set(None);
        let form = PenaltyForm {
            fields: fields.get_untracked(),
            reason: Some(reason.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::correct_penalty(id, form, staff.csrf()).await {
                Ok(_) => {
                    reason.set(String::new());
                    problems.set(Vec::new());
                    done.set(Some(Key::StaffCorrected));
                }
                Err(e) => {
                    staff.failed(&e).await;
                    problems.set(e.cells.clone());
                    error.set(Some(e));
                }
            }
            busy.set(false);
            focus_soon("record-status");
        });
    };
    let published = record.published.to_string();
    let withdrawal = RwSignal::new(record.withdrawal.clone());
    view! {
        <dl class="facts">
            <dt>{i18n.t(Key::StaffRecordStatus)}</dt>
            <dd>{move || i18n.tr(super::penalties::record_status(status.get()))}</dd>
            <dt>{i18n.t(Key::StaffPublished)}</dt>
            <dd>{published}</dd>
            {move || withdrawal.get().map(|w| {
                let reason = w.reason;
                view! {
                    <dt>{i18n.t(Key::StaffWithdrawnBecause)}</dt>
                    <dd>{move || i18n.tr(i18n::withdrawal_reason(reason))} " · " {w.date.to_string()} " · " {w.explanation.to_string()}</dd>
                }
            })}
        </dl>
        <p class="actions">
            <A href=AppRoute::Penalty(id).href()>{i18n.t(Key::StaffPublicPage)}</A>
            " · "
            <A href=AppRoute::Log.href_with(&[("subject", Some(&format!("penalty:{id}")))])>{i18n.t(Key::LogHistory)}</A>
        </p>
        <p id="record-status" role="status" tabindex="-1" class=move || if error.get().is_some() { "field-error" } else { "success" }>
            {move || error.get().map(|e| i18n.tr(failure(&e))).or_else(|| done.get().map(|k| i18n.tr(k)))}
        </p>
        <form class="record-form" on:submit=submit novalidate>
            <h2>{i18n.t(Key::StaffCorrectHeading)}</h2>
            <Show when=move || !correctable()>
                <p class="notice">{i18n.t(Key::StaffNotCorrectable)}</p>
            </Show>
            <RecordFields fields problems groups=&GROUPS district locked=Signal::derive(move || busy.get() || !correctable()) />
            <div class="field">
                <label for="correction-reason">{i18n.t(Key::StaffCorrectionReason)}</label>
                <textarea
                    id="correction-reason"
                    rows="2"
                    maxlength="500"
                    required
                    disabled=move || !correctable()
                    aria-invalid=move || reason_missing.get().to_string()
                    aria-describedby="correction-reason-hint correction-reason-error"
                    prop:value=move || reason.get()
                    on:input=move |ev| {
                        reason.set(event_target_value(&ev));
                        reason_missing.set(false);
                    }
                ></textarea>
                <p id="correction-reason-hint" class="hint">{i18n.t(Key::StaffCorrectionReasonHint)}</p>
                <p id="correction-reason-error" class="field-error">
                    {move || reason_missing.get().then(|| i18n.tr(Key::StaffReasonRequired))}
                </p>
            </div>
            <button type="submit" class="button" disabled=move || busy.get() || !correctable()>
                {busy_label(busy, Key::StaffCorrect, Key::StaffSaving)}
            </button>
        </form>
        <Show when=correctable>
            <Withdraw id status withdrawal done error />
        </Show>
    }
}

#[component]
fn Withdraw(
    id: PenaltyId,
    status: RwSignal<RecordStatus>,
    withdrawal: RwSignal<Option<gongshi_domain::penalty::Withdrawal>>,
    done: RwSignal<Option<Key>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let reason = RwSignal::new(None::<WithdrawalReason>);
    let explanation = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(why) = reason.get_untracked() else {
            missing.set(true);
            return;
        };
        if explanation.get_untracked().trim().is_empty() || busy.get_untracked() {
            missing.set(true);
            return;
        }
        busy.set(true);
        let form = WithdrawalForm {
            reason: why,
            explanation: explanation.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::withdraw_penalty(id, form, staff.csrf()).await {
                Ok(_) => {
                    error.set(None);
                    done.set(Some(Key::StaffWithdrawnDone));
                    status.set(RecordStatus::Withdrawn);
                    // The withdrawal as stored (the server's date) joins the facts above.
                    if let Ok(r) = staff.seen(api::staff_penalty(id)).await {
                        status.set(r.status);
                        withdrawal.set(r.withdrawal);
                    }
                }
                Err(e) => {
                    staff.failed(&e).await;
                    error.set(Some(e));
                }
            }
            busy.set(false);
            focus_soon("record-status");
        });
    };
    view! {
        <form class="card withdraw-form" on:submit=submit novalidate>
            <h2>{i18n.t(Key::StaffWithdrawHeading)}</h2>
            <p class="hint">{i18n.t(Key::StaffWithdrawIntro)}</p>
            <div class="field">
                <label for="withdraw-reason">{i18n.t(Key::StaffWithdrawReason)}</label>
                <select
                    id="withdraw-reason"
                    required
                    aria-describedby="withdraw-error"
                    aria-invalid=move || (missing.get() && reason.get().is_none()).to_string()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        reason.set(WithdrawalReason::ALL.into_iter().find(|r| crate::components::list::spelling(r) == v));
                        missing.set(false);
                    }
                >
                    <option value="">{i18n.t(Key::StaffChoose)}</option>
                    {WithdrawalReason::ALL.into_iter().map(|r| view! {
                        <option value=crate::components::list::spelling(&r)>{i18n.t(i18n::withdrawal_reason(r))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="withdraw-explanation">{i18n.t(Key::StaffWithdrawExplanation)}</label>
                <textarea
                    id="withdraw-explanation"
                    rows="2"
                    maxlength="500"
                    required
                    aria-describedby="withdraw-error"
                    prop:value=move || explanation.get()
                    on:input=move |ev| {
                        explanation.set(event_target_value(&ev));
                        missing.set(false);
                    }
                ></textarea>
                <p id="withdraw-error" class="field-error">
                    {move || missing.get().then(|| i18n.tr(Key::StaffWithdrawMissing))}
                </p>
            </div>
            <button type="submit" class="button button-danger" disabled=move || busy.get()>
                {busy_label(busy, Key::StaffWithdraw, Key::StaffSaving)}
            </button>
        </form>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_a_label() {
        for column in Column::ALL {
            for spelling in column.choices() {
                assert!(
                    choice_key(column, &spelling).is_some(),
                    "{column:?} {spelling}"
                );
            }
        }
    }

    #[test]
    fn stored_choices_select_the_form_options() {
        let mut f = Fields::new();
        f.insert(Column::PartyKind, "自然人".to_owned());
        f.insert(Column::Facts, "自然人".to_owned());
        let f = as_form(f);
        assert_eq!(f[&Column::PartyKind], "natural_person");
        assert_eq!(f[&Column::Facts], "自然人");
    }
}
