// Generated from the Rust types by crates/mobflow-api/src/bindings.rs. Do not edit.

export type MemberId = number;

export type MemberRef = MemberId | string;

export type TaskId = number;

export type Column = "backlog" | "focus" | "parked" | "done";

export type StepKind = "test" | "code" | "delivery";

export type StepTemplate = { title: string, kind: StepKind, };

export type TestTrigger = "watch" | "manual";

export type Command = { "type": "add_member", name: string, } | { "type": "rename_member", member: MemberRef, name: string, } | { "type": "remove_member", member: MemberRef, } | { "type": "move_member", member: MemberRef, to: number, } | { "type": "shuffle_roster", seed: number, } | { "type": "set_turn_length", minutes: number, } | { "type": "update_settings", patch: SettingsPatch, } | { "type": "set_away", member: MemberRef, away: boolean, } | { "type": "extend", minutes: number | null, } | { "type": "start_break" } | { "type": "end_break" } | { "type": "skip_break" } | { "type": "set_handover_note", text: string, } | { "type": "mini_retro", text: string | null, } | { "type": "resolve_away", choice: AwayChoice, } | { "type": "start" } | { "type": "pause" } | { "type": "resume" } | { "type": "next" } | { "type": "skip" } | { "type": "end_session" } | { "type": "add_task", title: string, notes: string, acceptance: Array<string>, } | { "type": "edit_task", task: TaskId, title: string | null, notes: string | null, acceptance: Array<string> | null, } | { "type": "move_task", task: TaskId, to: number, } | { "type": "focus_task", task: TaskId, } | { "type": "park_task", task: TaskId, } | { "type": "unpark_task", task: TaskId, } | { "type": "finish_task", task: TaskId, override_reason: string | null, } | { "type": "reopen_task", task: TaskId, } | { "type": "check_step", task: TaskId, step: number, } | { "type": "uncheck_step", task: TaskId, step: number, } | { "type": "park_thought", text: string, } | { "type": "set_checklist", steps: Array<StepTemplate>, } | { "type": "set_strict", strict: boolean, } | { "type": "run_tests", trigger: TestTrigger, } | { "type": "finish_test_run", run: bigint, 
/**
 * `None` when it was ended by a signal or did not start.
 */
exit_code: number | null, timed_out: boolean, 
/**
 * The end of its output (kept to `test_runs::MAX_TEST_OUTPUT` bytes).
 */
output_tail: string, };

export type TimerState = "idle" | "running" | "paused" | "handover" | "break";

export type Role = "driver" | "navigator";

export type MemberView = { id: MemberId, name: string, role: Role | null, 
/**
 * An extra rotating role this member holds now.
 */
extra_role: string | null, 
/**
 * Away: skipped by every role.
 */
away: boolean, };

export type RoleView = { role: string, member: string | null, };

export type AwayView = { from: string, away_ms: number, 
/**
 * What it was, as far as the app can tell (asleep or closed, or the screen locked).
 */
cause: AwayCause, };

export type AwayCause = "asleep" | "locked";

export type AwayChoice = "break" | "resume" | "end_session";

export type Action = "toggle" | "next" | "skip" | "extend" | "toggle_mini" | "show_main" | "park_thought" | "hide_handover" | "run_tests" | "break";

export type HookEvent = "turn_start" | "turn_end" | "break_start" | "break_end";

export type Hook = { 
/**
 * Run with `sh -c`; empty means no hook.
 */
command: string, 
/**
 * An absolute folder; empty means the home folder.
 */
cwd: string, };

export type HotkeyStatus = { action: Action, shortcut: string, registered: boolean, 
/**
 * Why it is not registered.
 */
error: string | null, };

export type Theme = "system" | "light" | "dark";

