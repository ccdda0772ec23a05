import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTING_LIMITS, type Action, type HotkeyStatus, type Settings } from './bindings';
import {
  ESCALATION_WORDS,
  NUMBER_FIELDS,
  draftOf,
  isEmpty,
  lowest,
  numberError,
  patchOf,
  shortcutStatus,
  type NumberKey,
} from './settingsDraft';

const ACTIONS: Action[] = ['toggle', 'next', 'skip'];
const label = (action: Action): string => `<${action}>`;

function saved(): Settings {
  return {
    turn_minutes: 12,
    extend_minutes: 2,
    auto_start: true,
    auto_start_grace_secs: 20,
    break_every_minutes: 0,
    break_every_turns: 4,
    break_minutes: 7,
    warn_before_secs: 0,
    sound: false,
    mini_retro: false,
    roles: ['researcher'],
    shortcuts: { toggle: 'Ctrl+Alt+Shift+Space', next: '' },
    hooks: { turn_end: { command: 'mob next', cwd: '/tmp' } },
    hook_timeout_secs: 30,
    autostart: false,
    theme: 'system',
    tests: {
      command: '',
      cwd: '',
      watch: [],
      debounce_ms: 500,
      timeout_secs: 300,
      evidence: false,
      rotate_at_green: false,
      green_grace_minutes: 5,
    },
    escalation: 2,
  };
}

const draft = () => draftOf(saved(), ACTIONS, ['turn_start', 'turn_end']);
const keys = Object.keys(NUMBER_FIELDS) as NumberKey[];

test('a draft has a row for every action and event, set or not', () => {
  const d = draft();
  assert.deepEqual(d.shortcuts, { toggle: 'Ctrl+Alt+Shift+Space', next: '', skip: '' });
  assert.deepEqual(d.hooks, {
    turn_start: { command: '', cwd: '' },
    turn_end: { command: 'mob next', cwd: '/tmp' },
  });
  assert.deepEqual(d.roles, [{ name: 'researcher' }]);
  assert.equal(d.numbers.turn_minutes, 12, 'the numbers start as saved');
});

test('an untouched draft saves nothing', () => {
  const result = patchOf(draft(), saved(), label);
  assert.equal(result.error, null);
  assert.ok(result.patch !== null && isEmpty(result.patch), 'nothing changed, nothing to send');
});

test('every number the fields offer within the limits is saved, and no other', () => {
  assert.deepEqual(
    [...keys].sort(),
    Object.keys(SETTING_LIMITS)
      .filter((k) => typeof SETTING_LIMITS[k as keyof typeof SETTING_LIMITS] === 'object')
      // The test command's numbers have their own section (TestSettings.svelte).
      .filter((k) => !k.startsWith('test_'))
      .sort(),
    'every numeric limit from Rust has a field here',
  );
  for (const key of keys) {
    const limit = SETTING_LIMITS[key];
    // What the field's arrows offer: from `lowest` to `max`, and one past either end.
    for (let value = lowest(limit) - 1; value <= limit.max + 1; value++) {
      const d = draft();
      d.numbers[key] = value;
      const result = patchOf(d, saved(), label);
      const ok = (value >= limit.min && value <= limit.max) || (limit.zero_ok && value === 0);
      if (ok) {
        assert.equal(result.error, null, `${key} = ${value} is within the limits`);
        const sent = result.patch?.[key] ?? saved()[key];
        assert.equal(sent, value, `${key} = ${value} is what gets saved`);
      } else {
        assert.equal(result.error, numberError(key, value), `${key} = ${value} is refused`);
        assert.notEqual(result.error, null, `${key} = ${value} is outside the limits`);
      }
    }
  }
});

test('a refused number says which setting and what it may be', () => {
  const d = draft();
  d.numbers.break_every_minutes = 5;
  assert.equal(
    patchOf(d, saved(), label).error,
    'Enter the minutes between breaks as 0 (off) or a whole number from 10 to 240.',
  );
  d.numbers.break_every_minutes = 0;
  d.numbers.turn_minutes = null;
  assert.equal(
    patchOf(d, saved(), label).error,
    'Enter the turn length as a whole number from 1 to 60.',
    'an empty field is refused too',
  );
  d.numbers.turn_minutes = 2.5;
  assert.match(patchOf(d, saved(), label).error ?? '', /turn length as a whole number/);
});

