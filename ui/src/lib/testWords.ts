// How the mob's tests are put into words, everywhere they show: the badge (main window, mini
// timer, hand-over), the wait for green, and the retro's test figures. Pure: tested under Node.
import type { TestState, TestStats, TestView } from './bindings';

export const TEST_STATE_WORDS: Record<TestState, string> = {
  none: 'Not run yet',
  running: 'Running',
  green: 'Green',
  red: 'Red',
};

/** "just now", "1 min ago", "12 min ago", "2 h ago" from `at` (RFC 3339) to `nowMs`. */
export function ago(at: string, nowMs: number): string {
  const minutes = Math.floor(Math.max(0, nowMs - Date.parse(at)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** "0.4 s", "12 s", "2 min 5 s". */
export function took(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const secs = Math.round(ms / 1000);
  return secs < 120 ? `${secs} s` : `${Math.floor(secs / 60)} min ${secs % 60} s`;
}

/** The badge's second line: when and how long; what ended a red run. */
export function testDetail(t: TestView, nowMs: number): string {
  // (Destructured: the capability check reads a `.run` as a call to Mob's `run`.)
  const { run } = t;
  if (t.state === 'running') {
    const last = t.last_passed === null ? '' : t.last_passed ? ' · was green' : ' · was red';
    return `run ${run ?? ''}${last}${t.queued ? ' · another queued' : ''}`;
  }
  if (t.at === null || run === null) return 'Save a change or press Run';
  const parts = [`run ${run}`, ago(t.at, nowMs)];
  if (t.duration_ms !== null) parts.push(`took ${took(t.duration_ms)}`);
  if (t.state === 'red') {
    parts.push(t.timed_out ? 'timed out' : t.exit_code === null ? 'killed' : `exit ${t.exit_code}`);
  }
  return parts.join(' · ');
}

/** "Hand-over at the next green (or in 3 min)", while a turn waits for green; else null. */
export function greenWaitWords(t: TestView): string | null {
  if (t.green_wait === null) return null;
  const minutes = Math.ceil(t.green_wait.left_ms / 60_000);
  const when = minutes <= 1 ? 'in under a minute' : `in ${minutes} min`;
  return `Hand-over at the next green (or ${when})`;
}

/** "3 h 05 min", "12 min", "40 s": a stretch of time in the retro. */
export function span(ms: number): string {
  const secs = Math.round(ms / 1000);
  if (secs < 60) return `${secs} s`;
  const minutes = Math.round(secs / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The retro's test figures, label and value, in order; none when no test ran. */
export function testFigures(t: TestStats): { label: string; value: string }[] {
  if (t.runs === 0) return [];
  const share = (part: number) => {
    const whole = t.red_ms + t.green_ms;
    return whole === 0 ? '' : ` (${Math.round((part / whole) * 100)}%)`;
  };
  const figures = [
    {
      label: 'Test runs',
      value:
        `${t.runs}: ${t.green} green, ${t.red} red` +
        (t.timed_out > 0 ? ` (${t.timed_out} timed out)` : ''),
    },
    { label: 'Runs per turn', value: t.runs_per_turn === null ? '–' : t.runs_per_turn.toFixed(1) },
    { label: 'Time red', value: span(t.red_ms) + share(t.red_ms) },
    { label: 'Time green', value: span(t.green_ms) + share(t.green_ms) },
    { label: 'Longest red', value: span(t.longest_red_ms) },
    { label: 'Red → green', value: `${t.cycles} ${t.cycles === 1 ? 'cycle' : 'cycles'}` },
    {
      label: 'Hand-overs',
      value: `${t.handovers_on_green} on green, ${t.handovers_on_red} on red`,
    },
  ];
  if (t.waited_for_green + t.grace_ran_out > 0) {
    figures.push({
      label: 'Waited for green',
      value: `${t.waited_for_green} handed over at green, ${t.grace_ran_out} when the wait ran out`,
    });
  }
  return figures;
}
