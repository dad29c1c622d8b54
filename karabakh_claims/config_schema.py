"""The schema of the configuration files: the metrics file (metrics, trigger words, sides, places) as
pydantic models, and the group rules of groups.toml. `config.load_config` reads and validates them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _lower_all(words: list[str]) -> list[str]:
    return [w.strip().lower() for w in words if w.strip()]


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Metric(Section):
    """One quantity the tool extracts, and the words that say a number counts it."""

    unit: Literal["people", "money"]
    label: str | None = None
    """The metric's name for readers in titles ("Refugees"); default: its name, capitalised, `_` as spaces."""
    cumulative: bool = False
    sided: bool = False
    dated: bool = True
    per_origin: bool = False
    """Each origin's figures count a thing of its own (a donor's pledge, an agency's appeal): they are
    compared only with the same origin's figures, never across origins."""
    triggers: Annotated[list[str], Field(min_length=1)]
    object_triggers: list[str] = []
    subject_triggers: list[str] = []
    """Triggers that count the figure only as their subject: "120,000 left", not "left 120,000 without food"."""
    place_possessed: list[str] = []
    """People nouns that give this metric when a place owns them and no trigger is near: "Freedonia's 2.3
    million people" (population)."""

    _lower = field_validator("triggers", "object_triggers", "subject_triggers", "place_possessed")(_lower_all)


class Settings(Section):
    about_margin: Annotated[float, Field(ge=0, lt=1)] = 0.1
    stale_ratio: Annotated[float, Field(gt=1)] = 1.2
    """`claims diff`: a cumulative figure is stale when one this many times higher was reported a day or more before."""
    neutral_kinds: list[str] = ["un_agency", "red_cross", "ngo", "intergovernmental", "research"]
    """Origin kinds that are no party to a conflict: a conflict with a party says so."""
    prefer_neutral: bool = True
    """The estimate's best figure comes from an origin of a neutral kind when one gave a current figure."""
    jump_factor: Annotated[float, Field(gt=0)] = 2.0
    """Cumulative counts: two origins' figures a day apart conflict when the later rises more than this
    many times the quantity's average daily growth."""
    comparison_words: list[str] = []
    agent_verbs: list[str] = []
    """Lemmas of verbs whose subject inflicts what the figure counts ("strikes killed 40"): the
    figure's side is where the harm fell ("on Gaza"), never the subject's."""
    carry_verbs: list[str] = []
    """Verbs that carry a sum on to a new figure ("bringing it to 240 million euros"): the figure counts
    what the clause the verb hangs on counts."""

    _lower = field_validator("comparison_words")(_lower_all)


class People(Section):
    nouns: list[str] = []
    bare_adjectives: list[str] = []
    count_nouns: list[str] = []

    _lower = field_validator("nouns", "bare_adjectives", "count_nouns")(_lower_all)


class Side(Section):
    cues: Annotated[list[str], Field(min_length=1)]

    _lower = field_validator("cues")(_lower_all)


class Nation(Side):
    """A nation of nations.toml: its side's cue words, and how an origin names it (sources.toml)."""

    country: str | None = None
    """The name of the state in an origin's name ("the United States"); else the first cue, capitalized."""
    acronyms: list[str] = []
    """Names of the state in capitals, matched only as written ("US")."""
    territories: dict[str, list[str]] = {}
    """Places of the nation with bodies of their own, by name, with their cue words ("Gaza")."""

    _lower_places = field_validator("territories")(lambda places: {k: _lower_all(v) for k, v in places.items()})

    @property
    def name(self) -> str:
        return self.country or self.cues[0].title()


class Places(Section):
    whole: list[str] = []
    territory_words: list[str] = []
    """Words that, with a nation's name, still name its whole territory ("the Gaza Strip", "the
    Republic of Ostria"): such a place is the nation's side, not a narrower place."""
    place_nouns: list[str] = []

    _lower = field_validator("whole", "place_nouns", "territory_words")(_lower_all)


