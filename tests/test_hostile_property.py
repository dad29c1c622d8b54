"""Generated articles driven through extract → diff → check → eval with the real executable: random
Unicode, markup characters, huge and tiny numbers, many numbers per sentence, long lines. Whatever
comes in: no traceback, an exit status from README's table, valid JSON out, and a ledger that still
answers afterwards."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

MARKUP = ["[/]", "[link=http://evil.example]x[/link]", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "@SUM(1+1)",
          "+1+1", "-2+3", "\t", "\\", '"', "&amp;", "{", "}"]
NUMBERS = ["0", "1", "7", "12,400", "1.7976931348623157e308", "1e308", "99999999999999999999", "0.000001",
           "two million", "tens of thousands", "$5 billion", "€3m", "400 to 700", "-5", "3.5", "1,00,417"]
WORDS = ["refugees fled", "people were killed", "were wounded", "are missing", "were taken to hospital", "officials said",
         "according to the ministry", "the town of Varn", "on Tuesday", "aid of", "soldiers", "residents"]
STATUSES = {"extract": {0, 2}, "diff": {0, 1, 2}, "check": {0, 1, 2}, "eval": {0, 2}}
"""README's exit statuses of each command."""


def no_special_floats(constant: str):
    raise ValueError(f"JSON holds {constant}")


def strict_json(text: str):
    """The parsed JSON; NaN and Infinity, which JSON has no word for, are an error."""
    return json.loads(text, parse_constant=no_special_floats)


sentence = st.lists(st.one_of(st.sampled_from(NUMBERS), st.sampled_from(WORDS), st.sampled_from(MARKUP),
                              st.text(min_size=1, max_size=12)), min_size=1, max_size=25).map(" ".join)
article = st.tuples(st.text(max_size=40).map(lambda t: t.replace("\n", " ")), st.sampled_from(MARKUP),
                    st.lists(sentence, min_size=1, max_size=6), st.booleans())


def article_text(title: str, publisher: str, sentences: list[str], long_line: bool) -> str:
    body = " ".join(sentences) * (40 if long_line else 1)
    return f"Title: {title or 'x'}\nPublisher: {publisher}\nDate: 2024-05-08\n\n{body}\n"


def run(exe: str, args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.lists(article, min_size=1, max_size=4))
@example([("a [/] b", "[link=http://evil.example]click[/link]",
           ["Around 1.7976931348623157e308 refugees fled the town of Varn on Tuesday, officials said.",
            "=cmd|' /C calc'!A0 said 1e308 people were killed and 12,400 were wounded."], False)])
def test_any_articles_leave_every_command_answering(claims_exe, tmp_path_factory, articles):
    work = tmp_path_factory.mktemp("generated")
    folder = work / "articles"
    folder.mkdir()
    for i, parts in enumerate(articles):
        (folder / f"{i:02d}.txt").write_text(article_text(*parts), encoding="utf-8", errors="surrogatepass")
    gold = work / "gold.jsonl"
    gold.write_text(json.dumps({"file": "00.txt", "metric": "refugees", "value": 7, "quote": "7"}) + "\n",
                    encoding="utf-8")
    env = dict(os.environ, CI="true", CLAIMS_DB=str(work / "claims.db"))
    commands = {
        "extract": ["extract", str(folder), "--format", "json"],
        "diff": ["diff", "--format", "json", "--metric", "refugees", "--metric", "killed"],
        "check": ["check", str(folder), "--format", "json"],
        "eval": ["eval", "--gold", str(gold), str(folder), "--format", "json"],
    }
    for name, args in [*commands.items(), ("diff", commands["diff"])]:
        done = run(claims_exe, args, env)
        assert "Traceback" not in done.stderr, (name, done.stderr)
        assert done.returncode in STATUSES[name], (name, done.returncode, done.stderr)
        if done.returncode != 2:
            strict_json(done.stdout)
    assert Path(env["CLAIMS_DB"]).exists()
