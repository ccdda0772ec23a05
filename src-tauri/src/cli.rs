//! The `mobflow` command line. `sessions` reads the database directly; everything else talks
//! to the running app over the control socket and goes through the same API as the window.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mobflow_api::protocol::{Request, Response};
use mobflow_api::{client, paths, ApiError, ErrorCode, Snapshot, TimerState};
use mobflow_core::{Command, MemberRef, MAX_TURN_MINUTES, MIN_TURN_MINUTES};
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
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
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

/// Exit code when the app refused the request.
const REFUSED: u8 = 1;
/// Exit code when no app answered.
const NOT_RUNNING: u8 = 3;

pub fn run(command: Cmd) -> ExitCode {
    let result = match command {
        Cmd::Sessions { json } => sessions(json),
        Cmd::Status { json } => call(Request::Status).map(|s| print_status(&s, json)),
        Cmd::Roster { action } => roster(action),
        Cmd::Start => act(Command::Start),
        Cmd::Pause => act(Command::Pause),
        Cmd::Resume => act(Command::Resume),
        Cmd::Next => act(Command::Next),
        Cmd::Skip => act(Command::Skip),
        Cmd::End => act(Command::EndSession),
        Cmd::TurnLength { minutes } => act(Command::SetTurnLength { minutes }),
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
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, format!("no data folder: {e}")))?;
    let socket = paths::socket_path(&data_dir)
        .map_err(|e| ApiError::new(ErrorCode::NotRunning, e.to_string()))?;
    match client::call(&socket, &request)? {
        Response::Ok { snapshot } => Ok(snapshot),
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
    match s.state {
        TimerState::Idle if s.members.is_empty() => "Idle. No members yet.".to_owned(),
        TimerState::Idle => format!("Idle. Next: {pair}."),
        TimerState::Running => format!("Running: {pair}; {} left.", clock_text(s.remaining_ms)),
        TimerState::Paused => format!("Paused: {pair}; {} left.", clock_text(s.remaining_ms)),
        TimerState::Handover => format!(
            "Hand over: {pair}. Waiting {}. Start with `mobflow next`.",
            clock_text(s.handover_ms)
        ),
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

fn sessions(json: bool) -> Result<(), ApiError> {
    let data_dir = paths::data_dir()
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("no data folder: {e}")))?;
    let rows = Store::open_dir(&data_dir)?.sessions()?;
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
