"""Wall-clock benchmark of the `scaffold` command line, measured as whole processes.

What a user feels is the time from pressing Enter to getting the prompt back, so every figure
here is one complete subprocess (interpreter start-up, imports, work, exit), timed with
`time.perf_counter`, repeated, and reported as median and min:

1. `python -c pass`: the floor, the start-up of the very interpreter scaffold runs on;
2. `scaffold --version`: the CLI's fixed cost (target: within 8x of the floor);
3. `scaffold crud Product <6 fields>` in a fresh copy of a `scaffold new` project;
4. `copier copy` of a template holding exactly the 7 files that crud run writes, rendered
   through Jinja: the cost of a plain template copy, which `scaffold crud` must beat (< 1.0).

Project copies and copier destinations are prepared outside the timed region, one per run;
each pair of commands is run alternately so that machine noise hits both alike.

Usage: .venv/bin/python bench/bench_cli.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools import BenchError, tool

RESOURCE = "Product"
FIELDS = [
    "name:str(120)",
    "price:decimal(10,2)",
    "stock:int=0",
    "sku:str:unique",
    "notes:text?",
    "released_on:date?",
]
CRUD_FILES = [
    "app/models/product.py",
    "app/schemas/product.py",
    "app/api/product.py",
    "tests/test_product.py",
    "app/main.py",
    "app/models/__init__.py",
]
MIGRATION_GLOB = "alembic/versions/*_create_product*_table.py"
VERSION_TARGET = 8.0  # scaffold --version / python -c pass, at most
CRUD_TARGET = 1.0  # scaffold crud / copier copy, below


@dataclass
class Timing:
    label: str
    command: str
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def min_ms(self) -> float:
        return min(self.samples_ms)

    def as_dict(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "runs": len(self.samples_ms),
            "median_ms": round(self.median_ms, 2),
            "min_ms": round(self.min_ms, 2),
            "samples_ms": [round(s, 2) for s in self.samples_ms],
        }


@dataclass
class Target:
    label: str
    numerator: Timing
    denominator: Timing
    limit: float
    inclusive: bool  # True: ratio <= limit passes; False: ratio < limit

    @property
    def ratio(self) -> float:
        return self.numerator.median_ms / self.denominator.median_ms

    @property
    def ratio_min(self) -> float:
        return self.numerator.min_ms / self.denominator.min_ms

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit if self.inclusive else self.ratio < self.limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "ratio_median": round(self.ratio, 3),
            "ratio_min": round(self.ratio_min, 3),
            "target": f"{'<=' if self.inclusive else '<'} {self.limit:g}",
            "pass": self.passed,
        }


def run(argv: Sequence[str | Path], cwd: Path | None = None) -> float:
    """Run one process to completion; return its wall-clock time in ms."""
    start = time.perf_counter()
    result = subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace").strip()
        raise BenchError(f"`{' '.join(map(str, argv))}` exited {result.returncode}:\n{stderr}")
    return elapsed


def crud_outputs(project: Path) -> list[str]:
    """The files one `scaffold crud` run wrote into `project` (relative paths)."""
    migrations = sorted(project.glob(MIGRATION_GLOB))
    if len(migrations) != 1:
        raise BenchError(f"expected one {MIGRATION_GLOB} in {project}, found {len(migrations)}")
    files = [*CRUD_FILES, migrations[0].relative_to(project).as_posix()]
    missing = [f for f in files if not (project / f).is_file()]
    if missing:
        raise BenchError(f"scaffold crud did not write: {', '.join(missing)}")
    return files


def jinja_source(text: str, literal: str, variable: str) -> str:
    """`text` as a Jinja template that renders back to `text` given `variable` = `literal`.

    Every `literal` becomes `{{ variable }}` (so copier has real substitutions to do);
    the text between is wrapped in raw blocks where it holds Jinja delimiters.
    """

    def escape(chunk: str) -> str:
        if any(d in chunk for d in ("{{", "{%", "{#")):
            return "{% raw %}" + chunk + "{% endraw %}"
        return chunk

    return ("{{ " + variable + " }}").join(escape(c) for c in text.split(literal))


def build_copier_template(project: Path, files: list[str], template: Path) -> None:
    """A copier template at `template` whose rendering is exactly `files` of `project`."""
    template.mkdir(parents=True)
    (template / "copier.yml").write_text(
        f"resource:\n  type: str\n  default: {RESOURCE}\n", encoding="utf-8"
    )
    for rel in files:
        target = template / f"{rel}.jinja"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (project / rel).read_text(encoding="utf-8")
        target.write_text(jinja_source(text, RESOURCE, "resource"), encoding="utf-8")


def check_copier_output(project: Path, files: list[str], dest: Path) -> None:
    """Fail unless copier rendered the same bytes as scaffold crud (a fair comparison)."""
    written = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    if written != sorted(files):
        raise BenchError(f"copier wrote {written}, expected {sorted(files)}")
    for rel in files:
        if (dest / rel).read_bytes() != (project / rel).read_bytes():
            raise BenchError(f"copier's {rel} differs from scaffold crud's")


def alternate(runs: int, jobs: Sequence[tuple[Timing, Callable[[int], float]]]) -> None:
    """Run each job `runs` times, interleaved, after one untimed warm-up each."""
    for _, job in jobs:
        job(-1)
    for i in range(runs):
        for timing, job in jobs:
            timing.samples_ms.append(job(i))


def benchmark(quick_runs: int, slow_runs: int) -> tuple[list[Timing], list[Target]]:
    scaffold = tool("scaffold")
    copier = tool("copier")
    python = Path(sys.executable)

    floor = Timing("python -c pass", f"{python} -c pass")
    version = Timing("scaffold --version", "scaffold --version")
    # --version answers before Typer loads; --help shows the cost of the full CLI start-up.
    help_ = Timing("scaffold --help", "scaffold --help")
    alternate(
        quick_runs,
        [
            (floor, lambda _: run([python, "-c", "pass"])),
            (version, lambda _: run([scaffold, "--version"])),
            (help_, lambda _: run([scaffold, "--help"])),
        ],
    )

    crud_argv: list[str | Path] = [scaffold, "crud", RESOURCE, *FIELDS]
    crud = Timing(
        f"scaffold crud {RESOURCE} (6 fields)", shlex.join(map(str, ["scaffold", *crud_argv[1:]]))
    )
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-") as scratch:
        base = Path(scratch)
        pristine = base / "pristine"
        run([scaffold, "new", pristine])

        # One real crud run gives the files the copier template must reproduce.
        sample = base / "sample"
        shutil.copytree(pristine, sample)
        run(crud_argv, cwd=sample)
        files = crud_outputs(sample)
        template = base / "template"
        build_copier_template(sample, files, template)
        copier_argv: list[str | Path] = [copier, "copy", "--defaults", "--overwrite", "--quiet"]
        copy = Timing(
            f"copier copy ({len(files)} files)",
            f"copier copy --defaults --overwrite --quiet <template> <dest>  # {len(files)} files",
        )
        check_dest = base / "check"
        run([*copier_argv, template, check_dest])
        check_copier_output(sample, files, check_dest)

        def crud_once(i: int) -> float:
            project = base / f"project-{i}"
            shutil.copytree(pristine, project)
            try:
                return run(crud_argv, cwd=project)
            finally:
                shutil.rmtree(project)

        def copy_once(i: int) -> float:
            dest = base / f"dest-{i}"
            try:
                return run([*copier_argv, template, dest])
            finally:
                shutil.rmtree(dest, ignore_errors=True)

        alternate(slow_runs, [(crud, crud_once), (copy, copy_once)])

    targets = [
        Target("scaffold --version / python -c pass", version, floor, VERSION_TARGET, True),
        Target("scaffold crud / copier copy", crud, copy, CRUD_TARGET, False),
    ]
    return [floor, version, help_, crud, copy], targets


def table(timings: list[Timing], targets: list[Target]) -> str:
    width = max([len(t.label) for t in timings] + [len(r.label) for r in targets])
    lines = [
        f"{'command':<{width}}  {'median ms':>10}  {'min ms':>9}  {'runs':>4}",
        "-" * (width + 31),
    ]
    for t in timings:
        lines.append(
            f"{t.label:<{width}}  {t.median_ms:>10.1f}  {t.min_ms:>9.1f}  {len(t.samples_ms):>4}"
        )
    lines += [
        "",
        f"{'ratio':<{width}}  {'median':>10}  {'min':>9}  {'target':>7}  result",
        "-" * (width + 44),
    ]
    for r in targets:
        goal = f"{'<=' if r.inclusive else '<'} {r.limit:g}"
        verdict = "PASS" if r.passed else "MISS"
        lines.append(
            f"{r.label:<{width}}  {r.ratio:>9.2f}x  {r.ratio_min:>8.2f}x  {goal:>7}  {verdict}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help="timed runs of every command (default: 15 quick, 7 for crud and copier)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    quick_runs = args.runs or 15
    slow_runs = args.runs or 7

    try:
        timings, targets = benchmark(quick_runs, slow_runs)
    except BenchError as exc:
        print(f"bench_cli: {exc}", file=sys.stderr)
        return 1

    if args.json:
        report = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "commands": {t.label: t.as_dict() for t in timings},
            "ratios": {r.label: r.as_dict() for r in targets},
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"scaffold CLI wall clock (Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs, {quick_runs} quick / {slow_runs} crud+copier runs)\n"
        )
        print(table(timings, targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
