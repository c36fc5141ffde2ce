// Pure parts of the route panel: the path drawn on the map and the status line.
import { unwrapPath } from './antimeridian.js';

// Route nodes [{lon, lat, kind}] as a path that never jumps across the whole map.
export function routePath(nodes) {
  return unwrapPath(nodes.map((n) => [n.lon, n.lat]));
}

// "London → New York City: 44.2 ms RTT, 25 hops · fiber (great circle) 54.6 ms"
export function routeStatusText(reply) {
  const rtt = reply.rtt_ms === null || reply.rtt_ms === undefined ? 'unreachable' : `${reply.rtt_ms.toFixed(1)} ms RTT`;
  const fiber = reply.fiber?.rtt_ms ? ` · fiber (great circle) ${reply.fiber.rtt_ms.toFixed(1)} ms` : '';
  return `${reply.from.name} → ${reply.to.name}: ${rtt}, ${reply.hops ?? 0} hops${fiber}`;
}

// The RTT series window: from the slider's start, 10 minutes to 2 hours, 2-minute steps.
export function rttWindow(start, end) {
  return { start, duration: Math.min(7200, Math.max(600, end - start)), step: 120 };
}
