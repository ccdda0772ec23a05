//! The commands that talk to the running app over its control socket: the same API as the
//! window (`Service::execute` behind `AppState::run`).

use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, paths, ApiError, BoardView, ErrorCode, Snapshot};
use mobflow_core::{Command, MemberRef};

use crate::args::{ChecklistCmd, RosterCmd, TaskCmd};
use crate::text;

/// One request to the app; its snapshot.
pub fn call(request: Request) -> Result<Snapshot, ApiError> {
    request_full(request).map(|(snapshot, _)| snapshot)
}

/// One request to the app; its snapshot and, when asked for, the board.
fn request_full(request: Request) -> Result<(Snapshot, Option<BoardView>), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, format!("no data folder: {e}")))?;
    let socket = paths::find_socket(&data_dir)?;
    match client::call(&socket, &request)? {
        Response::Ok {
            snapshot, board, ..
        } => Ok((*snapshot, board)),
        Response::Error { error } => Err(error),
    }
}

/// Runs a command in the app and prints the summary of the new state. A change the app applied
/// but could not yet save is done (exit 0), and said so on stderr.
pub fn act(command: Command) -> Result<(), ApiError> {
    let snapshot = call(Request::Run { command })?;
    println!("{}", text::summary(&snapshot));
    warn_unsaved(&snapshot);
    Ok(())
}

/// Says on stderr when the change just made is not on disk yet.
fn warn_unsaved(snapshot: &Snapshot) {
    if let Some(storage) = text::storage(snapshot) {
        eprintln!(
            "mobflow: done, but not saved yet. {storage} Mobflow keeps it and saves it when \
             storage works again."
        );
    }
}

/// `mobflow status [--json]`.
pub fn status(json: bool) -> Result<(), ApiError> {
    let snapshot = call(Request::Status)?;
    if json {
        println!("{}", text::to_json(&snapshot));
    } else {
        print!("{}", text::status(&snapshot));
    }
    Ok(())
}

/// `mobflow toggle`: start, pause or resume, as the window's Space key would.
pub fn toggle() -> Result<(), ApiError> {
    act(call(Request::Status)?.toggle_command())
}

/// `mobflow roster ...`.
pub fn roster(action: RosterCmd) -> Result<(), ApiError> {
    let member = MemberRef::Name;
    match action {
        RosterCmd::Add { name } => act(Command::AddMember { name }),
        RosterCmd::Remove { name } => act(Command::RemoveMember {
            member: member(name),
        }),
        RosterCmd::Rename { name, new_name } => act(Command::RenameMember {
            member: member(name),
            name: new_name,
        }),
        RosterCmd::Move { name, position } => act(Command::MoveMember {
            member: member(name),
            to: position - 1,
        }),
        RosterCmd::Shuffle => act(Command::ShuffleRoster { seed: seed() }),
        RosterCmd::List { json } => {
            let snapshot = call(Request::Status)?;
            if json {
                println!("{}", text::to_json(&snapshot.members));
            } else {
                print!("{}", text::roster(&snapshot.members));
            }
            Ok(())
        }
    }
}

/// `mobflow settings [--json] [--patch JSON]`.
pub fn settings(json: bool, patch: Option<String>) -> Result<(), ApiError> {
    if let Some(patch) = patch {
        let patch: mobflow_core::SettingsPatch = serde_json::from_str(&patch).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("--patch is not valid settings JSON: {e}"),
            )
        })?;
        for shortcut in patch.shortcuts.iter().flat_map(|s| s.values()) {
            if let Some(why) = mobflow_core::shortcuts::reserved_by_desktop(shortcut) {
                eprintln!(
                    "mobflow: warning: on many desktops {shortcut} {why}: it may never reach \
                     Mobflow. Ctrl+Alt+Shift and a letter is safer."
                );
            }
        }
        warn_unsaved(&call(Request::Run {
            command: Command::UpdateSettings { patch },
        })?);
    }
    let settings = call(Request::Status)?.settings;
    if json {
        println!("{}", text::to_json(&settings));
    } else {
        print!("{}", text::settings(&settings));
    }
    Ok(())
}

/// `mobflow task ...`.
pub fn task(action: TaskCmd) -> Result<(), ApiError> {
    let command = match action {
        TaskCmd::Add {
            title,
            notes,
            acceptance,
        } => Command::AddTask {
            title,
            notes,
            acceptance,
        },
        TaskCmd::List { json } => return task_list(json),
        TaskCmd::Edit {
            id,
            title,
            notes,
            acceptance,
            no_acceptance,
        } => Command::EditTask {
            task: id,
            title,
            notes,
            acceptance: (no_acceptance || !acceptance.is_empty()).then_some(acceptance),
        },
        TaskCmd::Move { id, position } => Command::MoveTask {
            task: id,
            to: position - 1,
        },
        TaskCmd::Strict => Command::SetStrict { strict: true },
        TaskCmd::Lenient => Command::SetStrict { strict: false },
        TaskCmd::Checklist {
            action: Some(ChecklistCmd::Set { steps }),
        } => Command::SetChecklist { steps },
        TaskCmd::Checklist { action } => {
            let json = matches!(action, Some(ChecklistCmd::Show { json: true }));
            return checklist(json);
        }
        TaskCmd::Focus { id } => Command::FocusTask { task: id },
        TaskCmd::Park { id } => Command::ParkTask { task: id },
        TaskCmd::Backlog { id } => Command::UnparkTask { task: id },
        TaskCmd::Done { id, reason } => Command::FinishTask {
            task: id,
            override_reason: reason,
        },
        TaskCmd::Reopen { id } => Command::ReopenTask { task: id },
        TaskCmd::Check { id, step } => Command::CheckStep {
            task: id,
            step: step - 1,
        },
        TaskCmd::Uncheck { id, step } => Command::UncheckStep {
            task: id,
            step: step - 1,
        },
    };
    act(command)
}

/// A seed for a shuffle: the standard library's per-process random keys (from the operating
/// system), hashed. Which order a seed gives is the app's business.
fn seed() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.finish() as u32
}

fn board() -> Result<BoardView, ApiError> {
    let (_, board) = request_full(Request::Board)?;
    board.ok_or_else(|| ApiError::new(ErrorCode::BadRequest, "the app sent no board"))
}

/// `mobflow task checklist [show] [--json]`.
fn checklist(json: bool) -> Result<(), ApiError> {
    let board = board()?;
    if json {
        println!("{}", text::to_json(&board.checklist));
    } else {
        print!("{}", text::checklist(&board));
    }
    Ok(())
}

fn task_list(json: bool) -> Result<(), ApiError> {
    let board = board()?;
    if json {
        println!("{}", text::to_json(&board));
    } else {
        print!("{}", text::board(&board));
    }
    Ok(())
}
