// The leotwin map: MapLibre GL draws the base map (basemap.js); deck.gl draws the registry's layers
// (layers/) and the route on top. Every layer comes from the JSON API of `leotwin serve`; a layer
// whose endpoint answers 401/404/501/503 is disabled with a note. With a policy ledger (a scenario),
// the slider spans the policy history before the orbital window, ledger entries are marks on it,
// territories are coloured by their state at the slider's instant, and a click on a territory,
// geofence or terminal explains it (story.js). A track (track-panel.js) takes the slider over: it
// spans the track, its transitions are the marks, and the terminal's state follows the slider.
// This file only wires the parts.
import { MapboxOverlay } from '@deck.gl/mapbox';
import { GeoJsonLayer, LineLayer, PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import './style.css';
import { getJson } from './api.js';
import { addBaseLayers, createMap, mapLoaded } from './basemap.js';
import { createStory } from './story.js';
import { LAYERS } from './layers/index.js';
import { cityLabel } from './layers/cities.js';
import { renderLayerList } from './layer-list.js';
import { createLayerStore } from './layer-store.js';
import { legendHtml } from './lib/legend.js';
import { layerProblems } from './lib/registry.js';
import { isoUtc, parseIso } from './lib/time.js';
import { createRoutePanel } from './route-panel.js';
import { createTimeControl } from './time-control.js';
import { createTrackPanel } from './track-panel.js';

const $ = (id) => document.getElementById(id);
// The deck.gl classes the layer modules build with (they do not import deck.gl themselves).
const DECK = { GeoJsonLayer, LineLayer, PathLayer, PolygonLayer, ScatterplotLayer };

const problems = LAYERS.flatMap(layerProblems);
if (problems.length) throw new Error(`layer registry: ${problems.join('; ')}`);

const state = {
  info: null,
  hasLedger: false, // the policy clock follows the slider only when a ledger backs the policy
  updating: false,
  pending: false,
  renders: 0,
  get layers() { return store.entries; }, // per layer: on, available, note, data, instant
  get route() { return route.panel.route; }, // {from, to, path, nodes, series, now} or null
  // The slider's range and marks without a track (restored when the track is cleared).
  range: null,
  ledgerMarks: [],
  // A track outside the server's orbital query range pauses the orbit clock's layers.
  orbitPaused: false,
};

function showError(message) {
  $('error-line').textContent = message ?? '';
}

const map = createMap('map');
const overlay = new MapboxOverlay({ interleaved: false, layers: [], getCursor: ({ isHovering }) => (isHovering ? 'pointer' : 'grab') });
map.addControl(overlay);

const time = createTimeControl({
  slider: $('time-slider'), label: $('time-label'), playButton: $('play'), speedSelect: $('speed'),
  marksBox: $('time-marks'), prevMark: $('mark-prev'), nextMark: $('mark-next'), onChange: () => requestUpdate(),
  onMark: (m) => { if (!m.track) story.showMark(m); }, isBusy: () => state.updating,
});
// The satellites' clock: the slider's instant, held at the window's start while it is in the history.
const orbitClock = {
  get t() { return time.scale.orbitTime(time.t); },
  get start() { return time.scale.segments.at(-1).t0; },
  get end() { return time.scale.end; },
};
// undefined policyTime: the policy now (lib/registry.js).
const context = () => ({ t: orbitClock.t, policyTime: state.hasLedger ? time.t : undefined });
const store = createLayerStore(LAYERS, {
  context, onUnavailable: () => buildLayerList(), onError: showError, isPaused: (layer) => state.orbitPaused && layer.clock === 'orbit',
});
const routeElements = {
  from: $('route-from'), to: $('route-to'), go: $('route-go'), clear: $('route-clear'), status: $('route-status'), chart: $('rtt-chart'),
};
const route = createRoutePanel(routeElements, orbitClock, () => render());
const track = createTrackPanel({
  terminal: $('track-terminal'), kind: $('track-kind'), to: $('track-to'), file: $('track-file'), demo: $('track-demo'),
  clear: $('track-clear'), status: $('track-status'), text: $('track-text'),
}, {
  onLoaded: ({ start, end, marks }) => {
    const t = state.info.time;
    state.orbitPaused = start < parseIso(t.min) || end > parseIso(t.max);
    if (state.orbitPaused) $('track-status').textContent += ' · satellite layers paused (the track is outside the orbital window)';
    time.setRange({ orbit: { start, end } });
    time.setMarks(marks, parseIso);
    time.set(start);
  },
  onCleared: () => {
    state.orbitPaused = false;
    time.setRange(state.range);
    time.setMarks(state.ledgerMarks, parseIso);
    time.set(parseIso(state.info.time.default));
  },
});
const story = createStory({
  map, time, panel: $('explain'), text: $('explain-text'), close: $('explain-close'),
  pickAt: (p) => overlay.pickObject({ x: p.x, y: p.y, radius: 3 }),
});

// Clicks on pickable objects of registry layers.
function select(layerId, object) {
  if (layerId === 'cities') route.pickCity(object);
  else if (layerId === 'geofences') story.explain({ geofence: object.properties?.id });
  else if (layerId === 'terminals') story.explain({ terminal: object.id, lat: object.lat, lon: object.lon });
}

function deckLayers() {
  const ctx = { ...context(), deck: DECK, data: store.dataById(), selection: { cities: route.panel.picks }, select };
  return [...store.drawable().flatMap((l) => l.build(store.entries[l.id].data, ctx)), ...route.build(DECK), ...track.build(DECK)];
}

function render() {
  overlay.setProps({ layers: deckLayers() });
  state.renders++;
  const sats = store.entries.satellites.data;
  if (sats) $('sat-count').textContent = sats.count.toLocaleString('en-US');
  const legend = $('legend');
  legend.innerHTML = legendHtml(store.drawable().map((l) => l.legend(store.entries[l.id].data)));
  legend.hidden = legend.innerHTML === '';
}

function buildLayerList() {
  renderLayerList($('layers'), LAYERS, store.entries, async (id, on) => {
    store.entries[id].on = on;
    await store.refresh();
    render();
  });
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
      track.update(time.t);
      await Promise.all([store.refresh(), state.route && route.updateNow(), story.update()]);
      render();
      route.drawChart();
    } while (state.pending);
  } finally {
    state.updating = false;
  }
}

