"""The files git says changed since a revision, for `claims check --changed-since`."""

from __future__ import annotations

import os
import subprocess

from karabakh_claims.jobs.errors import CheckError

GIT_TIMEOUT_S = 60


def changed_files(rev: str, cwd: str | os.PathLike[str] | None = None) -> frozenset[str]:
    """Real paths of the files changed since git revision `rev` (committed or not) and the untracked ones."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    names = _git(["diff", "--name-only", "-z", rev, "--"], cwd).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], cwd).split("\0")
    return frozenset(os.path.realpath(os.path.join(top, n)) for n in names if n)


def _git(args: list[str], cwd) -> str:
    command = ["git", "-c", "core.quotepath=off", *args]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise CheckError(f"--changed-since: cannot run git: {err}") from err
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        raise CheckError(f"--changed-since: git {args[0]} failed: {reason}")
    return done.stdout
