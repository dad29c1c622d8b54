"""`claims diff --format claimreview`: every judged figure as a schema.org ClaimReview in JSON-LD.

Google's fact check markup (developers.google.com/search/docs/appearance/structured-data/factcheck)
requires `claimReviewed`, `reviewRating` (a Rating whose `alternateName` is the verdict in words) and
`url`, and recommends `author`, `datePublished` and `itemReviewed` (a Claim with its `author`,
`datePublished` and `appearance`); each review here has them all, except a Claim's `datePublished`
when the article's date is unknown. A verdict is a word, not a score on a scale of truth (a
progression is no better than a subscope), so the Rating has no ratingValue, bestRating or
worstRating: Google asks for those only for numeric ratings. Whatever an article supplies is kept as
written: only JSON escapes it (and `<`, `>`, `&` as \\u003c, \\u003e, \\u0026, the same strings once
parsed, so that the output can go inside a `<script>` element as it is).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote, urlsplit, urlunsplit

from karabakh_claims.models import Claim, QuantityGroup, ReconciledClaim
from karabakh_claims.render.cells import finite_or_none

CONTEXT = "https://schema.org"
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class Reviewer:
    """Who publishes the reviews (an Organization), on which day, and on which page: None when the page
    is not known, and then each review's url is its anchor alone, which JSON-LD reads against the
    page the markup is put on."""

    name: str
    published: dt.date
    url: str | None = None


def claim_reviews(groups: Iterable[QuantityGroup], reviewer: Reviewer) -> list[dict]:
    """One ClaimReview per figure of each quantity, in the quantities' order."""
    return [claim_review(group, rc, reviewer) for group in groups for rc in group.claims]


def claim_review(group: QuantityGroup, rc: ReconciledClaim, reviewer: Reviewer) -> dict:
    """The review of one figure: its sentence, the origin that stated it, the verdict and why."""
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(reviewer.url, anchor(rc.claim)),
        "claimReviewed": rc.claim.sentence,
        "author": {"@type": "Organization", "name": reviewer.name},
        "datePublished": reviewer.published.isoformat(),
        "itemReviewed": item_reviewed(group, rc),
        "reviewRating": {"@type": "Rating", "alternateName": rc.verdict.value, "ratingExplanation": rc.explanation},
    }


def item_reviewed(group: QuantityGroup, rc: ReconciledClaim) -> dict:
    """The Claim reviewed: who made it, where it appeared and when, and the figure it states."""
    claim = rc.claim
    item = {"@type": "Claim", "author": origin_author(claim)}
    if claim.published:
        item["datePublished"] = claim.published.isoformat()
    item["appearance"] = appearance(claim)
    item["about"] = figure(group, rc)
    return item


def origin_author(claim: Claim) -> dict:
    """The origin of the figure: a Person when its kind says so, else an Organization."""
    return {"@type": "Person" if claim.origin_kind == "person" else "Organization", "name": claim.origin_name}


def appearance(claim: Claim) -> str | dict:
    """The article's URL; without one, the article as a CreativeWork whose url is its file."""
    if claim.url:
        return claim.url
    work = {"@type": "CreativeWork", "url": file_reference(claim.file)}
    if claim.title:
        work["name"] = claim.title
    return work


def file_reference(path: str) -> str:
    """An absolute path as a file URI; a relative one (as given to `claims extract`) as a relative reference."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def figure(group: QuantityGroup, rc: ReconciledClaim) -> dict:
    """The figure as a QuantitativeValue: as written, its value and the interval compared, with the
    quantity's key and the figure's as-of day as additional properties."""
    claim = rc.claim
    value = {"@type": "QuantitativeValue", "name": claim.text, "value": finite_or_none(claim.value)}
    bounds = (("minValue", finite_or_none(rc.low)), ("maxValue", finite_or_none(rc.high)), ("unitText", claim.unit))
    value.update((name, bound) for name, bound in bounds if bound is not None)
    extra = [("quantity", group.key)] + ([("asOf", claim.as_of.isoformat())] if claim.as_of else [])
    value["additionalProperty"] = [{"@type": "PropertyValue", "name": name, "value": v} for name, v in extra]
    return value


def anchor(claim: Claim) -> str:
    """The review's fragment: the article and the figure's offset, one per mention."""
    return f"claim-{claim.article_id}-{claim.start}"


def review_url(page: str | None, fragment: str) -> str:
    """The page with the review's fragment (in place of any it had), or the fragment alone."""
    if page is None:
        return "#" + fragment
    return urlunsplit(urlsplit(page)._replace(fragment=fragment))


def review_lines(groups: Iterable[QuantityGroup], reviewer: Reviewer) -> Iterator[str]:
    """Each review as one line of JSON: finite numbers only, safe inside a `<script>` element."""
    for review in claim_reviews(groups, reviewer):
        yield json.dumps(review, ensure_ascii=False, allow_nan=False).translate(SCRIPT_SAFE)
