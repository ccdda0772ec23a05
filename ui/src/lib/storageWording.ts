// What the main window says while changes do not reach the database.
import type { StorageView } from './bindings';
import { clockTime } from './time';

/**
 * The banner's line, "History not saved since 14:02: database is locked; 3 changes waiting",
 * or null while writes work (a write that is merely slow shows nothing).
 */
export function storageBanner(
  storage: StorageView,
  time: (rfc3339: string | null) => string = clockTime,
): string | null {
  if (storage.ok) return null;
  const waiting =
    storage.pending === 1 ? '1 change waiting' : `${storage.pending} changes waiting`;
  const at = time(storage.since);
  const since = at === '' ? '' : ` since ${at}`;
  const reason = storage.reason ?? 'the database cannot be written';
  return `History not saved${since}: ${reason}; ${waiting}`;
}

/** What happens meanwhile, said once under the line. */
export const STORAGE_PROMISE =
  'Mobflow keeps going and saves every change, in order, as soon as the database can be written again.';
