//! An officer's public record: the certificate's status, validity, unit, categories and
//! secondments, where and what they may enforce today (each count opening the catalog), and the QR
//! code that opens this certificate's check page, with a printable card.

use crate::api;
use crate::components::list::spelling;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_page_title;
use crate::routes::AppRoute;
use gongshi_domain::AuthorityKind;
use gongshi_domain::certificate::{CertificateNumber, CertificateStatus};
use gongshi_domain::officer::{
    OfficerView, PostingView, Power, PublicOfficer, SecondmentView, UnitView, Via,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OfficerPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("certificate").unwrap_or_default();
    view! { <DataView fetch=move || api::officer(number(), None) render=officer /> }
}

/// The status as a large, unambiguous block: a symbol and a word (never colour alone), with the
/// dates and the reason.
#[component]
pub fn StatusBlock(status: CertificateStatus) -> impl IntoView {
    let i18n = use_i18n();
    let kind = status.kind();
    let (symbol, class) = match &status {
        CertificateStatus::Valid { .. } => ("✓", "status-valid"),
        CertificateStatus::Expired { .. } | CertificateStatus::NotIssued => ("!", "status-expired"),
        CertificateStatus::Suspended { .. } => ("!", "status-suspended"),
        CertificateStatus::Revoked { .. } => ("✕", "status-revoked"),
    };
    let detail = move || {
        let lang = i18n.lang();
        let since = |d: String| i18n::format(lang, Key::StatusSince, &[("date", &d)]);
        let reason = |r: &Option<gongshi_domain::Text>| {
            r.as_ref()
                .map(|r| i18n::format(lang, Key::StatusReason, &[("reason", r.as_str())]))
        };
        match &status {
            CertificateStatus::Valid { until, .. } => vec![i18n::format(
                lang,
                Key::StatusValidUntil,
                &[("date", &until.to_string())],
            )],
            CertificateStatus::Expired { since: s } => vec![since(s.to_string())],
            CertificateStatus::Suspended {
                since: s,
                reason: r,
            }
            | CertificateStatus::Revoked {
                since: s,
                reason: r,
            } => std::iter::once(since(s.to_string()))
                .chain(reason(r))
                .collect(),
            CertificateStatus::NotIssued => Vec::new(),
        }
    };
    view! {
        <div class=format!("status-block {class}") data-status=spelling(&kind)>
            <span class="status-symbol" aria-hidden="true">{symbol}</span>
            <div>
                <p class="status-word">{i18n.t(i18n::status_kind(kind))}</p>
                {move || detail().into_iter().map(|line| view! { <p class="status-detail">{line}</p> }).collect_view()}
            </div>
        </div>
    }
}

/// The unit's name as the public knows it.
pub fn unit_name(unit: &UnitView) -> String {
    match unit {
        UnitView::Team { team, .. } => team.name.to_string(),
        UnitView::Department { department } => department.name.to_string(),
    }
}

fn unit_view(unit: UnitView) -> impl IntoView {
    match unit {
        UnitView::Team {
            team,
            locality: Some(l),
        } => view! { <A href=AppRoute::Locality(l.id.clone()).href()>{team.name.to_string()}</A> }
            .into_any(),
        other => unit_name(&other).into_any(),
    }
}

/// "南坑街道，自 2022-07-01 起" with the place linked.
pub fn secondment_line(s: SecondmentView) -> impl IntoView {
    let i18n = use_i18n();
    let (href, place) = match &s.to {
        PostingView::Locality { locality } => (
            AppRoute::Locality(locality.id.clone()).href(),
            locality.name.to_string(),
        ),
        PostingView::Zone { zone } => (
            AppRoute::Zone(zone.id.clone()).href(),
            zone.name.to_string(),
        ),
    };
    let dates = move || {
        let lang = i18n.lang();
        let text = match s.until {
            Some(until) => i18n::format(
                lang,
                Key::OfficerSecondmentRange,
                &[
                    ("place", "\u{1}"),
                    ("from", &s.from.to_string()),
                    ("until", &until.to_string()),
                ],
            ),
            None => i18n::format(
                lang,
                Key::OfficerSecondmentOpen,
                &[("place", "\u{1}"), ("from", &s.from.to_string())],
            ),
        };
        text.split_once('\u{1}')
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .unwrap_or_default()
    };
    view! {
        <li>
            {move || dates().0}
            <A href=href.clone()>{place.clone()}</A>
            {move || dates().1}
        </li>
    }
}

