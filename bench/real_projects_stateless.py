"""Run `scaffold check stateless` over the whole source of large real projects from PyPI.

    .venv/bin/python bench/real_projects_stateless.py [--sample 30] [--seed 5]

Downloads the Django 5.1, SQLAlchemy and FastAPI wheels with pip into `bench/.cache/wheels/`
(once), unpacks each package into `bench/.cache/real/`, checks all of it (`exclude` emptied,
so tests and migrations inside the packages are checked too), and prints per project the
files, lines, findings per rule, files that did not parse, and the time. With `--sample N` it
then prints N findings drawn at random across the projects, each with its source line, for a
person to judge. The findings are also written to `bench/.cache/real/<project>.json`.

This is a robustness and precision check, not a test: it needs the network the first time.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time

from bench_stateless import CACHE, count_lines, fetch_package

from scaffold.validators import stateless

PROJECTS = (("django==5.1.*", "django"), ("sqlalchemy", "sqlalchemy"), ("fastapi", "fastapi"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sample", type=int, default=0, help="print N random findings")
    parser.add_argument("--seed", type=int, default=5, help="random seed of the sample")
    args = parser.parse_args(argv)

    workdir = CACHE / "real"
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "pyproject.toml").write_text(
        '[project]\nname = "real"\n\n[tool.scaffold.stateless]\nexclude = ["__pycache__"]\n',
        encoding="utf-8",
    )
    everything = []
    for spec, package in PROJECTS:
        root = fetch_package(spec, package, workdir)
        files, lines = count_lines(root)
        start = time.perf_counter()
        result = stateless.check([root], cwd=workdir, use_cache=False)
        elapsed = time.perf_counter() - start
        rules = collections.Counter(finding.rule for finding in result.findings)
        print(
            f"{package:<11} {files:>5} files {lines:>8,} lines  {len(result.findings):>4} findings "
            f"{len(result.errors):>2} unparsable  {elapsed:5.2f} s  "
            + " ".join(f"{code}={count}" for code, count in sorted(rules.items()))
        )
        for error in result.errors:
            print(f"    not parsed: {error.path}: {error.message}")
        (workdir / f"{package}.json").write_text(json.dumps(result.as_dict(), indent=1))
        everything.extend(result.findings)
    if args.sample:
        picked = random.Random(args.seed).sample(everything, min(args.sample, len(everything)))
        for number, finding in enumerate(sorted(picked), start=1):
            source = (workdir / finding.path).read_text(encoding="utf-8").splitlines()
            line = source[finding.line - 1].strip() if finding.line <= len(source) else ""
            print(f"\n{number:>2}. {finding.path}:{finding.line}: {finding.rule} {finding.message}")
            print(f"      {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
