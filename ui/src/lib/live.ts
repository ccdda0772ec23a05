// For the extra windows (mini timer, hand-over screen): load the state once, then follow the
// pushes. A failed load is shown and tried again a little later: these windows have no one
// sitting at them to press "Try again".
import type { UnlistenFn } from '@tauri-apps/api/event';
import type { BoardState } from './board.svelte';
import { errorMessage, getSnapshot, onBoard, onSnapshot } from './ipc';
import type { Mob } from './mob.svelte';

const RETRY_MS = 3000;

/** Starts following; calls `loaded` once the first snapshot is in. Returns the way to stop. */
export function follow(mob: Mob, board: BoardState | null, loaded: () => void): () => void {
  let offs: UnlistenFn[] = [];
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  async function start(): Promise<void> {
    try {
      if (offs.length === 0) {
        const next = await Promise.all([
          onSnapshot(
            (snapshot) => mob.apply(snapshot),
            (tick) => mob.tick(tick),
          ),
          ...(board === null ? [] : [onBoard((view) => board.apply(view))]),
        ]);
        if (closed) {
          next.forEach((off) => off());
          return;
        }
        offs = next;
      }
      const [snapshot] = await Promise.all([getSnapshot(), board?.refresh()]);
      if (closed) return;
      mob.apply(snapshot);
      mob.dismissError();
      loaded();
    } catch (err) {
      if (closed) return;
      await mob.report(errorMessage(err));
      retry = setTimeout(() => void start(), RETRY_MS);
    }
  }

  void start();
  return () => {
    closed = true;
    clearTimeout(retry);
    offs.forEach((off) => off());
  };
}
