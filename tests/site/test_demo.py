"""``flask --app engage demo``: deterministic, every role, phases around today, --if-empty."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from conftest import FROZEN_AT
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from engage.accounts.models import User
from engage.processes import queries
from engage.processes.models import Process
from engage.site import demo, demo_data


def _layout(processes) -> list[tuple]:
    return [
        (
            p.title,
            p.status,
            p.moderation,
            p.theme.slug,
            p.organisation.slug,
            tuple((ph.kind, ph.start_dt, ph.end_dt) for ph in p.phases),
        )
        for p in processes
    ]


def _citizens(session) -> list[tuple[str, str]]:
    return session.execute(
        select(User.email, User.display_name)
        .where(User.role == "citizen", User.email.like("%.%.%@demo.engage.bochum.de"))
        .order_by(User.email)
    ).all()


def _run_and_undo(session, **options) -> tuple[list, list]:
    """Build the demo inside a savepoint, read what it made, then roll it back."""
    nested = session.begin_nested()
    report = demo.DemoBuilder(**options).run()
    layout = _layout(report.processes)
    citizens = _citizens(session)
    nested.rollback()
    session.expire_all()
    return layout, citizens


def test_same_seed_gives_the_same_data(session, clock):
    first = _run_and_undo(session, seed=7, users=25)
    second = _run_and_undo(session, seed=7, users=25)
    assert first == second
    assert len(first[0]) >= 12
    assert len(first[1]) == 25


def test_another_seed_gives_other_names_and_dates(session, clock):
    layout_a, citizens_a = _run_and_undo(session, seed=1, users=25)
    layout_b, citizens_b = _run_and_undo(session, seed=2, users=25)
    assert [row[0] for row in layout_a] == [row[0] for row in layout_b]  # same processes
    assert citizens_a != citizens_b
    assert layout_a != layout_b  # phase boundaries moved a little


@pytest.mark.parametrize("seed", [1, 2, 3, 2026])
def test_phases_stand_before_during_and_after_today(session, clock, seed):
    report = demo.DemoBuilder(seed=seed, users=0).run()
    lifecycles = Counter(
        queries.lifecycle(p).value for p in report.processes if p.status == "published"
    )
    assert lifecycles["running"] >= 5
    assert lifecycles["upcoming"] >= 2
    assert lifecycles["finished"] >= 1
    statuses = Counter(p.status for p in report.processes)
    assert statuses["draft"] == 1 and statuses["archived"] == 1
    assert {p.moderation for p in report.processes} == {"pre", "post"}
    themes = {p.theme.slug for p in report.processes}
    assert len(themes) == 5
    assert len({p.organisation.slug for p in report.processes}) >= 8
    kinds = {ph.kind for p in report.processes for ph in p.phases}
    assert kinds == {"ideas", "support", "survey", "comment", "evaluation"}
    current = Counter(
        p.current_phase().kind for p in report.processes if p.current_phase() is not None
    )
    assert {"ideas", "support", "survey", "comment", "evaluation"} <= set(current)
    # every published theme has something running on the home page
    running_themes = {
        p.theme.slug
        for p in report.processes
        if p.status == "published" and queries.lifecycle(p).value == "running"
    }
    assert len(running_themes) == 5


def test_phase_boundaries_are_midnight_in_bochum(session, clock):
    clock.set(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))  # 00:30 on 29 March in Berlin (DST)
    report = demo.DemoBuilder(seed=5, users=0).run()
    assert report.base == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    offsets = set()
    for process in report.processes:
        for phase in process.phases:
            for moment in (phase.start_dt, phase.end_dt):
                local = moment.astimezone(demo.BERLIN)
                assert (local.hour, local.minute) == (0, 0)
                offsets.add(local.utcoffset().total_seconds())
    assert offsets == {3600.0, 7200.0}  # both sides of the change to summer time


def test_accounts_of_every_role_with_the_demo_password(session, clock):
    report = demo.DemoBuilder(seed=3, users=10).run()
    roles = Counter(user.role for user in report.accounts)
    assert set(roles) == {"citizen", "moderator", "innovation", "admin"}
    by_email = {user.email: user for user in report.accounts}
    bogestra = by_email["moderation.bogestra@demo.engage.bochum.de"]
    assert [m.organisation.slug for m in bogestra.memberships] == ["bogestra"]
    assert by_email["moderation@demo.engage.bochum.de"].all_organisations
    for email in ("buerger@", "admin@", "innovation@"):
        user = by_email[f"{email}demo.engage.bochum.de"]
        assert user.is_active
        assert check_password_hash(user.password_hash, demo_data.DEMO_PASSWORD)
    staff = [u for u in report.accounts if u.role != "citizen"]
    assert all(u.totp_enabled_dt is None for u in staff)  # set up at the first sign-in
    citizens = session.scalars(
        select(User).where(User.email.like("%.%.%@demo.engage.bochum.de"))
    ).all()
    assert len(citizens) == 10
    assert all(c.email_confirmed_dt is not None and c.role == "citizen" for c in citizens)
    for citizen in citizens:  # a profile only with consent
        assert (citizen.district is None) == (citizen.profile_consent_dt is None)
    assert all(c.created_dt <= FROZEN_AT for c in citizens)


def test_a_second_run_refuses_instead_of_colliding(session, clock):
    demo.DemoBuilder(seed=1, users=2).run()
    processes = session.scalar(select(func.count()).select_from(Process))
    with pytest.raises(demo.DemoError):
        demo.DemoBuilder(seed=1, users=2).run()
    assert session.scalar(select(func.count()).select_from(Process)) == processes


def test_demo_pages_render(client, session, clock):
    report = demo.DemoBuilder(seed=4, users=0).run()
    home = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Mobilstationen in Wattenscheid" in home
    for process in report.processes:
        response = client.get(f"/processes/{process.id}/{process.slug}")
        assert response.status_code == (404 if process.status == "draft" else 200)
    wlan = next(p for p in report.processes if p.title == "Öffentliches WLAN in der Innenstadt")
    html = client.get(f"/processes/{wlan.id}").get_data(as_text=True)
    assert "<h2>Ergebnis</h2>" in html  # Markdown description rendered and sanitised


# --- the command ---------------------------------------------------------------------------------


def _cli(app, session, *args):
    """Run the CLI inside the test's transaction (its commit releases a savepoint)."""
    runner = app.test_cli_runner()
    return runner.invoke(args=["demo", *args], catch_exceptions=False)


