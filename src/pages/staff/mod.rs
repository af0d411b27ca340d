//! The staff area (`/staff`): signing in, and what each role does — publishers keep their
//! authority's penalty disclosures, handlers answer its complaints, supervisors follow the
//! district's. Every page here sits inside [`StaffGate`], which asks the server who is signed in
//! and shows the sign-in form instead when no one is. The server decides every permission again;
//! the pages only leave out what it would refuse.

pub mod case;
pub mod catalog;
pub mod home;
pub mod import;
pub mod inbox;
pub mod officer;
pub mod penalties;
pub mod penalty;
pub mod record_form;
pub mod roster;
pub mod secondments;
pub mod users;

use crate::api::{self, ApiError};
use crate::components::Skeleton;
use crate::i18n::{self, Key, use_i18n};
use crate::routes::AppRoute;
use gongshi_domain::api::ErrorCode;
use gongshi_domain::staff::{Login, Role, StaffMe};
use leptos::prelude::*;
use leptos_router::components::A;

/// Where the staff session stands.
#[derive(Debug, Clone, PartialEq)]
enum Session {
    /// Not asked yet (or being asked).
    Unknown,
    SignedOut,
    SignedIn(StaffMe),
}

/// The session, shared by the staff pages through context.
#[derive(Debug, Clone, Copy)]
pub struct StaffContext {
    session: RwSignal<Session>,
    /// The server answered 401 to a write: the session ended under an open page. The page stays
    /// (with what was typed) and the sign-in form shows above it.
    expired: RwSignal<bool>,
}

impl StaffContext {
    /// Who is signed in (reactive).
    pub fn me(self) -> Option<StaffMe> {
        match self.session.get() {
            Session::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// The CSRF token to send with a write (read when sending, so a new sign-in's applies).
    pub fn csrf(self) -> String {
        match self.session.get_untracked() {
            Session::SignedIn(me) => me.csrf_token,
            _ => String::new(),
        }
    }

    /// Takes note of a failed request: a 401 means the session ended, so sign-in is offered; a
    /// CSRF refusal means someone signed in again in another tab (the cookie is the new session's),
    /// so the page takes the current session's token — the same person pressing again succeeds,
    /// someone else gets the page afresh, and a session gone brings the sign-in form.
    /// Awaited before the failure is shown, so that pressing again uses the renewed token.
    pub async fn failed(self, e: &ApiError) {
        if e.status == Some(401) {
            let _ = self.expired.try_set(true);
        } else if e.code == Some(ErrorCode::CsrfFailed) {
            match api::staff_me().await {
                Ok(me) => {
                    let _ = self.session.try_set(Session::SignedIn(me));
                    // Signed in again elsewhere after this page's session had ended.
                    let _ = self.expired.try_set(false);
                }
                Err(e) if e.status == Some(401) => {
                    let _ = self.expired.try_set(true);
                }
                Err(_) => {}
            }
        }
    }

    /// A read's answer, noting an ended session (see [`StaffContext::failed`]).
    pub async fn seen<T>(
        self,
        request: impl std::future::Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        let answer = request.await;
        if let Err(e) = &answer {
            self.failed(e).await;
        }
        answer
    }

    /// The signed-in district (reactive, but notifying only when it changes: a renewed session
    /// does not reload what depends on it).
    pub fn district(self) -> Memo<Option<gongshi_domain::DistrictCode>> {
        Memo::new(move |_| self.me().map(|me| me.grant.district))
    }

    /// The signed-in district's organisation, to name units, authorities and places: `None` while
    /// it loads or if it cannot be had (callers then show codes).
    pub fn names(self) -> LocalResource<Option<gongshi_domain::api::DistrictView>> {
        let district = self.district();
        LocalResource::new(move || {
            let code = district.get();
            async move {
                match code {
                    Some(code) => api::district(code.to_string()).await.ok(),
                    None => None,
                }
            }
        })
    }

    fn signed_in(self, me: StaffMe) {
        self.session.set(Session::SignedIn(me));
        self.expired.set(false);
    }
}

pub fn provide_staff_context() {
    provide_context(StaffContext {
        session: RwSignal::new(Session::Unknown),
        expired: RwSignal::new(false),
    });
}

pub fn use_staff() -> StaffContext {
    expect_context::<StaffContext>()
}

/// The role's name.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => Key::StaffRoleAdmin,
        Role::Publisher => Key::StaffRolePublisher,
        Role::Handler => Key::StaffRoleHandler,
        Role::Supervisor => Key::StaffRoleSupervisor,
    }
}

