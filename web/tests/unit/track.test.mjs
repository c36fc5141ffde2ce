// Unit tests of the track mode's pure helpers (web/src/lib/track.js): the request's step, the time
// span of GPX/CSV/GeoJSON text, the sample in force at an instant (against a linear scan on seeded
// random tracks), state runs, and the CLI's words for the timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_DRIVE, fixedLikeC, MAX_PAGE_INSTANTS, panelText, provenanceText, sampleAt, stateDetail, stateRuns, timelineLines, trackStep, trackTimeSpan, transitionMarks } from '../../src/lib/track.js';
import { parseIso } from '../../src/lib/time.js';

test('track: the step keeps a request within the page bound', () => {
  for (const seconds of [0, 1, 59, 1499, 1500, 4800, 86400, 7 * 86400]) {
    const step = trackStep(seconds);
    assert.ok(Number.isInteger(step) && step >= 1, `${seconds}: ${step}`);
    assert.ok(Math.floor(seconds / step) + 1 <= MAX_PAGE_INSTANTS, `${seconds} s at ${step} s`);
    if (step > 1) assert.ok(Math.floor(seconds / (step - 1)) + 1 > MAX_PAGE_INSTANTS, `${seconds}: ${step} is not the smallest`);
  }
});

test('track: time span of GPX, CSV (ISO or Unix seconds) and GeoJSON text', () => {
  const gpx = '<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2022-10-01T13:40:00Z</time></trkpt>'
    + '<trkpt lat="1" lon="2"><time>2022-10-01T15:00:00Z</time></trkpt></trkseg></trk></gpx>';
  assert.deepEqual(trackTimeSpan(gpx), { start: parseIso('2022-10-01T13:40:00Z'), end: parseIso('2022-10-01T15:00:00Z') });
  assert.deepEqual(trackTimeSpan(DEMO_DRIVE.csv), { start: parseIso('2022-10-01T13:40:00Z'), end: parseIso('2022-10-01T15:00:00Z') });
  assert.deepEqual(trackTimeSpan('# unix\n1664631600,48,36\n1664635200,47,36\n'), { start: 1664631600, end: 1664635200 });
  // No zone: UTC (as the server reads it); an offset is honoured.
  assert.deepEqual(trackTimeSpan('2022-10-01T10:00:00,1,2\n2022-10-01T12:00:00+02:00,1,2'), { start: parseIso('2022-10-01T10:00:00Z'), end: parseIso('2022-10-01T10:00:00Z') });
  const geojson = JSON.stringify({ type: 'Feature', properties: { coordTimes: ['2022-10-01T13:40:00Z', '2022-10-01T14:20:00Z'] }, geometry: { type: 'LineString', coordinates: [[36, 48], [36, 47]] } });
  assert.equal(trackTimeSpan(geojson).end - trackTimeSpan(geojson).start, 2400);
  assert.equal(trackTimeSpan('no times here'), null);
});

test('track: the sample in force equals a linear scan (seeded random tracks)', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 50; round++) {
    const samples = [];
    let t = 1e9 + random() * 1e5;
    const n = 1 + Math.floor(random() * 40);
    for (let i = 0; i < n; i++) {
      samples.push({ t, i });
      t += 0.5 + random() * 100;
    }
    for (let k = 0; k < 30; k++) {
      const q = samples[0].t - 50 + random() * (t - samples[0].t + 100);
      let expected = samples[0];
      for (const s of samples) if (s.t <= q) expected = s;
      assert.equal(sampleAt(samples, q).i, expected.i, `seed round ${round}, t ${q}`);
    }
    assert.equal(sampleAt(samples, samples.at(-1).t).i, n - 1);
  }
  assert.equal(sampleAt([], 5), null);
});

test('track: state runs are continuous and cover every sample', () => {
  const states = ['connected', 'connected', 'denied', 'denied', 'denied', 'connected', 'no_satellite'];
  const samples = states.map((state, i) => ({ state, lon: 36, lat: 48 - i * 0.1 }));
  const runs = stateRuns(samples);
  assert.deepEqual(runs.map((r) => r.state), ['connected', 'denied', 'connected', 'no_satellite']);
  for (let i = 1; i < runs.length; i++) assert.deepEqual(runs[i - 1].path.at(-1), runs[i].path[0]);
  assert.notDeepEqual(runs[0].color, runs[1].color);
  // Every sample's point is in its run; runs hold two points at least.
  assert.equal(runs.reduce((n, r) => n + r.path.length, 0), samples.length + runs.length - 1 + 1);
  assert.ok(runs.every((r) => r.path.length >= 2));
});

