// The Settings dialog's draft, apart from the dialog: what the fields hold, whether it can be
// saved, and the patch that saves it (only what changed, checked as a whole by the backend).
// No Svelte and no IPC here, so it is tested under Node.
import {
  SETTING_LIMITS,
  type Hook,
  type HookEvent,
  type Action,
  type HotkeyStatus,
  type NumberLimit,
  type Settings,
  type SettingsPatch,
  type Theme,
} from './bindings';
import { testsDraftOf, testsPatchOf, type TestsDraft } from './testsDraft';

/** The settings that are whole numbers: each has its limit in `SETTING_LIMITS`. */
export type NumberKey = {
  [K in keyof Settings & keyof typeof SETTING_LIMITS]: Settings[K] extends number ? K : never;
}[keyof Settings & keyof typeof SETTING_LIMITS];

/** Each number's field in the dialog. */
export const NUMBER_FIELDS: Record<NumberKey, { id: string; label: string; unit: string }> = {
  turn_minutes: { id: 'settings-turn-minutes', label: 'Turn length', unit: 'minutes' },
  extend_minutes: { id: 'settings-extend-minutes', label: 'Extend adds', unit: 'minutes' },
  warn_before_secs: { id: 'settings-warn-secs', label: 'Warn before the end', unit: 'seconds' },
  auto_start_grace_secs: { id: 'settings-grace', label: 'Grace period', unit: 'seconds' },
  break_every_minutes: { id: 'settings-break-every-minutes', label: 'A break every', unit: 'minutes' },
  break_every_turns: { id: 'settings-break-every-turns', label: 'Or every', unit: 'turns' },
  break_minutes: { id: 'settings-break-minutes', label: 'Break length', unit: 'minutes' },
  hook_timeout_secs: { id: 'hook-timeout', label: 'Time limit', unit: 'seconds' },
  escalation: { id: 'settings-escalation', label: 'When nobody takes over', unit: 'steps' },
};

/** The line under a number's field, where it needs one. */
export const NUMBER_HINTS: Partial<Record<NumberKey, string>> = {
  warn_before_secs: '0 = no warning',
  break_every_minutes: 'Of mob time; 0 = off',
  break_every_turns: '0 = off',
  hook_timeout_secs: 'A hook still running after this long is stopped; it never holds up the timer.',
};

/** How a refusal names each number. */
export const NUMBER_WORDS: Record<NumberKey, string> = {
  turn_minutes: 'the turn length',
  extend_minutes: 'the extension',
  warn_before_secs: 'the warning',
  auto_start_grace_secs: 'the grace period',
  break_every_minutes: 'the minutes between breaks',
  break_every_turns: 'the turns between breaks',
  break_minutes: 'the break length',
  hook_timeout_secs: 'the hook time limit',
  escalation: 'how far the reminder goes',
};

/**
 * How far the reminder goes while nobody takes over, by the `escalation` setting's value: one
 * step a minute, each adding to the one before (crates/mobflow-api/src/alert.rs).
 */
export const ESCALATION_WORDS: readonly string[] = [
  'The same chime every minute',
  'A louder chime after a minute',
  'Louder, then three chimes',
  'Louder, three chimes, then the hand-over shown again',
];

const NUMBER_KEYS = Object.keys(NUMBER_WORDS) as NumberKey[];

export interface SettingsDraft {
  /** Null: the field is empty (or not a number). */
  numbers: Record<NumberKey, number | null>;
  autoStart: boolean;
  sound: boolean;
  miniRetro: boolean;
  theme: Theme;
  /** As typed, blank rows too; a row is an object, so a list keyed by row keeps its fields. */
  roles: { name: string }[];
  /** Every action has a row, set or not, in the order Settings lists them. */
  shortcuts: Record<Action, string>;
  /** Every event has a row, set or not. */
  hooks: Record<HookEvent, Hook>;
  /** The test command (lib/testsDraft.ts). */
  tests: TestsDraft;
}

const NO_HOOK: Hook = { command: '', cwd: '' };

/** A draft of `settings`, with a row for each of `actions` and `events`. */
export function draftOf(
  settings: Settings,
  actions: readonly Action[],
  events: readonly HookEvent[],
): SettingsDraft {
  return {
    numbers: Object.fromEntries(NUMBER_KEYS.map((key) => [key, settings[key]])) as Record<
      NumberKey,
      number
    >,
    autoStart: settings.auto_start,
    sound: settings.sound,
    miniRetro: settings.mini_retro,
    theme: settings.theme,
    roles: settings.roles.map((name) => ({ name })),
    shortcuts: Object.fromEntries(
      actions.map((action) => [action, settings.shortcuts[action] ?? '']),
    ) as Record<Action, string>,
    hooks: Object.fromEntries(
      events.map((event) => [event, { ...(settings.hooks[event] ?? NO_HOOK) }]),
    ) as Record<HookEvent, Hook>,
    tests: testsDraftOf(settings.tests),
  };
}

/** The smallest value a number field offers: 0 where 0 means off. */
export function lowest(limit: NumberLimit): number {
  return limit.zero_ok ? 0 : limit.min;
}

/** "a whole number from 1 to 60", "0 (off) or a whole number from 10 to 240". */
export function limitWords(limit: NumberLimit): string {
  const range = `a whole number from ${limit.min} to ${limit.max}`;
  return limit.zero_ok ? `0 (off) or ${range}` : range;
}

