"""Legal hold and subject access export in a real browser: an administrator
places and removes a legal hold and downloads everything held about a child;
axe-core finds no WCAG 2.2 A or AA failures on the pages, their error
states, or the export's summary.html."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.privacy.tests.helpers import closed_years_ago, the_file

pytestmark = pytest.mark.browser


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def test_an_administrator_places_and_removes_a_legal_hold_and_exports_a_childs_data(
    page, sign_in, school_a, officer, admin_user, assert_accessible
):
    child = the_file(closed_on=closed_years_ago(1), school=school_a, officer=officer)
    sign_in(page, admin_user)
    page.goto(f"/children/{child.pk}/")

    follow(page, "Place a legal hold")
    expect(page.locator("h1")).to_have_text("Place a legal hold")
    assert_accessible(page)
    submit(page, "Place legal hold")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why this record must be kept"
    )
    assert_accessible(page)
    page.get_by_label("Why must this record be kept?").fill("Court case 2026/4")
    submit(page, "Place legal hold")
    expect(page.locator("main .govuk-tag--orange")).to_have_text("Legal hold")
    assert_accessible(page)

    follow(page, "Remove the legal hold")
    expect(page.locator("h1")).to_have_text("Legal hold")
    expect(page.locator("main")).to_contain_text("Court case 2026/4")
    assert_accessible(page)
    submit(page, "Remove the legal hold")
    expect(page.locator("h1")).to_have_text(child.full_name)
    expect(page.get_by_role("link", name="Place a legal hold")).to_be_visible()
    expect(page.locator("main .govuk-tag--orange")).to_have_count(0)

    follow(page, "Export everything held about this child")
    expect(page.locator("h1")).to_have_text("Export everything held about this child")
    assert_accessible(page)
    submit(page, "Download the export")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are exporting this child's data"
    )
    assert_accessible(page)
    page.get_by_label("Why are you exporting this child's data?").fill("SAR 2026/17")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export", exact=True).click()
    assert download.value.suggested_filename.startswith(f"subject-access-child-{child.pk}-")
    with open(download.value.path(), "rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    summary = archive.read("summary.html").decode()

    page.set_content(summary)
    expect(page.locator("h1")).to_have_text("Everything held about a child")
    expect(page.locator("main")).to_contain_text("Zofia")
    assert_accessible(page)
