//! One officer typed in a form and added to the roster (published at once, logged): the columns of
//! the roster's import layout, read by the same parser as a spreadsheet. The personal columns are
//! kept internally and never published.

use super::import::{roster_column_key, roster_problem};
use super::penalty::{district_view, with_district};
use super::record_form::{
    Control, FormColumn, FormProblem, Lists, OFFICER_DRAFT, RecordFields, forget_draft, load_draft,
    save_draft,
};
use super::{StaffPage, busy_label, failure, use_staff};
use crate::api::{self, ApiError};
use crate::i18n::{self, Key, Lang, use_i18n};
use crate::pages::focus_soon;
use crate::routes::AppRoute;
use gongshi_domain::api::ErrorCode;
use gongshi_domain::catalog::Domain;
use gongshi_domain::officer::Unit;
use gongshi_domain::roster_import::{
    OfficerFields, OfficerForm, RosterColumn, RosterFieldProblem, RosterProblem,
};
use gongshi_domain::staff::Role;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The form's groups of columns, each a fieldset.
const GROUPS: [(Key, &[RosterColumn]); 3] = [
    (
        Key::StaffGroupCertificate,
        &[
            RosterColumn::Name,
            RosterColumn::Certificate,
            RosterColumn::Issuer,
            RosterColumn::Categories,
            RosterColumn::Area,
            RosterColumn::Issued,
            RosterColumn::ValidUntil,
        ],
    ),
    (
        Key::StaffGroupUnit,
        &[
            RosterColumn::Unit,
            RosterColumn::SecondedTo,
            RosterColumn::SecondedFrom,
            RosterColumn::SecondedUntil,
        ],
    ),
    (Key::StaffGroupPrivate, &PRIVATE),
];

/// The internal record: never published, and not kept in the draft on this device.
const PRIVATE: [RosterColumn; 4] = [
    RosterColumn::IdNumber,
    RosterColumn::BirthDate,
    RosterColumn::Phone,
    RosterColumn::HomeAddress,
];

/// The unit's id, as the roster's unit column accepts it.
pub fn unit_id(u: &Unit) -> String {
    match u {
        Unit::Team(t) => t.to_string(),
        Unit::Department(d) => d.to_string(),
    }
}

impl FormColumn for RosterColumn {
    const PREFIX: &'static str = "of";

    fn label(self) -> Key {
        roster_column_key(self)
    }

    fn hint(self) -> Option<Key> {
        use RosterColumn as C;
        match self {
            C::Issued | C::ValidUntil | C::SecondedFrom | C::SecondedUntil | C::BirthDate => {
                Some(Key::StaffHintDate)
            }
            C::Categories => Some(Key::StaffHintCategories),
            C::SecondedTo => Some(Key::StaffHintSecondedTo),
            C::IdNumber | C::Phone | C::HomeAddress => Some(Key::StaffHintPrivate),
            _ => None,
        }
    }

    fn required(self) -> bool {
        RosterColumn::required(self)
    }

    fn kept_in_draft(self) -> bool {
        !PRIVATE.contains(&self)
    }

    fn control(self, lists: &Lists<'_>) -> Control {
        use RosterColumn as C;
        let d = lists.district;
        match self {
            // The categories as the certificate names them.
            C::Categories => Control::Several(
                Domain::ALL
                    .into_iter()
                    .map(|c| (c.label_zh().to_owned(), i18n::domain(c)))
                    .collect(),
            ),
            // Only the units whose officers this person enters.
            C::Unit => Control::Choose(
                d.units
                    .iter()
                    .filter(|u| {
                        lists
                            .grant
                            .is_some_and(|g| g.may_publish(&d.district.code, &u.authority))
                    })
                    .map(|u| (unit_id(&u.unit), None, u.name.to_string()))
                    .collect(),
            ),
            // Zones, then the localities (no special area: nobody is seconded there).
            C::SecondedTo => Control::Choose(
                d.zones
                    .iter()
                    .map(|z| (z.id.to_string(), None, z.name.to_string()))
                    .chain(
                        d.zones
                            .iter()
                            .flat_map(|z| z.members.iter())
                            .chain(d.unzoned.iter())
                            .map(|l| (l.id.to_string(), None, l.name.to_string())),
                    )
                    .collect(),
            ),
            C::Issued | C::ValidUntil | C::SecondedFrom | C::SecondedUntil | C::BirthDate => {
                Control::Text { date: true }
            }
            _ => Control::Text { date: false },
        }
    }
}

impl FormProblem for RosterFieldProblem {
    type Column = RosterColumn;

    fn column(&self) -> Option<RosterColumn> {
        self.column
    }

    fn text(&self, lang: Lang) -> String {
        roster_problem(lang, &self.problem)
    }
}

#[component]
pub fn StaffOfficerNewPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffOfficerNewTitle>
            <NewOfficer />
        </StaffPage>
    }
}

#[component]
fn NewOfficer() -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let keeps_roster = staff
        .me()
        .is_some_and(|me| matches!(me.grant.role, Role::Admin | Role::Publisher));
    if !keeps_roster {
        return view! { <p class="notice">{i18n.t(Key::StaffRosterNotKeeper)}</p> }.into_any();
    }
    let navigate = use_navigate();
    let user = staff
        .me()
        .map(|me| me.username.to_string())
        .unwrap_or_default();
    let restored: Option<OfficerFields> = load_draft(OFFICER_DRAFT, &user);
    let had_draft = restored.is_some();
    let fields = RwSignal::new(restored.unwrap_or_default());
    // What is typed survives a reload, a failed send and an ended session.
    Effect::new(move |_| fields.with(|f| save_draft(OFFICER_DRAFT, &user, f)));
    let problems = RwSignal::new(Vec::<RosterFieldProblem>::new());
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
        let form = OfficerForm {
            fields: fields.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::add_officer(form, staff.csrf()).await {
                Ok(written) => {
                    fields.set(OfficerFields::new());
                    forget_draft(OFFICER_DRAFT);
                    navigate(
                        &AppRoute::StaffRoster.href_with(&[
                            ("certificate", Some(written.certificate.as_str())),
                            ("added", Some("1")),
                        ]),
                        Default::default(),
                    );
                }
                Err(e) => {
                    staff.failed(&e).await;
                    // A number on the roster already is said at its field.
                    let mut found = e.roster_cells.clone();
                    if e.code == Some(ErrorCode::Conflict) {
                        found.push(RosterFieldProblem::at(
                            RosterColumn::Certificate,
                            RosterProblem::AlreadyOnRoster,
                        ));
                    }
                    problems.set(found);
                    error.set(Some(e));
                    focus_soon("record-status");
                }
            }
            busy.set(false);
        });
    };
    let discard = move |_| {
        fields.set(OfficerFields::new());
        problems.set(Vec::new());
        error.set(None);
    };
    view! {
        <p class="lead">{i18n.t(Key::StaffOfficerNewIntro)}</p>
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
                            {busy_label(busy, Key::StaffOfficerSave, Key::StaffSaving)}
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
    .into_any()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_in_one_group() {
        let mut seen: Vec<RosterColumn> =
            GROUPS.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        seen.sort();
        let mut all = RosterColumn::ALL.to_vec();
        all.sort();
        assert_eq!(seen, all);
    }
}
