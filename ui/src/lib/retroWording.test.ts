import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FinishedTask, Retro, Segment, SessionView } from './bindings';
import type { Selection } from './historyFormat';
import { cutWords, drivers, figures, noteBy, plural, retroTitle, retroWhen, taskDone } from './retroWording';

const SESSION: Selection = { kind: 'session', id: 4 };
const ALL: Selection = { kind: 'range', from: '', to: '' };

function retro(over: Partial<Retro> = {}): Retro {
  return {
    sessions: [4],
    start: '2026-11-25T09:00:00Z',
    end: '2026-11-25T10:00:00Z',
    span_ms: 3_600_000,
    turns: 6,
    keyboard_ms: 3_000_000,
    people: [],
    fairness: { ratio: null, shares: [] },
    overrun: { count: 0, total_ms: 0, average_ms: null },
    skips: 0,
    pauses: { count: 0, total_ms: 0 },
    breaks: { due: 0, taken: 0, skipped: 0, early: 0, total_ms: 0 },
    tasks: [],
    reopened: [],
    test_first: null,
    parked_thoughts: 0,
    handover_notes: [],
    retro_lines: [],
    hooks: { ran: 0, failed: 0, timed_out: 0 },
    tests: {
      runs: 0,
      green: 0,
      red: 0,
      timed_out: 0,
      runs_per_turn: null,
      red_ms: 0,
      green_ms: 0,
      longest_red_ms: 0,
      cycles: 0,
      handovers_on_green: 0,
      handovers_on_red: 0,
      waited_for_green: 0,
      grace_ran_out: 0,
      turns: [],
      tasks: [],
    },
    away_ms: 0,
    timeline: null,
    ...over,
  };
}

function task(test_first: boolean, driver: string | null = null): FinishedTask {
  return {
    task: 7,
    title: 'Parse dates',
    finished_at: '2026-11-25T09:30:00Z',
    cycle_ms: 600_000,
    test_first,
    override_reason: null,
    steps_left: 0,
    driver,
  };
}

const byId = (r: Retro, selection = SESSION) => new Map(figures(r, selection).map((f) => [f.id, f]));

test('a session has the same figures in the same order; time away and hooks only when some', () => {
  assert.deepEqual(
    figures(retro(), SESSION).map((f) => f.id),
    ['duration', 'turns', 'people', 'overrun', 'breaks', 'tasks', 'test-first', 'skips', 'pauses'],
  );
  const more = retro({ away_ms: 180_000, hooks: { ran: 3, failed: 1, timed_out: 1 } });
  const f = byId(more);
  assert.deepEqual([...f.keys()].slice(-2), ['away', 'hooks']);
  assert.equal(f.get('away')?.value, '3 min');
  assert.equal(f.get('hooks')?.sub, '1 failed (1 timed out)');
  assert.equal(f.get('hooks')?.flag, true, 'a failed hook is worth a look');
});

test('the figures say their numbers in words, one and many', () => {
  const f = byId(
    retro({
      overrun: { count: 1, total_ms: 40_000, average_ms: 40_000 },
      breaks: { due: 2, taken: 1, skipped: 1, early: 0, total_ms: 600_000 },
      pauses: { count: 2, total_ms: 90_000 },
      parked_thoughts: 1,
      reopened: [3, 5],
    }),
  );
  assert.equal(f.get('duration')?.value, '1 h 00 min');
  assert.equal(f.get('turns')?.sub, '50 min at the keyboard');
  assert.equal(f.get('overrun')?.value, '40 s');
  assert.equal(f.get('overrun')?.sub, '1 hand-over late, 40 s in all');
  assert.equal(f.get('breaks')?.value, '1 of 2');
  assert.equal(f.get('breaks')?.sub, '2 were due · 1 skipped · 10 min in all');
  assert.equal(f.get('breaks')?.flag, true, 'a break due and not taken is worth a look');
  assert.equal(f.get('tasks')?.sub, '2 reopened · 1 thought parked');
  assert.equal(f.get('pauses')?.sub, '1 min 30 s in all');
  const calm = byId(retro());
  assert.equal(calm.get('overrun')?.value, 'None');
  assert.equal(calm.get('overrun')?.sub, 'Every hand-over was on time');
  assert.equal(calm.get('breaks')?.sub, 'None was due');
  assert.equal(calm.get('breaks')?.flag, false);
  assert.equal(calm.get('pauses')?.sub, '', 'no pauses, nothing under the figure');
});

