use serde::{Deserialize, Serialize};

use crate::MemberId;

/// A member, named by id (the UI) or by name, ignoring case (the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum MemberRef {
    Id(MemberId),
    Name(String),
}

impl std::fmt::Display for MemberRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemberRef::Id(id) => write!(f, "#{}", id.0),
            MemberRef::Name(name) => f.write_str(name),
        }
    }
}

/// Everything a user can ask of the mob, from any caller (window, CLI, socket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    AddMember {
        name: String,
    },
    RenameMember {
        member: MemberRef,
        name: String,
    },
    RemoveMember {
        member: MemberRef,
    },
    /// Move a member to a 0-based position in the roster.
    MoveMember {
        member: MemberRef,
        to: u32,
    },
    SetTurnLength {
        minutes: u32,
    },
    /// Start the first turn, or the next turn from the hand-over.
    Start,
    Pause,
    Resume,
    /// Rotate now: end the turn and hand over; on the hand-over, start the next turn.
    Next,
    /// Skip the navigator: the member after them navigates (and drives next).
    Skip,
    EndSession,
}

impl Command {
    /// A short verb for messages and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Command::AddMember { .. } => "add_member",
            Command::RenameMember { .. } => "rename_member",
            Command::RemoveMember { .. } => "remove_member",
            Command::MoveMember { .. } => "move_member",
            Command::SetTurnLength { .. } => "set_turn_length",
            Command::Start => "start",
            Command::Pause => "pause",
            Command::Resume => "resume",
            Command::Next => "next",
            Command::Skip => "skip",
            Command::EndSession => "end_session",
        }
    }
}
