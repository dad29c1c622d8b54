"""The reconciler on the development sets' conflict pairs (rule of fixtures/dev/README.md): pairs of gold
figures that must, or must not, be reported as disagreeing. Targets: must >= 0.8, must-not >= 0.9 per
folder; the exact counts are those measured (README "Measured quality")."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import FIXTURES, ROOT

DEV = FIXTURES / "dev"
MEASURED = {"gaza": (6, 5, 19, 18), "quake": (6, 6, 18, 18)}
"""folder: (must pairs, held; must-not pairs, held)"""


@pytest.mark.parametrize("folder", sorted(MEASURED))
def test_conflict_pairs_of_a_dev_folder(claims_exe, tmp_path, folder):
    base = DEV / folder
    env = dict(os.environ, CI="true", CLAIMS_DB=str(tmp_path / "claims.db"))
    done = subprocess.run([claims_exe, "eval", "--gold", str(base / "gold.jsonl"), "--pairs",
                           str(base / "conflict_pairs.jsonl"), str(base / "articles"), "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    pairs = json.loads(done.stdout)["conflict_pairs"]
    assert (pairs["must"], pairs["must_held"], pairs["must_not"], pairs["must_not_held"]) == MEASURED[folder]
    assert pairs["must_held"] / pairs["must"] >= 0.8 and pairs["must_not_held"] / pairs["must_not"] >= 0.9