test('test-first is a share of the finished tasks, and a dash when none was finished', () => {
  const half = byId(retro({ tasks: [task(true), task(false)], test_first: 0.5 })).get('test-first');
  assert.deepEqual(
    [half?.value, half?.sub, half?.flag],
    ['50%', '1 of 2 tasks', true],
    'a task that skipped the tests is worth a look',
  );
  const none = byId(retro()).get('test-first');
  assert.deepEqual([none?.value, none?.sub, none?.flag], ['—', 'No task finished', false]);
});

test('a range counts its sessions and calendar days instead of a duration', () => {
  const f = figures(retro({ sessions: [1, 2], span_ms: 36 * 3_600_000 }), ALL)[0];
  assert.deepEqual([f.id, f.value, f.sub], ['sessions', '2', 'over 2 days']);
  const empty = figures(retro({ sessions: [], start: null, span_ms: 0 }), ALL)[0];
  assert.deepEqual([empty.value, empty.sub], ['0', '']);
});

test('the title and the span', () => {
  const session = { id: 4, name: 'Bowling kata', live: true } as SessionView;
  assert.equal(retroTitle(SESSION, session), 'Bowling kata');
  assert.equal(retroTitle(SESSION, null), 'Session 4');
  assert.equal(retroTitle(ALL, null), 'Retro: all sessions');
  assert.match(retroWhen(retro(), SESSION, session), /–now$/, 'a live session runs until now');
  assert.match(retroWhen(retro({ sessions: [1, 2] }), ALL, null), /^2 sessions, .+ to .+/);
  assert.equal(retroWhen(retro({ start: null }), SESSION, null), 'Nothing was recorded.');
});

test('who noted the next step, and for whom', () => {
  const note = (from: string | null, to: string | null) => ({ at: '', text: '', from, to });
  assert.equal(noteBy(note('Ada', 'Ada')), 'by Ada');
  assert.equal(noteBy(note('Ada', null)), 'by Ada');
  assert.equal(noteBy(note('Ada', 'Bob')), 'Ada for Bob');
  assert.equal(noteBy(note(null, 'Bob')), 'for Bob');
  assert.equal(noteBy(note(null, null)), '');
  assert.match(taskDone(task(true, 'Ada'), SESSION), /^#7 · done .+ by Ada$/);
  assert.equal(plural(1, 'was', 'were'), '1 was');
});

test('the legend lists the drivers in the order of their first turn, by their names now', () => {
  const turn = (id: number, name: string, kind: Segment['kind'] = 'turn'): Segment => ({
    kind,
    start: '',
    end: '',
    session: 4,
    turn: 1,
    driver: { id, name },
    navigator: null,
    overrun: false,
  });
  const r = retro({
    people: [{ id: 2, name: 'Bobby', keyboard_ms: 0, share: 0, turns_driven: 1, turns_navigated: 0 }],
    timeline: {
      segments: [turn(3, 'Cy', 'pause'), turn(2, 'Bob'), turn(1, 'Ada'), turn(2, 'Bob')],
      points: [],
    },
  });
  assert.deepEqual(drivers(r), [
    { id: 2, name: 'Bobby' },
    { id: 1, name: 'Ada' },
  ]);
});

test("a long range's figures count its whole lists, not the newest entries it carries", () => {
  const cut = retro({ sessions: [1, 2, 3], tasks: [task(true), task(false)], reopened: [7], test_first: 0.75 });
  const whole = {
    tasks: 28_717,
    tasks_test_first: 21_538,
    reopened: 120,
    handover_notes: 60_000,
    retro_lines: 5_000,
    test_turns: 80_000,
    test_tasks: 28_000,
  };
  const f = new Map(figures(cut, ALL, whole).map((x) => [x.id, x]));
  assert.equal(f.get('tasks')?.value, '28717');
  assert.equal(f.get('tasks')?.sub, '120 reopened');
  assert.equal(f.get('test-first')?.sub, '21538 of 28717 tasks');
  const same = new Map(figures(cut, ALL).map((x) => [x.id, x]));
  assert.equal(same.get('tasks')?.value, '2', 'whole lists: counted as they are');
  assert.equal(same.get('test-first')?.sub, '1 of 2 tasks');
  assert.equal(
    cutWords(100, 28_717, 'tasks finished'),
    'The newest 100 of 28,717 tasks finished: export the retro for them all.',
  );
  assert.equal(cutWords(2, 2, 'notes'), '', 'nothing cut: nothing said');
  assert.equal(cutWords(2, undefined, 'notes'), '');
});
