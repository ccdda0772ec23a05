import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Action, TimerState } from './bindings';
import {
  HANDOVER_SETTLE_MS,
  Settle,
  ariaChord,
  chordOf,
  clickActs,
  handoverHint,
  handoverKey,
  pressOf,
  singleKeyActs,
  waitsToSettle,
  type HandoverKeys,
  type Press,
} from './keyguard';

/** A fake clock for a settle time. */
function clock(): { now: () => number; step: (ms: number) => void } {
  let t = 10_000;
  return { now: () => t, step: (ms) => (t += ms) };
}

/** A key press as a keyboard makes it: `key` with its `code` and modifiers. */
function press(key: string, code: string, mods: Partial<Press> & { shift?: boolean } = {}): Press {
  return pressOf({
    key,
    code,
    repeat: mods.repeat ?? false,
    ctrlKey: mods.ctrl ?? false,
    altKey: mods.alt ?? false,
    shiftKey: mods.shift ?? false,
    metaKey: mods.meta ?? false,
  });
}

const NEXT = 'Ctrl+Alt+Shift+N';
const settled: HandoverKeys = { settled: true, startChord: NEXT, canStart: true, onButton: false };

/** What a line of code, typed at speed, is as key presses. */
function typing(line: string): Press[] {
  return [...line].map((c) => {
    if (c === ' ') return press(' ', 'Space');
    if (c === '\n') return press('Enter', 'Enter');
    if (c === '\t') return press('Tab', 'Tab');
    if (/[a-z]/.test(c)) return press(c, `Key${c.toUpperCase()}`);
    if (/[A-Z]/.test(c)) return press(c, `Key${c}`, { shift: true });
    return press(c, 'Semicolon');
  });
}

test('a settle time swallows keys until a moment after the last one', () => {
  const c = clock();
  const settle = new Settle(HANDOVER_SETTLE_MS, c.now);
  assert.equal(settle.settled(), true, 'nothing armed: settled');
  settle.arm();
  assert.equal(settle.keyMayAct(), false, 'a key right away is swallowed');
  c.step(HANDOVER_SETTLE_MS - 1);
  assert.equal(settle.keyMayAct(), false, 'still typing: swallowed, and the settle lasts on');
  c.step(HANDOVER_SETTLE_MS - 1);
  assert.equal(settle.settled(), false, 'a key during the settle time made it last');
  c.step(1);
  assert.equal(settle.settled(), true, 'a pause as long as the settle time ends it');
  assert.equal(settle.keyMayAct(), true);
  settle.arm();
  settle.clear();
  assert.equal(settle.keyMayAct(), true, 'a click in the window ends it at once');
});

test('during the settle time the hand-over swallows every key, even its own chord', () => {
  const unsettled = { ...settled, settled: false };
  for (const p of [...typing('fn main() {\n\tlet n = 1;\n}'), press('n', 'KeyN', { ctrl: true, alt: true, shift: true })]) {
    assert.equal(handoverKey(p, unsettled), 'swallow', `${p.key} during the settle time`);
    assert.equal(handoverKey(p, { ...unsettled, onButton: true }), 'swallow', `${p.key} on a button`);
  }
});

test('after it, code typed at the hand-over never starts, skips or hides', () => {
  const line = typing('if x { next(); }\n\tskip = true; e.start()\n');
  for (const p of [...line, press('Escape', 'Escape')]) {
    for (const onButton of [false, true]) {
      const verdict = handoverKey(p, { ...settled, onButton });
      assert.ok(
        verdict === 'swallow' || verdict === 'refuse' || verdict === 'pass',
        `${JSON.stringify(p.key)} (on a button: ${onButton}) does nothing: ${verdict}`,
      );
    }
  }
  assert.equal(handoverKey(press('Enter', 'Enter'), { ...settled, onButton: true }), 'refuse');
  assert.equal(handoverKey(press(' ', 'Space'), { ...settled, onButton: true }), 'refuse');
  assert.equal(handoverKey(press('Escape', 'Escape'), settled), 'swallow', 'Esc hides nothing');
  assert.equal(
    handoverKey(press('Enter', 'Enter', { repeat: true, ctrl: true }), { ...settled, onButton: true }),
    'swallow',
    'a held key never presses',
  );
});

