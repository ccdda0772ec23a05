// Where an instant goes on the timeline strip. One session is drawn over the strip's width; a
// date range draws its sessions side by side, each as wide as it was long, with a small gap
// for the hours (or days) between them, so a week's sessions fill the strip instead of a few
// slivers. No Svelte and no IPC: tested under Node.
import type { Timeline } from './bindings';

/** A stretch the strip draws: one session (or the whole retro). Milliseconds since the epoch. */
export type Span = { session: number | null; start: number; end: number };

/**
 * The sessions of `timeline`, each from its first to its last instant, in time order. A
 * timeline of one session (or none named) is one span from `start` to `end`, the retro's.
 */
export function spansOf(timeline: Timeline, start: string | null, end: string | null): Span[] {
  const by = new Map<number | null, Span>();
  const add = (session: number | null, a: number, b: number): void => {
    const span = by.get(session);
    if (span === undefined) by.set(session, { session, start: a, end: b });
    else {
      span.start = Math.min(span.start, a);
      span.end = Math.max(span.end, b);
    }
  };
  for (const s of timeline.segments) add(s.session, Date.parse(s.start), Date.parse(s.end));
  for (const p of timeline.points) add(p.session, Date.parse(p.at), Date.parse(p.at));
  const spans = [...by.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  if (spans.length <= 1) {
    const all = [...spans.flatMap((s) => [s.start, s.end])];
    if (start !== null) all.push(Date.parse(start));
    if (end !== null) all.push(Date.parse(end));
    if (all.length === 0) return [];
    return [{ session: spans[0]?.session ?? null, start: Math.min(...all), end: Math.max(...all) }];
  }
  // Sessions that overlap (a clock moved back) are drawn as one stretch.
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

export type Scale = {
  spans: Span[];
  /** Where each span starts and ends on the strip, in pixels. */
  lefts: number[];
  rights: number[];
  /** The pixel for instant `t` (clamped into the nearest span). */
  x: (t: number) => number;
  /** Pixels per millisecond. */
  perMs: number;
};

/** Lays `spans` out over `[pad, width - pad]`, with `gap` pixels between spans. */
export function scaleOf(spans: Span[], width: number, pad: number, gap: number): Scale {
  const gaps = Math.max(0, spans.length - 1) * gap;
  const usable = Math.max(1, width - 2 * pad - gaps);
  const total = Math.max(1, spans.reduce((sum, s) => sum + (s.end - s.start), 0));
  const perMs = usable / total;
  const lefts: number[] = [];
  const rights: number[] = [];
  let at = pad;
  for (const s of spans) {
    lefts.push(at);
    at += (s.end - s.start) * perMs;
    rights.push(at);
    at += gap;
  }
  const x = (t: number): number => {
    if (spans.length === 0) return pad;
    let i = spans.findIndex((s) => t < s.end);
    if (i === -1) i = spans.length - 1;
    const s = spans[i];
    if (t <= s.start) return lefts[i];
    return lefts[i] + (Math.min(t, s.end) - s.start) * perMs;
  };
  return { spans, lefts, rights, x, perMs };
}
