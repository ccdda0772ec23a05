use thiserror::Error;

use crate::board::BoardError;

/// Why the core refused a command. Every refusal leaves the state untouched.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoreError {
    #[error("A name cannot be empty.")]
    EmptyName,
    #[error("A name can have at most {max} characters (this one has {len}).")]
    NameTooLong { len: usize, max: usize },
    #[error("A name cannot contain control characters.")]
    NameHasControlChars,
    #[error("The roster holds at most {max} people.")]
    RosterFull { max: usize },
    #[error("There is already a member called \"{0}\".")]
    DuplicateName(String),
    #[error("There is no member \"{0}\".")]
    UnknownMember(String),
    #[error("Position {to} is outside the roster (0 to {last}).")]
    BadPosition { to: usize, last: usize },
    #[error("The turn length must be between {min} and {max} minutes (got {got}).")]
    BadTurnLength { got: u32, min: u32, max: u32 },
    #[error("Shuffle between turns: the order changes who drives next, not during a turn.")]
    ShuffleInTurn,
    #[error("Add a second member to shuffle.")]
    TooFewToShuffle,
    #[error("Add at least one member before starting.")]
    EmptyRoster,
    #[error("Nobody else can navigate: {0}")]
    NoOneToSkipTo(&'static str),
    #[error("Cannot {action} while {state}.")]
    WrongState {
        action: &'static str,
        state: &'static str,
    },
    #[error("Cannot remove the last member while a turn is on; end the session first.")]
    LastMemberInTurn,
    #[error("The {what} must be {} (got {got}).", range_text(*.min, *.max, *.zero_ok))]
    BadSetting {
        what: &'static str,
        got: u32,
        min: u32,
        max: u32,
        zero_ok: bool,
    },
    #[error("Roles: {0}.")]
    BadRole(String),
    #[error("Everyone is away: mark someone back first.")]
    NobodyPresent,
    #[error("Cannot mark the last present member away while a turn is on; end the session first.")]
    LastPresentInTurn,
    #[error("A note can have at most {max} characters (this one has {len}).")]
    NoteTooLong { len: usize, max: usize },
    #[error("{what} cannot contain control characters such as line breaks or tabs.")]
    TextHasControlChars {
        /// What was typed, phrased to start a sentence ("A hand-over note").
        what: &'static str,
    },
    #[error(
        "A turn can have at most {max} minutes left; this one would have {would} (extend by less, or rotate)."
    )]
    ExtendTooFar { would: u64, max: u32 },
    #[error("There is no time away to decide about.")]
    NoAwayPending,
    #[error("First decide about the time away: count it as a break, resume the turn, or end the session.")]
    AwayPending,
    #[error("Shortcut {0}.")]
    BadShortcut(String),
    #[error("Hook: {0}.")]
    BadHook(String),
    #[error("Tests: {0}.")]
    BadTests(String),
    #[error(
        "No test command is set: set one in Settings or with `mobflow test set --command CMD`."
    )]
    NoTestCommand,
    #[error("Test run {run} is not going on (it finished, or the tests were turned off).")]
    UnknownTestRun { run: u64 },
    #[error(transparent)]
    Board(#[from] BoardError),
}

fn range_text(min: u32, max: u32, zero_ok: bool) -> String {
    if zero_ok {
        format!("0 (off) or {min} to {max}")
    } else {
        format!("{min} to {max}")
    }
}
