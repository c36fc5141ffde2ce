// Unit tests of the antimeridian helpers (node --test web/tests/unit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  longitudeExtent, nearestLongitude, normalizeLongitude, outlineGeoJson, ringLongitudeWinding, ringOutline, unwrapGeoJson,
  unwrapPath, unwrapRing,
} from '../../src/lib/antimeridian.js';

const maxStep = (ring) => Math.max(...ring.slice(1).map((p, i) => Math.abs(p[0] - ring[i][0])));

test('normalizeLongitude maps into [-180, 180)', () => {
  assert.equal(normalizeLongitude(190), -170);
  assert.equal(normalizeLongitude(-190), 170);
  assert.equal(normalizeLongitude(180), -180);
  assert.equal(normalizeLongitude(540), -180);
  assert.equal(normalizeLongitude(12.5), 12.5);
});

test('nearestLongitude picks the short way round', () => {
  assert.equal(nearestLongitude(-179, 179), 181);
  assert.equal(nearestLongitude(179, -179), -181);
  assert.equal(nearestLongitude(10, 20), 10);
  assert.equal(nearestLongitude(10, 380), 370);
});

test('unwrapPath keeps a path across the Pacific continuous', () => {
  const path = unwrapPath([[170, 10, 'a'], [-175, 12, 'b'], [-160, 15], [175, 20]]);
  assert.deepEqual(path, [[170, 10, 'a'], [185, 12, 'b'], [200, 15], [175, 20]]);
});

test('a ring crossing the antimeridian stays in one piece, no jump, centred on the map', () => {
  // A box from 170 E to 175 W (Chukotka-like), written as GeoJSON gives it: jumps at +-180.
  const ring = [[170, 60], [-175, 60], [-175, 70], [170, 70], [170, 60]];
  assert.equal(maxStep(ring), 345);
  const u = unwrapRing(ring);
  assert.deepEqual(u, [[170, 60], [185, 60], [185, 70], [170, 70], [170, 60]]);
  assert.equal(ringLongitudeWinding(ring), 0);
  // Mostly west of the antimeridian: shifted to sit in [-180, 180) by its middle.
  const west = unwrapRing([[-170, 0], [178, 0], [178, 5], [-170, 5], [-170, 0]]);
  assert.deepEqual(west.map((p) => p[0]), [-170, -182, -182, -170, -170]);
});

test('a ring around the South Pole is closed through the pole, not across the map', () => {
  // A coastline all the way round at about -70, eastwards, starting at -180 (Antarctica's shape).
  const coast = [];
  for (let lon = -180; lon < 180; lon += 30) coast.push([lon, -70 + (lon % 60 === 0 ? 1 : 0)]);
  coast.push([179.6, -78]);
  const ring = [...coast, coast[0]];
  assert.equal(ringLongitudeWinding(ring), 360);
  const u = unwrapRing(ring);
  // No step across the map except the closing edge, which runs along the pole (the map's edge).
  const steps = u.slice(1).map((p, i) => ({ d: Math.abs(p[0] - u[i][0]), atPole: p[1] === -90 && u[i][1] === -90 }));
  assert.ok(steps.every((s) => s.d <= 180 || s.atPole), JSON.stringify(steps));
  const atPole = u.filter((p) => p[1] === -90);
  assert.equal(atPole.length, 2);
  assert.equal(Math.abs(atPole[0][0] - atPole[1][0]), 360);
  // The cap covers the whole width of the map, centred on it.
  const lons = u.map((p) => p[0]);
  assert.equal(Math.max(...lons) - Math.min(...lons), 360);
  assert.ok(Math.min(...lons) >= -180.5 && Math.max(...lons) <= 180.5, lons.join(' '));
  assert.deepEqual(u[0], u[u.length - 1]);
});

test('a ring around the North Pole closes through the North Pole', () => {
  const ring = [[0, 80], [120, 80], [-120, 80], [0, 80]];
  assert.equal(Math.abs(ringLongitudeWinding(ring)), 360);
  const u = unwrapRing(ring);
  assert.equal(u.filter((p) => p[1] === 90).length, 2);
  assert.equal(u.filter((p) => p[1] === -90).length, 0);
});

test('unwrapGeoJson fixes a MultiPolygon and leaves points and the input alone', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { iso_a2: 'XX' }, geometry: { type: 'MultiPolygon', coordinates: [
        [[[170, 60], [-175, 60], [-175, 70], [170, 70], [170, 60]], [[179, 65], [-179, 65], [-179, 66], [179, 65]]],
        [[[10, 10], [20, 10], [20, 20], [10, 10]]],
      ] } },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-179, 1] } },
    ],
  };
  const before = JSON.stringify(fc);
  assert.ok(longitudeExtent(fc).maxJump > 180);
  const out = unwrapGeoJson(fc);
  assert.equal(JSON.stringify(fc), before, 'input not modified');
  const { widest, maxJump } = longitudeExtent(out);
  assert.ok(maxJump <= 180, `jump ${maxJump}`);
  assert.ok(widest <= 180, `widest ${widest}`);
  const hole = out.features[0].geometry.coordinates[0][1];
  assert.deepEqual(hole.map((p) => p[0]), [179, 181, 181, 179], 'the hole sits inside its exterior ring');
  assert.deepEqual(out.features[1].geometry.coordinates, [-179, 1]);
  assert.equal(out.features[0].properties.iso_a2, 'XX');
});

test('outlines: a polar cap has no border along the antimeridian or the pole; others are closed', () => {
  const cap = [[-180, -70], [-90, -72], [0, -70], [90, -72], [179, -75], [-180, -70]];
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 'AQ', properties: { n: 1 }, geometry: { type: 'Polygon', coordinates: [cap] } },
      { type: 'Feature', id: 'RU', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[[[170, 60], [-175, 60], [-175, 70], [170, 70], [170, 60]]]] } },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
    ],
  };
  const out = outlineGeoJson(fc);
  assert.equal(out.features.length, 2);
  assert.equal(out.features[0].id, 'AQ');
  assert.deepEqual(out.features[0].properties, { n: 1 });
  const [aq] = out.features[0].geometry.coordinates;
  assert.ok(aq.every((p) => p[1] > -80), 'no vertex at the pole');
  assert.equal(aq[aq.length - 1][0] - aq[0][0], 360, 'the coast goes all the way round, once');
  assert.deepEqual(ringOutline(cap).slice(0, 2), [[-180, -70], [-90, -72]]);
  const [ru] = out.features[1].geometry.coordinates;
  assert.deepEqual(ru, [[170, 60], [185, 60], [185, 70], [170, 70], [170, 60]]);
});
