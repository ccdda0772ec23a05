import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScreensView } from './bindings';
import { choiceOf, fieldsOf, monitorOptions, sameChoice } from './screens';

const desk = (choice: ScreensView['choice']): ScreensView => ({
  monitors: [
    { name: 'eDP-1', primary: true, width: 1280, height: 800 },
    { name: 'HDMI-1', primary: false, width: 1920, height: 1080 },
    { name: null, primary: false, width: 800, height: 600 },
  ],
  choice,
});

test('each window offers no choice, then every named monitor', () => {
  const view = desk({ handover: null, mini: null });
  assert.deepEqual(monitorOptions(view, 'handover'), [
    { value: '', label: 'Every monitor' },
    { value: 'eDP-1', label: 'eDP-1 (1280×800, primary)' },
    { value: 'HDMI-1', label: 'HDMI-1 (1920×1080)' },
  ]);
  assert.equal(monitorOptions(view, 'mini')[0].label, 'Where it was put');
});

test('a remembered monitor that is not connected stays offered, marked', () => {
  const options = monitorOptions(desk({ handover: 'DP-3', mini: 'HDMI-1' }), 'handover');
  assert.deepEqual(options.at(-1), { value: 'DP-3', label: 'DP-3 (not connected)' });
  assert.equal(
    monitorOptions(desk({ handover: 'DP-3', mini: 'HDMI-1' }), 'mini').length,
    3,
    'a connected choice is not offered twice',
  );
});

test('the fields read back as the choice', () => {
  const choice = { handover: 'HDMI-1', mini: null };
  assert.deepEqual(fieldsOf(choice), { handover: 'HDMI-1', mini: '' });
  assert.deepEqual(choiceOf(fieldsOf(choice)), choice);
  assert.equal(sameChoice(choice, { handover: 'HDMI-1', mini: null }), true);
  assert.equal(sameChoice(choice, { handover: null, mini: null }), false);
});
