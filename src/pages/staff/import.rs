//! Bulk import, for penalty disclosures (the 双公示 layout) and for the roster: a CSV or XLSX file
//! is checked first (a dry run lists every row's problems by line and column, and the rows as
//! they would be entered); only a file with no problem can be committed, and a commit writes every
//! row in one transaction or none.

use super::penalty::{column_key, import_problem};
use super::{StaffPage, busy_label, failure, use_staff};
use crate::api::{self, ApiError};
use crate::i18n::{self, Key, Lang, use_i18n};
use crate::pages::focus_soon;
use crate::routes::AppRoute;
use gongshi_domain::api::DistrictView;
use gongshi_domain::officer::{Posting, Unit};
use gongshi_domain::penalty_import::{ImportProblem, ImportReport};
use gongshi_domain::roster_dataset::SecondmentProblem;
use gongshi_domain::roster_import::{RosterColumn, RosterImportReport, RosterProblem};
use leptos::prelude::*;
use leptos_router::components::A;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Penalties,
    Officers,
}

impl Layout {
    fn title(self) -> Key {
        match self {
            Layout::Penalties => Key::StaffImportTitle,
            Layout::Officers => Key::StaffRosterImportTitle,
        }
    }

    fn intro(self) -> Key {
        match self {
            Layout::Penalties => Key::StaffImportIntro,
            Layout::Officers => Key::StaffRosterImportIntro,
        }
    }

    fn template(self) -> &'static str {
        match self {
            Layout::Penalties => "/api/v1/staff/penalties/template",
            Layout::Officers => "/api/v1/staff/officers/template",
        }
    }

    /// Where the written records are listed.
    fn written(self) -> (AppRoute, Key) {
        match self {
            Layout::Penalties => (AppRoute::StaffPenalties, Key::StaffPenaltiesTitle),
            Layout::Officers => (AppRoute::Officers, Key::NavOfficers),
        }
    }

    /// Sends the file; an officer's unit, authority and place are named from `org` when it is in.
    async fn send(
        self,
        file: web_sys::File,
        commit: bool,
        csrf: String,
        org: Option<DistrictView>,
    ) -> Result<Found, ApiError> {
        match self {
            Layout::Penalties => api::import_penalties(file, commit, csrf)
                .await
                .map(Found::penalties),
            Layout::Officers => api::import_officers(file, commit, csrf)
                .await
                .map(|r| Found::officers(r, org.as_ref())),
        }
    }
}

/// The roster column's label.
pub fn roster_column_key(c: RosterColumn) -> Key {
    match c {
        RosterColumn::Name => Key::RcName,
        RosterColumn::Certificate => Key::RcCertificate,
        RosterColumn::Issuer => Key::RcIssuer,
        RosterColumn::Categories => Key::RcCategories,
        RosterColumn::Area => Key::RcArea,
        RosterColumn::Issued => Key::RcIssued,
        RosterColumn::ValidUntil => Key::RcValidUntil,
        RosterColumn::Unit => Key::RcUnit,
        RosterColumn::SecondedTo => Key::RcSecondedTo,
        RosterColumn::SecondedFrom => Key::RcSecondedFrom,
        RosterColumn::SecondedUntil => Key::RcSecondedUntil,
        RosterColumn::IdNumber => Key::RcIdNumber,
        RosterColumn::BirthDate => Key::RcBirthDate,
        RosterColumn::Phone => Key::RcPhone,
        RosterColumn::HomeAddress => Key::RcHomeAddress,
    }
}

/// A roster rule a secondment breaks, in words.
pub fn secondment_rule(rule: SecondmentProblem) -> Key {
    match rule {
        SecondmentProblem::NotADepartmentOfficer => Key::RpNotADepartmentOfficer,
        SecondmentProblem::EndsBeforeStart => Key::RpEndsBeforeStart,
        SecondmentProblem::UnknownPlace => Key::RpUnknownPlace,
        SecondmentProblem::SpecialArea => Key::RpSpecialArea,
    }
}

