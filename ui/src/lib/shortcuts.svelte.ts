// Global shortcuts and event hooks, as the Settings dialog shows them: the words for each
// action and event, how each shortcut fared when the shell registered it, and the key
// combination a key press stands for; and the actions the main window's own keys ask for.
import type { HookEvent, Action, HotkeyStatus } from './bindings';
import { getHotkeys } from './ipc';
import { chordOf } from './keyguard';

/** Every action a global shortcut can run, in the order Settings lists them. */
export const HOTKEY_ACTIONS: { action: Action; label: string }[] = [
  { action: 'toggle', label: 'Start / pause' },
  { action: 'next', label: 'Rotate now' },
  { action: 'skip', label: 'Skip navigator' },
  { action: 'extend', label: 'Extend' },
  { action: 'toggle_mini', label: 'Mini timer' },
  { action: 'show_main', label: 'Show window' },
  { action: 'park_thought', label: 'Park a thought' },
  { action: 'run_tests', label: 'Run the tests' },
  { action: 'break', label: 'Break (start / end)' },
];

/** Every event a hook can run on. */
export const HOOK_EVENTS: { event: HookEvent; label: string }[] = [
  { event: 'turn_start', label: 'Turn starts' },
  { event: 'turn_end', label: 'Turn ends' },
  { event: 'break_start', label: 'Break starts' },
  { event: 'break_end', label: 'Break ends' },
];

export function actionLabel(action: Action): string {
  return HOTKEY_ACTIONS.find((a) => a.action === action)?.label ?? action;
}

/**
 * The main window's own keys for actions (any case): the shell performs them, when the window
 * was focused on purpose (lib/keyguard.ts).
 */
const IN_APP_KEYS: Record<string, Action> = {
  ' ': 'toggle',
  n: 'next',
  s: 'skip',
  e: 'extend',
  m: 'toggle_mini',
  t: 'run_tests',
};

/** The action a key press (`KeyboardEvent.key`) asks for in the main window, or null. */
export function inAppAction(key: string): Action | null {
  return IN_APP_KEYS[key.toLowerCase()] ?? null;
}

/** The shortcuts as the shell last registered them (from `hotkeys()` and the `hotkeys` push). */
export class Hotkeys {
  /** Null until the first answer. */
  list = $state.raw<HotkeyStatus[] | null>(null);
  /** The last fetch failed (and nothing was pushed since). */
  failed = $state(false);

  /**
   * Takes a new list; returns the shortcuts that are not active now but were active (or set
   * to something else) before, so a change that did not take can be said once.
   */
  apply(next: HotkeyStatus[]): HotkeyStatus[] {
    const before = this.list ?? [];
    this.list = next;
    this.failed = false;
    return next.filter(
      (s) =>
        !s.registered &&
        !before.some((b) => b.action === s.action && b.shortcut === s.shortcut && !b.registered),
    );
  }

  async refresh(): Promise<void> {
    try {
      this.apply(await getHotkeys());
    } catch {
      if (this.list === null) this.failed = true;
    }
  }

  get(action: Action): HotkeyStatus | null {
    return this.list?.find((s) => s.action === action) ?? null;
  }
}

/**
 * The shortcut a key press in a shortcut field records ("Ctrl+Alt+Shift+N"), or null when the
 * press is typing or editing (the same chords the windows act on: `chordOf`).
 */
export const recordedShortcut = (event: KeyboardEvent): string | null => chordOf(event);
