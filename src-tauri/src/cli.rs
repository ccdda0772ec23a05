//! The `mobflow` command line. `sessions` reads the database directly; everything else talks
//! to the running app over the control socket and goes through the same API as the window.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, paths, ApiError, BoardView, ErrorCode, Snapshot, TimerState};
use mobflow_core::board::{Column, TaskId};
use mobflow_core::{AwayChoice, Command, MemberRef, MAX_TURN_MINUTES, MIN_TURN_MINUTES};
use mobflow_store::{SessionRow, Store};

#[derive(Debug, Parser)]
#[command(
    name = "mobflow",
    version,
    about = "Mob programming coordinator. With no command, opens the app (or focuses it).",
    after_help = "The data folder is $MOBFLOW_DATA_DIR, else ~/.local/share/mobflow."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List past and current sessions (reads history; needs no running app).
    Sessions {
        /// Only sessions that started on or after DATE (YYYY-MM-DD, local midnight, or RFC 3339).
        #[arg(long, value_name = "DATE", value_parser = crate::cli_history::date)]
        since: Option<mobflow_core::Timestamp>,
        /// Only sessions that started before DATE (exclusive).
        #[arg(long, value_name = "DATE", value_parser = crate::cli_history::date)]
        until: Option<mobflow_core::Timestamp>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// A retrospective of a session or of the sessions in a date range, as md, json or csv
    /// (reads history; needs no running app).
    Retro(crate::cli_history::RetroArgs),
    /// Name or delete a past session (needs no running app).
    Session {
        #[command(subcommand)]
        action: crate::cli_history::SessionCmd,
    },
    /// Show the timer, driver and navigator.
    Status {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Edit the mob's roster.
    Roster {
        #[command(subcommand)]
        action: RosterCmd,
    },
    /// Start the first turn, or the next turn from the hand-over.
    Start,
    /// Pause the running turn.
    Pause,
    /// Resume the paused turn.
    Resume,
    /// Rotate now (or start the next turn on the hand-over).
    Next,
    /// Skip the navigator: the member after them navigates.
    Skip,
    /// End the session.
    End,
    /// Work with the focus board and its test-first checklists.
    Task {
        #[command(subcommand)]
        action: TaskCmd,
    },
    /// Park a thought for later without touching the task in focus.
    Park {
        /// The thought (words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Mark a member away: every role skips them until they are back.
    Away { name: String },
    /// Mark a member back.
    Back { name: String },
    /// Add time to the running turn (the configured amount, 1 minute by default).
    Extend {
        #[arg(value_parser = clap::value_parser!(u32).range(1..=60))]
        minutes: Option<u32>,
    },
    /// Start a break now (or --end it, or --skip a due one).
    Break {
        #[arg(long, conflicts_with = "skip")]
        end: bool,
        #[arg(long)]
        skip: bool,
    },
    /// Open or close the mini timer.
    Mini,
    /// Start, pause or resume, whichever fits (or start the next turn, or end a break).
    Toggle,
    /// Bring the main window to the front. With SESSION (a number, or `last`), print that
    /// session's timeline instead (reads history; needs no running app).
    Show {
        #[arg(value_parser = crate::cli_history::session_arg)]
        session: Option<crate::cli_history::SessionArg>,
    },
    /// Show the settings, or change some with --patch '{"turn_minutes": 15}'.
    Settings {
        #[arg(long)]
        json: bool,
        /// A JSON object of the settings to change (see `mobflow settings --json`).
        #[arg(long, value_name = "JSON")]
        patch: Option<String>,
    },
    /// Leave the next step for the new driver (on the hand-over).
    Note {
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Decide about time the app was away: count it as a break, resume the turn, or end.
    Decide {
        #[arg(value_enum)]
        choice: Decision,
    },
    /// Set the turn length in minutes (1 to 60).
    TurnLength {
        #[arg(value_parser = clap::value_parser!(u32).range(MIN_TURN_MINUTES as i64..=MAX_TURN_MINUTES as i64))]
        minutes: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterCmd {
    /// Add a member at the end of the roster.
    Add { name: String },
    /// Remove a member.
    Remove { name: String },
    /// Rename a member.
    Rename { name: String, new_name: String },
    /// Move a member to a position (1 is the first).
    Move {
        name: String,
        #[arg(value_parser = clap::value_parser!(u32).range(1..))]
        position: u32,
    },
    /// List the members and their roles.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Add a task to the end of the backlog.
    Add {
        title: String,
        /// Notes.
        #[arg(long, default_value = "")]
        notes: String,
        /// An acceptance criterion (repeat for several).
        #[arg(long = "acceptance")]
        acceptance: Vec<String>,
    },
    /// List the board.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Put a task in focus (only one can be).
    Focus {
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Park a task.
    Park {
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Send a task back to the backlog.
    Backlog {
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Finish a task; with unticked steps, give --override REASON.
    Done {
        #[arg(value_parser = task_id)]
        id: TaskId,
        #[arg(long = "override", value_name = "REASON")]
        reason: Option<String>,
    },
    /// Reopen a finished task.
    Reopen {
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Tick checklist step STEP (1 is the first) of the task in focus.
    Check {
        #[arg(value_parser = task_id)]
        id: TaskId,
        #[arg(value_parser = clap::value_parser!(u32).range(1..=1000))]
        step: u32,
    },
    /// Untick checklist step STEP (1 is the first).
    Uncheck {
        #[arg(value_parser = task_id)]
        id: TaskId,
        #[arg(value_parser = clap::value_parser!(u32).range(1..=1000))]
        step: u32,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Decision {
    Break,
    Resume,
    End,
}

/// A task id as people write it: `3` or `#3`.
fn task_id(raw: &str) -> Result<TaskId, String> {
    raw.trim()
        .trim_start_matches('#')
        .parse::<u32>()
        .map(TaskId)
        .map_err(|_| format!("{raw:?} is not a task number (like 3 or #3)"))
}

/// Exit code when the app refused the request.
const REFUSED: u8 = 1;
/// Exit code when no app answered.
const NOT_RUNNING: u8 = 3;

pub fn run(command: Cmd) -> ExitCode {
    let result = match command {
        Cmd::Sessions { since, until, json } => sessions(since, until, json),
        Cmd::Retro(args) => crate::cli_history::retro(args),
        Cmd::Session { action } => crate::cli_history::session(action),
        Cmd::Status { json } => call(Request::Status).map(|s| print_status(&s, json)),
        Cmd::Roster { action } => roster(action),
        Cmd::Start => act(Command::Start),
        Cmd::Pause => act(Command::Pause),
        Cmd::Resume => act(Command::Resume),
        Cmd::Next => act(Command::Next),
        Cmd::Skip => act(Command::Skip),
        Cmd::End => act(Command::EndSession),
        Cmd::TurnLength { minutes } => act(Command::SetTurnLength { minutes }),
        Cmd::Away { name } => act(Command::SetAway {
            member: MemberRef::Name(name),
            away: true,
        }),
        Cmd::Back { name } => act(Command::SetAway {
            member: MemberRef::Name(name),
            away: false,
        }),
        Cmd::Extend { minutes } => act(Command::Extend { minutes }),
        Cmd::Break { end: true, .. } => act(Command::EndBreak),
        Cmd::Break { skip: true, .. } => act(Command::SkipBreak),
        Cmd::Break { .. } => act(Command::StartBreak),
        Cmd::Mini => call(Request::ToggleMini).map(|_| println!("Toggled the mini timer.")),
        Cmd::Toggle => call(Request::Status).and_then(|s| act(crate::actions::toggle_command(&s))),
        Cmd::Show { session: None } => call(Request::Focus).map(|_| ()),
        Cmd::Show {
            session: Some(session),
        } => crate::cli_history::show(session),
        Cmd::Settings { json, patch } => settings(json, patch),
        Cmd::Note { text } => act(Command::SetHandoverNote {
            text: text.join(" "),
        }),
        Cmd::Decide { choice } => act(Command::ResolveAway {
            choice: match choice {
                Decision::Break => AwayChoice::Break,
                Decision::Resume => AwayChoice::Resume,
                Decision::End => AwayChoice::EndSession,
            },
        }),
        Cmd::Task { action } => task(action),
        Cmd::Park { text } => act(Command::ParkThought {
            text: text.join(" "),
        }),
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

fn call(request: Request) -> Result<Snapshot, ApiError> {
    request_full(request).map(|(snapshot, _)| snapshot)
}

fn request_full(request: Request) -> Result<(Snapshot, Option<BoardView>), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, format!("no data folder: {e}")))?;
    let socket = paths::socket_path(&data_dir)
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, e.to_string()))?;
    match client::call(&socket, &request)? {
        Response::Ok { snapshot, board } => Ok((*snapshot, board)),
        Response::Error { error } => Err(error),
    }
}

fn act(command: Command) -> Result<(), ApiError> {
    let snapshot = call(Request::Run { command })?;
    println!("{}", summary(&snapshot));
    Ok(())
}

fn roster(action: RosterCmd) -> Result<(), ApiError> {
    let member = |name: String| MemberRef::Name(name);
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
                println!("{}", to_json(&snapshot.members));
            } else if snapshot.members.is_empty() {
                println!("No members yet. Add one with `mobflow roster add NAME`.");
            } else {
                for (i, m) in snapshot.members.iter().enumerate() {
                    let role = match m.role {
                        Some(mobflow_api::Role::Driver) => "  (driver)",
                        Some(mobflow_api::Role::Navigator) => "  (navigator)",
                        None => "",
                    };
                    println!("{}. {}{role}", i + 1, m.name);
                }
            }
            Ok(())
        }
    }
}

fn settings(json: bool, patch: Option<String>) -> Result<(), ApiError> {
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
    let s = call(Request::Status)?.settings;
    if json {
        println!("{}", to_json(&s));
        return Ok(());
    }
    let off = |v: u32, unit: &str| {
        if v == 0 {
            "off".to_owned()
        } else {
            format!("{v} {unit}")
        }
    };
    println!(
        "Turn length:      {} min (extend adds {} min)",
        s.turn_minutes, s.extend_minutes
    );
    println!(
        "Auto-start:       {}",
        if s.auto_start {
            format!("after {} s", s.auto_start_grace_secs)
        } else {
            "off".into()
        }
    );
    println!(
        "Breaks:           every {} / every {}, {} min long",
        off(s.break_every_minutes, "min"),
        off(s.break_every_turns, "turns"),
        s.break_minutes
    );
    println!(
        "Warning:          {} before the end",
        off(s.warn_before_secs, "s")
    );
    println!("Sound:            {}", if s.sound { "on" } else { "off" });
    println!(
        "Open at login:    {}",
        if s.autostart { "on" } else { "off" }
    );
    println!(
        "Extra roles:      {}",
        if s.roles.is_empty() {
            "none".into()
        } else {
            s.roles.join(", ")
        }
    );
    for (action, shortcut) in &s.shortcuts {
        let name = serde_json::to_value(action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        println!(
            "Shortcut {name:<13} {}",
            if shortcut.is_empty() {
                "none"
            } else {
                shortcut
            }
        );
    }
    for (event, hook) in &s.hooks {
        println!(
            "Hook {:<17} {} (in {})",
            event.name(),
            hook.command,
            if hook.cwd.is_empty() { "~" } else { &hook.cwd }
        );
    }
    Ok(())
}

fn task(action: TaskCmd) -> Result<(), ApiError> {
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
        TaskCmd::List { json } => {
            let (_, board) = request_full(Request::Board)?;
            let board = board
                .ok_or_else(|| ApiError::new(ErrorCode::BadRequest, "the app sent no board"))?;
            if json {
                println!("{}", to_json(&board));
            } else {
                print!("{}", board_text(&board));
            }
            return Ok(());
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

fn board_text(board: &BoardView) -> String {
    use std::fmt::Write;
    if board.tasks.is_empty() {
        return "The board is empty. Add a task with `mobflow task add TITLE`.\n".to_owned();
    }
    let mut out = String::new();
    for (column, heading) in [
        (Column::Focus, "In focus"),
        (Column::Backlog, "Backlog"),
        (Column::Parked, "Parked"),
        (Column::Done, "Done"),
    ] {
        let tasks: Vec<_> = board.tasks.iter().filter(|t| t.column == column).collect();
        if tasks.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{heading}:");
        for t in tasks {
            let done = t.steps.len() as u32 - t.steps_left;
            let _ = write!(
                out,
                "  #{:<3} {}  [{done}/{}]",
                t.id.0,
                t.title,
                t.steps.len()
            );
            if column == Column::Focus {
                if let Some((i, step)) = t.steps.iter().enumerate().find(|(_, s)| !s.done) {
                    let _ = write!(out, "  next: {}. {}", i + 1, step.title);
                }
            }
            if column == Column::Done && !t.test_first {
                let _ = write!(out, "  (not test-first)");
            }
            out.push('\n');
        }
    }
    out
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("DTOs always serialize")
}

/// `m:ss`, rounding up so a turn never shows 0:00 while it still runs.
fn clock_text(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn summary(s: &Snapshot) -> String {
    let who = |name: &Option<String>| name.clone().unwrap_or_else(|| "nobody".into());
    let pair = match &s.navigator {
        Some(_) => format!("{} drives, {} navigates", who(&s.driver), who(&s.navigator)),
        None => format!("{} drives alone", who(&s.driver)),
    };
    let line = match s.state {
        TimerState::Idle if s.members.is_empty() => "Idle. No members yet.".to_owned(),
        TimerState::Idle => format!("Idle. Next: {pair}."),
        TimerState::Running => format!("Running: {pair}; {} left.", clock_text(s.remaining_ms)),
        TimerState::Paused => format!("Paused: {pair}; {} left.", clock_text(s.remaining_ms)),
        TimerState::Handover => format!(
            "Hand over: {pair}. Waiting {}. Start with `mobflow next`.",
            clock_text(s.handover_ms)
        ),
        TimerState::Break => format!("Break: {} left. Then {pair}.", clock_text(s.break_left_ms)),
    };
    let line = match &s.away {
        Some(away) => format!(
            "{line}\nAway {} min: decide with `mobflow decide break|resume|end`.",
            away.away_ms / 60_000
        ),
        None => line,
    };
    match &s.task {
        Some(task) => {
            let next = task
                .next_step
                .as_deref()
                .map(|step| format!(" Next step: {step}."))
                .unwrap_or_else(|| " All steps ticked.".to_owned());
            format!("{line}\nFocus: #{} {}.{next}", task.id.0, task.title)
        }
        None => line,
    }
}

fn print_status(s: &Snapshot, json: bool) {
    if json {
        println!("{}", to_json(s));
        return;
    }
    println!("{}", summary(s));
    println!(
        "Turn length {} min; turn {} of this session.",
        s.turn_minutes, s.turn
    );
    if !s.members.is_empty() {
        let names: Vec<&str> = s.members.iter().map(|m| m.name.as_str()).collect();
        println!("Mob: {}", names.join(", "));
    }
}

fn sessions(
    since: Option<mobflow_core::Timestamp>,
    until: Option<mobflow_core::Timestamp>,
    json: bool,
) -> Result<(), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("no data folder: {e}")))?;
    let rows = Store::open_dir(&data_dir)?.sessions_between(since, until)?;
    if json {
        println!("{}", to_json(&rows));
    } else {
        print!("{}", sessions_table(&rows));
    }
    Ok(())
}

fn sessions_table(rows: &[SessionRow]) -> String {
    use std::fmt::Write;
    if rows.is_empty() {
        return "No sessions yet.\n".to_owned();
    }
    let mut out = format!(
        "{:>4}  {:<16}  {:>8}  {:>5}  {}\n",
        "ID", "STARTED", "LENGTH", "TURNS", "PEOPLE"
    );
    for row in rows {
        let started = row
            .started_at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M");
        let length = match row.ended_at {
            Some(end) => {
                let mins = (end - row.started_at).num_minutes().max(0);
                format!("{}h{:02}m", mins / 60, mins % 60)
            }
            None => "ongoing".to_owned(),
        };
        let mut people = row.people.join(", ");
        if let Some(name) = &row.name {
            people = format!("{name}: {people}");
        }
        let _ = writeln!(
            out,
            "{:>4}  {:<16}  {:>8}  {:>5}  {}",
            row.id, started, length, row.turns, people
        );
    }
    out
}
