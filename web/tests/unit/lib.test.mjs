// Unit tests of the small pure helpers: time, query strings, colours, axis, legend, route text,
// binary buffers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clamp, durationLabel, isoUtc, nextPlaybackTime, parseIso, timeLabel } from '../../src/lib/time.js';
import { apiUrl, queryString } from '../../src/lib/query.js';
import { activityColor, availabilityColor, coverageColor, cssColor, territoryFillExpression, TERRITORY_FILL } from '../../src/lib/colors.js';
import { niceStep } from '../../src/lib/axis.js';
import { legendHtml } from '../../src/lib/legend.js';
import { routePath, routeStatusText, rttWindow } from '../../src/lib/route.js';
import { binaryPoints, graticule, linkSegments } from '../../src/lib/geometry.js';

test('time: ISO 8601 round trip, labels, playback wraps at the end', () => {
  const t = parseIso('2025-09-23T00:00:15Z');
  assert.equal(t, 1758585615);
  assert.equal(isoUtc(t), '2025-09-23T00:00:15Z');
  assert.equal(isoUtc(t + 0.25), '2025-09-23T00:00:15.250Z');
  assert.equal(timeLabel(t), '2025-09-23 00:00:15Z');
  assert.ok(Number.isNaN(parseIso('not a time')));
  assert.equal(clamp(5, 0, 3), 3);
  assert.equal(clamp(-1, 0, 3), 0);
  const range = { speed: 60, tickMs: 250, start: 100, end: 200 };
  assert.equal(nextPlaybackTime(100, range), 115);
  assert.equal(nextPlaybackTime(190, range), 100);
  assert.equal(durationLabel(3600), '60 min');
  assert.equal(durationLabel(7200), '2.0 h');
});

test('query: empty parameters are left out and values are encoded', () => {
  assert.equal(queryString({ a: 1, b: undefined, c: null, d: '', e: 'x y&z' }), 'a=1&e=x+y%26z');
  assert.equal(apiUrl('/api/v1/cities', { limit: 1000 }), '/api/v1/cities?limit=1000');
  assert.equal(apiUrl('/api/v1/info', {}), '/api/v1/info');
  assert.equal(apiUrl('/api/v1/satellites', { at: '2025-09-23T00:00:00Z' }), '/api/v1/satellites?at=2025-09-23T00%3A00%3A00Z');
});

test('colours: scales stay in range and grow with their value', () => {
  assert.deepEqual(coverageColor(0, 10), [200, 60, 60, 90]);
  assert.deepEqual(coverageColor(10, 10), [50, 220, 220, 120]);
  assert.deepEqual(coverageColor(50, 10), coverageColor(10, 10), 'clamped at the maximum');
  assert.ok(coverageColor(3, 10)[1] < coverageColor(6, 10)[1]);
  assert.deepEqual(availabilityColor('blocked'), [231, 76, 60, 140]);
  assert.deepEqual(availabilityColor('no such state', 10), [120, 120, 120, 10]);
  assert.ok(activityColor(1, 100)[3] < activityColor(100, 100)[3]);
  assert.equal(activityColor(0, 0)[3], 60, 'no division by zero');
  assert.equal(cssColor([1, 2, 3]), 'rgb(1,2,3)');
  assert.equal(cssColor([1, 2, 3, 51]), 'rgba(1,2,3,0.2)');
  assert.equal(cssColor([1, 2, 3, 51], 1), 'rgb(1,2,3)');
  const expr = territoryFillExpression();
  assert.equal(expr[0], 'match');
  assert.equal(expr[expr.indexOf('blocked') + 1], TERRITORY_FILL.blocked);
  assert.notEqual(TERRITORY_FILL.blocked, TERRITORY_FILL.available);
});

test('axis: nice steps are 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(10, 4), 5);
  assert.equal(niceStep(3, 4), 1);
  assert.equal(niceStep(0.7, 4), 0.2);
  assert.equal(niceStep(170, 4), 50);
});

test('legend: entries become HTML with outside text escaped', () => {
  const html = legendHtml([null, { title: 'A<b>', subtitle: 'x&y', items: [{ label: '<script>', color: [1, 2, 3] }] }]);
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('A&lt;b&gt;') && html.includes('(x&amp;y)') && html.includes('&lt;script&gt;'));
  assert.ok(html.includes('background:rgb(1,2,3)'));
  assert.equal(legendHtml([null]), '');
});

test('route: the path is unwrapped and the status line says what a person needs', () => {
  const nodes = [{ lon: 170, lat: 0 }, { lon: -170, lat: 1 }, { lon: -150, lat: 2 }];
  assert.deepEqual(routePath(nodes), [[170, 0], [190, 1], [210, 2]]);
  const text = routeStatusText({ from: { name: 'London' }, to: { name: 'New York City' }, rtt_ms: 44.21, hops: 25, fiber: { rtt_ms: 54.6 } });
  assert.equal(text, 'London → New York City: 44.2 ms RTT, 25 hops · fiber (great circle) 54.6 ms');
  assert.equal(routeStatusText({ from: { name: 'A' }, to: { name: 'B' }, rtt_ms: null }), 'A → B: unreachable, 0 hops');
  assert.deepEqual(rttWindow(0, 86400), { start: 0, duration: 7200, step: 120 });
  assert.deepEqual(rttWindow(0, 60), { start: 0, duration: 600, step: 120 });
});

test('geometry: binary buffers, links drawn the short way across the antimeridian', () => {
  const pts = binaryPoints([1, 2], [3, 4]);
  assert.equal(pts.length, 2);
  assert.deepEqual([...pts.attributes.getPosition.value], [1, 3, 2, 4]);
  const sats = { lon: [179, -179, 10], lat: [0, 1, 2] };
  const seg = linkSegments({ a: [0, 1, 2], b: [1, 0, 2] }, sats);
  assert.deepEqual([...seg.attributes.getSourcePosition.value], [179, 0, -179, 1, 10, 2]);
  assert.deepEqual([...seg.attributes.getTargetPosition.value], [181, 1, -181, 0, 10, 2]);
  const g = graticule();
  assert.equal(g.features.length, 13 + 5);
});
