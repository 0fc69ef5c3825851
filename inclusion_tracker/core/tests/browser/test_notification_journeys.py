"""The "Record absence data" service in a real browser: a school user signs in
through the real form and sends one whole notification of each kind, page by
page, as a person would: answers typed into labelled fields, a deliberate
mistake seen in the error summary and corrected. axe-core finds no WCAG 2.2
A or AA failures on any page on the way, error states included. One journey
is also sent with JavaScript switched off, and the officers' pages are
checked too."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.tests.browser.support import submit
from inclusion_tracker.notifications.models import Kind, Notification, Status
from inclusion_tracker.notifications.tests.helpers import (
    CONTACT_ATTEMPT,
    EARLY_YEARS_ANSWERS,
    OTHER_ANSWERS,
    PART_TIME_ANSWERS,
    answer_all,
    answer_removal,
    start,
)

pytestmark = pytest.mark.browser

CONTINUE = "Save and continue"
REFERENCE = re.compile(r"/notify/([A-Z]{3}-[A-Z0-9]+)/")


class Flow:
    """One person going through the service in one browser page. `check`
    runs on every page reached (axe-core, or nothing without JavaScript)."""

    def __init__(self, page, check):
        self.page = page
        self.check = check

    def at(self, heading: str, *, caption: str | None = None):
        """Says which page this is, then checks it."""
        expect(self.page.locator("h1")).to_have_text(heading)
        if caption is not None:
            expect(self.page.locator(".govuk-caption-l")).to_have_text(caption)
        assert not self.page.title().startswith("Error:"), self.page.title()
        self.check(self.page)
        return self

    def group(self, legend: str):
        """A fieldset (radios, checkboxes or a date) by its legend."""
        return self.page.get_by_role("group", name=legend, exact=True)

    def fill(self, label: str, value: str):
        self.page.get_by_label(label, exact=True).fill(value)

    def choose(self, legend: str, option: str):
        self.group(legend).get_by_label(option, exact=True).check()

    def tick(self, legend: str, *options: str):
        for option in options:
            self.group(legend).get_by_label(option, exact=True).check()

    def select(self, label: str, option: str):
        self.page.get_by_label(label, exact=True).select_option(label=option)

    def date(self, legend: str, day, month, year):
        group = self.group(legend)
        group.get_by_label("Day", exact=True).fill(str(day))
        group.get_by_label("Month", exact=True).fill(str(month))
        group.get_by_label("Year", exact=True).fill(str(year))

    def press(self, button: str = CONTINUE):
        submit(self.page, button)

    def expect_error(
        self, message: str, *, described: str | None = None, by_the_field: bool = True
    ):
        """The page came back with the error summary and (`by_the_field`) the
        field's own error message; the summary links to something on the page;
        the title says there is an error. `described` names the field (its
        label or legend) whose accessible description must carry the error."""
        page = self.page
        assert page.title().startswith("Error:"), page.title()
        summary = page.locator(".govuk-error-summary")
        expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
        link = summary.get_by_role("link", name=message, exact=True)
        expect(link).to_be_visible()
        expect(page.locator(link.get_attribute("href"))).to_have_count(1)
        if by_the_field:
            errors = page.locator(".govuk-error-message").filter(has_text=message)
            expect(errors).to_be_visible()
        if described is not None:
            field = page.get_by_label(described, exact=True).or_(self.group(described))
            expect(field.first).to_have_accessible_description(re.compile(re.escape(message)))
        self.check(page)

    def reference(self) -> str:
        match = REFERENCE.search(self.page.url)
        assert match, self.page.url
        return match.group(1)

    # Pages every kind shares.

    def start(self, kind_title: str):
        page = self.page
        with page.expect_navigation():
            page.locator("nav[aria-label='Menu']").get_by_role(
                "link", name="Notify", exact=True
            ).click()
        assert page.url.endswith("/notify/")
        # This page has two level 1 headings: the page's, and the question's legend.
        heading = "Record absence data"
        expect(page.get_by_role("heading", level=1, name=heading, exact=True)).to_be_visible()
        self.check(page)
        self.choose("What do you need to tell the Inclusion service about?", kind_title)
        self.press("Start now")

    def child(self, *, first, last, born, year_group, upn="", upn_reason=""):
        self.at("The child's unique pupil number", caption="About the child")
        if upn:
            self.fill("Unique pupil number (UPN)", upn)
        else:
            self.fill("If you do not know the UPN, tell us why", upn_reason)
        self.press()

        self.at("The child's name and date of birth", caption="About the child")
        self.fill("First name", first)
        self.fill("Last name", last)
        self.date("Date of birth", *born)
        self.select("Year group", year_group)
        self.press()

        self.at("The child's home address", caption="About the child")
        self.fill("Address line 1", "1 High Street")
        self.fill("Town or city", "Leicester")
        self.fill("Postcode", "le1 2ab")
        self.press()

    def flags(self, *flags: str):
        legend = "Which of these apply to the child?"
        self.at(legend, caption="About the child")
        self.tick(legend, *flags)
        self.press()

    def check_answers_and_send(self, title: str, *shown: str) -> str:
        page = self.page
        self.at("Check your answers before sending", caption=title)
        expect(page.get_by_text("You cannot send this yet")).to_have_count(0)
        main = page.locator("main")
        for text in shown:
            expect(main).to_contain_text(text)
        reference = self.reference()
        self.press("Accept and send")

        assert page.url.endswith(f"/notify/{reference}/confirmation/"), page.url
        self.at(f"{title} sent")
        expect(page.locator(".govuk-panel__body")).to_contain_text(reference)
        expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
        return reference

    def open_sent(self, reference: str, child_name: str):
        """From the header, the school's list, then the notification itself."""
        page = self.page
        with page.expect_navigation():
            page.locator("nav[aria-label='Menu']").get_by_role(
                "link", name="Your notifications", exact=True
            ).click()
        self.at("Your notifications")
        sent = page.get_by_role("table", name="Sent notifications")
        row = sent.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text(child_name)
        with page.expect_navigation():
            row.get_by_role("link", name=reference, exact=True).click()
        self.at(f"{reference}: {child_name}")


