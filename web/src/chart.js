// A small SVG line chart of RTT over time (no chart library): the RTT series, the fiber baseline
// as a dashed line, a cursor at the current instant and gaps where the pair was unreachable.
import { niceStep } from './lib/axis.js';
import { durationLabel } from './lib/time.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 140;
const PAD = { left: 34, right: 8, top: 10, bottom: 20 };

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// series: {t: [unix seconds], rtt: [ms or null], fiber_ms: number|null}
export function drawRttChart(svg, series, cursorT) {
  svg.replaceChildren();
  const ts = series.t;
  if (!ts.length) return;
  const finite = series.rtt.filter((v) => v !== null && Number.isFinite(v));
  const values = finite.concat(series.fiber_ms ? [series.fiber_ms] : []);
  if (!values.length) {
    svg.append(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'unreachable'));
    return;
  }
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const margin = Math.max(1, (hi - lo) * 0.1);
  lo = Math.max(0, lo - margin);
  hi += margin;
  const t0 = ts[0];
  const t1 = ts[ts.length - 1] > t0 ? ts[ts.length - 1] : t0 + 1;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - ((v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);

  svg.append(el('line', { class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }));
  svg.append(el('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }));
  const step = niceStep(hi - lo, 4);
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    svg.append(el('text', { x: PAD.left - 3, y: y(v) + 3, 'text-anchor': 'end' }, v.toFixed(step < 1 ? 1 : 0)));
  }
  svg.append(el('text', { x: PAD.left, y: H - 6 }, new Date(t0 * 1000).toISOString().slice(11, 16) + 'Z'));
  svg.append(el('text', { x: W - PAD.right, y: H - 6, 'text-anchor': 'end' },
    `+${durationLabel(t1 - t0)}`));
  svg.append(el('text', { x: PAD.left + 4, y: PAD.top + 2 }, 'RTT ms'));

  if (series.fiber_ms) {
    svg.append(el('line', { class: 'fiber-line', x1: PAD.left, x2: W - PAD.right, y1: y(series.fiber_ms), y2: y(series.fiber_ms) }));
  }
  let d = '';
  let pen = false;
  for (let i = 0; i < ts.length; i++) {
    const v = series.rtt[i];
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(ts[i]).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  svg.append(el('path', { class: 'rtt-line', d }));
  if (cursorT !== undefined && cursorT >= t0 && cursorT <= t1) {
    svg.append(el('line', { class: 'cursor', x1: x(cursorT), x2: x(cursorT), y1: PAD.top, y2: H - PAD.bottom }));
  }
}
