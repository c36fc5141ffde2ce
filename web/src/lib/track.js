// A terminal along a track (the JSON of GET/POST /api/v1/track, track/export.h): the pieces the
// map's track mode draws and says, kept free of the DOM and deck.gl so node can test them.
// Instants are Unix seconds, as everywhere on the page.

// The demo scenario's drive (scripts/tour-track.sh): the roaming terminal UA-R-0417 down and back
// up the meridian 36 E on 1 October 2022, into the front-line geofence before its enactment at
// 14:02 and out again.
export const DEMO_DRIVE = {
  terminal: 'UA-R-0417',
  to: 'Kyiv',
  name: 'demo drive (36 E, 1 Oct 2022)',
  csv: 'time,lat,lon,alt\n2022-10-01T13:40:00Z,48.40,36.0,150\n2022-10-01T14:20:00Z,47.60,36.0,150\n2022-10-01T15:00:00Z,48.40,36.0,150\n',
};

// At most this many instants per request from the page (the API allows 86,401): enough for a
// smooth slider, small enough to answer in well under a second.
export const MAX_PAGE_INSTANTS = 1500;

// The time step (whole seconds, >= 1) that keeps a track of `seconds` within MAX_PAGE_INSTANTS.
export function trackStep(seconds) {
  return Math.max(1, Math.ceil(seconds / (MAX_PAGE_INSTANTS - 1)));
}

// The first and last instants a track's text names (Unix seconds), or null: its ISO 8601 times
// (GPX <time>, GeoJSON times, CSV), else a CSV's Unix seconds. Only sizes the page's request (the
// step); the server parses and checks the track.
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?/g;
export function trackTimeSpan(text) {
  const times = [];
  for (const m of text.matchAll(ISO_TIME)) {
    const iso = /Z|[+-]\d\d:?\d\d$/.test(m[0]) ? m[0] : `${m[0]}Z`; // no zone: UTC, as the server reads it
    const t = Date.parse(iso) / 1000;
    if (Number.isFinite(t)) times.push(t);
  }
  if (times.length) return { start: Math.min(...times), end: Math.max(...times) };
  return csvTimeSpan(text);
}

// The first and last fix times of a CSV track (time,lat,lon[,alt]; ISO 8601 or Unix seconds,
// an optional header) or null. Only the page's own request sizing uses it: the server parses.
export function csvTimeSpan(text) {
  const times = [];
  for (const line of text.split(/\r?\n/)) {
    const cell = line.split(',')[0]?.trim();
    if (!cell || cell.startsWith('#')) continue;
    const t = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : Date.parse(cell) / 1000;
    if (Number.isFinite(t)) times.push(t);
  }
  return times.length ? { start: Math.min(...times), end: Math.max(...times) } : null;
}

// Colours of the states, as the CLI's GeoJSON strokes them (track/export.cc StateColour).
export const STATE_COLORS = {
  connected: [44, 160, 44],
  denied: [214, 39, 40],
  no_satellite: [127, 127, 127],
  no_route: [255, 127, 14],
};

// Parsed instants of a result: [{t, ...sample}] in time order.
export function trackSamples(result, parseTime) {
  return result.samples.map((s) => ({ ...s, t: parseTime(s.time) }));
}

// The sample in force at t: the last one at or before t (the first before the track starts).
export function sampleAt(samples, t) {
  let lo = 0;
  let hi = samples.length - 1;
  if (hi < 0) return null;
  if (t < samples[0].t) return samples[0];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (samples[mid].t <= t) lo = mid;
    else hi = mid - 1;
  }
  return samples[lo];
}

// Runs of one state as paths for the map: [{state, color, path: [[lon, lat], ...]}]; each run
// ends at the next run's first point so the line stays continuous.
export function stateRuns(samples) {
  const runs = [];
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const last = runs.at(-1);
    if (last && last.state === s.state) {
      last.path.push([s.lon, s.lat]);
      continue;
    }
    if (last) last.path.push([s.lon, s.lat]);
    runs.push({ state: s.state, color: STATE_COLORS[s.state] ?? [0, 0, 0], path: [[s.lon, s.lat]] });
  }
  for (const r of runs) if (r.path.length === 1) r.path.push(r.path[0]);
  return runs;
}

// "14:02:00" when the window stays inside one UTC day, else the full instant (as the CLI).
export function clockLabel(result, time) {
  const { start, end } = result.window;
  return start.slice(0, 10) === end.slice(0, 10) ? time.slice(11, 19) : time;
}

