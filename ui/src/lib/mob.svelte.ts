// The app's state: the latest snapshot split into fields, so that a push that only moves the
// clock only updates what shows the clock. Plus the error line and the one way to act.
import type {
  Action,
  ApiError,
  Command,
  MemberView,
  RoleView,
  Settings,
  Snapshot,
  StorageView,
  TestView,
  Tick,
  TimerState,
} from './bindings';
import { LiveText } from './announce.svelte';
import { LiveClocks, type Clocks } from './clocks';
import { dispatch, errorCode, errorMessage, perform } from './ipc';
import { applyTheme } from './theme';

export const STATE_WORDS: Record<TimerState, string> = {
  idle: 'Ready',
  running: 'Running',
  paused: 'Paused',
  handover: 'Hand over',
  break: 'Break',
};

/**
 * What a screen reader is told of the timer: the state and the seats ("Hand over. Bob drives,
 * Cy navigates."), said once per change of state or seats, never per tick.
 */
export function seatsSaid(mob: Pick<Mob, 'state' | 'driver' | 'navigator'>): string {
  const word = STATE_WORDS[mob.state];
  if (mob.driver === null) return `${word}. Add people to the mob to start.`;
  const next = mob.state === 'break' ? ' next' : '';
  const navigates = mob.navigator === null ? '' : `, ${mob.navigator} navigates${next}`;
  return `${word}. ${mob.driver} drives${next}${navigates}.`;
}

/** The one button that starts, pauses or resumes; at a hand-over it starts the next turn. */
export function primaryAction(state: TimerState): { id: string; label: string; command: Command } {
  switch (state) {
    case 'running':
      return { id: 'pause', label: 'Pause', command: { type: 'pause' } };
    case 'paused':
      return { id: 'resume', label: 'Resume', command: { type: 'resume' } };
    case 'break':
      return { id: 'end-break', label: 'End break', command: { type: 'end_break' } };
    default:
      return { id: 'start', label: 'Start', command: { type: 'start' } };
  }
}

