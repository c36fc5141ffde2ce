// The leotwin map: MapLibre GL draws the base map (territory polygons from our own API, no
// external tiles, fonts or glyphs); deck.gl draws the twin's layers on top. Every layer comes from
// the JSON API of `leotwin serve`; a layer whose endpoint answers 404/501 is disabled with a note.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { GeoJsonLayer, LineLayer, PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import './style.css';
import { getJson, isUnavailable } from './api.js';
import { drawRttChart } from './chart.js';

const $ = (id) => document.getElementById(id);

// Availability states of the public coverage map of the real service, and their colours.
const AVAILABILITY = [
  ['available', 'available', [46, 204, 113]],
  ['waitlist', 'waitlist', [241, 196, 15]],
  ['coming_soon', 'coming soon', [52, 152, 219]],
  ['service_date_unknown', 'service date unknown', [149, 165, 166]],
  ['blocked', 'blocked', [231, 76, 60]],
];
const AVAILABILITY_COLOR = Object.fromEntries(AVAILABILITY.map(([k, , c]) => [k, c]));
const TERRITORY_FILL = {
  available: '#1d4a37', waitlist: '#4a4420', coming_soon: '#1d3a55', unavailable: '#2d3a48',
  blocked: '#4f2326',
};

// Layer catalogue: what the person can switch on and off.
const LAYERS = [
  { id: 'satellites', label: 'Satellites', endpoint: '/api/v1/satellites', timed: true, on: true },
  { id: 'links', label: 'Laser links', endpoint: '/api/v1/links', timed: true, on: false },
  { id: 'coverage', label: 'Coverage (satellites in view)', endpoint: '/api/v1/coverage', timed: true, on: false },
  // Policy layers follow the policy's clock (the ledger, now), not the satellites' time slider.
  { id: 'availability', label: 'Availability (policy now)', endpoint: '/api/v1/availability', timed: false, on: false },
  { id: 'geofences', label: 'Geofences', endpoint: '/api/v1/geofences', timed: false, on: false },
  { id: 'activity', label: 'Activity (k-anonymous)', endpoint: '/api/v1/activity', timed: true, on: false },
  { id: 'cities', label: 'Cities (click two for a route)', endpoint: '/api/v1/cities', timed: false, on: true },
];

const state = {
  info: null,
  t0: 0, // Unix seconds at the slider's left end.
  t1: 86400,
  t: 0,
  playing: false,
  speed: 60,
  layers: Object.fromEntries(LAYERS.map((l) => [l.id, { ...l, available: true, note: '', data: null, dataT: null }])),
  route: null, // {from, to, path: [[lon, lat]], series, now}
  picks: [],
  updating: false,
  pending: false,
  renders: 0,
};

const iso = (unixSeconds) => new Date(Math.round(unixSeconds * 1000)).toISOString().replace('.000Z', 'Z');

function showError(message) {
  $('error-line').textContent = message ?? '';
}

// ---------------------------------------------------------------- map and overlay

const map = new maplibregl.Map({
  container: 'map',
  style: {
    version: 8,
    sources: {},
    layers: [{ id: 'ocean', type: 'background', paint: { 'background-color': '#0b2239' } }],
  },
  center: [10, 25],
  zoom: 1.35,
  minZoom: 0.5,
  maxZoom: 9,
  dragRotate: false,
  pitchWithRotate: false,
  attributionControl: false,
  renderWorldCopies: true,
  canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
});
map.touchZoomRotate.disableRotation();

const overlay = new MapboxOverlay({ interleaved: false, layers: [], getCursor: ({ isHovering }) => (isHovering ? 'pointer' : 'grab') });
map.addControl(overlay);

// A 30-degree graticule, drawn when the server has no territories (so the map still has bearings).
function graticule() {
  const features = [];
  for (let lon = -180; lon <= 180; lon += 30) {
    const coords = [];
    for (let lat = -85; lat <= 85; lat += 5) coords.push([lon, lat]);
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
  }
  for (let lat = -60; lat <= 60; lat += 30) {
    const coords = [];
    for (let lon = -180; lon <= 180; lon += 5) coords.push([lon, lat]);
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
  }
  return { type: 'FeatureCollection', features };
}

