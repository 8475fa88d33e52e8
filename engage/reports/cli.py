"""``flask report export``: the engagement report as a file (CSV, XLSX, JSON or PDF)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from engage.reports import exports, queries
from engage.reports.forms import parse_filter

group = AppGroup("report", help="Engagement reports.")


@group.command("export")
@click.option("--theme", default="", help="Theme slug (or id).")
@click.option("--process", default="", help="Participation id.")
@click.option("--organisation", default="", help="Organisation slug (or id).")
@click.option("--from", "start", default="", help="First day (YYYY-MM-DD, in Bochum).")
@click.option("--to", "end", default="", help="Last day (YYYY-MM-DD, in Bochum).")
@click.option(
    "--format", "fmt", type=click.Choice(exports.FORMATS), default="pdf", show_default=True
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File."
)
def export_command(
    theme: str, process: str, organisation: str, start: str, end: str, fmt: str, output: Path
) -> None:
    """Write the report for the whole city or the given theme/participation/organisation."""
    locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "de")
    with current_app.test_request_context(headers={"Accept-Language": locale}):
        parsed = parse_filter(
            {
                "theme": theme,
                "process": process,
                "organisation": organisation,
                "from": start,
                "to": end,
            },
            None,
        )
        if parsed.errors:
            for name, message in parsed.errors.items():
                click.echo(f"--{name}: {message}", err=True)
            raise SystemExit(2)
        report = queries.engagement_report(parsed.filter)
        labels = {
            "theme": parsed.theme.name if parsed.theme else "",
            "process": parsed.process.title if parsed.process else "",
            "organisation": parsed.organisation.name if parsed.organisation else "",
        }
        body = exports.report_file(fmt, report, labels)
    output.write_bytes(body)
    click.echo(f"{output}: {len(body)} bytes ({fmt})")


def register_cli(app) -> None:
    app.cli.add_command(group)
