//! The Markdown export, for a retro board: a heading, the headline figures as a list, then a
//! section each for keyboard time, finished tasks, mini-retro lines and hand-over notes (a
//! section with nothing in it is left out).

use std::fmt::Write;

use mobflow_core::retro::Retro;
use mobflow_core::Timestamp;

use super::duration;

/// The Markdown for a retro board.
pub fn markdown(retro: &Retro, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(title));
    let (Some(start), Some(end)) = (retro.start, retro.end) else {
        out.push_str("Nothing was recorded.\n");
        return out;
    };
    let clock = Clock {
        one_day: start.date_naive() == end.date_naive(),
    };
    let _ = writeln!(
        out,
        "{} · {} · {}\n",
        sessions(&retro.sessions),
        clock.span(start, end),
        duration(retro.span_ms)
    );
    for (name, value) in headline(retro) {
        let _ = writeln!(out, "- **{name}:** {value}");
    }
    people(&mut out, retro);
    tasks(&mut out, retro);
    retro_lines(&mut out, retro);
    handover_notes(&mut out, retro, clock);
    out
}

/// Times of day in UTC, with the date when the retro spans more than one day.
#[derive(Debug, Clone, Copy)]
struct Clock {
    one_day: bool,
}

impl Clock {
    fn at(self, t: Timestamp) -> String {
        if self.one_day {
            t.format("%H:%M").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
    }

    /// When the retro ran: `2026-11-23 09:00–09:50 UTC`, or two dates and times.
    fn span(self, start: Timestamp, end: Timestamp) -> String {
        if self.one_day {
            let day = start.format("%Y-%m-%d");
            format!("{day} {}–{} UTC", self.at(start), self.at(end))
        } else {
            format!("{} – {} UTC", self.at(start), self.at(end))
        }
    }
}

/// `Session 3`, `Sessions 3, 4` (up to ten), or `42 sessions`.
fn sessions(ids: &[u64]) -> String {
    match ids {
        [one] => format!("Session {one}"),
        few if few.len() <= 10 => format!(
            "Sessions {}",
            few.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        many => format!("{} sessions", many.len()),
    }
}

/// The headline figures, a name and its value each.
fn headline(retro: &Retro) -> [(&'static str, String); 10] {
    let fairness = match retro.fairness.ratio {
        Some(ratio) => format!("{ratio:.2} (most ÷ least keyboard time)"),
        None => "n/a (needs two drivers)".to_owned(),
    };
    let tasks = match retro.test_first {
        Some(share) => format!("{}, test-first {}", retro.tasks.len(), percent(share)),
        None => "0".to_owned(),
    };
    let (b, h) = (&retro.breaks, &retro.hooks);
    [
        (
            "Keyboard time",
            format!(
                "{} over {} turn{}",
                duration(retro.keyboard_ms),
                retro.turns,
                plural(retro.turns)
            ),
        ),
        ("Fairness", fairness),
        ("Overrun", overrun(retro)),
        (
            "Pauses",
            format!(
                "{} ({})",
                retro.pauses.count,
                duration(retro.pauses.total_ms)
            ),
        ),
        (
            "Breaks",
            format!(
                "{} due, {} taken, {} skipped, {} early ({})",
                b.due,
                b.taken,
                b.skipped,
                b.early,
                duration(b.total_ms)
            ),
        ),
        ("Tasks finished", tasks),
        ("Parked thoughts", retro.parked_thoughts.to_string()),
        ("Navigator skips", retro.skips.to_string()),
        (
            "Hooks",
            format!(
                "{} ran, {} failed ({} timed out)",
                h.ran, h.failed, h.timed_out
            ),
        ),
        ("Time away", duration(retro.away_ms)),
    ]
}

fn overrun(retro: &Retro) -> String {
    let o = &retro.overrun;
    match o.average_ms {
        Some(avg) => format!(
            "{} after {} time-up hand-over{} ({} on average)",
            duration(o.total_ms),
            o.count,
            plural(o.count),
            duration(avg)
        ),
        None => "none".to_owned(),
    }
}

/// Keyboard time per person, with a bar of their share.
fn people(out: &mut String, retro: &Retro) {
    if retro.people.is_empty() {
        return;
    }
    out.push_str("\n## Keyboard time\n\n");
    out.push_str("| Person | Keyboard | Share | Drove | Navigated | |\n");
    out.push_str("|:--|--:|--:|--:|--:|:--|\n");
    for p in &retro.people {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&p.name),
            duration(p.keyboard_ms),
            percent(p.share),
            p.turns_driven,
            p.turns_navigated,
            bar(p.share)
        );
    }
}

/// The finished tasks with their cycle time and test-first mark (and override reason).
fn tasks(out: &mut String, retro: &Retro) {
    if retro.tasks.is_empty() {
        return;
    }
    out.push_str("\n## Tasks finished\n\n");
    out.push_str("| Task | Cycle time | Test-first |\n");
    out.push_str("|:--|--:|:-:|\n");
    for t in &retro.tasks {
        let mark = if t.test_first { "✓" } else { "✗" };
        let check = match &t.override_reason {
            Some(reason) => format!("{mark} (override: {})", cell(reason)),
            None => mark.to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} {} | {} | {check} |",
            t.task,
            cell(&t.title),
            duration(t.cycle_ms)
        );
    }
}

fn retro_lines(out: &mut String, retro: &Retro) {
    if retro.retro_lines.is_empty() {
        return;
    }
    out.push_str("\n## Mini-retro\n\n");
    for line in &retro.retro_lines {
        let _ = writeln!(out, "- {}", one_line(&line.text));
    }
}

fn handover_notes(out: &mut String, retro: &Retro, clock: Clock) {
    if retro.handover_notes.is_empty() {
        return;
    }
    out.push_str("\n## Hand-over notes\n\n");
    for note in &retro.handover_notes {
        let who = match (&note.from, &note.to) {
            (Some(from), Some(to)) => format!(" {from} → {to}"),
            (Some(from), None) => format!(" {from}"),
            (None, Some(to)) => format!(" → {to}"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "- {}{}: {}",
            clock.at(note.at),
            one_line(&who),
            one_line(&note.text)
        );
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A bar of `WIDTH` cells for a share of 0 to 1.
fn bar(share: f64) -> String {
    const WIDTH: usize = 20;
    let full = ((share.clamp(0.0, 1.0) * WIDTH as f64).round() as usize).min(WIDTH);
    format!("{}{}", "█".repeat(full), "░".repeat(WIDTH - full))
}

/// User text on one line, safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).collect::<Vec<_>>().join(" ")
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
