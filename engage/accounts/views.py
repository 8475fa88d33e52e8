"""Account pages: register, confirm, sign in/out, reset, profile, tokens, data, deletion."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.route("/login", methods=["GET", "POST"])
def login():
    return "TODO"


@bp.route("/register", methods=["GET", "POST"])
def register():
    return "TODO"


@bp.post("/logout")
def logout():
    return "TODO"


@bp.get("/")
def profile():
    return "TODO"


@bp.route("/two-factor", methods=["GET", "POST"])
def totp_setup():
    return "TODO"
