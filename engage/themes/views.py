"""Theme pages."""

from flask import Blueprint

bp = Blueprint("themes", __name__, url_prefix="/themes")


@bp.get("/")
def index():
    return "TODO"


@bp.get("/<slug>")
def detail(slug):
    return "TODO"