def part_time_timetable(flow: Flow) -> str:
    """Sends a part-time timetable with an off-site provider: a date that does
    not exist on the dates page, and continuing with no provider added, are
    corrected on the way. Returns the reference."""
    title = "Part-time (reduced) timetable"
    caption = "The part-time timetable"
    flow.start(title)
    flow.child(
        first="Amelia", last="Khan", born=(12, 3, 2015), year_group="Year 5", upn="B801200005001"
    )

    flow.at("Dates of the part-time timetable", caption=caption)
    flow.date("Start date", 31, 2, 2026)
    flow.date("End date: when the child returns to full-time education", 10, 4, 2026)
    flow.press()
    flow.expect_error("Start date must be a real date", described="Start date")
    # What was typed is still there, to be corrected rather than typed again.
    end = flow.group("End date: when the child returns to full-time education")
    expect(end.get_by_label("Day", exact=True)).to_have_value("10")
    expect(flow.group("Start date").get_by_label("Day", exact=True)).to_have_value("31")
    flow.date("Start date", 2, 3, 2026)
    flow.press()

    flow.at("Hours of education", caption=caption)
    flow.fill("Hours of education a week on the part-time timetable", "15")
    flow.fill("The school's full-time hours a week", "32.5")
    flow.press()

    legend = "Why is the child on a part-time timetable?"
    flow.at(legend, caption=caption)
    flow.choose(legend, "Medical or health needs")
    flow.fill("Give details", "Recovering from an operation")
    flow.press()

    legend = "Has a parent or carer the child lives with agreed to the part-time timetable?"
    flow.at(legend, caption=caption)
    flow.choose(legend, "Yes")
    flow.fill("Name of the parent or carer who agreed", "Sara Khan")
    flow.date("Date they agreed", 27, 2, 2026)
    flow.press()

    flow.at("Support and plan for return", caption=caption)
    flow.fill("What support is in place for the child?", "Work sent home; weekly call")
    flow.fill(
        "What is the plan for the child's return to full-time education?",
        "Add a day each fortnight",
    )
    flow.press()

    legend = "Does the child attend any off-site provision?"
    flow.at(legend, caption=caption)
    flow.choose(legend, "Yes")
    flow.press()

    flow.at("Add off-site providers", caption=caption)
    flow.press()
    # A page-level error: the summary links to the first field, which has no
    # error message of its own.
    flow.expect_error("Add at least one off-site provider", by_the_field=False)
    flow.fill("Name of the provider", "County Hospital School")
    flow.fill("Hours a week at this provider", "4")
    flow.press("Add this provider")
    flow.at("You have added 1 off-site provider", caption=caption)
    expect(flow.page.locator(".govuk-summary-list")).to_contain_text(
        "County Hospital School: 4 hours a week"
    )
    flow.press()

    legend = "When is the first review of the part-time timetable?"
    flow.at(legend, caption=caption)
    flow.date(legend, 20, 3, 2026)
    flow.press()

    flow.flags("Education, health and care plan (EHCP)")

    reference = flow.check_answers_and_send(
        title,
        "B801200005001",
        "Amelia",
        "LE1 2AB",
        "2 March 2026",
        "10 April 2026",
        "County Hospital School: 4 hours a week",
        "Education, health and care plan (EHCP)",
    )
    assert reference.startswith("PTT-")
    expect(flow.page.locator("main")).to_contain_text("The first review is due on 20 March 2026")
    return reference