/// A roster problem in words.
pub fn roster_problem(lang: Lang, p: &RosterProblem) -> String {
    use RosterProblem as R;
    let t = |k| i18n::text(lang, k).to_owned();
    // The problems both layouts share are said the same way.
    let shared = |p: ImportProblem| import_problem(lang, &p);
    match p {
        R::Required => shared(ImportProblem::Required),
        R::TooLong { max } => shared(ImportProblem::TooLong { max: *max }),
        R::ControlCharacter => shared(ImportProblem::ControlCharacter),
        R::Formula => shared(ImportProblem::Formula),
        R::BadDate => shared(ImportProblem::BadDate),
        R::BadIdNumber => shared(ImportProblem::BadIdNumber),
        R::UnknownValue { value } => shared(ImportProblem::UnknownValue {
            value: value.clone(),
        }),
        R::MissingColumn { header } => shared(ImportProblem::MissingColumn {
            header: header.clone(),
        }),
        R::RepeatedColumn { header } => shared(ImportProblem::RepeatedColumn {
            header: header.clone(),
        }),
        R::Empty => shared(ImportProblem::Empty),
        R::Unreadable => shared(ImportProblem::Unreadable),
        R::TooManyRows { max } => shared(ImportProblem::TooManyRows { max: *max }),
        R::BadCertificateNumber => t(Key::RpBadCertificateNumber),
        R::BadPhone => t(Key::RpBadPhone),
        R::UnknownUnit => t(Key::RpUnknownUnit),
        R::UnknownPlace => t(Key::RpUnknownPlace),
        R::NotYourUnit => t(Key::RpNotYourUnit),
        R::IssuedInFuture => t(Key::RpIssuedInFuture),
        R::ValidUntilBeforeIssue => t(Key::RpValidUntilBeforeIssue),
        R::Secondment { rule } => t(secondment_rule(*rule)),
        R::DuplicateInFile { line } => {
            i18n::format(lang, Key::RpDuplicateInFile, &[("line", &line.to_string())])
        }
        R::AlreadyOnRoster => t(Key::RpAlreadyOnRoster),
    }
}

/// A problem of either layout.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Penalty(ImportProblem),
    Roster(RosterProblem),
}

impl Problem {
    fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Penalty(p) => import_problem(lang, p),
            Problem::Roster(p) => roster_problem(lang, p),
        }
    }
}

/// A cell of the table of valid rows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Text(String),
    Keys(Vec<Key>),
}

/// What a check found or a commit did, whatever the layout.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    rows: u32,
    /// (line, column label, problem)
    problems: Vec<(Option<u32>, Option<Key>, Problem)>,
    unknown_columns: Vec<String>,
    header: Vec<Key>,
    valid: Vec<Vec<Shown>>,
    written: usize,
}

/// A secondment's place by its name (its id while the district's names are not known).
fn place(p: &Posting, org: Option<&DistrictView>) -> String {
    let named = org.and_then(|org| match p {
        Posting::Locality(l) => org
            .localities()
            .find(|x| &x.id == l)
            .map(|x| x.name.to_string()),
        Posting::Zone(z) => org
            .zones
            .iter()
            .find(|x| &x.id == z)
            .map(|x| x.name.to_string()),
    });
    named.unwrap_or_else(|| match p {
        Posting::Locality(l) => l.to_string(),
        Posting::Zone(z) => z.to_string(),
    })
}

impl Found {
    fn penalties(r: ImportReport) -> Self {
        Self {
            rows: r.rows,
            problems: r
                .problems
                .into_iter()
                .map(|p| {
                    (
                        p.line,
                        p.column.map(column_key),
                        Problem::Penalty(p.problem),
                    )
                })
                .collect(),
            unknown_columns: r.unknown_columns,
            header: vec![
                Key::StaffImportLine,
                Key::PfDecisionNumber,
                Key::PfPartyName,
                Key::PfKinds,
                Key::StaffFineYuan,
                Key::PfDecided,
                Key::StaffPublication,
            ],
            valid: r
                .valid
                .into_iter()
                .map(|row| {
                    vec![
                        Shown::Text(row.line.to_string()),
                        Shown::Text(row.decision_number.to_string()),
                        Shown::Text(row.party_name),
                        Shown::Keys(row.kinds.into_iter().map(i18n::penalty_kind).collect()),
                        Shown::Text(if row.fine.0 == 0 {
                            String::new()
                        } else {
                            row.fine.yuan()
                        }),
                        Shown::Text(row.decided.to_string()),
                        Shown::Keys(vec![if row.restricted {
                            Key::RecordRestricted
                        } else {
                            Key::RecordListed
                        }]),
                    ]
                })
                .collect(),
            written: r.written.len(),
        }
    }

