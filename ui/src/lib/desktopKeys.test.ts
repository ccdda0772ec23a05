import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BIND_COMMANDS, reservedBy, reservedWarning } from './desktopKeys';

test('combinations the desktop keeps are found however they are typed', () => {
  for (const [typed, part] of [
    ['Ctrl+Alt+F9', 'virtual terminal'],
    ['alt + ctrl + f1', 'virtual terminal'],
    ['Control+Alt+Delete', 'logs out'],
    ['Super+L', 'locks the screen'],
    ['meta+l', 'locks the screen'],
    ['Ctrl+Alt+Backspace', 'X session'],
    ['Ctrl+Alt+T', 'terminal'],
  ] as const) {
    assert.match(reservedBy(typed) ?? '', new RegExp(part), `${typed} is the desktop's`);
  }
  for (const free of ['Ctrl+Alt+Shift+N', 'Ctrl+Alt+F13', 'Ctrl+Alt+Shift+F9', 'F9', '', 'Ctrl+']) {
    assert.equal(reservedBy(free), null, `${JSON.stringify(free)} is free`);
  }
  assert.equal(
    reservedWarning(' Ctrl+Alt+F9 '),
    'The desktop keeps Ctrl+Alt+F9: it switches to a text console (a virtual terminal). Pick another.',
  );
});

test('every action has a command to bind where global shortcuts cannot work', () => {
  for (const [action, command] of Object.entries(BIND_COMMANDS)) {
    assert.match(command, /^mobflow [a-z]+$/, `${action}: one mobflow command`);
  }
});
