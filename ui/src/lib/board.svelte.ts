// The focus board as the backend last sent it. Nothing here changes a task locally: every
// change is a command, and the board comes back in the `board` event (or from `board()`).
import type { BoardView, StepKind, StepTemplate, TaskView } from './bindings';
import { getBoard } from './ipc';

export const KIND_WORDS: Record<StepKind, string> = {
  test: 'Test',
  code: 'Code',
  delivery: 'Delivery',
};

export const STEP_KINDS: StepKind[] = ['test', 'code', 'delivery'];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "3/7 steps" and the words a screen reader says for it. */
export function stepCount(task: TaskView): { short: string; long: string } {
  const total = task.steps.length;
  const done = total - task.steps_left;
  return {
    short: `${done}/${total}`,
    long: `${done} of ${total} steps ticked`,
  };
}

export class BoardState {
  /** Every task in display order. Unchanged tasks keep their object, so nothing redraws them. */
  tasks = $state.raw<TaskView[]>([]);
  strict = $state(true);
  checklist = $state.raw<StepTemplate[]>([]);

  focus = $derived(this.tasks.find((t) => t.column === 'focus') ?? null);
  backlog = $derived(this.tasks.filter((t) => t.column === 'backlog'));
  parked = $derived(this.tasks.filter((t) => t.column === 'parked'));
  done = $derived(this.tasks.filter((t) => t.column === 'done'));

  /**
   * Takes a board from the backend. The board is pushed after every command that changed it;
   * a push that changes nothing changes no state.
   */
  apply(view: BoardView): void {
    const old = new Map(this.tasks.map((t) => [t.id, t]));
    let changed = view.tasks.length !== this.tasks.length;
    const tasks = view.tasks.map((task, i) => {
      const prev = old.get(task.id);
      const kept = prev !== undefined && same(prev, task) ? prev : task;
      if (kept !== this.tasks[i]) changed = true;
      return kept;
    });
    if (changed) this.tasks = tasks;
    this.strict = view.strict;
    if (!same(this.checklist, view.checklist)) this.checklist = view.checklist;
  }

  /** Fetches the board again (after a command, so what follows sees the new board). */
  async refresh(): Promise<void> {
    this.apply(await getBoard());
  }

  get(id: number): TaskView | null {
    return this.tasks.find((t) => t.id === id) ?? null;
  }
}

/** What a task card can ask the board to do. */
export interface BoardActions {
  focus(task: TaskView): void;
  park(task: TaskView): void;
  toBacklog(task: TaskView): void;
  finish(task: TaskView): void;
  reopen(task: TaskView): void;
  /** Moves a backlog task one place; `from` is the control to keep focus on. */
  move(task: TaskView, by: -1 | 1, from: Element | null): void;
  /** Ticks or unticks a step of the task in focus, as the checkbox now says. */
  toggle(task: TaskView, index: number, input: HTMLInputElement): void;
  parkAndFocus(): void;
  finishFocused(): void;
  dismissConflict(): void;
  /** Saves a task's title, notes and criteria (only what changed); true when the board took it. */
  edit(task: TaskView, title: string, notes: string, acceptance: string[]): Promise<boolean>;
}