export type TestSettings = { 
/**
 * Run with `sh -c`; empty means no test command (nothing is watched or run).
 */
command: string, 
/**
 * The absolute folder it runs in and whose files are watched (needed with a command).
 */
cwd: string, 
/**
 * Globs (relative to the folder) of the files whose changes start a run; none: every
 * file the folder's `.gitignore` does not ignore.
 */
watch: Array<string>, 
/**
 * Changes within this many milliseconds start one run (limits: `settings::LIMITS`, as for
 * every number here).
 */
debounce_ms: number, 
/**
 * A run still going after this many seconds is ended (and counts as red).
 */
timeout_secs: number, 
/**
 * Runs tick the checklist of the task in focus: red after the acceptance test ticks the
 * failing unit test, the green that follows ticks "green".
 */
evidence: boolean, 
/**
 * When a turn's time is up while the tests are red, hand over at the first green run (or
 * when the grace runs out).
 */
rotate_at_green: boolean, 
/**
 * How long a turn waits for green at most, in minutes.
 */
green_grace_minutes: number, };

export type TestSettingsPatch = { 
/**
 * An empty command turns the tests off.
 */
command?: string, cwd?: string, watch?: Array<string>, debounce_ms?: number, timeout_secs?: number, evidence?: boolean, rotate_at_green?: boolean, green_grace_minutes?: number, };

export type Settings = { 
/**
 * Turn length in minutes (limits: [`LIMITS`], as for every number here).
 */
turn_minutes: number, 
/**
 * How much "extend" adds, in minutes.
 */
extend_minutes: number, 
/**
 * Start the next turn by itself after a grace period on the hand-over.
 */
auto_start: boolean, 
/**
 * The grace period, in seconds.
 */
auto_start_grace_secs: number, 
/**
 * A break is due after this many minutes of mob time (0 = never by time).
 */
break_every_minutes: number, 
/**
 * A break is due after this many turns (0 = never by turns).
 */
break_every_turns: number, 
/**
 * Break length, in minutes.
 */
break_minutes: number, 
/**
 * Warn this many seconds before a turn ends (0 = no warning).
 */
warn_before_secs: number, 
/**
 * Play a sound with alerts.
 */
sound: boolean, 
/**
 * Offer a one-line mini-retro after each full cycle through the mob.
 */
mini_retro: boolean, 
/**
 * Extra rotating roles, such as "researcher" or "facilitator".
 */
roles: Array<string>, 
/**
 * Global shortcuts by action (empty text: none).
 */
shortcuts: { [key in Action]?: string }, 
/**
 * Shell commands run on events.
 */
hooks: { [key in HookEvent]?: Hook }, 
/**
 * A hook still running after this many seconds is killed.
 */
hook_timeout_secs: number, 
/**
 * Open Mobflow when the user logs in (the shell keeps an XDG autostart entry in step).
 */
autostart: boolean, 
/**
 * Light or dark, or as the desktop says.
 */
theme: Theme, 
/**
 * The mob's test command.
 */
tests: TestSettings, 
/**
 * How far the reminder escalates while nobody takes over, one step a minute: 0 never
 * (the same chime every minute), up to [`MAX_ESCALATION`].
 */
escalation: number, };

export type SettingsPatch = { turn_minutes?: number | null, extend_minutes?: number | null, auto_start?: boolean | null, auto_start_grace_secs?: number | null, break_every_minutes?: number | null, break_every_turns?: number | null, break_minutes?: number | null, warn_before_secs?: number | null, sound?: boolean | null, mini_retro?: boolean | null, roles?: Array<string> | null, 
/**
 * Shortcuts to change (others are kept).
 */
shortcuts?: { [key in Action]?: string } | null, 
/**
 * Hooks to change (others are kept; an empty command removes one).
 */
hooks?: { [key in HookEvent]?: Hook } | null, hook_timeout_secs?: number | null, autostart?: boolean | null, theme?: Theme | null, 
/**
 * Test settings to change (others are kept).
 */
tests?: TestSettingsPatch, escalation?: number | null, };

export type TestState = "none" | "running" | "green" | "red";

export type GreenWaitView = { 
/**
 * When the grace runs out.
 */
until: string, left_ms: number, };