def test_command_loads_the_demo_and_if_empty_then_does_nothing(app, session, clock):
    result = _cli(app, session, "--seed", "11", "--users", "30", "--if-empty")
    assert result.exit_code == 0, result.output
    assert "14 participations" in result.output
    assert demo_data.DEMO_PASSWORD in result.output
    assert "admin@demo.engage.bochum.de" in result.output
    assert "second factor" in result.output
    users = session.scalar(select(func.count()).select_from(User))
    processes = session.scalar(select(func.count()).select_from(Process))

    again = _cli(app, session, "--seed", "12", "--users", "30", "--if-empty")
    assert again.exit_code == 0
    assert "no demo data loaded" in again.output
    assert session.scalar(select(func.count()).select_from(User)) == users
    assert session.scalar(select(func.count()).select_from(Process)) == processes


def test_command_without_if_empty_refuses_a_second_run(app, session, clock):
    assert _cli(app, session, "--users", "0").exit_code == 0
    result = _cli(app, session, "--users", "0")
    assert result.exit_code == 1
    assert "already loaded" in result.output


def test_command_if_empty_skips_a_database_with_real_processes(app, session, make_process, clock):
    make_process(title="Echte Beteiligung")
    before = session.scalar(select(func.count()).select_from(Process))
    result = _cli(app, session, "--if-empty")
    assert result.exit_code == 0
    assert "no demo data loaded" in result.output
    assert session.scalar(select(func.count()).select_from(Process)) == before
    assert not demo.demo_data_present()


@pytest.mark.parametrize("args", [["--users", "-1"], ["--seed", "abc"], ["--users", "x"]])
def test_command_rejects_bad_options(app, session, args):
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 2
    assert not demo.demo_data_present()


def test_command_refuses_production(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "ENV", "production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 1
    assert "production" in result.output
    assert not demo.demo_data_present()
