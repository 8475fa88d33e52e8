"""Users in the administration: search, filter, pagination, roles, memberships, audit."""

from __future__ import annotations

import re

import pytest

from engage.accounts.models import AuditEvent, User
from engage.organisations.models import Organisation


@pytest.fixture(autouse=True)
def _english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin", name="Ada Admin", email="ada@bochum.de")
    client.login(user)
    return user


def _org_ids(session, *slugs):
    return [session.query(Organisation).filter_by(slug=s).one().id for s in slugs]


def _audit(session, event, subject):
    return (
        session.query(AuditEvent)
        .filter_by(event=event, subject_id=subject.id)
        .order_by(AuditEvent.id)
        .all()
    )


# --- list ------------------------------------------------------------------------------------


def test_list_shows_accounts_with_role_and_organisations(client, admin, make_user):
    make_user("moderator", name="Mona Moderator", organisations=("bogestra", "usb"))
    html = client.get("/admin/users/").get_data(as_text=True)
    assert "Mona Moderator" in html
    assert "BOGESTRA, USB Bochum" in html
    assert "Ada Admin" in html
    assert "2 accounts found." in html


@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ("KLARA", "Klara Kumpel", "Bernd Bergmann"),  # name, any case
        ("bergmann@", "Bernd Bergmann", "Klara Kumpel"),  # e-mail
        ("%", None, "Klara Kumpel"),  # LIKE wildcards are literal
        ("_", None, "Klara Kumpel"),
    ],
)
def test_search_by_email_or_name(client, admin, make_user, query, found, missing):
    make_user(name="Klara Kumpel", email="klara@example.org")
    make_user(name="Bernd Bergmann", email="bergmann@example.org")
    html = client.get("/admin/users/", query_string={"q": query}).get_data(as_text=True)
    if found:
        assert found in html
    assert missing not in html


def test_filter_by_role(client, admin, make_user):
    make_user("innovation", name="Ines Innovation")
    make_user("citizen", name="Carl Citizen")
    html = client.get("/admin/users/", query_string={"role": "innovation"}).get_data(as_text=True)
    assert "Ines Innovation" in html
    assert "Carl Citizen" not in html
    assert "1 account found." in html


