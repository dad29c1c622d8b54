"""Names of speakers on the parse: the words of a phrase as written, a name inside a longer phrase,
the content words, initials and acronyms that let a short form find its full name.

Pure functions over spaCy tokens, shared by the attribution rules and the article's chain of sources.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

CLAUSE_DEPS = {"relcl", "acl", "advcl"}
"""Children that make a clause of their own inside a noun phrase ("the UN, which has moved ..., said")."""
NAME_LEFT_DEPS = {"compound", "amod", "det", "poss", "nmod", "case"}
NAME_PREPOSITIONS = {"of", "for", "in"}
FUNCTION_WORDS = {"the", "a", "an", "of", "for", "and", "in", "on", "at", "to", "'s", "’s"}
PERSONAL = {"he": "person", "she": "person", "him": "person", "her": "person",
            "it": "thing", "its": "thing", "they": "plural", "them": "plural", "their": "plural"}
ACRONYM = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z]{2,7}$")
ACRONYM_LETTERS = 7
"""The most letters an acronym (`ACRONYM`) has."""
CLOSING = {")": "(", "]": "[", "\"": "\"", "”": "“", "’": "‘"}


def phrase_bounds(head: Token, first: int = 0) -> tuple[int, int]:
    """Token bounds of the phrase naming a speaker: the head's subtree without a clause to its right
    ("the ministry in Ramallah, which compiles ...") and edge punctuation, starting no earlier than `first`
    (the end of a dateline)."""
    start, end = max(head.left_edge.i, first), head.right_edge.i + 1
    colon = next((t.i for t in head.doc[head.i : end] if t.text == ":"), None)
    if colon is not None:
        end = colon  # a speaker ends at the colon that opens the quote
    for child in head.rights:
        if child.dep_ in CLAUSE_DEPS or (child.dep_ == "punct" and child.text in {",", "—", "–"}
                                         and not _appositive_follows(child)):
            end = min(end, child.left_edge.i)
            break
    return trim(head, start, end)


def _appositive_follows(comma: Token) -> bool:
    """"Ismail al-Thawabta, director general of the office": a comma before an appositive title."""
    head = comma.head
    return any(c.i > comma.i and c.left_edge.i == comma.i + 1 and c.dep_ in {"appos", "cc", "conj"} for c in head.rights)


def trim(head: Token, start: int, end: int) -> tuple[int, int]:
    """Without punctuation and conjunctions at either edge, keeping a closing bracket whose opening is inside."""
    doc = head.doc
    start = min(start, head.i)
    end = max(end, head.i + 1)
    while start < head.i and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > head.i:
        last = doc[end - 1]
        opening = CLOSING.get(last.text)
        if opening and any(t.text == opening for t in doc[start : end - 1]):
            break
        if not (last.is_punct or last.is_space or last.dep_ in {"cc", "case"}):
            break
        end -= 1
    return start, end


def name_bounds(token: Token) -> tuple[int, int]:
    """A name inside a longer phrase: "European Commission" in "European Commission President Ursula
    von der Leyen", "Freedonia's Ministry of Health" in "Freedonia's Ministry of Health spokesman X"."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in NAME_LEFT_DEPS:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in NAME_PREPOSITIONS and child.i == end:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
            if objects:
                end = objects[0].right_edge.i + 1
        elif child.dep_ == "appos" and is_acronym(child) and child.i <= end + 1:
            end = child.right_edge.i + 1
        elif child.text == "(" and child.i == end:
            continue
        else:
            break
    return trim(token, start, end)


def content_words(tokens) -> list[str]:
    """The words that name (lower case), without articles, prepositions and punctuation."""
    return [t.lower_ for t in tokens if t.is_alpha and t.lower_ not in FUNCTION_WORDS]


def is_acronym(token: Token) -> bool:
    """"UN", "U.N.", "OCHA", "GMO"."""
    return bool(ACRONYM.match(token.text))


def letters(acronym: str) -> str:
    return acronym.replace(".", "").upper()


def initials(tokens) -> str:
    """The initials of the capitalized words of a name ("United Nations Development Programme" → UNDP)."""
    return "".join(t.text[0] for t in tokens if t.is_alpha and t.text[0].isupper() and t.lower_ not in FUNCTION_WORDS)


def pronoun_kind(token: Token) -> str | None:
    """"person" (he, she), "thing" (it), "plural" (they), or None when the token is no personal pronoun."""
    return PERSONAL.get(token.lower_) if token.pos_ == "PRON" else None
