// What a live region says. A message is said again when it is the one already shown: the
// region is emptied for a moment first, or a screen reader would hear no change.
import { tick } from 'svelte';

export class LiveText {
  /** The region's text; null when it says nothing. */
  text = $state<string | null>(null);

  async announce(message: string): Promise<void> {
    if (this.text === message) {
      this.text = null;
      await tick();
    }
    this.text = message;
  }

  clear(): void {
    this.text = null;
  }
}