/** Whether `value` is one the core accepts for a setting with this limit. */
export function allowed(limit: NumberLimit, value: number | null): value is number {
  if (value === null || !Number.isInteger(value)) return false;
  return (value >= limit.min && value <= limit.max) || (limit.zero_ok && value === 0);
}

/** Why the number `key` cannot be saved, or null when it can. */
export function numberError(key: NumberKey, value: number | null): string | null {
  const limit = SETTING_LIMITS[key];
  return allowed(limit, value) ? null : `Enter ${NUMBER_WORDS[key]} as ${limitWords(limit)}.`;
}

export type PatchResult = { patch: SettingsPatch; error: null } | { patch: null; error: string };

/** A patch that changes nothing. */
function emptyPatch(): SettingsPatch {
  return {
    turn_minutes: null,
    extend_minutes: null,
    auto_start: null,
    auto_start_grace_secs: null,
    break_every_minutes: null,
    break_every_turns: null,
    break_minutes: null,
    warn_before_secs: null,
    sound: null,
    mini_retro: null,
    roles: null,
    shortcuts: null,
    hooks: null,
    hook_timeout_secs: null,
    theme: null,
    escalation: null,
  };
}

export function isEmpty(patch: SettingsPatch): boolean {
  return Object.values(patch).every((v) => v === null);
}

/**
 * The patch from `saved` to `draft`: only the changed fields. Or the first reason it cannot
 * be saved: a number outside its limits, or one shortcut for two actions (`label` names them).
 */
export function patchOf(
  draft: SettingsDraft,
  saved: Settings,
  label: (action: Action) => string,
): PatchResult {
  const p = emptyPatch();
  for (const key of NUMBER_KEYS) {
    const value = draft.numbers[key];
    const error = numberError(key, value);
    if (error !== null) return { patch: null, error };
    if (value !== saved[key]) p[key] = value;
  }
  if (draft.autoStart !== saved.auto_start) p.auto_start = draft.autoStart;
  if (draft.sound !== saved.sound) p.sound = draft.sound;
  if (draft.miniRetro !== saved.mini_retro) p.mini_retro = draft.miniRetro;
  if (draft.theme !== saved.theme) p.theme = draft.theme;
  // Blank rows are left out rather than refused.
  const names = draft.roles.map((r) => r.name.trim()).filter((n) => n !== '');
  if (JSON.stringify(names) !== JSON.stringify(saved.roles)) p.roles = names;

  // The backend writes shortcuts one way and refuses one shortcut for two actions; the
  // plain case is caught here, so the message can name both actions.
  const seen = new Map<string, Action>();
  const keys: Partial<Record<Action, string>> = {};
  for (const action of Object.keys(draft.shortcuts) as Action[]) {
    const text = draft.shortcuts[action].trim();
    const other = seen.get(text.toLowerCase());
    if (other !== undefined) {
      return { patch: null, error: `${text} is set for both ${label(other)} and ${label(action)}.` };
    }
    if (text !== '') seen.set(text.toLowerCase(), action);
    if (text !== (saved.shortcuts[action] ?? '')) keys[action] = text;
  }
  if (Object.keys(keys).length > 0) p.shortcuts = keys;

  // An empty command removes the hook (its folder goes with it).
  const changed: Partial<Record<HookEvent, Hook>> = {};
  for (const event of Object.keys(draft.hooks) as HookEvent[]) {
    const command = draft.hooks[event].command.trim();
    const cwd = command === '' ? '' : draft.hooks[event].cwd.trim();
    const was = saved.hooks[event] ?? NO_HOOK;
    if (command !== was.command || cwd !== was.cwd) changed[event] = { command, cwd };
  }
  if (Object.keys(changed).length > 0) p.hooks = changed;
  const tests = testsPatchOf(draft.tests, saved.tests);
  if (tests.error !== null) return { patch: null, error: tests.error };
  if (tests.patch !== null) p.tests = tests.patch;
  return { patch: p, error: null };
}

/** What a shortcut's row says beside it. */
export type ShortcutStatus = {
  kind: 'active' | 'inactive' | 'none' | 'pending';
  text: string;
  /** Why an inactive shortcut is not active. */
  reason?: string;
};

/**
 * What the row of `action` says: that the draft is not saved yet, or how the saved shortcut
 * fared when the shell registered it (`shell.list`: null until it is in; `shell.failed`:
 * asking for it failed).
 */
export function shortcutStatus(
  action: Action,
  draft: string,
  saved: Settings,
  shell: { list: HotkeyStatus[] | null; failed: boolean },
): ShortcutStatus {
  const text = draft.trim();
  const was = saved.shortcuts[action] ?? '';
  if (text !== was) {
    return { kind: 'pending', text: text === '' ? 'Removed on Save' : 'Takes effect on Save' };
  }
  if (was === '') return { kind: 'none', text: 'No shortcut' };
  if (shell.list === null) {
    return { kind: 'none', text: shell.failed ? 'Status unknown' : 'Checking…' };
  }
  const s = shell.list.find((status) => status.action === action);
  if (s === undefined || s.shortcut !== was) return { kind: 'none', text: 'Checking…' };
  if (s.registered) return { kind: 'active', text: 'Active' };
  return { kind: 'inactive', text: 'Not active:', reason: s.error ?? 'it could not be registered.' };
}
