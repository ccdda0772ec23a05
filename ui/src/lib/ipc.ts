// The only place that talks to the Rust side.
import { invoke } from '@tauri-apps/api/core';
import type { UnlistenFn } from '@tauri-apps/api/event';
import { COMMANDS, EVENTS } from './bindings';
import type {
  Action,
  Alert,
  ApiError,
  BoardView,
  Command,
  DesktopView,
  ErrorCode,
  ExportDone,
  ExportFormat,
  HotkeyStatus,
  RetroQuery,
  ScreenChoice,
  ScreensView,
  SessionView,
  ShownRetro,
  Snapshot,
  StartupProblem,
  TestReport,
  Tick,
} from './bindings';

/** True inside the Tauri webview; false when the page is opened in a plain browser. */
export function inTauri(): boolean {
  return '__TAURI_INTERNALS__' in window;
}

export function getSnapshot(): Promise<Snapshot> {
  return invoke<Snapshot>(COMMANDS.SNAPSHOT);
}

/**
 * Tells the shell the page shows its first snapshot: it shows the main window, which is hidden
 * until then (so the first frame on screen is the countdown, not a blank page).
 */
export function ready(): Promise<void> {
  return invoke<void>(COMMANDS.READY);
}

/** Tells the shell the first frame with the countdown is on screen (start-up is measured to it). */
export function painted(): Promise<void> {
  return invoke<void>(COMMANDS.PAINTED);
}

/** The whole focus board. */
export function getBoard(): Promise<BoardView> {
  return invoke<BoardView>(COMMANDS.BOARD);
}

/** Runs a command; resolves to the new snapshot or rejects with an ApiError. */
export function dispatch(command: Command): Promise<Snapshot> {
  return invoke<Snapshot>(COMMANDS.DISPATCH, { command });
}

/**
 * Performs an action, as a global shortcut or the tray would (start/pause, rotate, skip,
 * extend, the mini timer); resolves to the snapshot after it or rejects with an ApiError.
 */
export function perform(action: Action): Promise<Snapshot> {
  return invoke<Snapshot>(COMMANDS.PERFORM, { action });
}

declare global {
  interface Window {
    /** Where the shell hands this page an event and its payload (src-tauri/src/push.rs). */
    __mobflowPush?: (event: string, payload: unknown) => void;
  }
}

/** The handlers of each event the shell pushes, by the event's name. */
const handlers = new Map<string, Set<(payload: unknown) => void>>();

// One entry point for every pushed event, there from the page's first script on. The shell
// calls it with the same function text each time (push.rs says why), not Tauri's events.
window.__mobflowPush = (event: string, payload: unknown): void => {
  handlers.get(event)?.forEach((handler) => handler(payload));
};

/** Calls `cb` with the payload of each `event` pushed; resolves to the unsubscribe function. */
function on<T>(event: string, cb: (payload: T) => void): Promise<UnlistenFn> {
  const handler = (payload: unknown): void => cb(payload as T);
  let set = handlers.get(event);
  if (set === undefined) {
    set = new Set();
    handlers.set(event, set);
  }
  set.add(handler);
  return Promise.resolve(() => {
    handlers.get(event)?.delete(handler);
  });
}

/**
 * Follows the state: `snapshot` with every whole snapshot (pushed to every window when more
 * than the clocks changed, and to this one when it comes back into sight), `tick` with the
 * clocks once a second while this window can be seen. Resolves to the unsubscribe function.
 */
export async function onSnapshot(
  snapshot: (snapshot: Snapshot) => void,
  tick: (tick: Tick) => void,
): Promise<UnlistenFn> {
  const offs = await Promise.all([on(EVENTS.SNAPSHOT, snapshot), on(EVENTS.TICK, tick)]);
  return () => offs.forEach((off) => off());
}

/** Calls `cb` with the board the backend pushes after each command that changed it. */
export function onBoard(cb: (board: BoardView) => void): Promise<UnlistenFn> {
  return on(EVENTS.BOARD, cb);
}

/** Calls `cb` with every alert: the turn ends soon, is over, overruns; the break is over. */
export function onAlert(cb: (alert: Alert) => void): Promise<UnlistenFn> {
  return on(EVENTS.ALERT, cb);
}

/**
 * Calls `cb` with an alert whose chime this page is to play: the shell plays chimes with the
 * desktop's sound player and sends this only where none could.
 */
export function onChime(cb: (alert: Alert) => void): Promise<UnlistenFn> {
  return on(EVENTS.CHIME, cb);
}

/** Plays the turn-over chime as an alert would (through the shell). */
export function testSound(): Promise<void> {
  return invoke<void>(COMMANDS.TEST_SOUND);
}

