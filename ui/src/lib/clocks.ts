// The clocks, which change once a second, kept out of Svelte's state. What shows them (a clock's
// characters, a progress bar, "starts in 12 s") follows them and writes the one thing it shows
// straight into its element: a tick runs no component, effect or block, only these few writes.
// In WebKit's interpreter (Mobflow turns the JIT off) Svelte's update of a derived clock through
// its state was about a fifth of the app's whole per-second cost (README, "What it costs all day").
import type { Attachment } from 'svelte/attachments';
import type { Tick } from './bindings';

/** The clocks a tick carries (a snapshot carries them too, under the same names). */
export type Clocks = Pick<Tick, 'remaining_ms' | 'handover_ms' | 'break_left_ms'>;

/** What shows a clock: it writes `now` into `element`. */
export type Show<E extends HTMLElement> = (element: E, now: Clocks) => void;

/** The latest clocks, and what shows them. One per page, in its `Mob`. */
export class LiveClocks {
  #now: Clocks = { remaining_ms: 0, handover_ms: 0, break_left_ms: 0 };
  readonly #shown = new Set<(now: Clocks) => void>();

  get now(): Clocks {
    return this.#now;
  }

  /** Takes the clocks of a snapshot or a tick and has everything that shows them show them. */
  set({ remaining_ms, handover_ms, break_left_ms }: Clocks): void {
    const was = this.#now;
    if (
      was.remaining_ms === remaining_ms &&
      was.handover_ms === handover_ms &&
      was.break_left_ms === break_left_ms
    ) {
      return;
    }
    this.#now = { remaining_ms, handover_ms, break_left_ms };
    for (const show of this.#shown) show(this.#now);
  }

  /** Calls `show` with each new value of the clocks, until the returned function is called. */
  follow(show: (now: Clocks) => void): () => void {
    this.#shown.add(show);
    return () => void this.#shown.delete(show);
  }
}

/**
 * An attachment (`{@attach live(clocks, show)}`) that shows the clocks in its element now and at
 * every tick. Now is inside Svelte's effect, so the state `show` reads (the timer's state, the
 * turn's length) is followed: when it changes the element is shown again and followed anew. At a
 * tick it runs outside any effect, as a plain function.
 */
export function live<E extends HTMLElement>(clocks: LiveClocks, show: Show<E>): Attachment<E> {
  return (element) => {
    show(element, clocks.now);
    return clocks.follow((now) => show(element, now));
  };
}

/**
 * Shows `text` as one box per character (`<span class="char">`, `digit` for 0–9), keeping the
 * boxes there are: a new second rewrites only the text of the characters that changed (usually
 * the last digit), so WebKit restyles and repaints that box alone.
 */
export function showChars(element: HTMLElement, text: string): void {
  const chars = [...text];
  const boxes = element.children;
  while (boxes.length > chars.length) boxes[boxes.length - 1].remove();
  chars.forEach((char, i) => {
    const box = boxes.item(i);
    if (box === null) {
      const made = element.ownerDocument.createElement('span');
      made.className = isDigit(char) ? 'char digit' : 'char';
      made.append(char);
      element.append(made);
      return;
    }
    const node = box.firstChild;
    if (node instanceof Text) {
      if (node.data === char) return;
      node.data = char;
    } else {
      box.textContent = char;
    }
    box.classList.toggle('digit', isDigit(char));
  });
}

/** Sets an element's text when it differs (one text node, kept). */
export function showText(element: HTMLElement, text: string): void {
  const node = element.firstChild;
  if (node instanceof Text && node.nextSibling === null) {
    if (node.data !== text) node.data = text;
  } else if (element.textContent !== text) {
    element.textContent = text;
  }
}

const isDigit = (char: string): boolean => char >= '0' && char <= '9';
