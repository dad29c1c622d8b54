"""Origins in `claims diff` end to end: the real executable, a real ledger, small fixture corpora.

fixtures/corpora/revision/: a health ministry's flood toll (640) that a later report says the ministry
revised from 640 to 590.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import FIXTURES, ROOT

REVISION = FIXTURES / "corpora" / "revision"


def run(exe, *args, env):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def revision_env(tmp_path_factory, claims_exe):
    env = dict(os.environ, CLAIMS_DB=str(tmp_path_factory.mktemp("ledger") / "claims.db"), CI="true")
    done = run(claims_exe, "extract", str(REVISION), "--format", "jsonl", env=env)
    assert done.returncode == 0, done.stderr
    return env


def test_a_toll_revised_from_x_to_y_is_its_origins_correction(claims_exe, revision_env):
    done = run(claims_exe, "diff", "--metric", "killed", "--format", "json", env=revision_env)
    assert done.returncode == 0, done.stderr
    (group,) = json.loads(done.stdout)
    figures = [(c["text"], c["as_of"], c["verdict"]) for c in group["claims"]]
    assert figures == [("hundreds", "2031-05-02", "vague"), ("640", "2031-05-02", "correction"),
                       ("590", "2031-05-06", "correction"), ("640", None, "correction")]
    assert group["claims"][2]["explanation"] == (
        'revises the same origin\'s earlier Coast Wire "640" (2031-05-02, per The Eastland Ministry of Health)')
    estimate = group["estimate"]
    assert (estimate["low"], estimate["best"], estimate["high"]) == (590, 590, 590)
    assert (estimate["sources"], estimate["single_origin"]) == (1, True)
