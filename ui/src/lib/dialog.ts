// A modal <dialog> that reports its outcome once, however it closes: a button, Escape (the
// `cancel` event) or the browser (the `close` event).

export interface Closer<T> {
  /** Closes the dialog (if open) and reports `result`; later calls do nothing. */
  close: (result: T) => void;
  /** For `oncancel`: Escape reports `cancelled` instead of closing silently. */
  onCancel: (event: Event) => void;
}

export function closer<T>(
  dialog: () => HTMLDialogElement | undefined,
  onclose: (result: T) => void,
  cancelled: T,
): Closer<T> {
  let closed = false;
  const close = (result: T): void => {
    if (closed) return;
    closed = true;
    const el = dialog();
    if (el?.open) el.close();
    onclose(result);
  };
  return {
    close,
    onCancel: (event: Event) => {
      event.preventDefault();
      close(cancelled);
    },
  };
}