/// The check page's absolute URL for a number: what the QR code encodes.
pub fn check_url(number: &CertificateNumber) -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}{}", AppRoute::Check(Some(number.clone())).href())
}

/// The QR code of `url` as inline SVG (drawn by the `qrcode` crate), labelled for screen readers.
#[component]
pub fn QrCode(url: String, label: String) -> impl IntoView {
    let svg = qrcode::QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(180, 180)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    // The renderer starts with an XML declaration, which HTML does not want.
    let svg = svg
        .find("<svg")
        .map(|i| svg[i..].to_owned())
        .unwrap_or_default();
    view! { <div class="qr" role="img" aria-label=label inner_html=svg></div> }
}

fn officer(view: OfficerView) -> impl IntoView {
    let i18n = use_i18n();
    let o = view.officer;
    let name = o.name.to_string();
    use_page_title(&name);
    let url = check_url(&o.certificate);

    // The link as people read it: the number unencoded.
    let shown_url = web_sys::js_sys::decode_uri(&url)
        .map(String::from)
        .unwrap_or_else(|_| url.clone());
    let qr_label = {
        let shown_url = shown_url.clone();
        move || i18n::format(i18n.lang(), Key::OfficerQrHint, &[("url", &shown_url)])
    };
    let qr_label_text = i18n::format(i18n.lang(), Key::OfficerQrHint, &[("url", &shown_url)]);
    let as_of = o.as_of.to_string();
    let powers_intro = {
        let as_of = as_of.clone();
        move || i18n::format(i18n.lang(), Key::OfficerPowersIntro, &[("date", &as_of)])
    };
    let valid = o.status.is_valid();
    let district = o.district.code.to_string();
    let powers = view.powers;
    view! {
        <nav class="breadcrumb no-print" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=AppRoute::Officers.href()>{i18n.t(Key::RosterTitle)}</A></li>
                <li aria-current="page">{name.clone()}</li>
            </ol>
        </nav>
        <article class="officer-card">
            <p class="card-heading print-only">{i18n.t(Key::OfficerCardHeading)}</p>
            <h1>{name.clone()} " " <DemoBadge demo=o.district.demo /></h1>
            <StatusBlock status=o.status.clone() />
            <div class="card-body">
                <dl class="facts">
                    <dt>{i18n.t(Key::ColCertificate)}</dt>
                    <dd class="code">{o.certificate.to_string()}</dd>
                    <dt>{i18n.t(Key::OfficerUnit)}</dt>
                    <dd>{unit_view(o.unit.clone())}</dd>
                    <dt>{i18n.t(Key::OfficerCategories)}</dt>
                    <dd>
                        <ul class="chips plain">
                            {o.categories
                                .iter()
                                .map(|d| view! { <li class="badge">{i18n.t(i18n::domain(*d))}</li> })
                                .collect_view()}
                        </ul>
                    </dd>
                    <dt>{i18n.t(Key::OfficerArea)}</dt>
                    <dd>{o.area.to_string()}</dd>
                    <dt>{i18n.t(Key::OfficerValidity)}</dt>
                    <dd>
                        {o.validity.map(|v| {
                            move || i18n::format(
                                i18n.lang(),
                                Key::OfficerValidityRange,
                                &[("from", &v.from.to_string()), ("until", &v.until.to_string())],
                            )
                        })}
                    </dd>
                    <dt>{i18n.t(Key::OfficerIssuer)}</dt>
                    <dd>{o.issuer.to_string()}</dd>
                    <dt>{i18n.t(Key::OfficerSecondments)}</dt>
                    <dd>
                        {if o.secondments.is_empty() {
                            view! { {i18n.t(Key::OfficerNotSeconded)} }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {o.secondments.clone().into_iter().map(secondment_line).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </dd>
                </dl>
                <figure class="qr-figure">
                    <QrCode url=url.clone() label=qr_label_text />
                    <figcaption>
                        <span class="no-print">{i18n.t(Key::OfficerQr)}</span>
                        <a class="qr-url" href=url.clone() aria-label=qr_label>{shown_url}</a>
                    </figcaption>
                </figure>
            </div>
            <p class="no-print">
                <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>
                    {i18n.t(Key::OfficerPrint)}
                </button>
            </p>
        </article>
        <section class="no-print" aria-labelledby="powers-heading">
            <h2 id="powers-heading">{i18n.t(Key::OfficerPowers)}</h2>
            <p class="hint">{powers_intro}</p>
            {if !valid {
                view! { <p class="notice">{i18n.t(Key::OfficerPowersNone)}</p> }.into_any()
            } else if powers.is_empty() {
                view! { <p>{i18n.t(Key::OfficerPowersEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="power-list">
                        {powers.into_iter().map(|p| power_item(p, district.clone(), as_of.clone())).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// One place the officer may act: in whose name, how, and per category a count that opens the
/// catalog of those matters (delegated there, or for a department the ones not delegated there).
fn power_item(p: Power, district: String, date: String) -> impl IntoView {
    let i18n = use_i18n();
    let authority = p.authority.name.to_string();
    let in_name = move || i18n::format(i18n.lang(), Key::PowerInName, &[("authority", &authority)]);
    let via = match p.via {
        Via::OwnUnit => Key::PowerViaOwnUnit,
        Via::Secondment { .. } => Key::PowerViaSecondment,
    };
    // A special area takes no delegations: its counts open the district's catalog of the category.
    let special = p.locality.kind == gongshi_domain::LocalityKind::SpecialArea;
    let delegated = (p.authority.kind == AuthorityKind::Department && !special).then_some("false");
    let locality = (!special).then(|| p.locality.id.to_string());
    view! {
        <li class="power-item">
            <p>
                <A href=AppRoute::Locality(p.locality.id.clone()).href() attr:class="power-place">
                    {p.locality.name.to_string()}
                </A>
                " · " {in_name} " · " <span class="badge">{i18n.t(via)}</span>
            </p>
            <ul class="chips">
                {p.domains
                    .into_iter()
                    .map(|d| {
                        let href = AppRoute::Catalog.href_with(&[
                            ("district", Some(&district)),
                            ("locality", locality.as_deref()),
                            ("delegated", delegated),
                            ("domain", Some(&spelling(&d.domain))),
                            ("date", Some(&date)),
                        ]);
                        let label = move || i18n::format(
                            i18n.lang(),
                            Key::PowerDomainCount,
                            &[("domain", i18n.tr(i18n::domain(d.domain))), ("count", &d.count.to_string())],
                        );
                        view! { <li><A href=href>{label}</A></li> }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}

/// One officer as a list line: name (to the record), status, number, unit, categories.
pub fn officer_item(o: PublicOfficer) -> impl IntoView {
    let i18n = use_i18n();
    let kind = o.status.kind();
    let href = AppRoute::Officer(o.certificate.clone()).href();
    view! {
        <li class="officer-item">
            <div class="officer-head">
                <A href=href attr:class="officer-name">{o.name.to_string()}</A>
                <span class=format!("badge status-badge status-{}", spelling(&kind))>{i18n.t(i18n::status_kind(kind))}</span>
            </div>
            <div class="matter-meta">
                <span class="code">{o.certificate.to_string()}</span>
                <span>{unit_name(&o.unit)}</span>
                {o.categories
                    .iter()
                    .map(|d| view! { <span class="badge">{i18n.t(i18n::domain(*d))}</span> })
                    .collect_view()}
            </div>
        </li>
    }
}