export type TestView = { state: TestState, 
/**
 * Running: when the run started; green or red: when the last run finished.
 */
at: string | null, 
/**
 * How long the last run took (`null` while running or before any run).
 */
duration_ms: number | null, 
/**
 * The run going on, or the last one.
 */
run: number | null, 
/**
 * While running: whether the last finished run was green (`null`: none yet).
 */
last_passed: boolean | null, 
/**
 * The last run's exit code (`null`: ended by a signal, or none yet).
 */
exit_code: number | null, timed_out: boolean, 
/**
 * Another run was asked for and starts after this one.
 */
queued: boolean, 
/**
 * A test command is set.
 */
configured: boolean, 
/**
 * The turn's time is up while red: it hands over at the next green, or when this runs
 * out.
 */
green_wait: GreenWaitView | null, };

export type TestOutput = { run: number, passed: boolean, command: string, output_tail: string, };

export type WatchView = { 
/**
 * The folder watched; empty when nothing is.
 */
folder: string, 
/**
 * How many folders in it are watched (those its .gitignore files leave); 0 until ready.
 */
folders: number, 
/**
 * Why the folder is not watched, when it cannot be.
 */
error: string | null, };

export type TestReport = { 
/**
 * The last finished run's output (`null` before any run).
 */
output: TestOutput | null, watch: WatchView, };

export type FocusView = { id: TaskId, title: string, 
/**
 * The first unticked step's title; `None` when all are ticked.
 */
next_step: string | null, 
/**
 * Its 0-based position.
 */
next_step_index: number | null, };

export type StorageView = { 
/**
 * The last write worked (or none was tried yet).
 */
ok: boolean, 
/**
 * Why the last write failed, in SQLite's words ("database is locked"); null when `ok`.
 */
reason: string | null, 
/**
 * Changes applied but not yet in the database (kept in memory, written in order).
 */
pending: number, 
/**
 * When the oldest of them was made (UTC, RFC 3339); null when nothing is pending.
 */
since: string | null, };

export type Snapshot = { state: TimerState, driver: string | null, navigator: string | null, driver_id: MemberId | null, navigator_id: MemberId | null, 
/**
 * Time left in the turn (running or paused), else 0.
 */
remaining_ms: number, 
/**
 * The configured turn length.
 */
turn_ms: number, 
/**
 * How long the hand-over has waited (the overrun), else 0.
 */
handover_ms: number, turn_minutes: number, 
/**
 * Turns started in this session.
 */
turn: number, session_id: number | null, 
/**
 * The running turn's deadline (UTC, RFC 3339).
 */
deadline: string | null, members: Array<MemberView>, 
/**
 * The task in focus and its next step.
 */
task: FocusView | null, 
/**
 * Extra rotating roles and their holders.
 */
roles: Array<RoleView>, 
/**
 * When the last break ended: thoughts parked since then are triaged at the next break.
 */
last_break_end: string | null, 
/**
 * The break came due by itself (so it can be skipped), rather than taken early.
 */
break_is_due: boolean, 
/**
 * Time left in the break, else 0.
 */
break_left_ms: number, 
/**
 * Mob time until a break is due (`null` when breaks by time are off).
 */
break_due_in_ms: number | null, 
/**
 * The next step noted for the new driver.
 */
handover_note: string | null, 
/**
 * A full cycle just ended: offer a mini-retro line.
 */
retro_prompt: boolean, 
/**
 * Time away waiting for a decision.
 */
away: AwayView | null, 
/**
 * The mob's tests: red, green, running or none.
 */
tests: TestView, 
/**
 * The screen is locked: the timer stands still until it is unlocked.
 */
screen_locked: boolean, settings: Settings, 
/**
 * Whether changes reach the database.
 */
storage: StorageView, };

export type Tick = { 
/**
 * As [`Snapshot::remaining_ms`].
 */
remaining_ms: number, 
/**
 * As [`Snapshot::handover_ms`].
 */
handover_ms: number, 
/**
 * As [`Snapshot::break_left_ms`].
 */
break_left_ms: number, 
/**
 * As [`Snapshot::break_due_in_ms`].
 */
break_due_in_ms: number | null, };

