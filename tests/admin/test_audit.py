"""The audit log: newest first, filtered by event and person, paginated."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin")
    client.login(user)
    return user


from datetime import timedelta  # noqa: E402

from engage.accounts import audit  # noqa: E402


@pytest.fixture
def events(session, admin, make_user, clock):
    """Three events at known times; returns the people involved."""
    klara = make_user(email="klara@example.org", name="Klara Kumpel")
    bernd = make_user(email="bernd@example.org", name="Bernd Bergmann")
    clock.set(clock.now() - timedelta(days=2))
    audit.record("login", actor=klara, subject=klara)
    clock.advance(timedelta(days=1))
    audit.record("role_changed", actor=admin, subject=bernd, old="citizen", new="moderator")
    clock.advance(timedelta(hours=1))
    audit.record("login", actor=bernd, subject=bernd)
    session.flush()
    return klara, bernd


def _rows(html):
    return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


def test_newest_first_with_labels_and_details(client, events):
    html = client.get("/admin/audit/").get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == 3
    assert "Signed in" in rows[0] and "Bernd Bergmann" in rows[0]
    assert "Role changed" in rows[1]
    assert "<dt>old</dt><dd>citizen</dd>" in rows[1]
    assert "<dt>new</dt><dd>moderator</dd>" in rows[1]
    assert "Klara Kumpel" in rows[2]


def test_filter_by_event(client, events):
    html = client.get("/admin/audit/", query_string={"event": "role_changed"}).get_data(
        as_text=True
    )
    rows = _rows(html)
    assert len(rows) == 1
    assert "Role changed" in rows[0]
    assert '<option selected value="role_changed">' in html


@pytest.mark.parametrize("key", ["email", "id"])
def test_filter_by_person_as_actor_or_subject(client, events, key):
    _, bernd = events
    value = "bernd@" if key == "email" else str(bernd.id)
    html = client.get("/admin/audit/", query_string={"user": value}).get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == 2  # signed in, and the role change that concerns him
    assert all("Bernd Bergmann" in row for row in rows)
    assert "2 events found." in html


def test_filters_combine(client, events):
    _, bernd = events
    html = client.get("/admin/audit/", query_string={"user": bernd.id, "event": "login"}).get_data(
        as_text=True
    )
    assert len(_rows(html)) == 1


def test_unknown_event_is_reported_and_ignored(client, events):
    response = client.get("/admin/audit/", query_string={"event": "<script>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not a valid choice" in html
    assert "<script>" not in html
    assert len(_rows(html)) == 3


def test_nobody_found(client, events):
    html = client.get("/admin/audit/", query_string={"user": "nobody@"}).get_data(as_text=True)
    assert "0 events found." in html
    assert "<tbody>" not in html


def test_pagination(session, client, admin, clock):
    for n in range(53):
        clock.advance(timedelta(minutes=1))
        audit.record("login", actor=admin, subject=admin, n=n)
    session.flush()
    first = client.get("/admin/audit/", query_string={"event": "login"}).get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "<dt>n</dt><dd>52</dd>" in _rows(first)[0]
    assert "event=login" in first.split('rel="next"')[0].rsplit("<a", 1)[1]
    second = client.get("/admin/audit/", query_string={"event": "login", "page": 2}).get_data(
        as_text=True
    )
    assert len(_rows(second)) == 3
    assert "<dt>n</dt><dd>0</dd>" in _rows(second)[-1]


def test_query_count_does_not_grow(session, client, admin, make_user, count_queries):
    audit.record("login", actor=admin, subject=admin)
    session.flush()
    with count_queries() as few:
        client.get("/admin/audit/")
    for _ in range(10):
        person = make_user()
        audit.record("role_changed", actor=admin, subject=person, old="citizen", new="citizen")
    session.flush()
    with count_queries() as many:
        client.get("/admin/audit/")
    assert many.count == few.count