// A result shaped like the API's JSON (track/export.cc ToJson).
function result() {
  const provenance = {
    entry: 78, action_kind: 'geofence.add_deny', proposer: 'alice', proposed_at: '2022-09-30T09:00:00Z', decided_entry: 80,
    decided_at: '2022-10-01T14:02:00Z', votes: [
      { entry: 79, voter: 'bob', verdict: 'approve', time: '2022-09-30T12:00:00Z' },
      { entry: 81, voter: 'mallory', verdict: 'reject', time: '2022-09-30T13:00:00Z' },
      { entry: 80, voter: 'carol', verdict: 'approve', time: '2022-10-01T14:02:00Z' }],
  };
  const sample = (time, state, decision, extra = {}) => ({
    time, state, decision, lat: 48, lon: 36, speed_kmh: 133, in_view: 3, serving: 'sat 5 S-5', elevation_deg: 61.25, rtt_ms: 20.125, destination: 'Kyiv', ...extra,
  });
  return {
    terminal: 'UA-R-0417', destination: 'Kyiv',
    window: { start: '2022-10-01T13:40:00Z', end: '2022-10-01T15:00:00Z' },
    decisions: [{ summary: 'ok, territory UA, ledger entry 62: proposed by alice, approved by bob', rule_provenance: null },
      { summary: 'blocked_area, geofence front-2022-10, ledger entry 78: proposed by alice, approved by bob, carol', rule_provenance: provenance }],
    transitions: [{ time: '2022-10-01T14:02:00Z', from: 'connected', to: 'denied', decision: 1 }],
    samples: [sample('2022-10-01T13:40:00Z', 'connected', 0), sample('2022-10-01T14:02:00Z', 'denied', 1, { rtt_ms: null })],
  };
}

test('track: the timeline in the words of `leotwin track`', () => {
  const r = result();
  const samples = r.samples.map((s) => ({ ...s, t: parseIso(s.time) }));
  const lines = timelineLines(r, samples, parseIso).map((l) => l.text);
  // 61.25 and 20.125 are exact ties in binary: printf rounds them to even (61.2, 20.12).
  assert.deepEqual(lines, [
    '13:40:00 start connected (ok, territory UA, ledger entry 62: proposed by alice, approved by bob) via sat 5 S-5 at 61.2 deg, RTT 20.12 ms to Kyiv',
    '14:02:00 connected -> denied (blocked_area, geofence front-2022-10, ledger entry 78: proposed by alice, approved by bob, carol)',
  ]);
  assert.equal(stateDetail(r, { ...samples[0], state: 'no_route' }), '(via sat 5 S-5 at 61.2 deg, no route to Kyiv)');
  const marks = transitionMarks(r, samples, parseIso);
  assert.equal(marks.length, 1);
  assert.equal(marks[0].kind, 'track-denied');
  assert.equal(marks[0].title, lines[1]);
  // Approvals only (a rejection is not an approval), with times and entries.
  assert.equal(provenanceText(r.decisions[1]), 'ledger entry 78 (geofence.add_deny): proposed by alice at 2022-09-30T09:00:00Z; '
    + 'approved by bob at 2022-09-30T12:00:00Z (entry 79), carol at 2022-10-01T14:02:00Z (entry 80); enacted by entry 80 at 2022-10-01T14:02:00Z');
  const before = panelText(r, samples, parseIso('2022-10-01T14:01:59Z'), parseIso);
  const after = panelText(r, samples, parseIso('2022-10-01T14:02:00Z'), parseIso);
  assert.match(before, /^UA-R-0417 at 2022-10-01 13:40:00Z: CONNECTED\n/);
  assert.match(after, /^UA-R-0417 at 2022-10-01 14:02:00Z: DENIED\n {2}\(blocked_area/);
  assert.ok(after.includes('enacted by entry 80'), after);
  assert.ok(!before.includes('enacted by entry 80'), before);
});

test('track: numbers rounded as printf rounds them (ties to even on exact binary ties)', () => {
  // Expected strings are Python's '%.Nf' of the same doubles (correctly rounded, as glibc and fmt).
  const cases = [[61.25, 1, '61.2'], [61.75, 1, '61.8'], [0.125, 2, '0.12'], [0.375, 2, '0.38'], [20.125, 2, '20.12'],
    [61.35, 1, '61.4'], [2.675, 2, '2.67'], [1.005, 2, '1.00'], [12.3456, 2, '12.35'], [-0.125, 2, '-0.12'], [89.95, 1, '90.0'], [5, 2, '5.00']];
  for (const [x, d, want] of cases) assert.equal(fixedLikeC(x, d), want, `${x} to ${d}`);
});
