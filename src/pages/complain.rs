//! 投诉举报: the form a citizen fills in on a phone in two minutes. The domain's own validation runs
//! in the browser (inline, translated, before any request) and again on the server; the draft is
//! kept in this browser on every change (see `draft.rs`); before sending, the catalog's resolver
//! says who will handle it and why; sending solves the proof of work with its progress shown, and
//! a retry after a failure repeats the same request under the same Idempotency-Key, so a flaky
//! network never files it twice. The answer — tracking code and secret — is shown once and kept on
//! this device.

use crate::api::{self, ApiError};
use crate::components::{DemoBadge, Skeleton};
use crate::draft::{self, Attempt, Draft, Sent};
use crate::i18n::{self, I18n, Key, use_i18n};
use crate::pages::{focus_soon, parse_date, today, use_title};
use crate::pow;
use crate::query::is_composing;
use crate::routes::AppRoute;
use base64::Engine;
use gongshi_domain::api::{ErrorCode, Page};
use gongshi_domain::catalog::{Domain, Matter, MatterCode};
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::complaint::{
    ADDRESS_MAX, ComplaintForm, ComplaintKind, DESCRIPTION_MAX, Field, FieldError, GeoPoint,
    PHOTO_BYTES_MAX, PHOTOS_MAX, PersonalData, Privacy, RoutePreview, RouteReason, Submission,
    personal_data, photo_type,
};
use leptos::prelude::*;
use leptos_router::components::A;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Matters suggested for what was typed.
const SUGGESTIONS: &str = "8";

/// The form as it is sent: contact details are dropped when anonymous and an officer's number on
/// a tip (their fields are hidden then, and kept in the draft in case the choice changes back).
pub fn outgoing(form: &ComplaintForm) -> ComplaintForm {
    let mut out = form.clone();
    if out.privacy == Some(Privacy::Anonymous) {
        out.name.clear();
        out.phone.clear();
        out.email.clear();
    }
    if out.kind == Some(ComplaintKind::Tip) {
        out.officer.clear();
    }
    out
}

/// A photo chosen to send: its bytes, their hash (what a retry compares) and a preview URL.
#[derive(Debug, Clone)]
struct Photo {
    name: String,
    bytes: Arc<Vec<u8>>,
    sha256: String,
    preview: String,
}

/// Where sending stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Editing,
    /// Solving the proof of work: the share searched.
    Proving(f64),
    Sending,
    Done(Box<Submission>),
}

/// The body of `POST /complaints`.
#[derive(Serialize)]
struct Outgoing<'a> {
    form: &'a ComplaintForm,
    photos: Vec<PhotoData>,
    altcha: &'a str,
}

#[derive(Serialize)]
struct PhotoData {
    data: String,
}

/// The problems shown now: the domain's (once a submit was tried) and what the server added.
#[derive(Debug, Clone, Copy)]
struct Checks {
    problems: Memo<Vec<FieldError>>,
}

impl Checks {
    fn first(self, field: Field) -> Option<FieldError> {
        self.problems
            .with(|p| p.iter().find(|e| e.field == field).copied())
    }

    fn invalid(self, field: Field) -> impl Fn() -> &'static str + Copy {
        move || {
            if self.first(field).is_some() {
                "true"
            } else {
                "false"
            }
        }
    }
}

/// The element a field's mistake sends focus to (the first that exists).
fn focus_targets(field: Field) -> &'static [&'static str] {
    match field {
        Field::Kind => &["c-kind-tip"],
        Field::District => &["c-district"],
        Field::Locality => &["c-locality"],
        Field::Address => &["c-address"],
        Field::Location => &["c-location-clear", "c-locate"],
        Field::HappenedOn => &["c-happened"],
        Field::Matter => &["c-matter-q", "c-matter-change"],
        Field::Officer => &["c-officer"],
        Field::Description => &["c-description"],
        // Hidden until a tier that keeps contact details is chosen.
        Field::Name => &["c-name", "c-privacy-withheld"],
        Field::Phone => &["c-phone", "c-privacy-withheld"],
        Field::Email => &["c-email", "c-privacy-withheld"],
        Field::Privacy => &["c-privacy-anonymous"],
        Field::Consent => &["c-consent"],
        Field::Photos => &["c-photos"],
    }
}

fn focus_field(field: Field) {
    for id in focus_targets(field) {
        if let Some(el) = document().get_element_by_id(id) {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            return;
        }
    }
}

/// A field's mistake, translated; always rendered (empty when none), so `aria-describedby` points
/// at something.
#[component]
fn Mistake(checks: Checks, field: Field, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p id=id class="field-error">
            {move || checks.first(field).map(|e| i18n::problem(i18n.lang(), e))}
        </p>
    }
}

/// The page's state, shared by the fields and by [`send`].
#[derive(Debug, Clone, Copy)]
struct FormState {
    form: RwSignal<ComplaintForm>,
    attempt: RwSignal<Option<Attempt>>,
    photos: RwSignal<Vec<Photo>>,
    /// A submit was tried: mistakes are shown from now on, following the typing.
    attempted: RwSignal<bool>,
    /// The mistakes listed at the top, as they were when the submit was tried.
    summary: RwSignal<Vec<FieldError>>,
    server_problems: RwSignal<Vec<FieldError>>,
    stage: RwSignal<Stage>,
    failure: RwSignal<Option<ApiError>>,
    /// The receipt is of an earlier version of the form, sent before and stored.
    recovered: RwSignal<bool>,
    /// When the restored draft was saved (until it is sent or dropped).
    restored_at: RwSignal<Option<f64>>,
    /// Submissions kept on this device.
    earlier: RwSignal<usize>,
}

impl FormState {
    fn busy(self) -> bool {
        matches!(self.stage.get(), Stage::Proving(_) | Stage::Sending)
    }

    /// Empties the form after a submission, or when the citizen starts over. Starting over keeps
    /// the key while bodies sent under it have no answer yet: one of them may be stored, and the
    /// key is what stops a second complaint.
    fn reset(self, stored: bool) {
        self.form.set(ComplaintForm::default());
        if stored
            || self
                .attempt
                .with_untracked(|a| a.as_ref().is_none_or(|a| a.sent.is_empty()))
        {
            self.attempt.set(None);
        }
        self.photos.update(|ps| {
            for p in ps.drain(..) {
                let _ = web_sys::Url::revoke_object_url(&p.preview);
            }
        });
        self.attempted.set(false);
        self.summary.set(Vec::new());
        self.server_problems.set(Vec::new());
        self.failure.set(None);
        self.restored_at.set(None);
    }
}

