//! Why the board refuses an operation, and how what people type is cleaned and checked
//! before it reaches the board.

use thiserror::Error;

use super::{
    StepTemplate, TaskId, MAX_ACCEPTANCE_LINES, MAX_ACCEPTANCE_LINE_CHARS, MAX_NOTES_CHARS,
    MAX_REASON_CHARS, MAX_TEMPLATE_STEPS, MAX_TITLE_CHARS,
};

/// How much of a long text an error message quotes.
const PREVIEW_CHARS: usize = 40;

/// Why the board refused an operation. Every refusal leaves the board untouched.
///
/// The messages are shown to users as they are.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BoardError {
    #[error("There is no task {0}.")]
    UnknownTask(TaskId),
    #[error("Task {0} is done and was archived with its session: it is in the history now.")]
    Archived(TaskId),
    #[error(
        "The board holds at most {max} open tasks (backlog, focus and parked): finish some first."
    )]
    BoardFull { max: usize },
    #[error("At most {max} tasks can be parked: move some to the backlog or finish them first.")]
    ParkingFull { max: usize },
    #[error("A task title cannot be empty.")]
    EmptyTitle,
    #[error("A task title can have at most {max} characters (this one has {len}).")]
    TitleTooLong { len: usize, max: usize },
    #[error("A task title cannot contain control characters such as line breaks or tabs.")]
    TitleHasControlChars,
    #[error("Notes can have at most {max} characters (these have {len}).")]
    NotesTooLong { len: usize, max: usize },
    #[error("Notes cannot contain control characters other than line breaks and tabs.")]
    NotesHaveControlChars,
    #[error("A task can have at most {max} acceptance lines (this one has {count}).")]
    TooManyAcceptanceLines { count: usize, max: usize },
    #[error("An acceptance line can have at most {max} characters (\"{line}\" has {len}).")]
    AcceptanceLineTooLong {
        /// The beginning of the offending line.
        line: String,
        len: usize,
        max: usize,
    },
    #[error("An acceptance line cannot contain control characters such as tabs (\"{line}\").")]
    AcceptanceLineHasControlChars {
        /// The beginning of the offending line.
        line: String,
    },
    #[error("The board has run out of task numbers.")]
    NoMoreIds,
    #[error("\"{title}\" is not in the backlog; only backlog tasks can be reordered.")]
    NotInBacklog { title: String },
    #[error("Position {to} is outside the backlog (0 to {last}).")]
    BadBacklogPosition { to: usize, last: usize },
    #[error("\"{title}\" is in focus. Park it or finish it first.")]
    FocusTaken { id: TaskId, title: String },
    #[error("\"{title}\" is done. Reopen it to {action}.")]
    TaskDone {
        title: String,
        /// What the user tried, phrased to follow "Reopen it to".
        action: &'static str,
    },
    #[error("\"{title}\" is already done.")]
    AlreadyDone { title: String },
    #[error("\"{title}\" is not done, so there is nothing to reopen.")]
    NotDone { title: String },
    #[error(
        "\"{title}\" still has {left} unticked {}. Tick them, or give a reason to finish it anyway.",
        steps_word(*.left)
    )]
    UnfinishedSteps { title: String, left: usize },
    #[error("A reason can have at most {max} characters (this one has {len}).")]
    ReasonTooLong { len: usize, max: usize },
    #[error("A reason cannot contain control characters such as line breaks or tabs.")]
    ReasonHasControlChars,
    #[error("\"{title}\" is not in focus. Focus it first to work on its checklist.")]
    NotInFocus { title: String },
    #[error("{}", step_out_of_range(.title, *.step, *.count))]
    StepOutOfRange {
        title: String,
        step: usize,
        count: usize,
    },
    #[error("\"{step}\" is already ticked.")]
    AlreadyTicked { step: String },
    #[error("\"{step}\" is not ticked.")]
    NotTicked { step: String },
    #[error("Strict mode keeps the checklist in order: tick \"{first_open}\" before \"{step}\".")]
    OutOfOrder { step: String, first_open: String },
    #[error("Tests come first: tick \"{test}\" before \"{step}\".")]
    TestsFirst { step: String, test: String },
    #[error("The checklist template needs at least one step.")]
    EmptyTemplate,
    #[error("The checklist template can have at most {max} steps (this one has {count}).")]
    TemplateTooLong { count: usize, max: usize },
    #[error("Every checklist step needs a title.")]
    EmptyStepTitle,
    #[error("A step title can have at most {max} characters (\"{title}\" has {len}).")]
    StepTitleTooLong {
        /// The beginning of the offending title.
        title: String,
        len: usize,
        max: usize,
    },
    #[error("A step title cannot contain control characters such as line breaks or tabs.")]
    StepTitleHasControlChars,
}

fn steps_word(n: usize) -> &'static str {
    if n == 1 {
        "step"
    } else {
        "steps"
    }
}

