"""``flask --app engage users …`` and ``flask --app engage tokens …``."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from engage.accounts import operations, queries
from engage.accounts.models import ApiToken, Role
from engage.accounts.operations import MAX_TOKEN_DAYS, AccountError
from engage.accounts.passwords import find_user_by_email
from engage.core import clock
from engage.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")

ROLES = [role.value for role in Role]


def _fail(message: object) -> None:
    # The operations check everything before they add anything: nothing to roll back.
    raise click.ClickException(str(message))


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


@users_cli.command("create")
@click.option("--email", required=True, help="E-mail address (confirmed at once).")
@click.option("--password", required=True, help="Password, checked like on the web.")
@click.option("--name", required=True, help="Public display name (2–60 characters).")
@click.option("--role", type=click.Choice(ROLES), default="citizen", show_default=True)
@click.option(
    "--organisation",
    "organisations",
    multiple=True,
    metavar="SLUG",
    help="Organisation the staff member belongs to; repeatable.",
)
@click.option("--all-organisations", is_flag=True, help="A moderator of every organisation.")
def create_user_command(email, password, name, role, organisations, all_organisations):
    """Create an account with a confirmed e-mail address."""
    with force_locale("en"):
        try:
            user = operations.create_user(
                email=email,
                password=password,
                display_name=name,
                role=role,
                organisations=organisations,
                all_organisations=all_organisations,
            )
        except AccountError as err:
            _fail(f"{err.field or 'input'}: {err}")
        db.session.commit()
    click.echo(f"Created user {user.id} <{user.email}> with role {user.role}.")
    if user.is_staff:
        click.echo("The second factor (TOTP) is set up at the first sign-in.")


@users_cli.command("list")
@click.option("--role", type=click.Choice(ROLES), default=None, help="Only this role.")
def list_users_command(role):
    """List the accounts."""
    users = queries.users_for_listing(role)
    for user in users:
        if user.is_deleted:
            click.echo(f"{user.id:>6}  (deleted account)  deleted {_when(user.deleted_dt)}")
            continue
        orgs = (
            "all organisations"
            if user.all_organisations
            else ",".join(sorted(m.organisation.slug for m in user.memberships))
        )
        confirmed = "confirmed" if user.email_confirmed_dt else "unconfirmed"
        click.echo(
            f"{user.id:>6}  {user.email}  {user.display_name!r}  {user.role}  {confirmed}"
            + ("  totp" if user.has_totp else "")
            + (f"  [{orgs}]" if orgs else "")
        )
    click.echo(f"{len(users)} account(s).", err=True)


@tokens_cli.command("create")
@click.option("--email", required=True, help="The account the token acts for.")
@click.option("--name", default="CLI", show_default=True, help="What the token is for.")
@click.option(
    "--expires-days",
    type=click.IntRange(1, MAX_TOKEN_DAYS),
    default=None,
    help="Validity in days (default: API_TOKEN_DEFAULT_DAYS).",
)
def create_token_command(email, name, expires_days):
    """Create an API token and print it (it is shown only this once)."""
    from flask import current_app

    user = find_user_by_email(email)
    if user is None or not user.is_active:
        _fail("no active account with this e-mail address")
    days = expires_days or current_app.config["API_TOKEN_DEFAULT_DAYS"]
    with force_locale("en"):
        try:
            token, plaintext = operations.create_token(user, name, days)
        except AccountError as err:
            _fail(f"{err.field or 'input'}: {err}")
    db.session.commit()
    click.echo(
        f"Token {token.id} {token.name!r} for {user.email}, valid until {_when(token.expires_dt)}:",
        err=True,
    )
    click.echo(plaintext)


@tokens_cli.command("list")
@click.option("--email", default=None, help="Only the tokens of this account.")
def list_tokens_command(email):
    """List API tokens (never their values)."""
    user = None
    if email:
        user = find_user_by_email(email)
        if user is None:
            _fail("no account with this e-mail address")
    now = clock.now()
    tokens = queries.tokens_for_listing(user)
    for token in tokens:
        status = (
            "revoked" if token.revoked_dt else ("expired" if not token.is_valid(now) else "valid")
        )
        click.echo(
            f"{token.id:>6}  {token.user.email or '(deleted account)'}  {token.name!r}  "
            f"{token.prefix}…  created {_when(token.created_dt)}  "
            f"expires {_when(token.expires_dt)}  last used {_when(token.last_used_dt)}  {status}"
        )
    click.echo(f"{len(tokens)} token(s).", err=True)


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token_command(token_id):
    """Revoke the API token with this id."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        _fail(f"no token with id {token_id}")
    if token.revoked_dt is not None:
        click.echo(f"Token {token.id} was already revoked.")
        return
    operations.revoke_token(token)
    db.session.commit()
    click.echo(f"Revoked token {token.id} {token.name!r} of {token.user.email}.")


def register_cli(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
