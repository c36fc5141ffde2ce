// Track mode: a terminal (registered, or ad hoc by kind) along an uploaded track (GPX, CSV or
// GeoJSON, sent to POST /api/v1/track) or the demo's drive. The track is drawn coloured by state;
// the time slider spans it, with its transitions as marks; at the slider's instant a marker shows
// the terminal, a line its serving satellite, and the panel says its state, satellite, elevation,
// RTT and the ledger entries behind its decision, in the words of `leotwin track`.
import { postText } from './api.js';
import { DEMO_DRIVE, panelText, sampleAt, STATE_COLORS, stateRuns, timelineLines, trackSamples, trackStep, trackTimeSpan, transitionMarks } from './lib/track.js';
import { parseIso } from './lib/time.js';

// els: {terminal, kind, to, file, demo, clear, status, text}; onLoaded({start, end, marks}) and
// onCleared() let the page move the slider (which redraws).
export function createTrackPanel(els, { onLoaded, onCleared }) {
  const track = { result: null, samples: [], name: '', t: null, requests: 0 };

  function status(text) {
    els.status.textContent = text;
  }

  // Sends the track and shows it; a refused track changes nothing on the page.
  async function load(text, name) {
    const terminal = els.terminal.value.trim();
    const kind = els.kind.value;
    if (!kind && !terminal) {
      status('give a terminal id, or pick an ad hoc kind');
      return false;
    }
    const span = trackTimeSpan(text);
    const params = {
      terminal: kind ? undefined : terminal, kind: kind || undefined, to: els.to.value.trim() || 'internet',
      step: `${span ? trackStep(span.end - span.start) : 1}s`, format: 'json',
    };
    const id = ++track.requests;
    status(`evaluating ${name}…`);
    const res = await postText('/api/v1/track', params, text);
    if (id !== track.requests) return false; // a newer track was asked for
    if (!res.ok) {
      status(`${name}: ${res.error}`);
      return false;
    }
    track.result = res.data;
    track.samples = trackSamples(res.data, parseIso);
    track.name = name;
    const w = res.data.window;
    const totals = Object.entries(res.data.totals).filter(([, v]) => v.instants > 0)
      .map(([k, v]) => `${k} ${Math.round(v.seconds / 60)} min`).join(', ');
    status(`${name}: ${w.instants} instants every ${w.step_s} s to ${res.data.destination}; ${totals}`);
    els.clear.hidden = false;
    els.text.hidden = false;
    onLoaded({ start: track.samples[0].t, end: track.samples.at(-1).t, marks: transitionMarks(res.data, track.samples, parseIso) });
    return true;
  }

  function clear() {
    track.result = null;
    track.samples = [];
    track.t = null;
    els.clear.hidden = true;
    els.text.hidden = true;
    els.text.textContent = '';
    status('');
    onCleared();
  }

  // The panel's text for the slider's instant.
  function update(t) {
    track.t = t;
    if (!track.result) return;
    els.text.textContent = panelText(track.result, track.samples, t, parseIso);
  }

  // Ready for the demo scenario: its drive, terminal and destination.
  function offerDemo() {
    els.demo.hidden = false;
  }

  function loadDemo() {
    els.terminal.value = DEMO_DRIVE.terminal;
    els.kind.value = '';
    els.to.value = DEMO_DRIVE.to;
    return load(DEMO_DRIVE.csv, DEMO_DRIVE.name);
  }

  els.demo.addEventListener('click', loadDemo);
  els.clear.addEventListener('click', clear);
  els.file.addEventListener('change', async () => {
    const file = els.file.files?.[0];
    if (!file) return;
    await load(await file.text(), file.name);
    els.file.value = '';
  });

  // deck.gl layers: the track by state, the terminal now and the line to its serving satellite.
  function build(deck) {
    if (!track.result) return [];
    const now = sampleAt(track.samples, track.t ?? track.samples[0].t);
    const layers = [
      new deck.PathLayer({
        id: 'track', data: stateRuns(track.samples), getPath: (r) => r.path, getColor: (r) => [...r.color, 230],
        getWidth: 4, widthUnits: 'pixels', wrapLongitude: true, jointRounded: true, capRounded: true,
      }),
    ];
    if (now.serving_at) {
      const sat = [now.serving_at[0], now.serving_at[1]];
      layers.push(
        new deck.LineLayer({
          id: 'track-downlink', data: [{ from: [now.lon, now.lat], to: sat }], getSourcePosition: (d) => d.from,
          getTargetPosition: (d) => d.to, getColor: [255, 214, 102, 200], getWidth: 1.5, widthUnits: 'pixels',
        }),
        new deck.ScatterplotLayer({
          id: 'track-serving', data: [{ position: sat }], getPosition: (d) => d.position, filled: false, stroked: true,
          getLineColor: [255, 214, 102, 255], getLineWidth: 2, lineWidthUnits: 'pixels', getRadius: 7, radiusUnits: 'pixels',
        }),
      );
    }
    layers.push(new deck.ScatterplotLayer({
      id: 'track-terminal', data: [now], getPosition: (s) => [s.lon, s.lat], getFillColor: [...(STATE_COLORS[now.state] ?? [0, 0, 0]), 255],
      stroked: true, getLineColor: [255, 255, 255, 255], getLineWidth: 2, lineWidthUnits: 'pixels', getRadius: 7, radiusUnits: 'pixels',
      updateTriggers: { getFillColor: now.state },
    }));
    return layers;
  }

  return {
    load, loadDemo, clear, update, offerDemo, build,
    get result() { return track.result; },
    get samples() { return track.samples; },
    // The sample at the slider's instant (for the browser test and the curious).
    get now() { return track.result ? sampleAt(track.samples, track.t ?? track.samples[0].t) : null; },
    get text() { return els.text.textContent; },
    // The timeline's lines as the panel prints them (the CLI's words).
    timeline: () => (track.result ? timelineLines(track.result, track.samples, parseIso).map((l) => l.text) : []),
  };
}
