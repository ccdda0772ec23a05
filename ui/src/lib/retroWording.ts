// What the retro view says about a retro's numbers: its title and span, the figures with
// their labels and sub-lines, and the lines for the tasks and notes. RetroView only lays these
// out. No Svelte and no IPC here, so it is tested under Node.
import type { FinishedTask, HandoverNote, Retro, SessionView, Who, WholeLists } from './bindings';
import { dayLabel, duration, percent, rangeWords, sessionName, type Selection } from './historyFormat';
import { clockTime } from './time';

/** "1 turn", "3 turns"; `many` where the plural is not `one` + s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The heading: the session's name, or the range. */
export function retroTitle(selection: Selection, session: SessionView | null): string {
  if (session !== null) return sessionName(session);
  return selection.kind === 'range'
    ? `Retro: ${rangeWords(selection.from, selection.to)}`
    : `Session ${selection.id}`;
}

/** "Tue 25 Nov, 09:00–10:30"; for a range, "3 sessions, Mon 17 Nov, 09:00 to Fri 21 Nov, 16:00". */
export function retroWhen(retro: Retro, selection: Selection, session: SessionView | null): string {
  if (retro.start === null) return 'Nothing was recorded.';
  const from = `${dayLabel(retro.start)}, ${clockTime(retro.start)}`;
  if (selection.kind === 'session') {
    const to = session?.live ? 'now' : clockTime(retro.end);
    return `${from}–${to}`;
  }
  const to = retro.end === null ? '' : ` to ${dayLabel(retro.end)}, ${clockTime(retro.end)}`;
  return `${plural(retro.sessions.length, 'session')}, ${from}${to}`;
}

export type Figure = {
  /** The figure's `data-figure`, which tests and styles use. */
  id: string;
  label: string;
  value: string;
  sub: string;
  /** Worth a look. */
  flag: boolean;
};

/** The parts that apply, joined with a middle dot. */
const joined = (parts: string[]): string => parts.filter(Boolean).join(' · ');

function span(r: Retro, selection: Selection): Figure {
  // A range's span is days of calendar, not of mobbing: its sessions are counted instead.
  if (selection.kind === 'session') {
    return { id: 'duration', label: 'Duration', value: duration(r.span_ms), sub: '', flag: false };
  }
  const days = Math.ceil(r.span_ms / 86_400_000) || 1;
  return {
    id: 'sessions',
    label: 'Sessions',
    value: String(r.sessions.length),
    sub: r.start === null ? '' : `over ${plural(days, 'day')}`,
    flag: false,
  };
}

function overrun(r: Retro): Figure {
  const { count, average_ms, total_ms } = r.overrun;
  return {
    id: 'overrun',
    label: 'Average overrun',
    value: average_ms === null ? 'None' : duration(average_ms),
    sub:
      count === 0
        ? 'Every hand-over was on time'
        : `${plural(count, 'hand-over')} late, ${duration(total_ms)} in all`,
    flag: false,
  };
}

function breaks(r: Retro): Figure {
  const b = r.breaks;
  return {
    id: 'breaks',
    label: 'Breaks taken',
    value: b.due === 0 ? String(b.taken) : `${b.taken} of ${b.due}`,
    sub: joined([
      b.due === 0 ? 'None was due' : `${plural(b.due, 'was', 'were')} due`,
      b.skipped > 0 ? `${b.skipped} skipped` : '',
      b.early > 0 ? `${b.early} early` : '',
      b.total_ms > 0 ? `${duration(b.total_ms)} in all` : '',
    ]),
    flag: b.taken < b.due,
  };
}

function testFirst(r: Retro, whole: WholeLists | null): Figure {
  const firsts = whole?.tasks_test_first ?? r.tasks.filter((t) => t.test_first).length;
  const tasks = whole?.tasks ?? r.tasks.length;
  return {
    id: 'test-first',
    label: 'Test-first',
    value: r.test_first === null ? '—' : percent(r.test_first),
    sub: r.test_first === null ? 'No task finished' : `${firsts} of ${plural(tasks, 'task')}`,
    flag: r.test_first !== null && r.test_first < 1,
  };
}