def test_unknown_role_filter_is_reported_and_ignored(client, admin, make_user):
    make_user("citizen", name="Carl Citizen")
    response = client.get("/admin/users/", query_string={"role": "overlord"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not a valid choice" in html
    assert "Carl Citizen" in html


def test_over_long_search_is_reported(client, admin):
    response = client.get("/admin/users/", query_string={"q": "x" * 101})
    assert response.status_code == 200
    assert "Field cannot be longer than 100 characters." in response.get_data(as_text=True)


def test_pagination(client, admin, make_user):
    for n in range(55):
        make_user(name=f"Citizen {n:02d}")
    first = client.get("/admin/users/").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "56 accounts found." in first
    second = client.get("/admin/users/", query_string={"page": 2}).get_data(as_text=True)
    assert "Page 2 of 2" in second
    assert second.count('<th scope="row">') == 6
    # A bad page number falls back to the first page.
    assert "Page 1 of 2" in client.get("/admin/users/?page=abc").get_data(as_text=True)


def test_list_query_count_does_not_grow(client, admin, make_user, count_queries):
    make_user("moderator", organisations=("bogestra",))
    with count_queries() as few:
        client.get("/admin/users/")
    for _ in range(10):
        make_user("moderator", organisations=("bogestra", "usb"))
    with count_queries() as many:
        client.get("/admin/users/")
    assert many.count == few.count


# --- roles and memberships -------------------------------------------------------------------


def test_change_role_is_audited(session, client, admin, make_user):
    person = make_user("citizen")
    response = client.post_form(f"/admin/users/{person.id}", {"role": "innovation"})
    assert response.status_code == 303
    session.refresh(person)
    assert person.role == "innovation"
    [entry] = _audit(session, "role_changed", person)
    assert entry.actor_id == admin.id
    assert entry.details == {"old": "citizen", "new": "innovation"}
    assert _audit(session, "membership_changed", person) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your changes have been saved." in page


def test_change_memberships_is_audited(session, client, admin, make_user):
    person = make_user("moderator", organisations=("stadtwerke",))
    response = client.post_form(
        f"/admin/users/{person.id}",
        {"role": "moderator", "organisations": _org_ids(session, "bogestra", "usb")},
    )
    assert response.status_code == 303
    session.refresh(person)
    assert {m.organisation.slug for m in person.memberships} == {"bogestra", "usb"}
    [entry] = _audit(session, "membership_changed", person)
    assert entry.actor_id == admin.id
    assert entry.details == {
        "old": {"all_organisations": False, "organisations": ["stadtwerke"]},
        "new": {"all_organisations": False, "organisations": ["bogestra", "usb"]},
    }
    assert _audit(session, "role_changed", person) == []


def test_all_organisations_and_role_together(session, client, admin, make_user):
    person = make_user("citizen")
    client.post_form(f"/admin/users/{person.id}", {"role": "moderator", "all_organisations": "y"})
    session.refresh(person)
    assert (person.role, person.all_organisations) == ("moderator", True)
    assert len(_audit(session, "role_changed", person)) == 1
    [membership] = _audit(session, "membership_changed", person)
    assert membership.details["new"] == {"all_organisations": True, "organisations": []}


def test_saving_without_changes_writes_no_audit(session, client, admin, make_user):
    person = make_user("moderator", organisations=("bogestra",))
    client.post_form(
        f"/admin/users/{person.id}",
        {"role": "moderator", "organisations": _org_ids(session, "bogestra")},
    )
    assert _audit(session, "role_changed", person) == []
    assert _audit(session, "membership_changed", person) == []


def test_edit_form_shows_current_state(session, client, admin, make_user):
    person = make_user("moderator", organisations=("usb",), email="mod@example.org")
    html = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "mod@example.org" in html
    [usb] = _org_ids(session, "usb")
    checked = re.findall(r'<input checked id="organisations-\d+" name="organisations" [^>]*>', html)
    assert len(checked) == 1
    assert f'value="{usb}"' in checked[0]
    assert 'checked id="role-1" name="role" required type="radio" value="moderator"' in html


def test_last_admin_keeps_the_role(session, client, admin):
    response = client.post_form(f"/admin/users/{admin.id}", {"role": "citizen"})
    assert response.status_code == 200
    assert "This is the last administrator." in response.get_data(as_text=True)
    session.refresh(admin)
    assert admin.role == "admin"
    assert _audit(session, "role_changed", admin) == []


def test_an_admin_may_step_down_when_another_remains(session, client, admin, make_user):
    make_user("admin")
    response = client.post_form(f"/admin/users/{admin.id}", {"role": "moderator"})
    assert response.status_code == 303
    session.refresh(admin)
    assert admin.role == "moderator"
    # The former admin is no longer allowed here.
    assert client.get("/admin/users/").status_code == 403


def test_deleted_admins_do_not_count(session, client, admin, make_user, clock):
    make_user("admin", deleted_dt=clock.now(), email=None)
    response = client.post_form(f"/admin/users/{admin.id}", {"role": "citizen"})
    assert "This is the last administrator." in response.get_data(as_text=True)
    session.refresh(admin)
    assert admin.role == "admin"


@pytest.mark.parametrize(
    "data",
    [
        {"role": "overlord"},
        {"role": ""},
        {"role": "moderator", "organisations": ["999999"]},
        {"role": "moderator", "organisations": ["abc"]},
    ],
)
def test_bad_input_changes_nothing(session, client, admin, make_user, data):
    person = make_user("citizen")
    response = client.post_form(f"/admin/users/{person.id}", data)
    assert response.status_code == 200
    assert "Please correct the following" in response.get_data(as_text=True)
    session.refresh(person)
    assert person.role == "citizen"
    assert person.memberships == []
    assert session.query(AuditEvent).filter_by(subject_id=person.id).count() == 0


def test_missing_csrf_is_400(session, client, admin, make_user):
    person = make_user("citizen")
    response = client.post(f"/admin/users/{person.id}", data={"role": "admin"})
    assert response.status_code == 400
    session.refresh(person)
    assert person.role == "citizen"


def test_deleted_accounts_cannot_be_changed(session, client, admin, make_user, clock):
    person = make_user("citizen", deleted_dt=clock.now())
    html = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "This account has been deleted." in html
    assert 'name="role"' not in html
    client.post_form(f"/admin/users/{person.id}", {"role": "admin"})
    session.refresh(person)
    assert person.role == "citizen"


def test_unknown_user_is_404(client, admin):
    assert client.get("/admin/users/424242").status_code == 404
    assert client.post_form("/admin/users/424242", {"role": "admin"}).status_code == 404


def test_new_moderator_may_manage_their_organisation(session, client, admin, make_user, anon):
    """End to end: the admin grants BOGESTRA; the new moderator reaches the process editor."""
    person = make_user("citizen", totp=True)
    client.post_form(
        f"/admin/users/{person.id}",
        {"role": "moderator", "organisations": _org_ids(session, "bogestra")},
    )
    session.refresh(person)
    assert session.get(User, person.id).role == "moderator"
    anon.login(person)
    assert anon.get("/admin/processes/").status_code == 200


def test_promoted_staff_without_second_factor_must_set_it_up(session, client, admin, make_user):
    person = make_user("citizen")
    client.post_form(f"/admin/users/{person.id}", {"role": "innovation"})
    client.login(person)
    response = client.get("/admin/processes/")
    assert response.status_code == 302
    assert "/account/two-factor" in response.headers["Location"]
