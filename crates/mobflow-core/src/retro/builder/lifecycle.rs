//! The lifecycle family: sessions, turns, pauses, hand-overs, breaks and time away. It measures
//! time (keyboard, overrun, pauses, breaks, away) and draws the timeline's segments.

use super::{stretch, Builder, OpenBreak, OpenHandover, OpenTurn};
use crate::retro::{PointKind, Segment, SegmentKind, Who};
use crate::{millis_between, AwayChoice, EndReason, Event, Person, Record, Timestamp};

impl Builder {
    /// Handles `record` (which counts at `at`) if its event is one of the lifecycle's; says
    /// whether it was.
    pub(super) fn lifecycle_event(&mut self, at: Timestamp, record: &Record) -> bool {
        let session = record.session;
        match &record.event {
            Event::SessionStarted { session: id } => self.start_session(at, *id),
            Event::SessionEnded { session: id, .. } => self.end_session(at, *id),
            Event::TurnStarted {
                turn,
                driver,
                navigator,
                ..
            } => self.start_turn(at, session, *turn, (driver, navigator)),
            Event::TurnPaused { .. } => self.pause_turn(at),
            Event::TurnResumed { .. } => self.end_pause(at),
            Event::TurnEnded { reason, .. } => self.end_turn(at, session, *reason),
            Event::BreakStarted { due, .. } => self.start_break(at, session, *due),
            Event::BreakEnded { taken_ms, .. } => self.end_break(at, session, *taken_ms),
            Event::BreakSkipped => self.skip_break(at, session),
            Event::TimeAway {
                from,
                away_ms,
                choice,
            } => self.time_away(at, session, *from, *away_ms, *choice),
            _ => return false,
        }
        true
    }

    fn start_session(&mut self, at: Timestamp, id: u64) {
        self.close_all(at);
        self.session_began = Some(at);
        self.sessions.insert(id);
        self.open_sessions.insert(id);
        let text = format!("Session {id} started");
        self.point(PointKind::SessionStarted, at, Some(id), text, None);
    }

    fn end_session(&mut self, at: Timestamp, id: u64) {
        self.close_all(at);
        self.sessions.insert(id);
        self.open_sessions.remove(&id);
        let text = format!("Session {id} ended");
        self.point(PointKind::SessionEnded, at, Some(id), text, None);
    }

    fn start_turn(
        &mut self,
        at: Timestamp,
        session: Option<u64>,
        turn: u32,
        (driver, navigator): (&Person, &Option<Person>),
    ) {
        self.close_turn(at);
        let incoming = (Some(Who::from(driver)), navigator.as_ref().map(Who::from));
        self.close_handover(at, incoming);
        self.close_break(at);
        self.learn(driver);
        self.learn_opt(navigator);
        self.turns += 1;
        self.people.entry(driver.id).or_default().driven += 1;
        if let Some(navigator) = navigator {
            self.people.entry(navigator.id).or_default().navigated += 1;
        }
        self.turn = Some(OpenTurn {
            session,
            turn,
            driver: Who::from(driver),
            navigator: navigator.as_ref().map(Who::from),
            start: at,
            piece: at,
            paused_since: None,
            excluded: Vec::new(),
        });
    }

    fn pause_turn(&mut self, at: Timestamp) {
        self.pauses.count += 1;
        let Some(open) = &mut self.turn else { return };
        if open.paused_since.is_some() {
            return;
        }
        open.paused_since = Some(at);
        let piece = (open.piece, at);
        open.piece = at;
        self.turn_piece(SegmentKind::Turn, piece);
    }

    /// Ends a running pause at `at`, if the open turn has one.
    fn end_pause(&mut self, at: Timestamp) {
        let Some(open) = &mut self.turn else { return };
        let Some(since) = open.paused_since.take() else {
            return;
        };
        open.excluded.push((since, at));
        open.piece = at;
        self.pauses.total_ms += millis_between(since, at);
        self.turn_piece(SegmentKind::Pause, (since, at));
    }

    fn end_turn(&mut self, at: Timestamp, session: Option<u64>, reason: EndReason) {
        self.close_all(at);
        if reason != EndReason::SessionEnded {
            let time_was_up = matches!(
                reason,
                EndReason::TimeUp | EndReason::Green | EndReason::StillRed
            );
            self.open_handover(at, session, time_was_up);
        }
    }

    fn start_break(&mut self, at: Timestamp, session: Option<u64>, due: bool) {
        // A time-up end that goes straight into a due break never handed over.
        if self.handover.as_ref().is_some_and(|h| h.start == at) {
            self.handover = None;
        }
        self.close_all(at);
        if due {
            self.breaks.due += 1;
        } else {
            self.breaks.early += 1;
        }
        self.brk = Some(OpenBreak { session, start: at });
    }

    fn end_break(&mut self, at: Timestamp, session: Option<u64>, taken_ms: u64) {
        self.breaks.taken += 1;
        if self.brk.is_some() {
            self.close_break(at);
        } else if self.turn.is_none() && self.handover.is_none() {
            self.cut_off_break(at, session, taken_ms);
        }
        self.after_break(at, session);
    }

