"""``flask --app engage seed`` and ``flask --app engage demo``."""

from __future__ import annotations

import contextlib
import sys

import click
from flask import current_app

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

    @app.cli.command("demo")
    @click.option("--seed", type=int, default=2026, show_default=True, help="Random seed.")
    @click.option(
        "--if-empty", is_flag=True, help="Do nothing if the database has any participation."
    )
    @click.option(
        "--users",
        type=click.IntRange(0, 1_000_000),
        default=50,
        show_default=True,
        help="Extra citizens with German names (raised if the supports need more: nobody "
        "supports an idea twice).",
    )
    @click.option(
        "--ideas",
        type=click.IntRange(0, 1_000_000),
        default=150,
        show_default=True,
        help="Ideas, spread over the participations that collect ideas, in every status.",
    )
    @click.option(
        "--supports",
        type=click.IntRange(0, 10_000_000),
        default=2000,
        show_default=True,
        help="Supports of the ideas (one per citizen and idea).",
    )
    @click.option(
        "--comments",
        type=click.IntRange(0, 10_000_000),
        default=400,
        show_default=True,
        help="Comments and replies on the ideas.",
    )
    @click.option(
        "--responses",
        type=click.IntRange(0, 10_000_000),
        default=None,
        help="Survey responses in all, spread over the surveys in their usual proportions "
        "(default: a few hundred).",
    )
    def demo_command(seed, if_empty, users, ideas, supports, comments, responses):
        """Load realistic German demo data, deterministic for one seed, in one transaction."""
        from engage.site import demo, demo_data

        if current_app.config["ENV"] == "production":
            raise click.ClickException(
                "Refusing to load demo data in production: the demo accounts share a "
                "published password."
            )
        if if_empty and demo.any_process_exists():
            click.echo("The database already has participations; no demo data loaded.")
            return

        from engage.ideas.demo import citizens_needed

        needed = citizens_needed(supports, ideas)
        if needed > users:
            click.echo(
                f"{supports:,} supports on {ideas:,} ideas need at least {needed:,} citizens: "
                f"creating {needed:,} instead of {users:,}."
            )
            users = needed

        @contextlib.contextmanager
        def progress(length: int, label: str):
            # On stderr, so that the summary on stdout stays clean for scripts.
            with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
                yield bar

        builder = demo.DemoBuilder(
            seed=seed,
            users=users,
            ideas=ideas,
            supports=supports,
            comments=comments,
            responses=responses,
            progress=progress,
        )
        try:
            report = builder.run()
            db.session.commit()
        except demo.DemoError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
        except Exception:
            db.session.rollback()
            raise

        click.echo(
            f"Demo data loaded (seed {seed}): {len(report.processes)} participations, "
            f"{len(report.accounts)} demo accounts, {report.citizens} extra citizens."
        )
        for note in report.notes:
            click.echo(note)
        click.echo(
            "Steps: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in report.timings.items())
        )
        click.echo(f"Password of every demo account: {demo_data.DEMO_PASSWORD}")
        for user in report.accounts:
            click.echo(f"  {user.role:<10} {user.email}")
        click.echo(
            "Staff accounts (moderator, innovation, admin) have no second factor yet: "
            "at their first sign-in they are asked to set up an authenticator app (TOTP)."
        )
