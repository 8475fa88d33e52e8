"""Organisations in the administration: list, create, edit, bad input."""

from __future__ import annotations

import pytest

from engage.accounts.models import AuditEvent


@pytest.fixture(autouse=True)
def _english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def admin(client, make_user):
    user = make_user("admin")
    client.login(user)
    return user


from engage.organisations.models import Organisation  # noqa: E402

VALID = {
    "name": "Hochschule Bochum",
    "slug": "hochschule",
    "description_de": "Die **Hochschule** forscht.\n\n- Technik\n- Wirtschaft",
    "description_en": "",
    "website": "https://www.hochschule-bochum.de",
    "position": "11",
}


def _org(session, slug):
    return session.query(Organisation).filter_by(slug=slug).one_or_none()


def test_list_shows_the_ten_partners_in_order(client, admin):
    html = client.get("/admin/organisations/").get_data(as_text=True)
    assert html.index("Stadt Bochum – Stabsstelle Digitalisierung") < html.index(
        "IHK Mittleres Ruhrgebiet"
    )
    assert html.count('<th scope="row">') == 10


def test_create(session, client, admin):
    response = client.post_form("/admin/organisations/new", VALID)
    assert response.status_code == 303
    organisation = _org(session, "hochschule")
    assert organisation.name == "Hochschule Bochum"
    assert organisation.description_de == (
        "<p>Die <strong>Hochschule</strong> forscht.</p>\n<ul>\n<li>Technik</li>\n"
        "<li>Wirtschaft</li>\n</ul>"
    )
    assert organisation.description_en == ""
    assert organisation.position == 11
    [entry] = session.query(AuditEvent).filter_by(event="organisation_created").all()
    assert entry.actor_id == admin.id
    assert entry.details == {"organisation": "hochschule"}
    assert response.headers["Location"].endswith(f"/admin/organisations/{organisation.id}")


def test_edit_prefills_markdown_and_saves(session, client, admin):
    client.post_form("/admin/organisations/new", VALID)
    organisation = _org(session, "hochschule")
    html = client.get(f"/admin/organisations/{organisation.id}").get_data(as_text=True)
    assert "Die **Hochschule** forscht.\n\n- Technik\n- Wirtschaft</textarea>" in html
    response = client.post_form(
        f"/admin/organisations/{organisation.id}",
        {**VALID, "slug": "hs-bochum", "description_en": "The *university*."},
    )
    assert response.status_code == 303
    session.refresh(organisation)
    assert organisation.slug == "hs-bochum"
    assert organisation.description_en == "<p>The <em>university</em>.</p>"
    entry = session.query(AuditEvent).filter_by(event="organisation_changed").one()
    assert entry.details == {
        "organisation": "hs-bochum",
        "old_slug": "hochschule",
        "fields": ["slug", "description_en"],
    }


def test_descriptions_are_sanitised(session, client, admin):
    client.post_form(
        "/admin/organisations/new",
        {**VALID, "description_de": "<script>alert(1)</script> [x](javascript:alert(1))"},
    )
    html = _org(session, "hochschule").description_de
    assert "<script" not in html
    assert 'href="javascript' not in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "bogestra"}, "slug", "Another organisation already uses this short name."),
        ({"slug": "Hoch Schule"}, "slug", "Please use only lower-case letters"),
        ({"slug": "-hochschule"}, "slug", "Please use only lower-case letters"),
        ({"slug": "h" * 61}, "slug", "Field must be between 2 and 60 characters long."),
        ({"name": ""}, "name", "Please enter a name."),
        ({"name": "N" * 121}, "name", "Field cannot be longer than 120 characters."),
        ({"description_de": "x" * 5001}, "description_de", "cannot be longer than 5000"),
        ({"website": "javascript:alert(1)"}, "website", "Please enter a full web address"),
        ({"website": "ftp://example.org"}, "website", "Please enter a full web address"),
        ({"position": "first"}, "position", "Not a valid integer value."),
        ({"position": "-1"}, "position", "Number must be between 0 and 1000."),
    ],
)
def test_bad_input_creates_nothing(session, client, admin, changes, field, message):
    before = session.query(Organisation).count()
    response = client.post_form("/admin/organisations/new", {**VALID, **changes})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert session.query(Organisation).count() == before
    assert session.query(AuditEvent).count() == 0


def test_bad_edit_changes_nothing(session, client, admin):
    bogestra = _org(session, "bogestra")
    response = client.post_form(
        f"/admin/organisations/{bogestra.id}", {**VALID, "slug": "stadtwerke"}
    )
    assert "Another organisation already uses this short name." in response.get_data(as_text=True)
    session.refresh(bogestra)
    assert (bogestra.slug, bogestra.name) == ("bogestra", "BOGESTRA")


def test_missing_csrf_is_400(session, client, admin):
    response = client.post("/admin/organisations/new", data=VALID)
    assert response.status_code == 400
    assert _org(session, "hochschule") is None


def test_unknown_organisation_is_404(client, admin):
    assert client.get("/admin/organisations/0").status_code == 404
    assert client.post_form("/admin/organisations/999999", VALID).status_code == 404
