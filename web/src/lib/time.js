// Instants on the page are Unix seconds (numbers); the API speaks ISO 8601 UTC. Pure helpers.

// "2025-09-23T00:00:15Z" (no milliseconds unless they are there).
export function isoUtc(unixSeconds) {
  return new Date(Math.round(unixSeconds * 1000)).toISOString().replace('.000Z', 'Z');
}

// "2025-09-23 00:00:15Z", for people.
export function timeLabel(unixSeconds) {
  return isoUtc(unixSeconds).replace('T', ' ');
}

// Unix seconds from an ISO 8601 string; NaN when it does not parse.
export function parseIso(text) {
  return Date.parse(text) / 1000;
}

export function clamp(value, lo, hi) {
  return Math.min(hi, Math.max(lo, value));
}

// The next instant of playback: `speed` simulated seconds per real second, `tickMs` real
// milliseconds per tick; past the end it starts again at the beginning.
export function nextPlaybackTime(t, { speed, tickMs, start, end }) {
  const next = t + (speed * tickMs) / 1000;
  return next > end ? start : next;
}

// "2.0 h" / "45 min": the length of a window for an axis label.
export function durationLabel(seconds) {
  const hours = seconds / 3600;
  return hours < 2 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
}
