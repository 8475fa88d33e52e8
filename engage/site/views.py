"""Home, legal pages and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from engage.extensions import db
from engage.site import queries
from engage.site.models import LEGAL_SLUGS

bp = Blueprint("site", __name__)

# Browsers reuse the theme stylesheet for a few minutes, then revalidate it cheaply (304).
THEME_CSS_MAX_AGE = 300


@bp.get("/")
def home():
    return render_template("site/home.html", **queries.home_overview())


@bp.get("/themes.css")
def theme_css():
    """The theme colours as CSS classes, so that templates need no inline style attributes."""
    sheet = queries.theme_stylesheet()
    response = Response(sheet.css, mimetype="text/css")
    response.set_etag(sheet.etag)
    if sheet.last_modified is not None:
        response.last_modified = sheet.last_modified
    response.cache_control.public = True
    response.cache_control.max_age = THEME_CSS_MAX_AGE
    return response.make_conditional(request)


@bp.get("/pages/<slug>")
def page(slug: str):
    if slug not in LEGAL_SLUGS:
        abort(404)
    site_page = queries.site_page(slug)
    if site_page is None:
        abort(404)
    return render_template("site/page.html", page=site_page)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("site.home")
    # Browsers drop tabs and line breaks from URLs ("/\t/evil.example" is "//evil.example"),
    # and a line break in a Location header would split the response.
    if any(ord(c) < 32 or ord(c) == 127 for c in target) or len(target) > 2000:
        return url_for("site.home")
    return target


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated and current_user.locale != lang:
        current_user.locale = lang
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")), code=303)
