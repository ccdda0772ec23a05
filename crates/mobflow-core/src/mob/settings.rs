//! Settings commands on the mob: the turn length alone, or any settings by a patch.

use super::Handled;
use crate::settings::{MAX_TURN_MINUTES, MIN_TURN_MINUTES};
use crate::{Command, CoreError, Event, Mob, Timestamp};

impl Mob {
    /// Runs a settings command: `None` when it is not one, else the records it made.
    pub(super) fn execute_settings(&mut self, command: &Command, now: Timestamp) -> Handled {
        let mut records = Vec::new();
        match command {
            Command::SetTurnLength { minutes } => {
                if !(MIN_TURN_MINUTES..=MAX_TURN_MINUTES).contains(minutes) {
                    return Err(CoreError::BadTurnLength {
                        got: *minutes,
                        min: MIN_TURN_MINUTES,
                        max: MAX_TURN_MINUTES,
                    });
                }
                if self.settings.turn_minutes != *minutes {
                    self.settings.turn_minutes = *minutes;
                    self.push(
                        now,
                        Event::TurnLengthSet { minutes: *minutes },
                        &mut records,
                    );
                }
            }
            Command::UpdateSettings { patch } => {
                let settings = self.settings.patched(patch)?;
                if settings != self.settings {
                    self.settings = settings.clone();
                    self.push(now, Event::SettingsChanged { settings }, &mut records);
                    self.forget_tests_when_off();
                }
            }
            _ => return Ok(None),
        }
        Ok(Some(records))
    }
}
