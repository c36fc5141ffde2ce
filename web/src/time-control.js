// The time slider with play/pause and speed. It owns the time scale (lib/timeline.js: the orbital
// window, and before it the policy history when the server has one) and the current instant, and
// tells `onChange(t)` when the instant moves; it knows nothing about layers. Ledger entries are
// drawn as marks along the slider (#time-marks); a click on one calls `onMark(mark)`.
import { clamp, timeLabel } from './lib/time.js';
import { createScale, markPositions, nextInstant } from './lib/timeline.js';

const TICK_MS = 250;

export function createTimeControl({ slider, label, playButton, speedSelect, marksBox, prevMark, nextMark, onChange, onMark = () => {}, isBusy = () => false }) {
  const time = { scale: createScale({ history: null, orbit: { start: 0, end: 86400 } }), t: 0, playing: false, speed: Number(speedSelect.value) || 60 };

  function show() {
    slider.value = String(Math.round(time.scale.toPosition(time.t)));
    label.textContent = timeLabel(time.t);
    label.dataset.part = time.scale.kindAt(time.t);
  }

  function set(t, { fromSlider = false } = {}) {
    time.t = clamp(t, time.scale.start, time.scale.end);
    if (fromSlider) {
      label.textContent = timeLabel(time.t);
      label.dataset.part = time.scale.kindAt(time.t);
    } else {
      show();
    }
    onChange(time.t);
  }

  // history: {start, end} (Unix seconds) or null; orbit: {start, end}.
  function setRange({ history = null, orbit }) {
    time.scale = createScale({ history, orbit });
    slider.min = '0';
    slider.max = String(time.scale.steps);
    slider.step = '1';
    time.t = clamp(time.t, time.scale.start, time.scale.end);
    slider.classList.toggle('with-history', time.scale.hasHistory);
    slider.style.setProperty('--history-share', `${(100 * (time.scale.segments[0].p1 / time.scale.steps)).toFixed(1)}%`);
    show();
  }

  // Jumps to the ledger entry after (direction 1) or before (-1) the current instant: marks days
  // apart overlap on the slider, these buttons reach each one.
  let placed = [];
  function stepMark(direction) {
    const candidates = placed.filter(({ t }) => (direction > 0 ? t + 1 > time.t + 0.5 : t + 1 < time.t - 0.5));
    const target = direction > 0 ? candidates[0] : candidates.at(-1);
    if (!target) return;
    set(target.t + 1);
    onMark(target.mark);
  }
  prevMark?.addEventListener('click', () => stepMark(-1));
  nextMark?.addEventListener('click', () => stepMark(1));

  // Ledger entries as ticks over the slider: [{time (ISO), description, ...}], or any marks with
  // {time, title, kind}.
  function setMarks(marks, parseTime) {
    if (!marksBox) return;
    marksBox.replaceChildren();
    placed = markPositions(time.scale, marks, parseTime).sort((a, b) => a.t - b.t);
    if (prevMark) prevMark.hidden = placed.length === 0;
    if (nextMark) nextMark.hidden = placed.length === 0;
    for (const { left, t, mark } of placed) {
      const tick = document.createElement('button');
      tick.type = 'button';
      tick.className = `time-mark kind-${(mark.kind ?? '').replace(/[^a-z_]/g, '-').replace(/\./g, '-')}`;
      tick.style.left = `${left}%`;
      // A mark may bring its own title (the track's transitions); else it is a ledger entry.
      tick.title = mark.title ?? `${timeLabel(t)} · entry ${mark.decided_entry}: ${mark.description}`;
      tick.dataset.entry = String(mark.entry);
      tick.setAttribute('aria-label', tick.title);
      tick.addEventListener('click', () => {
        set(t + 1); // just after the enactment: the map shows its effect
        onMark(mark);
      });
      marksBox.append(tick);
    }
  }

  function setPlaying(playing) {
    time.playing = playing;
    playButton.textContent = playing ? '⏸' : '▶';
    playButton.setAttribute('aria-label', playing ? 'pause' : 'play');
  }

  playButton.addEventListener('click', () => setPlaying(!time.playing));
  speedSelect.addEventListener('change', () => { time.speed = Number(speedSelect.value); });
  slider.addEventListener('input', () => set(time.scale.toTime(Number(slider.value)), { fromSlider: true }));
  // Playback skips a tick while the page is still fetching the previous instant.
  setInterval(() => {
    if (!time.playing || isBusy()) return;
    set(nextInstant(time.scale, time.t, { speed: time.speed, tickMs: TICK_MS }));
  }, TICK_MS);

  return {
    get t() { return time.t; },
    get start() { return time.scale.start; },
    get end() { return time.scale.end; },
    get playing() { return time.playing; },
    get scale() { return time.scale; },
    set,
    setRange,
    setMarks,
    stepMark,
    setPlaying,
  };
}