export type StepView = { title: string, kind: StepKind, done: boolean, 
/**
 * Ticked against the test-first rule (lenient mode).
 */
violation: boolean, 
/**
 * The test run that ticked it (its evidence); `null` when ticked by hand.
 */
run: number | null, };

export type TaskView = { id: TaskId, title: string, notes: string, acceptance: Array<string>, column: Column, 
/**
 * When the task (or parked thought) was created (RFC 3339).
 */
created_at: string, steps: Array<StepView>, steps_left: number, test_first: boolean, override_reason: string | null, };

export type BoardView = { 
/**
 * Every task in display order (the backlog's order is its priority).
 */
tasks: Array<TaskView>, strict: boolean, checklist: Array<StepTemplate>, };

export type ErrorCode = "invalid_input" | "not_found" | "wrong_state" | "bad_request" | "storage" | "not_running" | "busy" | "no_answer";

export type ApiError = { code: ErrorCode, message: string, };

export type DesktopView = { 
/**
 * A Wayland session: global shortcuts cannot be grabbed there (bind `mobflow` commands in
 * the desktop's own keyboard settings instead).
 */
wayland: boolean, };

export type AlertKind = "warning" | "turn_over" | "overrun" | "break_over";

export type Alert = { kind: AlertKind, title: string, body: string, 
/**
 * Whether the alert is heard (the shell plays it; the main window only when no player of
 * the desktop's could: the `chime` event).
 */
sound: boolean, 
/**
 * How insistent it is: 0 the usual alert, up to the `escalation` setting.
 */
level: number, 
/**
 * How many times the chime plays in a row.
 */
chimes: number, 
/**
 * The chime louder than usual.
 */
loud: boolean, 
/**
 * Show the hand-over screen again on every monitor, also after it was dismissed.
 */
raise: boolean, };

export type MonitorView = { 
/**
 * The desktop's name for it (`HDMI-1`); a monitor without one cannot be chosen by name.
 */
name: string | null, primary: boolean, 
/**
 * Its size in logical pixels.
 */
width: number, height: number, };

export type ScreenChoice = { handover: string | null, mini: string | null, };

export type ScreensView = { monitors: Array<MonitorView>, choice: ScreenChoice, };

export type SessionView = { id: number, 
/**
 * The name the mob gave it, if any.
 */
name: string | null, 
/**
 * RFC 3339, UTC.
 */
started_at: string, 
/**
 * `None` while it is going on (or if it was never ended).
 */
ended_at: string | null, turns: number, 
/**
 * Tasks finished during the session.
 */
tasks_done: number, 
/**
 * Everyone who drove or navigated, in order of first turn.
 */
people: Array<string>, 
/**
 * The session in progress: it cannot be deleted.
 */
live: boolean, };

export type RetroQuery = { session: number | null, 
/**
 * RFC 3339.
 */
since: string | null, 
/**
 * RFC 3339, exclusive.
 */
until: string | null, };

export type ExportFormat = "md" | "json" | "csv";

export type ExportDone = { 
/**
 * The file written (absolute).
 */
path: string, bytes: number, };

export type Who = { id: MemberId, name: string, };

export type PersonStats = { id: MemberId, 
/**
 * The latest name the events gave them.
 */
name: string, 
/**
 * Time at the keyboard as the driver.
 */
keyboard_ms: number, 
/**
 * Their part (0 to 1, 4 decimals) of everybody's keyboard time.
 */
share: number, turns_driven: number, turns_navigated: number, };

export type Share = { id: MemberId, name: string, share: number, };

export type Fairness = { 
/**
 * Most keyboard time divided by least, among those who drove (see the module docs);
 * 4 decimals.
 */
ratio: number | null, 
/**
 * Everyone's share, in the order of [`Retro::people`].
 */
shares: Array<Share>, };

export type Overrun = { 
/**
 * Hand-overs after a `time_up` end.
 */
count: number, total_ms: number, 
/**
 * `total_ms / count`, rounded down; `None` when there were none.
 */
average_ms: number | null, };

