// Cities; a click picks one as an end of the route (ctx.select), picked ones are drawn white.
export const id = 'cities';
export const label = 'Cities (click two for a route)';
export const endpoint = '/api/v1/cities';
export const clock = 'none';
export const initiallyOn = true;
export const drawOrder = 70;

export function params() {
  return { limit: 1000 };
}

export function cityLabel(c) {
  return c.country ? `${c.name}, ${c.country}` : c.name;
}

export function build(data, { deck, selection, select }) {
  const picks = selection.cities ?? [];
  return [new deck.ScatterplotLayer({
    id, data: data.cities, getPosition: (c) => [c.lon, c.lat],
    getFillColor: (c) => (picks.includes(c) ? [255, 255, 255, 255] : [180, 200, 220, 160]),
    getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 2.5, pickable: true,
    onClick: ({ object }) => object && select(id, object),
    updateTriggers: { getFillColor: picks.map(cityLabel) },
  })];
}

export function legend() {
  return null;
}
