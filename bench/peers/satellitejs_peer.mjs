// satellite.js peer for leotwin's SGP4 comparison (bench/compare_sgp4.sh).
// Usage: node satellitejs_peer.mjs TLE_FILE START_UNIX_SECONDS STEPS STEP_SECONDS OUT.bin
// Propagates every object at every step with satellite.js's sgp4(), feeding it minutes since epoch
// computed from the TLE's epoch year and day (as leotwin and python-sgp4 do), timing only the
// propagation loop. Writes TEME positions as float64 [satellite][step][xyz] km (NaN on error) and
// prints one JSON line with the timing. Also times satellite.js's WebAssembly BulkPropagator
// (single thread) on the same objects and instants (its own date handling; timing only).
import fs from 'node:fs';
import * as satellite from 'satellite.js';

const [tlePath, startArg, stepsArg, stepArg, outPath] = process.argv.slice(2);
const start = Number(startArg), steps = Number(stepsArg), stepSeconds = Number(stepArg);
const lines = fs.readFileSync(tlePath, 'utf8').split(/\r?\n/);
const sats = [];
for (let i = 0; i < lines.length; i++) {
  if (lines[i].startsWith('1 ') && i + 1 < lines.length && lines[i + 1].startsWith('2 ')) {
    sats.push(satellite.twoline2satrec(lines[i], lines[i + 1]));
    i++;
  }
}
const epochMinutes = sats.map((s) => {
  const year = s.epochyr < 57 ? 2000 + s.epochyr : 1900 + s.epochyr;
  return (Date.UTC(year, 0, 1) / 1000 / 60) + (s.epochdays - 1) * 1440;
});
const out = new Float64Array(sats.length * steps * 3);
const t0 = process.hrtime.bigint();
for (let i = 0; i < sats.length; i++) {
  const satrec = sats[i];
  for (let k = 0; k < steps; k++) {
    const tsince = (start / 60 + (k * stepSeconds) / 60) - epochMinutes[i];
    const r = satellite.sgp4(satrec, tsince);
    const o = (i * steps + k) * 3;
    if (r && r.position && satrec.error === 0) {
      out[o] = r.position.x; out[o + 1] = r.position.y; out[o + 2] = r.position.z;
    } else {
      out[o] = NaN; out[o + 1] = NaN; out[o + 2] = NaN;
    }
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
fs.writeFileSync(outPath, Buffer.from(out.buffer));
const count = sats.length * steps;
console.log(JSON.stringify({peer: 'satellite.js sgp4()', satellites: sats.length, steps,
                            propagations: count, seconds, rate: count / seconds}));

// WebAssembly bulk propagator (satellite.js 7), single thread: fresh satrecs, same instants.
try {
  const runtime = await satellite.createSingleThreadRuntime();
  const dates = [];
  for (let k = 0; k < steps; k++) dates.push(new Date((start + k * stepSeconds) * 1000));
  const fresh = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('1 ') && lines[i + 1]?.startsWith('2 ')) {
      fresh.push(satellite.twoline2satrec(lines[i], lines[i + 1]));
      i++;
    }
  }
  const propagator = new satellite.BulkPropagator({runtime,
    calculators: [new satellite.EciBaseCalculator()], satRecsCount: fresh.length,
    datesCount: dates.length});
  propagator.setSatRecs(fresh);
  propagator.setDates(dates);
  const w0 = process.hrtime.bigint();
  propagator.run();
  const wseconds = Number(process.hrtime.bigint() - w0) / 1e9;
  propagator.dispose();
  console.log(JSON.stringify({peer: 'satellite.js BulkPropagator (wasm)', satellites: fresh.length,
                              steps, propagations: fresh.length * steps, seconds: wseconds,
                              rate: fresh.length * steps / wseconds}));
} catch (e) {
  console.log(JSON.stringify({peer: 'satellite.js BulkPropagator (wasm)', error: String(e)}));
}