    fn officers(r: RosterImportReport, org: Option<&DistrictView>) -> Self {
        Self {
            rows: r.rows,
            problems: r
                .problems
                .into_iter()
                .map(|p| {
                    (
                        p.line,
                        p.column.map(roster_column_key),
                        Problem::Roster(p.problem),
                    )
                })
                .collect(),
            unknown_columns: r.unknown_columns,
            header: vec![
                Key::StaffImportLine,
                Key::RcName,
                Key::RcCertificate,
                Key::RcUnit,
                Key::ColAuthority,
                Key::RcValidUntil,
                Key::RcSecondedTo,
            ],
            valid: r
                .valid
                .into_iter()
                .map(|row| {
                    let unit = org
                        .and_then(|org| org.units.iter().find(|u| u.unit == row.unit))
                        .map_or_else(
                            || match &row.unit {
                                Unit::Team(t) => t.to_string(),
                                Unit::Department(d) => d.to_string(),
                            },
                            |u| u.name.to_string(),
                        );
                    let authority = org
                        .and_then(|org| org.authorities.iter().find(|a| a.id == row.authority))
                        .map_or_else(|| row.authority.to_string(), |a| a.name.to_string());
                    vec![
                        Shown::Text(row.line.to_string()),
                        Shown::Text(row.name.to_string()),
                        Shown::Text(row.certificate.to_string()),
                        Shown::Text(unit),
                        Shown::Text(authority),
                        Shown::Text(row.valid_until.to_string()),
                        Shown::Text(
                            row.seconded_to
                                .as_ref()
                                .map(|p| place(p, org))
                                .unwrap_or_default(),
                        ),
                    ]
                })
                .collect(),
            written: r.written.len(),
        }
    }

    /// A commit refused for its rows' problems, shown as a check would show them.
    fn refused(e: &ApiError) -> Option<Self> {
        let problems: Vec<_> = e
            .cells
            .iter()
            .map(|p| {
                (
                    p.line,
                    p.column.map(column_key),
                    Problem::Penalty(p.problem.clone()),
                )
            })
            .chain(e.roster_cells.iter().map(|p| {
                (
                    p.line,
                    p.column.map(roster_column_key),
                    Problem::Roster(p.problem.clone()),
                )
            }))
            .collect();
        (!problems.is_empty()).then(|| Self {
            rows: 0,
            problems,
            unknown_columns: Vec::new(),
            header: Vec::new(),
            valid: Vec::new(),
            written: 0,
        })
    }
}

#[component]
pub fn StaffImportPage() -> impl IntoView {
    view! { <ImportPage layout=Layout::Penalties /> }
}

#[component]
pub fn StaffRosterImportPage() -> impl IntoView {
    view! { <ImportPage layout=Layout::Officers /> }
}

#[component]
fn ImportPage(layout: Layout) -> impl IntoView {
    view! {
        <StaffPage title=layout.title()>
            <Import layout />
        </StaffPage>
    }
}

/// Where the import stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Choosing,
    Checking,
    Checked(Found),
    Committing(Found),
    Committed(Found),
    Failed(ApiError),
}

