"""Base schemas of the API: one marshmallow shape serves validation, output and the document.

* :class:`InputSchema` — JSON bodies: unknown fields are refused, strings may not carry NUL.
* :class:`QuerySchema` — query strings: unknown parameters are ignored, empty ones are absent.
* :class:`OutputSchema` — responses: every declared field is always present (documented as
  ``required``), unknown attributes never leak (``additionalProperties: false``).

Marshmallow's built-in messages are English; every base here swaps them, on the schema's own
copies of its fields and validators, for localised messages resolved when the error is shown.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from engage.core.pagination import MAX_PAGE

MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database; larger ones cannot exist


class LocalisedMessage(str):
    """A message marshmallow can treat as a ``str`` that is translated when it is used.

    Marshmallow calls ``.format(...)`` on messages (fields and validators); that is where the
    lazy message is translated into the request's language.  ``str()`` translates too.
    """

    lazy: Any

    def __new__(cls, lazy: Any) -> LocalisedMessage:
        obj = super().__new__(cls, "")
        obj.lazy = lazy
        return obj

    def __str__(self) -> str:
        return str(self.lazy)

    def __repr__(self) -> str:
        return f"LocalisedMessage({str(self.lazy)!r})"

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return str(self.lazy).format(*args, **kwargs)

    # Equal strings compare by identity of the message, not by the empty placeholder text.
    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


def localised(lazy: Any) -> LocalisedMessage:
    return LocalisedMessage(lazy)


# Marshmallow's English defaults (fields, validators) → localised messages.  Placeholders in
# braces are filled in by marshmallow ({choices}, {min}, {max}).
DEFAULT_MESSAGES: dict[str, Any] = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field may not be null."),
    "Invalid value.": _l("This value is not valid."),
    "Invalid input.": _l("This value is not valid."),
    "Not a valid string.": _l("Please give a text."),
    "Not a valid utf-8 string.": _l("Please give a text in UTF-8."),
    "Not a valid number.": _l("Please give a number."),
    "Number too large.": _l("This number is too large."),
    "Not a valid integer.": _l("Please give a whole number."),
    "Special numeric values (nan or infinity) are not permitted.": _l("Please give a number."),
    "Not a valid boolean.": _l("Please give true or false."),
    "Not a valid list.": _l("Please give a list."),
    "Not a valid tuple.": _l("Please give a list."),
    "Not a valid mapping type.": _l("Please give an object."),
    "Invalid type.": _l("Please give an object."),
    "Not a valid email address.": _l("Please give a valid e-mail address."),
    "Not a valid URL.": _l("Please give a valid web address."),
    "Not a valid {obj_type}.": _l("Please give a date and time in ISO 8601 format."),
    "Not a valid {awareness} {obj_type}.": _l(
        "Please give a date and time with a time zone offset, e.g. 2026-05-04T10:00:00+02:00."
    ),
    "Not a valid date.": _l("Please give a date as YYYY-MM-DD."),
    "Must be one of: {choices}.": _l("Must be one of: {choices}."),
    "String does not match expected pattern.": _l("This value does not have the expected form."),
    "Unknown field.": _l("This field is not known."),
    "Invalid input type.": _l("Please send a JSON object."),
}
_LOCALISED = {key: localised(value) for key, value in DEFAULT_MESSAGES.items()}

TEXT_LENGTH = {
    "min": localised(_l("Please give at least {min} characters.")),
    "max": localised(_l("Please give at most {max} characters.")),
    "all": localised(_l("Please give between {min} and {max} characters.")),
    "equal": localised(_l("Please give exactly {equal} characters.")),
}
LIST_LENGTH = {
    "min": localised(_l("Please give at least {min} entries.")),
    "max": localised(_l("Please give at most {max} entries.")),
    "all": localised(_l("Please give between {min} and {max} entries.")),
    "equal": localised(_l("Please give exactly {equal} entries.")),
}
RANGE = {
    ("min", True): localised(_l("Must be at least {min}.")),
    ("min", False): localised(_l("Must be greater than {min}.")),
    ("max", True): localised(_l("Must be at most {max}.")),
    ("max", False): localised(_l("Must be less than {max}.")),
}
RANGE_ALL = localised(_l("Must be between {min} and {max}."))
NUL_MESSAGE = localised(_l("Text may not contain NUL characters."))


def _swap(message: Any) -> Any:
    """The localised message for one of marshmallow's English defaults (else unchanged)."""
    if type(message) is str:
        return _LOCALISED.get(message, message)
    return message


def _localise_validator(validator: Any, field: fields.Field) -> None:
    """Replace a validator's default English messages (on the schema's own copy)."""
    if isinstance(validator, validate.Length):
        if validator.error is None:
            texts = TEXT_LENGTH if isinstance(field, fields.String) else LIST_LENGTH
            validator.message_min = texts["min"]
            validator.message_max = texts["max"]
            validator.message_all = texts["all"]
            validator.message_equal = texts["equal"]
    elif isinstance(validator, validate.Range):
        if validator.error is None:
            validator.message_min = RANGE[("min", validator.min_inclusive)]
            validator.message_max = RANGE[("max", validator.max_inclusive)]
            validator.message_all = RANGE_ALL
    elif hasattr(validator, "error"):
        validator.error = _swap(validator.error)


