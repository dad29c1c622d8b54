"""claims: numeric claims about a crisis, read from news articles and reconciled across sources."""

__version__ = "0.1.0"

# Stored with every claim; an article read by another pipeline version is read again.
PIPELINE_VERSION = f"{__version__}+rules5"
