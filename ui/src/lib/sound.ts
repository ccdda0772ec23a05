// The alert chime: two soft sine tones, made here (no audio files, no network). The shell plays
// it with the desktop's sound player (src-tauri/src/chime.rs makes the same tones); the main
// window plays it here only where no player could (Web Audio loads GStreamer into the web
// process, for the rest of the day). The audio context is woken for a chime and put back to sleep after it, so
// no audio thread runs between alerts.
import type { AlertKind } from './bindings';

/** Hz. Rising for "time to act", falling for the gentler early warning. */
const TONES: Record<AlertKind, [number, number]> = {
  warning: [783.99, 659.25], // G5 → E5
  turn_over: [659.25, 880], // E5 → A5
  overrun: [659.25, 880],
  break_over: [523.25, 783.99], // C5 → G5
};

/** Loudest point of each tone (full scale is 1); a reminder that has grown louder. */
const PEAK = 0.16;
const LOUD_PEAK = 0.5;
const GAP_S = 0.24;
const TONE_S = 0.9;
/** How long a chime lasts, end to end. */
export const CHIME_S = GAP_S + TONE_S;

/** The pause between chimes played in a row. */
const REPEAT_GAP_S = 0.35;

/** Puts the chime on `ctx`'s timeline, starting at `at` seconds (louder when `loud`). */
export function scheduleChime(ctx: BaseAudioContext, kind: AlertKind, at: number, loud = false): void {
  const peak = loud ? LOUD_PEAK : PEAK;
  TONES[kind].forEach((hz, i) => {
    const start = at + i * GAP_S;
    const osc = ctx.createOscillator();
    osc.type = 'sine';
    osc.frequency.value = hz;
    const gain = ctx.createGain();
    // A soft attack and a long fade: a chime, not a beep.
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(peak, start + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + TONE_S);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + TONE_S + 0.02);
  });
}

type AudioContextClass = typeof AudioContext;
let ctx: AudioContext | null = null;
let sleep: ReturnType<typeof setTimeout> | undefined;

/**
 * Plays the chime for `kind`, `times` in a row (louder when `loud`: the reminder while nobody
 * takes over grows); silently does nothing where there is no Web Audio.
 */
export function chime(kind: AlertKind, loud = false, times = 1): void {
  const Context: AudioContextClass | undefined =
    window.AudioContext ??
    (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  if (Context === undefined) return;
  try {
    ctx ??= new Context();
    const audio = ctx;
    clearTimeout(sleep);
    audio
      .resume()
      .then(() => {
        const count = Math.max(1, times);
        for (let i = 0; i < count; i += 1) {
          scheduleChime(audio, kind, audio.currentTime + 0.03 + i * (CHIME_S + REPEAT_GAP_S), loud);
        }
        const lasts = count * (CHIME_S + REPEAT_GAP_S);
        sleep = setTimeout(() => void audio.suspend().catch(() => undefined), (lasts + 0.5) * 1000);
      })
      .catch(() => undefined);
  } catch {
    // No sound device: the alert is still shown.
  }
}
