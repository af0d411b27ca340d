//! Bulk import: a CSV or XLSX file in the 双公示 layout is checked first (a dry run lists every
//! row's problems by line and column, and the rows as they would be published); only a file with
//! no problem can be committed, and a commit writes every row in one transaction or none.

use super::penalty::{column_key, import_problem};
use super::{StaffGate, busy_label, failure, use_staff};
use crate::api::{self, ApiError};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::{focus_soon, use_title};
use crate::routes::AppRoute;
use gongshi_domain::money::Fen;
use gongshi_domain::penalty_import::{FieldProblem, ImportReport};
use leptos::prelude::*;
use leptos_router::components::A;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

#[component]
pub fn StaffImportPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || i18n.tr(Key::StaffImportTitle).to_owned());
    view! {
        <h1>{i18n.t(Key::StaffImportTitle)}</h1>
        <StaffGate>
            <Import />
        </StaffGate>
    }
}

/// Where the import stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Choosing,
    Checking,
    Checked(ImportReport),
    Committing(ImportReport),
    Committed(ImportReport),
    Failed(ApiError),
}

#[component]
fn Import() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let file = StoredValue::new(SendWrapper::new(None::<web_sys::File>));
    let file_name = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Choosing);
    let run = move |commit: bool| {
        let Some(f) = file.with_value(|f| (**f).clone()) else {
            return;
        };
        let report = match stage.get_untracked() {
            Stage::Checked(r) => Some(r),
            _ => None,
        };
        stage.set(match (commit, report) {
            (true, Some(r)) => Stage::Committing(r),
            _ => Stage::Checking,
        });
        leptos::task::spawn_local(async move {
            let next = match api::import_penalties(f, commit, staff.csrf()).await {
                Ok(r) if commit => Stage::Committed(r),
                Ok(r) => Stage::Checked(r),
                // A commit refused for the rows' problems shows them as a dry run would.
                Err(e) if !e.cells.is_empty() => Stage::Checked(ImportReport {
                    rows: 0,
                    problems: e.cells.clone(),
                    unknown_columns: Vec::new(),
                    valid: Vec::new(),
                    written: Vec::new(),
                }),
                Err(e) => {
                    staff.failed(&e);
                    Stage::Failed(e)
                }
            };
            stage.set(next);
            focus_soon("import-result");
        });
    };
    let choose = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let chosen = input.and_then(|i| i.files()).and_then(|l| l.get(0));
        file_name.set(chosen.as_ref().map(|f| f.name()).unwrap_or_default());
        file.set_value(SendWrapper::new(chosen));
        stage.set(Stage::Choosing);
    };
    let busy =
        Signal::derive(move || matches!(stage.get(), Stage::Checking | Stage::Committing(_)));
    let checking = RwSignal::new(false);
    Effect::new(move |_| checking.set(matches!(stage.get(), Stage::Checking)));
    let committing = RwSignal::new(false);
    Effect::new(move |_| committing.set(matches!(stage.get(), Stage::Committing(_))));
    let committable = move || matches!(stage.get(), Stage::Checked(r) if r.problems.is_empty() && !r.valid.is_empty());
    view! {
        <p class="lead">{i18n.t(Key::StaffImportIntro)}</p>
        <p>
            <a href="/api/v1/staff/penalties/template" download="penalties-template.csv">{i18n.t(Key::StaffImportTemplate)}</a>
        </p>
        <form class="card import-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); run(false); }>
            <div class="field">
                <label for="import-file">{i18n.t(Key::StaffImportFile)}</label>
                <input
                    id="import-file"
                    type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby="import-file-hint"
                    on:change=choose
                />
                <p id="import-file-hint" class="hint">{i18n.t(Key::StaffImportFileHint)}</p>
            </div>
            <button type="submit" class="button" disabled=move || busy.get() || file_name.get().is_empty()>
                {busy_label(checking, Key::StaffImportCheck, Key::StaffImportChecking)}
            </button>
        </form>
        <section id="import-result" tabindex="-1" aria-live="polite" aria-busy=move || busy.get().to_string()>
            {move || match stage.get() {
                Stage::Choosing => ().into_any(),
                Stage::Checking => view! { <p role="status">{i18n.t(Key::StaffImportChecking)}</p> }.into_any(),
                Stage::Failed(e) => view! { <p class="field-error" role="alert">{i18n.t(failure(&e))}</p> }.into_any(),
                Stage::Committed(r) => {
                    let n = r.written.len().to_string();
                    view! {
                        <div class="success" role="status">
                            <p>{move || i18n::format(i18n.lang(), Key::StaffImportCommitted, &[("n", &n)])}</p>
                            <p><A href=AppRoute::StaffPenalties.href()>{i18n.t(Key::StaffPenaltiesTitle)}</A></p>
                        </div>
                    }.into_any()
                }
                Stage::Checked(r) | Stage::Committing(r) => report(r).into_any(),
            }}
            <Show when=committable>
                <button type="button" class="button" on:click=move |_| run(true) disabled=move || busy.get()>
                    {busy_label(committing, Key::StaffImportCommit, Key::StaffImportCommitting)}
                </button>
            </Show>
        </section>
    }
}

