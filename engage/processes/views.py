"""Process pages."""

from flask import Blueprint

bp = Blueprint("processes", __name__, url_prefix="/processes")


@bp.get("/")
def index():
    return "TODO"


@bp.get("/<int:process_id>")
def detail(process_id):
    return "TODO"
