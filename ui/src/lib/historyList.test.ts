import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIRST_ESTIMATE, RowHeights, drawnRows, keyTarget, layout, rowAt, visibleRows } from './historyList';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => n - i);

test('rows not measured yet are as tall as the mean of those measured', () => {
  const h = new RowHeights();
  assert.equal(h.get(7), FIRST_ESTIMATE, 'nothing measured: the first estimate');
  assert.equal(h.set(1, 60), true);
  assert.equal(h.set(2, 100), true);
  assert.equal(h.get(7), 80);
  assert.equal(h.get(1), 60, 'a measured row keeps its height');
  assert.equal(h.set(1, 60.2), false, 'under half a pixel is no change');
  assert.equal(h.set(1, 0), false, 'a hidden row (0 px) is not a measure');
  assert.equal(h.set(1, 80), true);
  assert.equal(h.estimate(), 90);
  h.fix();
  assert.equal(h.set(3, 200), true, 'a row taller than estimated moves the rows below it');
  assert.equal(h.get(7), 90, 'once fixed, more measures do not move the rows not measured');
  assert.equal(h.get(3), 200);
  assert.equal(h.set(4, 90.3), false, 'a row as tall as estimated moves nothing');
  assert.equal(h.get(4), 90, 'and keeps the height it was laid out with');
  assert.equal(h.set(4, 120), true, 'until it grows');
});

test('the layout stacks the rows; rowAt finds the row under a point', () => {
  const heights = new Map([
    [3, 10],
    [2, 20],
    [1, 30],
  ]);
  const offsets = layout([3, 2, 1], (id) => heights.get(id)!);
  assert.deepEqual([...offsets], [0, 10, 30, 60]);
  assert.equal(rowAt(offsets, -5), 0);
  assert.equal(rowAt(offsets, 0), 0);
  assert.equal(rowAt(offsets, 9.9), 0);
  assert.equal(rowAt(offsets, 10), 1);
  assert.equal(rowAt(offsets, 59), 2);
  assert.equal(rowAt(offsets, 500), 2, 'past the end: the last row');
  assert.equal(rowAt(layout([], () => 1), 5), 0);
});

test('only the rows in view and a margin are drawn, out of thousands', () => {
  const offsets = layout(ids(1826), () => 80);
  assert.deepEqual(visibleRows(offsets, 0, 800, 0), { start: 0, end: 11 });
  assert.deepEqual(visibleRows(offsets, 0, 800, 400), { start: 0, end: 16 });
  assert.deepEqual(visibleRows(offsets, 80_000, 80_800, 400), { start: 995, end: 1016 });
  const end = visibleRows(offsets, 1826 * 80 - 500, 1826 * 80 + 300, 400);
  assert.equal(end.end, 1826, 'the last row at the bottom');
  assert.deepEqual(visibleRows(offsets, -900, -600, 200), { start: 0, end: 0 }, 'the list is below the view');
  assert.deepEqual(visibleRows(offsets, 0, 0, 0), { start: 0, end: 0 }, 'a hidden list draws nothing');
  assert.deepEqual(visibleRows(layout([], () => 80), 0, 800, 400), { start: 0, end: 0 });
});

test('a short list is drawn whole', () => {
  const offsets = layout(ids(12), () => 80);
  assert.deepEqual(visibleRows(offsets, -200, 700, 400), { start: 0, end: 12 });
});

test('the row that takes the focus is drawn even out of view, in list order', () => {
  assert.deepEqual(drawnRows({ start: 10, end: 13 }, [500], 1000), [10, 11, 12, 500]);
  assert.deepEqual(drawnRows({ start: 10, end: 13 }, [2, 11], 1000), [2, 10, 11, 12]);
  assert.deepEqual(drawnRows({ start: 0, end: 3 }, [-1, 7], 5), [0, 1, 2], 'no such row: nothing more');
});

test('the arrow keys, Home and End move through every row, drawn or not', () => {
  assert.equal(keyTarget('ArrowDown', 0, 1826), 1);
  assert.equal(keyTarget('ArrowDown', 1825, 1826), 1825);
  assert.equal(keyTarget('ArrowUp', 0, 1826), 0);
  assert.equal(keyTarget('ArrowUp', 900, 1826), 899);
  assert.equal(keyTarget('Home', 900, 1826), 0);
  assert.equal(keyTarget('End', 3, 1826), 1825);
  assert.equal(keyTarget('Enter', 3, 1826), null, 'Enter opens: not a move');
  assert.equal(keyTarget('End', 0, 0), null);
});
