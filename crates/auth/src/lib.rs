//! Users of armswatch: accounts with roles, Argon2id password hashes,
//! sign-in sessions and their CSRF tokens, in the register's own file
//! (tables `users` and `sessions`, created by the store's migrations).
//!
//! A session's cookie carries a random 256-bit token; only its SHA-256 is
//! stored, so a copy of the database does not sign anyone in. Each
//! session has its own random CSRF token that every form must send back.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use armswatch_store::review::audit;
use armswatch_store::StoreError;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// How long a session lasts: 12 hours.
pub const SESSION_SECS: i64 = 12 * 3600;
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("database error while {context}: {cause}")]
    Sqlite {
        context: &'static str,
        cause: rusqlite::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a user named {0:?} exists already")]
    Exists(String),
    #[error("no user named {0:?}")]
    NoSuchUser(String),
    #[error("user names are 1-64 letters, digits, `.`, `_` or `-`: {0:?}")]
    BadName(String),
    #[error("unknown role {0:?} (reader, analyst or admin)")]
    BadRole(String),
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("the system's random source failed: {0}")]
    Random(String),
}

trait Ctx<T> {
    fn ctx(self, context: &'static str) -> Result<T, AuthError>;
}

impl<T> Ctx<T> for rusqlite::Result<T> {
    fn ctx(self, context: &'static str) -> Result<T, AuthError> {
        self.map_err(|cause| AuthError::Sqlite { context, cause })
    }
}

/// What a user may do. Every role reads; analysts and admins review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reader,
    Analyst,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Role, AuthError> {
        match s {
            "reader" => Ok(Role::Reader),
            "analyst" => Ok(Role::Analyst),
            "admin" => Ok(Role::Admin),
            _ => Err(AuthError::BadRole(s.to_string())),
        }
    }

    /// May correct, accept and reject register entries.
    pub fn can_review(self) -> bool {
        self >= Role::Analyst
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// A signed-in user and the session's CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf: String,
}

/// A new session: the cookie's token (given once, stored only hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `n` random bytes from the operating system, as hex.
pub fn random_hex(n: usize) -> Result<String, AuthError> {
    let mut buf = vec![0u8; n];
    getrandom::getrandom(&mut buf).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// Compares secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn check_name(name: &str) -> Result<(), AuthError> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    match ok {
        true => Ok(()),
        false => Err(AuthError::BadName(name.to_string())),
    }
}

fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::WeakPassword);
    }
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| AuthError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Creates a user; `by` is who did it, for the audit log.
pub fn add_user(
    conn: &Connection,
    name: &str,
    role: Role,
    password: &str,
    by: &str,
) -> Result<(), AuthError> {
    check_name(name)?;
    let hash = hash_password(password)?;
    let sql = format!(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, {NOW})"
    );
    match conn.execute(&sql, params![name, role.as_str(), hash]) {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(AuthError::Exists(name.to_string()))
        }
        r => r.ctx("adding a user")?,
    };
    let role = format!("{:?}", role.as_str());
    account_changed(conn, by, "user_add", name, Some(&role))?;
    Ok(())
}

/// Every user, by name.
pub fn list_users(conn: &Connection) -> Result<Vec<User>, AuthError> {
    let mut st = conn
        .prepare("SELECT id, name, role FROM users ORDER BY name")
        .ctx("listing users")?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .ctx("listing users")?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, role) = row.ctx("listing users")?;
        out.push(User {
            id,
            name,
            role: Role::parse(&role)?,
        });
    }
    Ok(out)
}

/// Removes a user and their sessions.
pub fn remove_user(conn: &Connection, name: &str, by: &str) -> Result<(), AuthError> {
    let n = conn
        .execute("DELETE FROM users WHERE name = ?1", [name])
        .ctx("removing a user")?;
    if n == 0 {
        return Err(AuthError::NoSuchUser(name.to_string()));
    }
    account_changed(conn, by, "user_remove", name, None)?;
    Ok(())
}

/// One audit line for a change to the account `name` (the audit log's
/// field column holds the account; `new` what it became, if anything).
fn account_changed(
    conn: &Connection,
    by: &str,
    action: &str,
    name: &str,
    new: Option<&str>,
) -> Result<(), AuthError> {
    audit(conn, by, action, None, None, Some(name), None, new, None)?;
    Ok(())
}