test('only what changed is sent', () => {
  const d = draft();
  d.numbers.turn_minutes = 15;
  d.sound = true;
  d.roles = [{ name: '  facilitator ' }, { name: '   ' }, { name: 'researcher' }];
  const { patch } = patchOf(d, saved(), label);
  assert.ok(patch !== null);
  assert.equal(patch.turn_minutes, 15);
  assert.equal(patch.extend_minutes, null, 'an unchanged number is left out');
  assert.equal(patch.sound, true);
  assert.equal(patch.auto_start, null);
  assert.deepEqual(patch.roles, ['facilitator', 'researcher'], 'trimmed; blank rows left out');
  assert.equal(patch.shortcuts, null);
  assert.equal(patch.hooks, null);
});

test('one shortcut for two actions is refused, naming both, whatever the case', () => {
  const d = draft();
  d.shortcuts.skip = ' ctrl+alt+shift+space ';
  assert.equal(
    patchOf(d, saved(), label).error,
    'ctrl+alt+shift+space is set for both <toggle> and <skip>.',
  );
  d.shortcuts.skip = 'Ctrl+Alt+S';
  d.shortcuts.toggle = '';
  assert.deepEqual(
    patchOf(d, saved(), label).patch?.shortcuts,
    { toggle: '', skip: 'Ctrl+Alt+S' },
    'a removed and an added shortcut; empty rows may repeat',
  );
});

test('hooks are trimmed, and an empty command takes its folder with it', () => {
  const d = draft();
  d.hooks.turn_start = { command: ' make test ', cwd: ' /home/me ' };
  d.hooks.turn_end = { command: ' ', cwd: '/tmp' };
  assert.deepEqual(patchOf(d, saved(), label).patch?.hooks, {
    turn_start: { command: 'make test', cwd: '/home/me' },
    turn_end: { command: '', cwd: '' },
  });
});

test('a shortcut row says whether its shortcut is active, or that the draft is not saved', () => {
  const shell = (list: HotkeyStatus[] | null, failed = false) => ({ list, failed });
  const status = (action: Action, registered: boolean, error: string | null = null) => ({
    action,
    shortcut: saved().shortcuts[action] ?? '',
    registered,
    error,
  });
  const say = (action: Action, draft: string, s: ReturnType<typeof shell>) => {
    const { kind, text, reason } = shortcutStatus(action, draft, saved(), s);
    return [kind, text, reason].filter(Boolean).join(' ');
  };
  const on = 'Ctrl+Alt+Shift+Space';
  assert.equal(say('toggle', 'Ctrl+Alt+T', shell(null)), 'pending Takes effect on Save');
  assert.equal(say('toggle', ' ', shell(null)), 'pending Removed on Save');
  assert.equal(say('next', '', shell(null)), 'none No shortcut');
  assert.equal(say('toggle', on, shell(null)), 'none Checking…', 'the list is not in yet');
  assert.equal(say('toggle', on, shell(null, true)), 'none Status unknown');
  assert.equal(say('toggle', on, shell([])), 'none Checking…', 'not registered yet');
  assert.equal(say('toggle', ` ${on} `, shell([status('toggle', true)])), 'active Active');
  assert.equal(
    say('toggle', on, shell([status('toggle', false, 'taken by another program')])),
    'inactive Not active: taken by another program',
  );
  assert.equal(
    say('toggle', on, shell([status('toggle', false)])),
    'inactive Not active: it could not be registered.',
  );
});

test('the reminder offers a word for every step the core accepts', () => {
  const limit = SETTING_LIMITS.escalation;
  assert.equal(limit.zero_ok, true, '0: it never grows');
  assert.equal(limit.min, 1);
  assert.equal(
    ESCALATION_WORDS.length,
    limit.max + 1,
    'one choice for 0 and each step up to the last the core accepts',
  );
  for (let value = 0; value <= limit.max; value += 1) {
    assert.equal(numberError('escalation', value), null, `${value} is offered, so it saves`);
  }
});
