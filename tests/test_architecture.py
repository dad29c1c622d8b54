"""The layout holds: stages import only from below them, modules and functions stay short, and the
configuration is read once per command."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from karabakh_claims import config as config_module
from karabakh_claims.cli import cli

PACKAGE = Path(__file__).resolve().parent.parent / "karabakh_claims"
LAYERS = {
    "karabakh_claims": 0, "models": 0, "config": 0, "config_schema": 0, "data": 0,
    "read": 1, "numbers": 2, "nlp": 3, "ledger": 4, "reconcile": 5, "render": 6, "jobs": 7,
    "cli": 8, "__main__": 8,
}
"""The stages from the bottom up: a module may import from its own stage and from those below."""
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def stage_of(module: str) -> str:
    """The stage of a dotted module name of the package: its first part below `karabakh_claims`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every `karabakh_claims` module imported anywhere in the tree (inside functions too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("karabakh_claims"):
            names = [f"{node.module}.{a.name}" if node.module == "karabakh_claims" else node.module for a in node.names]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("karabakh_claims")]
    return found


def test_every_module_belongs_to_a_stage():
    stages = {stage_of(module_name(path)) for path in modules()}
    assert stages <= set(LAYERS), stages - set(LAYERS)


def test_no_stage_imports_from_a_stage_above_it():
    upward = []
    for path in modules():
        name = module_name(path)
        own = LAYERS[stage_of(name)]
        for line, target in imported(ast.parse(path.read_text(encoding="utf-8"))):
            stage = stage_of(target)
            if stage in LAYERS and LAYERS[stage] > own:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}")
    assert upward == []


def test_the_walk_sees_an_upward_import():
    tree = ast.parse("def f():\n    from karabakh_claims.jobs.diff import diff\n")
    assert imported(tree) == [(2, "karabakh_claims.jobs.diff")]
    assert LAYERS[stage_of("karabakh_claims.jobs.diff")] > LAYERS[stage_of("karabakh_claims.read.ingest")]


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_60_lines():
    long = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


@pytest.fixture
def config_reads(monkeypatch):
    """The configuration files read from disk, in order (packaged files by name, the user's by path)."""
    reads: list[str] = []
    packaged = config_module.packaged_text

    def read_packaged(name: str) -> str:
        reads.append(name)
        return packaged(name)

    class CountedPath(type(Path())):
        def read_bytes(self) -> bytes:
            reads.append(str(self))
            return super().read_bytes()

    monkeypatch.setattr(config_module, "packaged_text", read_packaged)
    monkeypatch.setattr(config_module, "Path", CountedPath)
    return reads


def test_the_configuration_is_read_and_parsed_once_per_command(tmp_path, config_reads, monkeypatch):
    from click.testing import CliRunner

    from karabakh_claims.config_schema import MetricsConfig, SourcesConfig

    validations = []
    for schema in (MetricsConfig, SourcesConfig):
        validate = schema.model_validate.__func__
        monkeypatch.setattr(schema, "model_validate", classmethod(
            lambda cls, data, validate=validate: validations.append(cls.__name__) or validate(cls, data)))
    mine = tmp_path / "mine.toml"
    mine.write_text("[settings]\nabout_margin = 0.1\n", encoding="utf-8")
    origins = tmp_path / "origins.toml"
    origins.write_text('[origins.Ombudsman]\nkind = "government"\naliases = ["ombudsman"]\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Title: Camp\nDate: 2024-05-08\n\nOfficials said 300 refugees arrived.\n", encoding="utf-8")
    db = str(tmp_path / "claims.db")
    given = ["--metrics", str(mine), "--sources", str(origins)]
    for args in (["extract", str(article), "--db", db, *given, "--format", "json"],
                 ["diff", "--db", db, *given, "--metric", "refugees", "--no-cache"],
                 ["report", "--db", db, *given, "--metric", "refugees", "-o", str(tmp_path / "r.html")],
                 ["check", str(article), "--db", db, *given]):
        config_reads.clear(), validations.clear()
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert config_reads == [str(mine), str(origins), "metrics.toml", "nations.toml", "groups.toml",
                                "publishers.toml", "sources.toml"], args[0]
        assert sorted(validations) == ["MetricsConfig", "SourcesConfig"], args[0]