    /// A break that ends at `at` with no start seen (cut off by the window): trusts the
    /// recorded length, but not before the session began nor over what the timeline already
    /// holds.
    fn cut_off_break(&mut self, at: Timestamp, session: Option<u64>, taken_ms: u64) {
        let floor = self.settled.max(self.session_began).map(|f| f.min(at));
        let reach = at.checked_sub_signed(duration(taken_ms));
        let start = match (reach, floor) {
            (Some(start), Some(floor)) => start.max(floor),
            (Some(start), None) => start,
            (None, floor) => floor.unwrap_or(at),
        };
        self.reach_back(start);
        self.breaks.total_ms += millis_between(start, at);
        self.segment(stretch(SegmentKind::Break, (start, at), session));
    }

    fn skip_break(&mut self, at: Timestamp, session: Option<u64>) {
        self.breaks.skipped += 1;
        if self.brk.is_some() {
            self.close_break(at);
            self.after_break(at, session);
        } else {
            self.breaks.due += 1;
        }
    }

    /// After a break the mob is handing over again (never overrun), unless a turn is on.
    fn after_break(&mut self, at: Timestamp, session: Option<u64>) {
        if self.turn.is_some() {
            return;
        }
        self.close_handover(at, (None, None));
        self.open_handover(at, session, false);
    }

    fn open_handover(&mut self, at: Timestamp, session: Option<u64>, overrun: bool) {
        self.handover = Some(OpenHandover {
            session,
            start: at,
            overrun,
            excluded: Vec::new(),
        });
    }

    fn time_away(
        &mut self,
        at: Timestamp,
        session: Option<u64>,
        from: Timestamp,
        away_ms: u64,
        choice: AwayChoice,
    ) {
        self.away_ms = self.away_ms.saturating_add(away_ms);
        let start = from.min(at);
        self.reach_back(start);
        let end = start
            .checked_add_signed(duration(away_ms))
            .unwrap_or(self.until)
            .min(self.until);
        if let Some(open) = &mut self.turn {
            open.excluded.push((start, end));
        }
        if let Some(open) = &mut self.handover {
            open.excluded.push((start, end));
        }
        if choice == AwayChoice::EndSession {
            // The session ended where the time away began: nothing of it to draw.
            return;
        }
        self.segment(stretch(SegmentKind::Away, (start, end), session));
    }

    /// Moves the retro's start back to `start`: a record can describe time before it was
    /// written (time away, a break whose start was cut off).
    fn reach_back(&mut self, start: Timestamp) {
        if self.first.is_some_and(|first| start < first) {
            self.first = Some(start);
        }
    }

    /// Draws a piece (turn or pause) of the open turn.
    fn turn_piece(&mut self, kind: SegmentKind, span: (Timestamp, Timestamp)) {
        let Some(open) = &self.turn else { return };
        let piece = Segment {
            turn: Some(open.turn),
            driver: Some(open.driver.clone()),
            navigator: open.navigator.clone(),
            ..stretch(kind, span, open.session)
        };
        self.segment(piece);
    }

    fn close_turn(&mut self, at: Timestamp) {
        self.end_pause(at);
        let Some(open) = &mut self.turn else { return };
        let gone = covered_ms(&mut open.excluded, open.start, at);
        let keyboard = millis_between(open.start, at).saturating_sub(gone);
        let (driver, piece) = (open.driver.id, open.piece);
        self.keyboard_ms += keyboard;
        self.people.entry(driver).or_default().keyboard_ms += keyboard;
        self.turn_piece(SegmentKind::Turn, (piece, at));
        self.turn = None;
    }

    fn close_handover(&mut self, at: Timestamp, (driver, navigator): (Option<Who>, Option<Who>)) {
        let Some(mut open) = self.handover.take() else {
            return;
        };
        if open.overrun {
            let gone = covered_ms(&mut open.excluded, open.start, at);
            self.overrun.count += 1;
            self.overrun.total_ms += millis_between(open.start, at).saturating_sub(gone);
        }
        self.segment(Segment {
            driver,
            navigator,
            overrun: open.overrun,
            ..stretch(SegmentKind::Handover, (open.start, at), open.session)
        });
    }

    fn close_break(&mut self, at: Timestamp) {
        let Some(open) = self.brk.take() else { return };
        self.breaks.total_ms += millis_between(open.start, at);
        self.segment(stretch(SegmentKind::Break, (open.start, at), open.session));
    }

    pub(super) fn close_all(&mut self, at: Timestamp) {
        self.close_turn(at);
        self.close_handover(at, (None, None));
        self.close_break(at);
    }
}

/// The length of the union of `stretches`, clipped to `[from, to]`.
fn covered_ms(stretches: &mut [(Timestamp, Timestamp)], from: Timestamp, to: Timestamp) -> u64 {
    stretches.sort_unstable();
    let mut total = 0;
    let mut reach = from;
    for &(start, end) in stretches.iter() {
        let start = start.max(reach);
        let end = end.min(to);
        if end > start {
            total += millis_between(start, end);
            reach = end;
        }
    }
    total
}

/// `ms` as a duration, saturating.
fn duration(ms: u64) -> chrono::Duration {
    chrono::Duration::try_milliseconds(i64::try_from(ms).unwrap_or(i64::MAX))
        .unwrap_or(chrono::Duration::MAX)
}