def record_a_review(flow: Flow, reference: str):
    """From the sent part-time timetable's page: a review with the next
    review's date left out, then put in."""
    page = flow.page
    with page.expect_navigation():
        page.get_by_role("link", name="Record a review", exact=True).click()
    flow.at("Record a review of the part-time timetable", caption=f"{reference}: Amelia Khan")
    flow.date("Date of the review", 20, 3, 2026)
    flow.choose("What was decided?", "Continue to the planned end date")
    flow.press("Send the review")
    flow.expect_error(
        "Enter the date of the next review",
        described="Date of the next review (if the timetable continues)",
    )
    flow.date("Date of the next review (if the timetable continues)", 3, 4, 2026)
    flow.press("Send the review")

    flow.at(f"{reference}: Amelia Khan")
    expect(page.get_by_role("alert")).to_contain_text(
        "The review has been recorded and sent to the Inclusion service"
    )
    reviews = page.get_by_role("table", name="Reviews")
    expect(reviews).to_contain_text("Continue to the planned end date")
    expect(reviews).to_contain_text("Next review 3 Apr 2026")


def other_missing_education(flow: Flow, establishment: str) -> str:
    """Sends an "other missing out on education" notification for health
    needs from a user with two establishments, who is asked which one: the
    provision page is first sent empty, then answered."""
    title = "Other missing out on education"
    caption = "Missing out on education"
    flow.start(title)

    legend = "Which establishment is this about?"
    flow.at(legend, caption=title)
    flow.choose(legend, establishment)
    flow.press()
    flow.child(
        first="Amelia", last="Khan", born=(12, 3, 2015), year_group="Year 5", upn="B801200005001"
    )

    legend = "Why is the child missing out on full-time education?"
    flow.at(legend, caption=caption)
    flow.choose(legend, "Health needs")
    flow.fill("Give details", "Recovering from surgery")
    flow.press()

    legend = (
        "Is the child expected to miss 15 or more school days, in a row or in total, "
        "because of their health?"
    )
    flow.at(legend, caption=caption)
    flow.choose(legend, "Yes")
    flow.press()

    legend = "When did the child start missing out on full-time education?"
    flow.at(legend, caption=caption)
    flow.date(legend, 12, 10, 2026)
    flow.press()

    label = "How many hours of education does the child actually receive a week?"
    flow.at(label, caption=caption)
    flow.fill(label, "4.5")
    flow.press()

    label = "What education or support is in place for the child?"
    flow.at(label, caption=caption)
    flow.press()
    flow.expect_error(
        "Enter the education or support in place for the child, or write none", described=label
    )
    flow.fill(label, "Work sent home; weekly call with the family")
    flow.press()

    legend = "When is the child expected to return to full-time education? (optional)"
    flow.at(legend, caption=caption)
    flow.date(legend, 4, 1, 2027)
    flow.press()

    flow.flags("Special educational needs (SEN) support")

    reference = flow.check_answers_and_send(
        title,
        "Recovering from surgery",
        "12 October 2026",
        "4.5",
        "Work sent home; weekly call with the family",
        "4 January 2027",
        "Special educational needs (SEN) support",
        "the local authority's duty to arrange suitable education for them applies",
    )
    assert reference.startswith("PME-")
    expect(flow.page.locator("main")).to_contain_text(
        "the local authority must arrange suitable education for them"
    )
    return reference


