// Binary attribute buffers for deck.gl (no per-object JavaScript for thousands of satellites) and a
// graticule for the base map. Pure.
import { nearestLongitude } from './antimeridian.js';

// deck.gl binary data: one point per satellite from parallel lon/lat arrays (degrees).
export function binaryPoints(lon, lat) {
  const n = lon.length;
  const positions = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    positions[2 * i] = lon[i];
    positions[2 * i + 1] = lat[i];
  }
  return { length: n, attributes: { getPosition: { value: positions, size: 2 } } };
}

// deck.gl binary data: one segment per link {a: [index], b: [index]} between satellites
// {lon: [], lat: []}; a link across the antimeridian is drawn the short way round.
export function linkSegments(links, sats) {
  const m = links.a.length;
  const src = new Float32Array(2 * m);
  const dst = new Float32Array(2 * m);
  for (let k = 0; k < m; k++) {
    const a = links.a[k];
    const b = links.b[k];
    src[2 * k] = sats.lon[a];
    src[2 * k + 1] = sats.lat[a];
    dst[2 * k] = nearestLongitude(sats.lon[b], sats.lon[a]);
    dst[2 * k + 1] = sats.lat[b];
  }
  return { length: m, attributes: { getSourcePosition: { value: src, size: 2 }, getTargetPosition: { value: dst, size: 2 } } };
}

// Meridians every `step` degrees (from 85 S to 85 N) and parallels every `step` degrees within
// 60 degrees of the equator, as a GeoJSON FeatureCollection of LineStrings.
export function graticule(step = 30) {
  const line = (coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } });
  const features = [];
  for (let lon = -180; lon <= 180; lon += step) {
    const coords = [];
    for (let lat = -85; lat <= 85; lat += 5) coords.push([lon, lat]);
    features.push(line(coords));
  }
  for (let lat = -60; lat <= 60; lat += step) {
    const coords = [];
    for (let lon = -180; lon <= 180; lon += 5) coords.push([lon, lat]);
    features.push(line(coords));
  }
  return { type: 'FeatureCollection', features };
}
