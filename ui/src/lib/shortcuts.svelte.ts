// Global shortcuts and event hooks, as the Settings dialog shows them: the words for each
// action and event, how each shortcut fared when the shell registered it, and the key
// combination a key press stands for; and the actions the main window's own keys ask for.
import type { HookEvent, Action, HotkeyStatus } from './bindings';
import { getHotkeys } from './ipc';

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

/** The main window's own keys for actions (any case): the shell performs them. */
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

// `KeyboardEvent.code` names the physical key, as the shell's shortcuts do; these are the
// named keys it accepts, by code.
const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Escape',
  Minus: 'Minus',
  Equal: 'Equal',
  Comma: 'Comma',
  Period: 'Period',
  Slash: 'Slash',
  Semicolon: 'Semicolon',
  Quote: 'Quote',
  Backquote: 'Backquote',
  Backslash: 'Backslash',
  BracketLeft: 'BracketLeft',
  BracketRight: 'BracketRight',
};

function keyName(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return digit[1];
  const f = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (f) return code;
  return CODE_KEYS[code] ?? null;
}

/**
 * The shortcut a key press in a shortcut field records ("Ctrl+Alt+Shift+N"), or null when the
 * press is typing or editing. Recorded: a key with Alt or Super, with two or more modifiers,
 * or an F key. Plain Ctrl+key and Shift+key keep their meaning in a text field (select all,
 * paste, capitals).
 */
export function recordedShortcut(event: KeyboardEvent): string | null {
  if (event.isComposing) return null;
  const key = keyName(event.code);
  if (key === null) return null;
  const mods = [
    event.ctrlKey && 'Ctrl',
    event.altKey && 'Alt',
    event.shiftKey && 'Shift',
    event.metaKey && 'Super',
  ].filter((m): m is string => m !== false);
  const fKey = /^F\d+$/.test(key);
  if (!fKey && !event.altKey && !event.metaKey && mods.length < 2) return null;
  return [...mods, key].join('+');
}
