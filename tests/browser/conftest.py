"""Playwright on Debian's Chromium (never a downloaded browser), plus axe-core checks."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


# The `browser` and `page` fixtures live in tests/browser/fixtures.py, registered once
# for the whole suite from tests/conftest.py (two Playwright sessions at once fail).


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page, *, impacts=("serious", "critical")):
    """Run axe-core in the page; return the violations at the given impacts."""
    # Evaluated through the DevTools protocol, so the page's CSP (no inline
    # script) stays in force for the app while axe is loaded.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def confirm_decision(page):
    """The decision's confirmation step: tick "without findings" if asked, then record it."""
    page.locator(".confirm-consequences").wait_for()
    if page.locator("#confirm-ack").count():
        page.locator("#confirm-ack").check()
    page.get_by_role("button", name="Yes, record the decision").click()
