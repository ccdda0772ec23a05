import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveClocks, type Clocks } from './clocks';

const at = (remaining_ms: number, handover_ms = 0, break_left_ms = 0): Clocks => ({
  remaining_ms,
  handover_ms,
  break_left_ms,
});

test('what follows the clocks sees each new value, and stops when it unfollows', () => {
  const clocks = new LiveClocks();
  const seen: number[] = [];
  const stop = clocks.follow((now) => seen.push(now.remaining_ms));
  clocks.set(at(5000));
  clocks.set(at(4000));
  stop();
  clocks.set(at(3000));
  assert.deepEqual(seen, [5000, 4000]);
  assert.deepEqual(clocks.now, at(3000));
});

test('the same clocks again show nothing; any one of them changed shows all', () => {
  const clocks = new LiveClocks();
  const seen: Clocks[] = [];
  clocks.follow((now) => seen.push(now));
  clocks.set(at(5000, 0, 0));
  clocks.set(at(5000, 0, 0));
  clocks.set(at(5000, 1000, 0));
  clocks.set(at(5000, 1000, 2000));
  assert.deepEqual(seen, [at(5000), at(5000, 1000), at(5000, 1000, 2000)]);
});

test('a snapshot passes as clocks: only its three clocks are kept', () => {
  const clocks = new LiveClocks();
  const snapshot = { ...at(7000, 1, 2), state: 'running', turn: 3 };
  clocks.set(snapshot);
  assert.deepEqual(clocks.now, at(7000, 1, 2));
});

test('each follower is called, in the order it followed', () => {
  const clocks = new LiveClocks();
  const order: string[] = [];
  clocks.follow(() => order.push('clock'));
  clocks.follow(() => order.push('bar'));
  clocks.set(at(1));
  assert.deepEqual(order, ['clock', 'bar']);
});
