"""Publisher names from URLs, looked up by domain in the data file `data/publishers.toml`."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

NOISE_SUBDOMAINS = ("www.", "m.", "amp.", "mobile.")


@cache
def known_publishers() -> dict[str, str]:
    """Publisher names by lower-case domain, as listed in the data file."""
    data = resources.files("karabakh_claims").joinpath("data", "publishers.toml").read_bytes()
    table = tomllib.loads(data.decode("utf-8")).get("domains", {})
    return {domain.lower(): name for domain, name in table.items()}


def domain_of(url: str) -> str | None:
    """The host of `url` in lower case without "www."-like prefixes, or None when it has none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    for prefix in NOISE_SUBDOMAINS:
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def publisher_for_url(url: str | None) -> str | None:
    """The publisher a URL belongs to: the listed name of its domain (or a parent domain), else the domain."""
    domain = domain_of(url) if url else None
    if domain is None:
        return None
    names = known_publishers()
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        name = names.get(".".join(labels[start:]))
        if name:
            return name
    return domain
