//! The staff half of [`SqliteStore`]: accounts (and their management by a district's admins),
//! sessions and failed logins.

use super::SqliteStore;
use super::complaints::rfc3339;
use crate::params::spelling;
use crate::store::rows::staff::{AccountRow, SessionRow, UserRow, account, session, user};
use crate::store::{NewStaffUser, StaffSession, StaffUser, StoreResult};
use gongshi_domain::staff::{StaffAccount, Username};
use gongshi_domain::{AuthorityId, DistrictCode};
use time::OffsetDateTime;

/// The columns of a [`UserRow`], for a query on `staff_users u`.
const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, u.district, u.authority, u.disabled";

impl SqliteStore {
    pub(super) async fn staff_accounts_impl(
        &self,
        district: &DistrictCode,
    ) -> StoreResult<Vec<StaffAccount>> {
        let rows: Vec<AccountRow> = sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS}, u.created_at, u.last_login_at FROM staff_users u
                 WHERE u.district = ? ORDER BY u.username"
        ))
        .bind(district.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(account).collect()
    }

    pub(super) async fn staff_account_impl(
        &self,
        district: &DistrictCode,
        username: &Username,
    ) -> StoreResult<Option<StaffAccount>> {
        let row: Option<AccountRow> = sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS}, u.created_at, u.last_login_at FROM staff_users u
                 WHERE u.district = ? AND u.username = ?"
        ))
        .bind(district.as_str())
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(account).transpose()
    }

    pub(super) async fn set_staff_disabled_impl(
        &self,
        district: &DistrictCode,
        username: &Username,
        disabled: bool,
    ) -> StoreResult<bool> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let done =
            sqlx::query("UPDATE staff_users SET disabled = ? WHERE district = ? AND username = ?")
                .bind(i64::from(disabled))
                .bind(district.as_str())
                .bind(username.as_str())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        if disabled {
            sqlx::query(
                "DELETE FROM staff_sessions
                     WHERE user_id = (SELECT id FROM staff_users WHERE username = ?)",
            )
            .bind(username.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub(super) async fn set_staff_password_impl(
        &self,
        district: &DistrictCode,
        username: &Username,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<bool> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query(
            "UPDATE staff_users SET password_hash = ? WHERE district = ? AND username = ?",
        )
        .bind(password_hash)
        .bind(district.as_str())
        .bind(username.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "DELETE FROM staff_sessions
                 WHERE user_id = (SELECT id FROM staff_users WHERE username = ?)
                   AND token_sha256 IS NOT ?",
        )
        .bind(username.as_str())
        .bind(keep)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub(super) async fn add_staff_user_impl(&self, u: &NewStaffUser) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO staff_users
                 (username, display_name, password_hash, role, district, authority, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (username) DO NOTHING",
        )
        .bind(u.username.as_str())
        .bind(&u.display_name)
        .bind(&u.password_hash)
        .bind(spelling(&u.grant.role))
        .bind(u.grant.district.as_str())
        .bind(u.grant.authority.as_ref().map(AuthorityId::as_str))
        .bind(rfc3339(OffsetDateTime::now_utc()))
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(super) async fn staff_user_impl(
        &self,
        username: &Username,
    ) -> StoreResult<Option<StaffUser>> {
        let row: Option<UserRow> = sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM staff_users u WHERE u.username = ?"
        ))
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(user).transpose()
    }

    pub(super) async fn open_session_impl(
        &self,
        user: i64,
        token_sha256: &str,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let now = OffsetDateTime::now_utc();
        let mut tx = self.writer.begin().await?;
        // Ended sessions go as new ones open.
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at < ?")
            .bind(rfc3339(now))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_sha256, user_id, csrf_token, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_sha256)
        .bind(user)
        .bind(csrf_token)
        .bind(rfc3339(now))
        .bind(rfc3339(expires_at))
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE staff_users SET last_login_at = ? WHERE id = ?")
            .bind(rfc3339(now))
            .bind(user)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn session_impl(
        &self,
        token_sha256: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(StaffUser, StaffSession)>> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at
                 FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
                 WHERE s.token_sha256 = ? AND s.expires_at > ?"
        ))
        .bind(token_sha256)
        .bind(rfc3339(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(session).transpose()
    }

    pub(super) async fn close_session_impl(&self, token_sha256: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_sha256 = ?")
            .bind(token_sha256)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(super) async fn login_failed_impl(
        &self,
        client: &str,
        username: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<(u64, u64)> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM staff_login_failures WHERE at < ?")
            .bind(rfc3339(since))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO staff_login_failures (client, username, at) VALUES (?, ?, ?)")
            .bind(client)
            .bind(username)
            .bind(rfc3339(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.login_failures_impl(client, username, since).await
    }

    pub(super) async fn login_failures_impl(
        &self,
        client: &str,
        username: &str,
        since: OffsetDateTime,
    ) -> StoreResult<(u64, u64)> {
        let (by_client, by_name): (i64, i64) = sqlx::query_as(
            "SELECT
                 (SELECT count(*) FROM staff_login_failures WHERE client = ? AND at >= ?),
                 (SELECT count(*) FROM staff_login_failures WHERE username = ? AND at >= ?)",
        )
        .bind(client)
        .bind(rfc3339(since))
        .bind(username)
        .bind(rfc3339(since))
        .fetch_one(&self.pool)
        .await?;
        Ok((
            u64::try_from(by_client).unwrap_or(0),
            u64::try_from(by_name).unwrap_or(0),
        ))
    }
}
