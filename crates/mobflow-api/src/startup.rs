//! Why the app could not start, in words for the window that says so: what is wrong, where,
//! and what the person can do. A damaged database can be moved aside to start anew.

use std::path::Path;

use mobflow_store::{StoreError, DB_FILE};
use serde::{Deserialize, Serialize};

/// What kind of problem stopped the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StartupProblemKind {
    /// The database is not a sound SQLite file (or its saved state is unreadable).
    Damaged,
    /// The database exists but cannot be opened (permissions, ownership).
    Unreadable,
    /// The database was written by a newer Mobflow.
    NewerSchema,
    /// The data folder cannot be created or written to.
    Folder,
    /// Anything else (the runtime folder, the window system).
    Other,
}

/// What the start-up window shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "ts"), derive(ts_rs::TS))]
pub struct StartupProblem {
    pub kind: StartupProblemKind,
    /// One sentence: what is wrong.
    pub title: String,
    /// The error as the system reported it.
    pub detail: String,
    /// The file or folder concerned.
    pub path: String,
    /// What the person can do, one sentence each.
    pub advice: Vec<String>,
    /// Whether "Start with a new history" is offered (a damaged file: it is moved aside,
    /// never deleted).
    pub can_start_new: bool,
}

impl StartupProblem {
    /// The problem the store's start-up check found in `data_dir`.
    pub fn from_store(data_dir: &Path, error: StoreError) -> StartupProblem {
        let db = data_dir.join(DB_FILE).display().to_string();
        let folder = data_dir.display().to_string();
        match error {
            StoreError::Damaged { path, detail } => StartupProblem {
                kind: StartupProblemKind::Damaged,
                title: "Mobflow's history file is damaged.".into(),
                detail,
                advice: vec![
                    "Start with a new history: the damaged file is moved aside (renamed with \
                     today's date and time, never deleted), so it can still be sent for repair."
                        .into(),
                    "Or quit, and put back a copy of the file from a backup first.".into(),
                ],
                path,
                can_start_new: true,
            },
            StoreError::SchemaTooNew {
                path,
                found,
                supported,
            } => StartupProblem {
                kind: StartupProblemKind::NewerSchema,
                title: "Mobflow's history was written by a newer Mobflow.".into(),
                detail: format!(
                    "The file has schema version {found}; this Mobflow reads up to {supported}."
                ),
                advice: vec![
                    "Install the newer Mobflow again; the file was left untouched.".into(),
                    "Or use another data folder with MOBFLOW_DATA_DIR.".into(),
                ],
                path,
                can_start_new: false,
            },
            StoreError::Unreadable { path, detail } => StartupProblem {
                kind: StartupProblemKind::Unreadable,
                title: "Mobflow cannot open its history file.".into(),
                detail,
                advice: vec![
                    "Check that the file belongs to you and that you may read and write it \
                     (ls -l shows both)."
                        .into(),
                    "Then start Mobflow again.".into(),
                ],
                path,
                can_start_new: false,
            },
            StoreError::Folder { path, source } => {
                StartupProblem::folder(Path::new(&path), &source)
            }
            other => StartupProblem {
                kind: StartupProblemKind::Other,
                title: "Mobflow cannot open its history.".into(),
                detail: other.to_string(),
                advice: vec![format!(
                    "Check the disk and the folder {folder}, then start Mobflow again."
                )],
                path: db,
                can_start_new: false,
            },
        }
    }

    /// The data folder cannot be created or written to.
    pub fn folder(folder: &Path, error: &std::io::Error) -> StartupProblem {
        StartupProblem {
            kind: StartupProblemKind::Folder,
            title: "Mobflow cannot write to its data folder.".into(),
            detail: error.to_string(),
            path: folder.display().to_string(),
            advice: vec![
                "Check that the folder exists, belongs to you and is writable, and that the \
                 disk is not full or mounted read-only."
                    .into(),
                "Or choose another data folder with MOBFLOW_DATA_DIR.".into(),
            ],
            can_start_new: false,
        }
    }

    /// Another start-up failure: `what` could not be done.
    pub fn other(what: &str, path: &Path, detail: String) -> StartupProblem {
        StartupProblem {
            kind: StartupProblemKind::Other,
            title: format!("Mobflow could not {what}."),
            detail,
            path: path.display().to_string(),
            advice: vec!["Check the path above, then start Mobflow again.".into()],
            can_start_new: false,
        }
    }

    /// One line for the terminal and the lock file: the title, the path and the detail.
    pub fn summary(&self) -> String {
        format!("{} {} ({})", self.title, self.path, self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_damaged_file_offers_a_new_history() {
        let dir = Path::new("/home/ada/.local/share/mobflow");
        let damaged = StartupProblem::from_store(
            dir,
            StoreError::Damaged {
                path: "/home/ada/.local/share/mobflow/mobflow.db".into(),
                detail: "file is not a database".into(),
            },
        );
        assert!(damaged.can_start_new, "moving a damaged file aside helps");
        assert!(
            damaged.summary().contains("mobflow.db"),
            "says where the file is"
        );
        let newer = StartupProblem::from_store(
            dir,
            StoreError::SchemaTooNew {
                path: "x".into(),
                found: 9,
                supported: 2,
            },
        );
        assert!(
            !newer.can_start_new,
            "a newer file is sound: starting anew would hide the history"
        );
        assert_eq!(newer.kind, StartupProblemKind::NewerSchema);
    }
}
