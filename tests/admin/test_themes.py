"""Themes in the administration: names, descriptions, a readable colour, position."""

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


from engage.themes.models import Theme  # noqa: E402


@pytest.fixture
def theme(session):
    return session.query(Theme).filter_by(slug="gesellschaft").one()


def _valid(theme, **changes):
    data = {
        "name_de": theme.name_de,
        "name_en": theme.name_en,
        "description_de": "Teilhabe für *alle*.",
        "description_en": "Participation for *everyone*.",
        "color": theme.color,
        "position": str(theme.position),
    }
    return {**data, **changes}


def test_list_shows_five_themes_with_contrast(client, admin):
    html = client.get("/admin/themes/").get_data(as_text=True)
    assert html.count('<th scope="row">') == 5
    assert "Digitale Gesellschaft" in html
    assert 'fill="#a33900"' in html
    assert "6.68:1" in html


def test_no_create_or_delete(client, admin):
    assert client.get("/admin/themes/new").status_code == 404
    assert "/admin/themes/new" not in client.get("/admin/themes/").get_data(as_text=True)


def test_edit(session, client, admin, theme):
    response = client.post_form(
        f"/admin/themes/{theme.id}", _valid(theme, color="#1A4D8F", name_en="Digital life")
    )
    assert response.status_code == 303
    session.refresh(theme)
    assert theme.color == "#1a4d8f"
    assert theme.name_en == "Digital life"
    assert theme.description_de == "<p>Teilhabe für <em>alle</em>.</p>"
    entry = session.query(AuditEvent).filter_by(event="theme_changed").one()
    assert entry.actor_id == admin.id
    assert entry.details["theme"] == "gesellschaft"
    assert "color" in entry.details["fields"]


def test_edit_form_shows_markdown_of_the_description(client, admin, theme):
    html = client.get(f"/admin/themes/{theme.id}").get_data(as_text=True)
    assert "Teilhabe, Bildung und digitale Kompetenzen" in html
    assert "&lt;p&gt;" not in html


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("red", "Please enter a colour as # followed by six hexadecimal digits."),
        ("#12345", "Please enter a colour as # followed by six hexadecimal digits."),
        ("#12345g", "Please enter a colour as # followed by six hexadecimal digits."),
        ("123456", "Please enter a colour as # followed by six hexadecimal digits."),
        ("#1234567", "Field cannot be longer than 7 characters."),
        ("#ffff00", "This colour has a contrast of only 1.07:1 against white."),
        ("#777777", "This colour has a contrast of only 4.48:1 against white."),
        ("#ffffff", "This colour has a contrast of only 1:1 against white."),
        ("", "Please enter a colour."),
    ],
)
def test_bad_colours_are_refused(session, client, admin, theme, colour, message):
    response = client.post_form(f"/admin/themes/{theme.id}", _valid(theme, color=colour))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'id="color-error"' in html
    session.refresh(theme)
    assert theme.color == "#a33900"
    assert theme.description_de != "<p>Teilhabe für <em>alle</em>.</p>"  # nothing saved


@pytest.mark.parametrize("colour", ["#767676", "#000000", "#00549a"])
def test_colours_with_enough_contrast_are_accepted(session, client, admin, theme, colour):
    response = client.post_form(f"/admin/themes/{theme.id}", _valid(theme, color=colour))
    assert response.status_code == 303
    session.refresh(theme)
    assert theme.color == colour


def test_contrast_ratio_follows_wcag():
    from engage.admin.forms import contrast_ratio

    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#00549a") == pytest.approx(7.68, abs=0.01)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name_de": ""}, "name_de"),
        ({"name_en": "x" * 121}, "name_en"),
        ({"description_en": "x" * 5001}, "description_en"),
        ({"position": "0"}, "position"),
        ({"position": ""}, "position"),
    ],
)
def test_bad_fields_change_nothing(session, client, admin, theme, changes, field):
    before = (theme.name_de, theme.name_en, theme.position, theme.description_en)
    response = client.post_form(f"/admin/themes/{theme.id}", _valid(theme, **changes))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    session.refresh(theme)
    assert (theme.name_de, theme.name_en, theme.position, theme.description_en) == before


def test_missing_csrf_is_400(session, client, admin, theme):
    response = client.post(f"/admin/themes/{theme.id}", data=_valid(theme, color="#000000"))
    assert response.status_code == 400
    session.refresh(theme)
    assert theme.color == "#a33900"


def test_unknown_theme_is_404(client, admin):
    assert client.get("/admin/themes/999999").status_code == 404
