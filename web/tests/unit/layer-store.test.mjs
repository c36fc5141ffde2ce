// Unit tests of the layer store: what is fetched when, with a stand-in for the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAYERS } from '../../src/layers/index.js';
import { createLayerStore } from '../../src/layer-store.js';

const T = 1758585600; // 2025-09-23T00:00:00Z

function setup(replies = {}) {
  const calls = [];
  const ctx = { t: T, policyTime: undefined };
  const unavailable = [];
  const errors = [];
  const getJson = async (path, params) => {
    calls.push(`${path}${params.at ? ` at ${params.at}` : ''}`);
    return replies[path] ?? { ok: true, status: 200, data: { path, params }, error: null };
  };
  const store = createLayerStore(LAYERS, { context: () => ({ ...ctx }), onUnavailable: (id) => unavailable.push(id), onError: (m) => errors.push(m), getJson });
  return { store, calls, ctx, unavailable, errors };
}

test('refresh fetches the shown layers once, then only those whose clock moved', async () => {
  const { store, calls, ctx } = setup();
  store.entries.availability.on = true;
  await store.refresh();
  assert.deepEqual(calls.sort(), ['/api/v1/availability', '/api/v1/cities', '/api/v1/geofences',
    '/api/v1/satellites at 2025-09-23T00:00:00Z', '/api/v1/terminals']);
  calls.length = 0;
  await store.refresh();
  assert.deepEqual(calls, [], 'nothing is stale');
  ctx.t = T + 10;
  await store.refresh();
  assert.deepEqual(calls, ['/api/v1/satellites at 2025-09-23T00:00:10Z'], 'the slider moves the orbit layers only');
  calls.length = 0;
  ctx.policyTime = T - 3600;
  await store.refresh();
  assert.deepEqual(calls.sort(), ['/api/v1/availability at 2025-09-22T23:00:00Z', '/api/v1/geofences at 2025-09-22T23:00:00Z',
    '/api/v1/terminals at 2025-09-22T23:00:00Z'], 'a policy instant moves the policy layers');
});

test('a layer switched off is not fetched; switched on again at the same instant it is not refetched', async () => {
  const { store, calls, ctx } = setup();
  await store.refresh();
  store.entries.satellites.on = false;
  ctx.t = T + 60;
  calls.length = 0;
  await store.refresh();
  assert.deepEqual(calls, []);
  store.entries.satellites.on = true;
  await store.refresh();
  assert.deepEqual(calls, ['/api/v1/satellites at 2025-09-23T00:01:00Z']);
  calls.length = 0;
  store.entries.satellites.on = false;
  store.entries.satellites.on = true;
  await store.refresh();
  assert.deepEqual(calls, []);
});

test('404/501/503 disable a layer with a note; other failures are reported and keep it', async () => {
  const { store, unavailable, errors } = setup({
    '/api/v1/links': { ok: false, status: 501, data: null, error: 'no laser links in this scenario' },
    '/api/v1/coverage': { ok: false, status: 500, data: null, error: 'boom' },
  });
  store.entries.links.on = true;
  store.entries.coverage.on = true;
  await store.refresh();
  assert.deepEqual(unavailable, ['links']);
  assert.equal(store.entries.links.available, false);
  assert.equal(store.entries.links.on, false);
  assert.equal(store.entries.links.note, 'not available: no laser links in this scenario');
  assert.deepEqual(errors, ['Coverage (satellites in view): boom']);
  assert.equal(store.entries.coverage.available, true);
  assert.equal(store.isStale('coverage'), true, 'tried again at the next refresh');
});

test('drawable lists shown layers with data, lowest drawOrder first', async () => {
  const { store } = setup();
  for (const l of LAYERS) store.entries[l.id].on = true;
  await store.refresh();
  const order = store.drawable().map((l) => l.drawOrder);
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  assert.equal(store.drawable().length, LAYERS.length);
  assert.equal(store.dataById().cities.path, '/api/v1/cities');
});

test('paused layers (the orbit clock during a track far from the window) are neither fetched nor drawn', async () => {
  const calls = [];
  let paused = false;
  const getJson = async (path, params) => {
    calls.push(`${path}${params.at ? ` at ${params.at}` : ''}`);
    return { ok: true, status: 200, data: { path }, error: null };
  };
  const ctx = { t: T, policyTime: undefined };
  const store = createLayerStore(LAYERS, { context: () => ({ ...ctx }), getJson, isPaused: (layer) => paused && layer.clock === 'orbit' });
  await store.refresh();
  assert.ok(store.drawable().some((l) => l.id === 'satellites'));
  paused = true;
  calls.length = 0;
  ctx.t = T - 4 * 365 * 86400;
  ctx.policyTime = ctx.t;
  await store.refresh();
  assert.ok(calls.every((c) => !c.startsWith('/api/v1/satellites')), calls.join(', '));
  assert.ok(calls.some((c) => c.startsWith('/api/v1/geofences at ')), 'policy layers still follow the slider');
  assert.ok(!store.drawable().some((l) => l.clock === 'orbit'));
  assert.equal(store.entries.satellites.on, true, 'the person\'s choice is kept');
  paused = false;
  calls.length = 0;
  await store.refresh();
  assert.ok(calls.some((c) => c.startsWith('/api/v1/satellites at ')), 'unpaused: fetched again');
});
