// What the desktop does with a shortcut typed in Settings: the combinations it keeps for
// itself (the list is the core's, through the bindings), and the `mobflow` commands to bind
// where global shortcuts cannot work (Wayland). No Svelte and no IPC: tested under Node.
import { RESERVED_SHORTCUTS, type Action } from './bindings';

const MODIFIERS: Record<string, string> = {
  ctrl: 'Ctrl',
  control: 'Ctrl',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
  cmd: 'Super',
  command: 'Super',
};
const ORDER = ['Ctrl', 'Alt', 'Shift', 'Super'];

/** A shortcut written one way (`ctrl + alt+f9` → `ctrl+alt+f9`, modifiers in a fixed order). */
function canonical(text: string): string | null {
  const parts = text
    .split('+')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length < 2) return null;
  const mods = parts.slice(0, -1).map((p) => MODIFIERS[p.toLowerCase()]);
  if (mods.some((m) => m === undefined)) return null;
  mods.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return [...mods, parts[parts.length - 1]].join('+').toLowerCase();
}

const RESERVED = new Map(RESERVED_SHORTCUTS.map((r) => [canonical(r.shortcut), r.why]));

/** What the desktop does with `shortcut` when it keeps it for itself; null when it is free. */
export function reservedBy(shortcut: string): string | null {
  const key = canonical(shortcut);
  return key === null ? null : (RESERVED.get(key) ?? null);
}

/** The warning Settings shows beside a shortcut the desktop keeps, or null. */
export function reservedWarning(shortcut: string): string | null {
  const why = reservedBy(shortcut);
  return why === null ? null : `The desktop keeps ${shortcut.trim()}: it ${why}. Pick another.`;
}

/** The command to bind in the desktop's keyboard settings for each action (Wayland). */
export const BIND_COMMANDS: Partial<Record<Action, string>> = {
  toggle: 'mobflow toggle',
  next: 'mobflow next',
  skip: 'mobflow skip',
  extend: 'mobflow extend',
  toggle_mini: 'mobflow mini',
  show_main: 'mobflow show',
  hide_handover: 'mobflow dismiss',
};
