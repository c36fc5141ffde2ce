// The satellites' binary form (GET /api/v1/satellites?format=f32; api/handlers.cc): a 24-byte
// little-endian header ("LTS1", satellite count and valid count as uint32, the instant as int64
// Unix nanoseconds, 4 bytes reserved), then latitude, longitude (degrees) and altitude (km) as
// float32 arrays of `count`, NaN where the propagation failed. 12 bytes a satellite against ~27
// as JSON text, and nothing to parse: the arrays are views of the reply.
export const SATELLITES_F32_TYPE = 'application/vnd.leotwin.satellites-f32';
const HEADER_BYTES = 24;

// {time, count, valid, lat, lon, alt_km} (Float32Array views), as the JSON form gives them
// (time in ISO 8601, without fractional seconds when there are none). Throws on a reply that is
// not this form.
export function decodeSatellitesF32(buffer) {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES) {
    throw new Error('satellites f32: shorter than its header');
  }
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== 'LTS1') throw new Error(`satellites f32: expected "LTS1", got "${magic}"`);
  const count = view.getUint32(4, true);
  const valid = view.getUint32(8, true);
  const ns = view.getBigInt64(12, true);
  const expected = HEADER_BYTES + 12 * count;
  if (buffer.byteLength !== expected) {
    throw new Error(`satellites f32: ${buffer.byteLength} bytes for ${count} satellites (expected ${expected})`);
  }
  const column = (k) => new Float32Array(buffer, HEADER_BYTES + 4 * count * k, count);
  const ms = Number(ns / 1000000n);
  return {
    time: new Date(ms).toISOString().replace('.000Z', 'Z'),
    count,
    valid,
    lat: column(0),
    lon: column(1),
    alt_km: column(2),
  };
}
