// Geofences of the policy (GeoJSON), unwrapped so one crossing the antimeridian stays one shape.
import { unwrapGeoJson } from '../lib/antimeridian.js';

export const id = 'geofences';
export const label = 'Geofences';
export const endpoint = '/api/v1/geofences';
export const clock = 'policy';
export const initiallyOn = false;
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

export function build(data, { deck }) {
  return [new deck.GeoJsonLayer({
    id, data: drawable(data), filled: true, stroked: true,
    getFillColor: [255, 80, 160, 50], getLineColor: [255, 80, 160, 220], lineWidthMinPixels: 1.5,
  })];
}

export function legend() {
  return null;
}
