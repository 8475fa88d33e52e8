"""Account pages: register, confirm, sign in/out, reset, profile, tokens, data, deletion."""

from __future__ import annotations

import base64
import io
import json
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage.accounts import mail, operations, queries, signing
from engage.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    TokenForm,
)
from engage.accounts.models import ROLE_LABELS, User
from engage.accounts.operations import AccountError
from engage.accounts.passwords import authenticate, check_password, find_user_by_email
from engage.accounts.validation import PASSWORD_HINT
from engage.core import clock
from engage.core.mail import MailError
from engage.core.pagination import clamp_page
from engage.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")

# Rate limits come from the config at request time; sign-in and its second step share one.
login_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_LOGIN"], scope="accounts-login", methods=["POST"]
)
register_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_REGISTER"], scope="accounts-register", methods=["POST"]
)
reset_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_RESET"], scope="accounts-reset", methods=["POST"]
)

PENDING_LOGIN = "pending_login"  # password checked, second factor still to come
PENDING_MAX_AGE = 5 * 60  # seconds to enter the code
PENDING_MAX_TRIES = 5
TOTP_CANDIDATE = "totp_candidate"  # secret being set up, stored on the user once confirmed
CHECK_MAIL_REASONS = ("register", "confirm", "reset")


# --- helpers -----------------------------------------------------------------------------------


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a local path on this site, else None (no open redirects)."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _field_error(form, err: AccountError) -> None:
    field = form[err.field] if err.field and err.field in form else None
    if field is not None:
        field.errors = [*field.errors, str(err)]
    else:
        flash(str(err), "error")


def _mail_failed(template: str, **context):
    """The mail server did not take the mail: say so, change nothing, never a 500."""
    db.session.rollback()
    flash(
        _(
            "We could not send the e-mail just now. Nothing has been changed. "
            "Please try again in a few minutes."
        ),
        "error",
    )
    return render_template(template, **context), 503


def _keep_language_and_clear_session() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _complete_login(user: User, remember: bool, *, second_factor: bool) -> None:
    session.pop(PENDING_LOGIN, None)
    login_user(user, remember=remember, fresh=True)
    operations.record_login(user, second_factor=second_factor)


def _begin_second_factor(user: User, remember: bool, next_url: str | None) -> None:
    session[PENDING_LOGIN] = {
        "uid": user.id,
        "sv": user.session_version,
        "remember": bool(remember),
        "next": next_url,
        "at": int(clock.now().timestamp()),
        "tries": 0,
    }


def _pending_user() -> tuple[User | None, dict]:
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return None, {}
    age = int(clock.now().timestamp()) - int(pending.get("at", 0))
    if not 0 <= age <= PENDING_MAX_AGE:
        return None, {}
    uid = pending.get("uid")
    user = db.session.get(User, uid) if isinstance(uid, int) else None
    if user is None or not user.is_active or user.session_version != pending.get("sv"):
        return None, {}
    return user, pending


def _after_login_url(next_url: str | None) -> str:
    return safe_next(next_url) or url_for("site.home")


def _qr_data_uri(uri: str) -> str:
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- registration and confirmation -------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@register_limit
def register():
    if current_user.is_authenticated:
        return redirect(url_for(".profile"))
    form = RegisterForm()
    context = {"form": form, "password_hint": PASSWORD_HINT}
    if form.validate_on_submit():
        try:
            result = operations.register_user(
                form.email.data,
                form.display_name.data,
                form.password.data,
                locale=str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
            )
        except AccountError as err:
            _field_error(form, err)
            return render_template("accounts/register.html", **context)
        try:
            # The same answer whether the address was known or not; only the mail differs.
            if result.created or result.user.email_confirmed_dt is None:
                mail.send_confirmation(result.user)
            else:
                mail.send_register_notice(result.user)
        except MailError:
            return _mail_failed("accounts/register.html", **context)
        db.session.commit()
        return redirect(url_for(".check_mail", reason="register"), code=303)
    return render_template("accounts/register.html", **context)


@bp.get("/check-mail")
def check_mail():
    reason = request.args.get("reason", "")
    if reason not in CHECK_MAIL_REASONS:
        reason = "register"
    return render_template("accounts/check_mail.html", reason=reason)


@bp.get("/confirm/<token>")
def confirm(token: str):
    try:
        user = signing.user_from_confirm_token(token)
    except signing.LinkError as err:
        return render_template("accounts/link_invalid.html", kind="confirm", reason=err.reason), 400
    if operations.confirm_email(user):
        db.session.commit()
        flash(_("Thank you, your e-mail address is confirmed. You can sign in now."), "success")
    else:
        flash(_("Your e-mail address has already been confirmed. You can sign in."), "info")
    return redirect(url_for(".login"), code=303)