#[component]
fn Import(layout: Layout) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let file = StoredValue::new(SendWrapper::new(None::<web_sys::File>));
    let file_name = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Choosing);
    // The district's names, for an officer's unit, authority and place in the report.
    let org = staff.names();
    // Each file chosen is a new generation: an answer about an earlier file is dropped.
    let generation = StoredValue::new(0u32);
    let run = move |commit: bool| {
        let Some(f) = file.with_value(|f| (**f).clone()) else {
            return;
        };
        let report = match stage.get_untracked() {
            Stage::Checked(r) => Some(r),
            _ => None,
        };
        let rows = report.as_ref().map_or(0, |r| r.rows);
        stage.set(match (commit, report) {
            (true, Some(r)) => Stage::Committing(r),
            _ => Stage::Checking,
        });
        let asked = generation.get_value();
        leptos::task::spawn_local(async move {
            let names = org.get_untracked().flatten();
            let answer = layout.send(f, commit, staff.csrf(), names).await;
            if generation.try_get_value() != Some(asked) {
                return;
            }
            let next = match answer {
                Ok(r) if commit => Stage::Committed(r),
                Ok(r) => Stage::Checked(r),
                Err(e) => match Found::refused(&e) {
                    Some(r) => Stage::Checked(Found { rows, ..r }),
                    None => {
                        staff.failed(&e).await;
                        Stage::Failed(e)
                    }
                },
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
        generation.update_value(|g| *g += 1);
        stage.set(Stage::Choosing);
    };
    let busy =
        Signal::derive(move || matches!(stage.get(), Stage::Checking | Stage::Committing(_)));
    let checking = RwSignal::new(false);
    Effect::new(move |_| checking.set(matches!(stage.get(), Stage::Checking)));
    let committing = RwSignal::new(false);
    Effect::new(move |_| committing.set(matches!(stage.get(), Stage::Committing(_))));
    let committable = move || matches!(stage.get(), Stage::Checked(r) if r.problems.is_empty() && !r.valid.is_empty());
    let (list, list_title) = layout.written();
    view! {
        <p class="lead">{i18n.t(layout.intro())}</p>
        <p>
            <a href=layout.template() download="template.csv">{i18n.t(Key::StaffImportTemplate)}</a>
        </p>
        <form
            class="card import-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                run(false);
            }
        >
            <div class="field">
                <label for="import-file">{i18n.t(Key::StaffImportFile)}</label>
                <input
                    id="import-file"
                    type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby="import-file-hint"
                    disabled=move || busy.get()
                    on:change=choose
                />
                <p id="import-file-hint" class="hint">{i18n.t(Key::StaffImportFileHint)}</p>
            </div>
            <button type="submit" class="button" disabled=move || busy.get() || file_name.get().is_empty()>
                {busy_label(checking, Key::StaffImportCheck, Key::StaffImportChecking)}
            </button>
        </form>
        <section id="import-result" tabindex="-1" aria-busy=move || busy.get().to_string()>
            {move || match stage.get() {
                Stage::Choosing => ().into_any(),
                Stage::Checking => view! { <p role="status">{i18n.t(Key::StaffImportChecking)}</p> }.into_any(),
                Stage::Failed(e) => view! { <p class="field-error" role="alert">{i18n.t(failure(&e))}</p> }.into_any(),
                Stage::Committed(r) => {
                    let n = r.written.to_string();
                    let href = list.href();
                    view! {
                        <div class="success" role="status">
                            <p>{move || i18n::format(i18n.lang(), Key::StaffImportCommitted, &[("n", &n)])}</p>
                            <p><A href=href>{i18n.t(list_title)}</A></p>
                        </div>
                    }
                    .into_any()
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

fn report(r: Found) -> impl IntoView {
    let i18n = use_i18n();
    let rows = r.rows.to_string();
    let problems = r.problems.len().to_string();
    let clean = r.problems.is_empty();
    let unknown = r.unknown_columns.clone();
    view! {
        <h2>{i18n.t(Key::StaffImportReport)}</h2>
        <p role="status" class=if clean { "success" } else { "field-error" }>
            {move || {
                if clean {
                    i18n::format(i18n.lang(), Key::StaffImportClean, &[("rows", &rows)])
                } else {
                    i18n::format(
                        i18n.lang(),
                        Key::StaffImportProblems,
                        &[("rows", &rows), ("problems", &problems)],
                    )
                }
            }}
        </p>
        {(!unknown.is_empty())
            .then(|| {
                view! {
                    <p class="hint">
                        {move || {
                            let lang = i18n.lang();
                            let columns = unknown.join(i18n::list_separator(lang));
                            i18n::format(lang, Key::StaffImportUnknownColumns, &[("columns", &columns)])
                        }}
                    </p>
                }
            })}
        {(!r.problems.is_empty()).then(|| problem_table(r.problems.clone()))}
        {(!r.valid.is_empty()).then(|| valid_table(r.clone()))}
    }
}

fn problem_table(problems: Vec<(Option<u32>, Option<Key>, Problem)>) -> impl IntoView {
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
                    {problems
                        .into_iter()
                        .map(|(line, column, problem)| {
                            view! {
                                <tr>
                                    <td>{line.map(|l| l.to_string()).unwrap_or_default()}</td>
                                    <td>{move || column.map(|c| i18n.tr(c)).unwrap_or("")}</td>
                                    <td>{move || problem.text(i18n.lang())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn valid_table(r: Found) -> impl IntoView {
    let i18n = use_i18n();
    let n = r.valid.len().to_string();
    view! {
        <details class="import-valid" open=r.problems.is_empty()>
            <summary>{move || i18n::format(i18n.lang(), Key::StaffImportValid, &[("n", &n)])}</summary>
            <div class="table-scroll" role="region" aria-label=i18n.t(Key::StaffImportValidCaption) tabindex="0">
                <table class="data-table">
                    <thead>
                        <tr>
                            {r.header.iter().map(|&k| view! { <th scope="col">{i18n.t(k)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {r.valid
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr>
                                        {row.into_iter().map(|cell| match cell {
                                            Shown::Text(t) => view! { <td>{t}</td> }.into_any(),
                                            Shown::Keys(keys) => view! {
                                                <td>{move || keys.iter().map(|k| i18n.tr(*k)).collect::<Vec<_>>().join(i18n::list_separator(i18n.lang()))}</td>
                                            }.into_any(),
                                        }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
