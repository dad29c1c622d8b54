"""The number layer: read number phrases out of text with regular expressions only (no spaCy).

``finder`` puts the other modules together: ``scanner`` (the one pattern and the cores it
matches), ``numerals`` (digits, separators, scales, signs), ``words`` (spelled-out numbers),
``currency`` (symbols, codes, money), ``qualifiers`` (hedges, ranges, vague amounts),
``changes`` (rises and falls), ``years`` (dates and years) and ``labels`` ("Game 5"); ``mention``
holds the phrase being read. ``writing`` writes numbers back out; ``ceiling`` is the largest
figure a claim can state (10^13 people, 10^15 in money).
"""

from __future__ import annotations

from karabakh_claims.numbers.finder import WrittenRange, find_quantities, parse_quantity, written_range
from karabakh_claims.numbers.mention import NUMERIC_KINDS, Bounds
from karabakh_claims.numbers.qualifiers import ABOUT_MARGIN, VAGUE_BOUNDS, vague_base

__all__ = [
    "ABOUT_MARGIN",
    "NUMERIC_KINDS",
    "VAGUE_BOUNDS",
    "Bounds",
    "WrittenRange",
    "find_quantities",
    "parse_quantity",
    "vague_base",
    "written_range",
]
