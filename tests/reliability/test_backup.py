"""``flask backup`` / ``flask restore``: a round trip brings back every table exactly."""

from __future__ import annotations

import shutil

import pytest
from reliability_helpers import fingerprint, make_app, migrate_and_seed, own_database
from sqlalchemy import text

from engage.extensions import db
from engage.themes.models import Theme

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def filled(request, tmp_path):
    """An app on a database of its own with the demo data (a small one) committed."""
    if request.param == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is missing (Debian: postgresql-client; .ci/run installs it)")
    with own_database(request.param, "backup", tmp_path) as url:
        app = make_app(url)
        migrate_and_seed(app)
        result = app.test_cli_runner().invoke(
            args=["demo", "--users", "5", "--ideas", "12", "--supports", "30", "--comments", "10",
                  "--responses", "8"]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        yield app, url
        with app.app_context():
            db.engine.dispose()


def _run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_round_trip_restores_every_table(filled, tmp_path):
    app, url = filled
    before = fingerprint(url)
    filled_tables = [name for name, (rows, _) in before.items() if rows and " " not in name]
    assert {"users", "ideas", "supports", "comments", "alembic_version"} <= set(filled_tables)
    assert len(filled_tables) >= 20  # the demo fills most of the schema

    out = tmp_path / "engage.backup"
    result = _run(app, "backup", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0

    # Changes after the backup: rows removed, one added, one changed.
    with app.app_context():
        db.session.execute(text("DELETE FROM supports"))
        db.session.execute(text("UPDATE ideas SET title = 'Nach der Sicherung'"))
        db.session.add(Theme(slug="nachher", name_de="Nachher", name_en="After", position=99))
        db.session.commit()
        db.session.remove()
    changed = fingerprint(url)
    assert changed["supports"][0] == 0
    assert changed != before

    result = _run(app, "restore", "--yes", str(out))
    assert result.exit_code == 0, result.output
    assert "restored" in result.output
    after = fingerprint(url)
    assert after == before

    # The restored database takes new rows with fresh ids (sequences came back too).
    with app.app_context():
        db.session.add(Theme(slug="danach", name_de="Danach", name_en="Later", position=98))
        db.session.commit()
        count = db.session.scalar(text("SELECT count(*) FROM themes"))
        assert count == before["themes"][0] + 1


def test_restore_asks_first_refuses_in_production_and_checks_the_file(filled, tmp_path):
    app, url = filled
    bogus = tmp_path / "notes.txt"
    bogus.write_text("kein Backup\n")
    not_a_backup = _run(app, "restore", "--yes", str(bogus))
    assert not_a_backup.exit_code != 0
    assert "is not a" in not_a_backup.output

    out = tmp_path / "engage.backup"
    assert _run(app, "backup", "-o", str(out)).exit_code == 0
    with app.app_context():
        db.session.execute(text("DELETE FROM comments"))
        db.session.commit()
        db.session.remove()
    emptied = fingerprint(url)

    answered_no = _run(app, "restore", str(out), input="n\n")
    assert answered_no.exit_code != 0
    assert "Replace every row" in answered_no.output
    assert fingerprint(url) == emptied

    app.config["ENV"] = "production"
    try:
        refused = _run(app, "restore", str(out), input="y\n")
    finally:
        app.config["ENV"] = "testing"
    assert refused.exit_code != 0
    assert "without --yes" in refused.output
    assert fingerprint(url) == emptied

    answered_yes = _run(app, "restore", str(out), input="y\n")
    assert answered_yes.exit_code == 0, answered_yes.output
    assert fingerprint(url)["comments"][0] > 0


def test_missing_client_tools_are_named(tmp_path, monkeypatch):
    from engage.core import backup as backups

    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    app = make_app("postgresql://postgres@127.0.0.1:9/nowhere")
    result = _run(app, "backup", "--output", str(tmp_path / "x.dump"))
    assert result.exit_code != 0
    assert "pg_dump was not found" in result.output
    assert "postgresql-client" in result.output
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind


def test_in_memory_sqlite_cannot_be_backed_up(tmp_path):
    app = make_app("sqlite://")
    result = _run(app, "backup", "--output", str(tmp_path / "x.db"))
    assert result.exit_code != 0
    assert "in-memory" in result.output
