"""Only administrators reach the administration; the process editor is for moderators too."""

from __future__ import annotations

import pytest

from engage.organisations.models import Organisation
from engage.themes.models import Theme

ADMIN_PAGES = [
    "/admin/",
    "/admin/users/",
    "/admin/users/{user}",
    "/admin/organisations/",
    "/admin/organisations/new",
    "/admin/organisations/{organisation}",
    "/admin/themes/",
    "/admin/themes/{theme}",
    "/admin/pages/",
    "/admin/pages/impressum",
    "/admin/audit/",
]
ADMIN_FORMS = [
    "/admin/users/{user}",
    "/admin/organisations/new",
    "/admin/organisations/{organisation}",
    "/admin/themes/{theme}",
    "/admin/pages/impressum",
]
NON_ADMINS = {
    "citizen": {},
    "moderator": {"organisations": ("bogestra",)},
    "moderator of all": {"all_organisations": True},
    "innovation": {},
}


@pytest.fixture(autouse=True)
def _english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def urls(session, make_user):
    target = make_user("citizen", email="target@example.org")
    ids = {
        "user": target.id,
        "organisation": session.query(Organisation).filter_by(slug="bogestra").one().id,
        "theme": session.query(Theme).filter_by(slug="gesellschaft").one().id,
    }
    return lambda template: template.format(**ids)


def _make(make_user, role_key):
    role = "moderator" if role_key.startswith("moderator") else role_key
    return make_user(role, **NON_ADMINS[role_key])


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_sees_every_page(client, make_user, urls, url):
    client.login(make_user("admin"))
    response = client.get(urls(url))
    assert response.status_code == 200
    assert "<h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ADMIN_PAGES)
@pytest.mark.parametrize("role_key", list(NON_ADMINS))
def test_non_admins_get_403(client, make_user, urls, url, role_key):
    client.login(_make(make_user, role_key))
    response = client.get(urls(url))
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ADMIN_FORMS)
@pytest.mark.parametrize("role_key", list(NON_ADMINS))
def test_non_admins_cannot_post(session, client, make_user, urls, url, role_key):
    client.login(_make(make_user, role_key))
    data = {
        "role": "admin",
        "name": "Übernommen",
        "slug": "uebernommen",
        "name_de": "Übernommen",
        "name_en": "Taken over",
        "color": "#000000",
        "position": "1",
        "title_de": "Übernommen",
        "title_en": "Taken over",
        "source_de": "Übernommen",
    }
    response = client.post_form(urls(url), data)
    assert response.status_code == 403
    from engage.accounts.models import User
    from engage.site.models import SitePage

    assert session.query(User).filter_by(role="admin").count() == 0
    assert session.query(Organisation).filter_by(slug="uebernommen").count() == 0
    assert session.query(Theme).filter_by(name_de="Übernommen").count() == 0
    assert session.query(SitePage).filter_by(title_de="Übernommen").count() == 0


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_visitors_are_sent_to_sign_in(client, urls, url):
    response = client.get(urls(url))
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_unconfirmed_admin_is_a_visitor(client, make_user):
    client.login(make_user("admin", confirmed=False))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


STAFF_PAGES = ["/admin/processes/", "/admin/processes/new"]


@pytest.mark.parametrize("url", STAFF_PAGES)
@pytest.mark.parametrize(
    ("role", "fields", "status"),
    [
        ("citizen", {}, 403),
        ("innovation", {}, 403),
        ("moderator", {}, 403),  # a moderator of no organisation has nothing to manage
        ("moderator", {"organisations": ("bogestra",)}, 200),
        ("moderator", {"all_organisations": True}, 200),
        ("admin", {}, 200),
    ],
)
def test_process_editor_is_for_moderators_and_admins(client, make_user, url, role, fields, status):
    client.login(make_user(role, **fields))
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_process_editor_sends_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_moderators_index_is_forbidden_but_processes_open(client, make_user):
    client.login(make_user("moderator", organisations=("bogestra",)))
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/processes/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/users/999999",
        "/admin/organisations/999999",
        "/admin/themes/999999",
        "/admin/pages/agb",
        "/admin/processes/999999",
        "/admin/processes/999999/phases/new",
        "/admin/themes/new",
    ],
)
def test_unknown_ids_are_404(client, make_user, url):
    client.login(make_user("admin"))
    assert client.get(url).status_code == 404


def test_predicates_are_offered_to_templates(app):
    from engage.accounts import permissions as account_permissions
    from engage.processes import permissions as process_permissions

    globals_ = app.jinja_env.globals
    assert globals_["can_manage_process"] is process_permissions.can_manage_process
    assert globals_["participation_denial"] is process_permissions.participation_denial
    assert globals_["can_moderate_anything"] is account_permissions.can_moderate_anything
