"""Helpers for the browser tests: where Chromium and axe-core are, running
axe-core on a page, and submitting a form."""

import os
from pathlib import Path

from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
# Chromium as root, on a machine with no screen, no GPU and a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = Path(settings.BASE_DIR) / "inclusion_tracker" / "static" / "dist" / "application.css"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}


def run_axe(page) -> list[dict]:
    """Injects axe-core into the page and returns its WCAG 2.2 A and AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations",
        WCAG_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    """Each violation's id, impact and help, and the selectors of the elements at fault."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def submit(page, button_name: str) -> None:
    """Clicks the button and waits for the page the server sends back."""
    with page.expect_navigation():
        page.get_by_role("button", name=button_name, exact=True).click()
