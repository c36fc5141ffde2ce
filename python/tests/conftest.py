"""Shared fixtures: the CLI beside the module (the reference the binding is checked against)."""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
SHARED_STARLINK = SOURCE_DIR.parent / "shared" / "data" / "starlink_20250923.tle"


def _cli_path():
    env = os.environ.get("LEOTWIN_CLI")
    if env:
        return pathlib.Path(env)
    build = os.environ.get("LEOTWIN_BUILD_DIR")
    if build:
        return pathlib.Path(build) / "leotwin"
    return None


@pytest.fixture(scope="session")
def cli():
    """Runs the leotwin CLI: cli(*args) -> CompletedProcess (text, not checked)."""
    path = _cli_path()
    if path is None or not path.exists():
        pytest.fail("LEOTWIN_CLI is not set: run these tests through ctest (python.*)")

    def run(*args, cwd=None, env=None):
        full_env = dict(os.environ)
        # The CLI is a normal executable: it must not inherit the interpreter's preload.
        full_env.pop("LD_PRELOAD", None)
        full_env.update(env or {})
        return subprocess.run([str(path), *map(str, args)], capture_output=True, text=True,
                              cwd=cwd, env=full_env, timeout=600)

    return run


def cli_error(result):
    """The CLI's error message: its last stderr line without the "leotwin: " prefix."""
    assert result.returncode != 0, result.stdout
    line = [l for l in result.stderr.splitlines() if l.strip()][-1] if "leotwin: " in result.stderr \
        else result.stderr.strip().splitlines()[0]
    for l in result.stderr.splitlines():
        if l.startswith("leotwin: "):
            return l[len("leotwin: "):]
    return line
