"""``flask users …`` and ``flask tokens …``: the same rules as the web, clear errors, exit codes."""

from __future__ import annotations

import pytest
from conftest import PASSWORD
from sqlalchemy import func, select

from engage.accounts import operations
from engage.accounts.models import ApiToken, AuditEvent, User
from engage.accounts.passwords import authenticate
from engage.accounts.tokens import user_for_token


@pytest.fixture
def cli(app, session):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=list(args))

    return invoke


def _user(session, email):
    return session.scalar(select(User).where(User.email == email))


def test_create_a_moderator(cli, session):
    result = cli(
        "users", "create",
        "--email", "Acc-Cli-Mod@Example.org",
        "--password", PASSWORD,
        "--name", "Moderation BOGESTRA",
        "--role", "moderator",
        "--organisation", "bogestra",
        "--organisation", "stadtwerke",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = _user(session, "acc-cli-mod@example.org")
    assert user is not None and "Created user" in result.output
    assert user.role == "moderator"
    assert user.email_confirmed_dt is not None
    assert sorted(m.organisation.slug for m in user.memberships) == [
        "bogestra",
        "stadtwerke",
    ]
    assert authenticate("acc-cli-mod@example.org", PASSWORD) is user
    [event] = session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_id == user.id, AuditEvent.event == "user_created"
        )
    )
    assert event.details["via"] == "cli"

    listing = cli("users", "list", "--role", "moderator")
    assert listing.exit_code == 0
    assert "acc-cli-mod@example.org" in listing.output
    assert "bogestra,stadtwerke" in listing.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "not-an-address"], "valid e-mail address"),
        (["--email", "x" * 300 + "@example.org"], "at most 254 characters"),
        (["--password", "short"], "at least 10 characters"),
        (["--password", "passwort123"], "too common"),
        (["--password", "acc-cli-bad-is-my-pw"], "must not contain your e-mail address"),
        (["--name", "x"], "between 2 and 60 characters"),
        (["--name", "x" * 61], "between 2 and 60 characters"),
        (["--role", "moderator", "--organisation", "nowhere"], "Unknown organisation"),
        (["--organisation", "bogestra"], "Only staff accounts"),
        (["--role", "king"], "Invalid value for '--role'"),
    ],
)
def test_bad_input_creates_nothing(cli, session, args, message):
    base = {
        "--email": "acc-cli-bad@example.org",
        "--password": PASSWORD,
        "--name": "Bad Input",
        "--role": "citizen",
    }
    options = dict(zip(args[::2], args[1::2], strict=True))
    merged = {**base, **options}
    argv = ["users", "create"]
    for key, value in merged.items():
        argv += [key, value]
    result = cli(*argv)
    assert result.exit_code != 0
    assert message in result.output
    before = session.scalar(select(func.count()).select_from(User))
    assert _user(session, "acc-cli-bad@example.org") is None
    assert session.scalar(select(func.count()).select_from(User)) == before


def test_duplicate_address_is_refused(cli, session, make_user):
    make_user(email="acc-cli-dup@example.org", name="Original")
    result = cli(
        "users", "create", "--email", "ACC-CLI-DUP@example.org", "--password", PASSWORD,
        "--name", "Copy",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "exists already" in result.output
    users = list(session.scalars(select(User).where(User.email == "acc-cli-dup@example.org")))
    assert [u.display_name for u in users] == ["Original"]


def test_tokens_create_list_and_revoke(cli, session, make_user):
    user = make_user(email="acc-cli-tokens@example.org")
    result = cli(
        "tokens", "create", "--email", "acc-cli-tokens@example.org", "--name", "App-Backend",
        "--expires-days", "90",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plaintext = result.stdout.strip().splitlines()[-1]
    assert plaintext.startswith("eng_")
    assert user_for_token(plaintext) is user
    [token] = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.name == "App-Backend"
    assert (token.expires_dt - token.created_dt).days == 90

    listing = cli("tokens", "list", "--email", "acc-cli-tokens@example.org")
    assert listing.exit_code == 0
    assert "App-Backend" in listing.output and token.prefix in listing.output
    assert plaintext not in listing.output
    assert "valid" in listing.output

    revoked = cli("tokens", "revoke", str(token.id))
    assert revoked.exit_code == 0
    session.refresh(token)
    assert token.revoked_dt is not None
    assert user_for_token(plaintext) is None
    assert "revoked" in cli("tokens", "list").output
    again = cli("tokens", "revoke", str(token.id))
    assert again.exit_code == 0 and "already revoked" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tokens", "create", "--email", "acc-cli-nobody@example.org"], "no active account"),
        (
            ["tokens", "create", "--email", "acc-cli-tok-bad@example.org", "--expires-days", "0"],
            "0",
        ),
        (
            ["tokens", "create", "--email", "acc-cli-tok-bad@example.org", "--name", "x" * 81],
            "between 1 and 80 characters",
        ),
        (["tokens", "revoke", "999999"], "no token with id 999999"),
        (["tokens", "revoke", "abc"], "is not a valid integer"),
        (["tokens", "list", "--email", "acc-cli-nobody@example.org"], "no account"),
    ],
)
def test_bad_token_commands_fail_and_change_nothing(cli, session, make_user, args, message):
    user = make_user(email="acc-cli-tok-bad@example.org")
    result = cli(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))) == []


def test_tokens_for_unconfirmed_accounts_are_refused(cli, session, make_user):
    make_user(email="acc-cli-unconfirmed@example.org", confirmed=False)
    result = cli("tokens", "create", "--email", "acc-cli-unconfirmed@example.org")
    assert result.exit_code == 1


def test_users_list_shows_deleted_accounts_without_data(cli, session, make_user):
    user = make_user(email="acc-cli-deleted@example.org", name="Deleted Later")
    operations.delete_account(user)
    session.flush()
    output = cli("users", "list").output
    assert f"{user.id:>6}  (deleted account)" in output
    assert "Deleted Later" not in output
