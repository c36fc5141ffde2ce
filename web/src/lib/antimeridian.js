// Longitudes on a flat (web-mercator) map. GeoJSON and the API give longitudes in [-180, 180], so a
// path or ring that crosses the antimeridian jumps from about +180 to about -180; drawn as given,
// that jump is a line across the whole map, and a ring with such jumps fills a band around the
// world. The cure here is to "unwrap": shift each vertex by a multiple of 360 degrees so that it is
// within 180 degrees of the previous one (the short way round, as the sphere means it). MapLibre
// (renderWorldCopies) and deck.gl draw longitudes outside [-180, 180] where they belong.
//
// Everything here is pure: arrays in, new arrays out, inputs never modified.

// The latitude that stands for a pole when a ring around it is closed on a flat map. MapLibre clamps
// latitudes to its mercator limit (about 85.05 degrees), so the pole itself is fine there.
export const POLE_LATITUDE = 90;

// `lon` in [-180, 180).
export function normalizeLongitude(lon) {
  const x = (((lon + 180) % 360) + 360) % 360;
  return x - 180;
}

// The longitude equal to `lon` modulo 360 that is nearest to `reference` (within 180 degrees).
export function nearestLongitude(lon, reference) {
  return lon - 360 * Math.round((lon - reference) / 360);
}

// A path [[lon, lat, ...rest], ...] with each vertex within 180 degrees of longitude of the previous
// one. The first vertex keeps its longitude.
export function unwrapPath(points) {
  const out = [];
  let prev = null;
  for (const p of points) {
    const lon = prev === null ? p[0] : nearestLongitude(p[0], prev);
    out.push([lon, ...p.slice(1)]);
    prev = lon;
  }
  return out;
}

function isClosed(ring) {
  if (ring.length < 2) return false;
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1];
}

function longitudeSpan(ring) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of ring) {
    lo = Math.min(lo, p[0]);
    hi = Math.max(hi, p[0]);
  }
  return { lo, hi, mid: (lo + hi) / 2 };
}

function shiftRing(ring, degrees) {
  return degrees === 0 ? ring : ring.map((p) => [p[0] + degrees, ...p.slice(1)]);
}

// Net change of longitude once around a closed ring after unwrapping: 0 for an ordinary ring,
// +360 or -360 for a ring that goes around a pole (Antarctica's coastline, a polar cap).
export function ringLongitudeWinding(ring) {
  if (ring.length < 2) return 0;
  const u = unwrapPath(isClosed(ring) ? ring : [...ring, ring[0]]);
  return Math.round((u[u.length - 1][0] - u[0][0]) / 360) * 360;
}

// A closed ring that draws correctly on a flat map:
// - an ordinary ring is unwrapped and then shifted by a multiple of 360 so that the middle of its
//   longitude span lies in [-180, 180) (Russia runs from 19 E to 190 E, not in two pieces);
// - a ring around a pole is unwrapped, then closed along the map's edge through that pole (the
//   nearer one: the pole on the side of the ring's mean latitude), so it covers the cap instead of
//   a sliver between its two ends.
export function unwrapRing(ring, { poleLatitude = POLE_LATITUDE } = {}) {
  if (ring.length < 3) return ring.map((p) => [...p]);
  const open = isClosed(ring) ? ring.slice(0, -1) : ring;
  let u = unwrapPath(open);
  const winding = ringLongitudeWinding(open);
  if (winding !== 0) {
    const meanLat = u.reduce((s, p) => s + p[1], 0) / u.length;
    const pole = meanLat < 0 ? -poleLatitude : poleLatitude;
    const first = u[0];
    const last = u[u.length - 1];
    // Where the ring comes back to its start, one turn later: the edge from `last` to `end` is the
    // ring's own closing edge, unwrapped.
    const endLon = nearestLongitude(first[0], last[0]);
    u = [...u, [endLon, first[1]], [endLon, pole], [first[0], pole]];
    // Centre the cap on the map: it spans 360 degrees starting at the ring's first vertex.
    const shift = -360 * Math.round(((first[0] + endLon) / 2) / 360);
    u = shiftRing(u, shift);
  } else {
    u = shiftRing(u, -360 * Math.round(longitudeSpan(u).mid / 360));
  }
  return [...u, [...u[0]]];
}

