"""Benchmark 1: what ``import dialstack`` costs next to ``import httpx2``.

The measure is the module's own import: the cumulative microseconds that ``-X importtime``
reports for the top-level ``dialstack`` module against those for ``httpx2``, each in a fresh
interpreter, interleaved; the figure is the median. Both packages are
byte-compiled first: the SDK is an editable install and PYTHONDONTWRITEBYTECODE may be set,
so otherwise its modules would be compiled from source on every run while httpx2's load
from ``.pyc`` files, which would measure the compiler rather than the import.
"""

import compileall
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

from .results import Row, millis
from .scale import Scale
from .sidebyside import in_turn
from .stats import median

TARGET = 1.15

# Each snippet prints the seconds its import took inside the interpreter.
_TIMED = "import time\n_t = time.perf_counter()\n{code}\nprint(time.perf_counter() - _t)\n"
SDK_CLIENT = (
    "from dialstack import DialStack\n"
    "DialStack(api_key='sk_test_x', api_url='http://127.0.0.1:9').accounts"
)
HTTPX_CLIENT = "import httpx2\nhttpx2.Client()"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{name} is not installed")
    return Path(spec.origin).parent


def byte_compile() -> None:
    for name in ("dialstack", "httpx2"):
        compileall.compile_dir(_package_dir(name), quiet=1)


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # use (and keep) the .pyc files
    return environment


def _run(code: str, environment: dict[str, str]) -> tuple[float, float]:
    """(wall seconds for the whole interpreter, seconds the import took inside it)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _TIMED.format(code=code)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{code!r} failed in a fresh interpreter:\n{done.stderr}")
    return wall, float(done.stdout.strip().splitlines()[-1])


def _imported(name: str, environment: dict[str, str]) -> float:
    """Seconds ``-X importtime`` reports for importing ``name`` (cumulative, the module with
    everything it imported) in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {name}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import {name} failed in a fresh interpreter:\n{done.stderr}")
    for line in done.stderr.splitlines():
        # "import time: self [us] | cumulative | name", the name indented by its depth
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[2].rstrip() == f" {name}":
            return int(fields[1]) / 1e6
    raise RuntimeError(f"-X importtime reported no top-level {name}:\n{done.stderr}")


def _compare_imports(runs: int) -> tuple[float, float]:
    """Medians of the ``-X importtime`` seconds of dialstack and httpx2, interleaved."""
    environment = _environment()
    mine: list[float] = []
    others: list[float] = []
    for name, results in in_turn(runs, ("dialstack", mine), ("httpx2", others)):
        results.append(_imported(name, environment))
    return median(mine), median(others)


def _compare(ours: str, theirs: str, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians (wall, in-process) of each snippet, interleaved, after one warm-up each."""
    environment = _environment()
    _run(ours, environment)
    _run(theirs, environment)
    mine: list[tuple[float, float]] = []
    others: list[tuple[float, float]] = []
    for code, results in in_turn(runs, (ours, mine), (theirs, others)):
        results.append(_run(code, environment))
    return (
        (median([m[0] for m in mine]), median([m[1] for m in mine])),
        (median([o[0] for o in others]), median([o[1] for o in others])),
    )


def run(scale: Scale) -> list[Row]:
    byte_compile()
    sdk_import, httpx_import = _compare_imports(scale.import_runs)
    imports = ("import dialstack", "import httpx2")
    (sdk_wall, _), (httpx_wall, _) = _compare(*imports, scale.import_runs)
    (client_wall, client_inner), (raw_wall, raw_inner) = _compare(
        SDK_CLIENT, HTTPX_CLIENT, scale.import_runs
    )
    runs = f"median of {scale.import_runs}"
    return [
        Row(
            f"import, -X importtime cumulative ({runs})",
            f"{millis(sdk_import)} import dialstack",
            f"{millis(httpx_import)} import httpx2",
            sdk_import / httpx_import,
            f"<= {TARGET:.2f}",
            sdk_import / httpx_import <= TARGET,
        ),
        Row(
            f"import, interpreter wall ({runs})",
            millis(sdk_wall),
            millis(httpx_wall),
            sdk_wall / httpx_wall,
            f"<= {TARGET:.2f}",
            sdk_wall / httpx_wall <= TARGET,
        ),
        Row(
            "import + client, in-process",
            f"{millis(client_inner)} DialStack(...).accounts",
            f"{millis(raw_inner)} httpx2.Client()",
            client_inner / raw_inner,
            "",
            None,
        ),
        Row(
            "import + client, interpreter wall",
            millis(client_wall),
            millis(raw_wall),
            client_wall / raw_wall,
            "",
            None,
        ),
    ]
