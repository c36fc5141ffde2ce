// The route panel: two cities (typed or clicked on the map) -> the route at the slider's instant,
// drawn on the map, and its RTT over a window, drawn as a chart.
import { getJson } from './api.js';
import { drawRttChart } from './chart.js';
import { cityLabel } from './layers/cities.js';
import { routePath, routeStatusText, rttWindow } from './lib/route.js';
import { isoUtc } from './lib/time.js';

// els: {from, to, go, clear, status, chart}; time: the time control; onChange: redraw the map.
export function createRoutePanel(els, time, onChange) {
  const panel = { route: null, picks: [] }; // route: {from, to, path, nodes, series, now}

  async function updateNow() {
    const r = panel.route;
    const res = await getJson('/api/v1/route', { from: r.from, to: r.to, at: isoUtc(time.t) });
    if (!res.ok) {
      els.status.textContent = `route: ${res.error}`;
      r.path = [];
      r.nodes = [];
      return;
    }
    r.nodes = res.data.path ?? [];
    r.path = routePath(r.nodes);
    r.now = res.data;
    els.status.textContent = routeStatusText(res.data);
  }

  function drawChart() {
    if (panel.route?.series) drawRttChart(els.chart, panel.route.series, time.t);
  }

  async function compute() {
    const from = els.from.value.trim();
    const to = els.to.value.trim();
    if (!from || !to) {
      els.status.textContent = 'pick two cities';
      return;
    }
    panel.route = { from, to, path: [], nodes: [], series: null };
    els.status.textContent = 'routing…';
    await updateNow();
    if (!panel.route?.path?.length && !panel.route?.now) {
      onChange();
      return;
    }
    const w = rttWindow(time.start, time.end);
    const res = await getJson('/api/v1/rtt', { from, to, start: isoUtc(w.start), duration: `${w.duration}s`, step: `${w.step}s` });
    if (res.ok) {
      panel.route.series = { t: res.data.t, rtt: res.data.rtt_ms, fiber_ms: res.data.fiber?.rtt_ms ?? null };
      drawChart();
    } else {
      els.status.textContent += ` · RTT series: ${res.error}`;
    }
    onChange();
  }

  function clear() {
    panel.route = null;
    panel.picks = [];
    els.status.textContent = '';
    els.chart.replaceChildren();
    onChange();
  }

  // A click on a city: the first and second picks fill the form; a third starts again.
  function pickCity(city) {
    panel.picks = panel.picks.length >= 2 ? [city] : [...panel.picks, city];
    els.from.value = panel.picks[0] ? cityLabel(panel.picks[0]) : '';
    els.to.value = panel.picks[1] ? cityLabel(panel.picks[1]) : '';
    onChange();
    if (panel.picks.length === 2) compute();
  }

  // deck.gl layers of the route (drawn above every registry layer).
  function build(deck) {
    const r = panel.route;
    if (!r?.path?.length) return [];
    return [
      new deck.PathLayer({
        id: 'route', data: [{ path: r.path }], getPath: (d) => d.path, getColor: [255, 64, 129, 255],
        getWidth: 3, widthUnits: 'pixels', wrapLongitude: true, jointRounded: true, capRounded: true,
      }),
      new deck.ScatterplotLayer({
        id: 'route-nodes', data: r.nodes, getPosition: (n) => [n.lon, n.lat],
        getFillColor: (n) => (n.kind === 'satellite' ? [255, 64, 129, 255] : [255, 255, 255, 255]),
        getRadius: 1, radiusUnits: 'pixels', radiusMinPixels: 3.5,
      }),
    ];
  }

  els.go.addEventListener('click', compute);
  els.clear.addEventListener('click', clear);
  return { panel, updateNow, drawChart, pickCity, build };
}
