"""Browser fixtures: Debian's Chromium driven by Playwright, and an axe-core accessibility check.

Every browser test takes `page` (a fresh Chromium page) and calls `assert_accessible(page)` on the
pages it opens: no serious or critical axe violations. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, sync_playwright

from kinmap.core.testing import PASSWORD

CHROMIUM = os.environ.get("KINMAP_CHROMIUM", "/usr/bin/chromium")
AXE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.REPO_DIR) / "test-artifacts"

# Playwright's sync API runs an event loop in the thread; Django's async-safety check would refuse
# the database calls the live server fixture makes from the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--lang=en-GB"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_accessible(page: Page, *, screenshot: str | None = None) -> None:
    """Run axe on the page as it stands; fail on any serious or critical violation."""
    if screenshot:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{screenshot}.png"), full_page=True)
    bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(describe(v) for v in bad)


def axe_violations(page: Page) -> list[dict]:
    """Every violation axe finds on the page as it stands, of any impact."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document)).violations")


def describe(violation: dict) -> str:
    nodes = [(n["target"], n["html"][:120]) for n in violation["nodes"]][:3]
    return f"{violation['impact']}: {violation['id']}: {violation['help']} at {nodes}"