fn report(r: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let rows = r.rows.to_string();
    let problems = r.problems.len().to_string();
    let clean = r.problems.is_empty();
    let unknown = r.unknown_columns.join("、");
    view! {
        <h2>{i18n.t(Key::StaffImportReport)}</h2>
        <p role="status" class=if clean { "success" } else { "field-error" }>
            {move || if clean {
                i18n::format(i18n.lang(), Key::StaffImportClean, &[("rows", &rows)])
            } else {
                i18n::format(i18n.lang(), Key::StaffImportProblems, &[("rows", &rows), ("problems", &problems)])
            }}
        </p>
        {(!unknown.is_empty()).then(|| {
            let unknown = unknown.clone();
            view! { <p class="hint">{move || i18n::format(i18n.lang(), Key::StaffImportUnknownColumns, &[("columns", &unknown)])}</p> }
        })}
        {(!r.problems.is_empty()).then(|| problem_table(r.problems.clone()))}
        {(!r.valid.is_empty()).then(|| valid_table(r.clone()))}
    }
}

fn problem_table(problems: Vec<FieldProblem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="import-problems-caption" tabindex="0">
            <table class="data-table import-problems">
                <caption id="import-problems-caption">{i18n.t(Key::StaffImportProblemsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::StaffImportLine)}</th>
                        <th scope="col">{i18n.t(Key::StaffImportColumn)}</th>
                        <th scope="col">{i18n.t(Key::StaffImportProblem)}</th>
                    </tr>
                </thead>
                <tbody>
                    {problems.into_iter().map(|p| {
                        let line = p.line.map(|l| l.to_string()).unwrap_or_default();
                        let column = p.column;
                        let problem = p.problem;
                        view! {
                            <tr>
                                <td>{line}</td>
                                <td>{move || column.map(|c| i18n.tr(column_key(c))).unwrap_or("")}</td>
                                <td>{move || import_problem(i18n.lang(), &problem)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn valid_table(r: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let n = r.valid.len().to_string();
    view! {
        <details class="import-valid" open=r.problems.is_empty()>
            <summary>{move || i18n::format(i18n.lang(), Key::StaffImportValid, &[("n", &n)])}</summary>
            <div class="table-scroll" role="region" aria-label=i18n.t(Key::StaffImportValidCaption) tabindex="0">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(Key::StaffImportLine)}</th>
                            <th scope="col">{i18n.t(Key::PfDecisionNumber)}</th>
                            <th scope="col">{i18n.t(Key::PfPartyName)}</th>
                            <th scope="col">{i18n.t(Key::PfKinds)}</th>
                            <th scope="col">{i18n.t(Key::StaffFineYuan)}</th>
                            <th scope="col">{i18n.t(Key::PfDecided)}</th>
                            <th scope="col">{i18n.t(Key::StaffPublication)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.valid.iter().cloned().map(|row| {
                            let kinds = row.kinds.clone();
                            let restricted = row.restricted;
                            view! {
                                <tr>
                                    <td>{row.line}</td>
                                    <td>{row.decision_number.to_string()}</td>
                                    <td>{row.party_name}</td>
                                    <td>{move || kinds.iter().map(|k| i18n.tr(i18n::penalty_kind(*k))).collect::<Vec<_>>().join("、")}</td>
                                    <td class="num">{fine(row.fine)}</td>
                                    <td>{row.decided.to_string()}</td>
                                    <td>{move || i18n.tr(if restricted { Key::RecordRestricted } else { Key::RecordListed })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

fn fine(f: Fen) -> String {
    if f.0 == 0 { String::new() } else { f.yuan() }
}
