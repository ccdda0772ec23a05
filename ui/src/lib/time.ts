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

/** "10:42", the local time of an RFC 3339 instant; empty when it cannot be read. */
export function clockTime(rfc3339: string | null): string {
  if (rfc3339 === null) return '';
  const at = new Date(rfc3339);
  return Number.isNaN(at.getTime())
    ? ''
    : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
