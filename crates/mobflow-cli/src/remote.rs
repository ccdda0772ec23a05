//! The commands that talk to the running app over its control socket: the same API as the
//! window (`Service::execute` behind `AppState::run`).

use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, paths, ApiError, BoardView, ErrorCode, Snapshot};
use mobflow_core::{Command, MemberRef};

use crate::args::{RosterCmd, TaskCmd};
use crate::text;

/// One request to the app; its snapshot.
pub fn call(request: Request) -> Result<Snapshot, ApiError> {
    request_full(request).map(|(snapshot, _)| snapshot)
}

/// One request to the app; its snapshot and, when asked for, the board.
fn request_full(request: Request) -> Result<(Snapshot, Option<BoardView>), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, format!("no data folder: {e}")))?;
    let socket = paths::socket_path(&data_dir)
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, e.to_string()))?;
    match client::call(&socket, &request)? {
        Response::Ok {
            snapshot, board, ..
        } => Ok((*snapshot, board)),
        Response::Error { error } => Err(error),
    }
}

/// Runs a command in the app and prints the summary of the new state.
pub fn act(command: Command) -> Result<(), ApiError> {
    let snapshot = call(Request::Run { command })?;
    println!("{}", text::summary(&snapshot));
    Ok(())
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
        let patch = serde_json::from_str(&patch).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("--patch is not valid settings JSON: {e}"),
            )
        })?;
        call(Request::Run {
            command: Command::UpdateSettings { patch },
        })?;
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

fn task_list(json: bool) -> Result<(), ApiError> {
    let (_, board) = request_full(Request::Board)?;
    let board =
        board.ok_or_else(|| ApiError::new(ErrorCode::BadRequest, "the app sent no board"))?;
    if json {
        println!("{}", text::to_json(&board));
    } else {
        print!("{}", text::board(&board));
    }
    Ok(())
}
