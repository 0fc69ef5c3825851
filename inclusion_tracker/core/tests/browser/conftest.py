"""Browser end-to-end tests: Playwright (sync API) driving Debian's chromium
against pytest-django's live server, with axe-core for accessibility.

Chromium comes from Debian (`apt-get install chromium`), never from
`playwright install`: browser downloads are not possible here. When it is
missing the tests are skipped with a reason, except under CI (CI set to
anything but false/0), where they fail: CI must never pass without them.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from inclusion_tracker.accounts.tests.factories import PASSWORD
from inclusion_tracker.core.tests.browser.support import (
    AXE_JS,
    BUILT_CSS,
    CHROMIUM,
    CHROMIUM_ARGS,
    describe_violations,
    in_ci,
    run_axe,
    submit,
)

# The sync API runs an event loop in this thread; Django refuses database
# access from a thread with a running loop unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOTS = Path(settings.BASE_DIR) / "test-results"
TIMEOUT_MS = 15_000


def _missing(reason: str):
    """Skip on a developer's machine; fail under CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so browser tests fail rather than skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        _missing(f"Debian chromium is not installed at {CHROMIUM}: apt-get install chromium")
    if not AXE_JS.exists():
        _missing(f"axe-core is not installed at {AXE_JS}: npm ci")
    if not BUILT_CSS.exists():
        _missing(f"The GOV.UK styles are not built at {BUILT_CSS}: npm run build (make assets)")
    # Django keeps database connections per thread, but per context while an
    # event loop runs in the thread, as one does from here on: without this,
    # tests would get new connection objects that lack the test database's
    # serialized contents, and later tests would find the role groups gone.
    outside = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in outside.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, django_db_serialized_rollback, request):
    """Opens pages in fresh browser contexts (no shared cookies) on the live
    server; closes them after the test, keeping a screenshot in test-results/
    when it fails.

    The live server needs a transactional database, which is emptied after
    each test: serialized rollback restores the role groups the migrations
    made, so the cast fixtures can give users their roles."""
    contexts = []

    def open_page(**context_options):
        context_options.setdefault("base_url", live_server.url)
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "rep_call", None)
    for number, context in enumerate(contexts):
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            for page_number, page in enumerate(context.pages):
                name = f"{request.node.name}-{number}-{page_number}.png".replace("/", "_")
                page.screenshot(path=SCREENSHOTS / name, full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh context. The context bypasses the Content Security
    Policy only so that axe-core can be injected as an inline script; the
    policy itself is checked by a test that opens its own context."""
    return new_page(bypass_csp=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def axe():
    """axe(page) runs axe-core (WCAG 2.2 A and AA rules) on the page as it is
    now and returns the violations."""
    return run_axe


@pytest.fixture
def assert_accessible():
    """assert_accessible(page) fails with each violation's id, the selectors of
    the elements at fault and the help text, when axe-core finds any."""

    def check(page):
        violations = run_axe(page)
        assert not violations, f"{page.url}\n{describe_violations(violations)}"

    return check


@pytest.fixture
def sign_in():
    """Signs in through the real form, as a person would, and waits for the
    page that follows."""

    def sign_in_as(page, user, password=PASSWORD):
        page.goto("/sign-in/")
        # Says which page it is if it is not the sign-in page.
        expect(page.locator("h1")).to_have_text("Sign in to Inclusion Tracker")
        page.get_by_label("Email address", exact=True).fill(user.email)
        page.get_by_label("Password", exact=True).fill(password)
        submit(page, "Sign in")
        return page

    return sign_in_as
