// Laser links between satellites at the slider's instant; positions come from the satellites layer.
import { linkSegments } from '../lib/geometry.js';

export const id = 'links';
export const label = 'Laser links';
export const endpoint = '/api/v1/links';
export const clock = 'orbit';
export const initiallyOn = false;
export const drawOrder = 50;

export function params() {
  return {};
}

export function build(data, { deck, data: all }) {
  // Link ends are satellite indices: without the satellites there is nothing to draw.
  if (!all.satellites) return [];
  return [new deck.LineLayer({
    id, data: linkSegments(data, all.satellites), getColor: [92, 200, 255, 70], getWidth: 1, widthUnits: 'pixels',
  })];
}

export function legend() {
  return null;
}
