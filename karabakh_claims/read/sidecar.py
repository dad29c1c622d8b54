"""Metadata a user knows but the file does not say: `NAME.meta.toml` beside `NAME.txt`.

A sidecar holds any of `title`, `publisher`, `date` (or `published`) and `url`; its values fill the
fields the file itself leaves empty (a digest's articles each keep what their own header lines give).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from karabakh_claims.models import Article
from karabakh_claims.read.dates import date_from_value
from karabakh_claims.read.walk import InputError

SUFFIX = ".meta.toml"
FIELDS = {"title": "title", "publisher": "publisher", "date": "published", "published": "published", "url": "url"}


def sidecar_path(file: str) -> Path:
    path = Path(file)
    return path.with_name(path.stem + SUFFIX)


def read_sidecar(file: str) -> dict[str, object]:
    """The article fields the sidecar of `file` gives (none when there is no sidecar)."""
    path = sidecar_path(file)
    if file == "-" or not path.is_file():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"metadata file {path.name}: {error}") from None
    values: dict[str, object] = {}
    for key, field in FIELDS.items():
        if key in table:
            value = date_from_value(table[key]) if field == "published" else str(table[key]).strip() or None
            if value is None:
                raise InputError(f"metadata file {path.name}: cannot read {key} = {table[key]!r}")
            values[field] = value
    return values


def with_sidecar(article: Article, values: dict[str, object]) -> Article:
    """The article with the sidecar's values in the fields it lacks."""
    missing = {field: value for field, value in values.items() if getattr(article, field) is None}
    return article.model_copy(update=missing) if missing else article
