"""leotwin: the digital twin of a Starlink-class satellite system, from Python.

A thin layer over the C++ library (``leotwin._core``, pybind11): every number is computed by the
same functions as the ``leotwin`` command line; this package only converts arguments, names the
results and shows progress.

Conventions
-----------
- Instants: ``numpy.datetime64[ns]`` (UTC). Arguments also take ISO 8601 strings
  ("2025-09-23T00:00:00Z"), ``datetime`` (naive = UTC) or int64 Unix nanoseconds.
- Durations: strings as on the command line ("600s", "10min", "1h", "1d", "100ms"), numbers of
  seconds, ``datetime.timedelta`` or ``numpy.timedelta64``.
- Distances km, speeds km/s (orbits) or km/h (terminals), angles degrees, RTT milliseconds.
- Frames: TEME (SGP4's true equator, mean equinox), ECEF (TEME rotated by GMST IAU-82, polar
  motion ignored), geodetic (WGS84 latitude, longitude, height above the ellipsoid).
- Errors raise ``leotwin.Error`` subclasses (``InvalidArgument`` and ``OutOfRange`` are also
  ``ValueError``, ``NotFound`` is also ``LookupError``) with the message the CLI prints.
- Long calls release the GIL. Progress is shown in Jupyter notebooks and on terminals, never
  in pipes, logs or tests; ``progress=False`` turns it off, a callable ``f(done, total)`` gets it.

Example::

    import leotwin
    c = leotwin.load("starlink-gen1")
    times = leotwin.time_grid("2025-09-23T00:00:00Z", "10min", "1min")
    p = leotwin.propagate(c, times, frame="teme")       # p.positions: (4408, 11, 3) km
    net = leotwin.Network(constellation="starlink-gen1")
    r = net.route("London", "New York", duration="600s", step="1s")
    r.rtt_ms.min(), r.summary["median_rtt_ms"]
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import sys
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._core import DataLoss, Error, InvalidArgument, NotFound, OutOfRange

__all__ = [
    "Constellation", "DataLoss", "Error", "InvalidArgument", "NotFound", "OutOfRange",
    "Propagation", "LookAngles", "Passes", "Network", "Route", "CoverageSnapshot",
    "CoverageWindow", "Ledger", "Decisions", "Explanation", "VerifyReport", "REASON_NAMES",
    "load", "presets", "time_grid", "propagate", "states_at", "look_angles", "passes",
    "coverage_snapshot", "coverage_window", "verify_ledger", "instant", "duration_ns",
]

Constellation = _core.Constellation
REASON_NAMES: Tuple[str, ...] = tuple(_core.REASON_NAMES)

Instant = Union[str, int, np.integer, np.datetime64, _dt.datetime]
Duration = Union[str, int, float, _dt.timedelta, np.timedelta64]
ProgressArg = Union[None, bool, Callable[[int, int], Any]]

# --- arguments ---------------------------------------------------------------------------------


def instant(value: Instant, name: str = "instant") -> int:
    """An instant as int64 Unix nanoseconds (UTC). Strings go through the library's ISO 8601
    parser (the CLI's), so a bad one raises the CLI's message."""
    if isinstance(value, str):
        return int(_core.parse_instant(value, name))
    if isinstance(value, np.datetime64):
        return int(value.astype("datetime64[ns]").astype(np.int64))
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        delta = value - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    raise InvalidArgument(f"{name}: expected an ISO 8601 string, datetime, numpy.datetime64 or "
                          f"int Unix nanoseconds, got {type(value).__name__}")


def _instants(times: Any, name: str = "times") -> np.ndarray:
    """A 1-D int64 array of Unix nanoseconds."""
    if isinstance(times, (str, _dt.datetime, np.datetime64, int, np.integer)):
        times = [times]
    arr = np.asarray(times)
    if arr.ndim != 1:
        raise InvalidArgument(f"{name}: expected a one-dimensional sequence of instants")
    if np.issubdtype(arr.dtype, np.datetime64):
        return np.ascontiguousarray(arr.astype("datetime64[ns]").astype(np.int64))
    if np.issubdtype(arr.dtype, np.integer):
        return np.ascontiguousarray(arr.astype(np.int64))
    return np.array([instant(t, name) for t in arr.tolist()], dtype=np.int64)


def _duration_text(value: Duration, name: str) -> str:
    """A duration as the CLI's text (the library parses it)."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.timedelta64):
        return f"{int(value.astype('timedelta64[ns]').astype(np.int64))}ns"
    if isinstance(value, _dt.timedelta):
        return f"{(value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds}us"
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return repr(float(value)) + "s"
    raise InvalidArgument(f"{name}: expected a duration such as \"600s\", seconds or a timedelta")


def duration_ns(value: Duration, name: str = "duration", allow_zero: bool = False) -> int:
    """A duration in nanoseconds, parsed by the library ("600s", "1.5h", "1d", "100ms")."""
    return int(_core.parse_duration(_duration_text(value, name), name, allow_zero))


def _as_datetime64(ns: np.ndarray) -> np.ndarray:
    return np.asarray(ns, dtype=np.int64).view("datetime64[ns]")


def time_grid(start: Instant, duration: Duration, step: Duration = "1min") -> np.ndarray:
    """Evenly spaced instants start, start + step, ..., up to start + duration inclusive
    (the CLI's --start/--duration/--step grid). Returns datetime64[ns] (UTC)."""
    ns = _core.time_grid(instant(start, "start"), duration_ns(duration, "duration", True),
                         duration_ns(step, "step"))
    return _as_datetime64(ns)


# --- progress ----------------------------------------------------------------------------------


def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - an odd IPython
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class _TextProgress:
    """One line that rewrites itself: an IPython display in a notebook, '\\r' on a terminal."""

    def __init__(self, label: str, notebook: bool) -> None:
        self.label = label
        self.handle = None
        self.last = -1
        if notebook:
            from IPython.display import display  # only imported inside a notebook
            self.handle = display(f"{label}: 0%", display_id=True)

    def __call__(self, done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        if pct == self.last:
            return
        self.last = pct
        text = f"{self.label}: {pct}% ({done}/{total})"
        if self.handle is not None:
            self.handle.update(text)
        else:
            sys.stderr.write("\r" + text + ("\n" if done >= total else ""))
            sys.stderr.flush()


def _progress(progress: ProgressArg, label: str) -> Optional[Callable[[int, int], Any]]:
    if callable(progress):
        return progress
    if progress is False:
        return None
    notebook = _in_notebook()
    if progress is True or notebook or _stderr_is_terminal():
        return _TextProgress(label, notebook)
    return None


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


# --- orbits ------------------------------------------------------------------------------------


def presets() -> List[Tuple[str, str]]:
    """The built-in constellations as (name, one-line description)."""
    return list(_core.presets())


def load(source: str = "starlink-gen1", epoch: Optional[Instant] = None,
         strict: bool = False) -> Constellation:
    """A constellation: a preset name (see presets()) or an element file (TLE 2/3-line, OMM
    JSON/CSV/XML; format sniffed), as the CLI's --constellation.

    epoch: the epoch given to a preset's element sets (default 2025-09-23T00:00:00Z); element
    files keep their own. strict: stop at the first bad record instead of skipping it (skipped
    records are in .skipped_count / .skipped).
    """
    return _core.load(source, None if epoch is None else instant(epoch, "epoch"), strict)


@dataclasses.dataclass
class Propagation:
    """positions: (satellites, times, 3) float64. TEME or ECEF: x, y, z in km; geodetic:
    latitude deg, longitude deg (-180, 180], height km above WGS84. NaN where SGP4 failed
    (codes 1-4). velocities: same shape, km/s (TEME, or ECEF for ecef/geodetic), or None.
    errors: (satellites, times) int32 Vallado SGP4 error codes, 0 = ok, 6 = decayed.
    times: datetime64[ns] (UTC)."""
    positions: np.ndarray
    velocities: Optional[np.ndarray]
    errors: np.ndarray
    times: np.ndarray
    frame: str


def propagate(constellation: Constellation, times: Any, frame: str = "teme",
              velocities: bool = False, progress: ProgressArg = None) -> Propagation:
    """Positions of every satellite at every instant (the batch SGP4/SDP4 propagator, as
    `leotwin propagate`). frame: "teme", "ecef" or "geodetic" (see Propagation).

    The arrays are views with strides over a (times, 3, satellites) buffer filled straight from
    the propagator's struct of arrays (no transposition); np.ascontiguousarray() makes a
    C-ordered copy if one is needed. Releases the GIL."""
    ns = _instants(times)
    pos, vel, err = _core.propagate(constellation, ns, frame, velocities,
                                    _progress(progress, "propagating"))
    return Propagation(pos, vel, err, _as_datetime64(ns), frame)


def states_at(constellation: Constellation, t: Instant, frame: str = "teme") -> Dict[str, np.ndarray]:
    """States at one instant as the propagator's own arrays (zero-copy): x, y, z (km), vx, vy, vz
    (km/s) in TEME or ECEF, and error (SGP4 code), each of length satellites."""
    return _core.states_at(constellation, instant(t, "t"), frame)


@dataclasses.dataclass
class LookAngles:
    """(satellites, times) arrays seen from a site: azimuth_deg from north through east
    [0, 360), elevation_deg above the geodetic horizon, range_km, range_rate_km_s (positive when
    receding). NaN where SGP4 failed."""
    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    range_km: np.ndarray
    range_rate_km_s: np.ndarray
    times: np.ndarray


def look_angles(constellation: Constellation, times: Any, lat: float, lon: float,
                height_m: float = 0.0) -> LookAngles:
    """Azimuth, elevation, range and range rate of every satellite from a site (WGS84 geodetic
    latitude/longitude in degrees, height in metres above the ellipsoid). Releases the GIL."""
    ns = _instants(times)
    d = _core.look_angles(constellation, ns, float(lat), float(lon), float(height_m))
    return LookAngles(d["azimuth_deg"], d["elevation_deg"], d["range_km"],
                      d["range_rate_km_s"], _as_datetime64(ns))


@dataclasses.dataclass
class Passes:
    """One row per pass, sorted by rise (as `leotwin passes`): satellite (index in the
    constellation), catalog_number, rise / culmination / set (datetime64[ns] UTC),
    max_elevation_deg, rise/culmination/set azimuth (deg), rise_before_window and
    set_after_window (the pass was cut by the window)."""
    satellite: np.ndarray
    catalog_number: np.ndarray
    rise: np.ndarray
    culmination: np.ndarray
    set: np.ndarray
    max_elevation_deg: np.ndarray
    rise_azimuth_deg: np.ndarray
    culmination_azimuth_deg: np.ndarray
    set_azimuth_deg: np.ndarray
    rise_before_window: np.ndarray
    set_after_window: np.ndarray

    def __len__(self) -> int:
        return len(self.rise)


def passes(constellation: Constellation, lat: float, lon: float, start: Instant,
           duration: Duration = "1d", min_elevation: float = 25.0, height_m: float = 0.0,
           max_satellites: int = 2000, progress: ProgressArg = None) -> Passes:
    """Passes above an elevation mask (degrees) seen from a site (WGS84 degrees, metres) between
    start and start + duration. Refuses more than max_satellites satellites, as the CLI does
    (use Constellation.select()). Releases the GIL."""
    t0 = instant(start, "start")
    t1 = t0 + duration_ns(duration, "duration", allow_zero=True)
    d = _core.passes(constellation, float(lat), float(lon), float(height_m), t0, t1,
                     float(min_elevation), int(max_satellites), _progress(progress, "passes"))
    for k in ("rise", "culmination", "set"):
        d[k] = _as_datetime64(d[k])
    return Passes(**d)


# --- network -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Route:
    """An RTT series between two places. times: datetime64[ns] (UTC); rtt_ms: float64 round-trip
    time (2 x the one-way propagation delay), NaN when unreachable; hops: int32 links on the path
    (0 when unreachable); path_changed: bool, a reachable sample whose path differs from the
    previous reachable sample's (the CLI's CSV column); paths: per sample an int32 array of node
    ids (source first; empty when unreachable), names in node_names (None for routes() without
    paths). summary and fiber: the CLI's summary and great-circle fiber baseline (ms, km)."""
    from_name: str
    to_name: str
    times: np.ndarray
    rtt_ms: np.ndarray
    hops: np.ndarray
    path_changed: np.ndarray
    paths: Optional[List[np.ndarray]]
    node_names: Optional[List[str]]
    summary: Dict[str, Any]
    fiber: Dict[str, float]

    def path_names(self, k: int) -> List[str]:
        """Node names along the path of sample k."""
        if self.paths is None or self.node_names is None:
            raise InvalidArgument("this route was computed without paths")
        return [self.node_names[i] for i in self.paths[k]]


def _route(d: Dict[str, Any], node_names: Optional[List[str]]) -> Route:
    return Route(d["from_name"], d["to_name"], _as_datetime64(d["times_ns"]), d["rtt_ms"],
                 d["hops"], d["path_changed"], d["paths"], node_names, d["summary"], d["fiber"])


class Network:
    """A network scenario built from the same options as `leotwin route` / `leotwin routes`,
    parsed by the CLI's own flag definitions (so defaults, checks and messages are the CLI's).
    Keyword names are the flags without dashes: constellation, min_elevation (deg), lasers
    (auto | plus-grid | none), max_laser_range (km), atmosphere (km), seam_shift, gateways
    (auto | default | none), ground (CSV/GeoJSON file), egress (auto | satellite | pop),
    terminal_links, choice, fiber_inflation, method (incremental | scratch | reference), threads,
    knot (s). Loading (propagating the ephemeris) releases the GIL.
    """

    def __init__(self, **options: Any) -> None:
        argv: List[str] = []
        for key, value in options.items():
            if value is None:
                continue
            flag = "--" + key.replace("_", "-")
            if isinstance(value, bool):
                value = "true" if value else "false"
            argv += [flag, str(value)]
        self._net = _core.load_network(argv)

    @property
    def satellites(self) -> int:
        return self._net.satellites

    @property
    def constellation_name(self) -> str:
        return self._net.constellation_name

    @property
    def lasers(self) -> bool:
        """True when the scenario has laser links (+Grid), False for a bent pipe."""
        return self._net.lasers

    @property
    def default_start(self) -> np.datetime64:
        """The preset epoch, or the latest element epoch of a file."""
        return np.datetime64(self._net.default_start_ns, "ns")

    def check_place(self, place: str) -> None:
        """Raises NotFound (with close candidates) unless `place` resolves as route() would."""
        self._net.check_place(place)

    @staticmethod
    def _window(start: Optional[Instant], duration: Duration, step: Duration) -> Tuple[str, str, str]:
        s = "" if start is None else _core.format_instant(instant(start, "--start"))
        return s, _duration_text(duration, "--duration"), _duration_text(step, "--step")

    def route(self, from_place: str, to_place: str, start: Optional[Instant] = None,
              duration: Duration = "600s", step: Duration = "1s",
              progress: ProgressArg = None) -> Route:
        """RTT between two places ("London", "New York, US" or "lat,lon") every step from start
        (default: the scenario's default start) for duration, over lasers and ground relays, as
        `leotwin route`. Releases the GIL."""
        s, d, st = self._window(start, duration, step)
        terminal = progress is True or (progress is None and _stderr_is_terminal())
        r = _core.route(self._net, from_place, to_place, s, d, st, terminal)
        return _route(r, r["node_names"])

    def routes(self, pairs: Iterable[Tuple[str, str]] = (), top_cities: int = 0,
               start: Optional[Instant] = None, duration: Duration = "600s",
               step: Duration = "1s", paths: bool = False,
               progress: ProgressArg = None) -> List[Route]:
        """Series for many pairs in one network (as `leotwin routes`): the given (from, to)
        pairs, then every pair among the top_cities most populous cities. paths=True keeps every
        sample's path (memory!). Releases the GIL."""
        s, d, st = self._window(start, duration, step)
        series, names = _core.routes(self._net, [tuple(p) for p in pairs], int(top_cities), s, d,
                                     st, paths, _progress(progress, "routes"))
        return [_route(x, names) for x in series]


# --- coverage ----------------------------------------------------------------------------------


@dataclasses.dataclass
class CoverageSnapshot:
    """Satellites in view per S2 cell at one instant: cell_id (uint64 S2 ids at `level`),
    lat_deg/lon_deg (cell centres), area_km2, in_view (uint16 counts above the elevation mask),
    invalid_satellites (SGP4 errors, not counted)."""
    cell_id: np.ndarray
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    area_km2: np.ndarray
    in_view: np.ndarray
    level: int
    invalid_satellites: int


@dataclasses.dataclass
class CoverageWindow:
    """Per-cell statistics over a window (sample-and-hold): covered_share [0, 1], mean/min/max
    satellites in view, longest_gap_s (seconds without a satellite); summary as the CLI prints
    it (area-weighted)."""
    cell_id: np.ndarray
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    area_km2: np.ndarray
    covered_share: np.ndarray
    mean_in_view: np.ndarray
    min_in_view: np.ndarray
    max_in_view: np.ndarray
    longest_gap_s: np.ndarray
    level: int
    summary: Dict[str, Any]


def _box(box: Optional[Sequence[float]]) -> List[float]:
    return [] if box is None else [float(v) for v in box]


def coverage_snapshot(constellation: Constellation, at: Instant, level: int = 9,
                      mask: float = 25.0, cells: str = "global",
                      box: Optional[Sequence[float]] = None) -> CoverageSnapshot:
    """Satellites in view per cell at `at` (as `leotwin coverage` without --window). cells:
    "global", "land" (territory polygons) or "box" with box = (lat_lo, lon_lo, lat_hi, lon_hi)
    in degrees. mask: minimum elevation, degrees. Releases the GIL."""
    d = _core.coverage_snapshot(constellation, instant(at, "--at"), int(level), float(mask),
                                cells, _box(box))
    return CoverageSnapshot(**d)


def coverage_window(constellation: Constellation, start: Instant, window: Duration,
                    step: Duration = "1m", level: int = 9, mask: float = 25.0,
                    cells: str = "global", box: Optional[Sequence[float]] = None,
                    worst: int = 5, summary_lat: float = 90.0,
                    progress: ProgressArg = None) -> CoverageWindow:
    """Per-cell coverage over [start, start + window] every step (as `leotwin coverage
    --window`); summary_lat limits the summary to |latitude| <= it. Releases the GIL."""
    t0 = instant(start, "--at")
    step_ns = duration_ns(step, "--step")
    length = duration_ns(window, "--window", allow_zero=True)
    count = length // step_ns + 1
    d = _core.coverage_window(constellation, t0, step_ns, count, int(level), float(mask), cells,
                              _box(box), int(worst), float(summary_lat),
                              _progress(progress, "coverage"))
    return CoverageWindow(**d)


# --- policy ledger (read-only) -----------------------------------------------------------------


@dataclasses.dataclass
class Decisions:
    """One decision per position: allowed (bool), reason (uint8 code; reason_name gives the
    CLI's names, REASON_NAMES the table), ledger_entry (int64, the entry that created the
    deciding rule; 0 for defaults), rule and territory (lists of str, with rules=True)."""
    allowed: np.ndarray
    reason: np.ndarray
    ledger_entry: np.ndarray
    rule: Optional[List[str]]
    territory: Optional[List[str]]

    @property
    def reason_name(self) -> np.ndarray:
        return np.asarray(REASON_NAMES, dtype=object)[self.reason]


@dataclasses.dataclass
class Explanation:
    """`leotwin policy explain`: text (the CLI's lines) and data (its JSON as a dict)."""
    text: str
    data: Dict[str, Any]

    @property
    def allowed(self) -> bool:
        return bool(self.data["decision"]["allowed"])

    @property
    def reason(self) -> str:
        return str(self.data["decision"]["reason"])


@dataclasses.dataclass
class VerifyReport:
    """`leotwin ledger verify`: ok, entries, verified, first_bad_seq (0 if ok), problem,
    head_seq, head_hash, ledger_id."""
    ok: bool
    entries: int
    verified: int
    first_bad_seq: int
    problem: str
    head_seq: int
    head_hash: str
    ledger_id: str


def _now_or(at: Optional[Instant]) -> int:
    return int(_core.wall_clock_ns()) if at is None else instant(at, "--at")


class Ledger:
    """A policy ledger opened read-only (path: default $LEOTWIN_DB, else leotwin.db, as the CLI).
    Decisions replay the policy as of each instant from the ledger (time travel)."""

    def __init__(self, path: Optional[str] = None) -> None:
        self._ledger = _core.open_ledger(path or "")

    @property
    def path(self) -> str:
        return self._ledger.path

    @property
    def id(self) -> str:
        return self._ledger.id

    @property
    def head(self) -> Tuple[int, str]:
        """(sequence number, hash) of the last entry."""
        return self._ledger.head_seq, self._ledger.head_hash

    @property
    def terminals(self) -> List[str]:
        """Registered terminal ids (current policy)."""
        return list(self._ledger.terminals)

    def decide(self, terminal: Union[str, Sequence[str]], lat: Any, lon: Any, speed: Any = 0.0,
               at: Any = None, rules: bool = False) -> Decisions:
        """Authorize terminals at positions (WGS84 degrees), ground speeds (km/h) and instants
        (one for all, or one per position; default now), vectorized; the same decisions as
        `leotwin policy decide`. rules=True also returns the deciding rule ids and territories.
        Releases the GIL."""
        lat_a = np.ascontiguousarray(np.atleast_1d(np.asarray(lat, dtype=np.float64)))
        lon_a = np.ascontiguousarray(np.atleast_1d(np.asarray(lon, dtype=np.float64)))
        n = max(lat_a.size, lon_a.size)
        lat_a = np.ascontiguousarray(np.broadcast_to(lat_a, (n,)))
        lon_a = np.ascontiguousarray(np.broadcast_to(lon_a, (n,)))
        speed_a = np.ascontiguousarray(np.broadcast_to(
            np.atleast_1d(np.asarray(speed, dtype=np.float64)), (n,)))
        ids = [terminal] if isinstance(terminal, str) else [str(t) for t in terminal]
        if at is None or isinstance(at, (str, _dt.datetime, np.datetime64, int, np.integer)):
            at_ns = np.array([_now_or(at)], dtype=np.int64)
        else:
            at_ns = _instants(at, "--at")
        d = _core.decide(self._ledger, ids, lat_a, lon_a, speed_a, at_ns, rules)
        return Decisions(**d)

    def explain(self, terminal: str, lat: float, lon: float, speed: float = 0.0,
                at: Optional[Instant] = None) -> Explanation:
        """Why a terminal is allowed or denied at an instant (default now): the decision, the
        deciding rule, the ledger entry behind it, its proposer and approvers (as `leotwin policy
        explain`)."""
        text, data = _core.explain(self._ledger, terminal, float(lat), float(lon), float(speed),
                                   _now_or(at))
        return Explanation(text, json.loads(data))

    def verify(self, expect_head: Optional[str] = None) -> VerifyReport:
        """Re-verify the whole chain (hashes, signatures, quorum rules), as `leotwin ledger
        verify`; a damaged ledger gives ok=False and names the first bad entry."""
        return verify_ledger(self.path, expect_head)


def verify_ledger(path: Optional[str] = None, expect_head: Optional[str] = None) -> VerifyReport:
    """`leotwin ledger verify` on a file that may be too damaged to open."""
    return VerifyReport(**_core.verify_ledger(path or "", expect_head))
