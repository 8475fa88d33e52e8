"""User text: light Markdown rendered and sanitised with bleach when stored."""

from __future__ import annotations

import re
import unicodedata

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_RICH_TAGS = ALLOWED_TAGS | {"h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}

# "commonmark" without raw HTML, images or tables: only what citizens need.
_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable("image")


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


_linker = bleach.Linker(callbacks=[_set_link_rel], parse_email=False)


def sanitize_html(html: str, *, rich: bool = False) -> str:
    """Reduce HTML to the allow-list; links get rel=nofollow."""
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_RICH_TAGS if rich else ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return _linker.linkify(cleaned)


def render_markdown(text: str, *, rich: bool = False) -> str:
    """Light Markdown (paragraphs, lists, bold, italic, links) to sanitised HTML."""
    text = normalize_text(text)
    html = _markdown.render(text)
    if not rich:
        # Headings are not offered to citizens: show them as strong paragraphs.
        html = re.sub(r"<h[1-6]>(.*?)</h[1-6]>", r"<p><strong>\1</strong></p>", html)
    else:
        html = re.sub(r"<h1>(.*?)</h1>", r"<h2>\1</h2>", html)
    return sanitize_html(html, rich=rich).strip()


def safe(html: str | None) -> Markup:
    """Mark stored, already sanitised HTML as safe for Jinja."""
    return Markup(html or "")  # noqa: S704 - only ever called on sanitised HTML


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no control characters (NUL and friends)."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def normalize_line(text: str) -> str:
    """A single line: normalised, whitespace collapsed, trimmed."""
    return " ".join(normalize_text(text).split())


def slugify(value: str, max_length: int = 80) -> str:
    value = value.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    value = value.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-zA-Z0-9]+", "-", value).strip("-").lower()
    return value[:max_length].strip("-") or "item"