#[component]
pub fn ComplainPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || i18n.tr(Key::ComplainTitle).to_owned());

    let saved = draft::load();
    let page = FormState {
        form: RwSignal::new(saved.as_ref().map(|d| d.form.clone()).unwrap_or_default()),
        restored_at: RwSignal::new(saved.as_ref().map(|d| d.saved_at)),
        attempt: RwSignal::new(saved.and_then(|d| d.attempt)),
        photos: RwSignal::new(Vec::new()),
        attempted: RwSignal::new(false),
        summary: RwSignal::new(Vec::new()),
        server_problems: RwSignal::new(Vec::new()),
        stage: RwSignal::new(Stage::Editing),
        failure: RwSignal::new(None),
        recovered: RwSignal::new(false),
        earlier: RwSignal::new(draft::receipts().len()),
    };
    let FormState {
        form,
        attempt,
        photos,
        attempted,
        stage,
        ..
    } = page;
    let stored = RwSignal::new(true);

    // Every change is saved at once: a reload, a crash or a closed tab loses nothing typed. (Not
    // on the first run: the draft just read is already saved, with the time it was written.)
    Effect::new(move |first: Option<()>| {
        let d = Draft {
            form: form.get(),
            attempt: attempt.get(),
            saved_at: 0.0,
        };
        if first.is_some() {
            stored.set(draft::save(&d));
        }
    });
    // What the server said about the form is about the form as it was sent.
    Effect::new(move |first: Option<()>| {
        form.track();
        if first.is_some() {
            page.server_problems.set(Vec::new());
        }
    });
    on_cleanup(move || {
        photos.try_with_untracked(|ps| {
            for p in ps {
                let _ = web_sys::Url::revoke_object_url(&p.preview);
            }
        });
    });

    let problems = Memo::new(move |_| {
        let mut p = if attempted.get() {
            outgoing(&form.read())
                .validate(today())
                .err()
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        for extra in page.server_problems.get() {
            if !p.contains(&extra) {
                p.push(extra);
            }
        }
        p
    });
    let checks = Checks { problems };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if page.busy() {
            return;
        }
        attempted.set(true);
        page.failure.set(None);
        let out = outgoing(&form.get_untracked());
        if let Err(mistakes) = out.validate(today()) {
            page.summary.set(mistakes);
            focus_soon("c-summary");
            return;
        }
        page.summary.set(Vec::new());
        // The photos as they are now: what is sent and what a retry compares.
        let chosen = photos.get_untracked();
        leptos::task::spawn_local(send(page, out, chosen));
    };

    // Only finishing swaps the form for the receipt; progress updates leave the form alone.
    let done = Memo::new(move |_| match stage.get() {
        Stage::Done(s) => Some(s),
        _ => None,
    });
    let conduct = Memo::new(move |_| form.with(|f| f.kind == Some(ComplaintKind::Conduct)));
    view! {
        <h1>{i18n.t(Key::ComplainTitle)}</h1>
        {move || match done.get() {
            Some(s) => {
                view! {
                    <Receipt
                        submission=*s
                        recovered=page.recovered.get_untracked()
                        again=Callback::new(move |_| {
                            page.recovered.set(false);
                            stage.set(Stage::Editing);
                            focus_soon("c-kind-tip");
                        })
                    />
                }
                    .into_any()
            }
            None => {
                view! {
                    <p class="lead">{i18n.t(Key::ComplainIntro)}</p>
                    <p class="link-row">
                        <A href=AppRoute::Track(None).href()>{i18n.t(Key::NavTrack)}</A>
                        <A href=AppRoute::ComplaintStats.href()>{i18n.t(Key::ComplaintStatsTitle)}</A>
                    </p>
                    <Restored page />
                    {move || {
                        (!stored.get()).then(|| view! { <p class="notice">{i18n.t(Key::ComplainNotStored)}</p> })
                    }}
                    <form class="complaint-form" novalidate=true on:submit=submit>
                        <Summary summary=page.summary />
                        // While it is being sent nothing can change under it.
                        <div class="form-body" inert=move || page.busy()>
                            <KindField form checks />
                            <PlaceFields form checks />
                            <WhenField form checks />
                            <WhatField form checks />
                            <Show when=move || conduct.get()>
                                <OfficerField form checks />
                            </Show>
                            <DescriptionField form checks />
                            <PhotosField photos checks />
                            <ContactFields form checks />
                            <ConsentField form checks />
                            <RoutePreviewCard form />
                        </div>
                        <SendBar page />
                    </form>
                }
                    .into_any()
            }
        }}
    }
}

