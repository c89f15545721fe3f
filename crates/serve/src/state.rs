//! What every request shares: database connections, the extractor, the
//! templates, the token.

use crate::countries::Countries;
use crate::error::{ApiError, ServeError};
use crate::pages;
use armswatch_extract::Extractor;
use armswatch_store::SqliteStore;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Idle read connections kept for reuse; more are opened under load.
const IDLE_READERS: usize = 8;

/// How the server is run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The machine clients' bearer token (`POST /api/documents`; with
    /// `private`, any API read too).
    pub token: Option<String>,
    /// Reading needs a signed-in user (or the token): every page but
    /// sign-in redirects there, the API answers 401.
    pub private: bool,
    /// Session cookies get `Secure` (served over https, or behind a proxy
    /// that terminates it).
    pub secure_cookies: bool,
}

/// The shared state of the server.
pub struct AppState {
    db: PathBuf,
    readers: Mutex<Vec<SqliteStore>>,
    writer: Mutex<SqliteStore>,
    token: Option<String>,
    pub(crate) options: Options,
    pub(crate) extractor: Extractor,
    pub(crate) templates: minijinja::Environment<'static>,
    pub(crate) countries: Countries,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("db", &self.db)
            .field("writable", &self.token.is_some())
            .finish()
    }
}

/// A connection for reading, tuned for it when the platform allows
/// (tuning is only about speed, so a failure there is not an error).
fn open_reader(db: &Path) -> Result<SqliteStore, armswatch_store::StoreError> {
    let store = SqliteStore::open(db)?;
    let _ = store.tune_for_reading();
    Ok(store)
}

impl AppState {
    /// Opens (creating and migrating if needed) the database at `db`.
    /// A blank token counts as none.
    pub fn open(db: &Path, token: Option<String>) -> Result<Arc<AppState>, ServeError> {
        AppState::open_with(
            db,
            Options {
                token,
                ..Options::default()
            },
        )
    }

    /// [`AppState::open`] with every setting.
    pub fn open_with(db: &Path, options: Options) -> Result<Arc<AppState>, ServeError> {
        let token = options.token.clone();
        let mut writer = SqliteStore::open(db)?;
        // Articles POSTed to the API are checked against the alerts in
        // the transaction that stores them.
        armswatch_alerts::install(&mut writer);
        let reader = open_reader(db)?;
        let extractor = Extractor::builtin().map_err(|e| ServeError::Extractor(e.to_string()))?;
        Ok(Arc::new(AppState {
            db: db.to_path_buf(),
            readers: Mutex::new(vec![reader]),
            writer: Mutex::new(writer),
            token: token.filter(|t| !t.trim().is_empty()),
            options,
            extractor,
            templates: pages::templates().map_err(|e| ServeError::Templates(e.to_string()))?,
            countries: Countries::builtin(),
        }))
    }

    pub(crate) fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn take_reader(&self) -> Result<SqliteStore, ApiError> {
        let pooled = self.readers.lock().ok().and_then(|mut p| p.pop());
        match pooled {
            Some(s) => Ok(s),
            None => Ok(open_reader(&self.db)?),
        }
    }

    fn give_back(&self, store: SqliteStore) {
        if let Ok(mut p) = self.readers.lock() {
            if p.len() < IDLE_READERS {
                p.push(store);
            }
        }
    }

    /// Runs `f` with a read connection on a blocking thread.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&AppState, &SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = me.take_reader()?;
            let out = f(&me, &store);
            me.give_back(store);
            out
        })
        .await
        .map_err(|_| ApiError::internal("a worker thread failed"))?
    }

    /// Runs `f` with the write connection on a blocking thread (one
    /// writer at a time).
    pub(crate) async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&AppState, &mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            // A panic while writing leaves the mutex poisoned, but the
            // transaction was rolled back when it unwound: carry on.
            let mut guard = me
                .writer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&me, &mut guard)
        })
        .await
        .map_err(|_| ApiError::internal("a worker thread failed"))?
    }
}
