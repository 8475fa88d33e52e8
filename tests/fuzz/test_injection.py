"""Hostile payloads stay inert: script and markup are stored as text and shown escaped, SQL
fragments are only text, line breaks in redirect targets split no response, and no page or
export shows one person's e-mail address to another."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from engage.extensions import limiter
from engage.ideas.models import Comment, Idea

XSS_TITLE = '<script>alert("t")</script> Bänke "im" Park'
XSS_BODY = (
    'Mehr Bänke. <img src=x onerror=alert("b")> <a href="javascript:alert(1)">klick</a> '
    "<iframe src=//evil.example></iframe> [link](javascript:alert(2)) <svg onload=alert(3)>"
)
SQL_TITLE = "Robert'); DROP TABLE ideas; -- und mehr Bänke"
XSS_COMMENT = '"><script>alert("c")</script><b onmouseover=alert(4)>fett</b>'
# Markup that would run: real tags and attributes, not their escaped text.
DANGEROUS = re.compile(
    r"<script>alert|<img[^>]*onerror|<iframe|<svg[^>]*onload|href=\"javascript:"
    r"|<b [^>]*onmouseover",
    re.IGNORECASE,
)


@pytest.fixture
def citizen_client(client, make_user, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    user = make_user(name='<b>Max</b> "Muster"', email="max.muster@example.org")
    client.login(user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_script_and_sql_in_ideas_and_comments_stay_text(
    citizen_client, session, make_process, clock
):
    process = make_process()
    ideas_before = session.scalar(select(func.count()).select_from(Idea))
    for title, body in ((XSS_TITLE, XSS_BODY), (SQL_TITLE, "' OR '1'='1")):
        response = citizen_client.post_form(
            f"/processes/{process.id}/ideas/new",
            {"title": title, "body": body, "action": "submit"},
        )
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    ideas = session.scalars(select(Idea).where(Idea.process_id == process.id)).all()
    assert sorted(i.title for i in ideas) == sorted([XSS_TITLE, SQL_TITLE])
    assert session.scalar(select(func.count()).select_from(Idea)) == ideas_before + 2
    xss = next(i for i in ideas if i.title == XSS_TITLE)
    assert not DANGEROUS.search(xss.body)  # the stored HTML is sanitised

    response = citizen_client.post_form(f"/ideas/{xss.id}/comments", {"body": XSS_COMMENT})
    assert response.status_code in (302, 303)
    stored = session.scalar(select(Comment.body).where(Comment.idea_id == xss.id))
    assert stored == XSS_COMMENT  # kept as the person wrote it, escaped when shown

    for url in (
        f"/ideas/{xss.id}",
        f"/processes/{process.id}",
        f"/processes/{process.id}/ideas",
        f"/processes/{process.id}/ideas?q=%3Cscript%3Ealert(1)%3C/script%3E",
        f"/processes/{process.id}/ideas?q=%27%20OR%201%3D1%20--",
        "/",
    ):
        html = _page(citizen_client, url)
        assert not DANGEROUS.search(html), (url, DANGEROUS.search(html))
        assert "<b>Max</b>" not in html
    html = _page(citizen_client, f"/ideas/{xss.id}")
    assert "&lt;script&gt;alert(" in html  # shown, as text
    assert "&lt;b&gt;Max&lt;/b&gt;" in html

    api = citizen_client.get(f"/api/v1/ideas/{xss.id}").get_json()
    assert api["title"] == XSS_TITLE
    assert not DANGEROUS.search(api.get("body", ""))
    # The SQL fragment searched for finds only the idea that has it as text.
    found = citizen_client.get(f"/api/v1/ideas?process={process.id}&q=DROP TABLE").get_json()
    assert [item["title"] for item in found["items"]] == [SQL_TITLE]


@pytest.mark.parametrize(
    "target",
    [
        "/\r\nSet-Cookie: evil=1",
        "/%0d%0aSet-Cookie:%20evil=1",
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_redirect_targets_cannot_split_headers_or_leave_the_site(client, target):
    for response in (
        client.post_form("/language", {"lang": "en", "next": target}),
        client.get("/account/login", query_string={"next": target}),
    ):
        assert response.status_code < 500
        location = response.headers.get("Location", "")
        assert "\r" not in location and "\n" not in location and "\t" not in location
        assert "evil" not in location.lower() or location.startswith("/%")
        assert "evil=1" not in "".join(response.headers.getlist("Set-Cookie"))
    login = client.get("/account/login", query_string={"next": target}).get_data(as_text=True)
    for value in re.findall(r'name="next"[^>]*value="([^"]*)"', login):
        # Only local paths, kept URL-encoded (the language switch returns to this very page).
        assert value == "" or (value.startswith("/") and not value.startswith("//")), value
        assert not re.search(r"[\x00-\x1f]", value)  # a javascript: URL cannot start with /


def test_no_page_shows_another_persons_email(client, anon, make_user, make_process, clock):
    """Another citizen, a visitor and a moderator of the process walk the pages and the API
    from an idea and a comment of one citizen: that citizen's address never appears. (The
    exports have no address column; only the admin's user pages show addresses.)"""
    from engage.ideas import operations as ideas

    author = make_user(name="Erika Geheim", email="erika.geheim@example.org")
    process = make_process()
    with client.application.test_request_context():
        idea = ideas.submit_idea(author, process, "Eine Idee von Erika", "Text von Erika.")
        ideas.add_comment(author, idea, "Ein Kommentar von Erika.")
    reader = make_user(name="Leser", email="leser@example.org")
    client.login(reader)
    start = [
        "/",
        "/processes/",
        f"/processes/{process.id}",
        f"/processes/{process.id}/ideas",
        f"/ideas/{idea.id}",
        "/api/v1/ideas",
        f"/api/v1/ideas/{idea.id}",
        f"/api/v1/ideas/{idea.id}/comments",
        f"/api/v1/processes/{process.id}",
    ]
    moderator = client.application.test_client()
    moderator.login(make_user("moderator", organisations=("bogestra",)))
    start.append("/moderation/")
    for who in (client, anon, moderator):
        seen: set[str] = set()
        queue = list(start)
        while queue and len(seen) < 40:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = who.get(url)
            assert b"erika.geheim" not in response.get_data().lower(), url  # exports too
            if response.status_code == 200 and "html" in response.content_type:
                body = response.get_data(as_text=True)
                for link in re.findall(r'href="(/[^"#?]*)', body):
                    if not link.startswith(("/static", "/account/logout", "/admin")):
                        queue.append(link)
        assert len(seen) >= 15
