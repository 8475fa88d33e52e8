"""Markdown source re-derived from stored, sanitised HTML, to fill edit forms.

Themes, organisations and processes keep only the rendered HTML of their descriptions. Until
they keep the source too, their edit forms start from Markdown rebuilt from that HTML. The
HTML holds only the few tags of :mod:`engage.core.text`'s allow-list, so the round trip
``render_markdown(html_to_markdown(html)) == html`` holds for what editors normally write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK = {"p", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "hr", "img"}
_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|=+\s*$|-+\s*$)")


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # _Node or str


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _inline(nodes: list) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_ESCAPE.sub(r"\\\1", node))
        elif node.tag == "br":
            out.append("\\\n")
        elif node.tag in {"strong", "b"}:
            out.append(f"**{_inline(node.children)}**")
        elif node.tag in {"em", "i"}:
            out.append(f"*{_inline(node.children)}*")
        elif node.tag == "a":
            href = node.attrs.get("href", "")
            text = _inline(node.children)
            plain = "".join(c for c in node.children if isinstance(c, str))
            if href and plain == href and re.match(r"https?://", href):
                out.append(href)  # a bare address, linked by the sanitiser
            elif href:
                target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
                out.append(f"[{text}]({target})")
            else:
                out.append(text)
        else:
            out.append(_inline(node.children))
    text = "".join(out).replace("\\\n\n", "\\\n")
    return text


def _guard_line_starts(text: str) -> str:
    """Escape what would start a heading, list or quote at the beginning of a line."""
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        lines.append(indent + _LINE_START.sub(lambda m: "\\" + m.group(0), stripped))
    return "\n".join(lines)


def _paragraph(nodes: list) -> str:
    text = _inline(nodes).strip("\n")
    text = _guard_line_starts(text)
    # "1. text" at a line start would become a list: escape the dot.
    return re.sub(r"(?m)^(\s*\d+)([.)])(?=\s|$)", r"\1\\\2", text)


def _blocks(nodes: list) -> tuple[list[str], bool]:
    """Markdown blocks of ``nodes`` and whether any of them was a paragraph (loose lists)."""
    blocks: list[str] = []
    run: list = []
    loose = False

    def flush() -> None:
        if run and any(not isinstance(n, str) or n.strip() for n in run):
            blocks.append(_paragraph(run))
        run.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCK:
            run.append(node)
            continue
        flush()
        if node.tag == "p":
            loose = True
            blocks.append(_paragraph(node.children))
        elif node.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = int(node.tag[1])
            blocks.append("#" * level + " " + _inline(node.children).strip())
        elif node.tag in {"ul", "ol"}:
            blocks.append(_list(node))
        elif node.tag == "blockquote":
            inner = "\n\n".join(_blocks(node.children)[0])
            blocks.append("\n".join(f"> {line}" if line else ">" for line in inner.split("\n")))
        else:
            blocks.extend(_blocks(node.children)[0])
    flush()
    return blocks, loose


def _list(node: _Node) -> str:
    items = [child for child in node.children if isinstance(child, _Node) and child.tag == "li"]
    rendered = []
    any_loose = False
    for number, item in enumerate(items, start=1):
        blocks, loose = _blocks(item.children)
        any_loose = any_loose or loose
        marker = f"{number}. " if node.tag == "ol" else "- "
        body = ("\n\n" if loose else "\n").join(blocks)
        lines = body.split("\n") if body else [""]
        indent = " " * len(marker)
        rendered.append(
            marker + lines[0] + "".join(f"\n{indent}{line}" if line else "\n" for line in lines[1:])
        )
    return ("\n\n" if any_loose else "\n").join(rendered)


def html_to_markdown(html: str | None) -> str:
    """Markdown that renders back to ``html`` (for the allow-listed tags)."""
    if not html:
        return ""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return "\n\n".join(_blocks(builder.root.children)[0]).strip()
