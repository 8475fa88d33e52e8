"""A citizen starts writing an idea, is offered a similar one while typing the title, and
supports it instead — in a real browser, with JavaScript."""

import uuid
from datetime import timedelta

import pytest
from werkzeug.security import generate_password_hash

from engage.accounts.models import User
from engage.core import clock
from engage.extensions import db
from engage.ideas.models import Idea
from engage.ideas.operations import submit_idea
from engage.organisations.models import Organisation
from engage.processes.models import Phase, Process
from engage.themes.models import Theme

pytestmark = pytest.mark.browser
PASSWORD = "Kemnader-See-im-Sommer"


def _citizen(email: str, name: str) -> User:
    user = User(
        email=email,
        display_name=name,
        role="citizen",
        password_hash=generate_password_hash(PASSWORD),
        email_confirmed_dt=clock.now(),
    )
    db.session.add(user)
    return user


@pytest.fixture
def ideas_process(live_server):
    with live_server.app.app_context():
        now = clock.now()
        process = Process(
            title="Radverkehr in Bochum",
            slug="radverkehr",
            summary="Ideen für das Rad.",
            theme=db.session.query(Theme).filter_by(slug="mobilitaet-umwelt").one(),
            organisation=db.session.query(Organisation).filter_by(slug="bogestra").one(),
            status="published",
            moderation="post",
        )
        process.phases.append(
            Phase(kind="ideas", start_dt=now - timedelta(days=3), end_dt=now + timedelta(days=30))
        )
        db.session.add(process)
        tag = uuid.uuid4().hex[:8]
        author = _citizen(f"autorin-{tag}@example.org", "Autorin")
        reader = f"leser-{tag}@example.org"
        _citizen(reader, "Leser aus Linden")
        db.session.flush()
        existing = submit_idea(
            author,
            process,
            "Mehr Fahrradständer am Hauptbahnhof",
            "Am Hauptbahnhof fehlen sichere Abstellplätze für Fahrräder.",
        )
        db.session.commit()
        return process.id, existing.id, reader


def test_similar_idea_is_offered_while_typing_and_supported_instead(
    page,
    live_server,
    ideas_process,
):
    process_id, existing_id, reader = ideas_process
    page.goto("/account/login")
    page.get_by_label("E-Mail-Adresse").fill(reader)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()

    page.goto(f"/processes/{process_id}/ideas/new")
    page.get_by_label("Titel").press_sequentially("Fahrradbügel am Bahnhof", delay=20)
    suggestion = page.locator("[data-similar-live] li")
    suggestion.first.wait_for(state="visible", timeout=10_000)
    assert "Mehr Fahrradständer am Hauptbahnhof" in suggestion.first.inner_text()

    suggestion.first.get_by_role("button").click()
    page.wait_for_load_state()
    assert f"/ideas/{existing_id}" in page.url
    with live_server.app.app_context():
        assert db.session.get(Idea, existing_id).supports_count == 1
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


def test_comment_reply_and_report_without_javascript(chromium, live_server, ideas_process):
    """The discussion works with JavaScript switched off: comment, reply, report the idea."""
    from engage.ideas.models import Comment, Flag

    _, idea_id, reader = ideas_process
    context = chromium.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/account/login")
        page.get_by_label("E-Mail-Adresse").fill(reader)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.goto(f"/ideas/{idea_id}")
        page.get_by_label("Ihr Kommentar").fill("Gute Idee, am Nordausgang fehlt es besonders.")
        page.get_by_role("button", name="Kommentar veröffentlichen").click()
        page.get_by_role("link", name="Antworten").first.click()
        page.get_by_label("Ihre Antwort").fill("Und überdacht sollten sie sein.")
        page.get_by_role("button", name="Antwort senden").click()
        assert "Und überdacht sollten sie sein." in page.locator("main").inner_text()

        page.locator("summary", has_text="Diese Idee melden").click()
        page.get_by_label("Spam oder Werbung").check()
        page.get_by_role("button", name="Meldung senden").click()
        page.wait_for_load_state()
    finally:
        context.close()
    with live_server.app.app_context():
        comments = db.session.query(Comment).filter_by(idea_id=idea_id).order_by(Comment.id).all()
        assert [c.body for c in comments][-2:] == [
            "Gute Idee, am Nordausgang fehlt es besonders.",
            "Und überdacht sollten sie sein.",
        ]
        assert comments[-1].parent_id == comments[-2].id
        flags = db.session.query(Flag).filter_by(target_type="idea", target_id=idea_id).all()
        assert [f.reason for f in flags] == ["spam"]
