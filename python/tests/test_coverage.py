"""Coverage snapshots and windows as arrays, equal to `leotwin coverage --out cells.csv` (the CSV
prints covered_share with 4 decimals and mean_in_view with 3: the binding agrees to half a unit in
the last place; counts, minimum, maximum and gaps exactly)."""
import csv
import io

import numpy as np
import pytest

import leotwin


def token(cell_id):
    return format(int(cell_id), "016x").rstrip("0")


@pytest.fixture(scope="module")
def gen1():
    return leotwin.load("starlink-gen1")


def test_snapshot_equals_cli(cli, gen1, tmp_path):
    out = tmp_path / "cells.csv"
    r = cli("coverage", "--level", 5, "--at", "2025-09-23T03:00:00Z", "--out", out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    s = leotwin.coverage_snapshot(gen1, "2025-09-23T03:00:00Z", level=5)
    assert len(rows) == len(s.cell_id) == 6 * 4**5
    assert s.in_view.dtype == np.uint16 and s.level == 5
    assert [r["cell"] for r in rows] == [token(c) for c in s.cell_id]
    np.testing.assert_array_equal([int(r["in_view"]) for r in rows], s.in_view)
    np.testing.assert_allclose([float(r["lat"]) for r in rows], s.lat_deg, atol=5e-7)
    covered = int((s.in_view > 0).sum())
    assert f"{covered} of {len(s.cell_id)} cells covered" in r.stdout
    assert f"max {s.in_view.max()} " in r.stdout
    # Total area is the sphere's (mean Earth radius 6371.0088 km), cells are equal-ish.
    assert abs(s.area_km2.sum() - 4 * np.pi * 6371.0088**2) / s.area_km2.sum() < 1e-9


def test_window_equals_cli(cli, gen1, tmp_path):
    out = tmp_path / "window.csv"
    args = ["--level", 4, "--at", "2025-09-23T00:00:00Z", "--window", "20m", "--step", "5m",
            "--mask", 40, "--cells", "box", "--box", 20, -30, 70, 60]
    r = cli("coverage", *args, "--out", out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    seen = []
    w = leotwin.coverage_window(gen1, "2025-09-23T00:00:00Z", "20m", "5m", level=4, mask=40,
                                cells="box", box=(20, -30, 70, 60),
                                progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)
    assert [r["cell"] for r in rows] == [token(c) for c in w.cell_id]
    np.testing.assert_allclose([float(r["covered_share"]) for r in rows], w.covered_share,
                               atol=5e-5)
    np.testing.assert_allclose([float(r["mean_in_view"]) for r in rows], w.mean_in_view,
                               atol=5e-4)
    np.testing.assert_array_equal([int(r["min_in_view"]) for r in rows], w.min_in_view)
    np.testing.assert_array_equal([int(r["max_in_view"]) for r in rows], w.max_in_view)
    np.testing.assert_array_equal([float(r["longest_gap_s"]) for r in rows], w.longest_gap_s)
    s = w.summary
    assert s["steps"] == 5 and s["cells"] == len(rows)
    assert f"area-weighted time covered {100 * s['covered_area_share']:.2f} %" in r.stdout
    assert f"mean {s['mean_in_view']:.2f} (area-weighted)" in r.stdout


def test_errors_carry_cli_messages(cli, gen1):
    with pytest.raises(leotwin.InvalidArgument) as e:
        leotwin.coverage_snapshot(gen1, "2025-09-23", cells="ocean")
    r = cli("coverage", "--cells", "ocean", "--level", 3)
    assert r.returncode != 0 and f"leotwin: {e.value}" in r.stderr
    with pytest.raises(leotwin.InvalidArgument) as e:
        leotwin.coverage_snapshot(gen1, "2025-09-23", cells="box", box=(1, 2))
    r = cli("coverage", "--cells", "box", "--level", 3)
    assert f"leotwin: {e.value}" in r.stderr
    with pytest.raises(leotwin.OutOfRange):
        leotwin.coverage_window(gen1, "2025-09-23", "30d", "1s", level=2)
    with pytest.raises(leotwin.InvalidArgument, match="--level"):
        leotwin.coverage_snapshot(gen1, "2025-09-23", level=14)