// Milliseconds from the navigation's start to each step of start(), for the browser test.
const startup = {};
const mark = (step) => (startup[step] = Math.round(performance.now()));

async function start() {
  mark('script');
  const info = await getJson('/api/v1/info');
  if (!info.ok) {
    showError(`cannot reach the leotwin API: ${info.error}`);
    return;
  }
  mark('info');
  state.info = info.data;
  state.hasLedger = Boolean(info.data.policy?.ledger);
  // The history is fetched while the base map loads.
  const timelineReply = state.hasLedger ? getJson('/api/v1/timeline') : Promise.resolve(null);
  const tinfo = info.data.time;
  const orbit = { start: parseIso(tinfo.start), end: parseIso(tinfo.end) };
  const timeline = await timelineReply;
  const span = timeline?.ok ? timeline.data.history : null;
  state.range = { orbit, history: span?.start ? { start: parseIso(span.start), end: parseIso(span.end) } : null };
  time.setRange(state.range);
  if (timeline?.ok) {
    state.ledgerMarks = timeline.data.marks;
    time.setMarks(state.ledgerMarks, parseIso);
  }
  const citiesLoaded = store.load('cities'); // its query reads the slider's range
  $('scenario').textContent = `${info.data.constellation.name} · epoch ${info.data.constellation.epoch.slice(0, 16).replace('T', ' ')}`;
  story.setInfo(info.data);
  if (info.data.scenario?.name === 'demo') track.offerDemo();
  for (const [id, meta] of Object.entries(info.data.layers ?? {})) {
    if (store.entries[id] && meta.available === false) store.markUnavailable(id, meta.note ?? 'no data');
  }
  // Terminals are subscriber data: without the admin token the page does not even ask.
  if (info.data.access !== 'admin') {
    store.markUnavailable('terminals', 'needs the admin token (open the address `leotwin serve --scenario` prints)');
  }
  buildLayerList();
  mark('timeline');

  await mapLoaded(map);
  mark('map');
  // Served with their states at the instant the page opens at (below), so nothing is recoloured
  // until the slider moves.
  const openedAt = isoUtc(parseIso(tinfo.default));
  addBaseLayers(map, { at: openedAt, onMissing: () => ($('scenario').textContent += ' · no territories on this server') });
  if (state.hasLedger) story.setTerritories(openedAt);
  mark('territories-added');
  await citiesLoaded;
  const list = $('city-list');
  for (const c of store.entries.cities.data?.cities ?? []) {
    const opt = document.createElement('option');
    opt.value = cityLabel(c);
    list.append(opt);
  }
  mark('cities');
  // With a history, the page opens at the end of it (the policy in force over the orbital window).
  time.set(parseIso(tinfo.default));
  await requestUpdate();
  mark('layers');
  document.body.dataset.ready = 'true';
  // The first frame with everything drawn: MapLibre idle (territory tiles built and drawn) and
  // one more animation frame (deck.gl's layers).
  await new Promise((resolve) => (map.loaded() && map.areTilesLoaded() ? resolve() : map.once('idle', resolve)));
  mark('map-idle');
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  mark('painted');
}

// For the browser tests and the curious: the page's state and a few probes.
window.leotwin = {
  state,
  map,
  time,
  deckLayerIds: () => deckLayers().map((l) => l.id),
  isLayerOn: (id) => Boolean(store.entries[id] && store.isShown(id)),
  story,
  track,
  startup,
  ready: start().catch((e) => {
    showError(String(e));
    throw e;
  }),
};
