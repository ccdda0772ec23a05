// The history view's words and numbers: durations, dates, date ranges, what to ask the
// backend for, the colours of the people. No Svelte and no IPC here, so it is tested under Node.
import type { ExportFormat, RetroQuery, SessionView } from './bindings';
import { hourMinute, localFormat } from './time';

/** What the retro pane shows: one session, or every session that started in a date range. */
export type Selection =
  | { kind: 'session'; id: number }
  | {
      kind: 'range';
      /** The date inputs' values (YYYY-MM-DD, local; empty: open), for the words. */
      from: string;
      to: string;
    };

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2 h 04 min", "38 min", "1 min 05 s", "40 s": seconds only where they matter. */
export function duration(ms: number): string {
  const secs = Math.round(Math.max(0, ms) / 1000);
  if (secs < 60) return `${secs} s`;
  if (secs < 600) {
    const rest = secs % 60;
    return rest === 0 ? `${Math.floor(secs / 60)} min` : `${Math.floor(secs / 60)} min ${pad(rest)} s`;
  }
  const mins = Math.round(secs / 60);
  return mins < 60 ? `${mins} min` : `${Math.floor(mins / 60)} h ${pad(mins % 60)} min`;
}

/** "28%" of a share from 0 to 1. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function sessionName(session: Pick<SessionView, 'id' | 'name'>): string {
  return session.name ?? `Session ${session.id}`;
}

/** "10:42" in local time. */
export function hm(ms: number): string {
  return hourMinute(ms);
}

const dayOfThisYear = localFormat({ weekday: 'short', day: 'numeric', month: 'short' });
const dayOfAYear = localFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Tue 25 Nov" in local time; the year too when it is not this year's. */
export function dayLabel(rfc3339: string): string {
  const at = new Date(rfc3339);
  return at.getFullYear() === new Date().getFullYear() ? dayOfThisYear(at) : dayOfAYear(at);
}

/** How long a session lasted (or has lasted so far). */
export function sessionMs(session: SessionView, now = Date.now()): number {
  const end = session.ended_at === null ? now : Date.parse(session.ended_at);
  return Math.max(0, end - Date.parse(session.started_at));
}

/** A date input's value (YYYY-MM-DD) for a local day. */
export function dateValue(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Local midnight of a date input's day, `days` later, as RFC 3339; null for an empty input. */
export function dayStart(value: string, days = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return null;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** "Mon 17 Nov" for a date input's value. */
function dayWords(value: string): string {
  const start = dayStart(value);
  return start === null ? value : dayLabel(start);
}

/** The backend's question for a selection (a range ends after its last day: `until` is exclusive). */
export function queryOf(selection: Selection): RetroQuery {
  return selection.kind === 'session'
    ? { session: selection.id, since: null, until: null }
    : { session: null, since: dayStart(selection.from), until: dayStart(selection.to, 1) };
}

/** "Mon 17 Nov to Sun 23 Nov", "since Mon 17 Nov", "all sessions". */
export function rangeWords(from: string, to: string): string {
  if (from !== '' && to !== '') return `${dayWords(from)} to ${dayWords(to)}`;
  if (from !== '') return `since ${dayWords(from)}`;
  if (to !== '') return `until ${dayWords(to)}`;
  return 'all sessions';
}

/** A file name for an export, without the extension. */
export function exportStem(selection: Selection, startedAt: string | null): string {
  if (selection.kind === 'session') {
    const day = startedAt === null ? String(selection.id) : dateValue(new Date(startedAt));
    return `mobflow-retro-${day}`;
  }
  if (selection.from === '' && selection.to === '') return 'mobflow-retro-all';
  return `mobflow-retro-${selection.from || 'start'}_${selection.to || 'now'}`;
}

export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'md', label: 'Markdown (.md)' },
  { format: 'json', label: 'JSON (.json)' },
  { format: 'csv', label: 'CSV (.csv)' },
];

/** How many colours the people get; they repeat after that. */
export const PERSON_COLOURS = 8;

/**
 * Each person's colour (an index into `--person-0` …), by id: the same people get the same
 * colours in every session, and nobody shares one with fewer people than colours.
 */
export function personColours(people: { id: number }[]): Map<number, number> {
  const ids = [...new Set(people.map((p) => p.id))].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, i % PERSON_COLOURS]));
}

/** A short mark per person for the timeline: the initial, or two letters where initials clash. */
export function initials(people: { id: number; name: string }[]): Map<number, string> {
  const first = (name: string, n: number): string => [...name.trim()].slice(0, n).join('');
  const marks = new Map<number, string>();
  for (const p of people) {
    const clash = people.some(
      (o) => o.id !== p.id && first(o.name, 1).toLowerCase() === first(p.name, 1).toLowerCase(),
    );
    marks.set(p.id, first(p.name, clash ? 2 : 1));
  }
  return marks;
}

