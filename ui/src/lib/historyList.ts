// The session list's window: which rows to draw for the part of the list its scroller shows.
// Years of daily sessions are thousands of rows; only those in view (and a margin) are in the
// page. Rows differ in height (a long name wraps, a session with nobody in it has no people
// line), so each drawn row's measured height is kept by session id and the others are
// estimated from the rows measured so far. Pure: no Svelte, no DOM.

/** A row's height before any row was measured (px). */
export const FIRST_ESTIMATE = 80;

/**
 * Measured row heights by session id, and an estimate for the rows not measured yet: the mean
 * of the first rows measured, then fixed (a changing estimate would move every row not measured
 * yet, and with them whatever is in view).
 */
export class RowHeights {
  #known = new Map<number, number>();
  #total = 0;
  #fixed: number | null = null;

  /**
   * Keeps a row's measured height; true when that changes the list's layout: the row's height
   * or, while it is not fixed, the estimate. (A row measured as tall as it was estimated, as
   * most are once the estimate is fixed, moves nothing: scrolling draws new rows without laying
   * the list out again.)
   */
  set(id: number, height: number): boolean {
    if (!(height > 0)) return false;
    const was = this.#known.get(id);
    if (was !== undefined && Math.abs(was - height) < 0.5) return false;
    const assumed = was ?? this.estimate();
    // As tall as assumed (under half a pixel off): kept as assumed, so the rows below stay put.
    const moves = this.#fixed === null || Math.abs(assumed - height) >= 0.5;
    const kept = moves ? height : assumed;
    this.#total += kept - (was ?? 0);
    this.#known.set(id, kept);
    return moves;
  }

  /** The row's height: measured, else the estimate. */
  get(id: number): number {
    return this.#known.get(id) ?? this.estimate();
  }

  estimate(): number {
    if (this.#fixed !== null) return this.#fixed;
    return this.#known.size === 0 ? FIRST_ESTIMATE : this.#total / this.#known.size;
  }

  /** Fixes the estimate at the mean measured so far (once some row was measured). */
  fix(): void {
    if (this.#fixed === null && this.#known.size > 0) this.#fixed = this.#total / this.#known.size;
  }
}

/** Each row's top, and the list's height last: `offsets[i]` is row i's top (n + 1 numbers). */
export function layout(ids: readonly number[], height: (id: number) => number): Float64Array {
  const offsets = new Float64Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) offsets[i + 1] = offsets[i] + height(ids[i]);
  return offsets;
}

/** The row at `y` (px from the list's top), clamped to the rows there are. */
export function rowAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The rows to draw, `[start, end)`, for the part of the list from `top` to `bottom` (px from
 * the list's top; either may be outside it), with `margin` px more on each side.
 */
export function visibleRows(
  offsets: Float64Array,
  top: number,
  bottom: number,
  margin: number,
): { start: number; end: number } {
  const n = offsets.length - 1;
  const from = top - margin;
  const to = bottom + margin;
  if (n <= 0 || to < 0 || from >= offsets[n] || to <= from) return { start: 0, end: 0 };
  const start = rowAt(offsets, Math.max(0, from));
  const end = Math.min(n, rowAt(offsets, to) + 1);
  return { start, end };
}

/** The rows drawn: `[start, end)` and the ones that must stay (the focusable row), in order. */
export function drawnRows(range: { start: number; end: number }, keep: readonly number[], n: number): number[] {
  const rows: number[] = [];
  for (let i = range.start; i < range.end; i++) rows.push(i);
  const extra = keep.filter((i) => i >= 0 && i < n && (i < range.start || i >= range.end));
  if (extra.length === 0) return rows;
  return [...new Set([...rows, ...extra])].sort((a, b) => a - b);
}

/** The row a key moves the focus to from row `index` of `n`; null for any other key. */
export function keyTarget(key: string, index: number, n: number): number | null {
  if (n === 0) return null;
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return Math.min(n - 1, index + 1);
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return null;
  }
}
