//! One penalty decision: every 双公示 field as published (masked when it was written), how quickly it
//! was published and until when it stays public, with links to the matter, the place and the
//! authority. A withdrawn decision shows only why and when it was withdrawn; one past its
//! publication period shows the day it left public view.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::{use_page_title, use_title};
use crate::routes::AppRoute;
use gongshi_domain::AuthorityKind;
use gongshi_domain::penalty::{PartyKind, PenaltyDetail, PenaltyPage, WithdrawnStub};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PenaltyRecordPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! { <DataView fetch=move || api::penalty(id()) render=page /> }
}

fn page(p: PenaltyPage) -> AnyView {
    match p {
        PenaltyPage::Public(d) => record(*d).into_any(),
        PenaltyPage::Withdrawn(w) => withdrawn(w).into_any(),
        PenaltyPage::Removed { id, removed_on } => {
            let i18n = use_i18n();
            use_title(move || i18n.tr(Key::PenaltyRemovedTitle).to_owned());
            let (id, date) = (id.to_string(), removed_on.to_string());
            view! {
                {breadcrumb(i18n.t(Key::PenaltyRemovedTitle))}
                <h1>{i18n.t(Key::PenaltyRemovedTitle)}</h1>
                <p class="notice">
                    {move || i18n::format(i18n.lang(), Key::PenaltyRemovedBody, &[("id", &id), ("date", &date)])}
                </p>
                <p><A href=AppRoute::Penalties.href()>{i18n.t(Key::PenaltyBack)}</A></p>
            }
            .into_any()
        }
    }
}

fn breadcrumb<T: IntoView + 'static>(current: T) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=AppRoute::Penalties.href()>{i18n.t(Key::PenaltiesTitle)}</A></li>
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}

/// A value, or "none" for an empty one.
fn or_none(v: Option<String>) -> AnyView {
    let i18n = use_i18n();
    match v.filter(|s| !s.is_empty()) {
        Some(s) => s.into_any(),
        None => view! { <span class="muted">{i18n.t(Key::PenaltyNone)}</span> }.into_any(),
    }
}