export type Pauses = { count: number, total_ms: number, };

export type Breaks = { due: number, taken: number, skipped: number, 
/**
 * Breaks started before they were due.
 */
early: number, total_ms: number, };

export type FinishedTask = { task: TaskId, title: string, finished_at: string, 
/**
 * Finished − first focused (or created, when it was never focused).
 */
cycle_ms: number, test_first: boolean, 
/**
 * Why it was finished with unticked steps.
 */
override_reason: string | null, steps_left: number, 
/**
 * Who was at the keyboard when it was finished.
 */
driver: string | null, };

export type HandoverNote = { at: string, text: string, from: string | null, to: string | null, };

export type RetroLine = { at: string, text: string, };

export type HookStats = { ran: number, 
/**
 * Ended with a non-zero code, were killed, or timed out.
 */
failed: number, timed_out: number, };

export type TurnTests = { session: number | null, turn: number, driver: string, runs: number, green: number, red: number, };

export type TaskTests = { task: TaskId, title: string, runs: number, green: number, red: number, 
/**
 * Green runs right after a red one.
 */
cycles: number, };

export type TestStats = { runs: number, green: number, 
/**
 * Failed, timed out or killed.
 */
red: number, timed_out: number, 
/**
 * Runs during turns divided by turns (4 decimals); `None` with no turns.
 */
runs_per_turn: number | null, 
/**
 * Time the tests stood red, and green, after a run.
 */
red_ms: number, green_ms: number, 
/**
 * The longest stretch from a red run to the next green one (or the end).
 */
longest_red_ms: number, 
/**
 * Green runs right after a red one.
 */
cycles: number, 
/**
 * Hand-overs (turns ending, but not with the session) while the tests stood green, and
 * red.
 */
handovers_on_green: number, handovers_on_red: number, 
/**
 * Of those, turns whose time was up while red that handed over at the first green run,
 * and those still red when the grace ran out (rotate at next green).
 */
waited_for_green: number, grace_ran_out: number, 
/**
 * Runs per turn, turns with runs only, in order.
 */
turns: Array<TurnTests>, 
/**
 * Runs per task in focus, in the order of their first run.
 */
tasks: Array<TaskTests>, };

export type SegmentKind = "turn" | "pause" | "handover" | "break" | "away";

export type Segment = { kind: SegmentKind, start: string, end: string, session: number | null, 
/**
 * The turn number within its session (turn and pause segments).
 */
turn: number | null, 
/**
 * Turn and pause: who drove. Hand-over: who drives next (when a turn followed).
 */
driver: Who | null, navigator: Who | null, 
/**
 * A hand-over after the turn's time was up.
 */
overrun: boolean, };

export type PointKind = "session_started" | "session_ended" | "task_focused" | "task_finished" | "task_reopened" | "step_checked" | "parked_thought" | "handover_note" | "retro_line" | "hook" | "skip" | "member_away" | "member_back" | "test_run";

export type Point = { kind: PointKind, at: string, session: number | null, 
/**
 * One line: a task title, a note, a hook's outcome.
 */
text: string, 
/**
 * Who it is about (the driver at the time, the skipped navigator, the away member).
 */
who: string | null, };

export type Timeline = { 
/**
 * Ordered by start.
 */
segments: Array<Segment>, 
/**
 * Ordered by time.
 */
points: Array<Point>, };

