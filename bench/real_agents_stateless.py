"""Precision and recall of `scaffold check stateless` on real agent backends, against hand labels.

    .venv/bin/python bench/real_agents_stateless.py --checkouts /tmp/agent_repos
    .venv/bin/python bench/real_agents_stateless.py --checkouts DIR --repo owner/name --show

The labels are the JSON files in `bench/agent_backends/`: each is a list of repositories,
`{"repo", "commit", "paths", "sites", "read"}`. A site is one place where a server keeps request,
user or conversation data in its own memory (or on local disk); its `lines` are every line of
its `file` a checker may rightly point at, and an optional `also` lists the same for other files
(`[{"file": ..., "lines": [...]}]`, e.g. where a store defined in one module is instantiated).

For each labelled repository whose checkout exists at `CHECKOUTS/owner+name` (at the labelled
commit; `--fetch` clones the missing ones from GitHub), this runs `scaffold check stateless
PATHS --json --no-cache` in the checkout, and, as the reference, ruff's nearest rules
(RUF012, B006, B008, B019, PLW0602, PLW0603) on the same paths. A finding is a true positive
when its file and line belong to a site; a site is found when at least one finding hits it.
Precision is TP findings / findings, recall is found sites / sites.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools import BIN

LABELS = Path(__file__).parent / "agent_backends"


@dataclass
class Tally:
    """The counts of one repository, or of all of them."""

    files: int = 0
    findings: int = 0
    true_positives: int = 0
    sites: int = 0
    found: int = 0
    false_alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.files += other.files
        self.findings += other.findings
        self.true_positives += other.true_positives
        self.sites += other.sites
        self.found += other.found


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "n/a"


def load_labels() -> list[dict[str, Any]]:
    """Every labelled repository of every JSON file, in file order."""
    repos: list[dict[str, Any]] = []
    for path in sorted(LABELS.glob("*.json")):
        repos.extend(json.loads(path.read_text(encoding="utf-8")))
    return repos


def site_locations(site: dict[str, Any]) -> set[tuple[str, int]]:
    """The (file, line) pairs of a site, its own file's and those under `also`."""
    places = [site, *site.get("also", [])]
    return {(place["file"], line) for place in places for line in place["lines"]}


def run_checker(checkout: Path, paths: list[str]) -> dict[str, Any]:
    """The `data` of `scaffold check stateless --json` run in the checkout."""
    command = [str(BIN / "scaffold"), "check", "stateless", *(p or "." for p in paths)]
    result = subprocess.run(
        [*command, "--json", "--no-cache"], cwd=checkout, capture_output=True, text=True
    )
    if result.returncode not in (0, 1):  # 1 means findings
        sys.exit(f"{checkout}: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    data: dict[str, Any] = json.loads(result.stdout)["data"]
    return data


RUFF_NEAREST = "RUF012,B006,B008,B019,PLW0602,PLW0603"


def run_ruff(checkout: Path, paths: list[str]) -> dict[str, Any]:
    """ruff's nearest rules, shaped like the checker's `data` (path, line, rule, message)."""
    command = [str(BIN / "ruff"), "check", "--isolated", "--select", RUFF_NEAREST]
    result = subprocess.run(
        [*command, "--output-format", "json", "--no-cache", *(p or "." for p in paths)],
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    findings = [
        {
            "path": item["filename"],
            "line": item["location"]["row"],
            "rule": item["code"],
            "message": item["message"],
        }
        for item in json.loads(result.stdout or "[]")
    ]
    return {"files_checked": 0, "findings": findings}


def fetch(repo: dict[str, Any], checkout: Path) -> None:
    """A shallow checkout of the labelled commit from GitHub."""
    url = f"https://github.com/{repo['repo']}.git"
    checkout.mkdir(parents=True)
    for command in (
        ["git", "init", "-q"],
        ["git", "fetch", "-q", "--depth", "1", url, repo["commit"]],
        ["git", "checkout", "-q", "FETCH_HEAD"],
    ):
        subprocess.run(command, cwd=checkout, check=True)


def measure(repo: dict[str, Any], checkout: Path, data: dict[str, Any]) -> Tally:
    sites = repo["sites"]
    owners: dict[tuple[str, int], list[int]] = {}
    for number, site in enumerate(sites):
        for place in site_locations(site):
            owners.setdefault(place, []).append(number)
    tally = Tally(files=data["files_checked"], findings=len(data["findings"]), sites=len(sites))
    hit: set[int] = set()
    for finding in data["findings"]:
        path = Path(finding["path"])
        relative = path.relative_to(checkout).as_posix() if path.is_absolute() else path.as_posix()
        numbers = owners.get((relative, finding["line"]), [])
        if numbers:
            tally.true_positives += 1
            hit.update(numbers)
        else:
            tally.false_alarms.append(
                f"{relative}:{finding['line']} {finding['rule']} {finding['message']}"
            )
    tally.found = len(hit)
    for number, site in enumerate(sites):
        if number not in hit:
            lines = ",".join(map(str, site["lines"]))
            tally.missed.append(f"{site['file']}:{lines} {site['pattern']}: {site['why']}")
    return tally


def row(name: str, tally: Tally) -> str:
    false_alarms = tally.findings - tally.true_positives
    return (
        f"{name:<46} {tally.files:>5} {tally.findings:>5} {tally.true_positives:>4} "
        f"{false_alarms:>4} {tally.sites:>5} {tally.found:>5} "
        f"{ratio(tally.true_positives, tally.findings):>5} {ratio(tally.found, tally.sites):>6}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--checkouts", type=Path, required=True, help="where owner+name live")
    parser.add_argument("--repo", help="only this owner/name")
    parser.add_argument("--show", action="store_true", help="list false alarms and missed sites")
    parser.add_argument("--fetch", action="store_true", help="clone missing checkouts")
    args = parser.parse_args(argv)

    header = f"{'repository':<46} {'files':>5} {'find':>5} {'TP':>4} {'FA':>4}"
    print(f"{header} {'sites':>5} {'found':>5} {'prec':>5} {'recall':>6}")
    total, reference = Tally(), Tally()
    for repo in load_labels():
        if args.repo and repo["repo"] != args.repo:
            continue
        checkout = args.checkouts / repo["repo"].replace("/", "+")
        if not checkout.is_dir() and args.fetch:
            fetch(repo, checkout)
        if not checkout.is_dir():
            print(f"{repo['repo']:<46} no checkout at {checkout}")
            continue
        tally = measure(repo, checkout, run_checker(checkout, repo["paths"]))
        total.add(tally)
        reference.add(measure(repo, checkout, run_ruff(checkout, repo["paths"])))
        print(row(repo["repo"], tally))
        if args.show:
            for line in tally.false_alarms:
                print(f"    false alarm  {line}")
            for line in tally.missed:
                print(f"    missed       {line}")
    print(row("total, scaffold check stateless", total))
    print(row(f"total, ruff --select {RUFF_NEAREST}", reference))
    if reference.found:
        print(f"sites found: scaffold / ruff = {total.found / reference.found:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
