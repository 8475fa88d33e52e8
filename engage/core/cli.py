"""``flask --app engage backup --output FILE`` and ``flask --app engage restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from engage.core import backup as backups
from engage.extensions import db


def register_cli(app) -> None:
    @app.cli.command("backup")
    @click.option(
        "--output",
        "-o",
        required=True,
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="The backup file to write (replaced if it exists).",
    )
    def backup_command(output):
        """Back up the whole database while the platform keeps running.

        SQLite: the online backup API; PostgreSQL: pg_dump --format=custom.
        """
        try:
            backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], output)
        except backups.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Backup written to {output} ({output.stat().st_size} bytes).")

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="Replace the database without asking.")
    def restore_command(source, yes):
        """Replace the whole database by a backup. Stop the app servers first."""
        url = current_app.config["SQLALCHEMY_DATABASE_URI"]
        if not yes:
            if current_app.config["ENV"] == "production":
                raise click.ClickException(
                    "Refusing to replace the production database without --yes."
                )
            click.confirm(
                f"Replace every row of {db.engine.url.render_as_string()} by {source}?",
                abort=True,
            )
        db.session.remove()
        db.engine.dispose()  # our own pooled connections would block or see the old file
        try:
            backups.restore(url, source)
        except backups.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        db.engine.dispose()
        click.echo(f"Database restored from {source}.")
