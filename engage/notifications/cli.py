"""``flask notifications send-digests``: daily or weekly digests and retries of failed mails."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from engage.notifications.mail import send_digests
from engage.notifications.models import Mode

group = AppGroup("notifications", help="Notification mails.")


@group.command("send-digests")
@click.option(
    "--period",
    type=click.Choice(["daily", "weekly"]),
    default="daily",
    show_default=True,
    help="Which digest to send (run daily from cron; weekly once a week).",
)
def send_digests_command(period: str) -> None:
    """Send pending digest mails and retry immediate mails that failed; never twice."""
    result = send_digests(Mode(period))
    click.echo(
        f"{result['digests']} digest(s) sent, {result['immediate']} retried mail(s) sent, "
        f"{result['failed']} failed (will be retried)."
    )


def register_cli(app) -> None:
    app.cli.add_command(group)
