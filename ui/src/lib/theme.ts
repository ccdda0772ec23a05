// Light or dark: the theme setting on the page's root. `system` leaves it to the desktop
// (app.css follows `prefers-color-scheme` through `color-scheme: light dark`).
import type { Theme } from './bindings';

export function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
}