/** The last test run's output (null before any run) and what is watched. */
export function getTestReport(): Promise<TestReport> {
  return invoke<TestReport>(COMMANDS.TEST_REPORT);
}

/** How each global shortcut fared when it was registered (empty ones are left out). */
export function getHotkeys(): Promise<HotkeyStatus[]> {
  return invoke<HotkeyStatus[]>(COMMANDS.HOTKEYS);
}

/** What the desktop session offers (Wayland: no global shortcuts). */
export function getDesktop(): Promise<DesktopView> {
  return invoke<DesktopView>(COMMANDS.DESKTOP);
}

/** Calls `cb` with the shortcut statuses each time the shortcuts are registered again. */
export function onHotkeys(cb: (status: HotkeyStatus[]) => void): Promise<UnlistenFn> {
  return on(EVENTS.HOTKEYS, cb);
}

/** Calls `cb` when the "park a thought" shortcut was pressed (the window is in front by then). */
export function onCapture(cb: () => void): Promise<UnlistenFn> {
  return on(EVENTS.CAPTURE, () => cb());
}

/** Calls `cb` with the refusal of an action a global shortcut ran. */
export function onShortcutError(cb: (error: ApiError) => void): Promise<UnlistenFn> {
  return on(EVENTS.SHORTCUT_ERROR, cb);
}

/** Hides the full-screen hand-over until the timer moves on. */
export function dismissHandover(): Promise<void> {
  return invoke<void>(COMMANDS.DISMISS_HANDOVER);
}

// Session history (main window only). Dates are RFC 3339; a null end of a range is open.

/** Sessions that started in `[since, until)`, newest first. */
export function historySessions(
  since: string | null,
  until: string | null,
): Promise<SessionView[]> {
  return invoke<SessionView[]>(COMMANDS.HISTORY_SESSIONS, { since, until });
}

/**
 * One session's retro (with its timeline), or a date range's (a long range's: figures only,
 * its lists cut to their newest entries, `whole` saying how long they were).
 */
export function historyRetro(query: RetroQuery): Promise<ShownRetro> {
  return invoke<ShownRetro>(COMMANDS.HISTORY_RETRO, { ...query });
}

/** Names a session, or clears its name with null. */
export function historyRename(session: number, name: string | null): Promise<SessionView> {
  return invoke<SessionView>(COMMANDS.HISTORY_RENAME, { session, name });
}

/** Deletes a past session and all its events. */
export function historyDelete(session: number): Promise<void> {
  return invoke<void>(COMMANDS.HISTORY_DELETE, { session });
}

/** Writes the retro of `query` to `path` (absolute, ending in the format's extension). */
export function historyExport(
  query: RetroQuery,
  format: ExportFormat,
  path: string,
): Promise<ExportDone> {
  return invoke<ExportDone>(COMMANDS.HISTORY_EXPORT, { ...query, format, path });
}

/** Exports through the desktop's file chooser; null when the chooser was cancelled. */
export function historyExportDialog(
  query: RetroQuery,
  format: ExportFormat,
  stem: string,
): Promise<ExportDone | null> {
  return invoke<ExportDone | null>(COMMANDS.HISTORY_EXPORT_DIALOG, { ...query, format, stem });
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The text to show a person for a rejected call. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  if (typeof err === 'string' && err !== '') return err;
  return 'Something went wrong talking to Mobflow.';
}

/** The code of a rejected call, when the backend gave one. */
export function errorCode(err: unknown): ErrorCode | null {
  if (!isApiError(err)) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? (code as ErrorCode) : null;
}

// The start-up problem window (#startup): shown instead of the app when it cannot start.

/** What stopped the app from starting, and what the person can do. */
export function startupProblem(): Promise<StartupProblem> {
  return invoke<StartupProblem>(COMMANDS.STARTUP_PROBLEM);
}

/** Moves the damaged database aside and starts the app again; resolves to where it went. */
export function startupNewHistory(): Promise<string> {
  return invoke<string>(COMMANDS.STARTUP_NEW_HISTORY);
}

/** Closes the start-up problem window; the app does not start. */
export function startupQuit(): Promise<void> {
  return invoke<void>(COMMANDS.STARTUP_QUIT);
}

/** The monitors connected now, and where the hand-over and the mini timer go. */
export function getScreens(): Promise<ScreensView> {
  return invoke<ScreensView>(COMMANDS.SCREENS);
}

/** Chooses the monitors of the hand-over and the mini timer; remembered, applied at once. */
export function setScreens(choice: ScreenChoice): Promise<ScreensView> {
  return invoke<ScreensView>(COMMANDS.SET_SCREENS, { choice });
}
