"""Run scaffold as a user whose file modes bind, even when the suite runs as root (as CI does).

Root reads and writes whatever a file's mode says, so a test of a permission error that runs
the CLI in-process as root would never see the error. As root, `as_user` copies the test's
folder into one that user 65534 (nobody) can reach, gives it to them, and runs the CLI in a
subprocess as that user; as anyone else it runs the CLI in-process on the folder itself.

The subprocess drops privileges through `subprocess.run(user=..., group=..., extra_groups=[])`
rather than `setpriv`: setpriv keeps root's capabilities until its execve, so the lookup of
the program it runs still ignores modes (it starts an interpreter under /root/, mode 0700,
that nobody cannot reach, and the process then loads a different libpython than the venv's).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_cli

UID = GID = 65534  # nobody / nogroup on Debian
_PROBE = "import scaffold.cli"


def needed() -> bool:
    """Whether file modes fail to bind this process (root), so commands must run as nobody."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class User:
    """A folder of a user's files and how to run a scaffold command as that user there."""

    root: Path  # the test's folder: in place, or the copy the unprivileged user owns
    _python: str | None  # None: in-process
    _home: Path | None

    def run(
        self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> CliResult:
        """`scaffold *args` in `cwd` (default: `root`), with `env` on top of the environment."""
        where = cwd or self.root
        if self._python is None:
            with _environ(env or {}):
                return run_cli(*args, cwd=where)
        assert self._home is not None
        give(self.root.parent)  # whatever the test made under root since: the user's too
        result = _run_as_nobody(
            [self._python, "-m", "scaffold", *args],
            cwd=where,
            env={**_env(self._home), **(env or {})},
        )
        return CliResult(result.returncode, result.stdout, result.stderr)


@contextmanager
def as_user(folder: Path) -> Iterator[User]:
    """`folder` (a test's tmp_path) where modes bind: in place when not root; as root, a copy
    that nobody owns in a temporary folder they can reach, removed afterwards.

    Everything under the copy is handed to nobody again before each run, modes kept, so a file
    the test made unreadable is nobody's own and unreadable to them.
    """
    if not needed():
        yield User(folder, None, None)
        return
    python = unprivileged_python()
    workspace = _reachable_temp_dir("scaffold-as-nobody-")
    try:
        home = workspace / "home"
        (home / "tmp").mkdir(parents=True)
        copy = workspace / "files" / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        give(workspace / "files")
        give(home)
        yield User(copy, python, home)
    finally:
        shutil.rmtree(workspace)


def give(path: Path) -> None:
    """Make `path` and everything under it nobody's, modes unchanged."""
    os.lchown(path, UID, GID)
    for folder, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.lchown(os.path.join(folder, name), UID, GID)


@functools.cache
def unprivileged_python() -> str:
    """An interpreter nobody can run that imports this scaffold with its dependencies.

    The venv's own, when nobody can reach the interpreter it links to; otherwise a venv made
    in a temporary folder over another interpreter of the same X.Y (e.g. /usr/bin/python3.11)
    whose site-packages is this venv's. Skips, naming why, when neither works.
    """
    base = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
    if _reachable(base) and not _probe(sys.executable):
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = Path(sysconfig.get_path("purelib"))
    tried = [f"{sys.executable} (links to {base})"]
    if sys.prefix == sys.base_prefix:
        pytest.skip(f"nobody (uid {UID}) cannot run {base} and this is not a venv to lend")
    for other in ("/usr/local/bin", "/usr/bin", "/bin"):
        candidate = Path(other) / version
        if not candidate.is_file() or candidate.resolve() == base or not _reachable(candidate):
            continue
        shim = _venv_over(candidate, site, version)
        failure = _probe(str(shim))
        if not failure:
            return str(shim)
        tried.append(f"{candidate}: {failure}")
    pytest.skip(f"no {version} that nobody (uid {UID}) can run imports scaffold: {tried}")


def _venv_over(python: Path, site: Path, version: str) -> Path:
    """A venv (just pyvenv.cfg and two links) whose interpreter is `python`, packages `site`."""
    venv = _reachable_temp_dir("scaffold-venv-")
    atexit.register(shutil.rmtree, venv, True)
    (venv / "bin").mkdir()
    (venv / "lib" / version).mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(python)
    (venv / "lib" / version / "site-packages").symlink_to(site)
    (venv / "pyvenv.cfg").write_text(
        f"home = {python.parent}\ninclude-system-site-packages = false\n", encoding="utf-8"
    )
    return venv / "bin" / "python"


def _reachable(program: Path) -> bool:
    """Whether nobody may execute `program` (every folder on its path must let them in)."""
    test = shutil.which("test") or "/usr/bin/test"
    return _run_as_nobody([test, "-x", str(program)], cwd=Path("/")).returncode == 0


def _probe(python: str) -> str:
    """What goes wrong when nobody imports scaffold's CLI with `python` ('' when nothing)."""
    result = _run_as_nobody([python, "-c", _PROBE], cwd=Path("/"), env=_env(Path("/nonexistent")))
    return "" if result.returncode == 0 else (result.stderr.strip().splitlines() or ["?"])[-1]


def _run_as_nobody(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=env if env is not None else _env(Path("/nonexistent")),
        user=UID,
        group=GID,
        extra_groups=[],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _env(home: Path) -> dict[str, str]:
    """A clean environment whose home, caches and temporary files are under `home`."""
    return {
        "PATH": os.pathsep.join(
            [str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]
        ),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TMPDIR": str(home / "tmp"),
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _reachable_temp_dir(prefix: str) -> Path:
    """A new folder in the system's temporary folder, which nobody may enter and read."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


@contextmanager
def _environ(changes: dict[str, str]) -> Iterator[None]:
    old = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
