"""The package itself: importable from the build tree, exceptions, docstrings, type stubs."""
import ast
import inspect
import pathlib

import leotwin

STUB = pathlib.Path(__file__).resolve().parents[1] / "leotwin" / "__init__.pyi"


def test_import_from_build_tree():
    core = pathlib.Path(leotwin._core.__file__)
    assert core.name.startswith("_core") and core.suffix == ".so"
    assert (core.parent / "__init__.py").exists() and (core.parent / "__init__.pyi").exists()
    assert (core.parent / "py.typed").exists()


def test_exception_hierarchy():
    assert issubclass(leotwin.InvalidArgument, leotwin.Error)
    assert issubclass(leotwin.InvalidArgument, ValueError)
    assert issubclass(leotwin.OutOfRange, ValueError)
    assert issubclass(leotwin.NotFound, LookupError)
    assert issubclass(leotwin.DataLoss, leotwin.Error)
    assert not issubclass(leotwin.DataLoss, ValueError)


def test_public_api_documented_with_units():
    for name in leotwin.__all__:
        obj = getattr(leotwin, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__ and len(obj.__doc__) > 40, name
    for name in ("propagate", "look_angles", "coverage_snapshot", "Network", "Route"):
        doc = getattr(leotwin, name).__doc__
        assert any(u in doc for u in ("km", "deg", "ms", "degrees")), name


def test_stub_declares_every_public_name():
    tree = ast.parse(STUB.read_text())
    declared = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            declared.add(node.target.id)
        elif isinstance(node, ast.Assign):
            declared.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            declared.update(a.asname or a.name for a in node.names)
    assert set(leotwin.__all__) <= declared, set(leotwin.__all__) - declared
    # The stub's signatures match the package's (argument names, in order).
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in leotwin.__all__:
            real = list(inspect.signature(getattr(leotwin, node.name)).parameters)
            assert [a.arg for a in node.args.args] == real, node.name


def test_progress_is_silent_off_terminals(capsys):
    c = leotwin.load("kuiper")
    leotwin.propagate(c, leotwin.time_grid("2025-09-23", "5min", "1min"))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    seen = []
    leotwin.propagate(c, leotwin.time_grid("2025-09-23", "5min", "1min"),
                      progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6)


def test_gil_released_during_propagation():
    """A Python thread keeps running while another propagates (the call releases the GIL)."""
    import threading
    import time

    c = leotwin.load("starlink-gen1")
    times = leotwin.time_grid("2025-09-23", "60min", "1min")
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    leotwin.propagate(c, times)
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < start + elapsed]
    # Without releasing the GIL the ticker would be frozen for the whole call.
    assert elapsed < 0.05 or len(during) >= 5, (elapsed, len(during))
