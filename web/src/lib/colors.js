// Colour scales of the map, as [r, g, b] or [r, g, b, a] (0-255), the form deck.gl takes.

// Availability states of the public coverage map of the real service, in legend order.
export const AVAILABILITY_STATES = [
  { state: 'available', label: 'available', color: [46, 204, 113] },
  { state: 'waitlist', label: 'waitlist', color: [241, 196, 15] },
  { state: 'coming_soon', label: 'coming soon', color: [52, 152, 219] },
  { state: 'service_date_unknown', label: 'service date unknown', color: [149, 165, 166] },
  { state: 'blocked', label: 'blocked', color: [231, 76, 60] },
];
const UNKNOWN_STATE_COLOR = [120, 120, 120];

export function availabilityColor(state, alpha = 140) {
  const entry = AVAILABILITY_STATES.find((s) => s.state === state);
  return [...(entry?.color ?? UNKNOWN_STATE_COLOR), alpha];
}

// Territory fill on the base map by activation state (MapLibre colours; dark, under the layers).
export const TERRITORY_FILL = {
  available: '#2a7a55', waitlist: '#8a7a22', coming_soon: '#2a5f8f', unavailable: '#3a4656',
  blocked: '#8a2f33',
};
export const TERRITORY_FILL_DEFAULT = '#2b3b4e';

// A MapLibre expression choosing the fill from the feature's `state` property.
export function territoryFillExpression() {
  // The state at the slider's instant (a feature state, set without re-tiling the polygons), else
  // the one the territories were served with.
  const expr = ['match', ['coalesce', ['feature-state', 'state'], ['get', 'state'], 'none']];
  for (const [state, color] of Object.entries(TERRITORY_FILL)) expr.push(state, color);
  expr.push(TERRITORY_FILL_DEFAULT);
  return expr;
}

// Satellites in view of a cell: red where none, then darker to lighter blue-green up to `max`.
export function coverageColor(inView, max) {
  if (!inView) return [200, 60, 60, 90];
  const f = Math.min(1, inView / Math.max(1, max));
  return [Math.round(30 + 20 * f), Math.round(120 + 100 * f), Math.round(160 + 60 * f), 120];
}

// Terminals in an activity cell: orange, more opaque with more terminals.
export function activityColor(terminals, max) {
  return [255, 140, 0, Math.round(60 + 160 * Math.min(1, terminals / Math.max(1, max)))];
}

// CSS colour of a scale colour; `alpha` (0-1) overrides the colour's own.
export function cssColor(color, alpha) {
  const a = alpha ?? (color.length > 3 ? color[3] / 255 : 1);
  const rgb = color.slice(0, 3).join(',');
  return a >= 1 ? `rgb(${rgb})` : `rgba(${rgb},${+a.toFixed(3)})`;
}
