import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestStats, TestView } from './bindings';
import { ago, greenWaitWords, testDetail, testFigures, took } from './testWords';

const NOW = Date.parse('2026-11-27T09:10:00Z');

function view(over: Partial<TestView> = {}): TestView {
  return {
    state: 'red',
    at: '2026-11-27T09:07:30Z',
    duration_ms: 2_100,
    run: 4,
    last_passed: false,
    exit_code: 1,
    timed_out: false,
    queued: false,
    configured: true,
    green_wait: null,
    ...over,
  };
}

test('the badge says which run, how long ago, how long it took and what ended a red one', () => {
  assert.equal(testDetail(view(), NOW), 'run 4 · 2 min ago · took 2.1 s · exit 1');
  assert.equal(
    testDetail(view({ timed_out: true, exit_code: null }), NOW),
    'run 4 · 2 min ago · took 2.1 s · timed out',
  );
  assert.equal(
    testDetail(view({ state: 'green', at: '2026-11-27T09:09:40Z', duration_ms: 45_000 }), NOW),
    'run 4 · just now · took 45 s',
  );
  assert.equal(
    testDetail(view({ state: 'running', duration_ms: null, queued: true }), NOW),
    'run 4 · was red · another queued',
  );
  assert.equal(testDetail(view({ state: 'none', at: null, run: null }), NOW), 'Save a change or press Run');
});

test('times read as people say them', () => {
  assert.equal(ago('2026-11-27T09:09:01Z', NOW), 'just now');
  assert.equal(ago('2026-11-27T07:00:00Z', NOW), '2 h ago');
  assert.equal(took(400), '0.4 s');
  assert.equal(took(150_000), '2 min 30 s');
});

test('a turn waiting for green says when it hands over at the latest', () => {
  assert.equal(greenWaitWords(view()), null, 'not waiting');
  const waiting = view({ green_wait: { until: '2026-11-27T09:13:00Z', left_ms: 150_000 } });
  assert.equal(greenWaitWords(waiting), 'Hand-over at the next green (or in 3 min)');
  const last = view({ green_wait: { until: '2026-11-27T09:10:30Z', left_ms: 30_000 } });
  assert.equal(greenWaitWords(last), 'Hand-over at the next green (or in under a minute)');
});

test('the retro shows the test figures only when tests ran', () => {
  const stats: TestStats = {
    runs: 8,
    green: 3,
    red: 5,
    timed_out: 1,
    runs_per_turn: 4,
    red_ms: 628_000,
    green_ms: 118_000,
    longest_red_ms: 400_000,
    cycles: 2,
    handovers_on_green: 1,
    handovers_on_red: 1,
    waited_for_green: 1,
    grace_ran_out: 1,
    turns: [],
    tasks: [],
  };
  assert.deepEqual(testFigures({ ...stats, runs: 0 }), []);
  assert.deepEqual(
    testFigures(stats).map((f) => `${f.label}: ${f.value}`),
    [
      'Test runs: 8: 3 green, 5 red (1 timed out)',
      'Runs per turn: 4.0',
      'Time red: 10 min (84%)',
      'Time green: 2 min (16%)',
      'Longest red: 7 min',
      'Red → green: 2 cycles',
      'Hand-overs: 1 on green, 1 on red',
      'Waited for green: 1 handed over at green, 1 when the wait ran out',
    ],
  );
});
