"""The files git says changed since a revision, for `claims check --changed-since`."""

from __future__ import annotations

import os
import subprocess

from karabakh_claims.jobs.errors import CheckError

GIT_TIMEOUT_S = 60


def changed_files(rev: str, cwd: str | os.PathLike[str] | None = None) -> frozenset[str]:
    """Real paths of the files changed since git revision `rev` (committed or not) and the untracked ones.

    The revision is verified to name a commit first, and is passed after `--end-of-options`: a value
    such as `--output=FILE` is a bad revision (CheckError), never an option of git.
    """
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    commit = verified_commit(rev, cwd)
    names = _git(["diff", "--name-only", "-z", "--end-of-options", commit, "--"], cwd).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], cwd).split("\0")
    return frozenset(os.path.realpath(os.path.join(top, n)) for n in names if n)


def verified_commit(rev: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """The commit `rev` names (its full hash); CheckError when it names none."""
    try:
        return _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd).strip()
    except CheckError:
        raise CheckError(f"--changed-since: {rev!r} is not a commit of this git repository") from None


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
