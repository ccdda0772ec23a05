//! Where the turn timer is.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// Where the turn timer is. Deadlines are wall-clock instants: remaining time is always
/// `deadline - now`, never a counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Phase {
    Idle,
    Running {
        /// When this stretch of running began (the turn's start, or its last resume).
        started_at: Timestamp,
        deadline: Timestamp,
    },
    Paused {
        remaining_ms: u64,
    },
    /// The turn is over; the mob swaps seats and someone starts the next turn.
    Handover {
        since: Timestamp,
    },
    /// A break; afterwards the hand-over waits for the next turn.
    Break {
        since: Timestamp,
        until: Timestamp,
        /// The break was due, not taken early.
        due: bool,
    },
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running { .. } => "running",
            Phase::Paused { .. } => "paused",
            Phase::Handover { .. } => "handover",
            Phase::Break { .. } => "break",
        }
    }

    /// The phase as the end of a refusal: "Cannot pause while *no turn is on*."
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Phase::Idle => "no turn is on",
            Phase::Running { .. } => "a turn is running",
            Phase::Paused { .. } => "the turn is paused",
            Phase::Handover { .. } => "handing over",
            Phase::Break { .. } => "on a break",
        }
    }

    /// A turn is on (running or paused).
    pub(crate) fn in_turn(&self) -> bool {
        matches!(self, Phase::Running { .. } | Phase::Paused { .. })
    }
}
