//! Generates the TypeScript types the UI uses, and fails if the committed file drifted.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test -p mobflow-api bindings`.

use mobflow_core::board::{Column, StepKind, StepTemplate, TaskId};
use mobflow_core::hotkeys::{Hook, HookEvent, HotkeyAction};
use mobflow_core::retro::{
    Breaks, Fairness, FinishedTask, HandoverNote, HookStats, Overrun, Pauses, PersonStats, Point,
    PointKind, Retro, RetroLine, Segment, SegmentKind, Share, TaskTests, TestStats, Timeline,
    TurnTests, Who,
};
use mobflow_core::test_runs::{TestLimit, TestLimits};
use mobflow_core::{
    AwayChoice, Command, MemberId, MemberRef, Settings, SettingsPatch, TestSettings,
    TestSettingsPatch, TestState, TestTrigger,
};
use ts_rs::TS;

use crate::export::Format;
use crate::history::{ExportDone, RetroQuery, SessionView};

use crate::{
    ApiError, AwayView, BoardView, ErrorCode, FocusView, GreenWaitView, HotkeyStatus, MemberView,
    Role, RoleView, Snapshot, StepView, TaskView, TestOutput, TestView, TimerState,
};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/bindings.ts");

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
        AwayChoice::decl(),
        HotkeyAction::decl(),
        HookEvent::decl(),
        Hook::decl(),
        HotkeyStatus::decl(),
        TestSettings::decl(),
        TestSettingsPatch::decl(),
        TestLimit::decl(),
        TestLimits::decl(),
        Settings::decl(),
        SettingsPatch::decl(),
        TestState::decl(),
        GreenWaitView::decl(),
        TestView::decl(),
        TestOutput::decl(),
        FocusView::decl(),
        Snapshot::decl(),
        StepView::decl(),
        TaskView::decl(),
        BoardView::decl(),
        ErrorCode::decl(),
        ApiError::decl(),
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
    ];
    let mut out = String::from(
        "// Generated from the Rust types by crates/mobflow-api/src/bindings.rs. Do not edit.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&format!(
        "\n/** The limits of the test settings' numbers (the core's `TEST_LIMITS`). */\nexport const TEST_LIMITS: TestLimits = {};\n",
        serde_json::to_string(&mobflow_core::test_runs::TEST_LIMITS).expect("limits serialize")
    ));
    out
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
