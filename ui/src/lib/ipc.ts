// The only place that talks to the Rust side.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ApiError, Command, Snapshot } from './bindings';

/** True inside the Tauri webview; false when the page is opened in a plain browser. */
export function inTauri(): boolean {
  return '__TAURI_INTERNALS__' in window;
}

export function getSnapshot(): Promise<Snapshot> {
  return invoke<Snapshot>('snapshot');
}

/** Runs a command; resolves to the new snapshot or rejects with an ApiError. */
export function dispatch(command: Command): Promise<Snapshot> {
  return invoke<Snapshot>('dispatch', { command });
}

/** Calls `cb` with every snapshot the backend pushes; resolves to the unsubscribe function. */
export function onSnapshot(cb: (snapshot: Snapshot) => void): Promise<UnlistenFn> {
  return listen<Snapshot>('snapshot', (event) => cb(event.payload));
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The text to show a person for a rejected call. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  if (typeof err === 'string' && err !== '') return err;
  return 'Something went wrong talking to Mobflow.';
}