test('a deliberate chord starts the next turn or presses the focused button', () => {
  const chord = press('N', 'KeyN', { ctrl: true, alt: true, shift: true });
  assert.equal(chord.chord, NEXT);
  assert.equal(handoverKey(chord, settled), 'start', 'the "next" shortcut starts');
  assert.equal(handoverKey(chord, { ...settled, canStart: false }), 'pass', 'not during a break');
  assert.equal(handoverKey(chord, { ...settled, startChord: null }), 'pass', 'no shortcut set: no chord');
  const ctrlEnter = press('Enter', 'Enter', { ctrl: true });
  assert.equal(handoverKey(ctrlEnter, { ...settled, onButton: true }), 'press');
  assert.equal(handoverKey(ctrlEnter, settled), 'pass', 'Ctrl+Enter with no button focused');
  assert.equal(
    handoverKey(press('Enter', 'Enter', { ctrl: true, alt: true }), { ...settled, onButton: true }),
    'refuse',
    'only Ctrl',
  );
});

test('a click acts only from a pointer, after the settle time', () => {
  const at = { settled: true, pressing: false, fromTextField: false };
  assert.equal(clickActs({ detail: 1 }, at), true, 'a mouse click');
  assert.equal(clickActs({ detail: 1 }, { ...at, settled: false }), false, 'a click as it appears');
  assert.equal(clickActs({ detail: 0 }, at), false, 'a click from Enter or Space');
  assert.equal(clickActs({ detail: 0 }, { ...at, pressing: true }), true, 'Ctrl+Enter pressed it');
  assert.equal(clickActs({ detail: 0 }, { ...at, fromTextField: true }), true, 'Enter in the note');
});

test('single keys in the main window: on purpose, once, and never to start a turn at a hand-over', () => {
  const keys: [Action, Press][] = [
    ['toggle', press(' ', 'Space')],
    ['next', press('n', 'KeyN')],
    ['skip', press('s', 'KeyS')],
    ['extend', press('e', 'KeyE')],
    ['toggle_mini', press('m', 'KeyM')],
  ];
  const states: TimerState[] = ['idle', 'running', 'paused', 'break'];
  for (const [action, p] of keys) {
    for (const state of states) {
      assert.equal(singleKeyActs(action, p, { state, settled: true }), true, `${action} when ${state}`);
    }
    assert.equal(
      singleKeyActs(action, p, { state: 'running', settled: false }),
      false,
      `${action} right after the focus came back`,
    );
    assert.equal(
      singleKeyActs(action, { ...p, repeat: true }, { state: 'running', settled: true }),
      false,
      `${action} from a held key`,
    );
    assert.equal(
      singleKeyActs(action, p, { state: 'handover', settled: true }),
      action === 'toggle_mini',
      `${action} at a hand-over`,
    );
  }
});

test('right after the focus came back, Escape and Tab still cancel and move; other keys wait', () => {
  for (const key of ['Escape', 'Tab']) assert.equal(waitsToSettle(key), false, `${key} never waits`);
  for (const key of [' ', 'Enter', 'n', 's', 'e', 'm', '?', ',', 'b']) {
    assert.equal(waitsToSettle(key), true, `${JSON.stringify(key)} may act, so it waits`);
  }
});

test('chords are what the shell registers; typing makes none', () => {
  const chord = (code: string, m: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean }) =>
    chordOf({
      code,
      ctrlKey: m.ctrl ?? false,
      altKey: m.alt ?? false,
      shiftKey: m.shift ?? false,
      metaKey: m.meta ?? false,
    });
  assert.equal(chord('KeyN', { ctrl: true, alt: true, shift: true }), 'Ctrl+Alt+Shift+N');
  assert.equal(chord('F9', {}), 'F9');
  assert.equal(chord('KeyN', {}), null);
  assert.equal(chord('KeyN', { shift: true }), null, 'a capital');
  assert.equal(chord('KeyV', { ctrl: true }), null, 'paste');
  assert.equal(chord('Enter', { ctrl: true }), null, 'Ctrl+Enter is no shortcut');
  assert.equal(chord('Enter', { ctrl: true, shift: true }), 'Ctrl+Shift+Enter');
});

test('aria-keyshortcuts spells modifiers its own way', () => {
  assert.equal(ariaChord(NEXT), 'Control+Alt+Shift+N');
  assert.equal(ariaChord('Super+F9'), 'Meta+F9');
});

test('the hand-over says in one line how to start', () => {
  assert.equal(
    handoverHint(NEXT),
    "Typing can't start the next turn: click Start next turn or press Ctrl+Alt+Shift+N.",
  );
  assert.equal(handoverHint(null), "Typing can't start the next turn: click Start next turn.");
});
