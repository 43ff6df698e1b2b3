"""Benchmark `scaffold check stateless` against Fixit on Django 5.1's `django/` package.

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/bench_stateless.py [--runs 3] [--skip-fixit]

The script fetches what it needs itself: it downloads the Django 5.1 wheel with pip into
`bench/.cache/wheels/` (once) and unpacks `django/` into `bench/.cache/django-5.1/`. It then
measures, in one run and on the same files:

* the cold run: `scaffold check stateless` with an empty cache (end to end, a subprocess);
* the warm run: the same command again, served from the content-keyed cache;
* the reference: the stdlib `ast` parse of the same files on one core (a subprocess reading
  and parsing every file, as the checker's own parse does), which the cold run must stay
  within 3 times of and the warm run within 0.35 times, the project index included;
* Fixit: `fixit lint` with its default rules.

It prints seconds, lines per second and the ratios. Every run checks the whole package
(`exclude = []` in a pyproject.toml next to it), so both tools read the same ~880 files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
PYTHON = Path(sys.executable)
DJANGO_SPEC = "django==5.1.*"


def fetch_package(spec: str, package: str, destination: Path) -> Path:
    """Download `spec`'s wheel (once) and unpack its top-level `package` into `destination`.

    Returns the unpacked package directory, `destination/package`.
    """
    target = destination / package
    if target.is_dir():
        return target
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    name = spec.split("=")[0].split("<")[0].split(">")[0].strip().lower()
    found = _find_wheel(wheels, name)
    if found is None:
        subprocess.run(
            [
                str(PYTHON),
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "-q",
                spec,
                "-d",
                str(wheels),
            ],
            check=True,
        )
        found = _find_wheel(wheels, name)
    if found is None:
        raise SystemExit(f"pip did not download a wheel for {spec}")
    destination.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=destination))
    with zipfile.ZipFile(found) as wheel:
        members = [m for m in wheel.namelist() if m.startswith(f"{package}/")]
        wheel.extractall(staging, members)
    (staging / package).rename(target)
    shutil.rmtree(staging)
    return target


def _find_wheel(directory: Path, name: str) -> Path | None:
    prefix = name.replace("-", "_")
    for wheel in sorted(directory.glob("*.whl")):
        if wheel.name.lower().startswith(prefix + "-"):
            return wheel
    return None


def count_lines(root: Path) -> tuple[int, int]:
    """(files, lines) of the Python files under `root`."""
    files = lines = 0
    for path in root.rglob("*.py"):
        files += 1
        with path.open("rb") as handle:
            lines += sum(1 for _ in handle)
    return files, lines


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds, and CPU seconds of the process and all its children."""

    wall: float
    cpu: float


def timed(argv: list[str], cwd: Path) -> tuple[Timing, str]:
    """Run a command; return its timing and stdout (findings exit 1, which is fine).

    CPU time is reported next to wall time because it hardly moves when the machine is busy
    with other work, while wall time does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({completed.returncode}):\n{completed.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu), completed.stdout


def median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def report(label: str, timing: Timing, lines: int, note: str) -> None:
    print(
        f"{label:<18}: {timing.wall:7.2f} s wall {timing.cpu:7.2f} s CPU  "
        f"{lines / timing.wall:>10,.0f} lines/s  {note}"
    )


_ENGINE_PROBE = """
import shutil, sys, time
from pathlib import Path
from scaffold.validators import stateless
cache = Path(sys.argv[1])
shutil.rmtree(cache, ignore_errors=True)
start = time.perf_counter()
stateless.check([Path("django")], cache_dir=cache)
middle = time.perf_counter()
stateless.check([Path("django")], cache_dir=cache)
print(middle - start, time.perf_counter() - middle)
"""


_AST_PROBE = """
import ast, sys, time
from pathlib import Path
paths = sorted(p for p in Path("django").rglob("*.py") if "__pycache__" not in p.parts)
start = time.perf_counter()
for path in paths:
    ast.parse(path.read_bytes(), filename=str(path))
print(time.perf_counter() - start)
"""


def ast_parse_time(workdir: Path) -> float:
    """Seconds the stdlib `ast` takes to read and parse every file, on one core."""
    _, output = timed([str(PYTHON), "-c", _AST_PROBE], workdir)
    return float(output)


def engine_times(workdir: Path, cache_dir: Path) -> tuple[float, float]:
    """Cold and warm time of the engine alone, measured inside one Python process."""
    _, output = timed([str(PYTHON), "-c", _ENGINE_PROBE, str(cache_dir)], workdir)
    cold, warm = (float(value) for value in output.split())
    return cold, warm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="repetitions of the scaffold runs")
    parser.add_argument("--skip-fixit", action="store_true", help="do not run Fixit")
    args = parser.parse_args(argv)

    workdir = CACHE / "django-5.1"
    package = fetch_package(DJANGO_SPEC, "django", workdir)
    (workdir / "pyproject.toml").write_text(
        '[project]\nname = "bench"\n\n[tool.scaffold.stateless]\nexclude = ["__pycache__"]\n',
        encoding="utf-8",
    )
    files, lines = count_lines(package)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Django 5.1 `django/`: {files} files, {lines:,} lines; {cpus} CPU(s)")

    cache_dir = workdir / ".scaffold-cache"
    command = [
        str(PYTHON),
        "-m",
        "scaffold",
        "check",
        "stateless",
        "django",
        "--json",
        "--cache-dir",
        str(cache_dir),
    ]
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    colds: list[Timing] = []
    warms: list[Timing] = []
    parses: list[float] = []
    checked = findings = 0
    for _ in range(args.runs):
        shutil.rmtree(cache_dir, ignore_errors=True)
        cold_run, output = timed(command, workdir)
        warm_run, warm_output = timed(command, workdir)
        if warm_output != output:
            raise SystemExit("the warm (cached) run reported something else than the cold run")
        colds.append(cold_run)
        warms.append(warm_run)
        data = json.loads(output)["data"]
        checked, findings = data["files_checked"], len(data["findings"])
        parses.append(ast_parse_time(workdir))
    startup, _ = timed([str(PYTHON), "-c", "import scaffold.cli"], workdir)
    engine_cold, engine_warm = engine_times(workdir, cache_dir)
    parse = statistics.median(parses)

    cold, warm = median(colds), median(warms)
    report(
        "scaffold cold run",
        cold,
        lines,
        f"(median of {args.runs}; {checked} files, {findings} findings)",
    )
    report(
        "scaffold warm run",
        warm,
        lines,
        f"(cache hit; `import scaffold.cli` alone {startup.wall:.2f} s)",
    )
    print(
        f"{'engine only':<18}: {engine_cold:7.2f} s cold, {engine_warm:.2f} s warm "
        "(in-process `stateless.check`, without interpreter and CLI start-up)"
    )
    print(f"{'stdlib ast parse':<18}: {parse:7.2f} s (one core, median of {args.runs})")
    print(
        f"cold / ast parse = {cold.wall / parse:.2f} (target <= 3), "
        f"warm / ast parse = {warm.wall / parse:.2f} (target <= 0.35)"
    )
    if not args.skip_fixit:
        fixit, _ = timed([str(PYTHON.parent / "fixit"), "lint", "django"], workdir)
        report("fixit lint", fixit, lines, "(default rules, one run)")
        print(
            f"scaffold cold vs Fixit: {fixit.wall / cold.wall:.0f}x faster (wall), "
            f"{fixit.cpu / cold.cpu:.0f}x less CPU; warm: {fixit.wall / warm.wall:.0f}x (wall)"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f} (on {cpus} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
