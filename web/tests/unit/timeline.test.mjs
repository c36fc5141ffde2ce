// Unit tests of the time slider's scale (node --test web/tests/unit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScale, markPositions, nextInstant } from '../../src/lib/timeline.js';

const day = 86400;
const orbit = { start: 1000 * day, end: 1001 * day };
const history = { start: 0, end: 900 * day };

test('without a history the scale is linear over the orbital window', () => {
  const s = createScale({ history: null, orbit, steps: 1000 });
  assert.equal(s.hasHistory, false);
  assert.equal(s.toTime(0), orbit.start);
  assert.equal(s.toTime(500), orbit.start + day / 2);
  assert.equal(s.toPosition(orbit.end), 1000);
});

test('with a history the first half spans it up to the window, the second half the window', () => {
  const s = createScale({ history, orbit, steps: 1000 });
  assert.equal(s.hasHistory, true);
  assert.equal(s.start, 0);
  assert.equal(s.toTime(250), 500 * day);
  assert.equal(s.toTime(500), orbit.start);
  assert.equal(s.toTime(750), orbit.start + day / 2);
  for (const t of [0, 123 * day, 999.5 * day, orbit.start + 3600]) {
    assert.ok(Math.abs(s.toTime(s.toPosition(t)) - t) < 1e-6, `round trip at ${t}`);
  }
  assert.equal(s.kindAt(10 * day), 'history');
  assert.equal(s.kindAt(orbit.start + 1), 'orbit');
  // Satellites stay at the window's start while the slider is in the history.
  assert.equal(s.orbitTime(10 * day), orbit.start);
  assert.equal(s.orbitTime(orbit.start + 60), orbit.start + 60);
  // Out of range: clamped.
  assert.equal(s.toPosition(-5), 0);
  assert.equal(s.toTime(2000), orbit.end);
});

test('a history that starts inside the window does not split the slider', () => {
  const s = createScale({ history: { start: orbit.start + 10, end: orbit.start + 20 }, orbit, steps: 100 });
  assert.equal(s.hasHistory, false);
});

test('ledger marks sit where their instants are, outside ones are dropped', () => {
  const s = createScale({ history, orbit, steps: 1000 });
  // The history part runs to the window's start (1000 days over 500 positions).
  const marks = [{ time: 450 * day }, { time: -1 }, { time: orbit.start + day / 4 }, { time: 'bad' }];
  const placed = markPositions(s, marks, (x) => Number(x));
  assert.deepEqual(placed.map((p) => p.left), [22.5, 62.5]);
});

test('playback crosses the history in a fixed real time, then the window at the chosen speed', () => {
  const s = createScale({ history, orbit, steps: 1000 });
  const step = nextInstant(s, 0, { speed: 60, tickMs: 250, historySeconds: 40 });
  assert.equal(step, (1000 * day * 0.25) / 40);
  assert.equal(nextInstant(s, orbit.start, { speed: 60, tickMs: 250 }), orbit.start + 15);
  assert.equal(nextInstant(s, orbit.end - 1, { speed: 60, tickMs: 250 }), s.start);
});
