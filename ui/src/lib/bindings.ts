// Generated from the Rust types by crates/mobflow-api/src/bindings.rs. Do not edit.

export type MemberId = number;

export type MemberRef = MemberId | string;

export type Command = { "type": "add_member", name: string, } | { "type": "rename_member", member: MemberRef, name: string, } | { "type": "remove_member", member: MemberRef, } | { "type": "move_member", member: MemberRef, to: number, } | { "type": "set_turn_length", minutes: number, } | { "type": "start" } | { "type": "pause" } | { "type": "resume" } | { "type": "next" } | { "type": "skip" } | { "type": "end_session" };

export type TimerState = "idle" | "running" | "paused" | "handover";

export type Role = "driver" | "navigator";

export type MemberView = { id: MemberId, name: string, role: Role | null, };

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
deadline: string | null, members: Array<MemberView>, };

export type ErrorCode = "invalid_input" | "not_found" | "wrong_state" | "bad_request" | "storage" | "not_running";

export type ApiError = { code: ErrorCode, message: string, };
