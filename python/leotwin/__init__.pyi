# Type stubs for `import leotwin` (editors complete from these; units and frames are in the
# docstrings of leotwin/__init__.py). test_module.py checks that every public name is declared
# here with the package's argument names.
import datetime as _dt
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

Instant = Union[str, int, np.integer, np.datetime64, _dt.datetime]
Duration = Union[str, int, float, _dt.timedelta, np.timedelta64]
ProgressArg = Union[None, bool, Callable[[int, int], Any]]
Times = Union[npt.ArrayLike, Sequence[Instant]]

class Error(Exception): ...
class InvalidArgument(Error, ValueError): ...
class OutOfRange(Error, ValueError): ...
class NotFound(Error, LookupError): ...
class DataLoss(Error): ...

REASON_NAMES: Tuple[str, ...]

class Constellation:
    """Element sets of a preset or an element file, SGP4 initialized once."""
    name: str
    source: str
    skipped_count: int
    skipped: List[str]
    from_preset: bool
    catalog_numbers: npt.NDArray[np.int64]
    names: List[str]
    epochs_ns: npt.NDArray[np.int64]
    shells: List[Dict[str, Any]]
    def __len__(self) -> int: ...
    def select(self, catalog_numbers: Sequence[int]) -> Constellation: ...

class Propagation:
    positions: npt.NDArray[np.float64]  # (satellites, times, 3): km, or lat deg, lon deg, km
    velocities: Optional[npt.NDArray[np.float64]]  # (satellites, times, 3) km/s
    errors: npt.NDArray[np.int32]  # (satellites, times) SGP4 error codes
    times: npt.NDArray[np.datetime64]
    frame: str

class LookAngles:
    azimuth_deg: npt.NDArray[np.float64]  # (satellites, times)
    elevation_deg: npt.NDArray[np.float64]
    range_km: npt.NDArray[np.float64]
    range_rate_km_s: npt.NDArray[np.float64]
    times: npt.NDArray[np.datetime64]

class Passes:
    satellite: npt.NDArray[np.int64]
    catalog_number: npt.NDArray[np.int64]
    rise: npt.NDArray[np.datetime64]
    culmination: npt.NDArray[np.datetime64]
    set: npt.NDArray[np.datetime64]
    max_elevation_deg: npt.NDArray[np.float64]
    rise_azimuth_deg: npt.NDArray[np.float64]
    culmination_azimuth_deg: npt.NDArray[np.float64]
    set_azimuth_deg: npt.NDArray[np.float64]
    rise_before_window: npt.NDArray[np.bool_]
    set_after_window: npt.NDArray[np.bool_]
    def __len__(self) -> int: ...

class Route:
    from_name: str
    to_name: str
    times: npt.NDArray[np.datetime64]
    rtt_ms: npt.NDArray[np.float64]  # NaN when unreachable
    hops: npt.NDArray[np.int32]
    path_changed: npt.NDArray[np.bool_]
    paths: Optional[List[npt.NDArray[np.int32]]]
    node_names: Optional[List[str]]
    summary: Dict[str, Any]
    fiber: Dict[str, float]
    def path_names(self, k: int) -> List[str]: ...

class Network:
    def __init__(self, **options: Any) -> None: ...
    @property
    def satellites(self) -> int: ...
    @property
    def constellation_name(self) -> str: ...
    @property
    def lasers(self) -> bool: ...
    @property
    def default_start(self) -> np.datetime64: ...
    def check_place(self, place: str) -> None: ...
    def route(self, from_place: str, to_place: str, start: Optional[Instant] = ...,
              duration: Duration = ..., step: Duration = ...,
              progress: ProgressArg = ...) -> Route: ...
    def routes(self, pairs: Iterable[Tuple[str, str]] = ..., top_cities: int = ...,
               start: Optional[Instant] = ..., duration: Duration = ..., step: Duration = ...,
               paths: bool = ..., progress: ProgressArg = ...) -> List[Route]: ...

