// The time slider with play/pause and speed. It owns the time range and the current instant and
// tells `onChange(t)` when the instant moves; it knows nothing about layers.
//
// Shaped for the ledger history to come: the range is set by `setRange` (not fixed at start), and
// the slider input sits in its own row (#time-slider-row) where marks for ledger entries can go.
import { clamp, nextPlaybackTime, timeLabel } from './lib/time.js';

const TICK_MS = 250;

export function createTimeControl({ slider, label, playButton, speedSelect, onChange, isBusy = () => false }) {
  const time = { start: 0, end: 86400, t: 0, playing: false, speed: Number(speedSelect.value) || 60 };

  function show() {
    slider.value = String(Math.round(time.t - time.start));
    label.textContent = timeLabel(time.t);
  }

  function set(t, { fromSlider = false } = {}) {
    time.t = clamp(t, time.start, time.end);
    if (fromSlider) label.textContent = timeLabel(time.t);
    else show();
    onChange(time.t);
  }

  function setRange(start, end, stepSeconds = 10) {
    time.start = start;
    time.end = end;
    slider.min = '0';
    slider.max = String(Math.round(end - start));
    slider.step = String(stepSeconds);
    time.t = clamp(time.t, start, end);
    show();
  }

  function setPlaying(playing) {
    time.playing = playing;
    playButton.textContent = playing ? '⏸' : '▶';
    playButton.setAttribute('aria-label', playing ? 'pause' : 'play');
  }

  playButton.addEventListener('click', () => setPlaying(!time.playing));
  speedSelect.addEventListener('change', () => { time.speed = Number(speedSelect.value); });
  slider.addEventListener('input', () => set(time.start + Number(slider.value), { fromSlider: true }));
  // Playback skips a tick while the page is still fetching the previous instant.
  setInterval(() => {
    if (!time.playing || isBusy()) return;
    set(nextPlaybackTime(time.t, { speed: time.speed, tickMs: TICK_MS, start: time.start, end: time.end }));
  }, TICK_MS);

  return {
    get t() { return time.t; },
    get start() { return time.start; },
    get end() { return time.end; },
    get playing() { return time.playing; },
    set,
    setRange,
    setPlaying,
  };
}
