"""Progress bars: drawn on standard error for a person at a terminal, never in a pipe or under CI=true,
and never mixed into the output. The real `claims` runs with its standard error on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest
from conftest import SEEDS


def on_terminal(args: list[str], env: dict[str, str], stdout_path: Path) -> tuple[int, str]:
    """Run with standard error on a pseudo-terminal (standard output to a file): the exit status
    and everything drawn on the terminal."""
    controller, terminal = pty.openpty()
    with open(stdout_path, "wb") as stdout:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=stdout, stderr=terminal, env=env)
    os.close(terminal)
    drawn = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: every process holding the terminal has closed it
            break
        if not chunk:
            break
        drawn += chunk
    os.close(controller)
    return process.wait(timeout=300), drawn.decode("utf-8", "replace")


@pytest.fixture
def person_env(cli_env) -> dict[str, str]:
    """A person's environment: a terminal that can draw, no CI variable."""
    env = {name: value for name, value in cli_env.items() if name != "CI"}
    env.update(TERM="xterm-256color", COLUMNS="100")
    return env


@pytest.fixture
def seeded(claims_exe, cli_env, tmp_path) -> Path:
    """The ledger of seeds/ (extracted quietly) and the output of a piped `claims diff`."""
    quiet = subprocess.run([claims_exe, "extract", str(SEEDS), "--format", "json"], env=cli_env,
                           capture_output=True, text=True, check=True)
    assert quiet.stderr == ""
    return Path(cli_env["CLAIMS_DB"])


def test_extract_draws_its_bar_on_a_terminal_and_its_output_is_unchanged(claims_exe, cli_env, person_env, tmp_path):
    status, drawn = on_terminal([claims_exe, "extract", str(SEEDS), "--format", "jsonl"], person_env,
                                tmp_path / "terminal.jsonl")
    assert status == 0
    assert "reading articles" in drawn
    piped = subprocess.run([claims_exe, "extract", str(SEEDS), "--format", "jsonl", "--db", str(tmp_path / "piped.db")],
                           env=cli_env, capture_output=True, check=True)
    assert (tmp_path / "terminal.jsonl").read_bytes() == piped.stdout


def test_under_ci_nothing_is_drawn_on_the_terminal(claims_exe, person_env, tmp_path):
    status, drawn = on_terminal([claims_exe, "extract", str(SEEDS), "--format", "jsonl"], {**person_env, "CI": "true"},
                                tmp_path / "out.jsonl")
    assert (status, drawn) == (0, "")


@pytest.mark.parametrize("command, steps", [
    (["diff", "--metric", "refugees", "--format", "json", "--no-cache"], ["reading claims", "reconciling figures"]),
    (["check"], ["reconciling figures"]),
])
def test_reconciling_draws_its_steps_on_a_terminal(claims_exe, cli_env, person_env, seeded, tmp_path, command, steps):
    status, drawn = on_terminal([claims_exe, *command], person_env, tmp_path / "terminal.out")
    piped = subprocess.run([claims_exe, *command], env=cli_env, capture_output=True)
    assert (status, (tmp_path / "terminal.out").read_bytes()) == (piped.returncode, piped.stdout)
    assert piped.stderr == b""
    for step in steps:
        assert step in drawn
