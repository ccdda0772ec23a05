//! What the CLI prints for the app's answers: the status summary, the roster, the board and
//! the settings, as text or JSON. Pure functions of the DTOs.

use std::fmt::Write;

use mobflow_api::{BoardView, MemberView, Role, Snapshot, TimerState};
use mobflow_core::board::{Column, StepKind};
use mobflow_core::{Settings, Timestamp};

pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("DTOs always serialize")
}

/// `t` in local time.
pub fn local(t: Timestamp, format: &str) -> String {
    t.with_timezone(&chrono::Local).format(format).to_string()
}

/// `m:ss`, rounding up so a turn never shows 0:00 while it still runs.
fn clock_text(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The one or few lines every command that changed something prints.
pub fn summary(s: &Snapshot) -> String {
    let who = |name: &Option<String>| name.clone().unwrap_or_else(|| "nobody".into());
    let pair = match &s.navigator {
        Some(_) => format!("{} drives, {} navigates", who(&s.driver), who(&s.navigator)),
        None => format!("{} drives alone", who(&s.driver)),
    };
    let line = match s.state {
        TimerState::Idle if s.members.is_empty() => "Idle. No members yet.".to_owned(),
        TimerState::Idle => format!("Idle. Next: {pair}."),
        TimerState::Running => format!("Running: {pair}; {} left.", clock_text(s.remaining_ms)),
        TimerState::Paused => format!("Paused: {pair}; {} left.", clock_text(s.remaining_ms)),
        TimerState::Handover => format!(
            "Hand over: {pair}. Waiting {}. Start with `mobflow next`.",
            clock_text(s.handover_ms)
        ),
        TimerState::Break => format!("Break: {} left. Then {pair}.", clock_text(s.break_left_ms)),
    };
    let line = match &s.away {
        Some(away) => format!(
            "{line}\nAway {} min: decide with `mobflow decide break|resume|end`.",
            away.away_ms / 60_000
        ),
        None => line,
    };
    match &s.task {
        Some(task) => {
            let next = task
                .next_step
                .as_deref()
                .map(|step| format!(" Next step: {step}."))
                .unwrap_or_else(|| " All steps ticked.".to_owned());
            format!("{line}\nFocus: #{} {}.{next}", task.id.0, task.title)
        }
        None => line,
    }
}

/// What storage is doing, when it is not simply saving everything: "History not saved since
/// 14:02: database is locked; 3 changes waiting." `None` while every change is on disk.
pub fn storage(s: &Snapshot) -> Option<String> {
    let storage = &s.storage;
    let waiting = match storage.pending {
        1 => "1 change waiting".to_owned(),
        n => format!("{n} changes waiting"),
    };
    let since = storage
        .since
        .map(|t| format!(" since {}", local(t, "%H:%M")))
        .unwrap_or_default();
    match &storage.reason {
        Some(reason) => Some(format!("History not saved{since}: {reason}; {waiting}.")),
        None if storage.pending > 0 => Some(format!("Not on disk yet: {waiting}.")),
        None => None,
    }
}

/// `mobflow status`: the summary, then every extra role, the break, the turn and the mob.
pub fn status(s: &Snapshot) -> String {
    let mut out = summary(s);
    if let Some(storage) = storage(s) {
        let _ = write!(out, "\n{storage}");
    }
    if s.task.is_none() {
        out.push_str("\nNo task in focus.");
    }
    out.push('\n');
    if !s.roles.is_empty() {
        let roles: Vec<String> = s
            .roles
            .iter()
            .map(|r| format!("{} {}", r.role, r.member.as_deref().unwrap_or("nobody")))
            .collect();
        let _ = writeln!(out, "Roles: {}.", roles.join(", "));
    }
    if let Some(line) = break_line(s) {
        let _ = writeln!(out, "{line}");
    }
    if s.retro_prompt {
        out.push_str(
            "A full cycle: answer the mini-retro with `mobflow mini-retro TEXT` (or --skip).\n",
        );
    }
    let _ = writeln!(
        out,
        "Turn length {} min; turn {} of this session.",
        s.turn_minutes, s.turn
    );
    if !s.members.is_empty() {
        let names: Vec<String> = s
            .members
            .iter()
            .map(|m| {
                if m.away {
                    format!("{} (away)", m.name)
                } else {
                    m.name.clone()
                }
            })
            .collect();
        let _ = writeln!(out, "Mob: {}", names.join(", "));
    }
    let _ = writeln!(out, "{}", crate::tests_cmd::test_line(&s.tests));
    out
}

/// When the next break is due, during a session (a break going on is in the summary).
fn break_line(s: &Snapshot) -> Option<String> {
    if s.session_id.is_none() || s.state == TimerState::Break {
        return None;
    }
    Some(match s.break_due_in_ms {
        None => "Breaks by mob time are off.".to_owned(),
        Some(0) => "Break due: at the end of this turn.".to_owned(),
        Some(ms) => format!("Break due in {} min of mob time.", ms.div_ceil(60_000)),
    })
}

/// `mobflow task checklist`: the template new tasks copy, and the mode.
pub fn checklist(board: &BoardView) -> String {
    let mut out = String::new();
    let mode = if board.strict {
        "strict (steps in order, tests before code)"
    } else {
        "lenient (any order; code before tests is flagged)"
    };
    let _ = writeln!(out, "Mode: {mode}.");
    if board.checklist.is_empty() {
        out.push_str("No checklist: new tasks have no steps.\n");
    }
    for (i, step) in board.checklist.iter().enumerate() {
        let kind = match step.kind {
            StepKind::Test => "test",
            StepKind::Code => "code",
            StepKind::Delivery => "delivery",
        };
        let _ = writeln!(out, "{}. {kind}: {}", i + 1, step.title);
    }
    out
}

/// `mobflow roster list`.
pub fn roster(members: &[MemberView]) -> String {
    if members.is_empty() {
        return "No members yet. Add one with `mobflow roster add NAME`.\n".to_owned();
    }
    let mut out = String::new();
    for (i, m) in members.iter().enumerate() {
        let role = match m.role {
            Some(Role::Driver) => "  (driver)",
            Some(Role::Navigator) => "  (navigator)",
            None => "",
        };
        let _ = writeln!(out, "{}. {}{role}", i + 1, m.name);
    }
    out
}

/// `mobflow task list`: the tasks by column, the one in focus with its next step.
pub fn board(board: &BoardView) -> String {
    if board.tasks.is_empty() {
        return "The board is empty. Add a task with `mobflow task add TITLE`.\n".to_owned();
    }
    let mut out = String::new();
    for (column, heading) in [
        (Column::Focus, "In focus"),
        (Column::Backlog, "Backlog"),
        (Column::Parked, "Parked"),
        (Column::Done, "Done"),
    ] {
        let tasks: Vec<_> = board.tasks.iter().filter(|t| t.column == column).collect();
        if tasks.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{heading}:");
        for t in tasks {
            let done = t.steps.len() as u32 - t.steps_left;
            let _ = write!(
                out,
                "  #{:<3} {}  [{done}/{}]",
                t.id.0,
                t.title,
                t.steps.len()
            );
            if column == Column::Focus {
                if let Some((i, step)) = t.steps.iter().enumerate().find(|(_, s)| !s.done) {
                    let _ = write!(out, "  next: {}. {}", i + 1, step.title);
                }
            }
            if column == Column::Done && !t.test_first {
                let _ = write!(out, "  (not test-first)");
            }
            out.push('\n');
        }
    }
    out
}

/// `mobflow settings`: one line per setting, then the shortcuts and hooks.
pub fn settings(s: &Settings) -> String {
    let off = |v: u32, unit: &str| {
        if v == 0 {
            "off".to_owned()
        } else {
            format!("{v} {unit}")
        }
    };
    let auto_start = if s.auto_start {
        format!("after {} s", s.auto_start_grace_secs)
    } else {
        "off".into()
    };
    let roles = if s.roles.is_empty() {
        "none".into()
    } else {
        s.roles.join(", ")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Turn length:      {} min (extend adds {} min)",
        s.turn_minutes, s.extend_minutes
    );
    let _ = writeln!(out, "Auto-start:       {auto_start}");
    let _ = writeln!(
        out,
        "Breaks:           every {} / every {}, {} min long",
        off(s.break_every_minutes, "min"),
        off(s.break_every_turns, "turns"),
        s.break_minutes
    );
    let _ = writeln!(
        out,
        "Warning:          {} before the end",
        off(s.warn_before_secs, "s")
    );
    let _ = writeln!(
        out,
        "Sound:            {}",
        if s.sound { "on" } else { "off" }
    );
    let _ = writeln!(
        out,
        "Open at login:    {}",
        if s.autostart { "on" } else { "off" }
    );
    let _ = writeln!(out, "Extra roles:      {roles}");
    let theme = match s.theme {
        mobflow_core::settings::Theme::System => "as the desktop (light or dark)",
        mobflow_core::settings::Theme::Light => "light",
        mobflow_core::settings::Theme::Dark => "dark",
    };
    let _ = writeln!(out, "Theme:            {theme}");
    out.push_str(&crate::tests_cmd::tests_settings(&s.tests));
    out.push_str(&shortcuts_and_hooks(s));
    out
}

fn shortcuts_and_hooks(s: &Settings) -> String {
    let mut out = String::new();
    for (action, shortcut) in &s.shortcuts {
        let name = serde_json::to_value(action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let shortcut = if shortcut.is_empty() {
            "none"
        } else {
            shortcut
        };
        let _ = writeln!(out, "Shortcut {name:<13} {shortcut}");
    }
    for (event, hook) in &s.hooks {
        let cwd = if hook.cwd.is_empty() { "~" } else { &hook.cwd };
        let _ = writeln!(out, "Hook {:<17} {} (in {cwd})", event.name(), hook.command);
    }
    out
}
