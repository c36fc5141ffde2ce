// Geofences of the policy (GeoJSON), unwrapped so one crossing the antimeridian stays one shape.
import { unwrapGeoJson } from '../lib/antimeridian.js';

export const id = 'geofences';
export const label = 'Geofences';
export const endpoint = '/api/v1/geofences';
export const clock = 'policy';
export const initiallyOn = true;
export const drawOrder = 40;

export function params() {
  return {};
}

// The API's GeoJSON as drawn: computed once per reply (deck.gl compares data by identity).
const unwrapped = new WeakMap();
export function drawable(data) {
  if (!unwrapped.has(data)) unwrapped.set(data, unwrapGeoJson(data));
  return unwrapped.get(data);
}

// A click explains the geofence (who enacted it, when).
export function build(data, { deck, select }) {
  return [new deck.GeoJsonLayer({
    id, data: drawable(data), filled: true, stroked: true, pickable: true,
    getFillColor: (f) => (f.properties?.effect === 'allow' ? [80, 200, 255, 50] : [255, 80, 160, 60]),
    getLineColor: (f) => (f.properties?.effect === 'allow' ? [80, 200, 255, 220] : [255, 80, 160, 230]),
    lineWidthMinPixels: 1.5,
    onClick: ({ object }) => object && select(id, object),
  })];
}

export function legend() {
  return null;
}
