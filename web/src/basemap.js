// The MapLibre base map: ocean, a graticule and the territory polygons served by the twin, filled by
// activation state. No external tiles, fonts or glyphs. Territories crossing the antimeridian
// (Russia, Fiji) and Antarctica (a ring around the South Pole) are unwrapped first: drawn as
// stored they put a band across the northern map and lines across the whole width.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { territoryFillExpression } from './lib/colors.js';
import { graticule } from './lib/geometry.js';

export function createMap(container) {
  const map = new maplibregl.Map({
    container,
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
  return map;
}

export function mapLoaded(map) {
  return new Promise((resolve) => (map.loaded() ? resolve() : map.once('load', resolve)));
}

// Adds the graticule and the territories. MapLibre's worker fetches and parses the territories
// itself (a URL, not an object), so the page's main thread never touches their 99,000 vertices;
// the server sends them unwrapped for a flat map, with their borders apart (?shape=map|borders,
// the rules of lib/antimeridian.js), with their states at `at` (ISO). `onMissing` runs if the
// server has none.
export function addBaseLayers(map, { at, onMissing } = {}) {
  map.addSource('graticule', { type: 'geojson', data: graticule() });
  map.addLayer({ id: 'graticule', type: 'line', source: 'graticule', paint: { 'line-color': '#1d3957', 'line-width': 0.6 } });
  // Borders come from their own source: a polar cap's fill is closed along the map's edge, its
  // border is not (it would draw a line down the antimeridian through Antarctica).
  // Natural Earth 1:50m has 99,000 vertices: tiles past zoom 6 add no detail, and a coarser
  // simplification per tile (MapLibre's default tolerance is 0.375) halves the first tiling.
  const tiling = { maxzoom: 6, tolerance: 1 };
  // Absolute: the worker that fetches it does not resolve against the page's address.
  const url = (shape) => {
    const u = new URL('/api/v1/territories', window.location.href);
    u.searchParams.set('shape', shape);
    if (at) u.searchParams.set('at', at);
    return u.href;
  };
  map.addSource('territories', { type: 'geojson', data: url('map'), promoteId: 'iso_a2', ...tiling });
  map.addSource('territory-borders', { type: 'geojson', data: url('borders'), ...tiling });
  map.addLayer({
    id: 'territory-fill', type: 'fill', source: 'territories',
    paint: { 'fill-color': territoryFillExpression(), 'fill-opacity': 1 },
  });
  map.addLayer({
    id: 'territory-line', type: 'line', source: 'territory-borders', paint: { 'line-color': '#5d7594', 'line-width': 0.5 },
  });
  const missing = (e) => {
    if (e.sourceId !== 'territories') return;
    map.off('error', missing);
    onMissing?.(e.error);
  };
  map.on('error', missing);
}

// Recolours the territories by their states at another instant of the policy ({ISO: state}):
// feature states, so the polygons are not tiled again (seconds for 99,000 vertices).
export function setTerritoryStates(map, states) {
  if (!map.getSource('territories')) return;
  for (const [iso, state] of Object.entries(states)) map.setFeatureState({ source: 'territories', id: iso }, { state });
}