/// A failed staff request in words.
pub fn failure(e: &ApiError) -> Key {
    match e.code {
        Some(ErrorCode::Unauthorized) => Key::StaffSessionEnded,
        Some(ErrorCode::Forbidden) => Key::StaffForbidden,
        Some(ErrorCode::CsrfFailed) => Key::StaffCsrfRenewed,
        Some(ErrorCode::Conflict) => Key::StaffConflict,
        Some(ErrorCode::InvalidRecord) => Key::StaffInvalidRecord,
        Some(ErrorCode::InvalidForm | ErrorCode::InvalidBody | ErrorCode::InvalidParameter) => {
            Key::StaffInvalidForm
        }
        Some(ErrorCode::PayloadTooLarge) => Key::StaffTooLarge,
        code => i18n::error_code(code),
    }
}

/// A staff page: its title (heading and document title) over a [`StaffGate`].
#[component]
pub fn StaffPage(title: Key, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    crate::pages::use_title(move || i18n.tr(title).to_owned());
    view! {
        <h1>{i18n.t(title)}</h1>
        <div class="staff-area">
            <StaffGate>{children()}</StaffGate>
        </div>
    }
}

/// Shows `children` to a signed-in member of staff, the sign-in form to anyone else.
#[component]
pub fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    if staff.session.get_untracked() == Session::Unknown {
        leptos::task::spawn_local(async move {
            let next = match api::staff_me().await {
                Ok(me) => Session::SignedIn(me),
                Err(_) => Session::SignedOut,
            };
            let _ = staff.session.try_set(next);
        });
    }
    // Children stay mounted while an ended session is renewed: nothing typed is lost.
    let signed_in = Memo::new(move |was: Option<&bool>| {
        matches!(staff.session.get(), Session::SignedIn(_))
            || (was == Some(&true) && staff.expired.get())
    });
    // Whose page it is: a different person signing in on the form starts the page again, so
    // nothing of the previous account's stays on screen.
    let who = Memo::new(
        move |was: Option<&Option<String>>| match staff.session.get() {
            Session::SignedIn(me) => Some(me.username.to_string()),
            _ => was.cloned().flatten(),
        },
    );
    let children = StoredValue::new(children);
    view! {
        {move || match staff.session.get() {
            Session::Unknown => view! { <Skeleton lines=2 /> }.into_any(),
            Session::SignedOut if !signed_in.get() => view! { <LoginForm /> }.into_any(),
            _ => ().into_any(),
        }}
        <Show when=move || staff.expired.get()>
            <div class="notice" role="alert">
                <p>{i18n.t(Key::StaffSessionEnded)}</p>
            </div>
            <LoginForm />
        </Show>
        <Show when=move || signed_in.get()>
            <StaffBar />
            {move || {
                who.track();
                children.with_value(|c| c())
            }}
        </Show>
    }
}

