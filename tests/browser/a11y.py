"""Accessibility checks for the browser tests (import by name: ``from a11y import ...``).

API (``page`` is a Playwright page of the ``page``/``page_nojs`` fixtures of browser_helpers):

- ``check_a11y(page, label)`` — runs axe-core (``node_modules/axe-core``, installed by
  ``make node_modules/axe-core/axe.min.js``, a prerequisite of ``make test``) on the page as it is
  now, for the WCAG 2.0/2.1 A and AA rules, and fails listing every violation (rule, impact,
  target selectors, HTML snippet). Axe is evaluated through the DevTools protocol, so the app's
  Content-Security-Policy (no inline scripts) stays in force; works with JavaScript off too.
- ``check_a11y_both(page, label, back=True)`` — the same in the page's language, then in the
  other one (German and English) through the language switch of the header (a reload: input
  typed into a form is lost), then switches back (``back=False``: stays).
- ``switch_language(page, "en" | "de")`` — presses the header's language button (a form post,
  works without JavaScript) and waits for the page to load again.
- ``assert_no_sideways_scroll(page, label)`` — at the current viewport the document is not wider
  than the window; names the elements that stick out.
- ``small_screens(page, name)`` — at 360 px: no sideways scrolling; screenshots at 360 px and
  1280 px to ``test-artifacts/screenshots/<name>-<width>.png`` (``ENGAGE_TEST_ARTIFACTS``
  overrides the folder); restores the 1280 px viewport.
- Keyboard: ``press(page, key)`` (a key, then the focus must be visible), ``tab_to(page,
  selector, backwards=False)`` (Tab/Shift+Tab until the focused element matches ``selector``,
  checking on every step that the focus is visible), ``assert_focus_visible(page)``,
  ``focused(page)`` (a short description of ``document.activeElement``).

``ALLOWED`` is the one place where a wrongly flagged rule is named, with the element (a CSS
selector as axe reports it) and the reason. It stays empty unless axe is truly wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("ENGAGE_TEST_ARTIFACTS") or ROOT / "test-artifacts")
SCREENSHOTS = ARTIFACTS / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SMALL, LARGE = 360, 1280
HEIGHT = 800

# rule id -> {axe target selector: reason}. Only for rules axe flags wrongly.
ALLOWED: dict[str, dict[str, str]] = {}

_axe_source: list[str] = []


def _axe() -> str:
    if not _axe_source:
        if not AXE_JS.exists():
            pytest.fail(
                f"{AXE_JS.relative_to(ROOT)} is missing: run "
                "`make node_modules/axe-core/axe.min.js` (npm ci; `make test` does it)"
            )
        _axe_source.append(AXE_JS.read_text(encoding="utf-8"))
    return _axe_source[0]


_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(" "),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The WCAG 2.0/2.1 A+AA violations axe finds on the page, minus ALLOWED ones."""
    if not getattr(page, "javascript", True):
        # axe.run waits on timers, which never fire where scripts are switched off.
        raise AssertionError("axe needs a page with JavaScript (the `page` fixture)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe())
    violations = []
    for violation in page.evaluate(_RUN, WCAG_TAGS):
        allowed = ALLOWED.get(violation["id"], {})
        nodes = [n for n in violation["nodes"] if n["target"] not in allowed]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:300]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def check_a11y(page, label: str) -> None:
    """Zero axe violations (WCAG 2.1 AA) on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe: {len(violations)} WCAG violation(s) on {label} ({page.url}):\n"
        + format_violations(violations)
    )


def current_language(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def switch_language(page, lang: str) -> None:
    """Press the header's language button for ``lang`` (no-op if already chosen)."""
    if current_language(page) == lang:
        return
    page.locator(f"form.language-switch button[value={lang}]").click()
    page.wait_for_load_state()
    assert current_language(page) == lang, page.url


def check_a11y_both(page, label: str, *, back: bool = True) -> None:
    """Axe in the page's language and in the other one (German and English); then back to the
    first language (``back=False``: stay in the other one, saving a page load)."""
    first = current_language(page)
    other = "en" if first == "de" else "de"
    check_a11y(page, f"{label} [{first}]")
    switch_language(page, other)
    check_a11y(page, f"{label} [{other}]")
    if back:
        switch_language(page, first)


# --- small screens -------------------------------------------------------------------------

_WIDER = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string"
           ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      out.push(`${name} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, client: width, out: out.slice(0, 15)};
}"""


def assert_no_sideways_scroll(page, label: str) -> None:
    sizes = page.evaluate(_WIDER)
    assert sizes["scroll"] <= sizes["client"], (
        f"{label} scrolls sideways at {page.viewport_size['width']} px: document "
        f"{sizes['scroll']} px wide, window {sizes['client']} px; sticking out: {sizes['out']}"
    )


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def small_screens(page, name: str) -> None:
    """At 360 px no sideways scrolling; screenshots at 360 and 1280 px as artefacts."""
    try:
        page.set_viewport_size({"width": SMALL, "height": HEIGHT})
        assert_no_sideways_scroll(page, name)
        screenshot(page, name)
    finally:
        page.set_viewport_size({"width": LARGE, "height": HEIGHT})
    screenshot(page, name)


# --- keyboard ------------------------------------------------------------------------------

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "body";
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "")
    + (el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : "")
    + (text ? ` "${text.slice(0, 40)}"` : "");
}"""

_FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  return (outline || shadow) && box.width > 0 && box.height > 0;
}"""


def focused(page) -> str:
    return page.evaluate(_FOCUSED)


def assert_focus_visible(page) -> None:
    assert page.evaluate(_FOCUS_VISIBLE), f"focus not visible on {focused(page)} ({page.url})"


def press(page, key: str) -> None:
    """Press ``key``; afterwards the focus is on an element (not lost) and visibly marked."""
    page.keyboard.press(key)
    assert_focus_visible(page)


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 120) -> None:
    """Tab (or Shift+Tab) until the focused element matches ``selector``; every stop along the
    way must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        seen.append(focused(page))
    raise AssertionError(f"{selector} not reached by {key} on {page.url}; focus went: {seen}")
