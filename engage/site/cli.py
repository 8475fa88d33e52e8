"""``flask --app engage seed`` and ``flask --app engage demo``."""

from __future__ import annotations

import click

from engage.extensions import db


def register_cli(app) -> None:
    @app.cli.command("seed")
    def seed_command():
        """Add the themes, partner organisations and legal pages if they are missing."""
        from engage.site.seed import seed_reference_data

        added = seed_reference_data()
        db.session.commit()
        click.echo(
            f"themes +{added['themes']}, organisations +{added['organisations']}, "
            f"pages +{added['pages']}"
        )
