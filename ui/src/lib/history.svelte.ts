// The history view's state: the sessions in the date range, the retro open, and the fetching
// that keeps them current. Stale answers are dropped (a newer question was asked meanwhile).
// What the view does with focus stays in the components.
import type { Retro, SessionView, WholeLists } from './bindings';
import { LiveText } from './announce.svelte';
import { dayStart, queryOf, sessionName, type Selection } from './historyFormat';
import { errorMessage, historyDelete, historyRename, historyRetro, historySessions } from './ipc';

/** After the next frame is painted (or 100 ms, in a window that paints no frames: hidden). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

/** The same question to the backend: the same key. */
export function selectionKey(s: Selection): string {
  return s.kind === 'session' ? `s${s.id}` : `r${s.from}|${s.to}`;
}

export class HistoryState {
  /** Null until the first answer. */
  sessions = $state.raw<SessionView[] | null>(null);
  /** The date range (date inputs' values; empty: open). */
  since = $state('');
  until = $state('');
  selection = $state.raw<Selection | null>(null);
  /** The session open, as the list last said (kept when a filter hides it from the list). */
  picked = $state.raw<SessionView | null>(null);
  retro = $state.raw<Retro | null>(null);
  /** How long the retro's lists were when they were cut (a long range's); null: whole. */
  whole = $state.raw<WholeLists | null>(null);
  loading = $state(false);
  /** Said politely after a rename or a delete. */
  readonly status = new LiveText();

  #report: (message: string) => void;
  #listRequest = 0;
  #retroRequest = 0;

  /** `report` shows a failure (in the app's error line). */
  constructor(report: (message: string) => void) {
    this.#report = report;
  }

  /** The sessions in the date range. */
  async loadList(): Promise<void> {
    const request = ++this.#listRequest;
    try {
      const next = await historySessions(dayStart(this.since), dayStart(this.until, 1));
      if (request !== this.#listRequest) return;
      this.sessions = next;
      const same = next.find((s) => s.id === this.picked?.id);
      if (same !== undefined) this.picked = same;
    } catch (err) {
      if (request === this.#listRequest) this.#report(errorMessage(err));
    }
  }

  /** Opens a retro; true when this is still the retro asked for once it is in. */
  async open(next: Selection): Promise<boolean> {
    const request = ++this.#retroRequest;
    const same = this.selection !== null && selectionKey(this.selection) === selectionKey(next);
    this.selection = next;
    if (!same) this.retro = null;
    this.loading = true;
    try {
      const answer = await historyRetro(queryOf(next));
      if (request !== this.#retroRequest) return false;
      this.retro = answer.retro;
      this.whole = answer.whole;
    } catch (err) {
      if (request !== this.#retroRequest) return false;
      this.retro = null;
      this.whole = null;
      this.#report(errorMessage(err));
    } finally {
      if (request === this.#retroRequest) this.loading = false;
    }
    return true;
  }

  /** Opens a session from the list. */
  pick(session: SessionView): Promise<boolean> {
    this.picked = session;
    return this.open({ kind: 'session', id: session.id });
  }

  /** Opens the retro over the date range. */
  openRange(): Promise<boolean> {
    this.picked = null;
    return this.open({ kind: 'range', from: this.since, to: this.until });
  }

  /** Fetches the retro open again. */
  reload(): void {
    if (this.selection !== null) void this.open(this.selection);
  }

  /**
   * The view was opened, or a session started or ended while it is open: the list again, the
   * newest session when nothing is open yet, and the retro again when it may have changed.
   */
  async refresh(): Promise<void> {
    const wasLive = this.picked?.live ?? false;
    await this.loadList();
    if (this.selection === null) {
      // The list first: it paints before the newest session's retro is asked for.
      await afterPaint();
      const newest = this.sessions?.[0];
      if (newest !== undefined && this.selection === null) await this.pick(newest);
    } else if (this.selection.kind === 'range' || wasLive) {
      await this.open(this.selection);
    }
  }

  /** Names the session open (null: no name); true when that took. */
  async rename(name: string | null): Promise<boolean> {
    if (this.picked === null) return false;
    try {
      const renamed = await historyRename(this.picked.id, name);
      this.picked = renamed;
      this.sessions = this.sessions?.map((s) => (s.id === renamed.id ? renamed : s)) ?? null;
      void this.status.announce(
        name === null ? `Name cleared: ${sessionName(renamed)}.` : `Renamed to “${name}”.`,
      );
      return true;
    } catch (err) {
      this.#report(errorMessage(err));
      return false;
    }
  }

  /**
   * Deletes the session open; the one that took its place in the list opens. Resolves to that
   * session (null when the list is empty now), or undefined when nothing was deleted.
   */
  async remove(): Promise<SessionView | null | undefined> {
    const gone = this.picked;
    if (gone === null) return undefined;
    try {
      await historyDelete(gone.id);
    } catch (err) {
      this.#report(errorMessage(err));
      return undefined;
    }
    const index = this.sessions?.findIndex((s) => s.id === gone.id) ?? -1;
    const rest = this.sessions?.filter((s) => s.id !== gone.id) ?? [];
    this.sessions = rest;
    void this.status.announce(`Deleted ${sessionName(gone)}.`);
    const next = rest[Math.max(0, index)] ?? rest[index - 1];
    this.selection = null;
    this.picked = null;
    this.retro = null;
    this.whole = null;
    if (next === undefined) return null;
    void this.pick(next);
    return next;
  }
}