def _reject_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(NUL_MESSAGE)
    return value


def _localise_field(field: fields.Field) -> None:
    field.error_messages = {key: _swap(msg) for key, msg in field.error_messages.items()}
    for validator in field.validators:
        _localise_validator(validator, field)
    if isinstance(field, fields.String) and _reject_nul not in field.validators:
        field.validators.append(_reject_nul)
    inner = getattr(field, "inner", None)  # List(...)
    if isinstance(inner, fields.Field):
        _localise_field(inner)
    value_field = getattr(field, "value_field", None)  # Dict(values=...)
    if isinstance(value_field, fields.Field):
        _localise_field(value_field)
    key_field = getattr(field, "key_field", None)
    if isinstance(key_field, fields.Field):
        _localise_field(key_field)


class APISchema(Schema):
    """Common base: localised messages, NUL-free strings."""

    error_messages: ClassVar[dict[str, Any]] = {
        "unknown": _LOCALISED["Unknown field."],
        "type": _LOCALISED["Invalid input type."],
    }

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        _localise_field(field_obj)


class InputSchema(APISchema):
    """A JSON request body; unknown fields are refused (422) rather than silently dropped."""

    class Meta:
        unknown = RAISE


class QuerySchema(APISchema):
    """Query-string parameters; unknown ones are ignored (clients add cache busters)."""

    class Meta:
        unknown = EXCLUDE


class OutputSchema(APISchema):
    """A response shape: every declared field is always present, nothing undeclared leaks."""

    class Meta:
        unknown = RAISE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        super().on_bind_field(field_name, field_obj)
        field_obj.required = True  # only documents "always present"; outputs are never loaded


class ConfigRange(validate.Range):
    """A range whose maximum is read from the app's configuration when it is used."""

    def __init__(self, min: int | None = None, *, max_key: str) -> None:
        self.max_key = max_key
        super().__init__(min=min, max=None)

    @property
    def max(self) -> int:  # type: ignore[override]
        return int(current_app.config[self.max_key])

    @max.setter
    def max(self, value: Any) -> None:  # set (to None) by Range.__init__; the config decides
        pass


# --- shapes every area uses -------------------------------------------------------------------


class PaginationQuery(QuerySchema):
    """``page`` and ``per_page`` of every list (``per_page`` at most ``API_MAX_PER_PAGE``)."""

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Page number, from 1."},
    )
    per_page = fields.Integer(
        load_default=20,
        validate=ConfigRange(min=1, max_key="API_MAX_PER_PAGE"),
        metadata={"description": "Items per page."},
    )


class ErrorDetailSchema(OutputSchema):
    code = fields.String(metadata={"description": "Machine-readable code, e.g. `invalid`."})
    message = fields.String(metadata={"description": "Localised message for people."})
    # Named apart from Schema.fields; "fields" on the wire.
    field_errors = fields.Dict(
        data_key="fields",
        attribute="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={
            "description": "Field or parameter at fault → localised messages; nested fields "
            "are joined with dots (`answers.0.text`); `_schema` concerns the whole body."
        },
    )


class ErrorSchema(OutputSchema):
    error = fields.Nested(ErrorDetailSchema)


_pages: dict[type[Schema], type[Schema]] = {}


def page_of(item: type[Schema]) -> type[OutputSchema]:
    """The list envelope ``{items, page, per_page, total}`` around ``item`` (one class each)."""
    if item not in _pages:
        name = item.__name__.removesuffix("Schema") + "PageSchema"
        _pages[item] = type(
            name,
            (OutputSchema,),
            {
                "items": fields.List(fields.Nested(item)),
                "page": fields.Integer(),
                "per_page": fields.Integer(),
                "total": fields.Integer(metadata={"description": "Items on all pages."}),
                "__doc__": f"One page of {item.__name__.removesuffix('Schema')} items.",
            },
        )
    return _pages[item]


class Slug(fields.String):
    """A query parameter or body field naming a row by its slug; loads the row itself.

    An unknown slug is a 422 at this field.  Over-long or NUL-bearing values are refused before
    the database sees them.
    """

    default_error_messages: ClassVar[dict[str, Any]] = {
        "unknown": localised(_l("There is nothing with this name.")),
    }

    def __init__(self, model: type, *, max_length: int = 80, **kwargs: Any) -> None:
        self.model = model
        self.max_length = max_length
        kwargs.setdefault("metadata", {}).setdefault("maxLength", max_length)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        from sqlalchemy import select

        from engage.extensions import db

        slug = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in slug or len(slug) > self.max_length:
            raise self.make_error("unknown")
        row = db.session.scalar(select(self.model).where(self.model.slug == slug))
        if row is None:
            raise self.make_error("unknown")
        return row
