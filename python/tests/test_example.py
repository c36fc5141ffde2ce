"""examples/london_new_york_rtt.py runs as a script, reproduces the README's London - New York
figure (the numbers of the `leotwin route` tour line) and saves a PNG."""
import pathlib
import re
import subprocess
import sys

from conftest import SOURCE_DIR

EXAMPLE = SOURCE_DIR / "examples" / "london_new_york_rtt.py"


def test_example_reproduces_readme_figure(tmp_path):
    readme = (SOURCE_DIR / "README.md").read_text()
    want = re.search(r'leotwin route --from London --to "New York" --duration 10m --step 1s.*?\n'
                     r".*?\n.*?\n.*?\n(RTT: min [\d.]+ ms, median [\d.]+ ms, max [\d.]+ ms)",
                     readme).group(1)
    png = tmp_path / "rtt.png"
    r = subprocess.run([sys.executable, str(EXAMPLE), "--out", str(png)], capture_output=True,
                       text=True, timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert want in r.stdout, (want, r.stdout)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