def early_years(flow: Flow) -> str:
    """Sends an early-years notification for a child with no UPN and no year
    group: a contact attempt is first added with what happened left out,
    then added in full."""
    title = "Early-years child missing education"
    caption = title
    flow.start(title)
    flow.child(
        first="Isla",
        last="Patel",
        born=(10, 5, 2022),
        year_group="Not in a year group",
        upn_reason="Not allocated one at a private nursery",
    )

    label = "How many funded hours a week does the child have at the setting?"
    flow.at(label, caption=caption)
    flow.fill(label, "15")
    flow.press()

    legend = "When did the child last attend the setting?"
    flow.at(legend, caption=caption)
    flow.date(legend, 2, 11, 2026)
    flow.press()

    flow.at("Add contact attempts", caption=caption)
    flow.date("Date you tried to contact the family", 4, 11, 2026)
    flow.choose("How did you try to contact them?", "Phone call")
    flow.press("Add this contact attempt")
    flow.expect_error(
        "Enter what happened when you tried to contact the family", described="What happened?"
    )
    flow.fill("What happened?", "No answer")
    flow.press("Add this contact attempt")
    flow.at("You have added 1 contact attempt", caption=caption)
    flow.date("Date you tried to contact the family", 6, 11, 2026)
    flow.choose("How did you try to contact them?", "Home visit")
    flow.fill("What happened?", "No one home; a neighbour thinks they have moved")
    flow.press("Add this contact attempt")
    flow.at("You have added 2 contact attempts", caption=caption)
    attempts = flow.page.locator(".govuk-summary-list")
    expect(attempts).to_contain_text("4 November 2026, phone call: No answer")
    expect(attempts).to_contain_text("6 November 2026, home visit: No one home")
    flow.press()

    label = "What are your concerns about the child?"
    flow.at(label, caption=caption)
    flow.fill(label, "The family said they might move; the phone is now unanswered")
    flow.press()

    label = "Which other services are involved with the child or family? (optional)"
    flow.at(label, caption=caption)
    flow.fill(label, "Health visitor")
    flow.press()

    flow.flags()

    reference = flow.check_answers_and_send(
        title,
        "Not allocated one at a private nursery",
        "Isla",
        "Not in a year group",
        "15",
        "2 November 2026",
        "4 November 2026, phone call: No answer",
        "Health visitor",
    )
    assert reference.startswith("EYM-")
    return reference


