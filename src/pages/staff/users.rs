//! A district admin's accounts: who may sign in, with which role for which unit; add an account,
//! disable or enable one (its sessions end at once), set a new password for someone who forgot
//! theirs. The form is checked with the domain's own rules before anything is sent.

use super::{StaffPage, busy_label, failure, role_key, use_staff};
use crate::api::{self, ApiError};
use crate::components::ResourceView;
use crate::components::list::spelling;
use crate::i18n::{Key, use_i18n};
use crate::pages::{china_time, focus_soon};
use gongshi_domain::AuthorityId;
use gongshi_domain::api::{DistrictView, ErrorCode, Page};
use gongshi_domain::staff::{
    DisplayNameError, Grant, GrantError, NewAccountForm, PasswordProblem, Role, StaffAccount,
    Username, UsernameError, check_new_password, display_name,
};
use leptos::prelude::*;

#[component]
pub fn StaffUsersPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffUsersTitle>
            <Users />
        </StaffPage>
    }
}

/// What is wrong with a field of the new account, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Username,
    DisplayName,
    Authority,
    Password,
}

fn username_problem(e: UsernameError) -> Key {
    match e {
        UsernameError::Length => Key::StaffUsernameLength,
        UsernameError::Character => Key::StaffUsernameCharacters,
    }
}

fn password_problem(p: PasswordProblem) -> Key {
    match p {
        PasswordProblem::TooShort => Key::StaffPasswordShort,
        PasswordProblem::TooLong => Key::StaffPasswordLong,
        PasswordProblem::OneCharacter => Key::StaffPasswordOneCharacter,
    }
}

/// Every problem of the form, each at its field (the same rules the server applies).
fn check(form: &NewAccountForm, district: &DistrictView) -> Vec<(Field, Key)> {
    let mut out = Vec::new();
    if let Err(e) = Username::parse(&form.username) {
        out.push((Field::Username, username_problem(e)));
    }
    if let Err(e) = display_name(&form.display_name) {
        out.push((
            Field::DisplayName,
            match e {
                DisplayNameError::Length => Key::StaffDisplayNameLength,
                DisplayNameError::ControlCharacter => Key::ImpControlCharacter,
            },
        ));
    }
    match Grant::new(
        form.role,
        district.district.code.clone(),
        form.authority.clone(),
    ) {
        Err(GrantError::AuthorityMissing) => {
            out.push((Field::Authority, Key::StaffAuthorityMissing))
        }
        Err(GrantError::AuthorityNotAllowed) => {
            out.push((Field::Authority, Key::StaffAuthorityNotAllowed))
        }
        Ok(_) => {}
    }
    if let Err(p) = check_new_password(&form.password) {
        out.push((Field::Password, password_problem(p)));
    }
    out
}

/// The server's refusal at its field (a taken name, or a rule it applied again).
fn server_problem(e: &ApiError) -> Option<(Field, Key)> {
    if e.code == Some(ErrorCode::Conflict) {
        return Some((Field::Username, Key::StaffUsernameTaken));
    }
    let field = match e.field.as_deref()? {
        "username" => (Field::Username, Key::StaffUsernameCharacters),
        "display_name" => (Field::DisplayName, Key::StaffDisplayNameLength),
        "authority" => (Field::Authority, Key::StaffAuthorityMissing),
        "password" => (Field::Password, Key::StaffPasswordShort),
        _ => return None,
    };
    Some(field)
}

#[component]
fn Users() -> impl IntoView {
    let staff = use_staff();
    let accounts = LocalResource::new(move || async move { staff.seen(api::staff_users()).await });
    let district = staff.district();
    let district = LocalResource::new(move || {
        let code = district.get().map(|d| d.to_string()).unwrap_or_default();
        async move { staff.seen(api::district(code)).await }
    });
    provide_context(accounts);
    provide_context(district);
    view! {
        <ResourceView data=accounts render=table />
        <ResourceView data=district render=new_account />
    }
}

type Accounts = LocalResource<Result<Page<StaffAccount>, ApiError>>;

