//! Generates the TypeScript types the UI uses, and fails if the committed file drifted.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test -p mobflow-api bindings`.

use mobflow_core::board::{Column, StepKind, StepTemplate, TaskId};
use mobflow_core::hooks::{Hook, HookEvent};
use mobflow_core::retro::{
    Breaks, Fairness, FinishedTask, HandoverNote, HookStats, Overrun, Pauses, PersonStats, Point,
    PointKind, Retro, RetroLine, Segment, SegmentKind, Share, TaskTests, TestStats, Timeline,
    TurnTests, Who,
};
use mobflow_core::settings::{NumberLimit, SettingLimits, Theme, LIMITS};
use mobflow_core::shortcuts::{reserved_shortcuts, ReservedShortcut};
use mobflow_core::{
    Action, AwayCause, AwayChoice, Command, MemberId, MemberRef, Settings, SettingsPatch,
    TestSettings, TestSettingsPatch, TestState, TestTrigger,
};
use ts_rs::TS;

use crate::export::Format;
use crate::history::{ExportDone, RetroQuery, SessionView, ShownRetro, WholeLists};
use crate::names::{command, event};
use crate::screens::{MonitorView, ScreenChoice, ScreensView};
use crate::startup::{StartupProblem, StartupProblemKind};

use crate::{
    Alert, AlertKind, ApiError, AwayView, BoardView, DesktopView, ErrorCode, FocusView,
    GreenWaitView, HotkeyStatus, MemberView, Role, RoleView, Snapshot, StepView, StorageView,
    TaskView, TestOutput, TestReport, TestView, Tick, TimerState, WatchView,
};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/bindings.ts");

/// The names as `const` objects, `{ KEY: "name", ... } as const`, keyed by the Rust constants.
fn names() -> String {
    let objects = [
        (
            "COMMANDS",
            "The IPC commands a window may invoke",
            command::ALL,
        ),
        (
            "EVENTS",
            "The events the shell pushes to the windows",
            event::ALL,
        ),
    ];
    let mut out = String::new();
    for (object, doc, all) in objects {
        out.push_str(&format!("\n/** {doc} (`mobflow_api::names`). */\n"));
        out.push_str(&format!("export const {object} = {{\n"));
        for (key, name) in all {
            out.push_str(&format!("  {key}: \"{name}\",\n"));
        }
        out.push_str("} as const;\n");
    }
    out
}

fn generate() -> String {
    let decls = [
        MemberId::decl(),
        MemberRef::decl(),
        TaskId::decl(),
        Column::decl(),
        StepKind::decl(),
        StepTemplate::decl(),
        TestTrigger::decl(),
        Command::decl(),
        TimerState::decl(),
        Role::decl(),
        MemberView::decl(),
        RoleView::decl(),
        AwayView::decl(),
        AwayCause::decl(),
        AwayChoice::decl(),
        Action::decl(),
        HookEvent::decl(),
        Hook::decl(),
        HotkeyStatus::decl(),
        Theme::decl(),
        TestSettings::decl(),
        TestSettingsPatch::decl(),
        Settings::decl(),
        SettingsPatch::decl(),
        TestState::decl(),
        GreenWaitView::decl(),
        TestView::decl(),
        TestOutput::decl(),
        WatchView::decl(),
        TestReport::decl(),
        FocusView::decl(),
        StorageView::decl(),
        Snapshot::decl(),
        Tick::decl(),
        StepView::decl(),
        TaskView::decl(),
        BoardView::decl(),
        ErrorCode::decl(),
        ApiError::decl(),
        DesktopView::decl(),
        AlertKind::decl(),
        Alert::decl(),
        MonitorView::decl(),
        ScreenChoice::decl(),
        ScreensView::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by crates/mobflow-api/src/bindings.rs. Do not edit.\n",
    );
    for decl in decls.into_iter().chain(history_decls()) {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&names());
    out.push_str(&setting_limits());
    out.push_str(&reserved());
    out.push_str(&format!(
        "\n/** The most sessions a range's retro draws a timeline for (`history::RANGE_TIMELINE_SESSIONS`). */\nexport const RANGE_TIMELINE_SESSIONS = {};\n",
        crate::history::RANGE_TIMELINE_SESSIONS
    ));
    out.push_str(&format!(
        "\n/** The most entries of each list a longer range's retro carries (`history::RANGE_LIST_ENTRIES`). */\nexport const RANGE_LIST_ENTRIES = {};\n",
        crate::history::RANGE_LIST_ENTRIES
    ));
    out
}

/// The types of the session history, retros and the start-up problem window.
fn history_decls() -> Vec<String> {
    vec![
        // Session history and retros.
        SessionView::decl(),
        RetroQuery::decl(),
        Format::decl(),
        ExportDone::decl(),
        Who::decl(),
        PersonStats::decl(),
        Share::decl(),
        Fairness::decl(),
        Overrun::decl(),
        Pauses::decl(),
        Breaks::decl(),
        FinishedTask::decl(),
        HandoverNote::decl(),
        RetroLine::decl(),
        HookStats::decl(),
        TurnTests::decl(),
        TaskTests::decl(),
        TestStats::decl(),
        SegmentKind::decl(),
        Segment::decl(),
        PointKind::decl(),
        Point::decl(),
        Timeline::decl(),
        Retro::decl(),
        WholeLists::decl(),
        ShownRetro::decl(),
        // The start-up problem window.
        StartupProblemKind::decl(),
        StartupProblem::decl(),
    ]
}

/// The combinations the desktop keeps for itself, as a value: Settings warn about them.
fn reserved() -> String {
    let value = serde_json::to_string(&reserved_shortcuts()).expect("the list serializes");
    format!(
        "\nexport {}\n\n/** Combinations the desktop keeps for itself (`shortcuts::reserved_shortcuts`). */\nexport const RESERVED_SHORTCUTS: ReservedShortcut[] = {value};\n",
        ReservedShortcut::decl(),
    )
}

/// The settings' limits as a value (ts-rs writes types only), so the UI offers what the core
/// accepts.
fn setting_limits() -> String {
    let value = serde_json::to_string(&LIMITS).expect("the limits serialize");
    format!(
        "\nexport {}\n\nexport {}\n\nexport const SETTING_LIMITS: SettingLimits = {value};\n",
        NumberLimit::decl(),
        SettingLimits::decl(),
    )
}

#[test]
fn bindings_are_up_to_date() {
    let generated = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(PATH, &generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/bindings.ts is out of date with the Rust types; regenerate with \
         UPDATE_BINDINGS=1 cargo test -p mobflow-api bindings"
    );
}