fn record(d: PenaltyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let r = d.record;
    let number = r.decision_number.to_string();
    use_page_title(&number);
    // The last day it is public: the day before it leaves.
    let ends = r
        .publication_ends
        .previous_day()
        .unwrap_or(r.publication_ends)
        .to_string();
    let public_until =
        move || i18n::format(i18n.lang(), Key::PenaltyPublicUntil, &[("date", &ends)]);
    let timeliness = r.timeliness.map(|t| {
        let days = t.working_days.to_string();
        let text = move || {
            i18n::format(i18n.lang(), Key::PenaltyWorkingDays, &[("days", &days)])
        };
        let verdict = if t.late {
            view! { <span class="badge badge-late">{i18n.t(Key::PenaltyLate)}</span> }.into_any()
        } else {
            view! { <span class="badge badge-on-time">{i18n.t(Key::PenaltyOnTime)}</span> }.into_any()
        };
        view! {
            {text}" "{verdict}
            {t.provisional.then(|| view! { " "<span class="muted">{i18n.t(Key::PenaltyProvisional)}</span> })}
        }
    });
    let representative_label = if r.party.kind == PartyKind::IndividualBusiness {
        Key::PenaltyOperator
    } else {
        Key::PenaltyRepresentative
    };
    let authority_href = match d.authority.kind {
        AuthorityKind::LocalityOffice => AppRoute::Locality(d.locality.id.clone()).href(),
        AuthorityKind::Department => AppRoute::District(d.district.code.clone()).href(),
    };
    let more_href = AppRoute::Penalties.href_with(&[
        ("district", Some(d.district.code.as_str())),
        ("authority", Some(d.authority.id.as_str())),
    ]);
    let money = |f: gongshi_domain::money::Fen| (!f.is_zero()).then(|| f.to_string());
    let kinds = r.kinds.clone();
    view! {
        {breadcrumb(number.clone())}
        <h1>
            <span class="h1-kicker">{i18n.t(Key::PenaltyDecisionNumber)}</span>
            <span class="decision-number">{number.clone()}</span>
            " "<DemoBadge demo=d.district.demo />
        </h1>
        <p class="notice">{public_until}</p>
        <section aria-labelledby="party-heading">
            <h2 id="party-heading">{i18n.t(Key::PenaltyParty)}</h2>
            <dl class="facts">
                <dt>{i18n.t(Key::PenaltyPartyName)}</dt>
                <dd class="party-name">{r.party.name.clone()}</dd>
                <dt>{i18n.t(Key::PenaltyPartyKind)}</dt>
                <dd>{i18n.t(i18n::party_kind(r.party.kind))}</dd>
                {(r.party.kind != PartyKind::NaturalPerson)
                    .then(|| {
                        view! {
                            <dt>{i18n.t(Key::PenaltyCreditCode)}</dt>
                            <dd class="code">{or_none(r.party.credit_code.as_ref().map(|c| c.to_string()))}</dd>
                            {r.party
                                .other_codes
                                .iter()
                                .map(|c| {
                                    view! {
                                        <dt>{i18n.t(i18n::party_code_kind(c.kind))}</dt>
                                        <dd class="code">{c.value.to_string()}</dd>
                                    }
                                })
                                .collect_view()}
                            <dt>{i18n.t(representative_label)}</dt>
                            <dd>{or_none(r.party.representative.clone())}</dd>
                        }
                    })}
            </dl>
        </section>
        <section aria-labelledby="decision-heading">
            <h2 id="decision-heading">{i18n.t(Key::PenaltyDecision)}</h2>
            <dl class="facts facts-wide">
                <dt>{i18n.t(Key::PenaltyViolation)}</dt>
                <dd>{r.violation.clone()}</dd>
                <dt>{i18n.t(Key::PenaltyFacts)}</dt>
                <dd class="prose">{r.facts.clone()}</dd>
                <dt>{i18n.t(Key::PenaltyBasis)}</dt>
                <dd class="prose">{r.basis.clone()}</dd>
                <dt>{i18n.t(Key::PenaltyKinds)}</dt>
                <dd>
                    <ul class="chips">
                        {kinds
                            .into_iter()
                            .map(|k| view! { <li>{i18n.t(i18n::penalty_kind(k))}</li> })
                            .collect_view()}
                    </ul>
                </dd>
                <dt>{i18n.t(Key::PenaltyContent)}</dt>
                <dd class="prose">{r.content.clone()}</dd>
                <dt>{i18n.t(Key::PenaltyFineAmount)}</dt>
                <dd>{or_none(money(r.fine))}</dd>
                <dt>{i18n.t(Key::PenaltyConfiscated)}</dt>
                <dd>{or_none(money(r.confiscated))}</dd>
                {r.licence
                    .clone()
                    .map(|l| {
                        view! {
                            <dt>{i18n.t(Key::PenaltyLicence)}</dt>
                            <dd>{l.name.to_string()}" "<span class="code">{l.number.to_string()}</span></dd>
                        }
                    })}
                <dt>{i18n.t(Key::PenaltySeverity)}</dt>
                <dd>{i18n.t(i18n::severity(r.severity))}</dd>
                <dt>{i18n.t(Key::PenaltyProcedure)}</dt>
                <dd>{i18n.t(i18n::procedure(r.procedure))}</dd>
                <dt>{i18n.t(Key::PenaltyDecided)}</dt>
                <dd><time datetime=r.decided.to_string()>{r.decided.to_string()}</time></dd>
                <dt>{i18n.t(Key::PenaltyInEffectUntil)}</dt>
                <dd>{or_none(r.in_effect_until.map(|d| d.to_string()))}</dd>
            </dl>
        </section>
        <section aria-labelledby="authority-heading">
            <h2 id="authority-heading">{i18n.t(Key::PenaltyAuthority)}</h2>
            <dl class="facts">
                <dt>{i18n.t(Key::PenaltyAuthority)}</dt>
                <dd><A href=authority_href>{d.authority.name.to_string()}</A></dd>
                <dt>{i18n.t(Key::PenaltyAuthorityCode)}</dt>
                <dd class="code">{or_none(r.authority_credit_code.as_ref().map(|c| c.to_string()))}</dd>
                <dt>{i18n.t(Key::PenaltyLocality)}</dt>
                <dd><A href=AppRoute::Locality(d.locality.id.clone()).href()>{d.locality.name.to_string()}</A></dd>
                <dt>{i18n.t(Key::PenaltyDistrict)}</dt>
                <dd><A href=AppRoute::District(d.district.code.clone()).href()>{d.district.name.to_string()}</A></dd>
                <dt>{i18n.t(Key::PenaltyMatter)}</dt>
                <dd>
                    <A href=AppRoute::Matter(d.matter.code.clone()).href()>{d.matter.name.to_string()}</A>
                    <br /><span class="code">{d.matter.code.to_string()}</span>
                </dd>
                <dt>{i18n.t(Key::PenaltySource)}</dt>
                <dd>{r.source.to_string()}</dd>
                <dt>{i18n.t(Key::PenaltyRemarks)}</dt>
                <dd>{or_none(r.remarks.clone())}</dd>
            </dl>
            <p><A href=more_href>{i18n.t(Key::PenaltyMoreByAuthority)}</A></p>
        </section>
        <section aria-labelledby="publication-heading">
            <h2 id="publication-heading">{i18n.t(Key::PenaltyPublication)}</h2>
            <dl class="facts">
                <dt>{i18n.t(Key::PenaltyPublished)}</dt>
                <dd><time datetime=r.published.to_string()>{r.published.to_string()}</time></dd>
                <dt>{i18n.t(Key::PenaltyTimeliness)}</dt>
                <dd>{timeliness.map_or_else(|| or_none(None), IntoAny::into_any)}</dd>
                <dt>{i18n.t(Key::PenaltyPublicationEnds)}</dt>
                <dd>{r.publication_ends.to_string()}</dd>
                <dt>{i18n.t(Key::PenaltyRecordNo)}</dt>
                <dd class="code">{r.id.to_string()}</dd>
            </dl>
        </section>
    }
}

