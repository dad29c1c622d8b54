"""The number layer: read number phrases out of text with regular expressions only (no spaCy).

``finder`` puts the other modules together: ``scanner`` (the one pattern and the cores it
matches), ``numerals`` (digits, separators, scales, signs), ``words`` (spelled-out numbers),
``currency`` (symbols, codes, money), ``qualifiers`` (hedges, ranges, vague amounts),
``changes`` (rises and falls), ``years`` (dates and years) and ``labels`` ("Game 5"); ``mention``
holds the phrase being read. ``writing`` writes numbers back out; ``ceiling`` is the largest
figure a claim can state (10^13 people, 10^15 in money).
"""

from __future__ import annotations

from importlib import import_module

EXPORTS = {
    "WrittenRange": "finder", "find_quantities": "finder", "parse_quantity": "finder", "written_range": "finder",
    "NUMERIC_KINDS": "mention", "Bounds": "mention",
    "ABOUT_MARGIN": "qualifiers", "VAGUE_BOUNDS": "qualifiers", "vague_base": "qualifiers",
}
"""Each name the package gives and its module, imported when first asked for (PEP 562): what only
writes numbers out (`writing`, used by `claims diff`) does not compile the reader's patterns."""

__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> object:
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{EXPORTS[name]}"), name)
