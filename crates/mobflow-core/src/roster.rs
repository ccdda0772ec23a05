use serde::{Deserialize, Serialize};

use crate::{CoreError, MemberRef};

/// The longest member name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The most members a roster holds.
pub const MAX_MEMBERS: usize = 50;

/// A member's stable id: it survives renames and reorders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct MemberId(pub u32);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    /// Away members stay in the roster but take no role.
    #[serde(default)]
    pub away: bool,
}

/// The people in the mob, in rotation order. Names are unique, ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    members: Vec<Member>,
    next_id: u32,
}

impl Roster {
    /// Trims a name and checks it: 1 to [`MAX_NAME_CHARS`] characters, no control characters.
    pub fn clean_name(raw: &str) -> Result<String, CoreError> {
        let name = raw.trim();
        let len = name.chars().count();
        if len == 0 {
            return Err(CoreError::EmptyName);
        }
        if len > MAX_NAME_CHARS {
            return Err(CoreError::NameTooLong {
                len,
                max: MAX_NAME_CHARS,
            });
        }
        if name.chars().any(char::is_control) {
            return Err(CoreError::NameHasControlChars);
        }
        Ok(name.to_owned())
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn get(&self, id: MemberId) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn position(&self, id: MemberId) -> Option<usize> {
        self.members.iter().position(|m| m.id == id)
    }

    /// Whether `id` is in the roster and not away.
    pub fn is_present(&self, id: MemberId) -> bool {
        self.get(id).is_some_and(|m| !m.away)
    }

    pub fn present_count(&self) -> usize {
        self.members.iter().filter(|m| !m.away).count()
    }

    pub fn first_present(&self) -> Option<MemberId> {
        self.members.iter().find(|m| !m.away).map(|m| m.id)
    }

    /// The first present member after `id` in roster order, wrapping around (possibly `id`
    /// itself when it is the only one present); `None` if `id` is unknown or nobody is present.
    pub fn next_present(&self, id: MemberId) -> Option<MemberId> {
        let pos = self.position(id)?;
        let n = self.members.len();
        (1..=n)
            .map(|k| &self.members[(pos + k) % n])
            .find(|m| !m.away)
            .map(|m| m.id)
    }

    /// Marks a member away or back; returns whether anything changed.
    pub fn set_away(&mut self, id: MemberId, away: bool) -> Result<bool, CoreError> {
        let pos = self
            .position(id)
            .ok_or_else(|| CoreError::UnknownMember(format!("#{}", id.0)))?;
        let changed = self.members[pos].away != away;
        self.members[pos].away = away;
        Ok(changed)
    }

    pub fn find_name(&self, name: &str) -> Option<&Member> {
        let wanted = name.trim().to_lowercase();
        self.members
            .iter()
            .find(|m| m.name.to_lowercase() == wanted)
    }

    /// Resolves a reference to a member of this roster.
    pub fn resolve(&self, member: &MemberRef) -> Result<MemberId, CoreError> {
        match member {
            MemberRef::Id(id) if self.get(*id).is_some() => Ok(*id),
            MemberRef::Name(name) => self
                .find_name(name)
                .map(|m| m.id)
                .ok_or_else(|| CoreError::UnknownMember(name.trim().to_owned())),
            other => Err(CoreError::UnknownMember(other.to_string())),
        }
    }

    fn check_unique(&self, name: &str, except: Option<MemberId>) -> Result<(), CoreError> {
        match self.find_name(name) {
            Some(m) if Some(m.id) != except => Err(CoreError::DuplicateName(m.name.clone())),
            _ => Ok(()),
        }
    }

    /// Adds a member at the end of the roster, while it has fewer than [`MAX_MEMBERS`].
    pub fn add(&mut self, raw: &str) -> Result<&Member, CoreError> {
        if self.members.len() >= MAX_MEMBERS {
            return Err(CoreError::RosterFull { max: MAX_MEMBERS });
        }
        let name = Self::clean_name(raw)?;
        self.check_unique(&name, None)?;
        self.next_id += 1;
        self.members.push(Member {
            id: MemberId(self.next_id),
            name,
            away: false,
        });
        Ok(self.members.last().expect("just pushed"))
    }

    /// Renames a member; returns the old name.
    pub fn rename(&mut self, id: MemberId, raw: &str) -> Result<String, CoreError> {
        let name = Self::clean_name(raw)?;
        self.check_unique(&name, Some(id))?;
        let pos = self
            .position(id)
            .ok_or_else(|| CoreError::UnknownMember(format!("#{}", id.0)))?;
        Ok(std::mem::replace(&mut self.members[pos].name, name))
    }

    pub fn remove(&mut self, id: MemberId) -> Result<Member, CoreError> {
        let pos = self
            .position(id)
            .ok_or_else(|| CoreError::UnknownMember(format!("#{}", id.0)))?;
        Ok(self.members.remove(pos))
    }

    /// Puts the members in a new order: `order[i]` is the current position of the member who
    /// goes to position `i` (a permutation, as [`crate::shuffle::permutation`] makes).
    pub fn reorder(&mut self, order: &[usize]) {
        debug_assert_eq!(
            order.len(),
            self.members.len(),
            "a permutation of the roster"
        );
        let mut sorted = order.to_vec();
        sorted.sort_unstable();
        if sorted != (0..self.members.len()).collect::<Vec<_>>() {
            return;
        }
        self.members = order.iter().map(|&i| self.members[i].clone()).collect();
    }

    /// Moves a member to position `to`; returns the position it came from.
    pub fn move_to(&mut self, id: MemberId, to: usize) -> Result<usize, CoreError> {
        let from = self
            .position(id)
            .ok_or_else(|| CoreError::UnknownMember(format!("#{}", id.0)))?;
        if to >= self.members.len() {
            return Err(CoreError::BadPosition {
                to,
                last: self.members.len() - 1,
            });
        }
        let member = self.members.remove(from);
        self.members.insert(to, member);
        Ok(from)
    }
}
