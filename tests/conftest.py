"""Shared fixtures: the real spaCy pipeline (loaded once) and the repository's folders."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from karabakh_claims.config import load_config

CONFIG = load_config()

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"
KARABAKH_METRICS = ROOT / "examples" / "karabakh.metrics.toml"
"""The seeds' own crisis file (their territories and leaders), over the packaged configuration."""
KARABAKH = load_config(KARABAKH_METRICS)


@pytest.fixture(scope="session")
def nlp():
    from karabakh_claims.nlp.pipeline import load_nlp

    return load_nlp(CONFIG)


@pytest.fixture(scope="session")
def claims_exe() -> str:
    """The installed `claims` console script, beside the running interpreter."""
    candidate = Path(sys.executable).with_name("claims")
    found = str(candidate) if candidate.exists() else shutil.which("claims")
    assert found, "the claims executable is not installed"
    return found


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    """An environment for subprocess runs: a private ledger, no terminal niceties."""
    env = dict(os.environ)
    env["CLAIMS_DB"] = str(tmp_path / "claims.db")
    env["CI"] = "true"
    return env


CORPORA = ["seeds", "fixtures/dev/gaza/articles", "fixtures/dev/quake/articles", "fixtures/corpora/revision",
           "fixtures/corpora/syndicated"]


@pytest.fixture(scope="session")
def corpora_ledger(tmp_path_factory) -> Path:
    """A ledger of every article of the seeds, the development sets and the revision and syndication
    corpora, as `claims extract` stores them (tests copy it before changing it)."""
    from collections import deque

    from karabakh_claims.jobs.intake import read_into_ledger
    from karabakh_claims.ledger import Ledger

    path = tmp_path_factory.mktemp("corpora") / "claims.db"
    with Ledger(path) as ledger:
        claims, stats = read_into_ledger(ledger, [str(ROOT / c) for c in CORPORA], load_config())
        deque(claims, maxlen=0)
    assert stats.articles > 30 and not stats.skipped
    return path


def parse(nlp, text: str, published=None):
    """`text` as one article run through the real pipeline (published on `published`)."""
    from karabakh_claims.models import Article
    from karabakh_claims.nlp.pipeline import make_doc

    return nlp(make_doc(nlp, Article(id="t", file="t.txt", offset=0, text=text, published=published)))


def mention(nlp, text: str, figure: str, published=None):
    """The `Mention` of the number written `figure` in `text`, parsed by the real pipeline."""
    from karabakh_claims.nlp.components import SPANS_KEY
    from karabakh_claims.nlp.mention import Mention

    doc = parse(nlp, text, published)
    (span,) = [s for s in doc.spans[SPANS_KEY] if s.text == figure]
    return Mention(span=span, unit=span._.quantity.unit, value=span._.quantity.value)


def without_library(html: str) -> str:
    """A page of `claims report` less its inlined plotly.js (megabytes of someone else's code, which holds
    strings such as "<svg" and "javascript:" of its own), its <script> element kept."""
    start = html.index("<script>/**\n* plotly.js v") + len("<script>")
    return html[:start] + html[html.index("</script>", start):]
