// The app's state: the latest snapshot split into fields, so that a push that only moves the
// clock only updates what shows the clock. Plus the error line and the one way to act.
import type { Command, MemberView, Snapshot, TimerState } from './bindings';
import { dispatch, errorMessage } from './ipc';
import { tick } from 'svelte';

export const STATE_WORDS: Record<TimerState, string> = {
  idle: 'Ready',
  running: 'Running',
  paused: 'Paused',
  handover: 'Hand over',
};

/** The one button that starts, pauses or resumes; at a hand-over it starts the next turn. */
export function primaryAction(state: TimerState): { id: string; label: string; command: Command } {
  switch (state) {
    case 'running':
      return { id: 'pause', label: 'Pause', command: { type: 'pause' } };
    case 'paused':
      return { id: 'resume', label: 'Resume', command: { type: 'resume' } };
    default:
      return { id: 'start', label: 'Start', command: { type: 'start' } };
  }
}

function sameMembers(a: MemberView[], b: MemberView[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.id === b[i].id && m.name === b[i].name && m.role === b[i].role)
  );
}

export class Mob {
  state = $state<TimerState>('idle');
  driver = $state<string | null>(null);
  navigator = $state<string | null>(null);
  remainingMs = $state(0);
  turnMs = $state(0);
  handoverMs = $state(0);
  turnMinutes = $state(0);
  turn = $state(0);
  sessionId = $state<number | null>(null);
  members = $state.raw<MemberView[]>([]);
  /** The message of the last failed action, until the next success or a dismissal. */
  error = $state<string | null>(null);

  apply(s: Snapshot): void {
    this.state = s.state;
    this.driver = s.driver;
    this.navigator = s.navigator;
    this.remainingMs = s.remaining_ms;
    this.turnMs = s.turn_ms;
    this.handoverMs = s.handover_ms;
    this.turnMinutes = s.turn_minutes;
    this.turn = s.turn;
    this.sessionId = s.session_id;
    if (!sameMembers(this.members, s.members)) this.members = s.members;
  }

  /** Sends a command; true on success. A refusal is shown in the error line. */
  async run(command: Command): Promise<boolean> {
    try {
      this.apply(await dispatch(command));
      this.error = null;
      return true;
    } catch (err) {
      await this.report(errorMessage(err));
      return false;
    }
  }

  /** Shows a message in the error line (again, if it is already there, so it is re-announced). */
  async report(message: string): Promise<void> {
    if (this.error === message) {
      this.error = null;
      await tick();
    }
    this.error = message;
  }

  dismissError(): void {
    this.error = null;
  }
}