fn table(page: Page<StaffAccount>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="users-caption" tabindex="0">
            <table class="data-table users">
                <caption id="users-caption">{i18n.t(Key::StaffUsersTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::StaffUsername)}</th>
                        <th scope="col">{i18n.t(Key::StaffDisplayName)}</th>
                        <th scope="col">{i18n.t(Key::StaffRole)}</th>
                        <th scope="col">{i18n.t(Key::StaffLastLogin)}</th>
                        <th scope="col">{i18n.t(Key::StaffRecordStatus)}</th>
                        <th scope="col">{i18n.t(Key::StaffUserActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|a| view! { <AccountRow account=a /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AccountRow(account: StaffAccount) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let district = expect_context::<LocalResource<Result<DistrictView, ApiError>>>();
    // The row follows its own answer: the table is not reloaded, so the focus stays on the button
    // and what other rows hold (a new password being typed) stays too.
    let disabled = RwSignal::new(account.disabled);
    let role = account.grant.role;
    let name = account.username.to_string();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let password = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    // A password the rules refuse, found before sending.
    let local = RwSignal::new(None::<Key>);
    let own = staff.me().is_some_and(|me| me.username == account.username);
    let toggle = {
        let name = name.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let name = name.clone();
            leptos::task::spawn_local(async move {
                let wanted = !disabled.get_untracked();
                match api::set_staff_user_disabled(name, wanted, staff.csrf()).await {
                    Ok(account) => {
                        error.set(None);
                        disabled.set(account.disabled);
                    }
                    Err(e) => {
                        staff.failed(&e).await;
                        error.set(Some(e));
                    }
                }
                busy.set(false);
            });
        }
    };
    let pass_id = format!("pw-{name}");
    let error_id = format!("pw-{name}-error");
    let set_password = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Err(p) = check_new_password(&password.get_untracked()) {
                local.set(Some(password_problem(p)));
                return;
            }
            local.set(None);
            busy.set(true);
            saved.set(false);
            let name = name.clone();
            leptos::task::spawn_local(async move {
                match api::set_staff_user_password(name, password.get_untracked(), staff.csrf())
                    .await
                {
                    Ok(_) => {
                        password.set(String::new());
                        error.set(None);
                        saved.set(true);
                    }
                    Err(e) => {
                        staff.failed(&e).await;
                        error.set(Some(e));
                    }
                }
                busy.set(false);
            });
        }
    };
    let message = move || {
        local
            .get()
            .or_else(|| error.get().map(|e| failure(&e)))
            .map(|k| i18n.tr(k))
    };
    // The unit by its name once the district's organisation is in.
    let grant = account.grant.clone();
    let unit = move || {
        district.with(|d| super::unit_name(&grant, d.as_ref().and_then(|r| r.as_ref().ok())))
    };
    let last = account.last_login_at.map(china_time).unwrap_or_default();
    view! {
        <tr class:disabled=move || disabled.get()>
            <td class="code">{name.clone()}</td>
            <td>{account.display_name.clone()}</td>
            <td>{move || i18n.tr(role_key(role))} " · " {unit}</td>
            <td>{last}</td>
            <td>{move || i18n.tr(if disabled.get() { Key::StaffUserDisabled } else { Key::StaffUserEnabled })}</td>
            <td>
                {(!own).then(|| view! {
                    // aria-disabled, not disabled, while the change is out: a disabled button would
                    // lose the keyboard's focus.
                    <button type="button" class="button button-secondary" aria-disabled=move || busy.get().to_string() on:click=toggle>
                        {move || i18n.tr(if disabled.get() { Key::StaffUserEnable } else { Key::StaffUserDisable })}
                        <span class="visually-hidden">" " {name.clone()}</span>
                    </button>
                })}
                <form class="inline-form" on:submit=set_password>
                    <label for=pass_id.clone() class="visually-hidden">
                        {move || format!("{} {}", i18n.tr(Key::StaffNewPassword), account.username)}
                    </label>
                    <input
                        id=pass_id
                        type="password"
                        autocomplete="new-password"
                        placeholder=move || i18n.tr(Key::StaffNewPassword)
                        aria-describedby=error_id.clone()
                        prop:value=move || password.get()
                        on:input=move |ev| {
                            password.set(event_target_value(&ev));
                            local.set(None);
                            saved.set(false);
                        }
                    />
                    <button type="submit" class="button button-secondary" disabled=move || busy.get()>
                        {i18n.t(Key::StaffSetPassword)}
                    </button>
                    <p id=error_id class="field-error" role="alert">
                        {message}
                        {move || saved.get().then(|| i18n.tr(Key::StaffPasswordSet))}
                    </p>
                </form>
            </td>
        </tr>
    }
}

fn new_account(district: DistrictView) -> impl IntoView {
    view! { <NewAccount district /> }
}

