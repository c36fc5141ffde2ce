// Every satellite at the slider's instant, as points (binary attributes: thousands of them).
import { binaryPoints } from '../lib/geometry.js';

export const id = 'satellites';
export const label = 'Satellites';
export const endpoint = '/api/v1/satellites';
export const clock = 'orbit';
export const initiallyOn = true;
export const drawOrder = 60;

// The binary form: a third of the bytes of JSON and no parsing (lib/satellites-f32.js).
export function params() {
  return { format: 'f32' };
}

export function build(data, { deck }) {
  return [new deck.ScatterplotLayer({
    id, data: binaryPoints(data.lon, data.lat), getFillColor: [255, 214, 102, 230],
    getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 1.6, radiusMaxPixels: 4,
  })];
}

export function legend() {
  return null;
}
