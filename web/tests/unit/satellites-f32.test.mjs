// Unit tests of the satellites' binary form decoder (node --test web/tests/unit). The replies
// are written here byte by byte from the format's description (api/handlers.cc), not by the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSatellitesF32 } from '../../src/lib/satellites-f32.js';

function reply({ magic = 'LTS1', lat, lon, alt, valid, ns, extra = 0 }) {
  const n = lat.length;
  const buffer = new ArrayBuffer(24 + 12 * n + extra);
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) view.setUint8(i, magic.charCodeAt(i));
  view.setUint32(4, n, true);
  view.setUint32(8, valid, true);
  view.setBigInt64(12, ns, true);
  [lat, lon, alt].forEach((column, k) => column.forEach((v, i) => view.setFloat32(24 + 4 * (k * n + i), v, true)));
  return buffer;
}

test('decodes the header and the three columns, NaN kept', () => {
  // 2025-09-23T00:00:10Z = 1758585610 s.
  const d = decodeSatellitesF32(reply({ lat: [48.5, NaN, -12.25], lon: [2.25, NaN, 179.5], alt: [550, NaN, 1110.5], valid: 2, ns: 1758585610000000000n }));
  assert.equal(d.count, 3);
  assert.equal(d.valid, 2);
  assert.equal(d.time, '2025-09-23T00:00:10Z');
  assert.deepEqual([...d.lat], [48.5, NaN, -12.25]);
  assert.deepEqual([...d.lon], [2.25, NaN, 179.5]);
  assert.deepEqual([...d.alt_km], [550, NaN, 1110.5]);
});

test('keeps milliseconds of an instant that has them', () => {
  const d = decodeSatellitesF32(reply({ lat: [], lon: [], alt: [], valid: 0, ns: 1758585610250000000n }));
  assert.equal(d.time, '2025-09-23T00:00:10.250Z');
  assert.equal(d.count, 0);
});

test('refuses what is not the form', () => {
  const ok = { lat: [1], lon: [2], alt: [3], valid: 1, ns: 0n };
  assert.throws(() => decodeSatellitesF32(new ArrayBuffer(10)), /shorter than its header/);
  assert.throws(() => decodeSatellitesF32(reply({ ...ok, magic: 'JSON' })), /expected "LTS1"/);
  assert.throws(() => decodeSatellitesF32(reply({ ...ok, extra: 4 })), /40 bytes for 1 satellites \(expected 36\)/);
  assert.throws(() => decodeSatellitesF32(reply(ok).slice(0, 30)), /30 bytes/);
});
