// Service availability per cell under the policy (the public availability map's states).
import { AVAILABILITY_STATES, availabilityColor } from '../lib/colors.js';

export const id = 'availability';
export const label = 'Availability (policy now)';
export const endpoint = '/api/v1/availability';
export const clock = 'policy';
export const initiallyOn = false;
export const drawOrder = 20;

export function params() {
  return { level: 5 };
}

export function build(data, { deck }) {
  return [new deck.PolygonLayer({
    id, data: data.cells, getPolygon: (c) => c.polygon, getFillColor: (c) => availabilityColor(c.state),
    stroked: false, wrapLongitude: true, updateTriggers: { getFillColor: [data] },
  })];
}

export function legend() {
  return { title: 'Availability', items: AVAILABILITY_STATES.map((s) => ({ label: s.label, color: s.color, alpha: 1 })) };
}
