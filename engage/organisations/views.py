"""Organisation pages."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.get("/")
def index():
    return "TODO"


@bp.get("/<slug>")
def detail(slug):
    return "TODO"
