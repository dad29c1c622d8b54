"""The single schema: every value that crosses a stage boundary is one of these pydantic models."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt


class Qualifier(str, Enum):
    """How a figure is hedged; decides its [low, high] bounds."""

    exact = "exact"
    about = "about"
    more_than = "more_than"
    at_least = "at_least"
    less_than = "less_than"
    nearly = "nearly"
    up_to = "up_to"
    range = "range"
    vague = "vague"


class Change(str, Enum):
    """A figure stated as a change ("rose 3%", "fell by $2 billion")."""

    up = "up"
    down = "down"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


M = TypeVar("M", bound=BaseModel)


def trusted(model: type[M], fields: dict) -> M:
    """A record built from values already valid for every field of `model`, without validating them
    again: what model_validate would return, in a third of the time (model_construct is slower still).
    For hot paths only (the ledger's rows, the reconciler's output); `fields` must name every field."""
    record = model.__new__(model)
    object.__setattr__(record, "__dict__", fields)
    object.__setattr__(record, "__pydantic_fields_set__", set(fields))
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


class Quantity(Frozen):
    """A number phrase read into a value with bounds; `low`/`high` are None when unbounded."""

    value: float
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = Qualifier.exact
    unit: str | None = None
    text: str
    change: Change | None = None


NumberKind = Literal["cardinal", "money", "percent", "ordinal", "year", "date", "time", "other"]


class QuantitySpan(Frozen):
    """A number phrase found in a text: where it stands and what it reads as."""

    start: NonNegativeInt
    end: NonNegativeInt
    kind: NumberKind = "cardinal"
    quantity: Quantity


BUILT_FORMATS = frozenset({"html", "json", "jsonl"})
"""Formats whose text is built from the file (extracted or joined): offsets are into that text, and an
article's line is the file line of its record (the JSON Lines line, the JSON object's line, 1 for a page)."""


class Article(Frozen):
    """One article: a slice of one file, with the metadata read from its header lines."""

    id: Annotated[str, Field(description="sha256 of the article text, first 16 hex digits")]
    file: Annotated[str, Field(description="the path as given on the command line")]
    offset: Annotated[NonNegativeInt, Field(description="where the article starts in the file's text")]
    line: Annotated[int, Field(ge=1, description="the file's line (1-based) the article starts on")] = 1
    text: Annotated[str, Field(description="the article's text: file_text[offset:offset+len(text)]")]
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    skip_spans: Annotated[
        tuple[tuple[int, int], ...],
        Field(description="spans of the article text (header lines) that hold no claims"),
    ] = ()
    file_hash: str | None = None
    source_format: Annotated[
        str, Field(description="text, markdown, html, json or jsonl; for html/json the file's text is the extracted text")
    ] = "text"
    copy_of: Annotated[str | None, Field(description="id of the first-seen article this one nearly copies")] = None


class Claim(Frozen):
    """One numeric mention with its provenance; after the semantic stage, one mention of a claim."""

    file: str
    article_id: str
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    text: Annotated[str, Field(description="the number phrase as written: file[start:end]")]
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = Qualifier.exact
    unit: str | None = None
    change: Change | None = None
    start: Annotated[NonNegativeInt, Field(description="offset into the file's text")]
    end: Annotated[NonNegativeInt, Field(description="offset into the file's text")]
    line: Annotated[int, Field(ge=1, description="1-based line of the file")]
    sentence: str
    metric: str | None = None
    subject: str | None = None
    side: str | None = None
    place: str | None = None
    source: Annotated[str | None, Field(description="who the text says gave the figure, by the fullest name the article "
                                                   "gives them (short forms and pronouns resolved)")] = None
    source_text: Annotated[str | None, Field(description="the source as the sentence words it (\"the ministry\", \"he\")")] = None
    origin: Annotated[str | None, Field(description="the canonical producer of the figure: an origin of sources.toml, "
                                                   "else the source's fullest mention, else the outlet itself")] = None
    origin_kind: Annotated[str | None, Field(description="what kind of body the origin is (government, military, "
                                                        "local_authority, un_agency, red_cross, ngo, media, census, ...)")] = None
    origin_side: Annotated[str | None, Field(description="the side of the conflict the origin belongs to, when known")] = None
    retracted: Annotated[bool, Field(description="the text says the figure's origin denied, disowned or withdrew it")] = False
    as_of: dt.date | None = None
    historical: bool = False
    projection: Annotated[bool, Field(description="a figure expected, feared or planned, not a count (\"could rise to\")")] = False
    claim_id: str | None = None

    @property
    def origin_name(self) -> str:
        """Who produced the figure: `origin`; for a claim stored before origins were, its source, else its
        outlet, else its file name."""
        return self.origin or self.source or self.publisher or self.file.replace("\\", "/").rsplit("/", 1)[-1]

    def outlet_own(self) -> bool:
        """Whether the figure is the outlet's own statement: the text names no one who gave it."""
        return self.source is None and self.origin_kind in (None, "media")


