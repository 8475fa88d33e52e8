"""The partner organisations and their pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import FROZEN_AT

from engage.organisations.models import Organisation

DAY = timedelta(days=1)
EN = {"Accept-Language": "en"}


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_organisation_index_lists_the_ten_partners_with_counts(client, make_process, clock):
    make_process(organisation="usb", phases=[("ideas", FROZEN_AT - DAY, FROZEN_AT + DAY)])
    html = _html(client.get("/organisations/", headers=EN))
    links = re.findall(r'<h2><a href="/organisations/([a-z-]+)">', html)
    assert len(links) == 10
    assert links[0] == "stadt-bochum"
    card = html.split('href="/organisations/usb"', 1)[1].split("</li>\n  </ul>", 1)[0]
    assert "1 running" in card and "0 upcoming" in card


def test_organisation_page_shows_description_website_and_processes(
    client, make_process, session, clock
):
    org = session.query(Organisation).filter_by(slug="usb").one()
    org.description_de = "<p>Der <strong>Umweltservice</strong> Bochum.</p>"
    org.description_en = "<p>Bochum's <strong>environmental services</strong>.</p>"
    org.website = "https://www.usb-bochum.de"
    session.flush()
    make_process(
        title="Smarte Mülltonnen",
        organisation="usb",
        theme="stadtmanagement",
        phases=[("support", FROZEN_AT - DAY, FROZEN_AT + DAY)],
    )
    make_process(title="Fremd", organisation="bogestra")
    make_process(title="Entwurf USB", organisation="usb", status="draft")

    html = _html(client.get("/organisations/usb", headers=EN))
    assert "<h1>USB Bochum</h1>" in html
    assert "<p>Bochum's <strong>environmental services</strong>.</p>" in html
    assert '<a href="https://www.usb-bochum.de" rel="noopener external">' in html
    assert "Smarte Mülltonnen" in html
    assert "Intelligent city management" in html  # the theme is shown, not the organisation
    assert "Fremd" not in html and "Entwurf USB" not in html

    german = _html(client.get("/organisations/usb", headers={"Accept-Language": "de"}))
    assert "<p>Der <strong>Umweltservice</strong> Bochum.</p>" in german


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "ftp://example.org", "www.ohne-schema.de", ""]
)
def test_organisation_page_links_only_http_websites(client, session, website):
    org = session.query(Organisation).filter_by(slug="ihk").one()
    org.website = website
    session.flush()
    html = _html(client.get("/organisations/ihk", headers=EN))
    assert 'rel="noopener external"' not in html
    assert "javascript:" not in html


def test_organisation_page_query_count_is_constant(client, make_process, count_queries, clock):
    def add(count):
        for n in range(count):
            make_process(
                organisation="bogestra",
                theme=("infrastruktur", "gesellschaft")[n % 2],
                phases=[("ideas", FROZEN_AT - DAY * (n % 3 - 1), FROZEN_AT + 5 * DAY)],
            )

    add(3)
    client.get("/organisations/bogestra")
    with count_queries() as few:
        client.get("/organisations/bogestra")
    add(15)
    with count_queries() as many:
        client.get("/organisations/bogestra")
    assert many.count == few.count


@pytest.mark.parametrize("slug", ["unbekannt", "BOGESTRA", "x" * 300])
def test_unknown_organisation_is_404(client, slug):
    response = client.get(f"/organisations/{slug}", headers=EN)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
