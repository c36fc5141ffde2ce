// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `target` ticks over `range`.
export function niceStep(range, target) {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}