export type Retro = { 
/**
 * The sessions with events here, ascending.
 */
sessions: number[], 
/**
 * The first event's time (`None` when there were no events).
 */
start: string | null, 
/**
 * The last event's time, or `until` when something was still open.
 */
end: string | null, 
/**
 * `end - start`.
 */
span_ms: number, 
/**
 * Turns started.
 */
turns: number, 
/**
 * Everybody's keyboard time, added up.
 */
keyboard_ms: number, 
/**
 * Everyone who drove or navigated: most keyboard time first (then by id).
 */
people: Array<PersonStats>, fairness: Fairness, overrun: Overrun, 
/**
 * Navigators skipped.
 */
skips: number, pauses: Pauses, breaks: Breaks, 
/**
 * Tasks finished (and not reopened since), in the order they were finished.
 */
tasks: Array<FinishedTask>, 
/**
 * Tasks reopened here, in order (a reopened task leaves `tasks` until finished again).
 */
reopened: Array<TaskId>, 
/**
 * The share (0 to 1, 4 decimals) of finished tasks done test-first; `None` when none
 * were finished.
 */
test_first: number | null, 
/**
 * Thoughts parked for later.
 */
parked_thoughts: number, 
/**
 * The navigators' hand-over notes, in order.
 */
handover_notes: Array<HandoverNote>, 
/**
 * Mini-retro lines, in order.
 */
retro_lines: Array<RetroLine>, hooks: HookStats, 
/**
 * The mob's test runs: red and green.
 */
tests: TestStats, 
/**
 * Time the app was away (suspended or closed), added up.
 */
away_ms: number, 
/**
 * What happened when; `None` for a retro merged from several sessions' retros.
 */
timeline: Timeline | null, };

export type WholeLists = { 
/**
 * Tasks finished.
 */
tasks: number, 
/**
 * Of those, the ones done test-first.
 */
tasks_test_first: number, reopened: number, handover_notes: number, retro_lines: number, 
/**
 * `tests.turns` and `tests.tasks`.
 */
test_turns: number, test_tasks: number, };

export type ShownRetro = { retro: Retro, 
/**
 * The lists' lengths before they were cut to their newest [`RANGE_LIST_ENTRIES`];
 * `None` when the lists are whole (a session, or a range of up to
 * [`RANGE_TIMELINE_SESSIONS`] sessions).
 */
whole: WholeLists | null, };

export type StartupProblemKind = "damaged" | "unreadable" | "newer_schema" | "folder" | "other";

export type StartupProblem = { kind: StartupProblemKind, 
/**
 * One sentence: what is wrong.
 */
title: string, 
/**
 * The error as the system reported it.
 */
detail: string, 
/**
 * The file or folder concerned.
 */
path: string, 
/**
 * What the person can do, one sentence each.
 */
advice: Array<string>, 
/**
 * Whether "Start with a new history" is offered (a damaged file: it is moved aside,
 * never deleted).
 */
can_start_new: boolean, };

/** The IPC commands a window may invoke (`mobflow_api::names`). */
export const COMMANDS = {
  SNAPSHOT: "snapshot",
  DISPATCH: "dispatch",
  PERFORM: "perform",
  BOARD: "board",
  READY: "ready",
  PAINTED: "painted",
  DISMISS_HANDOVER: "dismiss_handover",
  TEST_SOUND: "test_sound",
  HOTKEYS: "hotkeys",
  TEST_REPORT: "test_report",
  DESKTOP: "desktop",
  SCREENS: "screens",
  SET_SCREENS: "set_screens",
  HISTORY_SESSIONS: "history_sessions",
  HISTORY_RETRO: "history_retro",
  HISTORY_RENAME: "history_rename",
  HISTORY_DELETE: "history_delete",
  HISTORY_EXPORT: "history_export",
  HISTORY_EXPORT_DIALOG: "history_export_dialog",
  STARTUP_PROBLEM: "startup_problem",
  STARTUP_NEW_HISTORY: "startup_new_history",
  STARTUP_QUIT: "startup_quit",
} as const;

/** The events the shell pushes to the windows (`mobflow_api::names`). */
export const EVENTS = {
  SNAPSHOT: "snapshot",
  TICK: "tick",
  BOARD: "board",
  ALERT: "alert",
  CHIME: "chime",
  HOTKEYS: "hotkeys",
  CAPTURE: "capture",
  SHORTCUT_ERROR: "shortcut-error",
} as const;

export type NumberLimit = { min: number, max: number, 
/**
 * 0 is accepted too, and turns the thing off.
 */
zero_ok: boolean, };

