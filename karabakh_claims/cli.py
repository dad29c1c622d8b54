"""The command line: a thin click layer that parses options and calls the library stages."""

from __future__ import annotations

import click

from karabakh_claims import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claims")
def cli() -> None:
    """Extract numeric claims about a crisis from news articles and reconcile them across sources."""


def main() -> None:
    cli()
