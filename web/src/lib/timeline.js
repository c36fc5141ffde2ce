// The time slider's scale. Without a policy history it is linear over the orbital window. With one
// (a scenario's years of ledger entries before a window of hours), the slider is cut in two: its
// first part spans the history up to the window's start, the rest the orbital window, so both get
// room. Pure: node tests it.
//
// Positions are integers 0..steps (the <input type=range> values); instants are Unix seconds.

export const HISTORY_SHARE = 0.5;

// history: {start, end} or null; orbit: {start, end} (Unix seconds).
export function createScale({ history, orbit, steps = 2000 }) {
  const split = Boolean(history) && history.start < orbit.start;
  const cut = split ? Math.round(steps * HISTORY_SHARE) : 0;
  const segments = split
    ? [{ p0: 0, p1: cut, t0: history.start, t1: orbit.start, kind: 'history' },
      { p0: cut, p1: steps, t0: orbit.start, t1: orbit.end, kind: 'orbit' }]
    : [{ p0: 0, p1: steps, t0: orbit.start, t1: orbit.end, kind: 'orbit' }];

  function segmentOfTime(t) {
    return segments.find((s) => t < s.t1) ?? segments[segments.length - 1];
  }
  function segmentOfPosition(p) {
    return segments.find((s) => p < s.p1) ?? segments[segments.length - 1];
  }
  const start = segments[0].t0;
  const end = segments[segments.length - 1].t1;

  return {
    steps,
    start,
    end,
    segments,
    hasHistory: split,
    // The slider position of instant t (clamped to the scale).
    toPosition(t) {
      const c = Math.min(end, Math.max(start, t));
      const s = segmentOfTime(c);
      return s.p0 + ((c - s.t0) / (s.t1 - s.t0)) * (s.p1 - s.p0);
    },
    // The instant at slider position p.
    toTime(p) {
      const c = Math.min(steps, Math.max(0, p));
      const s = segmentOfPosition(c);
      return s.t0 + ((c - s.p0) / (s.p1 - s.p0)) * (s.t1 - s.t0);
    },
    // Which part of the slider t is on: 'history' or 'orbit'.
    kindAt(t) {
      return segmentOfTime(Math.min(end, Math.max(start, t))).kind;
    },
    // The satellites' instant for t: the window's start while the slider is in the history
    // (the constellation's elements are only valid near their epoch).
    orbitTime(t) {
      return Math.min(orbit.end, Math.max(orbit.start, t));
    },
  };
}

// Marks of ledger entries on the slider: [{left: percent, mark}] in time order.
export function markPositions(scale, marks, parse) {
  return marks
    .map((m) => ({ t: parse(m.time), mark: m }))
    .filter(({ t }) => Number.isFinite(t) && t >= scale.start && t <= scale.end)
    .map(({ t, mark }) => ({ left: (100 * scale.toPosition(t)) / scale.steps, t, mark }));
}

// The next instant of playback. In the orbital window: `speed` simulated seconds per real
// second. In the history: `historySeconds` real seconds to cross it, whatever the speed.
export function nextInstant(scale, t, { speed, tickMs, historySeconds = 40 }) {
  if (scale.kindAt(t) === 'history') {
    const seg = scale.segments[0];
    const next = t + ((seg.t1 - seg.t0) * tickMs) / (historySeconds * 1000);
    return next;
  }
  const next = t + (speed * tickMs) / 1000;
  return next > scale.end ? scale.start : next;
}
