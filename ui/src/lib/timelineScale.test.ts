import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Segment, Timeline } from './bindings';
import { scaleOf, spansOf } from './timelineScale';

const H = 3_600_000;
const T0 = Date.parse('2026-11-23T09:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function turn(session: number, from: number, to: number): Segment {
  return {
    kind: 'turn',
    start: iso(from),
    end: iso(to),
    session,
    turn: 1,
    driver: null,
    navigator: null,
    overrun: false,
  };
}

test('one session is one span from the retro start to its end', () => {
  const timeline: Timeline = { segments: [turn(1, T0 + H, T0 + 2 * H)], points: [] };
  assert.deepEqual(spansOf(timeline, iso(T0), iso(T0 + 3 * H)), [
    { session: 1, start: T0, end: T0 + 3 * H },
  ]);
  const s = scaleOf(spansOf(timeline, iso(T0), iso(T0 + 3 * H)), 316, 8, 12);
  assert.equal(s.x(T0), 8, 'the start at the left pad');
  assert.equal(s.x(T0 + 3 * H), 308, 'the end at the right pad');
  assert.equal(s.x(T0 + 1.5 * H), 158, 'linear in between');
});

test('a range draws its sessions side by side: the days between them take one gap each', () => {
  const day = 24 * H;
  const timeline: Timeline = {
    segments: [turn(1, T0, T0 + H), turn(2, T0 + day, T0 + day + 3 * H), turn(3, T0 + 3 * day, T0 + 3 * day + H)],
    points: [],
  };
  const spans = spansOf(timeline, iso(T0), iso(T0 + 3 * day + H));
  assert.deepEqual(
    spans.map((s) => [s.session, (s.end - s.start) / H]),
    [
      [1, 1],
      [2, 3],
      [3, 1],
    ],
    'a span per session, as long as the session',
  );
  // 5 hours over 500 - 2*10 - 2*20 = 440 px: 88 px an hour.
  const s = scaleOf(spans, 500, 10, 20);
  assert.deepEqual(s.lefts, [10, 118, 402], 'each after the one before and a gap');
  assert.deepEqual(s.rights, [98, 382, 490]);
  assert.equal(s.x(T0 + day + 1.5 * H), 118 + 132, 'inside session 2: its own offset');
  assert.equal(s.x(T0 + 12 * H), 118, 'an instant between sessions goes to the next one’s start');
});

test('overlapping sessions (a clock moved back) are one stretch, and nothing draws nothing', () => {
  const timeline: Timeline = { segments: [turn(1, T0, T0 + 2 * H), turn(2, T0 + H, T0 + 3 * H)], points: [] };
  assert.deepEqual(
    spansOf(timeline, null, null).map((s) => [s.start, s.end]),
    [[T0, T0 + 3 * H]],
  );
  assert.deepEqual(spansOf({ segments: [], points: [] }, null, null), []);
});
