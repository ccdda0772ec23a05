// The choice of monitor for the hand-over and the mini timer, as the Settings dialog offers it.
// No Svelte and no IPC here (tested under Node).
import type { MonitorView, ScreenChoice, ScreensView } from './bindings';

/** Which window a choice is for. */
export type Which = keyof ScreenChoice;

/** What "no monitor chosen" means for each window. */
const ANY: Record<Which, string> = {
  handover: 'Every monitor',
  mini: 'Where it was put',
};

export interface Option {
  /** The monitor's name; '' for no choice. */
  value: string;
  label: string;
}

function describe(m: MonitorView): string {
  const size = `${m.width}×${m.height}`;
  return m.primary ? `${m.name} (${size}, primary)` : `${m.name} (${size})`;
}

/**
 * The options for `which`: no choice, then each connected monitor with a name, then the one
 * remembered if it is not connected now (kept until another is chosen; meanwhile the window
 * goes where no choice would put it).
 */
export function monitorOptions(view: ScreensView, which: Which): Option[] {
  const named = view.monitors.filter((m): m is MonitorView & { name: string } => m.name !== null);
  const options: Option[] = [{ value: '', label: ANY[which] }];
  options.push(...named.map((m) => ({ value: m.name, label: describe(m) })));
  const chosen = view.choice[which];
  if (chosen !== null && !named.some((m) => m.name === chosen)) {
    options.push({ value: chosen, label: `${chosen} (not connected)` });
  }
  return options;
}

/** The choice the dialog's fields hold ('' is no choice). */
export function choiceOf(fields: Record<Which, string>): ScreenChoice {
  return {
    handover: fields.handover === '' ? null : fields.handover,
    mini: fields.mini === '' ? null : fields.mini,
  };
}

/** The fields for a choice. */
export function fieldsOf(choice: ScreenChoice): Record<Which, string> {
  return { handover: choice.handover ?? '', mini: choice.mini ?? '' };
}

export function sameChoice(a: ScreenChoice, b: ScreenChoice): boolean {
  return a.handover === b.handover && a.mini === b.mini;
}