/// The body of a request from what rebuilds it, with the photos it names (`None` when one of them
/// is no longer chosen).
fn body(sent: &Sent, photos: &[Photo]) -> Option<String> {
    let photos = sent
        .photos
        .iter()
        .map(|sha| {
            photos.iter().find(|p| &p.sha256 == sha).map(|p| PhotoData {
                data: base64::engine::general_purpose::STANDARD.encode(p.bytes.as_slice()),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    serde_json::to_string(&Outgoing {
        form: &sent.form,
        photos,
        altcha: &sent.altcha,
    })
    .ok()
}

/// A new proof of work, with its progress shown.
async fn prove(stage: RwSignal<Stage>) -> Result<String, ApiError> {
    let _ = stage.try_set(Stage::Proving(0.0));
    let challenge = api::complaint_challenge().await?;
    pow::solve(challenge, |share| {
        let _ = stage.try_set(Stage::Proving(share));
    })
    .await
    .map(|s| s.encoded())
    .map_err(|_| ApiError {
        status: Some(400),
        code: Some(ErrorCode::ChallengeFailed),
        detail: "the challenge could not be solved".to_owned(),
        ..ApiError::default()
    })
}

/// Sends `out` with `photos` under the draft's one Idempotency-Key, so the server stores at most
/// one complaint for it. A body already sent with the same form and photos is sent again byte for
/// byte (its proof of work too); otherwise a new proof of work is made. A spent or expired proof of
/// work is renewed once. When the server says another body was stored under the key (the citizen
/// changed the form after an answer was lost), that body is sent again to get its receipt.
async fn send(page: FormState, out: ComplaintForm, photos: Vec<Photo>) {
    let shas: Vec<String> = photos.iter().map(|p| p.sha256.clone()).collect();
    let Some(mut attempt) = page.attempt.try_get_untracked() else {
        return;
    };
    let mut attempt = attempt.take().unwrap_or_default();
    let mut renewed = false;
    let fail = |e: ApiError| {
        if e.code == Some(ErrorCode::InvalidForm) {
            let _ = page.server_problems.try_set(e.problems.clone());
            let _ = page.summary.try_set(e.problems.clone());
            focus_soon("c-summary");
        } else {
            focus_soon("c-failure");
        }
        let _ = page.failure.try_set(Some(e));
        let _ = page.stage.try_set(Stage::Editing);
    };
    loop {
        let sent = match attempt.find(&out, &shas).cloned() {
            Some(sent) => sent,
            None => match prove(page.stage).await {
                Ok(altcha) => Sent {
                    altcha,
                    form: out.clone(),
                    photos: shas.clone(),
                },
                Err(e) => return fail(e),
            },
        };
        // Kept with the draft before it leaves, so a crash meanwhile still retries it.
        attempt.remember(sent.clone());
        let _ = page.attempt.try_set(Some(attempt.clone()));
        let Some(form) = page.form.try_get_untracked() else {
            // The page went away while proving: nothing leaves unrecorded.
            return;
        };
        draft::save(&Draft {
            form,
            attempt: Some(attempt.clone()),
            saved_at: 0.0,
        });
        let _ = page.stage.try_set(Stage::Sending);
        let Some(request) = body(&sent, &photos) else {
            // Cannot happen: `sent` names exactly the photos chosen.
            let _ = page.stage.try_set(Stage::Editing);
            return;
        };
        match api::submit_complaint(request, attempt.key.clone()).await {
            Ok(submission) => return finish(page, submission, false),
            Err(e) if e.code == Some(ErrorCode::IdempotencyKeyReused) => {
                // Another body sent under this key was stored: this one certainly was not. Send
                // the earlier ones again, newest first, until the stored one answers.
                attempt.sent.retain(|x| *x != sent);
                let _ = page.attempt.try_set(Some(attempt.clone()));
                let mut last = e;
                for earlier in attempt.sent.clone().into_iter().rev() {
                    let Some(request) = body(&earlier, &photos) else {
                        continue;
                    };
                    match api::submit_complaint(request, attempt.key.clone()).await {
                        Ok(submission) => return finish(page, submission, true),
                        Err(e) if e.code == Some(ErrorCode::IdempotencyKeyReused) => {
                            attempt.sent.retain(|x| *x != earlier);
                            let _ = page.attempt.try_set(Some(attempt.clone()));
                            last = e;
                        }
                        Err(e) => {
                            last = e;
                            break;
                        }
                    }
                }
                // Not recoverable now (its photos are no longer chosen, or no answer came): the
                // key stays, so the citizen can add those photos again and retry, or choose to
                // send what is on the form as a new submission.
                return fail(last);
            }
            Err(e) => {
                if !e.outcome_unknown() {
                    // A definite answer: this body was not stored. The key stays.
                    attempt.sent.retain(|x| *x != sent);
                    let _ = page.attempt.try_set(Some(attempt.clone()));
                }
                if e.code == Some(ErrorCode::ChallengeFailed) && !renewed {
                    renewed = true;
                    continue;
                }
                return fail(e);
            }
        }
    }
}

/// The submission is stored: keep its receipt, empty the form and show the receipt.
fn finish(page: FormState, submission: Submission, recovered: bool) {
    draft::keep_receipt(&submission);
    if page.form.try_get_untracked().is_none() {
        // The page is gone; the receipt is kept for the tracking page, the draft goes.
        draft::clear();
        return;
    }
    page.reset(true);
    draft::clear();
    page.earlier.set(draft::receipts().len());
    page.recovered.set(recovered);
    page.stage.set(Stage::Done(Box::new(submission)));
    focus_soon("receipt-heading");
}

/// The note that a draft was brought back, with a way to start afresh; and how many submissions
/// this device keeps.
#[component]
fn Restored(page: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let earlier = move || {
        let count = page.earlier.get();
        (count > 0).then(|| {
            view! {
                <p class="hint">
                    {move || i18n::format(i18n.lang(), Key::ComplainEarlier, &[("count", &count.to_string())])}
                    " "
                    <A href=AppRoute::Track(None).href()>{i18n.t(Key::TrackTitle)}</A>
                </p>
            }
        })
    };
    view! {
        {earlier}
        {move || {
            page.restored_at
                .get()
                .map(|at| {
                    let when = local_time(at);
                    view! {
                        <div class="notice draft-notice" role="status">
                            <p>{move || i18n::format(i18n.lang(), Key::ComplainRestored, &[("time", &when)])}</p>
                            <p class="hint">{i18n.t(Key::ComplainPhotosNotKept)}</p>
                            <button
                                type="button"
                                class="button button-secondary"
                                disabled=move || page.busy()
                                on:click=move |_| {
                                    page.reset(false);
                                    focus_soon("c-kind-tip");
                                }
                            >
                                {i18n.t(Key::ComplainStartOver)}
                            </button>
                        </div>
                    }
                })
        }}
    }
}

/// Milliseconds since the epoch as local `YYYY-MM-DD HH:MM`.
fn local_time(ms: f64) -> String {
    let d = web_sys::js_sys::Date::new(&ms.into());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Every mistake in one list at the top, as it was when the submit was tried (it takes the focus
/// then; it does not change, and so is not re-read, while the citizen fixes them), each a link to
/// its field.
#[component]
fn Summary(summary: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div
            id="c-summary"
            class="error-summary"
            tabindex="-1"
            aria-labelledby="c-summary-heading"
            hidden=move || summary.with(Vec::is_empty)
        >
            {move || {
                let problems = summary.get();
                (!problems.is_empty())
                    .then(|| {
                        let count = problems.len().to_string();
                        view! {
                            <h2 id="c-summary-heading">
                                {move || i18n::format(i18n.lang(), Key::ComplainSummary, &[("count", &count)])}
                            </h2>
                            <ul>
                                {problems
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <li>
                                                <a
                                                    href=format!("#{}", focus_targets(e.field)[0])
                                                    on:click=move |ev| {
                                                        ev.prevent_default();
                                                        focus_field(e.field);
                                                    }
                                                >
                                                    {move || i18n::problem(i18n.lang(), e)}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn KindField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let options = vec![
        (
            ComplaintKind::Tip,
            "c-kind-tip",
            Key::ComplainKindTip,
            Key::ComplainKindTipHint,
        ),
        (
            ComplaintKind::Conduct,
            "c-kind-conduct",
            Key::ComplainKindConduct,
            Key::ComplainKindConductHint,
        ),
    ];
    radio_group(
        form,
        checks,
        (Field::Kind, "kind", Key::ComplainKind),
        options,
        |f| f.kind,
        |f, k| f.kind = Some(k),
    )
}

/// A fieldset of radio buttons, each with its explanation, for one field of the form.
fn radio_group<T: Copy + PartialEq + Send + Sync + 'static>(
    form: RwSignal<ComplaintForm>,
    checks: Checks,
    (field, name, legend): (Field, &'static str, Key),
    options: Vec<(T, &'static str, Key, Key)>,
    get: fn(&ComplaintForm) -> Option<T>,
    set: fn(&mut ComplaintForm, T),
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("c-{name}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="field choice" aria-describedby=described_by aria-invalid=checks.invalid(field)>
            <legend>{i18n.t(legend)}</legend>
            <p id=error_id class="field-error">
                {move || checks.first(field).map(|e| i18n::problem(i18n.lang(), e))}
            </p>
            {options
                .into_iter()
                .map(|(value, id, label, hint)| {
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="choice-row">
                            <input
                                type="radio"
                                id=id
                                name=name
                                aria-describedby=hint_id.clone()
                                prop:checked=move || form.with(|f| get(f) == Some(value))
                                on:change=move |_| form.update(|f| set(f, value))
                            />
                            <label for=id>{i18n.t(label)}</label>
                            <p id=hint_id class="hint">{i18n.t(hint)}</p>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn PlaceFields(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let districts = LocalResource::new(api::districts);
    let district_code = Memo::new(move |_| form.with(|f| f.district.clone()));
    let district = LocalResource::new(move || {
        let code = district_code.get();
        async move {
            if code.is_empty() {
                Ok(None)
            } else {
                api::district(code).await.map(Some)
            }
        }
    });
    let district_options = move || {
        let current = district_code.get();
        districts
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                let code = d.code.to_string();
                let selected = current == code;
                view! { <option value=code prop:selected=selected>{d.name.to_string()}</option> }
            })
            .collect_view()
    };
    let locality = Memo::new(move |_| form.with(|f| f.locality.clone()));
    let locality_options = move || {
        let current = locality.get();
        district.get().and_then(Result::ok).flatten().map(|d| {
            d.localities()
                .map(|l| {
                    let id = l.id.to_string();
                    let selected = current == id;
                    view! { <option value=id prop:selected=selected>{l.name.to_string()}</option> }
                })
                .collect_view()
        })
    };
    let demo = move || {
        district
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|d| view! { <DemoBadge demo=d.district.demo /> })
    };
    view! {
        <fieldset class="field-group">
            <legend>{i18n.t(Key::ComplainWhere)}</legend>
            <div class="field">
                <label for="c-district">{i18n.t(Key::WhoDistrict)} " " {demo}</label>
                <select
                    id="c-district"
                    aria-invalid=checks.invalid(Field::District)
                    aria-describedby="c-district-error"
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        form.update(|f| {
                            if f.district != code {
                                f.district = code;
                                f.locality.clear();
                                f.matter.clear();
                            }
                        })
                    }
                >
                    <option value="" prop:selected=move || district_code.with(String::is_empty)>
                        {i18n.t(Key::WhoPickDistrict)}
                    </option>
                    {district_options}
                </select>
                <Mistake checks field=Field::District id="c-district-error" />
            </div>
            <div class="field">
                <label for="c-locality">{i18n.t(Key::ComplainLocality)}</label>
                <select
                    id="c-locality"
                    disabled=move || district_code.with(String::is_empty)
                    aria-invalid=checks.invalid(Field::Locality)
                    aria-describedby="c-locality-error"
                    on:change=move |ev| form.update(|f| f.locality = event_target_value(&ev))
                >
                    <option value="" prop:selected=move || form.with(|f| f.locality.is_empty())>
                        {i18n.t(Key::WhoPickLocality)}
                    </option>
                    {locality_options}
                </select>
                <Mistake checks field=Field::Locality id="c-locality-error" />
            </div>
            <div class="field">
                <label for="c-address">{i18n.t(Key::ComplainAddress)}</label>
                <input
                    id="c-address"
                    type="text"
                    autocomplete="off"
                    maxlength=ADDRESS_MAX.to_string()
                    aria-invalid=checks.invalid(Field::Address)
                    aria-describedby="c-address-hint c-address-error"
                    prop:value=move || form.with(|f| f.address.clone())
                    on:input=move |ev| form.update(|f| f.address = event_target_value(&ev))
                />
                <p id="c-address-hint" class="hint">{i18n.t(Key::ComplainAddressHint)}</p>
                <Mistake checks field=Field::Address id="c-address-error" />
            </div>
            <LocationField form checks />
        </fieldset>
    }
}

/// Why the browser gave no position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unlocated {
    Denied,
    Unavailable,
}

/// The browser's position once (WGS 84) and its accuracy in metres.
async fn locate() -> Result<(GeoPoint, f64), Unlocated> {
    let geo = window()
        .navigator()
        .geolocation()
        .map_err(|_| Unlocated::Unavailable)?;
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(20_000);
        options.set_maximum_age(60_000);
        if geo
            .get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options)
            .is_err()
        {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    // GeolocationPosition is unstable in web-sys: read its plain fields.
    let number = |v: &wasm_bindgen::JsValue, key: &str| {
        web_sys::js_sys::Reflect::get(v, &key.into())
            .ok()
            .and_then(|x| x.as_f64())
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(position) => {
            let coords = web_sys::js_sys::Reflect::get(&position, &"coords".into())
                .map_err(|_| Unlocated::Unavailable)?;
            match (
                number(&coords, "latitude"),
                number(&coords, "longitude"),
                number(&coords, "accuracy"),
            ) {
                (Some(latitude), Some(longitude), accuracy) => Ok((
                    GeoPoint {
                        latitude,
                        longitude,
                    },
                    accuracy.unwrap_or(0.0),
                )),
                _ => Err(Unlocated::Unavailable),
            }
        }
        // GeolocationPositionError.PERMISSION_DENIED
        Err(e) if number(&e, "code") == Some(1.0) => Err(Unlocated::Denied),
        Err(_) => Err(Unlocated::Unavailable),
    }
}

/// "Use my location": offered where the browser has geolocation; the point replaces nothing typed.
#[component]
fn LocationField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let supported = web_sys::js_sys::Reflect::has(&window().navigator(), &"geolocation".into())
        .unwrap_or(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Unlocated>);
    let accuracy = RwSignal::new(None::<f64>);
    let find = move |_| {
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            match locate().await {
                Ok((point, metres)) => {
                    form.update(|f| f.location = Some(point));
                    let _ = accuracy.try_set(Some(metres));
                }
                Err(e) => {
                    let _ = problem.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let location = Memo::new(move |_| form.with(|f| f.location));
    let shown = move || {
        location.get().map(|p| {
            let lat = format!("{:.5}", p.latitude);
            let lon = format!("{:.5}", p.longitude);
            let metres = accuracy.get().map(|m| format!("{m:.0}"));
            move || {
                let mut s = i18n::format(
                    i18n.lang(),
                    Key::ComplainLocation,
                    &[("lat", &lat), ("lon", &lon)],
                );
                if let Some(m) = &metres {
                    s.push(' ');
                    s.push_str(&i18n::format(
                        i18n.lang(),
                        Key::ComplainAccuracy,
                        &[("metres", m)],
                    ));
                }
                s
            }
        })
    };
    view! {
        <div class="field location">
            {move || match shown() {
                Some(text) => {
                    view! {
                        <p class="location-point">{text}</p>
                        <button
                            type="button"
                            id="c-location-clear"
                            class="button button-secondary"
                            aria-describedby="c-location-error"
                            on:click=move |_| {
                                form.update(|f| f.location = None);
                                accuracy.set(None);
                                focus_soon("c-locate");
                            }
                        >
                            {i18n.t(Key::ComplainLocationClear)}
                        </button>
                    }
                        .into_any()
                }
                None if supported => {
                    view! {
                        <button
                            type="button"
                            id="c-locate"
                            class="button button-secondary"
                            disabled=move || busy.get()
                            aria-describedby="c-locate-hint"
                            on:click=find
                        >
                            {move || i18n.tr(if busy.get() { Key::ComplainLocating } else { Key::ComplainLocate })}
                        </button>
                        <p id="c-locate-hint" class="hint">{i18n.t(Key::ComplainLocateHint)}</p>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
            <p class="field-error" role="status">
                {move || {
                    problem
                        .get()
                        .map(|p| {
                            i18n.tr(match p {
                                Unlocated::Denied => Key::ComplainLocateDenied,
                                Unlocated::Unavailable => Key::ComplainLocateFailed,
                            })
                        })
                }}
            </p>
            <Mistake checks field=Field::Location id="c-location-error" />
        </div>
    }
}

#[component]
fn WhenField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let today = today();
    let earliest = today - time::Duration::days(gongshi_domain::complaint::LOOKBACK_DAYS);
    view! {
        <div class="field">
            <label for="c-happened">{i18n.t(Key::ComplainWhen)}</label>
            <input
                id="c-happened"
                type="date"
                max=today.to_string()
                min=earliest.to_string()
                aria-invalid=checks.invalid(Field::HappenedOn)
                aria-describedby="c-happened-error"
                prop:value=move || form.with(|f| f.happened_on.clone())
                on:input=move |ev| form.update(|f| f.happened_on = event_target_value(&ev))
                on:change=move |ev| form.update(|f| f.happened_on = event_target_value(&ev))
            />
            <Mistake checks field=Field::HappenedOn id="c-happened-error" />
        </div>
    }
}

/// What: a matter from the catalog in plain words, or a category when no matter fits.
#[component]
fn WhatField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let district = Memo::new(move |_| form.with(|f| f.district.clone()));
    let chosen = Memo::new(move |_| form.with(|f| f.matter.clone()));
    let suggestions = LocalResource::new(move || {
        let q = query.get();
        let district = district.get();
        let none_chosen = chosen.with(String::is_empty);
        async move {
            if q.trim().is_empty() || !none_chosen {
                return Ok(None);
            }
            api::matters(vec![
                ("q", Some(q)),
                ("district", Some(district).filter(|d| !d.is_empty())),
                ("limit", Some(SUGGESTIONS.to_owned())),
            ])
            .await
            .map(Some)
        }
    });
    let chosen_view = LocalResource::new(move || {
        let code = chosen.get();
        async move {
            if code.is_empty() {
                Ok(None)
            } else {
                api::matter(code, None).await.map(Some)
            }
        }
    });
    let conduct = move || form.with(|f| f.kind == Some(ComplaintKind::Conduct));
    let pick = move |m: MatterCode| {
        form.update(|f| {
            f.matter = m.to_string();
            f.domain = None;
        });
        typed.set(String::new());
        query.set(String::new());
        focus_soon("c-matter-change");
    };
    let domain = Memo::new(move |_| form.with(|f| f.domain));
    let domain_options = move || {
        let lang = i18n.lang();
        let current = domain.get();
        Domain::ALL
            .into_iter()
            .map(|d| {
                let value = crate::components::list::spelling(&d);
                view! {
                    <option value=value prop:selected=current == Some(d)>
                        {i18n::text(lang, i18n::domain(d))}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="field-group" aria-describedby="c-matter-error">
            <legend>{move || i18n.tr(if conduct() { Key::ComplainWhatOptional } else { Key::ComplainWhat })}</legend>
            <Mistake checks field=Field::Matter id="c-matter-error" />
            {move || {
                if chosen.with(String::is_empty) {
                    view! {
                        <div class="field">
                            <label for="c-matter-q">{i18n.t(Key::ComplainMatterSearch)}</label>
                            <input
                                id="c-matter-q"
                                type="search"
                                autocomplete="off"
                                maxlength="50"
                                placeholder=i18n.t(Key::WhoMatterPlaceholder)
                                aria-invalid=checks.invalid(Field::Matter)
                                prop:value=move || typed.get()
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    typed.set(v.clone());
                                    if !is_composing(&ev) {
                                        query.set(v);
                                    }
                                }
                                on:compositionend=move |ev| query.set(event_target_value(&ev))
                            />
                            <Suggestions data=suggestions pick />
                        </div>
                        <div class="field">
                            <label for="c-domain">{i18n.t(Key::ComplainDomain)}</label>
                            <select
                                id="c-domain"
                                aria-describedby="c-domain-hint"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    let d: Option<Domain> = serde_json::from_value(serde_json::Value::String(v)).ok();
                                    form.update(|f| f.domain = d);
                                }
                            >
                                <option value="" prop:selected=move || form.with(|f| f.domain.is_none())>
                                    {i18n.t(Key::ComplainDomainNone)}
                                </option>
                                {domain_options}
                            </select>
                            <p id="c-domain-hint" class="hint">{i18n.t(Key::ComplainDomainHint)}</p>
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="field">
                            <p class="chosen-matter">
                                {move || match chosen_view.get() {
                                    Some(Ok(Some(v))) => {
                                        view! {
                                            <strong>{v.matter.name.to_string()}</strong>
                                            " "
                                            <span class="code">{v.matter.code.to_string()}</span>
                                        }
                                            .into_any()
                                    }
                                    Some(Err(_)) => view! { <span class="code">{chosen.get()}</span> }.into_any(),
                                    _ => view! { <span class="muted">{i18n.t(Key::Loading)}</span> }.into_any(),
                                }}
                            </p>
                            <button
                                type="button"
                                id="c-matter-change"
                                class="button button-secondary"
                                on:click=move |_| {
                                    form.update(|f| f.matter.clear());
                                    focus_soon("c-matter-q");
                                }
                            >
                                {i18n.t(Key::WhoChangeMatter)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </fieldset>
    }
}

#[component]
fn Suggestions(
    data: LocalResource<Result<Option<Page<Matter>>, ApiError>>,
    pick: impl Fn(MatterCode) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = move |page: Page<Matter>| {
        crate::components::list::matter_suggestions(page, "c-matches", pick)
    };
    view! {
        <div aria-live="polite">
            <Transition fallback=|| view! { <Skeleton lines=2 /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(page)) => list(page),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="field-error">{i18n.tr(i18n::error_code(e.code))}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The officer's certificate number, looked up on the roster as it is typed.
#[component]
fn OfficerField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let number = Memo::new(move |_| {
        form.with(|f| {
            CertificateNumber::parse(f.officer.trim())
                .ok()
                .map(|n| n.to_string())
        })
    });
    let holder = LocalResource::new(move || {
        let n = number.get();
        async move {
            match n {
                Some(n) => api::certificate(n).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let found = move || {
        holder.get().map(|r| match r {
            Ok(Some(o)) => {
                let status = i18n::status_kind(o.status.kind());
                view! {
                    <p class="officer-found">
                        {i18n.t(Key::ComplainOfficerFound)} " "
                        <strong>{o.name.to_string()}</strong> " · "
                        <span class=format!("status-badge status-{}", crate::components::list::spelling(&o.status.kind()))>{i18n.t(status)}</span>
                        " · " {crate::pages::officer::unit_name(&o.unit)}
                    </p>
                }
                    .into_any()
            }
            Ok(None) => ().into_any(),
            Err(ApiError { code: Some(ErrorCode::NotFound), .. }) => {
                view! { <p class="field-error">{i18n.t(Key::ComplainOfficerUnknown)}</p> }.into_any()
            }
            Err(e) => view! { <p class="hint">{i18n.tr(i18n::error_code(e.code))}</p> }.into_any(),
        })
    };
    view! {
        <div class="field">
            <label for="c-officer">{i18n.t(Key::ComplainOfficer)}</label>
            <input
                id="c-officer"
                type="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                maxlength="40"
                aria-invalid=checks.invalid(Field::Officer)
                aria-describedby="c-officer-hint c-officer-error c-officer-check"
                prop:value=move || form.with(|f| f.officer.clone())
                on:input=move |ev| form.update(|f| f.officer = event_target_value(&ev))
            />
            <p id="c-officer-hint" class="hint">{i18n.t(Key::ComplainOfficerHint)}</p>
            <Mistake checks field=Field::Officer id="c-officer-error" />
            <div id="c-officer-check" aria-live="polite">{found}</div>
        </div>
    }
}

#[component]
fn DescriptionField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| form.with(|f| f.description.trim().chars().count()));
    let found = Memo::new(move |_| form.with(|f| personal_data(&f.description)));
    let counter = move || {
        i18n::format(
            i18n.lang(),
            Key::ComplainCount,
            &[
                ("count", &count.get().to_string()),
                ("max", &DESCRIPTION_MAX.to_string()),
            ],
        )
    };
    let warning = move || {
        let kinds = found.get();
        (!kinds.is_empty()).then(|| {
            let lang = i18n.lang();
            let names: Vec<&str> = kinds
                .iter()
                .map(|k| {
                    i18n::text(
                        lang,
                        match k {
                            PersonalData::IdNumber => Key::ComplainPiiId,
                            PersonalData::Phone => Key::ComplainPiiPhone,
                            PersonalData::BankAccount => Key::ComplainPiiBank,
                        },
                    )
                })
                .collect();
            view! {
                <p class="warning">
                    {i18n::format(lang, Key::ComplainPiiWarning, &[("kinds", &names.join(i18n::list_separator(lang)))])}
                </p>
            }
        })
    };
    view! {
        <div class="field">
            <label for="c-description">{i18n.t(Key::ComplainDescription)}</label>
            <textarea
                id="c-description"
                rows="6"
                aria-invalid=checks.invalid(Field::Description)
                aria-describedby="c-description-hint c-description-count c-description-error c-pii"
                prop:value=move || form.with(|f| f.description.clone())
                on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
            ></textarea>
            <p id="c-description-hint" class="hint">{i18n.t(Key::ComplainDescriptionHint)}</p>
            <p
                id="c-description-count"
                class=move || { if count.get() > DESCRIPTION_MAX { "hint over" } else { "hint" } }
            >
                {counter}
            </p>
            <Mistake checks field=Field::Description id="c-description-error" />
            <div id="c-pii" aria-live="polite">{warning}</div>
        </div>
    }
}

/// Why a chosen file was not added.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PhotoRefusal {
    TooMany,
    TooLarge(String),
    NotAPhoto(String),
    Unreadable(String),
    Again(String),
}

async fn read_photo(file: web_sys::File) -> Result<Photo, PhotoRefusal> {
    let name = file.name();
    if file.size() > PHOTO_BYTES_MAX as f64 {
        return Err(PhotoRefusal::TooLarge(name));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| PhotoRefusal::Unreadable(name.clone()))?;
    let bytes = web_sys::js_sys::Uint8Array::new(&buffer).to_vec();
    if photo_type(&bytes).is_none() {
        return Err(PhotoRefusal::NotAPhoto(name));
    }
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let preview = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
    Ok(Photo {
        name,
        bytes: Arc::new(bytes),
        sha256,
        preview,
    })
}

#[component]
fn PhotosField(photos: RwSignal<Vec<Photo>>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let refused = RwSignal::new(Vec::<PhotoRefusal>::new());
    let reading = RwSignal::new(false);
    let add = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // The same file may be chosen again after a removal.
        input.set_value("");
        refused.set(Vec::new());
        reading.set(true);
        leptos::task::spawn_local(async move {
            let mut problems = Vec::new();
            for file in files {
                let Some(count) = photos.try_with_untracked(Vec::len) else {
                    return;
                };
                if count >= PHOTOS_MAX {
                    problems.push(PhotoRefusal::TooMany);
                    break;
                }
                match read_photo(file).await {
                    Ok(p)
                        if photos
                            .try_with_untracked(|ps| ps.iter().any(|q| q.sha256 == p.sha256))
                            .unwrap_or(true) =>
                    {
                        let _ = web_sys::Url::revoke_object_url(&p.preview);
                        problems.push(PhotoRefusal::Again(p.name));
                    }
                    Ok(p) => {
                        let _ = photos.try_update(|ps| ps.push(p));
                    }
                    Err(e) => problems.push(e),
                }
            }
            let _ = refused.try_set(problems);
            let _ = reading.try_set(false);
        });
    };
    let refusal_text = move |r: &PhotoRefusal| {
        let lang = i18n.lang();
        match r {
            PhotoRefusal::TooMany => i18n::format(
                lang,
                Key::ComplainPhotosTooMany,
                &[("max", &PHOTOS_MAX.to_string())],
            ),
            PhotoRefusal::TooLarge(n) => i18n::format(
                lang,
                Key::ComplainPhotoTooLarge,
                &[
                    ("name", n),
                    ("mb", &(PHOTO_BYTES_MAX / 1024 / 1024).to_string()),
                ],
            ),
            PhotoRefusal::NotAPhoto(n) => {
                i18n::format(lang, Key::ComplainPhotoNotPhoto, &[("name", n)])
            }
            PhotoRefusal::Unreadable(n) => {
                i18n::format(lang, Key::ComplainPhotoUnreadable, &[("name", n)])
            }
            PhotoRefusal::Again(n) => i18n::format(lang, Key::ComplainPhotoAgain, &[("name", n)]),
        }
    };
    let hint = move || {
        i18n::format(
            i18n.lang(),
            Key::ComplainPhotosHint,
            &[
                ("max", &PHOTOS_MAX.to_string()),
                ("mb", &(PHOTO_BYTES_MAX / 1024 / 1024).to_string()),
            ],
        )
    };
    view! {
        <div class="field">
            <label for="c-photos">{i18n.t(Key::ComplainPhotos)}</label>
            <input
                id="c-photos"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                multiple=true
                disabled=move || { reading.get() || photos.with(Vec::len) >= PHOTOS_MAX }
                aria-invalid=checks.invalid(Field::Photos)
                aria-describedby="c-photos-hint c-photos-error c-photos-refused"
                on:change=add
            />
            <p id="c-photos-hint" class="hint">{hint} " " {i18n.t(Key::ComplainPhotosNotKept)}</p>
            <Mistake checks field=Field::Photos id="c-photos-error" />
            <div id="c-photos-refused" aria-live="polite">
                {move || reading.get().then(|| view! { <p class="hint">{i18n.t(Key::Loading)}</p> })}
                {move || {
                    refused
                        .get()
                        .iter()
                        .map(|r| view! { <p class="field-error">{refusal_text(r)}</p> })
                        .collect_view()
                }}
            </div>
            <ul class="photo-list">
                {move || {
                    photos
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let alt = i18n::format(
                                i18n.lang(),
                                Key::ComplainPhotoAlt,
                                &[("n", &(i + 1).to_string()), ("name", &p.name)],
                            );
                            let remove_label = i18n::format(i18n.lang(), Key::ComplainPhotoRemove, &[("name", &p.name)]);
                            let sha = p.sha256.clone();
                            let preview = p.preview.clone();
                            view! {
                                <li class="photo">
                                    <img src=p.preview alt=alt />
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        on:click=move |_| {
                                            let _ = web_sys::Url::revoke_object_url(&preview);
                                            photos.update(|ps| ps.retain(|q| q.sha256 != sha));
                                            focus_soon("c-photos");
                                        }
                                    >
                                        {remove_label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

#[component]
fn ContactFields(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    let tiers = vec![
        (
            Privacy::Anonymous,
            "c-privacy-anonymous",
            Key::ComplainPrivacyAnonymous,
            Key::ComplainPrivacyAnonymousHint,
        ),
        (
            Privacy::NameWithheld,
            "c-privacy-withheld",
            Key::ComplainPrivacyWithheld,
            Key::ComplainPrivacyWithheldHint,
        ),
        (
            Privacy::HandlerOnly,
            "c-privacy-handler",
            Key::ComplainPrivacyHandler,
            Key::ComplainPrivacyHandlerHint,
        ),
    ];
    let named = Memo::new(move |_| {
        form.with(|f| {
            matches!(
                f.privacy,
                Some(Privacy::NameWithheld | Privacy::HandlerOnly)
            )
        })
    });
    let text_field = move |(id, error_id): (&'static str, &'static str),
                           label: Key,
                           field: Field,
                           kind: &'static str,
                           autocomplete: &'static str,
                           get: fn(&ComplaintForm) -> String,
                           set: fn(&mut ComplaintForm, String)| {
        view! {
            <div class="field">
                <label for=id>{i18n.t(label)}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=autocomplete
                    maxlength="100"
                    aria-invalid=checks.invalid(field)
                    aria-describedby=error_id
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
                <Mistake checks field id=error_id />
            </div>
        }
    };
    view! {
        <fieldset class="field-group">
            <legend>{i18n.t(Key::ComplainContact)}</legend>
            {radio_group(
                form,
                checks,
                (Field::Privacy, "privacy", Key::ComplainPrivacy),
                tiers,
                |f| f.privacy,
                |f, p| f.privacy = Some(p),
            )}
            {move || {
                named
                    .get()
                    .then(|| {
                        view! {
                            <p class="hint">{i18n.t(Key::ComplainContactHint)}</p>
                            {text_field(("c-name", "c-name-error"), Key::ComplainName, Field::Name, "text", "name", |f| f.name.clone(), |f, v| f.name = v)}
                            {text_field(("c-phone", "c-phone-error"), Key::ComplainPhone, Field::Phone, "tel", "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
                            {text_field(("c-email", "c-email-error"), Key::ComplainEmail, Field::Email, "email", "email", |f| f.email.clone(), |f, v| f.email = v)}
                        }
                    })
            }}
        </fieldset>
    }
}

#[component]
fn ConsentField(form: RwSignal<ComplaintForm>, checks: Checks) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field consent">
            <div class="choice-row">
                <input
                    type="checkbox"
                    id="c-consent"
                    aria-invalid=checks.invalid(Field::Consent)
                    aria-describedby="c-consent-error"
                    prop:checked=move || form.with(|f| f.consent)
                    on:change=move |ev| form.update(|f| f.consent = event_target_checked(&ev))
                />
                <label for="c-consent">{i18n.t(Key::ComplainConsent)}</label>
            </div>
            <Mistake checks field=Field::Consent id="c-consent-error" />
        </div>
    }
}

/// The query of `/complaints/route` once the form says enough to route it.
fn preview_params(f: &ComplaintForm) -> Option<Vec<(&'static str, Option<String>)>> {
    let f = outgoing(f);
    let kind = f.kind?;
    if f.district.is_empty() || f.locality.is_empty() {
        return None;
    }
    if kind == ComplaintKind::Tip && f.matter.is_empty() && f.domain.is_none() {
        return None;
    }
    let officer = CertificateNumber::parse(f.officer.trim())
        .ok()
        .map(|n| n.to_string());
    let date = parse_date(&f.happened_on)
        .filter(|d| *d <= today())
        .map(|d| d.to_string());
    Some(vec![
        ("kind", Some(crate::components::list::spelling(&kind))),
        ("district", Some(f.district)),
        ("locality", Some(f.locality)),
        ("matter", Some(f.matter).filter(|m| !m.is_empty())),
        (
            "domain",
            f.domain.map(|d| crate::components::list::spelling(&d)),
        ),
        ("officer", officer),
        ("date", date),
    ])
}

/// Who will handle it and why, as soon as the form says enough.
#[component]
fn RoutePreviewCard(form: RwSignal<ComplaintForm>) -> impl IntoView {
    let i18n = use_i18n();
    let params = Memo::new(move |_| form.with(preview_params));
    let preview = LocalResource::new(move || {
        let p = params.get();
        async move {
            match p {
                Some(p) => api::complaint_route(p).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let who_link = Memo::new(move |_| {
        form.with(|f| {
            AppRoute::Who.href_with(&[
                ("district", Some(&f.district)),
                ("locality", Some(&f.locality)),
                ("matter", Some(&f.matter)),
                ("date", Some(&f.happened_on)),
            ])
        })
    });
    view! {
        <section class="card route-preview" aria-labelledby="c-route-heading">
            <h2 id="c-route-heading">{i18n.t(Key::ComplainRouteHeading)}</h2>
            // Says who will handle it when that changes (the preview reloads only then).
            <div aria-live="polite">
            <Transition fallback=|| view! { <Skeleton lines=2 /> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(None) => view! { <p class="empty">{i18n.t(Key::ComplainRoutePrompt)}</p> }.into_any(),
                        Ok(Some(p)) => view! { <RouteAnswer preview=p who=who_link.get_untracked() /> }.into_any(),
                        Err(ApiError { code: Some(ErrorCode::NotFound), .. }) => {
                            view! { <p class="field-error">{i18n.t(Key::ComplainRouteUnknown)}</p> }.into_any()
                        }
                        Err(e) => view! { <p class="field-error">{i18n.tr(i18n::error_code(e.code))}</p> }.into_any(),
                    }
                })}
            </Transition>
            </div>
        </section>
    }
}

/// A route reason as a sentence.
fn route_text(i18n: I18n, route: &RouteReason, authority: &str, earlier: u64) -> String {
    let lang = i18n.lang();
    match route {
        RouteReason::Jurisdiction { .. } => i18n::format(
            lang,
            Key::ComplainRouteJurisdiction,
            &[("authority", authority)],
        ),
        RouteReason::OfficerAuthority { officer } => i18n::format(
            lang,
            Key::ComplainRouteOfficer,
            &[("authority", authority), ("officer", officer.as_str())],
        ),
        RouteReason::PlaceAuthority { .. } => {
            i18n::format(lang, Key::ComplainRoutePlace, &[("authority", authority)])
        }
        RouteReason::Unclear => {
            i18n::format(lang, Key::ComplainRouteUnclear, &[("authority", authority)])
        }
        RouteReason::Supervised => i18n::format(
            lang,
            Key::ComplainRouteSupervised,
            &[
                ("authority", authority),
                ("count", &earlier.to_string()),
                (
                    "days",
                    &gongshi_domain::complaint::REPEAT_WINDOW_DAYS.to_string(),
                ),
            ],
        ),
    }
}

#[component]
fn RouteAnswer(preview: RoutePreview, who: String) -> impl IntoView {
    let i18n = use_i18n();
    let authority = preview.authority.name.to_string();
    let route = preview.route.clone();
    let earlier = preview.earlier;
    let because = {
        let authority = authority.clone();
        move || route_text(i18n, &route, &authority, earlier)
    };
    let jurisdiction = matches!(preview.route, RouteReason::Jurisdiction { .. });
    view! {
        <p class="route-authority" data-authority=preview.authority.id.to_string()>
            <strong>{authority}</strong>
            " "
            <span class="muted">{i18n.t(i18n::authority_kind(preview.authority.kind))}</span>
        </p>
        <p>{because}</p>
        {jurisdiction.then(|| view! { <p><A href=who>{i18n.t(Key::ComplainRouteWhy)}</A></p> })}
        {(preview.earlier > 0 && !preview.would_be_supervised)
            .then(|| {
                let count = preview.earlier.to_string();
                view! {
                    <p class="hint">
                        {move || {
                            i18n::format(
                                i18n.lang(),
                                Key::ComplainRouteEarlier,
                                &[("count", &count), ("days", &gongshi_domain::complaint::REPEAT_WINDOW_DAYS.to_string())],
                            )
                        }}
                    </p>
                }
            })}
    }
}

/// The send button, the proof-of-work progress and what went wrong.
#[component]
fn SendBar(page: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let FormState { stage, failure, .. } = page;
    let busy = move || matches!(stage.get(), Stage::Proving(_) | Stage::Sending);
    // Announced once per step, not per slice of the search.
    let step = Memo::new(move |_| match stage.get() {
        Stage::Proving(_) => Some(Key::ComplainProving),
        Stage::Sending => Some(Key::ComplainSending),
        _ => None,
    });
    let progress = move || match stage.get() {
        Stage::Proving(share) => {
            let percent = (share * 100.0).round().clamp(0.0, 100.0) as u32;
            Some(view! {
                <progress max="100" value=percent.to_string() aria-labelledby="c-step">{format!("{percent}%")}</progress>
            })
        }
        _ => None,
    };
    let failure_text = move || {
        failure.get().map(|e| {
            let lang = i18n.lang();
            match e.code {
                Some(ErrorCode::InvalidForm) => {
                    i18n::text(lang, Key::ComplainFixMistakes).to_owned()
                }
                Some(ErrorCode::RateLimited) => {
                    let minutes = e.retry_after.map_or(60, |s| s.div_ceil(60)).max(1);
                    i18n::format(
                        lang,
                        Key::ComplainRateLimited,
                        &[("minutes", &minutes.to_string())],
                    )
                }
                Some(ErrorCode::PayloadTooLarge) => {
                    i18n::text(lang, Key::ComplainTooLarge).to_owned()
                }
                Some(ErrorCode::InvalidBody) => i18n::text(lang, Key::ComplainBadPhoto).to_owned(),
                Some(ErrorCode::IdempotencyKeyReused) => {
                    i18n::text(lang, Key::ComplainKeyReused).to_owned()
                }
                Some(ErrorCode::ChallengeFailed) => {
                    i18n::text(lang, Key::ComplainChallengeFailed).to_owned()
                }
                _ if e.outcome_unknown() => i18n::text(lang, Key::ComplainNotSent).to_owned(),
                code => i18n::text(lang, i18n::error_code(code)).to_owned(),
            }
        })
    };
    view! {
        <div class="send-bar">
            <div id="c-failure" tabindex="-1" class="error-panel" role="alert" hidden=move || failure.with(Option::is_none)>
                <p>{failure_text}</p>
                {move || {
                    failure
                        .with(|f| f.as_ref().is_some_and(|e| e.code == Some(ErrorCode::IdempotencyKeyReused)))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button button-secondary"
                                    on:click=move |_| {
                                        // The citizen's choice: what is on the form goes as a new
                                        // submission, under a new key.
                                        page.attempt.set(Some(Attempt::new()));
                                        failure.set(None);
                                        focus_soon("c-submit");
                                    }
                                >
                                    {i18n.t(Key::ComplainSendAsNew)}
                                </button>
                            }
                        })
                }}
            </div>
            <div class="send-progress">
                <p id="c-step" role="status">{move || step.get().map(|k| i18n.tr(k))}</p>
                {progress}
            </div>
            <button type="submit" id="c-submit" class="button button-large" disabled=busy aria-disabled=move || busy().to_string()>
                {move || i18n.tr(if failure.with(|f| f.as_ref().is_some_and(ApiError::outcome_unknown)) { Key::ComplainRetry } else { Key::ComplainSubmit })}
            </button>
        </div>
    }
}

/// The answer: tracking code and secret (shown this once), who handles it and by when.
#[component]
fn Receipt(submission: Submission, recovered: bool, again: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let code = submission.code.to_string();
    let secret = submission.secret.clone();
    let track = AppRoute::Track(Some(submission.code.clone())).href();
    let authority = submission.authority.name.to_string();
    let route = submission.route.clone();
    let because = {
        let authority = authority.clone();
        move || route_text(i18n, &route, &authority, 0)
    };
    view! {
        <section class="receipt" aria-labelledby="receipt-heading">
            <h2 id="receipt-heading" tabindex="-1">{i18n.t(Key::ReceiptHeading)}</h2>
            {recovered.then(|| view! { <p class="notice">{i18n.t(Key::ReceiptRecovered)}</p> })}
            <p class="lead">{i18n.t(Key::ReceiptKeep)}</p>
            <dl class="facts receipt-facts">
                <dt>{i18n.t(Key::TrackCode)}</dt>
                <dd><span class="code receipt-code" id="receipt-code">{code.clone()}</span> <Copy text=code /></dd>
                <dt>{i18n.t(Key::TrackSecret)}</dt>
                <dd><span class="code receipt-secret" id="receipt-secret">{secret.clone()}</span> <Copy text=secret /></dd>
                <dt>{i18n.t(Key::WhoAuthority)}</dt>
                <dd class="receipt-authority">{authority}</dd>
                <dt>{i18n.t(Key::ComplainRouteHeading)}</dt>
                <dd>{because}</dd>
                {crate::pages::track::reply_due(submission.reply_due)}
            </dl>
            {submission.supervised.then(|| view! { <p class="notice">{i18n.t(Key::TrackSupervised)}</p> })}
            <p class="hint">{i18n.t(Key::ReceiptOnDevice)}</p>
            <p class="link-row">
                <A href=track attr:class="button">{i18n.t(Key::ReceiptTrack)}</A>
                <button type="button" class="button button-secondary" on:click=move |_| again.run(())>
                    {i18n.t(Key::ReceiptAnother)}
                </button>
            </p>
        </section>
    }
}

/// Copies `text` to the clipboard, saying so; where the browser refuses, says to copy by hand.
#[component]
pub fn Copy(text: String) -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let navigator = window().navigator();
            // Only secure pages (HTTPS, localhost) have a clipboard.
            let ok = web_sys::js_sys::Reflect::get(&navigator, &"clipboard".into())
                .is_ok_and(|c| !c.is_undefined())
                && wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(&text))
                    .await
                    .is_ok();
            let _ = done.try_set(Some(ok));
        });
    };
    view! {
        <button type="button" class="link-button" on:click=copy>{i18n.t(Key::Copy)}</button>
        <span role="status" class="hint">
            {move || done.get().map(|ok| i18n.tr(if ok { Key::Copied } else { Key::CopyFailed }))}
        </span>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn what_is_sent_drops_hidden_contact_and_a_tips_officer() {
        let typed = ComplaintForm {
            kind: Some(ComplaintKind::Tip),
            officer: "闽35060200001".into(),
            name: "王某".into(),
            phone: "13912345678".into(),
            email: "me@example.com".into(),
            privacy: Some(Privacy::Anonymous),
            description: "占道经营".into(),
            ..Default::default()
        };
        let sent = outgoing(&typed);
        assert_eq!(
            (sent.name.as_str(), sent.phone.as_str(), sent.email.as_str()),
            ("", "", "")
        );
        assert_eq!(sent.officer, "");
        assert_eq!(sent.description, typed.description);

        let named = ComplaintForm {
            kind: Some(ComplaintKind::Conduct),
            privacy: Some(Privacy::HandlerOnly),
            ..typed.clone()
        };
        assert_eq!(outgoing(&named), named, "nothing hidden, nothing dropped");
    }
}
