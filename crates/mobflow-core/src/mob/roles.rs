//! Who sits where: the driver, the navigator, and how they rotate, skip and hand over when
//! someone leaves. The extra roles are derived from these ([`Mob::role_holders`]).

use crate::{CoreError, Event, MemberId, Mob, Record, Timestamp};

impl Mob {
    /// The navigator takes the keyboard; the next present member navigates.
    pub(super) fn rotate(&mut self, at: Timestamp, records: &mut Vec<Record>) {
        self.driver = match (self.navigator, self.driver) {
            (Some(navigator), _) if self.roster.is_present(navigator) => Some(navigator),
            (_, Some(driver)) => self.roster.next_present(driver),
            _ => self.roster.first_present(),
        };
        self.reset_navigator();
        let event = Event::Rotated {
            driver: self.person(self.driver),
            navigator: self.person(self.navigator),
        };
        self.push(at, event, records);
    }

    /// Skips the navigator: the present member after them (passing over the driver)
    /// navigates, and so drives next.
    pub(super) fn skip(
        &mut self,
        now: Timestamp,
        records: &mut Vec<Record>,
    ) -> Result<(), CoreError> {
        let (Some(driver), Some(navigator)) = (self.driver, self.navigator) else {
            return Err(CoreError::NoOneToSkipTo("add members to skip."));
        };
        let next = self
            .roster
            .next_present(navigator)
            .and_then(|n| {
                if n == driver {
                    self.roster.next_present(n)
                } else {
                    Some(n)
                }
            })
            .filter(|n| *n != navigator && *n != driver)
            .ok_or(CoreError::NoOneToSkipTo(
                "with two present members the other one always navigates.",
            ))?;
        let skipped = self.person(Some(navigator)).expect("navigator in roster");
        self.navigator = Some(next);
        let navigator = self
            .person(Some(next))
            .expect("next_present() is in roster");
        self.push(now, Event::NavigatorSkipped { skipped, navigator }, records);
        Ok(())
    }

    /// Before `id` leaves (removed or away): the navigator takes over a leaving driver.
    pub(super) fn hand_off_roles_of(&mut self, id: MemberId) {
        if self.driver == Some(id) {
            self.driver = self
                .navigator
                .filter(|n| *n != id)
                .or_else(|| self.roster.next_present(id).filter(|n| *n != id));
        }
    }

    /// A present driver (the next present member when the driver left or is away), and a
    /// present navigator other than the driver (a skip made earlier stands).
    pub(super) fn reset_roles(&mut self) {
        if !self.driver.is_some_and(|d| self.roster.is_present(d)) {
            self.driver = self
                .driver
                .and_then(|d| self.roster.next_present(d))
                .or_else(|| self.roster.first_present());
        }
        let navigator_ok = self
            .navigator
            .is_some_and(|n| Some(n) != self.driver && self.roster.is_present(n));
        if !navigator_ok {
            self.reset_navigator();
        }
    }

    /// The navigator is the next present member after the driver (nobody when alone).
    pub(super) fn reset_navigator(&mut self) {
        if !self.driver.is_some_and(|d| self.roster.is_present(d)) {
            self.driver = self.roster.first_present();
        }
        self.navigator = self
            .driver
            .and_then(|d| self.roster.next_present(d).filter(|n| *n != d));
    }
}
