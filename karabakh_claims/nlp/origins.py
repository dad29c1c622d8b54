"""Who produced a figure: a source's name read into its origin, the canonical producer, with its kind and side.

A pure mapping from words to an origin, by the rules and lists of sources.toml (README: "Origins"):
a known producer by its aliases ("the UN refugee agency", "UNHCR Syria representative X" → UNHCR);
a state's body by its words and the state named ("the government in Yerevan", "Armenia" →
"Government of Armenia"; "The Defense Ministry in Baku" → "Ministry of Defence of Azerbaijan"), the
state taken from the sentence or the dateline when the source does not name it; else the source as
written, with the kind of the first body whose words it holds. The states are nations.toml's; the
sides their cue words give, with the metrics file's [sides] over them. `ArticleOrigins`
(article_origins.py) gives these rules the article's context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from karabakh_claims.config_schema import Body, MetricsConfig, SourcesConfig

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
DOTTED = re.compile(r"\b((?:[A-Z]\.){2,})")
POSSESSIVE = ("'s", "’s", "'", "’")
ARTICLES = {"the", "a", "an", "this", "that", "these", "those"}
FUNCTION_WORDS = ARTICLES | {"of", "in", "for", "and", "from", "at", "on", "to", "by"}
JOINT_KIND = "joint"
"""The kind of an origin made of several producers of different kinds."""
QUOTES = "\"'“”‘’«»()[],;:.-–— "
T = TypeVar("T")


class Word(NamedTuple):
    """A word of a name as written and in lower case (a tuple: names are cut into many of them)."""

    text: str
    lower: str

    @property
    def caps(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


Pattern = tuple[tuple[str, bool], ...]
"""A phrase to find: its lower-case words, each with whether it must be written in capitals."""


def words_of(text: str) -> list[Word]:
    """The words of a name: acronyms without their dots ("U.N." → UN), possessives and hyphens split off."""
    text = DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        for ending in POSSESSIVE[:2]:
            if lower.endswith(ending) and len(word) > 2:
                word, lower = word[: -len(ending)], lower[: -len(ending)]
        found.append(Word(word, lower))
    return found


def pattern_of(phrase: str) -> Pattern:
    """A data file's phrase as a pattern, without articles (a name's words are matched without theirs):
    a word written in capitals matches only in capitals ("WHO", "UN")."""
    return tuple((w.lower, w.caps) for w in words_of(phrase) if w.lower not in ARTICLES)


def first_at(pattern: Pattern, words: Sequence[Word], starts: Iterable[int]) -> int:
    """The first of `starts` (in order) where the pattern occurs in the words, or -1."""
    size = len(pattern)
    for i in starts:
        if i + size <= len(words) and all(
                words[i + k].lower == low and (not caps or words[i + k].caps) for k, (low, caps) in enumerate(pattern)):
            return i
    return -1


class Patterns(Generic[T]):
    """Patterns, each with what it stands for, in the order of the data files, indexed by their first
    word: words are searched only for the patterns whose first word they hold (the lists of sources and
    nations hold hundreds of patterns, and a name or a sentence few of their words)."""

    def __init__(self, items: Iterable[tuple[Pattern, T]]):
        self.items = list(items)
        self._by_first: dict[str | None, list[int]] = {}
        for i, (pattern, _) in enumerate(self.items):
            self._by_first.setdefault(pattern[0][0] if pattern else None, []).append(i)

    def found(self, words: Sequence[Word]) -> Iterator[tuple[int, Pattern, T]]:
        """Where each pattern first occurs in the words, with the pattern and what it stands for, in order."""
        places: dict[str | None, list[int]] = {None: [0]}
        for i, word in enumerate(words):
            places.setdefault(word.lower, []).append(i)
        for i in sorted(i for low in places for i in self._by_first.get(low, ())):
            pattern, value = self.items[i]
            at = first_at(pattern, words, places[pattern[0][0] if pattern else None])
            if at >= 0:
                yield at, pattern, value


@dataclass(frozen=True)
class State:
    """A state (or a territory of one) that a body belongs to."""

    nation: str
    name: str
    side: str | None
    territory: bool = False


@dataclass(frozen=True)
class Origin:
    """The canonical producer of a figure; `canonical` when found by the rules, not kept as written."""

    name: str
    kind: str
    side: str | None
    canonical: bool = False
    state: str | None = None


class OriginRules:
    """The rules of sources.toml, with the states of nations.toml and the sides of the metrics file."""

    def __init__(self, sources: SourcesConfig, metrics: MetricsConfig):
        settings = sources.settings
        self.settings = settings
        self.neutral = set(settings.neutral_kinds)
        self.body_nouns = set(settings.body_nouns)
        self.territory_nouns = set(settings.territory_nouns)
        self.side_of_cue = metrics.side_of_cue
        self.known = Patterns((pattern_of(alias), (name, entry)) for name, entry in sources.origins.items()
                              for alias in entry.aliases)
        self.bodies = Patterns((pattern_of(word), body) for body in sources.bodies for word in body.words)
        self.bodies_by_name = {body.name: body for body in reversed(sources.bodies) if body.name}
        self.own_losses = sources.own_losses
        self._states(metrics)

    def _states(self, metrics: MetricsConfig) -> None:
        self.state_of_word: dict[str, State] = {}
        state_names: list[tuple[Pattern, State]] = []
        self.name_words: dict[str, set[str]] = {}
        for key, nation in metrics.nations.items():
            state = State(key, nation.name, self.side_of_cue.get(nation.cues[0], key))
            self.state_of_word.update({cue: state for cue in nation.cues})
            names = [pattern_of(nation.name), *(pattern_of(a) for a in nation.acronyms)]
            state_names += [(pattern, state) for pattern in names]
            self.name_words[key] = {*nation.cues, *(low for pattern in names for low, _ in pattern)}
            for place, cues in nation.territories.items():
                territory = State(key, place, state.side, territory=True)
                self.state_of_word.update({cue: territory for cue in cues})
        self.state_names = Patterns(state_names)
        self.territories = {s.name: s for s in self.state_of_word.values() if s.territory}

    # --- a name into an origin ------------------------------------------------------------------

    def resolve(self, phrase: str, states: Sequence[State] = (), territories: Iterable[State] = (),
                person: bool = False) -> Origin:
        """The origin a source's name gives: `states` are the states its context names (for a body
        that does not name its own), `territories` those the article names, `person` whether it names
        a person."""
        words = [w for w in words_of(phrase) if w.lower not in ARTICLES]
        known = self.known_origin(words)
        if known is not None:
            return known
        body = self.body(words)
        state = self.state(words, territories)
        if body is not None and body.name and state is not None:
            return self.body_of(body, state)
        if body is not None and body.name and body.from_context and states and not self._names_a_state(words):
            return self.body_of(body, states[0])
        if body is None and state is not None and self.only_state(words, state):
            return self.body_of(self.bodies_by_name["Government of {state}"], state)
        kind = body.kind if body else (self.settings.person_kind if person else self.settings.default_kind)
        side = state.side if state else self.side_in(words)
        return Origin(as_written(phrase), kind, None if kind in self.neutral else side, state=state and state.nation)

    def body_of(self, body: Body, state: State) -> Origin:
        side = None if body.kind in self.neutral else state.side
        return Origin(body.name.format(state=state.name), body.kind, side, canonical=True, state=state.nation)

    def outlet(self, publisher: str | None, file: str) -> Origin:
        """The origin of a figure the text attributes to no one: the outlet (a known producer when it is one)."""
        if publisher:
            known = self.known_origin([w for w in words_of(publisher) if w.lower not in ARTICLES])
            if known is not None:
                return known
        return Origin(publisher or file, self.settings.outlet_kind, None, canonical=True)

    def known_origin(self, words: Sequence[Word]) -> Origin | None:
        """The known producer with the longest alias in the words (an umbrella body only when no body
        noun follows it: "a United Nations official", not "the UN's cultural agency")."""
        best, size = None, 0
        for at, pattern, (name, entry) in self.known.found(words):
            if len(pattern) <= size:
                continue
            if entry.umbrella and any(w.lower in self.body_nouns for w in words[at + len(pattern):]):
                continue
            best, size = (name, entry), len(pattern)
        if best is None:
            return None
        name, entry = best
        side = None if entry.kind in self.neutral and entry.side is None else entry.side
        return Origin(name, entry.kind, side, canonical=True)

    def body(self, words: Sequence[Word]) -> Body | None:
        """The body whose words the name holds: the longest match, the first in the file on a tie."""
        best, size = None, 0
        for _, pattern, body in self.bodies.found(words):
            if len(pattern) > size:
                best, size = body, len(pattern)
        return best

    # --- states ---------------------------------------------------------------------------------

    def states_in(self, words: Sequence[Word]) -> list[State]:
        """Every state the words name, in order (a territory's own name before its nation's)."""
        found: list[tuple[int, State]] = []
        for i, word in enumerate(words):
            state = self.state_of_word.get(word.lower)
            if state is not None:
                found.append((i, state))
        found += [(at, state) for at, _, state in self.state_names.found(words)]
        return [state for _, state in sorted(found, key=lambda pair: (pair[0], not pair[1].territory))]

    def state(self, words: Sequence[Word], territories: Iterable[State] = ()) -> State | None:
        """The state a body's name names: a territory before its nation; a nation's territory when
        the name says so ("the Palestinian territory's ministry"), if the article names one of them."""
        named = self.states_in(words)
        if any(s.territory for s in named):
            return next(s for s in named if s.territory)
        if any(w.lower in self.territory_nouns for w in words):
            nations = {s.nation for s in named}
            places = [t for t in territories if not nations or t.nation in nations]
            return places[0] if len({t.name for t in places}) == 1 else None
        return named[0] if named else None

    def _names_a_state(self, words: Sequence[Word]) -> bool:
        """A name that names a state (or a territory) the rules could not settle."""
        return bool(self.states_in(words)) or any(w.lower in self.territory_nouns for w in words)

    def only_state(self, words: Sequence[Word], state: State) -> bool:
        """"Armenia", "the United States", "Washington": the state alone names its government."""
        own = self.name_words.get(state.nation, set())
        return all(w.lower in FUNCTION_WORDS or w.lower in own or self.state_of_word.get(w.lower) == state for w in words)

    def side_in(self, words: Sequence[Word]) -> str | None:
        """The side a name's cue words give (the metrics file's [sides] over the nations)."""
        return next((self.side_of_cue[w.lower] for w in words if w.lower in self.side_of_cue), None)

    def own_loss_body(self, counted_class: Iterable[str]) -> Body | None:
        """The body that counts a state's own losses of a group of these classes (nearest first)."""
        name = next((self.own_losses.classes[c] for c in counted_class if c in self.own_losses.classes),
                    self.own_losses.default)
        return self.bodies_by_name.get(name) if name else None


def joint(origins: Sequence[Origin]) -> Origin:
    """The origin of a figure several sources give together ("X and Y's figures"): one when they are one."""
    unique = list({o.name: o for o in origins}.values())
    if len(unique) == 1:
        return unique[0]
    kinds = {o.kind for o in unique}
    sides = {o.side for o in unique}
    return Origin(" and ".join(o.name for o in unique), kinds.pop() if len(kinds) == 1 else JOINT_KIND,
                  sides.pop() if len(sides) == 1 else None, canonical=all(o.canonical for o in unique))


def as_written(phrase: str) -> str:
    """A source's name as an origin: without its article, quotes and edge punctuation (a bracket it
    opens kept), capitalized."""
    text = _trimmed(" ".join(phrase.split()))
    first, _, rest = text.partition(" ")
    if first.lower() in ARTICLES and rest:
        text = _trimmed(rest)
    return text[:1].upper() + text[1:]


def _trimmed(text: str) -> str:
    text = text.strip(QUOTES)
    return text + ")" if text.count("(") > text.count(")") else text
