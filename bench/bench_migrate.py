"""Wall-clock benchmark of `scaffold migrate make` on a project with 20 models.

A project is made once with `scaffold new` and 20 `scaffold crud` resources (each with its
migration). Then a user's edit: one field added to one model file. Each run times the whole
`scaffold migrate make "add weight"` process (start-up, the runner subprocess that imports the
app, upgrades a scratch SQLite database through all 20 migrations, autogenerates and reviews,
ruff formatting, the write); the migration it wrote is removed between runs, outside the timed
region. Reports the wall-clock median and min against the target (under 2 s), and the CPU time
(user + system of every process of a run), which other load on the machine disturbs less.

Usage: .venv/bin/python bench/bench_migrate.py [--runs N] [--models N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import BIN

TARGET_SECONDS = 2.0
FIELDS = ["name:str(120)", "price:decimal(10,2)", "stock:int=0", "notes:text?", "active:bool"]
EDIT_FROM = "    stock: int = Field(default=0)\n"
EDIT_TO = EDIT_FROM + "    weight: float | None = None\n"


def scaffold(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / "scaffold"), *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"scaffold {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def build(root: Path, models: int) -> Path:
    scaffold("new", str(root), cwd=root.parent)
    for index in range(models):
        scaffold("crud", f"Item{index:02d}", *FIELDS, cwd=root)
    model = root / "app" / "models" / "item00.py"
    text = model.read_text(encoding="utf-8")
    if EDIT_FROM not in text:
        sys.exit(f"unexpected model layout in {model}")
    model.write_text(text.replace(EDIT_FROM, EDIT_TO, 1), encoding="utf-8")
    return root


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_make(root: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system, every process of the run) per run."""
    versions = root / "alembic" / "versions"
    times, cpu = [], []
    for _ in range(runs):
        before = set(versions.glob("*.py"))
        cpu_start = _children_cpu()
        start = time.perf_counter()
        result = scaffold("migrate", "make", "add weight", cwd=root)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - cpu_start)
        added = set(versions.glob("*.py")) - before
        if len(added) != 1 or "add column item00.weight" not in result.stdout:
            sys.exit(f"unexpected result:\n{result.stdout}{result.stderr}")
        for path in added:
            path.unlink()
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-migrate-") as folder:
        root = build(Path(folder) / "shop", options.models)
        times, cpu = time_make(root, options.runs)
    figures = {
        "command": 'scaffold migrate make "add weight"',
        "models": options.models,
        "runs": options.runs,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "target_s": TARGET_SECONDS,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "met": statistics.median(times) < TARGET_SECONDS,
        "python": platform.python_version(),
    }
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{figures['command']} ({options.models} models, {options.runs} runs)")
    print(f"  median {figures['median_s']:.3f} s   min {figures['min_s']:.3f} s   (wall clock)")
    print(f"  median {figures['cpu_median_s']:.3f} s CPU (user + system, all processes)")
    print(f"  load average {figures['load_average_1m']} on {figures['cpus']} CPUs")
    verdict = "met" if figures["met"] else "MISSED"
    print(f"  target: median under {TARGET_SECONDS:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