class Attribution(Section):
    reporting_verbs: list[str] = []
    according: list[str] = []
    official_bodies: list[str] = []
    data_nouns: list[str] = []
    data_verbs: list[str] = []
    data_prepositions: list[str] = []
    person_titles: list[str] = []
    generic_bodies: list[str] = []
    recipient_verbs: list[str] = []
    giver_metrics: list[str] = []
    """Metrics whose giver is their source ("Sylvania pledged $5m in aid")."""
    acronyms: dict[str, str] = {}
    """Well-known acronyms of bodies spelled out when an article does not define them ("U.N.")."""

    _lower = field_validator("reporting_verbs", "according", "official_bodies", "data_nouns", "data_verbs",
                             "data_prepositions", "person_titles", "generic_bodies", "recipient_verbs")(_lower_all)


class Historical(Section):
    cues: list[str] = []
    years_before: Annotated[int, Field(ge=1)] = 3

    _lower = field_validator("cues")(_lower_all)


class Time(Section):
    """Words that tell a time expression or a figure apart from the day a count holds for."""

    frame_nouns: list[str] = []
    """"the end of the previous day": a noun that frames a time (the date is the count's), not an event."""
    period_markers: list[str] = []
    """"since Saturday", "since the war broke out on October 7": the start of a period, not the as-of day."""
    baseline_adverbs: list[str] = []
    """"fewer than 200,000 soldiers usually on active duty": a standing level, no as-of day."""

    _lower = field_validator("frame_nouns", "period_markers", "baseline_adverbs")(_lower_all)


class Projection(Section):
    """What makes a figure a projection (future, conditional, expected), not a count."""

    modals: list[str] = []
    expectation_verbs: list[str] = []
    commitment_verbs: list[str] = []
    """Money a giver "will give" or "would put in" is promised (a pledge), not projected."""

    _lower = field_validator("modals", "expectation_verbs", "commitment_verbs")(_lower_all)


class MetricsConfig(BaseModel):
    """The whole metrics file (`--metrics`, over the packaged data/metrics.toml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: Settings = Settings()
    metrics: Annotated[dict[str, Metric], Field(min_length=1)]
    people: People = People()
    nations: dict[str, Nation] = {}
    sides: dict[str, Side] = {}
    places: Places = Places()
    attribution: Attribution = Attribution()
    historical: Historical = Historical()
    time: Time = Time()
    projection: Projection = Projection()

    @cached_property
    def side_of_cue(self) -> dict[str, str]:
        """Cue word → side name: the nations' words, and the metrics file's [sides] over them."""
        cues = {cue: name for name, nation in self.nations.items() for cue in nation.cues}
        cues.update({cue: name for name, side in self.sides.items() for cue in side.cues})
        return cues

    @cached_property
    def labels(self) -> dict[str, str]:
        """The metrics' own labels for readers (`label`), by metric name."""
        return {name: m.label for name, m in self.metrics.items() if m.label}

    @cached_property
    def cumulative_metrics(self) -> frozenset[str]:
        return frozenset(name for name, m in self.metrics.items() if m.cumulative)

    @cached_property
    def per_origin_metrics(self) -> frozenset[str]:
        return frozenset(name for name, m in self.metrics.items() if m.per_origin)


# --- sources.toml ------------------------------------------------------------------------------


class OriginSettings(Section):
    neutral_kinds: list[str] = []
    """Kinds that speak for no side (a UN agency, an NGO, the media)."""
    person_kind: str = "person"
    default_kind: str = "other"
    outlet_kind: str = "media"
    body_nouns: list[str] = []
    """Nouns that head a body of their own: "the UN's cultural agency" is not the UN itself."""
    territory_nouns: list[str] = []

    _lower = field_validator("neutral_kinds", "body_nouns", "territory_nouns")(_lower_all)


class OwnLosses(Section):
    """"Azerbaijan has lost 191 soldiers": a state's own count of its losses."""

    verbs: list[str] = []
    default: str | None = None
    classes: dict[str, str] = {}

    _lower = field_validator("verbs")(_lower_all)