def removal_from_roll(flow: Flow) -> str:
    """Sends a deletion return under ground I (continuously absent, not found
    by joint enquiries), so the child's destination is not known and the
    Inclusion service must make a children missing education enquiry. The
    parent's emergency phone number is first given in the wrong format, then
    corrected. Returns the reference."""
    title = "Removal from roll"
    phone = settings.INCLUSION_SERVICE_PHONE
    flow.start(title)
    flow.child(
        first="Amelia", last="Khan", born=(12, 3, 2015), year_group="Year 5", upn="B801200005001"
    )

    caption = "Parents the child normally lives with"
    flow.at("Add parents", caption=caption)
    flow.fill("Full name", "Sara Khan")
    flow.fill("Relationship to the child", "Mother")
    flow.choose("Do they live at the child's address?", "Yes")
    flow.fill("Emergency phone number", "12345")
    flow.press("Add this parent")
    flow.expect_error(
        "Enter a phone number for emergencies in the correct format, like 01632 960 001 or "
        "07700 900 982, or for a number outside the UK, its country code and number, like "
        "+48 22 123 4567",
        described="Emergency phone number",
    )
    expect(flow.page.get_by_label("Full name", exact=True)).to_have_value("Sara Khan")
    flow.fill("Emergency phone number", "07700 900 982")
    flow.press("Add this parent")
    flow.at("You have added 1 parent", caption=caption)
    expect(flow.page.locator(".govuk-summary-list")).to_contain_text(
        "Sara Khan (Mother), lives at the child's address, emergency phone 07700900982"
    )
    flow.press()

    caption = "The removal"
    legend = "Why is the child being removed from the admission register?"
    flow.at(legend, caption=caption)
    flow.choose(
        legend,
        "I: Continuously absent for 20 school days, whereabouts unknown (regulation 9(1)(i))",
    )
    flow.press()

    deletion = timezone.localdate() + timedelta(days=14)
    flow.at("Date the ground was met and deletion date", caption=caption)
    flow.date("Date the ground for removal was met", 27, 3, 2026)
    flow.date(
        "Date the child's name is, or will be, deleted from the admission register",
        deletion.day,
        deletion.month,
        deletion.year,
    )
    flow.press()

    flow.at("Absence and joint reasonable enquiries", caption=caption)
    # Monday 2 March to Friday 27 March 2026: 20 school days.
    flow.date("First day of absence", 2, 3, 2026)
    flow.choose(
        "Was every session from the first day of absence to the date the ground was met "
        "recorded with code G, N or O?",
        "Yes",
    )
    flow.choose(
        "Do you have reasonable grounds to believe the child cannot attend because of sickness "
        "or an unavoidable cause?",
        "No",
    )
    flow.page.get_by_label(
        "The school and the local authority have made joint reasonable enquiries and have not "
        "found out where the child is",
        exact=True,
    ).check()
    flow.press()

    # Ground I means joint enquiries have not found the child: where the child
    # is going is not known, so that question is not asked.
    flow.flags("Looked after child")

    reference = flow.check_answers_and_send(
        title,
        "Sara Khan (Mother)",
        "27 March 2026",
        govuk_date(deletion),
        "2 March 2026",
        f"You have said you do not know where the child is going. After you send this, phone "
        f"the Inclusion service on {phone}.",
    )
    assert reference.startswith("ROL-")
    warning = flow.page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(
        f"You do not know where the child is going. Phone the Inclusion service today on {phone}."
    )
    expect(flow.page.locator("main")).to_contain_text(
        "The Inclusion service has started enquiries to find out where the child is "
        "(a children missing education enquiry)."
    )
    return reference


def test_a_school_user_sends_a_part_time_timetable_and_records_a_review(
    page, sign_in, school_user_a, assert_accessible
):
    sign_in(page, school_user_a)
    flow = Flow(page, assert_accessible)
    reference = part_time_timetable(flow)
    flow.open_sent(reference, "Amelia Khan")
    record_a_review(flow, reference)
    assert Notification.objects.get(reference=reference).status == Status.RECEIVED


def test_a_part_time_timetable_can_be_sent_without_javascript(new_page, sign_in, school_user_a):
    page = new_page(java_script_enabled=False)
    sign_in(page, school_user_a)
    flow = Flow(page, lambda page: None)
    reference = part_time_timetable(flow)
    # The GOV.UK Frontend scripts never ran: nothing was enhanced.
    expect(page.locator("body.js-enabled")).to_have_count(0)
    assert Notification.objects.get(reference=reference).status == Status.RECEIVED


def sent_by(client, kind: str) -> Notification:
    """A notification of this kind sent through the views, with the answers
    the view tests use."""
    notification = start(client, kind)
    if kind == Kind.REMOVAL_FROM_ROLL:
        answer_removal(client, notification)
    else:
        if kind == Kind.EARLY_YEARS:
            client.post(f"/notify/{notification.reference}/contact-attempts/", CONTACT_ATTEMPT)
        answer_all(client, notification, ANSWERS[kind])
    client.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED, kind
    return notification


ANSWERS: dict[str, dict] = {
    Kind.PART_TIME_TIMETABLE: PART_TIME_ANSWERS,
    Kind.OTHER_MISSING_EDUCATION: OTHER_ANSWERS,
    Kind.EARLY_YEARS: EARLY_YEARS_ANSWERS,
}


