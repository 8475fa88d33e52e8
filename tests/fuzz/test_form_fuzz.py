"""Hypothesis posts random values to every form of the site: never a 500.

Every POST route outside the API is found in the URL map and filled with ids of real objects
from a small demo (so the forms get past their 404s), then posted by a signed-in admin (who may
use most forms) with the fields that route's page shows plus random ones: NUL bytes, control
characters, very long strings, lone surrogates, numbers where text belongs.  A raw body of
invalid UTF-8 and one of binary noise go to every route too.  CSRF is checked elsewhere
(tests/core/test_security.py) and switched off here, so the requests reach the forms.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from conftest import FROZEN_AT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from engage import create_app
from engage.config import TestConfig
from engage.extensions import limiter

EXAMPLES = int(os.environ.get("ENGAGE_FUZZ_EXAMPLES", "2"))  # per form, besides the fixed ones


def _post_rules() -> list[str]:
    app = create_app(TestConfig)
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.rule.startswith("/api/")
    )


POST_RULES = _post_rules()

# Where a URL's ids come from: the first row of the table, within its parent where there is one.
IDS = {
    "idea_id": "SELECT id FROM ideas ORDER BY id",
    "process_id": "SELECT id FROM processes ORDER BY id",
    "phase_id": "SELECT id FROM phases WHERE process_id = :process_id ORDER BY id",
    "survey_id": "SELECT id FROM surveys ORDER BY id",
    "question_id": "SELECT id FROM survey_questions WHERE survey_id = :survey_id ORDER BY id",
    "bundle_id": "SELECT id FROM bundles ORDER BY id",
    "item_id": "SELECT id FROM bundle_items WHERE bundle_id = :bundle_id ORDER BY id",
    "project_id": "SELECT id FROM projects ORDER BY id",
    "draft_id": "SELECT id FROM drafts WHERE current_version_id IS NOT NULL ORDER BY id",
    "paragraph_id": "SELECT p.id FROM draft_paragraphs p JOIN drafts d "
    "ON d.current_version_id = p.version_id WHERE d.id = :draft_id ORDER BY p.id",
    "organisation_id": "SELECT id FROM organisations ORDER BY id",
    "theme_id": "SELECT id FROM themes ORDER BY id",
    "user_id": "SELECT id FROM users ORDER BY id",
    "token_id": "SELECT id FROM api_tokens ORDER BY id",
    "notification_id": "SELECT id FROM notifications ORDER BY id",
    "slug": "SELECT slug FROM site_pages ORDER BY id",
}
IDEA_COMMENTS = "SELECT id FROM comments WHERE idea_id IS NOT NULL ORDER BY id"
DRAFT_COMMENTS = "SELECT id FROM comments WHERE paragraph_id IS NOT NULL ORDER BY id"
NAME = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\r\nSet-Cookie: x=1",
            "x" * 100_000,
            "-1",
            "99999999999999999999999999",
            "1e309",
            "NaN",
            "<script>alert(1)</script>",
            "'; DROP TABLE users; --",
            "2026-02-30T25:61",
            " ",
            "",
        ]
    ),
)


@pytest.fixture(scope="module")
def _hypothesis_profile():
    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture
def world(app, session, client, make_user, make_process, clock, monkeypatch):
    """One of each thing the forms act on, an admin signed in, CSRF and limits off."""
    from engage.bundles import operations as bundles
    from engage.drafts import operations as drafts
    from engage.ideas import operations as ideas
    from engage.organisations.models import Organisation
    from engage.surveys import operations as surveys
    from engage.themes.models import Theme

    admin = make_user("admin")
    citizen = make_user(name="Fuzzy Citizen")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        process = make_process(
            phases=[
                ("ideas", FROZEN_AT - timedelta(days=7), FROZEN_AT + timedelta(days=7)),
                ("survey", FROZEN_AT - timedelta(days=7), FROZEN_AT + timedelta(days=7)),
                ("comment", FROZEN_AT - timedelta(days=7), FROZEN_AT + timedelta(days=7)),
            ]
        )
        idea = ideas.submit_idea(citizen, process, "Mehr Bänke im Stadtpark", "Zum Ausruhen.")
        ideas.add_comment(citizen, idea, "Gute Idee!")
        survey = surveys.create_survey(
            None, process, surveys.validate_survey_input("Umfrage", "Kurz.", False)
        )
        surveys.add_question(
            None, survey, surveys.validate_question_input(kind="short_text", text="Wo?")
        )
        draft = drafts.create_draft(admin, process, "Entwurf", "Absatz eins.\n\nAbsatz zwei.")
        drafts.publish_version(admin, draft)
        bundle = bundles.create_bundle(
            admin,
            title="Bündel",
            theme=process.theme,
            organisation=process.organisation,
        )
        bundles.add_idea(admin, bundle, idea)
        session.flush()
    assert session.query(Theme).count() and session.query(Organisation).count()
    client.login(admin)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    monkeypatch.setattr(limiter, "enabled", False)
    return session


def _url(session, rule: str) -> str:
    values: dict[str, object] = {}
    for name in re.findall(r"<(?:\w+:)?(\w+)>", rule):
        if name == "comment_id":
            query = DRAFT_COMMENTS if rule.startswith("/drafts/") else IDEA_COMMENTS
        elif name == "token":
            values[name] = "not-a-real-token"
            continue
        else:
            query = IDS[name]
        found = session.execute(text(query), values).scalar()
        values[name] = found if found is not None else 1
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)


def _fields(client, url: str) -> list[str]:
    page = client.get(url)
    names = set(NAME.findall(page.get_data(as_text=True))) if page.status_code == 200 else set()
    names.discard("csrf_token")
    return sorted(names) or ["title", "body", "text", "email", "password", "reason"]


def test_every_form_never_answers_500(world, client, _hypothesis_profile):
    failures: list[str] = []
    posted = 0

    def post(url: str, what: object, **kwargs) -> None:
        nonlocal posted
        response = client.post(url, **kwargs)
        posted += 1
        if response.status_code >= 500:
            failures.append(f"POST {url} with {str(what)[:200]}: {response.status_code}")

    current = [""]
    for rule in POST_RULES:
        url = _url(world, rule)
        fields = _fields(client, url)

        @_hypothesis_profile
        @given(
            values=st.dictionaries(
                st.one_of(st.sampled_from(fields), st.text(max_size=10)),
                st.one_of(nasty_text, st.lists(nasty_text, max_size=3)),
                max_size=len(fields) + 2,
            )
        )
        @example(values=dict.fromkeys(fields, "\x00"))
        def post_random(values):
            post(current[0], values, data=values)

        current[0] = url
        post_random()
        for raw in (b"title=%FF%FE%00&body=\xff\xfe\x00\xc3(&" + bytes(range(256)),):
            post(url, raw[:20], data=raw, content_type="application/x-www-form-urlencoded")
        post(url, "broken multipart", data=b"\xff\xfe", content_type="multipart/form-data")

    assert posted >= len(POST_RULES) * 3
    assert failures == []


def test_oversized_form_bodies_are_413(client, app):
    body = b"email=a%40example.org&password=" + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/account/login",
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("application/json", b'{"email": "a@example.org", "password": "x"}'),
        ("text/plain", b"email=a@example.org"),
        ("application/xml", b"<login/>"),
    ],
)
def test_forms_refuse_other_content_types(client, content_type, data):
    """Without a form body there is no CSRF token: 400, nothing done."""
    response = client.post("/account/login", data=data, content_type=content_type)
    assert response.status_code == 400
