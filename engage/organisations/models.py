"""The partners of the Smart-City Innovation Unit; each owns processes."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.models import TimestampMixin
from engage.extensions import db


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)  # URL name
    name: Mapped[str] = mapped_column(String(120))  # official name, not translated
    description_de: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    description_en: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    website: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in lists

    @property
    def description(self) -> str:
        from flask_babel import get_locale

        return (
            self.description_en
            if str(get_locale()) == "en" and self.description_en
            else self.description_de
        )

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
