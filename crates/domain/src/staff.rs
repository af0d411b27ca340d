//! Staff accounts and what each role may do. A grant ties a role to one unit: an admin or a
//! supervisor to a district, a publisher or a complaint handler to one authority of it. Every
//! write on the staff side asks one of the predicates here, so the rule is written once and the
//! browser can hide what the server would refuse anyway.

use crate::{AuthorityId, DistrictCode};
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// A login name: 3–32 characters, lower-case ASCII letters, digits, `.`, `_` or `-`, starting with
/// a letter (what people can type on any keyboard and read out on the phone).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("a user name has 3 to 32 characters")]
    Length,
    #[error("a user name starts with a letter and has only a-z, 0-9, '.', '_' and '-'")]
    Character,
}

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;

    /// Parses what was typed; upper case is taken as lower case.
    pub fn parse(s: &str) -> Result<Self, UsernameError> {
        let s = s.trim().to_ascii_lowercase();
        if !(Self::MIN..=Self::MAX).contains(&s.chars().count()) {
            return Err(UsernameError::Length);
        }
        let mut chars = s.chars();
        let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        if !first_is_letter
            || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        {
            return Err(UsernameError::Character);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> Self {
        u.0
    }
}

impl utoipa::PartialSchema for Username {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        String::schema()
    }
}

impl utoipa::ToSchema for Username {}

/// What is wrong with a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("a password is more than one character repeated")]
    OneCharacter,
}

impl PasswordProblem {
    pub const MIN: usize = 12;
    pub const MAX: usize = 128;
}

/// Checks a new password: long enough to resist guessing (length matters more than character
/// classes), short enough to hash quickly, not one key held down.
pub fn check_new_password(password: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < PasswordProblem::MIN {
        return Err(PasswordProblem::TooShort);
    }
    if n > PasswordProblem::MAX {
        return Err(PasswordProblem::TooLong);
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(PasswordProblem::OneCharacter);
    }
    Ok(())
}

/// A staff role.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages a district's accounts and may publish for any of its authorities.
    Admin,
    /// Publishes, corrects and withdraws one authority's penalties, roster and catalog rounds.
    Publisher,
    /// Handles one authority's complaints (and alone sees their contact details).
    Handler,
    /// The district bureau's supervision: every complaint of the district, supervised ones first.
    Supervisor,
}

impl Role {
    pub const ALL: [Self; 4] = [
        Self::Admin,
        Self::Publisher,
        Self::Handler,
        Self::Supervisor,
    ];

    /// Whether the role is held for one authority (else for a whole district).
    pub fn needs_authority(self) -> bool {
        matches!(self, Role::Publisher | Role::Handler)
    }
}

/// A role held over one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Grant {
    pub role: Role,
    pub district: DistrictCode,
    /// The authority, for publishers and handlers.
    pub authority: Option<AuthorityId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("publishers and handlers act for one authority: name it")]
    AuthorityMissing,
    #[error("admins and supervisors act for a whole district: name no authority")]
    AuthorityNotAllowed,
}

impl Grant {
    pub fn new(
        role: Role,
        district: DistrictCode,
        authority: Option<AuthorityId>,
    ) -> Result<Self, GrantError> {
        match (role.needs_authority(), &authority) {
            (true, None) => Err(GrantError::AuthorityMissing),
            (false, Some(_)) => Err(GrantError::AuthorityNotAllowed),
            _ => Ok(Self {
                role,
                district,
                authority,
            }),
        }
    }

    fn is_for(&self, district: &DistrictCode, authority: &AuthorityId) -> bool {
        &self.district == district && self.authority.as_ref() == Some(authority)
    }

    /// Whether the holder may publish, correct or withdraw records of `authority` in `district`.
    pub fn may_publish(&self, district: &DistrictCode, authority: &AuthorityId) -> bool {
        match self.role {
            Role::Admin => &self.district == district,
            Role::Publisher => self.is_for(district, authority),
            Role::Handler | Role::Supervisor => false,
        }
    }

    /// Whether the holder may answer a complaint handled by `authority` in `district` (accept,
    /// reply, transfer, close): that authority's handlers. A supervisor reads every case of the
    /// district and adds notes to it (see [`crate::handling::may_read`]) but answers none.
    pub fn may_handle(&self, district: &DistrictCode, authority: &AuthorityId) -> bool {
        match self.role {
            Role::Handler => self.is_for(district, authority),
            Role::Supervisor | Role::Admin | Role::Publisher => false,
        }
    }

    /// Whether the holder sees a complainant's contact details on a complaint handled by
    /// `authority`: that authority's handlers only (and not even they when the complainant chose
    /// "handler only" and the case came from another body: see
    /// [`crate::handling::sees_contact`]).
    pub fn sees_contact(&self, district: &DistrictCode, authority: &AuthorityId) -> bool {
        self.role == Role::Handler && self.is_for(district, authority)
    }

    /// Whether the holder manages the accounts of `district`.
    pub fn may_administer(&self, district: &DistrictCode) -> bool {
        self.role == Role::Admin && &self.district == district
    }
}