async function loadBaseMap() {
  const res = await getJson('/api/v1/territories');
  map.addSource('graticule', { type: 'geojson', data: graticule() });
  map.addLayer({ id: 'graticule', type: 'line', source: 'graticule', paint: { 'line-color': '#1d3957', 'line-width': 0.6 } });
  if (!res.ok) {
    $('scenario').textContent += ' · no territories on this server';
    return;
  }
  map.addSource('territories', { type: 'geojson', data: res.data });
  const fill = ['match', ['coalesce', ['get', 'state'], 'none']];
  for (const [k, v] of Object.entries(TERRITORY_FILL)) fill.push(k, v);
  fill.push('#2b3b4e');
  map.addLayer({ id: 'territory-fill', type: 'fill', source: 'territories', paint: { 'fill-color': fill, 'fill-opacity': 1 } });
  map.addLayer({ id: 'territory-line', type: 'line', source: 'territories', paint: { 'line-color': '#5d7594', 'line-width': 0.5 } });
}

// ---------------------------------------------------------------- layers

function binaryPoints(lon, lat) {
  const n = lon.length;
  const positions = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    positions[2 * i] = lon[i];
    positions[2 * i + 1] = lat[i];
  }
  return { length: n, attributes: { getPosition: { value: positions, size: 2 } } };
}

function linkSegments(links, sats) {
  const m = links.a.length;
  const src = new Float32Array(2 * m);
  const dst = new Float32Array(2 * m);
  for (let k = 0; k < m; k++) {
    const a = links.a[k];
    const b = links.b[k];
    let lonB = sats.lon[b];
    const lonA = sats.lon[a];
    // Draw across the antimeridian the short way (the map repeats the world).
    if (lonB - lonA > 180) lonB -= 360;
    else if (lonB - lonA < -180) lonB += 360;
    src[2 * k] = lonA;
    src[2 * k + 1] = sats.lat[a];
    dst[2 * k] = lonB;
    dst[2 * k + 1] = sats.lat[b];
  }
  return { length: m, attributes: { getSourcePosition: { value: src, size: 2 }, getTargetPosition: { value: dst, size: 2 } } };
}

function coverageColor(n, max) {
  if (!n) return [200, 60, 60, 90];
  const f = Math.min(1, n / Math.max(1, max));
  return [Math.round(30 + 20 * f), Math.round(120 + 100 * f), Math.round(160 + 60 * f), 120];
}

