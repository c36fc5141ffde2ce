// Terminals per cell (k-anonymous: cells under k are suppressed by the server) at the slider's
// instant.
import { activityColor } from '../lib/colors.js';

export const id = 'activity';
export const label = 'Activity (k-anonymous)';
export const endpoint = '/api/v1/activity';
export const clock = 'orbit';
export const initiallyOn = false;
export const drawOrder = 30;

export function params() {
  return {};
}

export function build(data, { deck }) {
  const max = data.max_terminals ?? 100;
  return [new deck.PolygonLayer({
    id, data: data.cells, getPolygon: (c) => c.polygon, getFillColor: (c) => activityColor(c.terminals, max),
    stroked: false, wrapLongitude: true, updateTriggers: { getFillColor: [data] },
  })];
}

export function legend() {
  return null;
}
