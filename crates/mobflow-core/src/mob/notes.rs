//! Note commands on the mob: the hand-over's next step for the new driver, and the mini-retro
//! line offered after a full cycle.

use super::Handled;
use crate::{Command, CoreError, Event, Mob, Phase, Record, Timestamp};

/// The longest hand-over note (and mini-retro line), in characters.
pub const MAX_NOTE_CHARS: usize = 200;

impl Mob {
    /// Runs a note command: `None` when it is not one, else the records it made.
    pub(super) fn execute_notes(&mut self, command: &Command, now: Timestamp) -> Handled {
        let mut records = Vec::new();
        match command {
            Command::SetHandoverNote { text } => self.set_handover_note(text, now, &mut records)?,
            Command::MiniRetro { text } => {
                self.mini_retro(text.as_deref().unwrap_or_default(), now, &mut records)?;
            }
            _ => return Ok(None),
        }
        Ok(Some(records))
    }

    /// Sets (or, with no text, clears) the note; recorded when it changed to some text.
    fn set_handover_note(
        &mut self,
        text: &str,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if !matches!(self.phase, Phase::Handover { .. } | Phase::Running { .. }) {
            return Err(self.wrong_state("leave a note for the next driver"));
        }
        let text = note_text(text, "A hand-over note")?;
        let note = (!text.is_empty()).then(|| text.to_owned());
        if note != self.handover_note {
            self.handover_note = note;
            if !text.is_empty() {
                let event = Event::HandoverNote {
                    text: text.to_owned(),
                    from: self.person(self.last_navigator),
                    to: self.person(self.driver),
                };
                self.push(now, event, records);
            }
        }
        Ok(())
    }

    /// Answers the mini-retro prompt: a line is recorded, no text just dismisses it.
    fn mini_retro(
        &mut self,
        text: &str,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if !self.retro_prompt {
            return Err(CoreError::WrongState {
                action: "save a mini-retro",
                state: "no cycle has just ended",
            });
        }
        let text = note_text(text, "A mini-retro line")?;
        self.retro_prompt = false;
        if !text.is_empty() {
            let text = text.to_owned();
            self.push(now, Event::MiniRetro { text }, records);
        }
        Ok(())
    }
}

/// A one-line note trimmed, and refused when longer than [`MAX_NOTE_CHARS`] or holding a
/// control character (`what` names it in the refusal).
fn note_text<'a>(raw: &'a str, what: &'static str) -> Result<&'a str, CoreError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len > MAX_NOTE_CHARS {
        return Err(CoreError::NoteTooLong {
            len,
            max: MAX_NOTE_CHARS,
        });
    }
    if text.chars().any(char::is_control) {
        return Err(CoreError::TextHasControlChars { what });
    }
    Ok(text)
}
