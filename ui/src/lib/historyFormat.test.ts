import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PERSON_COLOURS,
  dateValue,
  dayLabel,
  dayStart,
  duration,
  exportStem,
  hm,
  initials,
  percent,
  personColours,
  queryOf,
  rangeWords,
  sessionName,
} from './historyFormat';
import { clockTime } from './time';

test('durations show seconds only where they matter', () => {
  const cases: [number, string][] = [
    [-5, '0 s'],
    [40_000, '40 s'],
    [60_000, '1 min'],
    [65_000, '1 min 05 s'],
    [599_000, '9 min 59 s'],
    [38 * 60_000 + 20_000, '38 min'],
    [124 * 60_000, '2 h 04 min'],
  ];
  for (const [ms, want] of cases) assert.equal(duration(ms), want, `${ms} ms`);
  assert.equal(percent(0.284), '28%');
  assert.equal(sessionName({ id: 3, name: null }), 'Session 3', 'an unnamed session');
});

test('a range of days is asked for from the first local midnight to the one after the last', () => {
  const day = dateValue(new Date(2026, 10, 25, 15, 30));
  assert.equal(day, '2026-11-25');
  assert.equal(dayStart(day), new Date(2026, 10, 25).toISOString());
  assert.equal(dayStart('not a day'), null);
  assert.deepEqual(queryOf({ kind: 'range', from: day, to: day }), {
    session: null,
    since: new Date(2026, 10, 25).toISOString(),
    until: new Date(2026, 10, 26).toISOString(),
  });
  assert.deepEqual(queryOf({ kind: 'range', from: '', to: '' }), {
    session: null,
    since: null,
    until: null,
  });
  assert.deepEqual(queryOf({ kind: 'session', id: 4 }), { session: 4, since: null, until: null });
  assert.equal(rangeWords('', ''), 'all sessions');
  assert.match(rangeWords(day, ''), /^since /);
  assert.match(rangeWords('', day), /^until /);
});

test('an export is named after the session day or the range', () => {
  assert.equal(
    exportStem({ kind: 'session', id: 4 }, new Date(2026, 10, 25, 9).toISOString()),
    'mobflow-retro-2026-11-25',
  );
  assert.equal(exportStem({ kind: 'session', id: 4 }, null), 'mobflow-retro-4');
  assert.equal(exportStem({ kind: 'range', from: '', to: '' }, null), 'mobflow-retro-all');
  assert.equal(
    exportStem({ kind: 'range', from: '2026-11-17', to: '' }, null),
    'mobflow-retro-2026-11-17_now',
  );
});

test('people keep their colour by id, and get two letters where initials clash', () => {
  const people = [
    { id: 7, name: 'Ada' },
    { id: 2, name: 'Bob' },
    { id: 3, name: 'bea' },
  ];
  const colours = personColours(people);
  assert.deepEqual([...colours.entries()].sort(), [
    [2, 0],
    [3, 1],
    [7, 2],
  ]);
  const many = personColours(Array.from({ length: PERSON_COLOURS + 1 }, (_, id) => ({ id })));
  assert.equal(many.get(PERSON_COLOURS), 0, 'the colours repeat after the last one');
  assert.deepEqual(Object.fromEntries(initials(people)), { 7: 'A', 2: 'Bo', 3: 'be' });
});

test('days and times read as the locale writes them, this year without the year', () => {
  const thisYear = new Date().getFullYear();
  const instants = [
    new Date(thisYear, 0, 1, 0, 5),
    new Date(thisYear, 10, 25, 9, 42),
    new Date(2021, 3, 13, 17, 5),
    new Date(thisYear - 1, 11, 31, 23, 59),
  ];
  for (const at of instants) {
    const rfc3339 = at.toISOString();
    const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    assert.equal(hm(at.getTime()), time, `${rfc3339}: the local time`);
    assert.equal(clockTime(rfc3339), time, `${rfc3339}: the same from RFC 3339`);
    const year = at.getFullYear() === thisYear ? undefined : 'numeric';
    assert.equal(
      dayLabel(rfc3339),
      at.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', year }),
      `${rfc3339}: the day, the year when it is not this one`,
    );
  }
  assert.equal(clockTime('not a time'), '', 'an instant that cannot be read');
  assert.equal(clockTime(null), '');
});