export type SettingLimits = { turn_minutes: NumberLimit, extend_minutes: NumberLimit, auto_start_grace_secs: NumberLimit, break_every_minutes: NumberLimit, break_every_turns: NumberLimit, break_minutes: NumberLimit, warn_before_secs: NumberLimit, hook_timeout_secs: NumberLimit, escalation: NumberLimit, 
/**
 * The most extra rotating roles (besides driver and navigator).
 */
max_roles: number, 
/**
 * The longest role name, in characters.
 */
max_role_chars: number, 
/**
 * The test command's numbers ([`Settings::tests`]): its debounce, its time limit and how
 * long a turn waits for green.
 */
test_debounce_ms: NumberLimit, test_timeout_secs: NumberLimit, test_green_grace_minutes: NumberLimit, };

export const SETTING_LIMITS: SettingLimits = {"turn_minutes":{"min":1,"max":60,"zero_ok":false},"extend_minutes":{"min":1,"max":15,"zero_ok":false},"auto_start_grace_secs":{"min":5,"max":120,"zero_ok":false},"break_every_minutes":{"min":10,"max":240,"zero_ok":true},"break_every_turns":{"min":1,"max":50,"zero_ok":true},"break_minutes":{"min":1,"max":60,"zero_ok":false},"warn_before_secs":{"min":5,"max":300,"zero_ok":true},"hook_timeout_secs":{"min":1,"max":600,"zero_ok":false},"escalation":{"min":1,"max":3,"zero_ok":true},"max_roles":8,"max_role_chars":30,"test_debounce_ms":{"min":50,"max":10000,"zero_ok":false},"test_timeout_secs":{"min":1,"max":3600,"zero_ok":false},"test_green_grace_minutes":{"min":1,"max":30,"zero_ok":false}};

export type ReservedShortcut = { 
/**
 * Written as [`normalize_shortcut`] writes it.
 */
shortcut: string, 
/**
 * What the desktop does with it.
 */
why: string, };

/** Combinations the desktop keeps for itself (`shortcuts::reserved_shortcuts`). */
export const RESERVED_SHORTCUTS: ReservedShortcut[] = [{"shortcut":"Ctrl+Alt+F1","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F2","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F3","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F4","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F5","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F6","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F7","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F8","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F9","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F10","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F11","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+F12","why":"switches to a text console (a virtual terminal)"},{"shortcut":"Ctrl+Alt+Delete","why":"logs out or restarts the computer"},{"shortcut":"Ctrl+Alt+Backspace","why":"can end the X session"},{"shortcut":"Ctrl+Alt+T","why":"opens a terminal (GNOME, Ubuntu, Mint)"},{"shortcut":"Ctrl+Alt+L","why":"locks the screen (Xfce, Cinnamon, KDE)"},{"shortcut":"Ctrl+Alt+D","why":"shows the desktop (Xfce, KDE)"},{"shortcut":"Ctrl+Alt+Escape","why":"kills a window (KDE)"},{"shortcut":"Ctrl+Alt+Up","why":"switches workspaces"},{"shortcut":"Ctrl+Alt+Down","why":"switches workspaces"},{"shortcut":"Ctrl+Alt+Left","why":"switches workspaces"},{"shortcut":"Ctrl+Alt+Right","why":"switches workspaces"},{"shortcut":"Alt+Tab","why":"switches windows"},{"shortcut":"Alt+Shift+Tab","why":"switches windows"},{"shortcut":"Alt+F2","why":"opens the run dialog"},{"shortcut":"Alt+F4","why":"closes the window"},{"shortcut":"Super+L","why":"locks the screen"},{"shortcut":"Super+D","why":"shows the desktop"},{"shortcut":"Super+Tab","why":"switches windows"}];

/** The most sessions a range's retro draws a timeline for (`history::RANGE_TIMELINE_SESSIONS`). */
export const RANGE_TIMELINE_SESSIONS = 31;

/** The most entries of each list a longer range's retro carries (`history::RANGE_LIST_ENTRIES`). */
export const RANGE_LIST_ENTRIES = 100;
