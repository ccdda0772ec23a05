// Keys a typing driver can't mistake for an act. No Svelte and no DOM here (tested under Node):
// the windows pass in what a key press or a click was and do what the verdict says.
//
// The hand-over: when it appears nothing has focus, and for a settle time every key is
// swallowed; a key typed then makes the settle last until a moment after it, so a driver still
// typing never gets through. After it, the next turn starts with a click on the button or the
// "next" shortcut (Ctrl+Alt+Shift+N by default, the same chord as the global shortcut); plain
// Enter, Space, letters and Esc start, skip or hide nothing. A focused button is pressed from
// the keyboard with Ctrl+Enter (or Ctrl+Space), a chord code-typing does not make by accident.
//
// The main window: its single-key shortcuts act only when it was focused on purpose: not in a
// text field or a dialog, not in the first moment after the window got the focus back from
// another window (a click in it counts as on purpose at once), never twice from a held key, and
// at a hand-over never to start, skip or extend.
import type { Action, TimerState } from './bindings';

/** How long the hand-over swallows keys after it appears, and after each key typed then. */
export const HANDOVER_SETTLE_MS = 1500;
/** How long the main window swallows keys after it gets the focus back from another window. */
export const FOCUS_SETTLE_MS = 1000;

/**
 * A settle time on a clock (`now`, in ms): armed when something appears or gets the focus;
 * a key during it is swallowed and makes it last `ms` from that key.
 */
export class Settle {
  /** When the settle time ends (ms on the clock); 0: settled. */
  until = 0;

  constructor(
    private readonly ms: number,
    private readonly now: () => number,
  ) {}

  /** Starts the settle time now. */
  arm(): void {
    this.until = this.now() + this.ms;
  }

  /** Ends it now (a click in the window: on purpose). */
  clear(): void {
    this.until = 0;
  }

  settled(): boolean {
    return this.now() >= this.until;
  }

  /** Whether a key pressed now may act; if not, the settle lasts `ms` from this key. */
  keyMayAct(): boolean {
    if (this.settled()) return true;
    this.until = this.now() + this.ms;
    return false;
  }
}

/** What a window knows of a key press. */
export interface Press {
  /** `KeyboardEvent.key`. */
  key: string;
  repeat: boolean;
  ctrl: boolean;
  alt: boolean;
  meta: boolean;
  /** The chord the press makes ("Ctrl+Alt+Shift+N"), null when it is typing (`chordOf`). */
  chord: string | null;
}

/**
 * What the hand-over does with a key: swallow it (it does nothing), start the next turn, press
 * the focused button, refuse (a plain Enter or Space on a button: swallowed, and the screen says
 * how to act), or let it through (typing in the note, moving the focus).
 */
export type Verdict = 'swallow' | 'start' | 'press' | 'refuse' | 'pass';

export interface HandoverKeys {
  /** The settle time is over (for this key: `Settle.keyMayAct`). */
  settled: boolean;
  /** The chord that starts the next turn (the "next" shortcut), or null when there is none. */
  startChord: string | null;
  /** The next turn can be started now (the hand-over, not a break or time away). */
  canStart: boolean;
  /** The key goes to a button (or another control a key presses). */
  onButton: boolean;
}

const PRESS_KEYS = new Set(['Enter', ' ']);

export function handoverKey(press: Press, at: HandoverKeys): Verdict {
  if (!at.settled || press.repeat) return 'swallow';
  if (at.canStart && press.chord !== null && press.chord === at.startChord) return 'start';
  if (at.onButton && PRESS_KEYS.has(press.key)) {
    return press.ctrl && !press.alt && !press.meta ? 'press' : 'refuse';
  }
  if (press.key === 'Escape') return 'swallow';
  return 'pass';
}

/**
 * Whether a click on the hand-over acts: a pointer's click after the settle time (a click from
 * the keyboard has `detail` 0: it acts only when the window pressed the button itself, on
 * Ctrl+Enter, or from a text field, where Enter saves the note).
 */
export function clickActs(
  click: { detail: number },
  at: { settled: boolean; pressing: boolean; fromTextField: boolean },
): boolean {
  if (at.pressing) return true;
  if (!at.settled) return false;
  return click.detail > 0 || at.fromTextField;
}

/** What the main window knows when a single key would run an action. */
export interface MainKeys {
  state: TimerState;
  /** The window was focused on purpose (`Settle.keyMayAct` after the focus came back). */
  settled: boolean;
}

/** The actions a single key may run in this state: at a hand-over, none that starts, skips or extends. */
export function singleKeyActs(action: Action, press: Press, at: MainKeys): boolean {
  if (press.repeat || !at.settled) return false;
  if (at.state === 'handover') return action === 'toggle_mini' || action === 'show_main';
  return true;
}

/**
 * Whether a key (`KeyboardEvent.key`) waits for the main window's settle time. Escape and Tab
 * never do: they only cancel (close a dialog, drop an edit) or move the focus, which nobody
 * regrets, and someone coming back to the window reaches for them first.
 */
export function waitsToSettle(key: string): boolean {
  return key !== 'Escape' && key !== 'Tab';
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

/** What `chordOf` reads of a key press. */
export interface KeyChord {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

/**
 * The shortcut a key press makes ("Ctrl+Alt+Shift+N"), as the shell writes shortcuts, or null
 * when the press is typing or editing. A chord: a key with Alt or Super, with two or more
 * modifiers, or an F key. Plain Ctrl+key and Shift+key keep their meaning in a text field
 * (select all, paste, capitals).
 */
export function chordOf(event: KeyChord): string | null {
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

/** A key press as the guards read it. */
export function pressOf(event: KeyChord & { key: string; repeat: boolean }): Press {
  return {
    key: event.key,
    repeat: event.repeat,
    ctrl: event.ctrlKey,
    alt: event.altKey,
    meta: event.metaKey,
    chord: chordOf(event),
  };
}

/** The one line the hand-over shows about its keys. */
export function handoverHint(startChord: string | null): string {
  return startChord
    ? `Typing can't start the next turn: click Start next turn or press ${startChord}.`
    : "Typing can't start the next turn: click Start next turn.";
}

/** A chord as `aria-keyshortcuts` spells it ("Control+Alt+Shift+N"). */
export function ariaChord(chord: string): string {
  return chord
    .split('+')
    .map((part) => ({ Ctrl: 'Control', Super: 'Meta' })[part] ?? part)
    .join('+');
}