/// Who is signed in, as `GET /staff/me` and the login answer show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffMe {
    pub username: Username,
    pub display_name: String,
    pub grant: Grant,
    /// Sent back in `X-CSRF-Token` with every state-changing request of this session.
    pub csrf_token: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: time::OffsetDateTime,
}

/// `POST /staff/login`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Login {
    pub username: String,
    pub password: String,
}

/// What is wrong with a display name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("a display name has 1 to 40 characters")]
    Length,
    #[error("a display name has no control characters")]
    ControlCharacter,
}

/// The most characters a display name has (a name and a post: 南坑街道发布员王力).
pub const DISPLAY_NAME_MAX: usize = 40;

/// A display name as typed: trimmed, 1–40 characters, no control characters.
pub fn display_name(s: &str) -> Result<String, DisplayNameError> {
    let s = s.trim();
    if !(1..=DISPLAY_NAME_MAX).contains(&s.chars().count()) {
        return Err(DisplayNameError::Length);
    }
    if s.chars().any(char::is_control) {
        return Err(DisplayNameError::ControlCharacter);
    }
    Ok(s.to_owned())
}

/// A staff account as its district's admins see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffAccount {
    pub username: Username,
    pub display_name: String,
    pub grant: Grant,
    /// A disabled account cannot sign in, and its sessions ended when it was disabled.
    pub disabled: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: time::OffsetDateTime,
    /// The last successful sign-in; absent when the account never signed in.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_login_at: Option<time::OffsetDateTime>,
}

/// `POST /staff/users`: an admin adds an account to their district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountForm {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The authority, for publishers and handlers; none for admins and supervisors.
    #[serde(default)]
    pub authority: Option<AuthorityId>,
    pub password: String,
}

/// `POST /staff/users/{username}/status`: disable an account (its sessions end at once) or enable
/// it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountStatusForm {
    pub disabled: bool,
}

/// `POST /staff/users/{username}/password`: an admin sets a new password (the account's sessions
/// end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordForm {
    pub password: String,
}

/// What is wrong with a new account, each at its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountProblem {
    #[error("{0}")]
    Username(UsernameError),
    #[error("{0}")]
    DisplayName(DisplayNameError),
    #[error("{0}")]
    Grant(GrantError),
    #[error("not an authority of this district")]
    UnknownAuthority,
    #[error("{0}")]
    Password(PasswordProblem),
}

impl AccountProblem {
    /// The form's field at fault (its JSON name).
    pub fn field(&self) -> &'static str {
        match self {
            Self::Username(_) => "username",
            Self::DisplayName(_) => "display_name",
            Self::Grant(_) | Self::UnknownAuthority => "authority",
            Self::Password(_) => "password",
        }
    }
}

/// A new account that passed every check, with the password still in clear (to be hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: Username,
    pub display_name: String,
    pub grant: Grant,
    pub password: String,
}

