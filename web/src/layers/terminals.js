// Registered terminals at their service addresses, coloured by the policy's decision there at the
// slider's instant (admin access only: terminals are subscribers). A click explains the decision.
export const id = 'terminals';
export const label = 'Terminals (decision at the service address)';
export const endpoint = '/api/v1/terminals';
export const clock = 'policy';
export const initiallyOn = true;
export const drawOrder = 80;

const ALLOWED = [46, 204, 113, 255];
const DENIED = [231, 76, 60, 255];

export function params() {
  return {};
}

export function decisionColor(terminal) {
  return terminal.decision?.allowed ? ALLOWED : DENIED;
}

export function build(data, { deck, select }) {
  return [new deck.ScatterplotLayer({
    id, data: data.terminals, getPosition: (t) => [t.lon, t.lat], getFillColor: decisionColor,
    getLineColor: [255, 255, 255, 230], stroked: true, lineWidthMinPixels: 1.5,
    getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 6, pickable: true,
    onClick: ({ object }) => object && select(id, object),
    updateTriggers: { getFillColor: [data] },
  })];
}

export function legend(data) {
  const n = data?.terminals?.length ?? 0;
  const denied = (data?.terminals ?? []).filter((t) => !t.decision?.allowed).length;
  return {
    title: 'Terminals', subtitle: `${n} registered, ${denied} denied`,
    items: [{ label: 'allowed', color: ALLOWED }, { label: 'denied', color: DENIED }],
  };
}