def test_the_officers_received_list_and_notifications_are_accessible(
    page, sign_in, school_user_a, officer, assert_accessible
):
    school = Client()
    school.force_login(school_user_a)
    sent = {kind: sent_by(school, kind) for kind in Kind.values}
    removal = sent[Kind.REMOVAL_FROM_ROLL]
    part_time = sent[Kind.PART_TIME_TIMETABLE]

    sign_in(page, officer)
    flow = Flow(page, assert_accessible)
    with page.expect_navigation():
        page.locator("nav[aria-label='Menu']").get_by_role(
            "link", name="Received", exact=True
        ).click()
    flow.at("Notifications received")
    received = page.get_by_role("table", name="Notifications received")
    for notification in sent.values():
        row = received.get_by_role("row").filter(has_text=notification.reference)
        expect(row).to_contain_text(notification.get_kind_display())
    expect(received.get_by_role("row").filter(has_text=removal.reference)).to_contain_text(
        "CME enquiry"
    )

    page.get_by_label("Only those needing a children missing education enquiry", exact=True).check()
    flow.press("Apply filters")
    flow.at("Notifications received")
    expect(received.get_by_role("link")).to_have_text([removal.reference])

    with page.expect_navigation():
        received.get_by_role("link", name=removal.reference, exact=True).click()
    flow.at(f"{removal.reference}: Amelia Khan", caption="Removal from roll")
    expect(page.locator("main")).to_contain_text("Needs a CME enquiry")

    page.goto("/notifications/received/")
    flow.select("Type", "Part-time (reduced) timetable")
    flow.press("Apply filters")
    flow.at("Notifications received")
    expect(received.get_by_role("link")).to_have_text([part_time.reference])
    with page.expect_navigation():
        received.get_by_role("link", name=part_time.reference, exact=True).click()
    flow.at(f"{part_time.reference}: Amelia Khan", caption="Part-time (reduced) timetable")
    # Only the school records reviews.
    expect(page.get_by_role("link", name="Record a review")).to_have_count(0)


def test_a_school_user_sends_an_other_missing_education_notification(
    page, sign_in, school_user_a, school_b, assert_accessible
):
    school_user_a.establishments.add(school_b)
    sign_in(page, school_user_a)
    flow = Flow(page, assert_accessible)
    reference = other_missing_education(flow, "Beta Academy (900002)")
    flow.open_sent(reference, "Amelia Khan")
    expect(page.locator("main")).to_contain_text("Beta Academy (URN 900002)")
    expect(page.get_by_role("link", name="Record a review")).to_have_count(0)


def test_a_school_user_sends_an_early_years_notification(
    page, sign_in, school_user_a, assert_accessible
):
    sign_in(page, school_user_a)
    flow = Flow(page, assert_accessible)
    reference = early_years(flow)
    flow.open_sent(reference, "Isla Patel")


def test_a_school_user_removes_a_child_whose_destination_is_not_known(
    page, sign_in, school_user_a, assert_accessible
):
    sign_in(page, school_user_a)
    flow = Flow(page, assert_accessible)
    reference = removal_from_roll(flow)
    flow.open_sent(reference, "Amelia Khan")
    expect(page.locator("main")).to_contain_text("Needs a CME enquiry")
    notification = Notification.objects.get(reference=reference)
    assert notification.needs_cme_enquiry


def test_an_officer_sees_a_destination_unknown_removal_on_the_worklist_without_triaging_it(
    page, new_page, sign_in, school_user_a, officer, assert_accessible
):
    sign_in(page, school_user_a)
    reference = removal_from_roll(Flow(page, assert_accessible))

    officer_page = new_page(bypass_csp=True)
    sign_in(officer_page, officer)
    flow = Flow(officer_page, assert_accessible)
    officer_page.goto("/worklists/no-destination/")
    flow.check(officer_page)
    worklist = officer_page.locator("main")
    expect(worklist).to_contain_text("Amelia Khan")
    officer_page.goto("/worklists/unassigned/")
    expect(officer_page.locator("main")).to_contain_text("Children missing education (CME) enquiry")
    flow.check(officer_page)
    # Still in triage, to be linked to the right record.
    officer_page.goto("/triage/")
    row = officer_page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("CME enquiry opened")
    flow.check(officer_page)
    with officer_page.expect_navigation():
        row.get_by_role("link", name=reference).click()
    expect(officer_page.locator("#opened-at-send")).to_be_visible()
    flow.check(officer_page)
