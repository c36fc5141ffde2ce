// Satellites in view of each land cell at the slider's instant.
import { coverageColor } from '../lib/colors.js';

export const id = 'coverage';
export const label = 'Coverage (satellites in view)';
export const endpoint = '/api/v1/coverage';
export const clock = 'orbit';
export const initiallyOn = false;
export const drawOrder = 10;

export function params() {
  return { level: 5 };
}

const maxInView = (data) => data.max_in_view ?? 10;

export function build(data, { deck }) {
  const max = maxInView(data);
  return [new deck.PolygonLayer({
    id, data: data.cells, getPolygon: (c) => c.polygon, getFillColor: (c) => coverageColor(c.in_view, max),
    stroked: false, wrapLongitude: true, updateTriggers: { getFillColor: [data] },
  })];
}

export function legend(data) {
  const max = data.max_in_view ?? 0;
  return {
    title: 'Coverage', subtitle: 'satellites in view',
    items: [
      { label: 'none', color: coverageColor(0, max), alpha: 0.7 },
      { label: `${max} (most)`, color: coverageColor(max, max), alpha: 1 },
    ],
  };
}
