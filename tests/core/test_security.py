"""Security headers, cookies and CSRF on every response."""

import pytest

REQUIRED_CSP = (
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "script-src 'self'",
)


@pytest.mark.parametrize(
    "path",
    ["/", "/does-not-exist", "/api/v1/openapi.json", "/static/css/engage.css", "/pages/impressum"],
)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in REQUIRED_CSP:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_session_cookie_is_httponly_and_samesite(client):
    response = client.post_form("/language", {"lang": "en", "next": "/"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_form_without_csrf_token_is_refused_and_changes_nothing(client):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 400
    assert "Formular" in response.get_data(as_text=True)  # the German explanation
    with client.session_transaction() as sess:
        assert "lang" not in sess


def test_no_third_party_asset_in_pages(client):
    html = client.get("/").get_data(as_text=True)
    for attribute in ('src="http', "src='http", 'href="http', "//cdn", "googleapis"):
        assert attribute not in html
