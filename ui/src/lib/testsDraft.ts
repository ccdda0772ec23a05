// The test command's part of the Settings dialog's draft (see settingsDraft.ts): what its
// fields hold, their checks, and the part of the patch that saves them. Pure: tested under Node.
import { SETTING_LIMITS, type NumberLimit, type TestSettings, type TestSettingsPatch } from './bindings';

export interface TestsDraft {
  command: string;
  cwd: string;
  /** One glob a line, as typed. */
  watch: string;
  debounceMs: number | null;
  timeoutSecs: number | null;
  graceMinutes: number | null;
  evidence: boolean;
  rotateAtGreen: boolean;
}

export function testsDraftOf(t: TestSettings): TestsDraft {
  return {
    command: t.command,
    cwd: t.cwd,
    watch: t.watch.join('\n'),
    debounceMs: t.debounce_ms,
    timeoutSecs: t.timeout_secs,
    graceMinutes: t.green_grace_minutes,
    evidence: t.evidence,
    rotateAtGreen: t.rotate_at_green,
  };
}

/** The test numbers' fields: their limit and how a refusal names them. */
export const TEST_NUMBERS = {
  debounceMs: { limit: SETTING_LIMITS.test_debounce_ms, words: 'the test debounce' },
  timeoutSecs: { limit: SETTING_LIMITS.test_timeout_secs, words: 'the test time limit' },
  graceMinutes: { limit: SETTING_LIMITS.test_green_grace_minutes, words: 'the wait for green' },
} as const satisfies Record<string, { limit: NumberLimit; words: string }>;

type NumberField = keyof typeof TEST_NUMBERS;

function numberOk(limit: NumberLimit, value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value >= limit.min && value <= limit.max;
}

/**
 * The test settings' part of the patch: only what changed (null when nothing did), or the
 * first reason it cannot be saved.
 */
export function testsPatchOf(
  d: TestsDraft,
  saved: TestSettings,
): { patch: TestSettingsPatch | null; error: string | null } {
  const numbers = { debounceMs: 0, timeoutSecs: 0, graceMinutes: 0 };
  for (const key of Object.keys(TEST_NUMBERS) as NumberField[]) {
    const { limit, words } = TEST_NUMBERS[key];
    const value = d[key];
    if (!numberOk(limit, value)) {
      return { patch: null, error: `Enter ${words} as a whole number from ${limit.min} to ${limit.max}.` };
    }
    numbers[key] = value;
  }
  const command = d.command.trim();
  const cwd = d.cwd.trim();
  if (command !== '' && cwd === '') {
    return { patch: null, error: 'Give the test command the folder it runs in.' };
  }
  if (cwd !== '' && !cwd.startsWith('/')) {
    return { patch: null, error: 'The test folder is a full path, such as /home/me/project.' };
  }
  const watch = d.watch
    .split('\n')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  const patch: TestSettingsPatch = {};
  if (command !== saved.command) patch.command = command;
  if (cwd !== saved.cwd) patch.cwd = cwd;
  if (JSON.stringify(watch) !== JSON.stringify(saved.watch)) patch.watch = watch;
  if (numbers.debounceMs !== saved.debounce_ms) patch.debounce_ms = numbers.debounceMs;
  if (numbers.timeoutSecs !== saved.timeout_secs) patch.timeout_secs = numbers.timeoutSecs;
  if (numbers.graceMinutes !== saved.green_grace_minutes) {
    patch.green_grace_minutes = numbers.graceMinutes;
  }
  if (d.evidence !== saved.evidence) patch.evidence = d.evidence;
  if (d.rotateAtGreen !== saved.rotate_at_green) patch.rotate_at_green = d.rotateAtGreen;
  return { patch: Object.keys(patch).length === 0 ? null : patch, error: null };
}