function deckLayers() {
  const L = state.layers;
  const out = [];
  const on = (id) => L[id].on && L[id].available && L[id].data;
  if (on('coverage')) {
    const max = L.coverage.data.max_in_view ?? 10;
    out.push(new PolygonLayer({
      id: 'coverage', data: L.coverage.data.cells, getPolygon: (c) => c.polygon,
      getFillColor: (c) => coverageColor(c.in_view, max), stroked: false, wrapLongitude: true,
      updateTriggers: { getFillColor: [state.layers.coverage.dataT] },
    }));
  }
  if (on('availability')) {
    out.push(new PolygonLayer({
      id: 'availability', data: L.availability.data.cells, getPolygon: (c) => c.polygon,
      getFillColor: (c) => [...(AVAILABILITY_COLOR[c.state] ?? [120, 120, 120]), 140], stroked: false,
      wrapLongitude: true, updateTriggers: { getFillColor: [state.layers.availability.dataT] },
    }));
  }
  if (on('activity')) {
    const max = L.activity.data.max_terminals ?? 100;
    out.push(new PolygonLayer({
      id: 'activity', data: L.activity.data.cells, getPolygon: (c) => c.polygon,
      getFillColor: (c) => [255, 140, 0, Math.round(60 + 160 * Math.min(1, c.terminals / Math.max(1, max)))],
      stroked: false, wrapLongitude: true, updateTriggers: { getFillColor: [state.layers.activity.dataT] },
    }));
  }
  if (on('geofences')) {
    out.push(new GeoJsonLayer({
      id: 'geofences', data: L.geofences.data, filled: true, stroked: true,
      getFillColor: [255, 80, 160, 50], getLineColor: [255, 80, 160, 220], lineWidthMinPixels: 1.5,
    }));
  }
  if (on('links') && L.satellites.data) {
    out.push(new LineLayer({
      id: 'links', data: linkSegments(L.links.data, L.satellites.data), getColor: [92, 200, 255, 70],
      getWidth: 1, widthUnits: 'pixels',
    }));
  }
  if (on('satellites')) {
    const s = L.satellites.data;
    out.push(new ScatterplotLayer({
      id: 'satellites', data: binaryPoints(s.lon, s.lat), getFillColor: [255, 214, 102, 230],
      getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 1.6, radiusMaxPixels: 4,
    }));
  }
  if (on('cities')) {
    out.push(new ScatterplotLayer({
      id: 'cities', data: L.cities.data.cities, getPosition: (c) => [c.lon, c.lat],
      getFillColor: (c) => (state.picks.includes(c) ? [255, 255, 255, 255] : [180, 200, 220, 160]),
      getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 2.5, pickable: true,
      onClick: ({ object }) => object && pickCity(object),
      updateTriggers: { getFillColor: [state.picks.length, state.picks[0]?.name, state.picks[1]?.name] },
    }));
  }
  if (state.route?.path?.length) {
    out.push(new PathLayer({
      id: 'route', data: [{ path: state.route.path }], getPath: (d) => d.path, getColor: [255, 64, 129, 255],
      getWidth: 3, widthUnits: 'pixels', wrapLongitude: true, jointRounded: true, capRounded: true,
    }));
    out.push(new ScatterplotLayer({
      id: 'route-nodes', data: state.route.nodes, getPosition: (n) => [n.lon, n.lat],
      getFillColor: (n) => (n.kind === 'satellite' ? [255, 64, 129, 255] : [255, 255, 255, 255]),
      getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 3.5,
    }));
  }
  return out;
}

function render() {
  overlay.setProps({ layers: deckLayers() });
  state.renders++;
  const s = state.layers.satellites.data;
  if (s) $('sat-count').textContent = s.count.toLocaleString('en-US');
  renderLegend();
}

function renderLegend() {
  const legend = $('legend');
  const parts = [];
  if (state.layers.availability.on && state.layers.availability.available) {
    parts.push('<div><b>Availability</b></div>' + AVAILABILITY.map(([, label, c]) =>
      `<div><span class="swatch" style="background:rgb(${c.join(',')})"></span>${label}</div>`).join(''));
  }
  if (state.layers.coverage.on && state.layers.coverage.available && state.layers.coverage.data) {
    const max = state.layers.coverage.data.max_in_view ?? 0;
    const c0 = coverageColor(0, max);
    const c1 = coverageColor(max, max);
    parts.push(`<div><b>Coverage</b> (satellites in view)</div>
      <div><span class="swatch" style="background:rgba(${c0.slice(0, 3).join(',')},0.7)"></span>none</div>
      <div><span class="swatch" style="background:rgb(${c1.slice(0, 3).join(',')})"></span>${max} (most)</div>`);
  }
  legend.hidden = parts.length === 0;
  legend.innerHTML = parts.join('');
}

// ---------------------------------------------------------------- layer list UI

function buildLayerList() {
  const ul = $('layers');
  ul.replaceChildren();
  for (const def of LAYERS) {
    const L = state.layers[def.id];
    const li = document.createElement('li');
    li.id = `layer-${def.id}`;
    li.className = L.available ? '' : 'unavailable';
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.dataset.layer = def.id;
    box.checked = L.on && L.available;
    box.disabled = !L.available;
    box.addEventListener('change', () => toggleLayer(def.id, box.checked));
    label.append(box, ' ', def.label);
    li.append(label);
    if (L.note) {
      const note = document.createElement('span');
      note.className = 'note';
      note.textContent = L.note;
      li.append(note);
    }
    ul.append(li);
  }
}

