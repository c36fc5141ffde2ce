"""Network scenario and RTT series: equal to `leotwin route` / `leotwin routes` (the CSV prints
RTT with 6 decimals, so the binding agrees to 5e-7 ms; hops, path-change flags and paths are
equal), and options and errors are the CLI's."""
import csv
import io

import numpy as np
import pytest

import leotwin
from conftest import cli_error

WINDOW = dict(start="2025-09-23T00:00:00Z", duration="60s", step="2s")
CLI_WINDOW = ["--start", "2025-09-23T00:00:00Z", "--duration", "60s", "--step", "2s"]


@pytest.fixture(scope="module")
def net():
    return leotwin.Network(constellation="starlink-gen1")


def test_scenario(net):
    assert net.satellites == 4408 and net.lasers
    assert net.constellation_name == "starlink-gen1"
    assert net.default_start == np.datetime64("2025-09-23T00:00:00", "ns")


def test_route_equals_cli(cli, net, tmp_path):
    out = tmp_path / "route.csv"
    r = cli("route", "--from", "London", "--to", "New York", *CLI_WINDOW, "--csv", out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    route = net.route("London", "New York", **WINDOW)
    assert len(rows) == len(route.times) == 31
    assert route.times[0] == np.datetime64("2025-09-23T00:00:00", "ns")
    assert (np.diff(route.times) == np.timedelta64(2, "s")).all()
    for k, row in enumerate(rows):
        assert np.datetime64(row["time_utc"].rstrip("Z"), "ns") == route.times[k]
        assert abs(float(row["rtt_ms"]) - route.rtt_ms[k]) <= 5e-7
        assert int(row["hops"]) == route.hops[k]
        assert bool(int(row["path_changed"])) == route.path_changed[k]
        assert row["path"].split(">") == route.path_names(k)
        assert len(route.paths[k]) == route.hops[k] + 1
    summary = r.stdout
    s = route.summary
    assert f"median {s['median_rtt_ms']:.2f} ms" in summary
    assert f"path changes: {s['path_changes']};" in summary
    assert s["path_changes"] == int(route.path_changed.sum())
    assert f"great circle {route.fiber['great_circle_km']:.0f} km" in summary


def test_routes_equal_cli(cli, net, tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("from,to\nLondon,New York\nTokyo,Sydney\n\"48.85,2.35\",Nairobi\n")
    summary = tmp_path / "summary.csv"
    r = cli("routes", "--pairs", pairs, "--top-cities", 3, *CLI_WINDOW, "--summary", summary)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(summary.read_text())))
    got = net.routes([("London", "New York"), ("Tokyo", "Sydney"), ("48.85,2.35", "Nairobi")],
                     top_cities=3, **WINDOW)
    assert len(rows) == len(got) == 6
    for row, route in zip(rows, got):
        assert row["from"] == route.from_name and row["to"] == route.to_name
        for key in ("min_rtt_ms", "median_rtt_ms", "max_rtt_ms"):
            assert row[key] == (f"{route.summary[key]:.2f}" if route.summary["reachable"] else "-")
        assert int(row["path_changes"]) == route.summary["path_changes"]
        assert route.paths is None  # routes() keeps paths only when asked
    # One pair alone gives the same series as the same pair among others.
    alone = net.route("Tokyo", "Sydney", **WINDOW)
    np.testing.assert_array_equal(alone.rtt_ms, got[1].rtt_ms)


def test_progress_callback_counts_pairs(net):
    seen = []
    got = net.routes(top_cities=4, duration="4s", step="2s",
                     progress=lambda done, total: seen.append((done, total)))
    assert len(got) == 6 and seen[-1] == (6, 6)
    assert all(b == 6 for _, b in seen) and [a for a, _ in seen] == sorted(a for a, _ in seen)


def test_bent_pipe_options(cli, tmp_path):
    out = tmp_path / "r.csv"
    r = cli("route", "--from", "Seattle", "--to", "New York", "--constellation", "starlink-gen1",
            "--lasers", "none", "--min-elevation", "30", *CLI_WINDOW, "--csv", out)
    assert r.returncode == 0, r.stderr
    want = [float(x["rtt_ms"]) if x["rtt_ms"] else np.nan
            for x in csv.DictReader(io.StringIO(out.read_text()))]
    net = leotwin.Network(constellation="starlink-gen1", lasers="none", min_elevation=30)
    assert not net.lasers
    got = net.route("Seattle", "New York", **WINDOW)
    np.testing.assert_allclose(got.rtt_ms, want, rtol=0, atol=5e-7)


def test_errors_carry_cli_messages(cli, net):
    with pytest.raises(leotwin.InvalidArgument) as e:
        leotwin.Network(lasers="laser-beams")
    r = cli("route", "--from", "London", "--to", "Paris", "--lasers", "laser-beams")
    assert str(e.value) == r.stderr.splitlines()[0]

    with pytest.raises(leotwin.InvalidArgument) as e:
        leotwin.Network(min_elevation=float("nan"))
    r = cli("route", "--from", "London", "--to", "Paris", "--min-elevation", "nan")
    assert str(e.value) == r.stderr.splitlines()[0]

    with pytest.raises(leotwin.NotFound) as e:
        net.route("Atlantis", "New York", **WINDOW)
    r = cli("route", "--from", "Atlantis", "--to", "New York", *CLI_WINDOW)
    assert str(e.value) == cli_error(r)

    with pytest.raises(leotwin.OutOfRange) as e:
        net.route("London", "New York", duration="400d", step="1ms")
    r = cli("route", "--from", "London", "--to", "New York", "--duration", "400d", "--step", "1ms")
    assert str(e.value) == cli_error(r)

    with pytest.raises(leotwin.InvalidArgument) as e:
        net.route("London", "New York", duration="soon")
    r = cli("route", "--from", "London", "--to", "New York", "--duration", "soon")
    assert str(e.value) == cli_error(r)
