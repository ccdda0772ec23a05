//! The annotation families: tasks, notes (hand-over notes, mini-retro lines, hooks) and
//! people. They take no time: they count, list, learn names and mark instants on the timeline.

use super::{name_of, Builder};
use crate::board::TaskId;
use crate::retro::{FinishedTask, HandoverNote, PointKind, RetroLine};
use crate::{millis_between, Event, Person, Record, Timestamp};

impl Builder {
    /// Handles `record` (which counts at `at`) if its event is about the board's tasks; says
    /// whether it was.
    pub(super) fn task_event(&mut self, at: Timestamp, record: &Record) -> bool {
        let session = record.session;
        match &record.event {
            Event::TaskAdded {
                title,
                parked: true,
                driver,
                ..
            } => {
                self.parked_thoughts += 1;
                let text = title.clone();
                self.point(PointKind::ParkedThought, at, session, text, name_of(driver));
            }
            Event::TaskFocused {
                task,
                title,
                driver,
            } => {
                let text = format!("{task} {title}");
                self.point(PointKind::TaskFocused, at, session, text, name_of(driver));
            }
            Event::TaskFinished {
                task,
                title,
                steps_left,
                override_reason,
                test_first,
                created_at,
                first_focused_at,
                driver,
            } => {
                let began = first_focused_at.unwrap_or(*created_at);
                let finished = FinishedTask {
                    task: *task,
                    title: title.clone(),
                    finished_at: at,
                    cycle_ms: millis_between(began, at),
                    test_first: *test_first,
                    override_reason: override_reason.clone(),
                    steps_left: *steps_left,
                    driver: name_of(driver),
                };
                self.finish_task(session, finished);
            }
            Event::TaskReopened { task, driver } => {
                self.reopen_task(at, session, *task, name_of(driver));
            }
            Event::StepChecked {
                task,
                step,
                title,
                violation,
                driver,
                run,
                ..
            } => {
                let flag = if *violation { " (not test-first)" } else { "" };
                let proof = run.map(|r| format!(" (test run {r})")).unwrap_or_default();
                let text = format!("{task} step {}: {title}{proof}{flag}", u64::from(*step) + 1);
                self.point(PointKind::StepChecked, at, session, text, name_of(driver));
            }
            _ => return false,
        }
        true
    }

    /// Keeps only the latest finish of a task.
    fn finish_task(&mut self, session: Option<u64>, finished: FinishedTask) {
        self.tasks.retain(|t| t.task != finished.task);
        let text = format!("{} {}", finished.task, finished.title);
        let (at, who) = (finished.finished_at, finished.driver.clone());
        self.tasks.push(finished);
        self.point(PointKind::TaskFinished, at, session, text, who);
    }

    /// Takes a finished task back out of the finished ones.
    fn reopen_task(
        &mut self,
        at: Timestamp,
        session: Option<u64>,
        task: TaskId,
        who: Option<String>,
    ) {
        let title = self
            .tasks
            .iter()
            .find(|t| t.task == task)
            .map(|t| format!("{task} {}", t.title))
            .unwrap_or_else(|| task.to_string());
        self.tasks.retain(|t| t.task != task);
        self.reopened.push(task);
        self.point(PointKind::TaskReopened, at, session, title, who);
    }

    /// Handles `record` (which counts at `at`) if its event is a hand-over note, a mini-retro
    /// line or a hook run; says whether it was.
    pub(super) fn note_event(&mut self, at: Timestamp, record: &Record) -> bool {
        let session = record.session;
        match &record.event {
            Event::HandoverNote { text, from, to } => {
                self.learn_opt(from);
                self.learn_opt(to);
                self.notes.push(HandoverNote {
                    at,
                    text: text.clone(),
                    from: name_of(from),
                    to: name_of(to),
                });
                let text = text.clone();
                self.point(PointKind::HandoverNote, at, session, text, name_of(from));
            }
            Event::MiniRetro { text } => {
                self.lines.push(RetroLine {
                    at,
                    text: text.clone(),
                });
                self.point(PointKind::RetroLine, at, session, text.clone(), None);
            }
            Event::HookRan {
                hook,
                command,
                exit_code,
                timed_out,
                ..
            } => {
                self.hooks.ran += 1;
                if *timed_out {
                    self.hooks.timed_out += 1;
                }
                if *timed_out || *exit_code != Some(0) {
                    self.hooks.failed += 1;
                }
                let outcome = match (timed_out, exit_code) {
                    (true, _) => "timed out".to_owned(),
                    (false, Some(code)) => format!("exit {code}"),
                    (false, None) => "killed".to_owned(),
                };
                let text = format!("{hook}: {command} ({outcome})");
                self.point(PointKind::Hook, at, session, text, None);
            }
            _ => return false,
        }
        true
    }

    /// Handles `record` (which counts at `at`) if its event is about the roster (skips,
    /// stepping away, names); says whether it was.
    pub(super) fn people_event(&mut self, at: Timestamp, record: &Record) -> bool {
        let session = record.session;
        match &record.event {
            Event::NavigatorSkipped { skipped, navigator } => {
                self.learn(skipped);
                self.learn(navigator);
                self.skips += 1;
                let text = format!("{} skipped; {} navigates", skipped.name, navigator.name);
                let who = Some(skipped.name.clone());
                self.point(PointKind::Skip, at, session, text, who);
            }
            Event::MemberAway { member } => {
                self.member_point(PointKind::MemberAway, at, session, member, "stepped away");
            }
            Event::MemberBack { member } => {
                self.member_point(PointKind::MemberBack, at, session, member, "is back");
            }
            Event::MemberAdded { member }
            | Event::MemberRemoved { member }
            | Event::MemberMoved { member, .. } => self.learn(member),
            Event::RosterShuffled { order, .. } => order.iter().for_each(|p| self.learn(p)),
            Event::MemberRenamed { member, to, .. } => {
                self.names.insert(*member, to.clone());
            }
            Event::Rotated { driver, navigator } => {
                self.learn_opt(driver);
                self.learn_opt(navigator);
            }
            _ => return false,
        }
        true
    }

    /// Marks `member` stepping away or coming back.
    fn member_point(
        &mut self,
        kind: PointKind,
        at: Timestamp,
        session: Option<u64>,
        member: &Person,
        what: &str,
    ) {
        self.learn(member);
        let text = format!("{} {what}", member.name);
        self.point(kind, at, session, text, Some(member.name.clone()));
    }
}