impl NewAccountForm {
    /// Checks the form for an account of `org`'s district: every problem, in the form's order
    /// (so the browser can show them all before sending; the server answers the first).
    pub fn check(&self, org: &crate::DistrictOrg) -> Result<NewAccount, Vec<AccountProblem>> {
        let mut problems = Vec::new();
        let username = Username::parse(&self.username)
            .map_err(|e| problems.push(AccountProblem::Username(e)))
            .ok();
        let display_name = display_name(&self.display_name)
            .map_err(|e| problems.push(AccountProblem::DisplayName(e)))
            .ok();
        let grant = Grant::new(self.role, org.district.code.clone(), self.authority.clone())
            .map_err(|e| problems.push(AccountProblem::Grant(e)))
            .ok();
        if let Some(a) = &self.authority
            && grant.is_some()
            && org.authority(a).is_none()
        {
            problems.push(AccountProblem::UnknownAuthority);
        }
        if let Err(e) = check_new_password(&self.password) {
            problems.push(AccountProblem::Password(e));
        }
        match (username, display_name, grant) {
            (Some(username), Some(display_name), Some(grant)) if problems.is_empty() => {
                Ok(NewAccount {
                    username,
                    display_name,
                    grant,
                    password: self.password.clone(),
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn district(s: &str) -> DistrictCode {
        DistrictCode::parse(s).expect("valid")
    }

    fn authority(s: &str) -> AuthorityId {
        AuthorityId::parse(s).expect("valid")
    }

    #[test]
    fn user_names() {
        assert_eq!(
            Username::parse(" Wang.Li ").map(|u| u.0),
            Ok("wang.li".to_owned())
        );
        for (bad, why) in [
            ("ab", UsernameError::Length),
            ("a".repeat(33).as_str(), UsernameError::Length),
            ("1abc", UsernameError::Character),
            ("wang li", UsernameError::Character),
            ("王力abc", UsernameError::Character),
            ("_abc", UsernameError::Character),
        ] {
            assert_eq!(Username::parse(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn new_passwords() {
        assert_eq!(check_new_password("correct horse battery"), Ok(()));
        assert_eq!(check_new_password("short"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_new_password(&"x".repeat(20)),
            Err(PasswordProblem::OneCharacter)
        );
        assert_eq!(
            check_new_password(&"ab".repeat(65)),
            Err(PasswordProblem::TooLong)
        );
        // Characters, not bytes: twelve Chinese characters are enough.
        assert_eq!(check_new_password("执法公示平台登录密码很长"), Ok(()));
    }

    #[test]
    fn grants_name_an_authority_exactly_when_the_role_acts_for_one() {
        let d = district("350602");
        assert_eq!(
            Grant::new(Role::Publisher, d.clone(), None),
            Err(GrantError::AuthorityMissing)
        );
        assert_eq!(
            Grant::new(Role::Admin, d.clone(), Some(authority("xc-nankeng"))),
            Err(GrantError::AuthorityNotAllowed)
        );
        assert!(Grant::new(Role::Supervisor, d, None).is_ok());
    }

    /// The access matrix: who may do what, for their own unit and for another.
    #[test]
    fn nobody_acts_for_another_unit() {
        let (d, other_d) = (district("350602"), district("310105"));
        let (a, other_a) = (authority("xc-nankeng"), authority("xc-xinqiao"));
        let grant = |role, authority: Option<&AuthorityId>| {
            Grant::new(role, d.clone(), authority.cloned()).expect("valid")
        };
        let admin = grant(Role::Admin, None);
        let publisher = grant(Role::Publisher, Some(&a));
        let handler = grant(Role::Handler, Some(&a));
        let supervisor = grant(Role::Supervisor, None);

        assert!(admin.may_publish(&d, &a) && admin.may_publish(&d, &other_a));
        assert!(!admin.may_publish(&other_d, &a));
        assert!(publisher.may_publish(&d, &a));
        assert!(!publisher.may_publish(&d, &other_a) && !publisher.may_publish(&other_d, &a));
        assert!(!handler.may_publish(&d, &a) && !supervisor.may_publish(&d, &a));

        assert!(handler.may_handle(&d, &a) && !handler.may_handle(&d, &other_a));
        assert!(!supervisor.may_handle(&d, &a) && !supervisor.may_handle(&other_d, &a));
        assert!(!admin.may_handle(&d, &a) && !publisher.may_handle(&d, &a));

        assert!(handler.sees_contact(&d, &a));
        assert!(!handler.sees_contact(&d, &other_a));
        assert!(!supervisor.sees_contact(&d, &a) && !admin.sees_contact(&d, &a));

        assert!(admin.may_administer(&d) && !admin.may_administer(&other_d));
        assert!(!supervisor.may_administer(&d) && !publisher.may_administer(&d));
    }

    #[test]
    fn a_new_account_form_reports_every_problem_at_its_field() {
        let org = crate::fixtures::district();
        let form =
            |username: &str, display: &str, role, authority: Option<&str>, password: &str| {
                NewAccountForm {
                    username: username.to_owned(),
                    display_name: display.to_owned(),
                    role,
                    authority: authority.map(authority_of),
                    password: password.to_owned(),
                }
            };
        fn authority_of(s: &str) -> AuthorityId {
            AuthorityId::parse(s).expect("valid")
        }
        let ok = form(
            " Jia.Pub ",
            " 甲街道发布员 ",
            Role::Publisher,
            Some("t-a"),
            "correct horse battery",
        )
        .check(&org)
        .expect("a good form");
        assert_eq!(ok.username.as_str(), "jia.pub");
        assert_eq!(ok.display_name, "甲街道发布员");
        assert_eq!(ok.grant.district, org.district.code);
        assert!(
            form(
                "dist.admin",
                "管理员",
                Role::Admin,
                None,
                "correct horse battery"
            )
            .check(&org)
            .is_ok()
        );

        for (f, fields, why) in [
            (
                form("x", "", Role::Publisher, None, "short"),
                vec!["username", "display_name", "authority", "password"],
                "everything wrong at once",
            ),
            (
                form(
                    "ok.name",
                    &"名".repeat(41),
                    Role::Admin,
                    None,
                    "correct horse battery",
                ),
                vec!["display_name"],
                "a display name of 41 characters",
            ),
            (
                form(
                    "ok.name",
                    "a\u{7}b",
                    Role::Admin,
                    None,
                    "correct horse battery",
                ),
                vec!["display_name"],
                "a control character",
            ),
            (
                form(
                    "ok.name",
                    "名",
                    Role::Supervisor,
                    Some("t-a"),
                    "correct horse battery",
                ),
                vec!["authority"],
                "a supervisor names no authority",
            ),
            (
                form(
                    "ok.name",
                    "名",
                    Role::Handler,
                    Some("t-nowhere"),
                    "correct horse battery",
                ),
                vec!["authority"],
                "an authority of no district here",
            ),
            (
                form("ok.name", "名", Role::Handler, Some("t-a"), &"x".repeat(20)),
                vec!["password"],
                "one character repeated",
            ),
        ] {
            let problems = f.check(&org).expect_err(why);
            let named: Vec<&str> = problems.iter().map(AccountProblem::field).collect();
            assert_eq!(named, fields, "{why}: {problems:?}");
        }
    }
}