/// Sets a new password and ends the user's sessions.
pub fn set_password(
    conn: &Connection,
    name: &str,
    password: &str,
    by: &str,
) -> Result<(), AuthError> {
    let hash = hash_password(password)?;
    let n = conn
        .execute(
            "UPDATE users SET password_hash = ?2 WHERE name = ?1",
            params![name, hash],
        )
        .ctx("changing a password")?;
    if n == 0 {
        return Err(AuthError::NoSuchUser(name.to_string()));
    }
    conn.execute(
        "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
        [name],
    )
    .ctx("ending sessions")?;
    account_changed(conn, by, "user_passwd", name, None)?;
    Ok(())
}

/// The user whose name and password these are, or None. An unknown name
/// costs a hash too, so timing does not tell which names exist.
pub fn verify(conn: &Connection, name: &str, password: &str) -> Result<Option<User>, AuthError> {
    let row: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT id, role, password_hash FROM users WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .ctx("reading a user")?;
    let Some((id, role, hash)) = row else {
        let _ = hash_password("not a user's password");
        return Ok(None);
    };
    if !password_matches(&hash, password) {
        return Ok(None);
    }
    Ok(Some(User {
        id,
        name: name.to_string(),
        role: Role::parse(&role)?,
    }))
}

/// Starts a session for `user`; expired sessions are cleared on the way.
pub fn start_session(conn: &Connection, user: &User) -> Result<NewSession, AuthError> {
    let now = now_secs();
    conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])
        .ctx("clearing expired sessions")?;
    let token = random_hex(32)?;
    let csrf = random_hex(32)?;
    let sql = format!(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
         VALUES (?1, ?2, ?3, {NOW}, ?4)"
    );
    conn.execute(
        &sql,
        params![sha256_hex(&token), user.id, csrf, now + SESSION_SECS],
    )
    .ctx("starting a session")?;
    Ok(NewSession { token, csrf })
}

/// The live session whose cookie token this is.
pub fn session(conn: &Connection, token: &str) -> Result<Option<Session>, AuthError> {
    let row: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            params![sha256_hex(token), now_secs()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .ctx("reading a session")?;
    row.map(|(id, name, role, csrf)| {
        Ok(Session {
            user: User {
                id,
                name,
                role: Role::parse(&role)?,
            },
            csrf,
        })
    })
    .transpose()
}

/// Ends the session whose cookie token this is (if any).
pub fn end_session(conn: &Connection, token: &str) -> Result<(), AuthError> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [sha256_hex(token)],
    )
    .ctx("ending a session")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use armswatch_store::SqliteStore;

    #[test]
    fn passwords_sessions_and_roles() {
        let store = SqliteStore::open_in_memory().unwrap();
        let c = store.connection();
        add_user(c, "ana", Role::Analyst, "correct horse", "cli").unwrap();
        assert!(matches!(
            add_user(c, "ana", Role::Reader, "another one", "cli"),
            Err(AuthError::Exists(_))
        ));
        assert!(matches!(
            add_user(c, "bob", Role::Reader, "short", "cli"),
            Err(AuthError::WeakPassword)
        ));
        assert!(matches!(
            add_user(c, "a b", Role::Reader, "long enough", "cli"),
            Err(AuthError::BadName(_))
        ));
        assert_eq!(verify(c, "ana", "wrong horse").unwrap(), None);
        assert_eq!(verify(c, "nobody", "correct horse").unwrap(), None);
        let ana = verify(c, "ana", "correct horse").unwrap().unwrap();
        assert!(ana.role.can_review());
        assert!(!Role::Reader.can_review());
        let hash: String = c
            .query_row("SELECT password_hash FROM users", [], |r| r.get(0))
            .unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let s = start_session(c, &ana).unwrap();
        assert_eq!(s.token.len(), 64);
        let stored: String = c
            .query_row("SELECT token_hash FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, s.token, "the token is stored hashed");
        assert_eq!(session(c, &s.token).unwrap().unwrap().csrf, s.csrf);
        assert_eq!(session(c, "forged").unwrap(), None);
        set_password(c, "ana", "battery staple", "cli").unwrap();
        assert_eq!(
            session(c, &s.token).unwrap(),
            None,
            "a new password ends sessions"
        );
        remove_user(c, "ana", "cli").unwrap();
        assert_eq!(verify(c, "ana", "battery staple").unwrap(), None);
        assert!(
            same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("ab", "abc")
        );
    }

    #[test]
    fn expired_sessions_sign_nobody_in() {
        let store = SqliteStore::open_in_memory().unwrap();
        let c = store.connection();
        add_user(c, "ana", Role::Analyst, "correct horse", "cli").unwrap();
        let ana = verify(c, "ana", "correct horse").unwrap().unwrap();
        let s = start_session(c, &ana).unwrap();
        c.execute("UPDATE sessions SET expires_at = 0", []).unwrap();
        assert_eq!(session(c, &s.token).unwrap(), None);
    }
}
