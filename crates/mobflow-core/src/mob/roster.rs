//! Roster commands on the mob: members join, leave, are renamed, reordered, go away and come
//! back; the seats follow.

use super::Handled;
use crate::{Command, CoreError, Event, MemberRef, Mob, Person, Phase, Record, Timestamp};

impl Mob {
    /// Runs a roster command: `None` when it is not one, else the records it made.
    pub(super) fn execute_roster(&mut self, command: &Command, now: Timestamp) -> Handled {
        let mut records = Vec::new();
        match command {
            Command::AddMember { name } => self.add_member(name, now, &mut records)?,
            Command::RenameMember { member, name } => {
                self.rename_member(member, name, now, &mut records)?;
            }
            Command::RemoveMember { member } => self.remove_member(member, now, &mut records)?,
            Command::SetAway { member, away } => self.set_away(member, *away, now, &mut records)?,
            Command::MoveMember { member, to } => {
                self.move_member(member, *to as usize, now, &mut records)?;
            }
            Command::ShuffleRoster { seed } => self.shuffle(*seed, now, &mut records)?,
            _ => return Ok(None),
        }
        Ok(Some(records))
    }

    fn add_member(
        &mut self,
        name: &str,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let member = self.roster.add(name)?;
        let person = Person {
            id: member.id,
            name: member.name.clone(),
        };
        self.push(now, Event::MemberAdded { member: person }, records);
        self.reset_roles();
        Ok(())
    }

    fn rename_member(
        &mut self,
        member: &MemberRef,
        name: &str,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let id = self.roster.resolve(member)?;
        let from = self.roster.rename(id, name)?;
        let to = self.person(Some(id)).map(|p| p.name).unwrap_or_default();
        if from != to {
            let event = Event::MemberRenamed {
                member: id,
                from,
                to,
            };
            self.push(now, event, records);
        }
        Ok(())
    }

    fn remove_member(
        &mut self,
        member: &MemberRef,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let id = self.roster.resolve(member)?;
        if self.roster.is_present(id) {
            self.check_can_lose_present(CoreError::LastMemberInTurn)?;
        }
        let person = self.person(Some(id)).expect("resolved above");
        self.hand_off_roles_of(id);
        self.roster.remove(id)?;
        self.push(now, Event::MemberRemoved { member: person }, records);
        self.reset_roles();
        Ok(())
    }

    fn set_away(
        &mut self,
        member: &MemberRef,
        away: bool,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let id = self.roster.resolve(member)?;
        if away && self.roster.is_present(id) {
            self.check_can_lose_present(CoreError::LastPresentInTurn)?;
            self.hand_off_roles_of(id);
        }
        if self.roster.set_away(id, away)? {
            let person = self.person(Some(id)).expect("resolved above");
            let event = if away {
                Event::MemberAway { member: person }
            } else {
                Event::MemberBack { member: person }
            };
            self.push(now, event, records);
            self.reset_roles();
        }
        Ok(())
    }

    fn move_member(
        &mut self,
        member: &MemberRef,
        to: usize,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let id = self.roster.resolve(member)?;
        let from = self.roster.move_to(id, to)?;
        if from != to {
            let person = self.person(Some(id)).expect("resolved above");
            let event = Event::MemberMoved {
                member: person,
                from: from as u32,
                to: to as u32,
            };
            self.push(now, event, records);
            self.reset_navigator();
        }
        Ok(())
    }

    /// Shuffles the roster between turns: refused while a turn is on (it would swap the
    /// seats under the people sitting in them); otherwise the next turn starts with the first
    /// present member of the new order, and the navigator is the one after them.
    fn shuffle(
        &mut self,
        seed: u32,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        if self.phase.in_turn() {
            return Err(CoreError::ShuffleInTurn);
        }
        if self.roster.len() < 2 {
            return Err(CoreError::TooFewToShuffle);
        }
        let order = crate::shuffle::permutation(self.roster.len(), seed);
        self.roster.reorder(&order);
        self.driver = None;
        self.navigator = None;
        self.reset_navigator();
        let order = self
            .roster
            .members()
            .iter()
            .map(|m| Person {
                id: m.id,
                name: m.name.clone(),
            })
            .collect();
        self.push(now, Event::RosterShuffled { seed, order }, records);
        Ok(())
    }

    /// Refuses to lose the last present member while a turn (or break) is on.
    fn check_can_lose_present(&self, error: CoreError) -> Result<(), CoreError> {
        if !matches!(self.phase, Phase::Idle) && self.roster.present_count() <= 1 {
            return Err(error);
        }
        Ok(())
    }
}