fn withdrawn(w: WithdrawnStub) -> impl IntoView {
    let i18n = use_i18n();
    let number = w.decision_number.to_string();
    use_page_title(&number);
    let date = w.withdrawal.date.to_string();
    let reason = w.withdrawal.reason;
    let body = move || {
        i18n::format(
            i18n.lang(),
            Key::PenaltyWithdrawnBody,
            &[
                ("date", &date),
                ("reason", i18n.tr(i18n::withdrawal_reason(reason))),
            ],
        )
    };
    view! {
        {breadcrumb(number.clone())}
        <h1>
            <span class="h1-kicker">{i18n.t(Key::PenaltyDecisionNumber)}</span>
            <span class="decision-number">{number}</span>
        </h1>
        <div class="withdrawn-block" role="note">
            <p class="withdrawn-title"><span class="badge badge-withdrawn">{i18n.t(Key::PenaltyWithdrawnBadge)}</span>" "{i18n.t(Key::PenaltyWithdrawnTitle)}</p>
            <p>{body}</p>
            <dl class="facts">
                <dt>{i18n.t(Key::PenaltyWithdrawnExplanation)}</dt>
                <dd class="prose">{w.withdrawal.explanation.to_string()}</dd>
                <dt>{i18n.t(Key::PenaltyDecided)}</dt>
                <dd>{w.decided.to_string()}</dd>
                <dt>{i18n.t(Key::PenaltyAuthority)}</dt>
                <dd>{w.authority.name.to_string()}</dd>
                <dt>{i18n.t(Key::PenaltyLocality)}</dt>
                <dd><A href=AppRoute::Locality(w.locality.id.clone()).href()>{w.locality.name.to_string()}</A></dd>
            </dl>
        </div>
        <p><A href=AppRoute::Penalties.href()>{i18n.t(Key::PenaltyBack)}</A></p>
    }
}
