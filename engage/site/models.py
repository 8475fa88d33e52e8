"""Pages the operator edits: Impressum, Datenschutz, Erklärung zur Barrierefreiheit."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.models import TimestampMixin
from engage.extensions import db

LEGAL_SLUGS = ("impressum", "datenschutz", "barrierefreiheit")


class SitePage(TimestampMixin, db.Model):
    __tablename__ = "site_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    title_de: Mapped[str] = mapped_column(String(160))
    title_en: Mapped[str] = mapped_column(String(160))
    source_de: Mapped[str] = mapped_column(Text, default="")  # Markdown as the admin wrote it
    source_en: Mapped[str] = mapped_column(Text, default="")
    body_de: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML rendered from source
    body_en: Mapped[str] = mapped_column(Text, default="")

    @property
    def title(self) -> str:
        return self.title_en if str(get_locale()) == "en" else self.title_de

    @property
    def body(self) -> str:
        return self.body_en if str(get_locale()) == "en" and self.body_en else self.body_de