class SkippedInput(Frozen):
    """An input that could not be read: one line for the user, naming the file and the reason."""

    file: str
    reason: str
    line: int | None = None

    def message(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: skipped: {self.reason}"


class InputWarning(SkippedInput):
    """An input that was read, though not all of it as written (bytes that are not text became U+FFFD,
    a figure above the ceiling is no claim): one line for the user; it is not skipped and fails no check."""

    def message(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: warning: {self.reason}"


class Verdict(str, Enum):
    """How one figure stands against the other figures for the same quantity (see docs/ledger.md)."""

    agrees = "agrees"
    progression = "progression"
    conflict = "conflict"
    stale = "stale"
    subscope = "subscope"
    correction = "correction"
    undated = "undated"
    vague = "vague"
    historical = "historical"
    projection = "projection"
    retracted = "retracted"
    single = "single"


class Estimate(Frozen):
    """A quantity's figure in UCDP's form, at its latest as-of date, with the rule that chose it."""

    low: float | None = None
    best: float | None = None
    high: float | None = None
    as_of: dt.date | None = None
    best_from: str | None = None
    sources: Annotated[NonNegativeInt, Field(description="outlets (articles, syndicated copies counted once) behind the figures at as_of")] = 0
    origins: Annotated[tuple[str, ...], Field(description="the independent origins behind the figures at as_of")] = ()
    single_origin: Annotated[bool, Field(description="backed by one origin only: provisional")] = False
    rule: str


class EstimateStep(Frozen):
    """A quantity's estimate as it stood on one day: over the figures as of that day or earlier (and the
    undated ones), judged among themselves."""

    day: dt.date
    estimate: Estimate


class ReconciledClaim(Frozen):
    """One claim with its verdict and a one-line explanation naming the claims it was compared with."""

    claim: Claim
    low: float | None = None
    high: float | None = None
    verdict: Verdict
    explanation: str


class QuantityGroup(Frozen):
    """The figures reported for one quantity (metric, group counted, side, place, period)."""

    key: str
    metric: str
    unit: str | None = None
    subject: str
    subset: str | None = None
    side: str | None = None
    place: str | None = None
    historical: bool = False
    cumulative: bool = False
    parent: str | None = None
    estimate: Estimate
    claims: tuple[ReconciledClaim, ...]
    history: Annotated[tuple[EstimateStep, ...], Field(
        description="the estimate on each as-of day of the figures, the last one `estimate` (only when asked for: "
                    "`claims report`, plots)")] = ()


class Revision(Frozen):
    """An origin's figure followed by a lower or corrected one of its own, as of the later one's day."""

    before: ReconciledClaim
    after: ReconciledClaim

    @property
    def day(self) -> dt.date | None:
        return self.after.claim.as_of


class OriginFigures(Frozen):
    """One origin's figures of one quantity, in as-of order, and where it revised them."""

    origin: Annotated[str, Field(description="the origin's name (`Claim.origin_name`) as first written")]
    kind: str | None = None
    side: str | None = None
    figures: tuple[ReconciledClaim, ...]
    revisions: tuple[Revision, ...] = ()


class ArticleRecord(Frozen):
    """An article as the ledger holds it (without its text)."""

    id: str
    path: str
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    copy_of: str | None = None
    file_hash: str | None = None
    pipeline_version: str
    added_at: str


# --- claims check: findings and the baseline ----------------------------------------------------

FINDING_VERDICTS = frozenset({Verdict.conflict, Verdict.stale})
BASELINE_VERSION = 2

FindingKind = Literal["conflict", "stale"]


class FigureRef(Frozen):
    """A figure as content: who published it (the file name when no publisher is known), as written."""

    publisher: str
    text: str
    value: float


class FindingKey(Frozen):
    """What identifies a finding across runs and edits: no file names, no line numbers."""

    kind: FindingKind
    quantity: str
    figures: tuple[FigureRef, ...]

    def sort_key(self) -> tuple:
        """Findings and baseline entries are listed by quantity, kind, then figures."""
        return (self.quantity, self.kind, [(f.publisher, f.value, f.text) for f in self.figures])


class Mention(Frozen):
    """One mention of a finding's figures; `file` is the path as given for checked articles, `column`
    is filled in for them (`jobs.columns`).

    `judged` is true for the mentions whose verdict makes the finding, false for those of the figure
    they were judged against (whose own explanation may name another figure).
    """

    file: str
    line: int
    article_id: str
    publisher: str | None = None
    text: str
    start: Annotated[NonNegativeInt, Field(description="where the figure starts in the file's text (`Claim.start`)")]
    column: Annotated[int | None, Field(ge=1, description="the figure's 1-based column in its file line, in characters "
                                                          "(code points); None when unknown: a text built from the "
                                                          "file (HTML, JSON, JSON Lines), a file that no longer holds "
                                                          "the figure there")] = None
    verdict: Verdict
    explanation: str
    judged: bool
    checked: bool


class Finding(Frozen):
    key: FindingKey
    metric: str
    message: str
    mentions: tuple[Mention, ...]

    @property
    def checked_mentions(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.checked)


class BaselineEntry(Frozen):
    """A finding known and accepted; `note` (the explanation when written) is for readers only."""

    kind: FindingKind
    quantity: Annotated[str, Field(description="the key of the finding's quantity (`QuantityGroup.key`), by which "
                                               "`claims check` finds the quantities to judge again")]
    figures: tuple[FigureRef, ...]
    note: str = ""
    accepted: Annotated[dt.date | None, Field(description="the day the entry was first written (UTC); kept when the "
                                                          "baseline is written again; None for an entry of a version 1 "
                                                          "file")] = None

    def key(self) -> FindingKey:
        return FindingKey(kind=self.kind, quantity=self.quantity, figures=self.figures)


class Baseline(Frozen):
    """A `claims check` baseline file. Version 2 added `accepted` to the entries; a version 1 file is
    read only to be written again (`--write-baseline` over it keeps its entries)."""

    version: Literal[2] = BASELINE_VERSION
    findings: tuple[BaselineEntry, ...]

    def keys(self) -> frozenset[FindingKey]:
        return frozenset(entry.key() for entry in self.findings)


class CheckReport(Frozen):
    """The outcome: new findings fail the check; baselined ones are known; fixed ones are gone."""

    articles: int
    checked: int
    new: tuple[Finding, ...] = ()
    baselined: tuple[Finding, ...] = ()
    fixed: tuple[BaselineEntry, ...] = ()

    @property
    def exit_status(self) -> int:
        return 1 if self.new else 0


# --- claims eval: the gold set and the scores --------------------------------------------------


class GoldClaim(BaseModel):
    """One line of the gold file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    file: str
    metric: str
    value: float
    low: float | None = None
    high: float | None = None
    attributed_to: str | None = None
    as_of: dt.date | None = None
    quote: str
    article: str | None = None


class Score(BaseModel):
    matched: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class PairFigure(BaseModel):
    """One side of a conflict pair: a figure of the gold set, by file, metric and value."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    file: str
    metric: str
    value: float


class GoldPair(BaseModel):
    """Two gold figures the reconciler must (or must not) report as disagreeing, and why."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: Literal["must", "must_not"]
    a: PairFigure
    b: PairFigure
    why: str = ""


class PairScore(BaseModel):
    """How the reconciler stands against a set of conflict pairs."""

    must: int
    must_held: int
    must_not: int
    must_not_held: int
    wrong: list[GoldPair]

    @property
    def must_rate(self) -> float:
        return self.must_held / self.must if self.must else 1.0

    @property
    def must_not_rate(self) -> float:
        return self.must_not_held / self.must_not if self.must_not else 1.0


class Evaluation(BaseModel):
    """Everything `claims eval` prints."""

    overall: Score
    by_metric: dict[str, Score]
    attribution_accuracy: float
    attribution_scored: int
    as_of_accuracy: float
    as_of_scored: int
    pairs: list[tuple[GoldClaim, Claim]]
    misses: list[GoldClaim]
    extras: list[Claim]
    wrong_metric: list[tuple[GoldClaim, Claim]]
    wrong_attribution: list[tuple[GoldClaim, Claim]]
    wrong_as_of: list[tuple[GoldClaim, Claim]]
    conflict_pairs: PairScore | None = None