fn step_out_of_range(title: &str, step: usize, count: usize) -> String {
    match count.checked_sub(1) {
        None => format!("\"{title}\" has no checklist steps."),
        // People count steps from 1.
        Some(_) => format!(
            "\"{title}\" has no step {}; its steps are 1 to {count}.",
            step.saturating_add(1)
        ),
    }
}

/// The first [`PREVIEW_CHARS`] characters of `text`, with an ellipsis if it was cut.
fn preview(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(PREVIEW_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// A trimmed title's problem, shared by task titles and step titles.
enum TitleProblem {
    Empty,
    TooLong(usize),
    ControlChars,
}

fn check_title(raw: &str) -> Result<String, (TitleProblem, String)> {
    let title = raw.trim();
    let len = title.chars().count();
    if len == 0 {
        return Err((TitleProblem::Empty, String::new()));
    }
    if len > MAX_TITLE_CHARS {
        return Err((TitleProblem::TooLong(len), preview(title)));
    }
    if title.chars().any(char::is_control) {
        return Err((TitleProblem::ControlChars, preview(title)));
    }
    Ok(title.to_owned())
}

/// Trims a task title and checks it: 1 to [`MAX_TITLE_CHARS`] characters, no control
/// characters.
pub fn clean_title(raw: &str) -> Result<String, BoardError> {
    check_title(raw).map_err(|(problem, _)| match problem {
        TitleProblem::Empty => BoardError::EmptyTitle,
        TitleProblem::TooLong(len) => BoardError::TitleTooLong {
            len,
            max: MAX_TITLE_CHARS,
        },
        TitleProblem::ControlChars => BoardError::TitleHasControlChars,
    })
}

/// Checks notes: at most [`MAX_NOTES_CHARS`] characters, no control characters but line breaks
/// and tabs. Notes are kept as typed, with Windows line ends made plain.
pub fn clean_notes(raw: &str) -> Result<String, BoardError> {
    let notes = raw.replace("\r\n", "\n");
    let len = notes.chars().count();
    if len > MAX_NOTES_CHARS {
        return Err(BoardError::NotesTooLong {
            len,
            max: MAX_NOTES_CHARS,
        });
    }
    if notes
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(BoardError::NotesHaveControlChars);
    }
    Ok(notes)
}

/// Cleans acceptance criteria: an entry holding line breaks counts as several lines, each
/// line is trimmed, empty lines are dropped; then at most [`MAX_ACCEPTANCE_LINES`] lines of
/// at most [`MAX_ACCEPTANCE_LINE_CHARS`] characters, without control characters, remain.
pub fn clean_acceptance(raw: &[String]) -> Result<Vec<String>, BoardError> {
    let lines: Vec<String> = raw
        .iter()
        .flat_map(|entry| entry.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    if lines.len() > MAX_ACCEPTANCE_LINES {
        return Err(BoardError::TooManyAcceptanceLines {
            count: lines.len(),
            max: MAX_ACCEPTANCE_LINES,
        });
    }
    for line in &lines {
        let len = line.chars().count();
        if len > MAX_ACCEPTANCE_LINE_CHARS {
            return Err(BoardError::AcceptanceLineTooLong {
                line: preview(line),
                len,
                max: MAX_ACCEPTANCE_LINE_CHARS,
            });
        }
        if line.chars().any(char::is_control) {
            return Err(BoardError::AcceptanceLineHasControlChars {
                line: preview(&line.replace(char::is_control, " ")),
            });
        }
    }
    Ok(lines)
}

/// Checks a checklist template: 1 to [`MAX_TEMPLATE_STEPS`] steps whose titles, trimmed, have
/// 1 to [`MAX_TITLE_CHARS`] characters and no control characters.
pub fn clean_template(steps: Vec<StepTemplate>) -> Result<Vec<StepTemplate>, BoardError> {
    if steps.is_empty() {
        return Err(BoardError::EmptyTemplate);
    }
    if steps.len() > MAX_TEMPLATE_STEPS {
        return Err(BoardError::TemplateTooLong {
            count: steps.len(),
            max: MAX_TEMPLATE_STEPS,
        });
    }
    steps
        .into_iter()
        .map(|step| {
            let title = check_title(&step.title).map_err(|(problem, title)| match problem {
                TitleProblem::Empty => BoardError::EmptyStepTitle,
                TitleProblem::TooLong(len) => BoardError::StepTitleTooLong {
                    title,
                    len,
                    max: MAX_TITLE_CHARS,
                },
                TitleProblem::ControlChars => BoardError::StepTitleHasControlChars,
            })?;
            Ok(StepTemplate {
                title,
                kind: step.kind,
            })
        })
        .collect()
}

/// Trims a reason for finishing with unticked steps; `None` if nothing is left.
pub(super) fn clean_reason(raw: Option<&str>) -> Result<Option<String>, BoardError> {
    let Some(reason) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let len = reason.chars().count();
    if len > MAX_REASON_CHARS {
        return Err(BoardError::ReasonTooLong {
            len,
            max: MAX_REASON_CHARS,
        });
    }
    if reason.chars().any(char::is_control) {
        return Err(BoardError::ReasonHasControlChars);
    }
    Ok(Some(reason.to_owned()))
}
