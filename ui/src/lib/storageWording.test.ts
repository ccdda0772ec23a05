import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageView } from './bindings';
import { storageBanner } from './storageWording';

const at = (rfc3339: string | null): string => (rfc3339 === null ? '' : rfc3339.slice(11, 16));

test('the banner names the time, the reason and what waits', () => {
  const failing: StorageView = {
    ok: false,
    reason: 'database is locked',
    pending: 3,
    since: '2026-11-28T14:02:10Z',
  };
  assert.equal(
    storageBanner(failing, at),
    'History not saved since 14:02: database is locked; 3 changes waiting',
  );
  assert.equal(
    storageBanner({ ...failing, pending: 1 }, at),
    'History not saved since 14:02: database is locked; 1 change waiting',
    'one change, singular',
  );
  assert.equal(
    storageBanner({ ...failing, pending: 0, since: null }, at),
    'History not saved: database is locked; 0 changes waiting',
    'a failed heartbeat leaves no change waiting, and no time to name',
  );
});

test('no banner while writes work, even when one is slow', () => {
  assert.equal(storageBanner({ ok: true, reason: null, pending: 0, since: null }, at), null);
  assert.equal(
    storageBanner({ ok: true, reason: null, pending: 2, since: '2026-11-28T14:02:10Z' }, at),
    null,
    'a write in progress is not a failure',
  );
});
