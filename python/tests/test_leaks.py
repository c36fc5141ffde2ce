"""No leaks under repeated calls: each call below runs 10,000 times and the heap in use (the
allocator's own count: AddressSanitizer's under the dev preset, glibc's mallinfo2 otherwise; RSS
would hide small leaks behind the allocator's caches) must not grow by more than 1 MB between
call 1,000 and call 10,000. A leak of one array of 8 satellite positions per call (192 bytes)
would grow it by 1.7 MB."""
import ctypes

import numpy as np
import pytest

import leotwin

CALLS = 10_000
WARMUP = 1_000
LIMIT_BYTES = 1 << 20


def _heap_in_use():
    libc = ctypes.CDLL(None)
    try:
        asan = libc.__sanitizer_get_current_allocated_bytes
        asan.restype = ctypes.c_size_t
        return asan
    except AttributeError:
        pass

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost")]

    mallinfo2 = libc.mallinfo2
    mallinfo2.restype = MallInfo2
    return lambda: mallinfo2().uordblks + mallinfo2().hblkhd


HEAP = _heap_in_use()


@pytest.fixture(scope="module")
def small():
    c = leotwin.load("kuiper")
    return c.select(c.catalog_numbers[:8])


def growth(fn):
    for _ in range(WARMUP):
        fn()
    before = HEAP()
    for _ in range(CALLS - WARMUP):
        fn()
    return HEAP() - before


def test_propagate_does_not_leak(small):
    times = np.array([0, 60, 120], dtype=np.int64) * 1_000_000_000 + 1_758_585_600_000_000_000

    def call():
        p = leotwin.propagate(small, times, frame="geodetic", velocities=True)
        assert p.positions.shape == (8, 3, 3)
    assert growth(call) < LIMIT_BYTES


def test_zero_copy_states_do_not_leak(small):
    def call():
        s = leotwin.states_at(small, 1_758_585_600_000_000_000)
        assert s["x"].shape == (8,)
    assert growth(call) < LIMIT_BYTES


def test_errors_do_not_leak(small):
    def call():
        with pytest.raises(leotwin.InvalidArgument):
            leotwin.propagate(small, [0], frame="nope")
    assert growth(call) < LIMIT_BYTES


def test_look_angles_do_not_leak(small):
    def call():
        leotwin.look_angles(small, [1_758_585_600_000_000_000], 51.5, -0.1)
    assert growth(call) < LIMIT_BYTES
