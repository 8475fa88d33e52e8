"""Legal pages in the administration: Markdown source kept, body rendered from it."""

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


from engage.site.models import SitePage  # noqa: E402

SOURCE = "## Anbieter\n\nStadt Bochum\n\n- Willy-Brandt-Platz 2–6\n- 44777 Bochum"


def _page(session, slug="impressum"):
    return session.query(SitePage).filter_by(slug=slug).one()


def _valid(**changes):
    data = {
        "title_de": "Impressum",
        "title_en": "Imprint",
        "source_de": SOURCE,
        "source_en": "## Provider\n\nCity of Bochum",
    }
    return {**data, **changes}


def test_list_shows_the_three_pages(client, admin):
    html = client.get("/admin/pages/").get_data(as_text=True)
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f"/admin/pages/{slug}" in html


def test_edit_form_shows_the_source(session, client, admin):
    page = _page(session, "datenschutz")
    html = client.get("/admin/pages/datenschutz").get_data(as_text=True)
    assert page.source_de.splitlines()[0] in html


def test_edit_renders_rich_markdown(session, client, admin):
    response = client.post_form("/admin/pages/impressum", _valid())
    assert response.status_code == 303
    page = _page(session)
    assert page.source_de == SOURCE
    assert page.body_de.startswith("<h2>Anbieter</h2>")
    assert "<li>44777 Bochum</li>" in page.body_de
    assert page.body_en == "<h2>Provider</h2>\n<p>City of Bochum</p>"
    entry = session.query(AuditEvent).filter_by(event="page_changed").one()
    assert entry.details["page"] == "impressum"
    public = client.get("/pages/impressum", headers={"Accept-Language": "de"})
    assert "<h2>Anbieter</h2>" in public.get_data(as_text=True)


def test_raw_html_is_not_passed_through(session, client, admin):
    client.post_form("/admin/pages/impressum", _valid(source_de="<script>x()</script>\n\nText"))
    body = _page(session).body_de
    assert "<script" not in body
    assert "&lt;script&gt;" in body


def test_empty_english_text_falls_back(session, client, admin):
    client.post_form("/admin/pages/impressum", _valid(source_en=""))
    page = _page(session)
    assert page.body_en == ""
    public = client.get("/pages/impressum").get_data(as_text=True)  # English visitor
    assert "Anbieter" in public


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_de": ""}, "title_de"),
        ({"title_en": "T" * 161}, "title_en"),
        ({"source_de": ""}, "source_de"),
        ({"source_de": "x" * 100_001}, "source_de"),
    ],
)
def test_bad_input_changes_nothing(session, client, admin, changes, field):
    before = (_page(session).title_de, _page(session).source_de)
    response = client.post_form("/admin/pages/impressum", _valid(**changes))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    page = _page(session)
    session.refresh(page)
    assert (page.title_de, page.source_de) == before


def test_missing_csrf_is_400(session, client, admin):
    before = _page(session).source_de
    assert client.post("/admin/pages/impressum", data=_valid()).status_code == 400
    assert _page(session).source_de == before


def test_unknown_page_is_404(client, admin):
    assert client.get("/admin/pages/agb").status_code == 404
    assert client.post_form("/admin/pages/agb", _valid()).status_code == 404
