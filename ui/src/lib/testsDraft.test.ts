import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTING_LIMITS, type TestSettings } from './bindings';
import { testsDraftOf, testsPatchOf } from './testsDraft';

const SAVED: TestSettings = {
  command: 'cargo test',
  cwd: '/work/p',
  watch: ['*.rs'],
  debounce_ms: 500,
  timeout_secs: 300,
  evidence: false,
  rotate_at_green: false,
  green_grace_minutes: 5,
};

test('an untouched draft changes nothing; only what changed is sent', () => {
  assert.deepEqual(testsPatchOf(testsDraftOf(SAVED), SAVED), { patch: null, error: null });
  const d = { ...testsDraftOf(SAVED), watch: ' *.rs\n\nsrc/**/*.py ', evidence: true };
  assert.deepEqual(testsPatchOf(d, SAVED), {
    patch: { watch: ['*.rs', 'src/**/*.py'], evidence: true },
    error: null,
  });
});

test('a command needs a full folder, and the numbers their limits', () => {
  const d = testsDraftOf(SAVED);
  assert.match(testsPatchOf({ ...d, cwd: '' }, SAVED).error ?? '', /folder it runs in/);
  assert.match(testsPatchOf({ ...d, cwd: 'p' }, SAVED).error ?? '', /full path/);
  const limit = SETTING_LIMITS.test_debounce_ms;
  for (const bad of [limit.min - 1, limit.max + 1, null, 1.5]) {
    assert.match(testsPatchOf({ ...d, debounceMs: bad }, SAVED).error ?? '', /debounce/, `${bad}`);
  }
  assert.equal(testsPatchOf({ ...d, debounceMs: limit.max }, SAVED).error, null);
  assert.deepEqual(
    testsPatchOf({ ...d, command: '  ' }, SAVED).patch,
    { command: '' },
    'an empty command turns the tests off (its folder may stay)',
  );
});
