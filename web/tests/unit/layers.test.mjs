// Unit tests of the layer registry: every layer module is complete, asks for the right instant and
// builds its deck.gl layers (deck.gl itself is replaced by a recorder: it does not load in node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAYERS, layerById } from '../../src/layers/index.js';
import { dataInstant, layerProblems, layerQuery } from '../../src/lib/registry.js';
import { isoUtc } from '../../src/lib/time.js';

// Stand-ins for the deck.gl classes: keep the class name and the props.
const deck = new Proxy({}, { get: (_, kind) => class { constructor(props) { this.kind = kind; this.id = props.id; this.props = props; } } });
const T = 1758585600; // 2025-09-23T00:00:00Z

test('every layer module exports what the registry needs, with unique ids', () => {
  for (const layer of LAYERS) assert.deepEqual(layerProblems(layer), [], layer.id);
  assert.equal(new Set(LAYERS.map((l) => l.id)).size, LAYERS.length);
  assert.deepEqual(LAYERS.map((l) => l.id), ['satellites', 'links', 'coverage', 'availability', 'geofences', 'activity', 'cities', 'terminals']);
  assert.deepEqual(layerProblems({ id: 'Bad Id', clock: 'sometimes' }).length > 3, true);
});

test('queries: orbit layers follow the slider, policy layers the policy clock, cities none', () => {
  const ctx = { t: T };
  assert.deepEqual(layerQuery(layerById('satellites'), ctx, isoUtc), { format: 'f32', at: '2025-09-23T00:00:00Z' });
  assert.deepEqual(layerQuery(layerById('coverage'), ctx, isoUtc), { level: 5, at: '2025-09-23T00:00:00Z' });
  assert.deepEqual(layerQuery(layerById('availability'), ctx, isoUtc), { level: 5 }, 'policy now: no at');
  assert.deepEqual(layerQuery(layerById('availability'), { t: T, policyTime: T + 60 }, isoUtc), { level: 5, at: '2025-09-23T00:01:00Z' });
  assert.deepEqual(layerQuery(layerById('cities'), ctx, isoUtc), { limit: 1000 });
  // Data goes stale when its clock moves, and only then.
  assert.notEqual(dataInstant(layerById('satellites'), { t: T }), dataInstant(layerById('satellites'), { t: T + 10 }));
  assert.equal(dataInstant(layerById('geofences'), { t: T }), dataInstant(layerById('geofences'), { t: T + 10 }));
  assert.equal(dataInstant(layerById('cities'), { t: T }), dataInstant(layerById('cities'), { t: T + 10 }));
});

const sampleData = {
  satellites: { count: 2, lon: [0, 10], lat: [0, 5] },
  links: { a: [0], b: [1] },
  coverage: { max_in_view: 4, cells: [{ polygon: [[0, 0], [1, 0], [1, 1], [0, 0]], in_view: 2 }] },
  availability: { cells: [{ polygon: [[0, 0], [1, 0], [1, 1], [0, 0]], state: 'available' }] },
  geofences: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[178, 0], [-179, 0], [-179, 1], [178, 0]]] } }] },
  terminals: { terminals: [{ id: 'T-1', lat: 48.7, lon: 37.6, decision: { allowed: false } }, { id: 'T-2', lat: 50.4, lon: 30.5, decision: { allowed: true } }] },
  activity: { max_terminals: 10, cells: [{ polygon: [[0, 0], [1, 0], [1, 1], [0, 0]], terminals: 5 }] },
  cities: { cities: [{ name: 'London', country: 'GB', lon: 0, lat: 51 }] },
};

test('each layer builds deck.gl layers named after it, and a legend or null', () => {
  const selected = [];
  const ctx = { t: T, deck, data: sampleData, selection: { cities: [] }, select: (id, o) => selected.push([id, o]) };
  for (const layer of LAYERS) {
    const built = layer.build(sampleData[layer.id], ctx);
    assert.ok(built.length >= 1, layer.id);
    assert.equal(built[0].id, layer.id);
    const legend = layer.legend(sampleData[layer.id]);
    assert.ok(legend === null || (typeof legend.title === 'string' && Array.isArray(legend.items)), layer.id);
  }
  // Cities report clicks to the page.
  const [cities] = layerById('cities').build(sampleData.cities, ctx);
  cities.props.onClick({ object: sampleData.cities.cities[0] });
  assert.deepEqual(selected, [['cities', sampleData.cities.cities[0]]]);
  // Geofences are drawn unwrapped (no edge across the map), from a copy.
  const [terminals] = layerById('terminals').build(sampleData.terminals, ctx);
  terminals.props.onClick({ object: sampleData.terminals.terminals[0] });
  assert.deepEqual(selected.at(-1), ['terminals', sampleData.terminals.terminals[0]]);
  // Denied red, allowed green; the legend counts the denied ones.
  const fill = sampleData.terminals.terminals.map(terminals.props.getFillColor);
  assert.ok(fill[0][0] > fill[0][1] && fill[1][1] > fill[1][0], JSON.stringify(fill));
  assert.equal(layerById('terminals').legend(sampleData.terminals).subtitle, '2 registered, 1 denied');
  const [fences] = layerById('geofences').build(sampleData.geofences, ctx);
  assert.deepEqual(fences.props.data.features[0].geometry.coordinates[0].map((p) => p[0]), [178, 181, 181, 178]);
  assert.equal(sampleData.geofences.features[0].geometry.coordinates[0][1][0], -179);
  assert.equal(layerById('geofences').build(sampleData.geofences, ctx)[0].props.data, fences.props.data, 'unwrapped once per reply');
});

test('links need the satellites: without them nothing is drawn', () => {
  const ctx = { t: T, deck, data: { ...sampleData, satellites: null }, selection: {}, select: () => {} };
  assert.deepEqual(layerById('links').build(sampleData.links, ctx), []);
});