/// Who is signed in, the way to the staff start page, and signing out.
#[component]
fn StaffBar() -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    // The unit's name (its code until the district's organisation arrives, or if it cannot).
    let org = staff.names();
    let sign_out = move |_| {
        busy.set(true);
        let csrf = staff.csrf();
        leptos::task::spawn_local(async move {
            // An ended session is signed out already: either way the page forgets it, and the
            // draft of a new record typed on this device.
            // With another session's token (someone signed in again in another tab) the sign-out
            // is refused: sign out the session the cookie now holds, with its own token.
            let ended = api::staff_logout(csrf).await;
            if let Err(e) = ended
                && e.code == Some(ErrorCode::CsrfFailed)
                && let Ok(me) = api::staff_me().await
            {
                let _ = api::staff_logout(me.csrf_token).await;
            }
            record_form::forget_drafts();
            staff.expired.set(false);
            staff.session.set(Session::SignedOut);
            busy.set(false);
        });
    };
    view! {
        <div class="staff-bar">
            <A href=AppRoute::Staff.href()>{i18n.t(Key::StaffHomeTitle)}</A>
            <span class="staff-who">
                {move || staff.me().map(|me| {
                    let role = me.grant.role;
                    let unit = unit_name(&me.grant, org.get().flatten().as_ref());
                    format!("{} · {} · {unit}", me.display_name, i18n.tr(role_key(role)))
                })}
            </span>
            <button type="button" class="button button-secondary" on:click=sign_out disabled=move || busy.get()>
                {i18n.t(Key::StaffSignOut)}
            </button>
        </div>
    }
}

/// A grant's unit as people call it: the authority's name for a publisher or handler, the
/// district's for an admin or supervisor; the code while the names are not known.
pub fn unit_name(
    grant: &gongshi_domain::staff::Grant,
    org: Option<&gongshi_domain::api::DistrictView>,
) -> String {
    match (&grant.authority, org) {
        (Some(a), Some(org)) => org
            .authorities
            .iter()
            .find(|x| &x.id == a)
            .map_or_else(|| a.to_string(), |x| x.name.to_string()),
        (Some(a), None) => a.to_string(),
        (None, Some(org)) => org.district.name.to_string(),
        (None, None) => grant.district.to_string(),
    }
}

/// User name and password; a wrong pair and too many tries are said in words.
#[component]
fn LoginForm() -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // The form is shown above an open page when a session ends: give each its own ids.
    let prefix = if staff.expired.get_untracked() {
        "relogin"
    } else {
        "login"
    };
    let user_id = format!("{prefix}-username");
    let pass_id = format!("{prefix}-password");
    let error_id = format!("{prefix}-error");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let login = Login {
            username: username.get_untracked(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::staff_login(login).await {
                Ok(me) => {
                    password.set(String::new());
                    staff.signed_in(me);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let message = move || {
        error.get().map(|e| match e.code {
            Some(ErrorCode::Unauthorized) => i18n.tr(Key::StaffLoginWrong).to_owned(),
            Some(ErrorCode::RateLimited) => {
                let minutes = e.retry_after.unwrap_or(900).div_ceil(60).to_string();
                i18n::format(
                    i18n.lang(),
                    Key::StaffLoginRateLimited,
                    &[("minutes", &minutes)],
                )
            }
            code => i18n.tr(i18n::error_code(code)).to_owned(),
        })
    };
    view! {
        <form class="card login-form" on:submit=submit aria-labelledby=format!("{prefix}-heading")>
            <h2 id=format!("{prefix}-heading")>{i18n.t(Key::StaffLoginTitle)}</h2>
            <div class="field">
                <label for=user_id.clone()>{i18n.t(Key::StaffUsername)}</label>
                <input
                    id=user_id
                    type="text"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    maxlength="32"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for=pass_id.clone()>{i18n.t(Key::StaffPassword)}</label>
                <input
                    id=pass_id
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                    maxlength="128"
                    aria-describedby=error_id.clone()
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </div>
            <p id=error_id class="field-error" role="alert">{message}</p>
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { i18n.tr(Key::StaffSigningIn) } else { i18n.tr(Key::StaffSignIn) }}
            </button>
        </form>
    }
}

/// A button's text while its request is out.
pub fn busy_label(busy: RwSignal<bool>, idle: Key, working: Key) -> impl Fn() -> &'static str {
    let i18n = use_i18n();
    move || {
        if busy.get() {
            i18n.tr(working)
        } else {
            i18n.tr(idle)
        }
    }
}
