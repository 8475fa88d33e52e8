"""User text on the idea pages: stored sanitised, rendered escaped, nothing executable."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from idea_fixtures import *  # noqa: F403

from engage.ideas import operations as ops

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klick</a>',
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    "![bild](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '"><script>alert(1)</script>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](vbscript:msgbox(1))",
]

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "frame"}


class Audit(HTMLParser):
    """Collects everything executable in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        own = (attrs.get("src") or "").startswith(("/static/",))  # the platform's script, logo
        if tag in DANGEROUS_TAGS and not (own and tag in ("script", "img")):
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction", "data") and value:
                scheme = value.strip().lower().replace("\t", "").replace("\n", "")
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"{tag} {name}={value}")
            if name == "style":
                self.problems.append(f"{tag} style")


def audit(page: str) -> list[str]:
    parser = Audit()
    parser.feed(page)
    return parser.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_ideas_and_comments_are_not_executable(
    client, session, make_user, process, payload
):
    author = make_user(name=payload[:60])
    idea = ops.submit_idea(
        author,
        process,
        f"Idee {payload}"[:120],
        f"Vorher\n\n{payload}\n\nNachher",
        tags="harmlos",
    )
    ops.add_comment(author, idea, f"Kommentar {payload}")
    assert audit(idea.body) == []  # stored sanitised (escaped text is harmless)
    session.flush()
    for url in (f"/ideas/{idea.id}", f"/processes/{process.id}/ideas"):
        page = client.get(url).get_data(as_text=True)
        assert audit(page) == [], url
        assert "Vorher" in page or url.endswith("/ideas")


def test_audit_catches_what_it_should():
    assert audit('<a href="javascript:x">') and audit("<img src=x onerror=y>")
    assert audit("<script>x</script>") and not audit('<script src="/static/js/engage.js">')
