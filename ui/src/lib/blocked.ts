// Why an action cannot run now, in words for its tooltip (and the error line when it is
// pressed anyway); null when it can. Mirrors the core's refusals, so the buttons say it
// before the backend has to. No Svelte and no IPC: tested under Node.
import type { MemberView, TimerState } from './bindings';

export type Seats = {
  state: TimerState;
  members: readonly MemberView[];
  navigator: string | null;
};

export type Blockable = 'start' | 'next' | 'skip' | 'shuffle';

const present = (s: Seats): number => s.members.filter((m) => !m.away).length;

export function blocked(action: Blockable, s: Seats): string | null {
  const inTurn = s.state === 'running' || s.state === 'paused';
  switch (action) {
    case 'start':
      if (s.state !== 'idle' && s.state !== 'handover') return null;
      if (s.members.length === 0) return 'Add people to the mob first.';
      if (present(s) === 0) return 'Everyone is away: mark someone back first.';
      return null;
    case 'next':
      if (s.state !== 'idle') return null;
      if (s.members.length === 0) return 'Add people to the mob first.';
      if (present(s) < 2) return 'Rotating needs two people present.';
      return null;
    case 'skip':
      if (s.members.length === 0) return 'Add people to the mob first.';
      if (s.navigator === null || present(s) < 3) {
        return 'Skipping the navigator needs three people present.';
      }
      return null;
    case 'shuffle':
      if (s.members.length < 2) return 'Add a second person to shuffle.';
      if (inTurn) return 'Shuffle between turns: the new order starts with the next turn.';
      return null;
  }
}

/** A seed for a shuffle, from the system's random source (the core puts people in order). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