function sameMembers(a: MemberView[], b: MemberView[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (m, i) =>
        m.id === b[i].id &&
        m.name === b[i].name &&
        m.role === b[i].role &&
        m.extra_role === b[i].extra_role &&
        m.away === b[i].away,
    )
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whole minutes, rounded up: a due break in 0:40 is "in 1 min". */
const minutesUp = (ms: number): number => Math.ceil(ms / 60_000);


export class Mob {
  state = $state<TimerState>('idle');
  driver = $state<string | null>(null);
  navigator = $state<string | null>(null);
  turnMs = $state(0);
  /**
   * The turn's time left, the hand-over's wait and the break's time left: not state, they
   * change every second and only the clocks show them (lib/clocks.ts).
   */
  readonly clocks = new LiveClocks();
  turnMinutes = $state(0);
  turn = $state(0);
  sessionId = $state<number | null>(null);
  members = $state.raw<MemberView[]>([]);
  /** The task in focus and its next step; null when nothing is in focus. */
  taskTitle = $state<string | null>(null);
  nextStep = $state<string | null>(null);
  /** Extra rotating roles and who holds them. */
  roles = $state.raw<RoleView[]>([]);
  breakIsDue = $state(false);
  /** When the last break ended (RFC 3339), or null. */
  lastBreakEnd = $state<string | null>(null);
  /**
   * Minutes until a break is due by mob time, rounded up (null: breaks by time are off), so
   * it changes once a minute, not with every tick.
   */
  breakDueMinutes = $state<number | null>(null);
  /** The next step noted for the new driver. */
  handoverNote = $state<string | null>(null);
  /** A full cycle just ended: offer the mini-retro line. */
  retroPrompt = $state(false);
  /** Whole minutes the app was away, while the mob has yet to say what that was; else null. */
  awayMinutes = $state<number | null>(null);
  /** When the time away began (RFC 3339). */
  awayFrom = $state<string | null>(null);
  /** The screen was locked then (rather than the machine asleep or Mobflow closed). */
  awayLocked = $state(false);
  /** Read only once the first snapshot is in: every view waits for that before it draws. */
  settings = $state.raw<Settings>({} as Settings);
  /** Whether changes reach the database (the storage banner). */
  storage = $state.raw<StorageView>({ ok: true, reason: null, pending: 0, since: null });
  /** How the mob's tests stand (components/TestBadge.svelte). */
  tests = $state.raw<TestView>({} as TestView);
  /** The error line: the message of the last failed action, until a success or a dismissal. */
  readonly errorLine = new LiveText();

  get error(): string | null {
    return this.errorLine.text;
  }

  apply(s: Snapshot): void {
    this.state = s.state;
    this.driver = s.driver;
    this.navigator = s.navigator;
    this.turnMs = s.turn_ms;
    this.turnMinutes = s.turn_minutes;
    this.turn = s.turn;
    this.sessionId = s.session_id;
    if (!sameMembers(this.members, s.members)) this.members = s.members;
    this.taskTitle = s.task?.title ?? null;
    this.nextStep = s.task?.next_step ?? null;
    if (!same(this.roles, s.roles)) this.roles = s.roles;
    this.breakIsDue = s.break_is_due;
    this.lastBreakEnd = s.last_break_end;
    this.breakDueMinutes = s.break_due_in_ms === null ? null : minutesUp(s.break_due_in_ms);
    this.handoverNote = s.handover_note;
    this.retroPrompt = s.retro_prompt;
    this.awayMinutes = s.away === null ? null : Math.floor(s.away.away_ms / 60_000);
    this.awayFrom = s.away?.from ?? null;
    this.awayLocked = s.away?.cause === 'locked';
    if (!same(this.settings, s.settings)) {
      this.settings = s.settings;
      applyTheme(s.settings.theme);
    }
    if (!same(this.storage, s.storage)) this.storage = s.storage;
    if (!same(this.tests, s.tests)) this.tests = s.tests;
    // Last: the clocks are shown with the state they belong to.
    this.clocks.set(s);
  }

  /**
   * What the clock shows, from the clocks `now`: idle, the length of the turn to come; a
   * hand-over, the wait; a break, the break's time left; else the turn's time left.
   */
  clockMs(now: Clocks): number {
    switch (this.state) {
      case 'idle':
        return this.turnMs;
      case 'handover':
        return now.handover_ms;
      case 'break':
        return now.break_left_ms;
      default:
        return now.remaining_ms;
    }
  }

  /** Takes the clocks of a tick (nothing else changed since the last snapshot). */
  tick(t: Tick): void {
    this.clocks.set(t);
    this.breakDueMinutes = t.break_due_in_ms === null ? null : minutesUp(t.break_due_in_ms);
  }

  /** Sends a command; true on success. A refusal is shown in the error line. */
  async run(command: Command): Promise<boolean> {
    return (await this.attempt(command)) === null;
  }

  /**
   * Sends a command; null on success, else the refusal, which is also shown in the error line.
   */
  async attempt(command: Command): Promise<ApiError | null> {
    return this.settle(dispatch(command));
  }

  /** Performs an action, as a global shortcut would; true on success. */
  async perform(action: Action): Promise<boolean> {
    return (await this.settle(perform(action))) === null;
  }

  /** Takes the snapshot a call answers with; null on success, else the refusal, shown too. */
  private async settle(call: Promise<Snapshot>): Promise<ApiError | null> {
    try {
      this.apply(await call);
      this.errorLine.clear();
      return null;
    } catch (err) {
      const message = errorMessage(err);
      await this.report(message);
      return { code: errorCode(err) ?? 'bad_request', message };
    }
  }

  /** Shows a message in the error line (again, if it is already there, so it is re-announced). */
  report(message: string): Promise<void> {
    return this.errorLine.announce(message);
  }

  dismissError(): void {
    this.errorLine.clear();
  }
}
