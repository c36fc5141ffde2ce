// The leotwin map: MapLibre GL draws the base map (basemap.js); deck.gl draws the registry's layers
// (layers/) and the route on top. Every layer comes from the JSON API of `leotwin serve`; a layer
// whose endpoint answers 404/501/503 is disabled with a note. This file only wires the parts.
import { MapboxOverlay } from '@deck.gl/mapbox';
import { GeoJsonLayer, LineLayer, PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import './style.css';
import { getJson, isUnavailable } from './api.js';
import { addBaseLayers, createMap, mapLoaded } from './basemap.js';
import { LAYERS, layerById } from './layers/index.js';
import { cityLabel } from './layers/cities.js';
import { renderLayerList } from './layer-list.js';
import { legendHtml } from './lib/legend.js';
import { dataInstant, layerProblems, layerQuery } from './lib/registry.js';
import { isoUtc, parseIso } from './lib/time.js';
import { createRoutePanel } from './route-panel.js';
import { createTimeControl } from './time-control.js';

const $ = (id) => document.getElementById(id);
// The deck.gl classes the layer modules build with (they do not import deck.gl themselves).
const DECK = { GeoJsonLayer, LineLayer, PathLayer, PolygonLayer, ScatterplotLayer };

for (const layer of LAYERS) {
  const problems = layerProblems(layer);
  if (problems.length) throw new Error(`layer registry: ${problems.join('; ')}`);
}

const state = {
  info: null,
  // Per layer: on, available, note, data and the instant the data is for.
  layers: Object.fromEntries(LAYERS.map((l) => [l.id, { on: l.initiallyOn, available: true, note: '', data: null, instant: undefined }])),
  policyTime: undefined, // undefined: the policy now (lib/registry.js)
  get route() { return route.panel.route; }, // {from, to, path, nodes, series, now} or null
  updating: false,
  pending: false,
  renders: 0,
};

function showError(message) {
  $('error-line').textContent = message ?? '';
}

const map = createMap('map');
const overlay = new MapboxOverlay({ interleaved: false, layers: [], getCursor: ({ isHovering }) => (isHovering ? 'pointer' : 'grab') });
map.addControl(overlay);

const time = createTimeControl({
  slider: $('time-slider'), label: $('time-label'), playButton: $('play'), speedSelect: $('speed'),
  onChange: () => requestUpdate(), isBusy: () => state.updating,
});
const route = createRoutePanel(
  { from: $('route-from'), to: $('route-to'), go: $('route-go'), clear: $('route-clear'), status: $('route-status'), chart: $('rtt-chart') },
  time, () => render());

const context = () => ({ t: time.t, policyTime: state.policyTime });
const isShown = (id) => state.layers[id].on && state.layers[id].available;

// Clicks on pickable objects of registry layers.
function select(layerId, object) {
  if (layerId === 'cities') route.pickCity(object);
}

function deckLayers() {
  const data = Object.fromEntries(LAYERS.map((l) => [l.id, state.layers[l.id].data]));
  const ctx = { ...context(), deck: DECK, data, selection: { cities: route.panel.picks }, select };
  const shown = LAYERS.filter((l) => isShown(l.id) && state.layers[l.id].data).sort((a, b) => a.drawOrder - b.drawOrder);
  return [...shown.flatMap((l) => l.build(state.layers[l.id].data, ctx)), ...route.build(DECK)];
}

function render() {
  overlay.setProps({ layers: deckLayers() });
  state.renders++;
  const sats = state.layers.satellites.data;
  if (sats) $('sat-count').textContent = sats.count.toLocaleString('en-US');
  const legends = LAYERS.filter((l) => isShown(l.id) && state.layers[l.id].data).map((l) => l.legend(state.layers[l.id].data));
  const legend = $('legend');
  legend.innerHTML = legendHtml(legends);
  legend.hidden = legend.innerHTML === '';
}

function buildLayerList() {
  renderLayerList($('layers'), LAYERS, state.layers, toggleLayer);
}

function markUnavailable(id, note) {
  Object.assign(state.layers[id], { available: false, on: false, note: `not available: ${note}`, data: null });
  buildLayerList();
}

async function fetchLayer(id) {
  const layer = layerById(id);
  const L = state.layers[id];
  if (!L.available) return;
  const ctx = context();
  const res = await getJson(layer.endpoint, layerQuery(layer, ctx, isoUtc));
  if (res.ok) {
    L.data = res.data;
    L.instant = dataInstant(layer, ctx);
  } else if (isUnavailable(res)) {
    markUnavailable(id, res.error);
  } else {
    showError(`${layer.label}: ${res.error}`);
  }
}

// Fetches a shown layer whose data is missing or for another instant.
function isStale(layer) {
  const L = state.layers[layer.id];
  return isShown(layer.id) && (!L.data || L.instant !== dataInstant(layer, context()));
}

async function toggleLayer(id, on) {
  state.layers[id].on = on;
  if (isStale(layerById(id))) await fetchLayer(id);
  render();
}

// Refetches the stale layers (and the route) for the current instant; at most one update in flight.
async function requestUpdate() {
  if (state.updating) {
    state.pending = true;
    return;
  }
  state.updating = true;
  try {
    do {
      state.pending = false;
      const jobs = LAYERS.filter(isStale).map((l) => fetchLayer(l.id));
      if (route.panel.route) jobs.push(route.updateNow());
      await Promise.all(jobs);
      render();
      route.drawChart();
    } while (state.pending);
  } finally {
    state.updating = false;
  }
}

async function start() {
  const info = await getJson('/api/v1/info');
  if (!info.ok) {
    showError(`cannot reach the leotwin API: ${info.error}`);
    return;
  }
  state.info = info.data;
  const tinfo = info.data.time;
  time.setRange(parseIso(tinfo.start), parseIso(tinfo.end), tinfo.slider_step_s ?? 10);
  $('scenario').textContent = `${info.data.constellation.name} · epoch ${info.data.constellation.epoch.slice(0, 16).replace('T', ' ')}`;
  for (const [id, meta] of Object.entries(info.data.layers ?? {})) {
    if (state.layers[id] && meta.available === false) markUnavailable(id, meta.note ?? 'no data');
  }
  buildLayerList();

  await mapLoaded(map);
  const territories = await getJson('/api/v1/territories');
  if (!territories.ok) $('scenario').textContent += ' · no territories on this server';
  addBaseLayers(map, territories.ok ? territories.data : null);
  await fetchLayer('cities');
  const list = $('city-list');
  for (const c of state.layers.cities.data?.cities ?? []) {
    const opt = document.createElement('option');
    opt.value = cityLabel(c);
    list.append(opt);
  }
  time.set(parseIso(tinfo.default));
  await requestUpdate();
  document.body.dataset.ready = 'true';
}

// For the browser tests and the curious: the page's state and a few probes.
window.leotwin = {
  state,
  map,
  time,
  deckLayerIds: () => deckLayers().map((l) => l.id),
  isLayerOn: (id) => Boolean(state.layers[id] && isShown(id)),
  ready: start().catch((e) => {
    showError(String(e));
    throw e;
  }),
};
