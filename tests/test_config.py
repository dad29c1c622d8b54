"""The configuration: the packaged files and the user's metrics file, loaded once into a frozen Config."""

from __future__ import annotations

import dataclasses

import pytest

from karabakh_claims.config import ConfigError, load_config


def test_the_packaged_configuration_loads_and_validates():
    config = load_config().validated()
    assert config.overlay_path is None
    assert config.metrics_name == "metrics.toml"
    assert {"refugees", "killed", "wounded"} <= set(config.metrics.metrics)
    assert config.metrics.settings.stale_ratio == 1.2
    assert config.groups.default_class == "people"
    assert config.publishers["cnn.com"] == "CNN"
    assert len(config.digest) == 8
    assert config.pipeline_version.endswith("+" + config.digest)


def test_a_metrics_file_replaces_the_packaged_tables_it_names(tmp_path):
    mine = tmp_path / "outbreak.toml"
    mine.write_text('[metrics.cases]\nunit = "people"\ncumulative = true\ntriggers = ["case"]\n', encoding="utf-8")
    config = load_config(mine)
    assert list(config.metrics.metrics) == ["cases"]
    assert config.metrics.cumulative_metrics == frozenset({"cases"})
    assert "say" in config.metrics.attribution.reporting_verbs
    assert config.metrics_name == str(mine)
    assert config.digest != load_config().digest
    assert config.metrics_source_text == mine.read_text(encoding="utf-8")


def test_the_same_files_give_the_same_digest_and_the_config_is_frozen(tmp_path):
    assert load_config().digest == load_config().digest
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_config().overlay_path = "x"


def test_a_missing_metrics_file_is_one_line_naming_it(tmp_path):
    with pytest.raises(ConfigError, match=r"^.*nowhere\.toml: \[Errno 2\] No such file or directory"):
        load_config(tmp_path / "nowhere.toml")


def test_an_invalid_metrics_file_fails_when_validated_naming_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[metrics.cases]\nunit = "goats"\ntriggers = ["case"]\n', encoding="utf-8")
    config = load_config(bad)
    assert len(config.digest) == 8
    with pytest.raises(ConfigError, match=r"bad\.toml: 1 validation error for MetricsConfig"):
        config.validated()
    broken = tmp_path / "broken.toml"
    broken.write_text("[metrics\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml: "):
        load_config(broken).validated()
