"""claims: numeric claims about a crisis, read from news articles and reconciled across sources."""

__version__ = "0.1.0"