class Retraction(Section):
    """Words that say an origin denied, disowned or withdrew a figure."""

    verbs: list[str] = []
    phrasal: list[str] = []
    objects: list[str] = []

    _lower = field_validator("verbs", "phrasal", "objects")(_lower_all)


class Body(Section):
    """A kind of producer found by its words; with `name`, a state's own body ("Ministry of Health of {state}")."""

    words: Annotated[list[str], Field(min_length=1)]
    kind: str
    name: str | None = None
    from_context: bool = True
    """Whether the state may come from the sentence or the dateline when the source does not name it."""

    @field_validator("name")
    @classmethod
    def _names_a_state(cls, name: str | None) -> str | None:
        if name is not None and "{state}" not in name:
            raise ValueError(f"a body's name must hold {{state}}: {name!r}")
        return name


class KnownOrigin(Section):
    """A producer that recurs in any crisis (a UN agency, an NGO, a news agency)."""

    kind: str
    side: str | None = None
    aliases: Annotated[list[str], Field(min_length=1)]
    umbrella: bool = False
    """An umbrella body ("the UN") is not meant when a body noun follows it ("the UN's cultural agency")."""


class SourcesConfig(BaseModel):
    """The whole sources file (`--sources`, over the packaged data/sources.toml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: OriginSettings = OriginSettings()
    own_losses: OwnLosses = OwnLosses()
    retraction: Retraction = Retraction()
    bodies: list[Body] = []
    origins: dict[str, KnownOrigin] = {}


def merge_sources(packaged: dict, overlay: dict) -> dict:
    """The user's sources file over the packaged one: its origins added (replacing those of the same
    name), its bodies tried first, each of its other tables replacing the packaged one."""
    merged = {**packaged, **{k: v for k, v in overlay.items() if k not in {"origins", "bodies"}}}
    merged["origins"] = {**packaged.get("origins", {}), **overlay.get("origins", {})}
    merged["bodies"] = [*overlay.get("bodies", []), *packaged.get("bodies", [])]
    return merged


# --- groups.toml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRules:
    """How subjects are read into classes and which words mark sub-groups and corrections."""

    default_class: str
    class_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    parents: Mapping[str, str]
    folds: Mapping[str, Mapping[str, str]]
    literal_metrics: frozenset[str]
    subsets_after: tuple[tuple[re.Pattern[str], str], ...]
    subsets_before: tuple[tuple[re.Pattern[str], str], ...]
    correction_pattern: re.Pattern[str] | None
    any_subset: re.Pattern[str] | None = None

    def lineage(self, cls: str) -> list[str]:
        """The class and its parents, nearest first."""
        chain = [cls]
        while chain[-1] in self.parents and self.parents[chain[-1]] not in chain:
            chain.append(self.parents[chain[-1]])
        return chain


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({w.lower() for w in words}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in alternatives) + r")\b", re.IGNORECASE)


def parse_group_rules(data: Mapping) -> GroupRules:
    """Build the rules from the parsed groups.toml."""
    classes = data.get("classes", {})
    subsets = data.get("subsets", {})
    patterns = tuple((name, _words_pattern(spec.get("terms", []))) for name, spec in classes.items())
    return GroupRules(
        default_class=data.get("default_class", "people"),
        class_patterns=tuple((name, rx) for name, rx in patterns if rx is not None),
        parents={name: spec["parent"] for name, spec in classes.items() if "parent" in spec},
        folds={metric: dict(fold) for metric, fold in data.get("folds", {}).items()},
        literal_metrics=frozenset(data.get("literal_subject_metrics", [])),
        subsets_after=_label_patterns(subsets.get("after", {})),
        subsets_before=_label_patterns(subsets.get("before", {})),
        correction_pattern=_words_pattern(data.get("corrections", {}).get("markers", [])),
        any_subset=_words_pattern([*subsets.get("after", {}), *subsets.get("before", {})]),
    )


def _label_patterns(table: Mapping[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_words_pattern([phrase]), label) for phrase, label in table.items())
