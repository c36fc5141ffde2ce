#!/usr/bin/python3
"""Converts Natural Earth admin-0 countries (npm world-atlas countries-50m.json, TopoJSON) into
data/territories/countries.geojson with ISO 3166-1 alpha-2/alpha-3/numeric codes.

Usage (run once; the output is committed):
  mkdir -p /tmp/x && cd /tmp/x && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
  /usr/bin/python3 scripts/convert-territories.py /tmp/x/package/countries-50m.json \
      /usr/share/iso-codes/json/iso_3166-1.json data/territories/countries.geojson

world-atlas ids are ISO 3166-1 numeric codes; alpha codes come from Debian's iso-codes package.
Features without an ISO code get user-assigned codes (ISO 3166-1 reserves XA-XZ for that), and two
features are reorganised (see USER_ASSIGNED / SPLIT / MERGE below and PROVENANCE.md).
Output rings follow RFC 7946 (exterior counter-clockwise, holes clockwise, in lon/lat); rings that
touch themselves at a vertex are split into separate rings (S2 loops may not repeat a vertex).
"""
import json
import sys

# Natural Earth features without an ISO 3166-1 code: user-assigned codes (XA-XZ / XAA-XZZ range).
USER_ASSIGNED = {
    "Kosovo": ("XK", "XKX"),          # XK as used by the European Commission and IMF
    "N. Cyprus": ("XC", "XNC"),
    "Somaliland": ("XS", "XSO"),
    "Siachen Glacier": ("XG", "XSG"),
}
# "Indian Ocean Ter." (no id) holds Christmas Island (CX, 162) and the Cocos (Keeling) Islands
# (CC, 166): each polygon goes to the territory whose longitude band it lies in.
SPLIT = {"Indian Ocean Ter.": [("162", 100.0, 110.0), ("166", 90.0, 100.0)]}
# Ashmore and Cartier Is. carries Australia's numeric id 036: merged into Australia.
MERGE_INTO_SAME_ID = True


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
        arcs.append(pts)
    return arcs


def ring_points(ring_arcs, arcs):
    pts = []
    for a in ring_arcs:
        seg = arcs[a] if a >= 0 else list(reversed(arcs[~a]))
        if pts:
            seg = seg[1:]
        pts.extend(seg)
    return pts


def signed_area(ring):
    s = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        s += x0 * y1 - x1 * y0
    return s / 2.0


def dedupe(ring):
    out = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    return out


def split_pinches(ring):
    """Splits a closed ring that visits a vertex twice into simple closed rings."""
    open_ring = ring[:-1]
    seen = {}
    for i, p in enumerate(open_ring):
        if p in seen:
            j = seen[p]
            inner = open_ring[j:i] + [p]
            outer = open_ring[:j] + open_ring[i:] + [open_ring[0]]
            return split_pinches(inner) + split_pinches(outer)
        seen[p] = i
    return [ring]


def orient(ring, ccw):
    if (signed_area(ring) > 0) != ccw:
        ring = list(reversed(ring))
    return ring


def polygons_of(geom):
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    raise ValueError("unexpected geometry type %s" % geom["type"])


def convert_polygon(poly_arcs, arcs):
    """Returns a list of GeoJSON polygons (a pinched exterior can become several)."""
    out = []
    rings = [dedupe(ring_points(r, arcs)) for r in poly_arcs]
    if all(abs(lat) >= 89.99 for _, lat in rings[0]) and len(rings) > 1:
        # d3/world-atlas spherical convention (Antarctica): the "exterior" is a tiny circle around
        # the pole (at -89.999) and the real coastline is a "hole" whose other side is the land.
        # Drop the circle (a 111 m cap around the pole) and make each coastline an exterior.
        return [[r] for r in rings[1:]]
    exteriors = split_pinches(rings[0])
    holes = []
    for h in rings[1:]:
        holes.extend(split_pinches(h))
    # A ring around a pole: planar winding is meaningless there, keep it as is.
    polar = any(abs(lat) >= 89.99 for _, lat in rings[0])
    exteriors = [e if polar else orient(e, True) for e in exteriors if len(e) >= 4]
    holes = [orient(h, False) for h in holes if len(h) >= 4]
    if len(exteriors) == 1:
        out.append([exteriors[0]] + holes)
    else:
        # Assign each hole to the exterior whose bounding box contains it (rare case).
        for e in exteriors:
            xs = [p[0] for p in e]
            ys = [p[1] for p in e]
            mine = [h for h in holes
                    if min(xs) <= h[0][0] <= max(xs) and min(ys) <= h[0][1] <= max(ys)]
            out.append([e] + mine)
    return out


def main():
    topo_path, iso_path, out_path = sys.argv[1:4]
    topo = json.load(open(topo_path))
    iso = {e["numeric"]: e for e in json.load(open(iso_path))["3166-1"]}
    arcs = decode_arcs(topo)
    by_code = {}  # numeric or user code -> feature
    order = []

    def feature_for(numeric, user_name=None):
        key = numeric or user_name
        if key in by_code:
            return by_code[key]
        if numeric:
            e = iso[numeric]
            props = {"iso_a2": e["alpha_2"], "iso_a3": e["alpha_3"], "iso_n3": int(numeric),
                     "name": e.get("common_name", e["name"]), "iso_name": e["name"],
                     "user_assigned": False}
        else:
            a2, a3 = USER_ASSIGNED[user_name]
            props = {"iso_a2": a2, "iso_a3": a3, "iso_n3": 0, "name": user_name,
                     "iso_name": "", "user_assigned": True}
        f = {"type": "Feature", "id": props["iso_a2"], "properties": props, "polygons": []}
        by_code[key] = f
        order.append(key)
        return f

    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        numeric = geom.get("id")
        polys = []
        for p in polygons_of(geom):
            polys.extend(convert_polygon(p, arcs))
        if name in SPLIT:
            for poly in polys:
                lon = poly[0][0][0]
                target = [n for n, lo, hi in SPLIT[name] if lo <= lon < hi]
                assert len(target) == 1, (name, lon)
                feature_for(target[0])["polygons"].append(poly)
            continue
        if not numeric:
            f = feature_for(None, name)
        else:
            f = feature_for(numeric)
            f["properties"].setdefault("ne_names", [])
            f["properties"]["ne_names"].append(name)
        f["polygons"].extend(polys)

    features = []
    for key in order:
        f = by_code[key]
        polys = f.pop("polygons")
        ne = f["properties"].pop("ne_names", None)
        if ne:
            f["properties"]["name"] = ne[0]  # Natural Earth's short display name
        f["geometry"] = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1 else
                         {"type": "MultiPolygon", "coordinates": polys})
        features.append(f)
    features.sort(key=lambda f: f["properties"]["iso_a2"])
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 1:50m admin-0 countries via npm world-atlas 2.0.2 "
                     "(countries-50m.json); ISO codes from Debian iso-codes",
           "features": features}
    with open(out_path, "w") as out:
        out.write('{"type":"FeatureCollection",\n"source":%s,\n"features":[\n'
                  % json.dumps(doc["source"]))
        out.write(",\n".join(json.dumps(f, separators=(",", ":")) for f in features))
        out.write("\n]}\n")
    print("%d territories -> %s" % (len(features), out_path))


if __name__ == "__main__":
    main()
