//! The `mobflow` command line's arguments: the clap definitions, from which `--help`, the man
//! pages and the shell completions all come (`docs.rs`); their value parsers are in `parse.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use mobflow_core::board::{StepTemplate, TaskId};
use mobflow_core::{Timestamp, MAX_TURN_MINUTES, MIN_TURN_MINUTES};

mod parse;

pub use parse::{date, session_arg, task_id, template_step, SessionArg};

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
        #[arg(long, value_name = "DATE", value_parser = date)]
        since: Option<Timestamp>,
        /// Only sessions that started before DATE (exclusive).
        #[arg(long, value_name = "DATE", value_parser = date)]
        until: Option<Timestamp>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// A retrospective of a session or of the sessions in a date range, as md, json or csv
    /// (reads history; needs no running app).
    Retro(RetroArgs),
    /// Name or delete a past session (needs no running app).
    Session {
        #[command(subcommand)]
        action: SessionCmd,
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
    Away {
        /// The member's name, as on the roster.
        name: String,
    },
    /// Mark a member back.
    Back {
        /// The member's name, as on the roster.
        name: String,
    },
    /// Add time to the running turn (the configured amount, 1 minute by default).
    Extend {
        /// Minutes to add (1 to 60; the configured amount when left out).
        #[arg(value_parser = clap::value_parser!(u32).range(1..=60))]
        minutes: Option<u32>,
    },
    /// Start a break now (or --end it, or --skip a due one).
    Break {
        /// End the break going on; the hand-over then waits for the next turn.
        #[arg(long, conflicts_with = "skip")]
        end: bool,
        /// Skip the due break that has just started, back to the hand-over.
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
        /// A past session: its number (like 3), or `last`.
        #[arg(value_parser = session_arg)]
        session: Option<SessionArg>,
    },
    /// Show the settings, or change some with --patch '{"turn_minutes": 15}'.
    Settings {
        /// Print the settings as one JSON object (the shape --patch takes).
        #[arg(long)]
        json: bool,
        /// A JSON object of the settings to change (see `mobflow settings --json`).
        #[arg(long, value_name = "JSON")]
        patch: Option<String>,
    },
    /// Answer the mini-retro prompt after a full cycle with one line, or --skip it.
    MiniRetro {
        /// The line (words are joined with spaces).
        #[arg(required_unless_present = "skip", conflicts_with = "skip", num_args = 1..)]
        text: Vec<String>,
        /// Dismiss the prompt without a line.
        #[arg(long)]
        skip: bool,
    },
    /// Hide the full-screen hand-over until the timer moves on (its Dismiss button).
    Dismiss,
    /// Leave the next step for the new driver (on the hand-over).
    Note {
        /// The next step (words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Decide about time the app was away: count it as a break, resume the turn, or end.
    Decide {
        /// What the time away was.
        #[arg(value_enum)]
        choice: Decision,
    },
    /// The mob's test command: set it, run it, see its output, turn it off.
    Test {
        #[command(subcommand)]
        action: TestCmd,
    },
    /// Set the turn length in minutes (1 to 60).
    TurnLength {
        /// The turn length, in whole minutes.
        #[arg(value_parser = clap::value_parser!(u32).range(MIN_TURN_MINUTES as i64..=MAX_TURN_MINUTES as i64))]
        minutes: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterCmd {
    /// Add a member at the end of the roster.
    Add {
        /// The new member's name.
        name: String,
    },
    /// Remove a member.
    Remove {
        /// The member's name, as on the roster.
        name: String,
    },
    /// Rename a member.
    Rename {
        /// The member's name, as on the roster.
        name: String,
        /// The name they go by from now on.
        new_name: String,
    },
    /// Move a member to a position (1 is the first).
    Move {
        /// The member's name, as on the roster.
        name: String,
        /// The place in the roster (1 is the first).
        #[arg(value_parser = clap::value_parser!(u32).range(1..))]
        position: u32,
    },
    /// List the members and their roles.
    List {
        /// Print JSON instead of a list.
        #[arg(long)]
        json: bool,
    },
    /// Put the members in a random order, between turns (refused while a turn is on); the
    /// next turn starts with the first present member of the new order.
    Shuffle,
}

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Add a task to the end of the backlog.
    Add {
        /// The task's title.
        title: String,
        /// Notes.
        #[arg(long, default_value = "")]
        notes: String,
        /// An acceptance criterion (repeat for several).
        #[arg(long = "acceptance")]
        acceptance: Vec<String>,
    },
    /// Change a task's title, notes or acceptance criteria (only those given).
    Edit {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
        /// The new title.
        #[arg(long)]
        title: Option<String>,
        /// The new notes.
        #[arg(long)]
        notes: Option<String>,
        /// An acceptance criterion, replacing the task's (repeat for several).
        #[arg(long = "acceptance", conflicts_with = "no_acceptance")]
        acceptance: Vec<String>,
        /// Remove every acceptance criterion.
        #[arg(long)]
        no_acceptance: bool,
    },
    /// Move a backlog task to a position in the backlog (1 is the top: done first).
    Move {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
        /// The place in the backlog (1 is the top).
        #[arg(value_parser = clap::value_parser!(u32).range(1..=10_000))]
        position: u32,
    },
    /// Strict mode: checklist steps in order, no code step before the test steps.
    Strict,
    /// Lenient mode: steps in any order; a code step ticked before the tests is flagged.
    Lenient,
    /// Show the checklist template for new tasks, or set it.
    Checklist {
        #[command(subcommand)]
        action: Option<ChecklistCmd>,
    },
    /// List the board.
    List {
        /// Print JSON instead of a list.
        #[arg(long)]
        json: bool,
    },
    /// Put a task in focus (only one can be).
    Focus {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Park a task.
    Park {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Send a task back to the backlog.
    Backlog {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Finish a task; with unticked steps, give --override REASON.
    Done {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
        /// Why it is done with steps unticked (needed then, and kept with the task).
        #[arg(long = "override", value_name = "REASON")]
        reason: Option<String>,
    },
    /// Reopen a finished task.
    Reopen {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
    },
    /// Tick checklist step STEP (1 is the first) of the task in focus.
    Check {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
        /// The step's place in the checklist (1 is the first).
        #[arg(value_parser = clap::value_parser!(u32).range(1..=1000))]
        step: u32,
    },
    /// Untick checklist step STEP (1 is the first).
    Uncheck {
        /// The task's number (like 3 or #3).
        #[arg(value_parser = task_id)]
        id: TaskId,
        /// The step's place in the checklist (1 is the first).
        #[arg(value_parser = clap::value_parser!(u32).range(1..=1000))]
        step: u32,
    },
}

/// `mobflow task checklist ...`.
#[derive(Debug, Subcommand)]
pub enum ChecklistCmd {
    /// Print the template (the same as no subcommand).
    Show {
        /// Print JSON instead of a list.
        #[arg(long)]
        json: bool,
    },
    /// Set the template for tasks added from now on: each STEP is KIND:TITLE, KIND being
    /// test, code or delivery (`mobflow task checklist set "test:Failing test" "code:Green"`).
    Set {
        /// The steps, in order, each KIND:TITLE.
        #[arg(required = true, num_args = 1.., value_name = "STEP", value_parser = template_step)]
        steps: Vec<StepTemplate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TestCmd {
    /// Set the test command. It runs in DIR (the current folder by default) whenever a file
    /// there changes that the folder's .gitignore does not ignore (or, with --watch, one the
    /// globs match), and on demand; never two runs at once.
    Set {
        /// The command, run with `sh -c` (exit code 0 is green).
        #[arg(long, value_name = "CMD")]
        command: String,
        /// The folder it runs in and whose files are watched.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Watch only the files this glob matches (repeat for several; without a /, a file
        /// name anywhere, like *.rs; with one, a path from DIR, like src/**/*.rs).
        #[arg(long = "watch", value_name = "GLOB")]
        watch: Vec<String>,
        /// Changes within this many milliseconds start one run (500 by default).
        #[arg(long, value_name = "MS")]
        debounce: Option<u32>,
        /// End a run still going after this many seconds (300 by default); it counts as red.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u32>,
        /// Tick the checklist from the runs: red after the acceptance test ticks the failing
        /// unit test, the green after it ticks green.
        #[arg(long, value_enum, value_name = "on|off")]
        evidence: Option<OnOff>,
        /// When a turn's time is up while red, hand over at the next green run.
        #[arg(long, value_enum, value_name = "on|off")]
        rotate_at_green: Option<OnOff>,
        /// How long a turn waits for green at most, in minutes (5 by default).
        #[arg(long, value_name = "MINUTES")]
        grace: Option<u32>,
    },
    /// Run the tests now (after the run going on, if there is one).
    Run {
        /// Wait for the result: exit code 0 when green, 1 when red.
        #[arg(long)]
        wait: bool,
    },
    /// How the tests stand, and what is watched.
    Status {
        /// Print one JSON object: `tests` (as in `status --json`) and `watch`.
        #[arg(long)]
        json: bool,
    },
    /// The end of the last run's output.
    Output,
    /// Turn the test command off: nothing is watched or run.
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Decision {
    /// Count the time away as a break taken.
    Break,
    /// Carry on with the turn as it was.
    Resume,
    /// End the session as of when the time away began.
    End,
}

/// `mobflow retro`.
#[derive(Debug, Args)]
pub struct RetroArgs {
    /// A session (its number, or `last`). Without it and without a range: the last session.
    #[arg(value_parser = session_arg, conflicts_with_all = ["since", "until"])]
    pub session: Option<SessionArg>,
    /// Sessions that started on or after DATE (YYYY-MM-DD, local midnight, or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub since: Option<Timestamp>,
    /// Sessions that started before DATE (exclusive).
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub until: Option<Timestamp>,
    /// md (for a retro board), json (everything) or csv (turns, tasks, test runs per task).
    #[arg(long, value_enum, default_value = "md")]
    pub format: FormatArg,
    /// Write to FILE instead of printing.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Json,
    Csv,
}

/// `mobflow session ...`: curate past sessions.
#[derive(Debug, Subcommand)]
pub enum SessionCmd {
    /// Name a session (1 to 80 characters), or clear its name with --clear.
    Rename {
        /// The session: its number (like 3), or `last`.
        #[arg(value_parser = session_arg)]
        id: SessionArg,
        /// The name (words are joined with spaces).
        #[arg(required_unless_present = "clear", conflicts_with = "clear", num_args = 1..)]
        name: Vec<String>,
        /// Remove the session's name.
        #[arg(long)]
        clear: bool,
    },
    /// Delete a session and all its events, for good. Needs --yes.
    Delete {
        /// The session: its number (like 3), or `last`.
        #[arg(value_parser = session_arg)]
        id: SessionArg,
        /// Yes, delete it.
        #[arg(long)]
        yes: bool,
    },
}
