//! 核验执法证: type a certificate number or paste the link a scan of the card's QR code gave, and
//! see a large, unambiguous answer — valid, expired, suspended, revoked (with since and why) or not
//! found — readable at arm's length. `/check/{number}` is what the QR code opens. Where the browser
//! can detect barcodes with the camera, a scan button appears; elsewhere it does not.

use crate::api::{self, ApiError};
use crate::components::{DemoBadge, RetryPanel, Skeleton};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::officer::{StatusBlock, unit_name};
use crate::pages::use_title;
use crate::routes::AppRoute;
use gongshi_domain::api::ErrorCode;
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::officer::PublicOfficer;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The number in what was typed or pasted: a bare number, or a check link (`…/check/闽…`), which
/// may be percent-encoded and carry a query or fragment.
pub fn extract_number(
    input: &str,
) -> Result<CertificateNumber, gongshi_domain::certificate::CertificateNumberError> {
    let input = input.trim();
    let raw = match input.split_once("/check/") {
        Some((_, rest)) => {
            let rest = rest.split(['?', '#', '/']).next().unwrap_or_default();
            web_sys::js_sys::decode_uri_component(rest)
                .map(String::from)
                .unwrap_or_else(|_| rest.to_owned())
        }
        None => input.to_owned(),
    };
    CertificateNumber::parse(raw)
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || i18n.tr(Key::CheckTitle).to_owned());
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number"));
    let parsed = Memo::new(move |_| number.get().map(|n| extract_number(&n)));
    view! {
        <h1>{i18n.t(Key::CheckTitle)}</h1>
        <p class="lead">{i18n.t(Key::CheckIntro)}</p>
        {move || match parsed.get() {
            None => ().into_any(),
            Some(Err(_)) => view! { <p class="notice" role="alert">{i18n.t(Key::CheckInvalid)}</p> }.into_any(),
            Some(Ok(n)) => view! { <CheckResult number=n /> }.into_any(),
        }}
        <CheckForm initial=number.get_untracked().unwrap_or_default() />
    }
}

#[component]
fn CheckForm(initial: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let text = RwSignal::new(initial);
    let invalid = RwSignal::new(false);
    let submit = {
        let navigate = navigate.clone();
        move |value: String| match extract_number(&value) {
            Ok(n) => {
                invalid.set(false);
                navigate(&AppRoute::Check(Some(n)).href(), Default::default());
            }
            Err(_) => {
                invalid.set(true);
                crate::pages::focus_soon("check-number");
            }
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit(text.get_untracked());
        }
    };
    view! {
        <form class="check-form" on:submit=on_submit>
            <label for="check-number">{i18n.t(Key::CheckLabel)}</label>
            <div class="search-row">
                <input
                    id="check-number"
                    type="text"
                    inputmode="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    enterkeyhint="go"
                    maxlength="300"
                    placeholder=i18n.t(Key::CheckPlaceholder)
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby=move || invalid.get().then_some("check-error")
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        invalid.set(false);
                    }
                />
                <button type="submit" class="button">{i18n.t(Key::CheckSubmit)}</button>
            </div>
            {move || {
                invalid
                    .get()
                    .then(|| view! { <p id="check-error" class="field-error">{i18n.t(Key::CheckInvalid)}</p> })
            }}
            <Scanner on_found=Callback::new(move |value: String| {
                text.set(value.clone());
                submit(value);
            }) />
        </form>
    }
}