@bp.route("/confirm", methods=["GET", "POST"])
@register_limit
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        try:
            if user is None:
                mail.send_no_account(form.email.data, "confirm")
            elif user.email_confirmed_dt is None:
                mail.send_confirmation(user)
            else:
                mail.send_already_confirmed(user)
        except MailError:
            return _mail_failed("accounts/resend.html", form=form)
        return redirect(url_for(".check_mail", reason="confirm"), code=303)
    return render_template("accounts/resend.html", form=form)


# --- signing in and out ------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@login_limit
def login():
    if current_user.is_authenticated:
        return redirect(_after_login_url(request.args.get("next")))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    failed = False
    if form.validate_on_submit():
        email, next_url = form.email.data, safe_next(form.next.data)
        user = authenticate(email, form.password.data)
        if user is None or not user.is_active:
            known = user or find_user_by_email(email)
            reason = "unconfirmed" if user else ("password" if known else "unknown_email")
            operations.record_failed_login(email, known, reason)
            db.session.commit()
            failed = True
        elif user.has_totp:
            _begin_second_factor(user, form.remember.data, next_url)
            return redirect(url_for(".login_code"), code=303)
        else:
            _complete_login(user, form.remember.data, second_factor=False)
            db.session.commit()
            return redirect(_after_login_url(next_url), code=303)
    return render_template("accounts/login.html", form=form, failed=failed)