function markUnavailable(id, note) {
  const L = state.layers[id];
  L.available = false;
  L.on = false;
  L.note = `not available: ${note}`;
  L.data = null;
  buildLayerList();
}

async function toggleLayer(id, on) {
  state.layers[id].on = on;
  if (on && (!state.layers[id].data || state.layers[id].timed)) await fetchLayer(id);
  render();
}

const LAYER_PARAMS = {
  coverage: () => ({ level: 5 }),
  availability: () => ({ level: 5 }),
  cities: () => ({ limit: 1000 }),
};

async function fetchLayer(id) {
  const L = state.layers[id];
  if (!L.available) return;
  const params = { ...(LAYER_PARAMS[id]?.() ?? {}) };
  const t = state.t;
  if (L.timed) params.at = iso(t);
  const res = await getJson(L.endpoint, params);
  if (res.ok) {
    L.data = res.data;
    L.dataT = t;
  } else if (isUnavailable(res)) {
    markUnavailable(id, res.error);
  } else {
    showError(`${L.label}: ${res.error}`);
  }
}

// ---------------------------------------------------------------- time

function setTime(t, { fromSlider = false } = {}) {
  state.t = Math.min(state.t1, Math.max(state.t0, t));
  if (!fromSlider) $('time-slider').value = String(Math.round(state.t - state.t0));
  $('time-label').textContent = iso(state.t).replace('T', ' ');
  requestUpdate();
}

// Refetches the time-dependent layers (and the route) for state.t; at most one update in flight.
async function requestUpdate() {
  if (state.updating) {
    state.pending = true;
    return;
  }
  state.updating = true;
  try {
    do {
      state.pending = false;
      const jobs = LAYERS.filter((l) => l.timed && state.layers[l.id].on).map((l) => fetchLayer(l.id));
      if (state.route) jobs.push(updateRouteNow());
      await Promise.all(jobs);
      render();
      if (state.route?.series) drawRttChart($('rtt-chart'), state.route.series, state.t);
    } while (state.pending);
  } finally {
    state.updating = false;
  }
}

function setPlaying(playing) {
  state.playing = playing;
  $('play').textContent = playing ? '⏸' : '▶';
  $('play').setAttribute('aria-label', playing ? 'pause' : 'play');
}

const TICK_MS = 250;
setInterval(() => {
  if (!state.playing || state.updating) return;
  let t = state.t + (state.speed * TICK_MS) / 1000;
  if (t > state.t1) t = state.t0;
  setTime(t);
}, TICK_MS);

// ---------------------------------------------------------------- route

function cityLabel(c) {
  return c.country ? `${c.name}, ${c.country}` : c.name;
}

function pickCity(city) {
  state.picks = state.picks.length >= 2 ? [city] : [...state.picks, city];
  $('route-from').value = state.picks[0] ? cityLabel(state.picks[0]) : '';
  $('route-to').value = state.picks[1] ? cityLabel(state.picks[1]) : '';
  render();
  if (state.picks.length === 2) computeRoute();
}

function nodesToPath(nodes) {
  // Unwrap longitudes so the path never jumps across the whole map.
  const path = [];
  let prev = null;
  for (const n of nodes) {
    let lon = n.lon;
    if (prev !== null) {
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
    }
    path.push([lon, n.lat]);
    prev = lon;
  }
  return path;
}

