"""Publisher names from URLs, looked up by domain in the publishers of the loaded configuration
(`Config.publishers`, from `data/publishers.toml`)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

NOISE_SUBDOMAINS = ("www.", "m.", "amp.", "mobile.")


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


def publisher_for_url(url: str | None, names: Mapping[str, str]) -> str | None:
    """The publisher a URL belongs to: the listed name of its domain (or a parent domain), else the domain."""
    domain = domain_of(url) if url else None
    if domain is None:
        return None
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        name = names.get(".".join(labels[start:]))
        if name:
            return name
    return domain