@bp.route("/login/code", methods=["GET", "POST"])
@login_limit
def login_code():
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING_LOGIN, None)
        flash(_("Please sign in with your e-mail address and password first."), "info")
        return redirect(url_for(".login"), code=303)
    form = CodeForm()
    if form.validate_on_submit():
        if operations.verify_totp(user, form.code.data):
            _complete_login(user, pending.get("remember", False), second_factor=True)
            db.session.commit()
            return redirect(_after_login_url(pending.get("next")), code=303)
        operations.record_failed_login(user.email, user, "second_factor")
        db.session.commit()
        pending["tries"] = int(pending.get("tries", 0)) + 1
        if pending["tries"] >= PENDING_MAX_TRIES:
            session.pop(PENDING_LOGIN, None)
            flash(_("Too many wrong codes. Please sign in again."), "error")
            return redirect(url_for(".login"), code=303)
        session[PENDING_LOGIN] = pending
        form.code.errors = [
            _(
                "This code is not correct or has already been used. "
                "Please enter the current code from your authenticator app."
            )
        ]
    return render_template("accounts/login_code.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        operations.record_logout(current_user._get_current_object())
        db.session.commit()
    logout_user()
    _keep_language_and_clear_session()
    flash(_("You have been signed out."), "success")
    return redirect(url_for("site.home"), code=303)


# --- password reset ----------------------------------------------------------------------------


@bp.route("/reset", methods=["GET", "POST"])
@reset_limit
def reset_request():
    form = EmailForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        try:
            if user is None:
                mail.send_no_account(form.email.data, "reset")
            else:
                mail.send_reset(user)
        except MailError:
            return _mail_failed("accounts/reset_request.html", form=form)
        return redirect(url_for(".check_mail", reason="reset"), code=303)
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@reset_limit
def reset_password(token: str):
    try:
        user = signing.user_from_reset_token(token)
    except signing.LinkError as err:
        return render_template("accounts/link_invalid.html", kind="reset", reason=err.reason), 400
    form = ResetPasswordForm()
    form.email_for_check = user.email
    context = {"form": form, "password_hint": PASSWORD_HINT}
    if form.validate_on_submit():
        try:
            operations.reset_password(user, form.password.data)
        except AccountError as err:
            _field_error(form, err)
            return render_template("accounts/reset_form.html", **context)
        if current_user.is_authenticated:
            logout_user()
        _keep_language_and_clear_session()
        if user.has_totp:
            _begin_second_factor(user, False, url_for(".profile"))
            db.session.commit()
            flash(
                _(
                    "Your password has been changed. Please enter the code from your "
                    "authenticator app to sign in."
                ),
                "success",
            )
            return redirect(url_for(".login_code"), code=303)
        _complete_login(user, False, second_factor=False)
        db.session.commit()
        flash(_("Your password has been changed and you are signed in."), "success")
        return redirect(url_for(".profile"), code=303)
    return render_template("accounts/reset_form.html", **context)


# --- profile -----------------------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    user: User = current_user._get_current_object()
    form = ProfileForm(
        data={
            "display_name": user.display_name,
            "locale": user.locale or str(get_locale() or "de"),
            "profile_consent": user.profile_consent_dt is not None,
            "district": user.district or "",
            "age_bracket": user.age_bracket or "",
        }
    )
    if form.validate_on_submit():
        try:
            operations.update_profile(
                user,
                display_name=form.display_name.data,
                locale=form.locale.data,
                consent=form.profile_consent.data,
                district=form.district.data or None,
                age_bracket=form.age_bracket.data or None,
            )
        except AccountError as err:
            _field_error(form, err)
        else:
            db.session.commit()
            session["lang"] = user.locale
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for(".profile"), code=303)
    return render_template(
        "accounts/profile.html",
        form=form,
        user=user,
        role_label=ROLE_LABELS.get(user.role_enum),
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
@login_limit
def change_password():
    user: User = current_user._get_current_object()
    form = ChangePasswordForm()
    form.email_for_check = user.email
    context = {"form": form, "password_hint": PASSWORD_HINT}
    if form.validate_on_submit():
        try:
            operations.change_password(user, form.current_password.data, form.password.data)
        except AccountError as err:
            _field_error(form, err)
            return render_template("accounts/password.html", **context)
        # The new session version ends every other session; this one continues.
        remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        login_user(user, remember=remember_cookie in request.cookies, fresh=True)
        db.session.commit()
        mail.send_password_changed(user)
        flash(
            _("Your password has been changed. You have been signed out everywhere else."),
            "success",
        )
        return redirect(url_for(".profile"), code=303)
    return render_template("accounts/password.html", **context)


# --- second factor -----------------------------------------------------------------------------


def _totp_active_page(form: CodeForm, user: User):
    return render_template(
        "accounts/totp_active.html",
        form=form,
        user=user,
        can_disable=operations.can_disable_totp(user),
    )


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
def totp_setup():
    user: User = current_user._get_current_object()
    if user.has_totp:
        return _totp_active_page(CodeForm(formdata=None), user)
    secret = session.get(TOTP_CANDIDATE)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = operations.new_totp_secret()
        session[TOTP_CANDIDATE] = secret
    form = CodeForm()
    if form.validate_on_submit():
        if operations.enable_totp(user, secret, form.code.data):
            session.pop(TOTP_CANDIDATE, None)
            db.session.commit()
            flash(_("The second factor is now active."), "success")
            return redirect(url_for(".profile"), code=303)
        form.code.errors = [
            _(
                "This code is not correct. Please check that the time on your device is "
                "right and enter the current code."
            )
        ]
    return render_template(
        "accounts/totp_setup.html",
        form=form,
        qr=_qr_data_uri(operations.totp_uri(user, secret)),
        secret=_grouped(secret),
        required=user.is_staff and current_app.config["STAFF_2FA_REQUIRED"],
    )


@bp.post("/two-factor/disable")
@login_required
@login_limit
def totp_disable():
    user: User = current_user._get_current_object()
    if not user.has_totp:
        return redirect(url_for(".totp_setup"), code=303)
    if not operations.can_disable_totp(user):
        abort(403)
    form = CodeForm()
    if form.validate_on_submit():
        if operations.disable_totp(user, form.code.data):
            db.session.commit()
            flash(_("The second factor has been switched off."), "success")
            return redirect(url_for(".profile"), code=303)
        form.code.errors = [
            _("This code is not correct or has already been used. Please enter the current code.")
        ]
    return _totp_active_page(form, user)


# --- API tokens --------------------------------------------------------------------------------


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    user: User = current_user._get_current_object()
    form = TokenForm()
    if request.method == "GET":
        form.expires_days.data = current_app.config["API_TOKEN_DEFAULT_DAYS"]
    if form.validate_on_submit():
        try:
            token, plaintext = operations.create_token(user, form.name.data, form.expires_days.data)
        except AccountError as err:
            _field_error(form, err)
        else:
            db.session.commit()
            # Shown once, right here: the plaintext is never stored and never redirected.
            response = make_response(
                render_template("accounts/token_created.html", token=token, plaintext=plaintext)
            )
            response.headers["Cache-Control"] = "no-store"
            return response
    page, per_page = clamp_page(request.args.get("page"), 50, default_per_page=50)
    return render_template(
        "accounts/tokens.html",
        form=form,
        page=queries.tokens_of(user, page, per_page),
        now=clock.now(),
    )


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    user: User = current_user._get_current_object()
    token = queries.token_of(user, token_id)
    if token is None:
        abort(404)
    operations.revoke_token(token, actor=user)
    db.session.commit()
    flash(_("The token “%(name)s” has been revoked.", name=token.name), "success")
    return redirect(url_for(".tokens"), code=303)


# --- download my data and delete my account ----------------------------------------------------


@bp.get("/data")
@login_required
def export_data():
    user: User = current_user._get_current_object()
    data = operations.export_user_data(user)
    db.session.commit()
    tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    filename = f"engage-data-{clock.now().astimezone(tz).date().isoformat()}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        mimetype="application/json",
        headers={
            "Content-Disposition": f"attachment; filename={filename}",
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@login_limit
def delete_account():
    user: User = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not check_password(user, form.password.data):
            form.password.errors = [_("The password is not correct.")]
        else:
            try:
                operations.delete_account(user)
            except AccountError as err:
                _field_error(form, err)
            else:
                db.session.commit()
                logout_user()
                _keep_language_and_clear_session()
                flash(_("Your account has been deleted. Thank you for taking part."), "success")
                return redirect(url_for("site.home"), code=303)
    return render_template("accounts/delete.html", form=form)
