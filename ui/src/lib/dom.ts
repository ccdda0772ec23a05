import { tick } from 'svelte';

const NON_TEXT_INPUTS = new Set([
  'button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit',
]);

/** True when keys typed at `target` are text for a field, not shortcuts. */
export function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLElement && target.isContentEditable;
}

const ACTIVATABLE = [
  'button',
  'a[href]',
  'summary',
  '[role="button"]',
  '[role="tab"]',
  'input[type="checkbox"]',
  'input[type="radio"]',
].join(', ');

/** True when Space at `target` already does something by itself (presses a button, ticks a box). */
export function isActivatable(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(ACTIVATABLE) !== null;
}

/** Attachment: focus the element when it appears, unless someone is typing in a field. */
export function takeFocus(el: HTMLElement): void {
  if (!isTextField(document.activeElement)) el.focus();
}

/** Focuses `target()` once the page shows the change just made (the element may be new). */
export async function focusAfterUpdate(target: () => HTMLElement | null | undefined): Promise<void> {
  await tick();
  target()?.focus();
}
