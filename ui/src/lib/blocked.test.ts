import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MemberView, TimerState } from './bindings';
import { blocked, randomSeed, type Seats } from './blocked';

function seats(state: TimerState, names: string[], away: string[] = []): Seats {
  const members: MemberView[] = names.map((name, i) => ({
    id: i + 1,
    name,
    role: null,
    extra_role: null,
    away: away.includes(name),
  }));
  const here = members.filter((m) => !m.away);
  return { state, members, navigator: here.length > 1 ? here[1].name : null };
}

test('nobody in the mob: start, rotate, skip and shuffle say why not', () => {
  const empty = seats('idle', []);
  assert.equal(blocked('start', empty), 'Add people to the mob first.');
  assert.equal(blocked('next', empty), 'Add people to the mob first.');
  assert.equal(blocked('skip', empty), 'Add people to the mob first.');
  assert.equal(blocked('shuffle', empty), 'Add a second person to shuffle.');
});

test('what each needs, as the core refuses it', () => {
  assert.equal(blocked('start', seats('idle', ['Ada'])), null, 'one person is a focus timer');
  assert.match(blocked('start', seats('idle', ['Ada'], ['Ada'])) ?? '', /Everyone is away/);
  assert.match(blocked('next', seats('idle', ['Ada'])) ?? '', /two people/);
  assert.equal(blocked('next', seats('idle', ['Ada', 'Bob'])), null);
  assert.equal(blocked('next', seats('running', ['Ada'])), null, 'ends the turn, alone too');
  assert.match(blocked('skip', seats('idle', ['Ada', 'Bob'])) ?? '', /three people/);
  assert.match(blocked('skip', seats('running', ['Ada', 'Bob', 'Cy'], ['Cy'])) ?? '', /three/);
  assert.equal(blocked('skip', seats('running', ['Ada', 'Bob', 'Cy'])), null);
});

test('a shuffle waits for the turn to end', () => {
  for (const state of ['running', 'paused'] as const) {
    assert.match(blocked('shuffle', seats(state, ['Ada', 'Bob'])) ?? '', /between turns/, state);
  }
  for (const state of ['idle', 'handover', 'break'] as const) {
    assert.equal(blocked('shuffle', seats(state, ['Ada', 'Bob'])), null, state);
  }
});

test('seeds are whole numbers the core takes (u32)', () => {
  const drawn = new Set(Array.from({ length: 50 }, randomSeed));
  for (const seed of drawn) assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32);
  assert.ok(drawn.size > 45, `50 draws, ${drawn.size} different: random enough to shuffle`);
});
