// Generated from the Rust types by crates/mobflow-api/src/bindings.rs. Do not edit.

export type MemberId = number;

export type MemberRef = MemberId | string;

export type TaskId = number;

export type Column = "backlog" | "focus" | "parked" | "done";

export type StepKind = "test" | "code" | "delivery";

export type StepTemplate = { title: string, kind: StepKind, };

export type Command = { "type": "add_member", name: string, } | { "type": "rename_member", member: MemberRef, name: string, } | { "type": "remove_member", member: MemberRef, } | { "type": "move_member", member: MemberRef, to: number, } | { "type": "set_turn_length", minutes: number, } | { "type": "start" } | { "type": "pause" } | { "type": "resume" } | { "type": "next" } | { "type": "skip" } | { "type": "end_session" } | { "type": "add_task", title: string, notes: string, acceptance: Array<string>, } | { "type": "edit_task", task: TaskId, title: string | null, notes: string | null, acceptance: Array<string> | null, } | { "type": "move_task", task: TaskId, to: number, } | { "type": "focus_task", task: TaskId, } | { "type": "park_task", task: TaskId, } | { "type": "unpark_task", task: TaskId, } | { "type": "finish_task", task: TaskId, override_reason: string | null, } | { "type": "reopen_task", task: TaskId, } | { "type": "check_step", task: TaskId, step: number, } | { "type": "uncheck_step", task: TaskId, step: number, } | { "type": "park_thought", text: string, } | { "type": "set_checklist", steps: Array<StepTemplate>, } | { "type": "set_strict", strict: boolean, };

export type TimerState = "idle" | "running" | "paused" | "handover";

export type Role = "driver" | "navigator";

export type MemberView = { id: MemberId, name: string, role: Role | null, };

export type FocusView = { id: TaskId, title: string, 
/**
 * The first unticked step's title; `None` when all are ticked.
 */
next_step: string | null, 
/**
 * Its 0-based position.
 */
next_step_index: number | null, };

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
task: FocusView | null, };

export type StepView = { title: string, kind: StepKind, done: boolean, 
/**
 * Ticked against the test-first rule (lenient mode).
 */
violation: boolean, };

export type TaskView = { id: TaskId, title: string, notes: string, acceptance: Array<string>, column: Column, steps: Array<StepView>, steps_left: number, test_first: boolean, override_reason: string | null, };

export type BoardView = { 
/**
 * Every task in display order (the backlog's order is its priority).
 */
tasks: Array<TaskView>, strict: boolean, checklist: Array<StepTemplate>, };

export type ErrorCode = "invalid_input" | "not_found" | "wrong_state" | "bad_request" | "storage" | "not_running";

export type ApiError = { code: ErrorCode, message: string, };