async function updateRouteNow() {
  const r = state.route;
  const res = await getJson('/api/v1/route', { from: r.from, to: r.to, at: iso(state.t) });
  if (!res.ok) {
    $('route-status').textContent = `route: ${res.error}`;
    r.path = [];
    r.nodes = [];
    return;
  }
  const d = res.data;
  r.nodes = d.path ?? [];
  r.path = nodesToPath(r.nodes);
  r.now = d;
  const rtt = d.rtt_ms === null || d.rtt_ms === undefined ? 'unreachable' : `${d.rtt_ms.toFixed(1)} ms RTT`;
  const fiber = d.fiber?.rtt_ms ? ` · fiber (great circle) ${d.fiber.rtt_ms.toFixed(1)} ms` : '';
  $('route-status').textContent = `${d.from.name} → ${d.to.name}: ${rtt}, ${d.hops ?? 0} hops${fiber}`;
}

async function computeRoute() {
  const from = $('route-from').value.trim();
  const to = $('route-to').value.trim();
  if (!from || !to) {
    $('route-status').textContent = 'pick two cities';
    return;
  }
  state.route = { from, to, path: [], nodes: [], series: null };
  $('route-status').textContent = 'routing…';
  await updateRouteNow();
  if (!state.route?.path?.length && !state.route?.now) {
    render();
    return;
  }
  // RTT over a window starting at the slider's start: 2 h at 2-minute steps (61 samples).
  const duration = Math.min(7200, Math.max(600, state.t1 - state.t0));
  const res = await getJson('/api/v1/rtt', { from, to, start: iso(state.t0), duration: `${duration}s`, step: '120s' });
  if (res.ok) {
    state.route.series = { t: res.data.t, rtt: res.data.rtt_ms, fiber_ms: res.data.fiber?.rtt_ms ?? null };
    drawRttChart($('rtt-chart'), state.route.series, state.t);
  } else {
    $('route-status').textContent += ` · RTT series: ${res.error}`;
  }
  render();
}

function clearRoute() {
  state.route = null;
  state.picks = [];
  $('route-status').textContent = '';
  $('rtt-chart').replaceChildren();
  render();
}

// ---------------------------------------------------------------- start

async function start() {
  $('play').addEventListener('click', () => setPlaying(!state.playing));
  $('speed').addEventListener('change', (e) => { state.speed = Number(e.target.value); });
  $('time-slider').addEventListener('input', (e) => setTime(state.t0 + Number(e.target.value), { fromSlider: true }));
  $('route-go').addEventListener('click', computeRoute);
  $('route-clear').addEventListener('click', clearRoute);

  const info = await getJson('/api/v1/info');
  if (!info.ok) {
    showError(`cannot reach the leotwin API: ${info.error}`);
    return;
  }
  state.info = info.data;
  const tinfo = info.data.time;
  state.t0 = Date.parse(tinfo.start) / 1000;
  state.t1 = Date.parse(tinfo.end) / 1000;
  state.t = Date.parse(tinfo.default) / 1000;
  const slider = $('time-slider');
  slider.max = String(Math.round(state.t1 - state.t0));
  slider.step = String(tinfo.slider_step_s ?? 10);
  $('scenario').textContent = `${info.data.constellation.name} · epoch ${info.data.constellation.epoch.slice(0, 16).replace('T', ' ')}`;
  for (const [id, meta] of Object.entries(info.data.layers ?? {})) {
    if (state.layers[id] && meta.available === false) markUnavailable(id, meta.note ?? 'no data');
  }
  buildLayerList();

  await new Promise((resolve) => (map.loaded() ? resolve() : map.once('load', resolve)));
  await loadBaseMap();
  await fetchLayer('cities');
  const list = $('city-list');
  for (const c of state.layers.cities.data?.cities ?? []) {
    const opt = document.createElement('option');
    opt.value = cityLabel(c);
    list.append(opt);
  }
  setTime(state.t);
  await requestUpdate();
  document.body.dataset.ready = 'true';
}

// For the browser tests and the curious: the page's state and a few probes.
window.leotwin = {
  state,
  map,
  deckLayerIds: () => deckLayers().map((l) => l.id),
  isLayerOn: (id) => Boolean(state.layers[id]?.on && state.layers[id]?.available),
  ready: start().catch((e) => {
    showError(String(e));
    throw e;
  }),
};
