"""The errors the jobs raise, each a one-line message for the user; `cli` gives each its exit status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from karabakh_claims.models import SkippedInput


class JobError(Exception):
    """A job cannot go on: one line (or one line per input) for the user."""


class EmptyLedger(JobError):
    """The ledger holds no article to compare."""


class PlotFailed(JobError):
    """`claims diff --plot` could not draw (its output was given all the same)."""


class ReportFailed(JobError):
    """`claims report` could not write its page (no such folder, no permission) or draw its charts."""


class CheckError(JobError):
    """The check cannot run (a bad baseline, git failing, an empty ledger)."""


class UnreadableInput(CheckError):
    """Inputs that could not be read; a gate does not pass over them."""

    def __init__(self, skipped: Sequence[SkippedInput]):
        self.skipped = tuple(skipped)
        super().__init__("\n".join(unreadable_line(s) for s in self.skipped))


def unreadable_line(skipped: SkippedInput) -> str:
    where = f"{skipped.file}:{skipped.line}" if skipped.line else skipped.file
    return f"{where}: cannot be read: {skipped.reason}"
