//! The `mobflow` command line. It knows nothing of Tauri, GTK or WebKit, so a command costs a
//! few milliseconds: the timer commands talk to the running app over its control socket (the
//! same API as the window), the history commands read the database directly through the same
//! `History` API as the window's history, and no command at all opens the app.

pub mod args;
mod clock;
mod docs;
mod history;
mod open;
mod remote;
mod tests_cmd;
mod text;
mod timeline;

use std::process::ExitCode;

use clap::Parser;
use mobflow_api::protocol::Request;
use mobflow_api::{ApiError, ErrorCode};
use mobflow_core::{Action, AwayChoice, Command, MemberRef};

use crate::args::{Cli, Cmd, Decision};
use crate::remote::act;

pub use open::APP_BIN;

/// Exit code when the app refused the request.
const REFUSED: u8 = 1;
/// Exit code when no app answered.
const NOT_RUNNING: u8 = 3;

/// Entry point of the `mobflow` binary: parses the arguments (exit code 2 when they are bad),
/// runs the command and prints what went wrong, if anything.
pub fn main() -> ExitCode {
    // Packaging's own command, kept outside clap so that help, man page and completions never
    // offer it.
    let mut raw = std::env::args_os().skip(1);
    if raw.next().as_deref() == Some(std::ffi::OsStr::new(docs::COMMAND)) {
        return docs::run(raw.next(), raw.next());
    }
    let result = match Cli::parse().command {
        None => open::open(),
        Some(command) => run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mobflow: {}", error.message);
            ExitCode::from(match error.code {
                ErrorCode::NotRunning => NOT_RUNNING,
                _ => REFUSED,
            })
        }
    }
}

/// Runs one command: a history command, a request to the app, or a timer command.
pub fn run(command: Cmd) -> Result<(), ApiError> {
    let away = |name, away| Command::SetAway {
        member: MemberRef::Name(name),
        away,
    };
    let command = match command {
        Cmd::Sessions { since, until, json } => return history::sessions(since, until, json),
        Cmd::Retro(args) => return history::retro(args),
        Cmd::Session { action } => return history::session(action),
        Cmd::Show {
            session: Some(session),
        } => return history::show(session),
        Cmd::Show { session: None } => return remote::call(Request::Focus).map(drop),
        Cmd::Status { json } => return remote::status(json),
        Cmd::Roster { action } => return remote::roster(action),
        Cmd::Task { action } => return remote::task(action),
        Cmd::Settings { json, patch } => return remote::settings(json, patch),
        Cmd::Toggle => return remote::toggle(),
        Cmd::Test { action } => return tests_cmd::test(action),
        Cmd::Mini => {
            return remote::call(Request::ToggleMini).map(|_| println!("Toggled the mini timer."))
        }
        Cmd::Dismiss => {
            return remote::call(Request::Perform {
                action: Action::HideHandover,
            })
            .map(|_| println!("The hand-over screen is hidden until the timer moves on."))
        }
        Cmd::MiniRetro { text, skip } => Command::MiniRetro {
            text: (!skip).then(|| text.join(" ")),
        },
        Cmd::Start => Command::Start,
        Cmd::Pause => Command::Pause,
        Cmd::Resume => Command::Resume,
        Cmd::Next => Command::Next,
        Cmd::Skip => Command::Skip,
        Cmd::End => Command::EndSession,
        Cmd::TurnLength { minutes } => Command::SetTurnLength { minutes },
        Cmd::Away { name } => away(name, true),
        Cmd::Back { name } => away(name, false),
        Cmd::Extend { minutes } => Command::Extend { minutes },
        Cmd::Break { end: true, .. } => Command::EndBreak,
        Cmd::Break { skip: true, .. } => Command::SkipBreak,
        Cmd::Break { .. } => Command::StartBreak,
        Cmd::Note { text } => Command::SetHandoverNote {
            text: text.join(" "),
        },
        Cmd::Park { text } => Command::ParkThought {
            text: text.join(" "),
        },
        Cmd::Decide { choice } => Command::ResolveAway {
            choice: match choice {
                Decision::Break => AwayChoice::Break,
                Decision::Resume => AwayChoice::Resume,
                Decision::End => AwayChoice::EndSession,
            },
        },
    };
    act(command)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use mobflow_core::board::TaskId;

    use crate::args::{date, session_arg, task_id, Cli, SessionArg};

    #[test]
    fn the_clap_definitions_are_consistent() {
        // clap's own checks: no clashing names, valid defaults and conflicts.
        Cli::command().debug_assert();
    }

    #[test]
    fn sessions_and_tasks_are_numbers_as_people_write_them() {
        assert_eq!(session_arg(" #3 "), Ok(SessionArg::Id(3)), "a # is allowed");
        assert_eq!(session_arg("Last"), Ok(SessionArg::Last), "any case");
        let bad = session_arg("three").unwrap_err();
        assert!(bad.contains("is not a session"), "a clear refusal: {bad}");
        assert_eq!(task_id("#12"), Ok(TaskId(12)), "a # is allowed");
        let bad = task_id("-1").unwrap_err();
        assert!(
            bad.contains("is not a task number"),
            "a clear refusal: {bad}"
        );
    }

    #[test]
    fn a_date_with_an_offset_is_that_instant() {
        let t = date("2026-11-23T09:00:00+01:00").unwrap();
        assert_eq!(
            t.to_rfc3339(),
            "2026-11-23T08:00:00+00:00",
            "RFC 3339 keeps its own offset, whatever the local zone"
        );
        for bad in ["2026-13-01", "yesterday", ""] {
            let said = date(bad).unwrap_err();
            assert!(said.contains("is not a date"), "{bad:?}: {said}");
        }
    }
}