#[component]
fn NewAccount(district: DistrictView) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let accounts = expect_context::<Accounts>();
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Publisher);
    let authority = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<(Field, Key)>::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let district = StoredValue::new(district);
    let form = move || NewAccountForm {
        username: username.get_untracked(),
        display_name: name.get_untracked(),
        role: role.get_untracked(),
        authority: role
            .get_untracked()
            .needs_authority()
            .then(|| AuthorityId::parse(authority.get_untracked()).ok())
            .flatten(),
        password: password.get_untracked(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let f = form();
        let found = district.with_value(|d| check(&f, d));
        error.set(None);
        done.set(None);
        if !found.is_empty() {
            problems.set(found);
            focus_soon("new-account-problems");
            return;
        }
        problems.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::add_staff_user(f, staff.csrf()).await {
                Ok(a) => {
                    done.set(Some(a.username.to_string()));
                    username.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    accounts.refetch();
                }
                Err(e) => {
                    staff.failed(&e).await;
                    match server_problem(&e) {
                        Some(p) => problems.set(vec![p]),
                        None => error.set(Some(e)),
                    }
                }
            }
            busy.set(false);
            focus_soon("new-account-problems");
        });
    };
    let at = move |field: Field| {
        move || {
            problems.with(|ps| {
                ps.iter()
                    .filter(|(f, _)| *f == field)
                    .map(|(_, k)| i18n.tr(*k))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }
    };
    let invalid = move |field: Field| {
        move || {
            problems
                .with(|ps| ps.iter().any(|(f, _)| *f == field))
                .to_string()
        }
    };
    let needs_authority = move || role.get().needs_authority();
    view! {
        <form class="card new-account" on:submit=submit novalidate aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">{i18n.t(Key::StaffNewAccount)}</h2>
            <p id="new-account-problems" tabindex="-1" role="status" class=move || if done.get().is_some() { "success" } else { "field-error" }>
                {move || done.get().map(|u| format!("{} {u}", i18n.tr(Key::StaffAccountAdded)))}
                {move || error.get().map(|e| i18n.tr(failure(&e)))}
                {move || (!problems.read().is_empty()).then(|| i18n.tr(Key::StaffProblemsHeading))}
            </p>
            <div class="field">
                <label for="na-username">{i18n.t(Key::StaffUsername)}</label>
                <input id="na-username" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="32"
                    aria-invalid=invalid(Field::Username) aria-describedby="na-username-hint na-username-error"
                    prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                <p id="na-username-hint" class="hint">{i18n.t(Key::StaffUsernameCharacters)}</p>
                <p id="na-username-error" class="field-error">{at(Field::Username)}</p>
            </div>
            <div class="field">
                <label for="na-name">{i18n.t(Key::StaffDisplayName)}</label>
                <input id="na-name" type="text" autocomplete="off" maxlength="40"
                    aria-invalid=invalid(Field::DisplayName) aria-describedby="na-name-error"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="na-name-error" class="field-error">{at(Field::DisplayName)}</p>
            </div>
            <div class="field">
                <label for="na-role">{i18n.t(Key::StaffRole)}</label>
                <select id="na-role" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = Role::ALL.into_iter().find(|r| spelling(r) == v) {
                        role.set(r);
                        problems.update(|ps| ps.retain(|(f, _)| *f != Field::Authority));
                    }
                }>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=spelling(&r) selected=move || role.get() == r>{i18n.t(role_key(r))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="na-authority">{i18n.t(Key::PfAuthority)}</label>
                <select id="na-authority" disabled=move || !needs_authority()
                    aria-invalid=invalid(Field::Authority) aria-describedby="na-authority-error"
                    on:change=move |ev| authority.set(event_target_value(&ev))>
                    <option value="" selected=move || authority.get().is_empty()>{i18n.t(Key::StaffChoose)}</option>
                    {district.with_value(|d| d.authorities.iter().map(|a| {
                        let id = a.id.to_string();
                        let chosen = id.clone();
                        view! { <option value=id selected=move || authority.get() == chosen>{a.name.to_string()}</option> }
                    }).collect_view())}
                </select>
                <p id="na-authority-error" class="field-error">{at(Field::Authority)}</p>
            </div>
            <div class="field">
                <label for="na-password">{i18n.t(Key::StaffPassword)}</label>
                <input id="na-password" type="password" autocomplete="new-password" maxlength="128"
                    aria-invalid=invalid(Field::Password) aria-describedby="na-password-hint na-password-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                <p id="na-password-hint" class="hint">{i18n.t(Key::StaffPasswordShort)}</p>
                <p id="na-password-error" class="field-error">{at(Field::Password)}</p>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>
                {busy_label(busy, Key::StaffAddAccount, Key::StaffSaving)}
            </button>
        </form>
    }
}
