//! What the SQLite and PostgreSQL staff code shares (no database access): account and session rows
//! read back into [`StaffUser`], [`StaffAccount`] and [`StaffSession`].

use super::timestamp;
use crate::store::{StaffSession, StaffUser, StoreError, StoreResult};
use gongshi_domain::staff::{Grant, Role, StaffAccount, Username};
use gongshi_domain::{AuthorityId, DistrictCode};

/// `id, username, display_name, password_hash, role, district, authority, disabled`.
pub(in crate::store) type UserRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
);
/// A user row followed by the session's CSRF token and end.
pub(in crate::store) type SessionRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
    String,
);
/// A user row followed by when it was created and last signed in.
pub(in crate::store) type AccountRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
    Option<String>,
);

fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what,
        detail: detail.to_string(),
    }
}

pub(in crate::store) fn user(row: UserRow) -> StoreResult<StaffUser> {
    let (id, username, display_name, password_hash, role, district, authority, disabled) = row;
    let role: Role = serde_json::from_value(serde_json::Value::String(role))
        .map_err(|e| corrupt("staff role", e))?;
    let district = DistrictCode::parse(&district).map_err(|e| corrupt("staff district", e))?;
    let authority = authority
        .map(AuthorityId::parse)
        .transpose()
        .map_err(|e| corrupt("staff authority", e))?;
    Ok(StaffUser {
        id,
        username: Username::parse(&username).map_err(|e| corrupt("user name", e))?,
        display_name,
        password_hash,
        grant: Grant::new(role, district, authority).map_err(|e| corrupt("staff grant", e))?,
        disabled: disabled != 0,
    })
}

/// A session with its user.
pub(in crate::store) fn session(row: SessionRow) -> StoreResult<(StaffUser, StaffSession)> {
    let (id, name, display, hash, role, district, authority, disabled, csrf, expires) = row;
    let user = user((id, name, display, hash, role, district, authority, disabled))?;
    Ok((
        user,
        StaffSession {
            csrf_token: csrf,
            expires_at: timestamp("session end", &expires)?,
        },
    ))
}

/// An account as its admins see it: never the password hash.
pub(in crate::store) fn account(row: AccountRow) -> StoreResult<StaffAccount> {
    let (id, name, display, hash, role, district, authority, disabled, created, last) = row;
    let u = user((id, name, display, hash, role, district, authority, disabled))?;
    Ok(StaffAccount {
        username: u.username,
        display_name: u.display_name,
        grant: u.grant,
        disabled: u.disabled,
        created_at: timestamp("account creation", &created)?,
        last_login_at: last.map(|t| timestamp("last sign-in", &t)).transpose()?,
    })
}
