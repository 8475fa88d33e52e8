"""The five lead themes (Leitthemen) of Bochum's Smart-City concept."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.models import TimestampMixin
from engage.extensions import db


class Theme(TimestampMixin, db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)  # URL name
    name_de: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_de: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    description_en: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    color: Mapped[str] = mapped_column(String(7), default="#005ca9")  # #rrggbb, AA on white
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)  # order, 1..5

    @property
    def name(self) -> str:
        return self.name_en if str(get_locale()) == "en" else self.name_de

    @property
    def description(self) -> str:
        return self.description_en if str(get_locale()) == "en" else self.description_de

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"
