"""The crisis configuration (metrics, trigger words, sides, places), read from TOML and validated."""

from __future__ import annotations

import tomllib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from karabakh_claims.versions import DEFAULT_LEXICON, LexiconError, packaged_text


def _lower_all(words: list[str]) -> list[str]:
    return [w.strip().lower() for w in words if w.strip()]


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Metric(Config):
    """One quantity the tool extracts, and the words that say a number counts it."""

    unit: Literal["people", "money"]
    cumulative: bool = False
    sided: bool = False
    dated: bool = True
    triggers: Annotated[list[str], Field(min_length=1)]
    object_triggers: list[str] = []
    subject_triggers: list[str] = []
    """Triggers that count the figure only as their subject: "120,000 left", not "left 120,000 without food"."""

    _lower = field_validator("triggers", "object_triggers", "subject_triggers")(_lower_all)


class Settings(Config):
    about_margin: Annotated[float, Field(ge=0, lt=1)] = 0.1
    stale_ratio: Annotated[float, Field(gt=1)] = 1.2
    """`claims diff`: a cumulative figure is stale when one this many times higher was reported a day or more before."""
    comparison_words: list[str] = []

    _lower = field_validator("comparison_words")(_lower_all)


class People(Config):
    nouns: list[str] = []
    bare_adjectives: list[str] = []
    count_nouns: list[str] = []

    _lower = field_validator("nouns", "bare_adjectives", "count_nouns")(_lower_all)


class Side(Config):
    cues: Annotated[list[str], Field(min_length=1)]

    _lower = field_validator("cues")(_lower_all)


class Places(Config):
    whole: list[str] = []
    place_nouns: list[str] = []

    _lower = field_validator("whole", "place_nouns")(_lower_all)


class Attribution(Config):
    reporting_verbs: list[str] = []
    according: list[str] = []
    official_bodies: list[str] = []

    _lower = field_validator("reporting_verbs", "according", "official_bodies")(_lower_all)


class Historical(Config):
    cues: list[str] = []
    years_before: Annotated[int, Field(ge=1)] = 3

    _lower = field_validator("cues")(_lower_all)


class Lexicon(BaseModel):
    """The whole configuration file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: Settings = Settings()
    metrics: Annotated[dict[str, Metric], Field(min_length=1)]
    people: People = People()
    sides: dict[str, Side] = {}
    places: Places = Places()
    attribution: Attribution = Attribution()
    historical: Historical = Historical()

    @cached_property
    def side_of_cue(self) -> dict[str, str]:
        """Cue word → side name."""
        return {cue: name for name, side in self.sides.items() for cue in side.cues}

    @cached_property
    def cumulative_metrics(self) -> frozenset[str]:
        return frozenset(name for name, m in self.metrics.items() if m.cumulative)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The packaged configuration; with `path`, each top-level table of that TOML file replaces the
    packaged one of the same name (a new crisis brings its [metrics] and [sides], and keeps the
    packaged English [attribution], [people] and [historical] word lists unless it gives its own)."""
    try:
        tables = tomllib.loads(packaged_text())
        if path is not None:
            tables.update(tomllib.loads(Path(path).read_text("utf-8")))
        return Lexicon.model_validate(tables)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as err:
        raise LexiconError(f"{path or DEFAULT_LEXICON}: {err}") from err