class CoverageSnapshot:
    cell_id: npt.NDArray[np.uint64]
    lat_deg: npt.NDArray[np.float64]
    lon_deg: npt.NDArray[np.float64]
    area_km2: npt.NDArray[np.float64]
    in_view: npt.NDArray[np.uint16]
    level: int
    invalid_satellites: int

class CoverageWindow:
    cell_id: npt.NDArray[np.uint64]
    lat_deg: npt.NDArray[np.float64]
    lon_deg: npt.NDArray[np.float64]
    area_km2: npt.NDArray[np.float64]
    covered_share: npt.NDArray[np.float64]
    mean_in_view: npt.NDArray[np.float64]
    min_in_view: npt.NDArray[np.int32]
    max_in_view: npt.NDArray[np.int32]
    longest_gap_s: npt.NDArray[np.float64]
    level: int
    summary: Dict[str, Any]

class Decisions:
    allowed: npt.NDArray[np.bool_]
    reason: npt.NDArray[np.uint8]
    ledger_entry: npt.NDArray[np.int64]
    rule: Optional[List[str]]
    territory: Optional[List[str]]
    @property
    def reason_name(self) -> npt.NDArray[np.object_]: ...

class Explanation:
    text: str
    data: Dict[str, Any]
    @property
    def allowed(self) -> bool: ...
    @property
    def reason(self) -> str: ...

class VerifyReport:
    ok: bool
    entries: int
    verified: int
    first_bad_seq: int
    problem: str
    head_seq: int
    head_hash: str
    ledger_id: str

class Ledger:
    def __init__(self, path: Optional[str] = ...) -> None: ...
    @property
    def path(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def head(self) -> Tuple[int, str]: ...
    @property
    def terminals(self) -> List[str]: ...
    def decide(self, terminal: Union[str, Sequence[str]], lat: npt.ArrayLike, lon: npt.ArrayLike,
               speed: npt.ArrayLike = ..., at: Union[None, Instant, Times] = ...,
               rules: bool = ...) -> Decisions: ...
    def explain(self, terminal: str, lat: float, lon: float, speed: float = ...,
                at: Optional[Instant] = ...) -> Explanation: ...
    def verify(self, expect_head: Optional[str] = ...) -> VerifyReport: ...

def instant(value: Instant, name: str = ...) -> int: ...
def duration_ns(value: Duration, name: str = ..., allow_zero: bool = ...) -> int: ...
def time_grid(start: Instant, duration: Duration, step: Duration = ...) -> npt.NDArray[np.datetime64]: ...
def presets() -> List[Tuple[str, str]]: ...
def load(source: str = ..., epoch: Optional[Instant] = ..., strict: bool = ...) -> Constellation: ...
def propagate(constellation: Constellation, times: Times, frame: str = ..., velocities: bool = ...,
              progress: ProgressArg = ...) -> Propagation: ...
def states_at(constellation: Constellation, t: Instant,
              frame: str = ...) -> Dict[str, npt.NDArray[Any]]: ...
def look_angles(constellation: Constellation, times: Times, lat: float, lon: float,
                height_m: float = ...) -> LookAngles: ...
def passes(constellation: Constellation, lat: float, lon: float, start: Instant,
           duration: Duration = ..., min_elevation: float = ..., height_m: float = ...,
           max_satellites: int = ..., progress: ProgressArg = ...) -> Passes: ...
def coverage_snapshot(constellation: Constellation, at: Instant, level: int = ...,
                      mask: float = ..., cells: str = ...,
                      box: Optional[Sequence[float]] = ...) -> CoverageSnapshot: ...
def coverage_window(constellation: Constellation, start: Instant, window: Duration,
                    step: Duration = ..., level: int = ..., mask: float = ..., cells: str = ...,
                    box: Optional[Sequence[float]] = ..., worst: int = ...,
                    summary_lat: float = ..., progress: ProgressArg = ...) -> CoverageWindow: ...
def verify_ledger(path: Optional[str] = ..., expect_head: Optional[str] = ...) -> VerifyReport: ...