function hooks(r: Retro): Figure {
  const { ran, failed, timed_out } = r.hooks;
  const late = timed_out > 0 ? ` (${timed_out} timed out)` : '';
  return {
    id: 'hooks',
    label: 'Hooks run',
    value: String(ran),
    sub: `${failed === 0 ? 'none failed' : `${failed} failed`}${late}`,
    flag: failed > 0,
  };
}

/**
 * The figures, in the order they are shown; time away and hooks only when there were some.
 * `whole`: the lists' lengths when the retro's lists were cut (a long range's).
 */
export function figures(r: Retro, selection: Selection, whole: WholeLists | null = null): Figure[] {
  const plain = (id: string, label: string, value: string | number, sub: string): Figure => ({
    id,
    label,
    value: String(value),
    sub,
    flag: false,
  });
  const out: Figure[] = [
    span(r, selection),
    plain('turns', 'Turns', r.turns, `${duration(r.keyboard_ms)} at the keyboard`),
    plain('people', 'People', r.people.length, r.people.map((p) => p.name).join(', ')),
    overrun(r),
    breaks(r),
    plain(
      'tasks',
      'Tasks finished',
      whole?.tasks ?? r.tasks.length,
      joined([
        (whole?.reopened ?? r.reopened.length) > 0
          ? `${whole?.reopened ?? r.reopened.length} reopened`
          : '',
        r.parked_thoughts > 0 ? `${plural(r.parked_thoughts, 'thought')} parked` : '',
      ]),
    ),
    testFirst(r, whole),
    plain('skips', 'Skips', r.skips, 'Navigators skipped'),
    plain(
      'pauses',
      'Pauses',
      r.pauses.count,
      r.pauses.count > 0 ? `${duration(r.pauses.total_ms)} in all` : '',
    ),
  ];
  if (r.away_ms > 0) {
    out.push(plain('away', 'Time away', duration(r.away_ms), 'Computer asleep or app closed'));
  }
  if (r.hooks.ran > 0) out.push(hooks(r));
  return out;
}

/** "The newest 100 of 28 717 tasks finished" when a list was cut; '' when it is whole. */
export function cutWords(shown: number, whole: number | undefined, what: string): string {
  if (whole === undefined || whole <= shown) return '';
  return `The newest ${shown.toLocaleString('en-GB')} of ${whole.toLocaleString('en-GB')} ${what}: export the retro for them all.`;
}

/** A moment, with the day when the retro covers more than one. */
export function moment(at: string, selection: Selection): string {
  return selection.kind === 'range' ? `${dayLabel(at)}, ${clockTime(at)}` : clockTime(at);
}

/** "#3 · done 10:42 by Ada": a finished task's line under its title. */
export function taskDone(task: FinishedTask, selection: Selection): string {
  const by = task.driver === null ? '' : ` by ${task.driver}`;
  return `#${task.task} · done ${moment(task.finished_at, selection)}${by}`;
}

/** Who noted the next step, and for whom (usually the same person: the navigator drives next). */
export function noteBy(note: HandoverNote): string {
  if (note.from === null) return note.to === null ? '' : `for ${note.to}`;
  return note.to === null || note.to === note.from ? `by ${note.from}` : `${note.from} for ${note.to}`;
}

/** Who drove, in the order of their first turn, by their names now: the timeline's legend. */
export function drivers(retro: Retro): Who[] {
  const seen = new Map<number, Who>();
  for (const seg of retro.timeline?.segments ?? []) {
    const driver = seg.driver;
    if (seg.kind !== 'turn' || driver === null || seen.has(driver.id)) continue;
    const now = retro.people.find((p) => p.id === driver.id);
    seen.set(driver.id, { id: driver.id, name: now?.name ?? driver.name });
  }
  return [...seen.values()];
}