// A polygon (exterior ring then holes) unwrapped ring by ring; each hole is moved by whole turns
// to sit nearest its exterior ring.
export function unwrapPolygon(rings, options) {
  if (!rings.length) return [];
  const outer = unwrapRing(rings[0], options);
  const outerMid = longitudeSpan(outer).mid;
  const holes = rings.slice(1).map((hole) => {
    const h = unwrapRing(hole, options);
    const mid = longitudeSpan(h).mid;
    return shiftRing(h, nearestLongitude(mid, outerMid) - mid);
  });
  return [outer, ...holes];
}

// A GeoJSON geometry with every ring and line unwrapped (points are left alone).
export function unwrapGeometry(geometry, options) {
  if (!geometry) return geometry;
  switch (geometry.type) {
    case 'Polygon':
      return { ...geometry, coordinates: unwrapPolygon(geometry.coordinates, options) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((p) => unwrapPolygon(p, options)) };
    case 'LineString':
      return { ...geometry, coordinates: unwrapPath(geometry.coordinates) };
    case 'MultiLineString':
      return { ...geometry, coordinates: geometry.coordinates.map(unwrapPath) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => unwrapGeometry(g, options)) };
    default:
      return geometry;
  }
}

// A GeoJSON FeatureCollection (or a single Feature) with every geometry unwrapped.
export function unwrapGeoJson(geojson, options) {
  if (!geojson) return geojson;
  if (geojson.type === 'FeatureCollection') {
    return { ...geojson, features: geojson.features.map((f) => unwrapGeoJson(f, options)) };
  }
  if (geojson.type === 'Feature') return { ...geojson, geometry: unwrapGeometry(geojson.geometry, options) };
  return unwrapGeometry(geojson, options);
}

// The coastline of a ring as a line: the unwrapped ring without the edges that only close a polar
// cap along the map's edge (an outline drawn there would be a line down the antimeridian).
export function ringOutline(ring, options) {
  const closed = unwrapRing(ring, options);
  if (ring.length < 3 || ringLongitudeWinding(ring) === 0) return closed;
  // unwrapRing appended [end, first lat], [end, pole], [start, pole], [start]: keep up to the first.
  return closed.slice(0, closed.length - 3);
}

// GeoJSON outlines of the polygons of a FeatureCollection: one MultiLineString per feature, same
// properties; polar caps are open at the map's edge (see ringOutline).
export function outlineGeoJson(featureCollection, options) {
  const features = [];
  for (const f of featureCollection.features) {
    const g = f.geometry;
    const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    if (!polygons.length) continue;
    const lines = [];
    for (const rings of polygons) {
      const unwrapped = unwrapPolygon(rings, options);
      rings.forEach((ring, i) => {
        const outline = ringOutline(ring, options);
        // Holes were moved next to their exterior ring by unwrapPolygon: move the outline alike.
        const shift = unwrapped[i][0][0] - unwrapRing(ring, options)[0][0];
        lines.push(shift ? outline.map((p) => [p[0] + shift, ...p.slice(1)]) : outline);
      });
    }
    features.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'MultiLineString', coordinates: lines } });
  }
  return { type: 'FeatureCollection', features };
}

// Widest longitude extent of any ring or line in a GeoJSON value, in degrees: at most 360 for a
// polar cap, and a jump between consecutive vertices of more than 180 shows up as `maxJump`.
export function longitudeExtent(geojson) {
  let widest = 0;
  let maxJump = 0;
  const visit = (coords) => {
    if (typeof coords[0] === 'number') return;
    if (typeof coords[0][0] === 'number') {
      const { lo, hi } = longitudeSpan(coords);
      widest = Math.max(widest, hi - lo);
      for (let i = 1; i < coords.length; i++) maxJump = Math.max(maxJump, Math.abs(coords[i][0] - coords[i - 1][0]));
      return;
    }
    for (const c of coords) visit(c);
  };
  const walk = (g) => {
    if (!g) return;
    if (g.type === 'FeatureCollection') g.features.forEach(walk);
    else if (g.type === 'Feature') walk(g.geometry);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(walk);
    else if (g.coordinates) visit(g.coordinates);
  };
  walk(geojson);
  return { widest, maxJump };
}
