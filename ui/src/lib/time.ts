const pad = (n: number): string => String(n).padStart(2, '0');

/** Time left as MM:SS, rounded up to the whole second. */
export function clock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** Time waited as M:SS, counting whole seconds. */
export function waited(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return `${Math.floor(total / 60)}:${pad(total % 60)}`;
}

/**
 * A date format of the user's locale, made on first use and kept: making one costs about a
 * fifth of a millisecond, formatting with it next to nothing, and `toLocaleTimeString` with
 * options makes one each call (hundreds for a list of notes or a timeline).
 */
export function localFormat(options: Intl.DateTimeFormatOptions): (at: Date | number) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (at) => (format ??= new Intl.DateTimeFormat([], options)).format(at);
}

/** "10:42", the local time of an instant (ms since the epoch, or a Date). */
export const hourMinute = localFormat({ hour: '2-digit', minute: '2-digit' });

/** "10:42", the local time of an RFC 3339 instant; empty when it cannot be read. */
export function clockTime(rfc3339: string | null): string {
  if (rfc3339 === null) return '';
  const at = new Date(rfc3339);
  return Number.isNaN(at.getTime()) ? '' : hourMinute(at);
}