// x with `digits` decimals as C's printf (and fmt) writes it: the exact binary value rounded to
// nearest, ties to even. toFixed breaks exact ties upwards (61.25 -> "61.3" where the CLI prints
// "61.2"); toFixed(100) is the exact expansion for the magnitudes shown here.
export function fixedLikeC(x, digits) {
  const rounded = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(100);
  const rest = exact.slice(exact.indexOf('.') + 1 + digits);
  if (!/^50*$/.test(rest)) return rounded;
  // An exact tie: toFixed went away from zero; step back when that made the last digit odd.
  const lastDigit = Number(rounded.at(-1));
  if (lastDigit % 2 === 0) return rounded;
  const step = 10 ** -digits;
  return (x > 0 ? x - step / 2 : x + step / 2).toFixed(digits);
}

function rtt(ms) {
  return ms == null ? '-' : `${fixedLikeC(ms, 2)} ms`;
}

// What a state's line says after the arrow: the same words as `leotwin track`'s table
// (track/export.cc Detail).
export function stateDetail(result, sample) {
  const why = sample.decision >= 0 ? result.decisions[sample.decision]?.summary ?? '?' : 'no policy';
  const el = sample.elevation_deg == null ? '-' : fixedLikeC(sample.elevation_deg, 1);
  const via = `via ${sample.serving ?? '-'} at ${el} deg`;
  switch (sample.state) {
    case 'denied': return `(${why})`;
    case 'no_satellite': return `(no satellite above the mask; ${why})`;
    case 'no_route': return `(${via}, no route to ${sample.destination ?? '-'})`;
    case 'connected': return `(${why}) ${via}, RTT ${rtt(sample.rtt_ms)} to ${sample.destination ?? '-'}`;
    default: return '';
  }
}

// The timeline as `leotwin track` prints it: the start, then one line per transition.
// [{t, time, text, transition}] where transition is the JSON's (null for the start).
export function timelineLines(result, samples, parseTime) {
  const first = samples[0];
  const lines = [{ t: first.t, time: first.time, transition: null,
    text: `${clockLabel(result, first.time)} start ${first.state} ${stateDetail(result, first)}` }];
  for (const tr of result.transitions) {
    const t = parseTime(tr.time);
    const s = sampleAt(samples, t);
    lines.push({ t, time: tr.time, transition: tr,
      text: `${clockLabel(result, tr.time)} ${tr.from} -> ${tr.to} ${stateDetail(result, s)}` });
  }
  return lines;
}

// The panel's text at the slider's instant: the state now (with the serving satellite, its
// elevation and the RTT) and the ledger entries behind the decisions met along the track (entry,
// proposer and approvers with their times: rule_provenance of the JSON).
export function panelText(result, samples, t, parseTime) {
  const s = sampleAt(samples, t);
  if (!s) return '';
  const lines = [
    `${result.terminal} at ${s.time.replace('T', ' ')}: ${s.state.toUpperCase().replace('_', ' ')}`,
    `  ${stateDetail(result, s)}`,
    `  position ${s.lat.toFixed(4)}, ${s.lon.toFixed(4)} at ${s.speed_kmh.toFixed(0)} km/h; ${s.in_view} satellite${s.in_view === 1 ? '' : 's'} in view`,
  ];
  const decision = s.decision >= 0 ? result.decisions[s.decision] : null;
  if (decision?.rule_provenance) lines.push(`  ${provenanceText(decision)}`);
  lines.push('', 'timeline (as `leotwin track` prints it):');
  for (const line of timelineLines(result, samples, parseTime)) {
    lines.push(`${line.t <= t ? '' : '  '}${line.text}`);
  }
  return lines.join('\n');
}

// The ledger entries behind a decision's rule, with their times (rule_provenance of the JSON):
// "ledger entry 78 (geofence.add_deny): proposed by alice at T; approved by bob at T (entry 79),
// carol at T (entry 80); enacted by entry 80 at T". The summary when the rule has no entry.
export function provenanceText(decision) {
  const p = decision.rule_provenance;
  if (!p) return decision.summary;
  const approvals = (p.votes ?? []).filter((v) => v.verdict === 'approve')
    .map((v) => `${v.voter} at ${v.time} (entry ${v.entry})`);
  const parts = [`ledger entry ${p.entry} (${p.action_kind}): proposed by ${p.proposer} at ${p.proposed_at}`];
  if (approvals.length) parts.push(`approved by ${approvals.join(', ')}`);
  if (p.decided_entry) parts.push(`enacted by entry ${p.decided_entry} at ${p.decided_at}`);
  return parts.join('; ');
}

// Transitions as marks for the time slider: [{time, title, kind, ...}].
export function transitionMarks(result, samples, parseTime) {
  return timelineLines(result, samples, parseTime).slice(1).map((line) => ({
    time: line.time, title: line.text, kind: `track-${line.transition.to}`, entry: line.transition.decision, track: true,
  }));
}
