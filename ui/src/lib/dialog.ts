// A modal <dialog> that reports its outcome once, however it closes: a button, Escape (the
// `cancel` event) or the browser (the `close` event).
//
//   const modal = modalDialog<boolean>((saved) => onclose(saved), false);
//   <dialog {...modal.events} {@attach modal.open((el) => el.querySelector('input')?.focus())}>

export interface ModalDialog<T> {
  /** Closes the dialog (if open) and reports `result`; later calls do nothing. */
  close: (result: T) => void;
  /** To spread on the <dialog>: Escape and the browser closing it report `cancelled`. */
  events: { oncancel: (event: Event) => void; onclose: () => void };
  /** An attachment for the <dialog>: opens it as a modal, then `opened` puts the focus. */
  open: (opened?: (el: HTMLDialogElement) => void) => (el: HTMLDialogElement) => void;
}

export function modalDialog<T>(onclose: (result: T) => void, cancelled: T): ModalDialog<T> {
  let dialog: HTMLDialogElement | null = null;
  let closed = false;
  const close = (result: T): void => {
    if (closed) return;
    closed = true;
    if (dialog?.open) dialog.close();
    onclose(result);
  };
  return {
    close,
    events: {
      oncancel: (event: Event) => {
        event.preventDefault();
        close(cancelled);
      },
      onclose: () => close(cancelled),
    },
    open: (opened) => (el) => {
      dialog = el;
      el.showModal();
      opened?.(el);
    },
  };
}
