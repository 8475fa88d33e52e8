"""Account forms: every field bounded, every message translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from engage.accounts.models import AGE_BRACKET_LABELS
from engage.accounts.validation import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_NAME_LENGTH,
    password_problem,
)
from engage.core.districts import district_choices
from engage.core.forms import BaseForm
from engage.core.text import normalize_line

MAX_LOGIN_PASSWORD_LENGTH = 1024
MAX_TOKEN_DAYS = 730

EMAIL_REQUIRED = _l("Please enter your e-mail address.")
EMAIL_INVALID = _l("Please enter a valid e-mail address, for example name@example.org.")
EMAIL_LENGTH = _l("The e-mail address must have at most %(max)d characters.", max=MAX_EMAIL_LENGTH)
PASSWORD_REQUIRED = _l("Please enter your password.")
NEW_PASSWORD_REQUIRED = _l("Please choose a password.")
PASSWORD_REPEAT = _l("The two passwords do not match.")
PASSWORD_LENGTH = _l(
    "The password must have at most %(max)d characters.", max=MAX_LOGIN_PASSWORD_LENGTH
)
NAME_LENGTH = _l(
    "The name must have between %(min)d and %(max)d characters.",
    min=MIN_NAME_LENGTH,
    max=MAX_NAME_LENGTH,
)
NEW_PASSWORD_LENGTH = _l(
    "The password must have at most %(max)d characters.", max=MAX_PASSWORD_LENGTH
)
CODE_INVALID = _l("Please enter the 6-digit code from your authenticator app.")


def _email_field(label=None):
    return StringField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(message=EMAIL_REQUIRED),
            Length(max=MAX_EMAIL_LENGTH, message=EMAIL_LENGTH),
            Email(message=EMAIL_INVALID, check_deliverability=False),
        ],
        filters=[lambda value: value.lower() if isinstance(value, str) else value],
    )


def _display_name_field():
    return StringField(
        _l("Public name"),
        validators=[
            DataRequired(message=NAME_LENGTH),
            Length(min=MIN_NAME_LENGTH, max=MAX_NAME_LENGTH, message=NAME_LENGTH),
        ],
        filters=[lambda value: normalize_line(value) if isinstance(value, str) else value],
    )


def _new_password_fields(label=None):
    # Passwords are taken as typed: no trimming (see passwords.py for the Unicode normalising).
    password = PasswordField(
        label or _l("Password"),
        validators=[
            InputRequired(message=NEW_PASSWORD_REQUIRED),
            Length(max=MAX_PASSWORD_LENGTH, message=NEW_PASSWORD_LENGTH),
        ],
        keep_whitespace=True,
    )
    repeat = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(message=_l("Please repeat the password.")),
            Length(max=MAX_PASSWORD_LENGTH, message=NEW_PASSWORD_LENGTH),
            EqualTo("password", message=PASSWORD_REPEAT),
        ],
        keep_whitespace=True,
    )
    return password, repeat


class NewPasswordMixin:
    """Checks the new password against the rules; ``email_for_check`` names the address."""

    email_for_check: str | None = None

    def validate_password(self, field) -> None:
        email = self.email_for_check
        if email is None and "email" in self:  # the registration form
            email = self["email"].data
        problem = password_problem(field.data or "", email)
        if problem:
            raise ValidationError(str(problem))


class RegisterForm(NewPasswordMixin, BaseForm):
    email = _email_field()
    display_name = _display_name_field()
    password, password_repeat = _new_password_fields()
    consent = BooleanField(
        _l("I have read the privacy policy and agree that my data is processed as described."),
        validators=[DataRequired(message=_l("Please agree to the privacy policy to register."))],
    )


class LoginForm(BaseForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=PASSWORD_REQUIRED),
            Length(max=MAX_LOGIN_PASSWORD_LENGTH, message=PASSWORD_LENGTH),
        ],
        keep_whitespace=True,
    )
    remember = BooleanField(_l("Stay signed in on this device"))
    next = HiddenField(validators=[Optional(), Length(max=2000)])


class EmailForm(BaseForm):
    """Asking for a link: a new confirmation or a password reset."""

    email = _email_field()


class CodeForm(BaseForm):
    """A 6-digit code of the authenticator app."""

    code = StringField(
        _l("Six-digit code"),
        validators=[
            DataRequired(message=CODE_INVALID),
            Length(min=6, max=6, message=CODE_INVALID),
        ],
        filters=[lambda value: "".join(value.split()) if isinstance(value, str) else value],
    )

    def validate_code(self, field) -> None:
        if not (field.data or "").isdigit():
            raise ValidationError(str(CODE_INVALID))


class ResetPasswordForm(NewPasswordMixin, BaseForm):
    password, password_repeat = _new_password_fields(_l("New password"))


class ChangePasswordForm(NewPasswordMixin, BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(message=_l("Please enter your current password.")),
            Length(max=MAX_LOGIN_PASSWORD_LENGTH, message=PASSWORD_LENGTH),
        ],
        keep_whitespace=True,
    )
    password, password_repeat = _new_password_fields(_l("New password"))


LANGUAGE_CHOICES = [("de", "Deutsch"), ("en", "English")]


class ProfileForm(BaseForm):
    display_name = _display_name_field()
    locale = SelectField(
        _l("Language"),
        choices=LANGUAGE_CHOICES,
        validators=[DataRequired(message=_l("Please choose a language."))],
    )
    profile_consent = BooleanField(
        _l(
            "Yes, I want to tell you my district and age bracket. They are used only in "
            "aggregate statistics and never shown with my name. I can withdraw this at any time."
        )
    )
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=True)
    age_bracket = SelectField(_l("Age bracket"), validators=[Optional()], validate_choice=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.district.choices = district_choices(_l("not stated"))
        self.age_bracket.choices = [("", str(_l("not stated")))] + [
            (key, str(label)) for key, label in AGE_BRACKET_LABELS.items()
        ]


class TokenForm(BaseForm):
    name = StringField(
        _l("Name of the token"),
        validators=[
            DataRequired(message=_l("Please give the token a name.")),
            Length(max=80, message=_l("The name must have at most 80 characters.")),
        ],
    )
    expires_days = IntegerField(
        _l("Valid for (days)"),
        default=365,
        validators=[
            InputRequired(message=_l("Please enter a number of days between 1 and 730.")),
            NumberRange(
                min=1,
                max=MAX_TOKEN_DAYS,
                message=_l("Please enter a number of days between 1 and 730."),
            ),
        ],
    )


class DeleteAccountForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(message=PASSWORD_REQUIRED),
            Length(max=MAX_LOGIN_PASSWORD_LENGTH, message=PASSWORD_LENGTH),
        ],
        keep_whitespace=True,
    )
    confirm = BooleanField(
        _l("I understand that my account is deleted for good and cannot be restored."),
        validators=[
            DataRequired(message=_l("Please confirm that you want to delete the account."))
        ],
    )