#[component]
fn CheckResult(number: CertificateNumber) -> impl IntoView {
    let i18n = use_i18n();
    let shown = number.to_string();
    let data = LocalResource::new(move || api::certificate(shown.clone()));
    let number_text = number.to_string();
    view! {
        <section class="check-result" aria-live="polite" aria-labelledby="check-result-heading">
            <h2 id="check-result-heading" class="visually-hidden" tabindex="-1">{i18n.t(Key::CheckTitle)}</h2>
            <Transition fallback=|| view! { <Skeleton lines=3 /> }>
                {move || {
                    let number_text = number_text.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(o) => holder(o).into_any(),
                            Err(ApiError { code: Some(ErrorCode::NotFound), .. }) => not_found(number_text).into_any(),
                            Err(e) => view! {
                                <RetryPanel message=i18n::error_code(e.code) on_retry=Callback::new(move |_| data.refetch()) />
                            }
                                .into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

fn holder(o: PublicOfficer) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = o.as_of.to_string();
    let as_of = move || i18n::format(i18n.lang(), Key::CheckAsOf, &[("date", &as_of)]);
    view! {
        <div class="check-answer">
            <StatusBlock status=o.status.clone() />
            <dl class="facts check-facts">
                <dt>{i18n.t(Key::CheckHolder)}</dt>
                <dd class="holder-name">{o.name.to_string()} " " <DemoBadge demo=o.district.demo /></dd>
                <dt>{i18n.t(Key::ColCertificate)}</dt>
                <dd class="code">{o.certificate.to_string()}</dd>
                <dt>{i18n.t(Key::OfficerUnit)}</dt>
                <dd>{unit_name(&o.unit)}</dd>
                <dt>{i18n.t(Key::OfficerArea)}</dt>
                <dd>{o.area.to_string()}</dd>
            </dl>
            <p class="hint">{as_of}</p>
            <p><A href=AppRoute::Officer(o.certificate.clone()).href()>{i18n.t(Key::CheckOpenOfficer)}</A></p>
        </div>
    }
}

fn not_found(number: String) -> impl IntoView {
    let i18n = use_i18n();
    let detail = move || {
        i18n::format(
            i18n.lang(),
            Key::CheckNotFoundDetail,
            &[("number", &number)],
        )
    };
    view! {
        <div class="status-block status-not-found" data-status="not_found">
            <span class="status-symbol" aria-hidden="true">"?"</span>
            <div>
                <p class="status-word">{i18n.t(Key::CheckNotFound)}</p>
                <p class="status-detail">{detail}</p>
            </div>
        </div>
    }
}

#[wasm_bindgen]
extern "C" {
    /// The Barcode Detection API, where the browser has it.
    type BarcodeDetector;
    #[wasm_bindgen(constructor, catch)]
    fn new(options: &JsValue) -> Result<BarcodeDetector, JsValue>;
    #[wasm_bindgen(method)]
    fn detect(
        this: &BarcodeDetector,
        source: &web_sys::HtmlVideoElement,
    ) -> web_sys::js_sys::Promise;
}

/// Whether this browser can scan: the Barcode Detection API and a camera API.
fn can_scan() -> bool {
    let window = window();
    web_sys::js_sys::Reflect::has(&window, &JsValue::from_str("BarcodeDetector")).unwrap_or(false)
        && window.navigator().media_devices().is_ok()
}

/// The camera scanner, offered only where [`can_scan`]: shows the camera, reads QR codes until one
/// is found or scanning is stopped, then hands the text to `on_found`.
#[component]
fn Scanner(on_found: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    if !can_scan() {
        return ().into_any();
    }
    let scanning = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let video = NodeRef::<leptos::html::Video>::new();
    // Stops a stream's camera tracks.
    fn release(stream: &web_sys::MediaStream) {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
    }
    // Stop (the button, or leaving the page): the scanning task sees it and lets the camera go;
    // a stream already showing is released at once.
    let stop = move || {
        let _ = scanning.try_set(false);
        if let Some(v) = video.get_untracked()
            && let Some(stream) = v.src_object()
        {
            release(&stream);
            v.set_src_object(None);
        }
    };
    let start = move |_| {
        let Some(v) = video.get_untracked() else {
            return;
        };
        failed.set(false);
        scanning.set(true);
        // False once stopped, and once the page is gone (its signals disposed).
        let go_on = move || scanning.try_get_untracked().unwrap_or(false);
        let shown = v.clone();
        leptos::task::spawn_local(async move {
            let result: Result<(), JsValue> = async {
                let devices = window().navigator().media_devices()?;
                let constraints = web_sys::MediaStreamConstraints::new();
                let video_wants = web_sys::js_sys::Object::new();
                web_sys::js_sys::Reflect::set(
                    &video_wants,
                    &"facingMode".into(),
                    &"environment".into(),
                )?;
                constraints.set_video(&video_wants);
                let stream: web_sys::MediaStream = wasm_bindgen_futures::JsFuture::from(
                    devices.get_user_media_with_constraints(&constraints)?,
                )
                .await?
                .dyn_into()?;
                // Stopped while the browser was asking for the camera: let it go unused.
                if !go_on() {
                    release(&stream);
                    return Ok(());
                }
                v.set_src_object(Some(&stream));
                let _ = v.play();
                let options = web_sys::js_sys::Object::new();
                let formats = web_sys::js_sys::Array::of1(&"qr_code".into());
                web_sys::js_sys::Reflect::set(&options, &"formats".into(), &formats)?;
                let detector = BarcodeDetector::new(&options)?;
                let mut found_text = None;
                while go_on() && found_text.is_none() {
                    if let Ok(found) =
                        wasm_bindgen_futures::JsFuture::from(detector.detect(&v)).await
                    {
                        let codes: web_sys::js_sys::Array = found.unchecked_into();
                        if let Some(first) = codes.iter().next() {
                            found_text = web_sys::js_sys::Reflect::get(&first, &"rawValue".into())?
                                .as_string();
                        }
                    }
                    if found_text.is_none() {
                        crate::pages::sleep(300).await;
                    }
                }
                release(&stream);
                v.set_src_object(None);
                if let Some(text) = found_text.filter(|_| go_on()) {
                    let _ = scanning.try_set(false);
                    on_found.try_run(text);
                }
                Ok(())
            }
            .await;
            if result.is_err() {
                if let Some(stream) = shown.src_object() {
                    release(&stream);
                    shown.set_src_object(None);
                }
                let _ = scanning.try_set(false);
                let _ = failed.try_set(true);
            }
        });
    };
    on_cleanup(stop);
    view! {
        <div class="scanner">
            {move || {
                if scanning.get() {
                    view! {
                        <button type="button" class="button button-secondary" on:click=move |_| stop()>
                            {i18n.t(Key::CheckScanStop)}
                        </button>
                        <p class="hint">{i18n.t(Key::CheckScanHint)}</p>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" class="button button-secondary" on:click=start>
                            {i18n.t(Key::CheckScan)}
                        </button>
                    }
                        .into_any()
                }
            }}
            <video node_ref=video class="scanner-video" playsinline=true muted=true hidden=move || !scanning.get()></video>
            {move || failed.get().then(|| view! { <p class="field-error" role="alert">{i18n.t(Key::CheckScanFailed)}</p> })}
        </div>
    }
    .into_any()
}
