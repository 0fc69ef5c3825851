"""The subject access export: administrators only, a reason first, then a
ZIP of everything held about the child (records merged into it included),
audited without names, never cached, in a fixed number of queries."""

import csv
import html
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.models import Note
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.privacy.models import SubjectAccessExport
from inclusion_tracker.privacy.subject_access import SOURCES, inert
from inclusion_tracker.privacy.tests.helpers import UPN, closed_years_ago, the_file

FILES = {"summary.html", "data.json"} | {f"{source.key}.csv" for source in SOURCES}


def export_page(child) -> str:
    return reverse("privacy:export", args=[child.pk])


def unzip(response) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def rows(files, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[name])))


@pytest.fixture
def child(school_a, officer):
    return the_file(closed_on=closed_years_ago(1), school=school_a, officer=officer)


@pytest.fixture
def exported(client_for, admin_user, child):
    """The confirmation page opened (audited), then the export made."""
    client = client_for(admin_user)
    client.get(export_page(child))
    return client.post(export_page(child), {"reason": "SAR 2026/17"})


@pytest.mark.parametrize(
    "who", ["school_user_a", "main_contact_a", "officer", "manager", "outsider"]
)
def test_only_administrators_can_export(who, cast, client_for, child):
    client = client_for(cast[who])

    assert client.get(export_page(child)).status_code == 404
    assert client.post(export_page(child), {"reason": "SAR"}).status_code == 404
    assert not SubjectAccessExport.objects.filter(reason="SAR").exists()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_an_administrator_sees_the_confirmation_page(client_for, admin_user, child):
    response = client_for(admin_user).get(export_page(child))

    assert response.status_code == 200
    page = page_text(response)
    assert "Export everything held about this child" in page
    assert "Why are you exporting this child's data?" in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=Action.VIEW, child=child)
    assert event.summary == "Opened the subject access export"


def test_the_childs_page_links_administrators_to_the_export(client_for, admin_user, child):
    page = page_text(client_for(admin_user).get(reverse("casework:child", args=[child.pk])))

    assert f'href="{export_page(child)}">Export everything held about this child</a>' in page


def test_the_reason_is_required(client_for, admin_user, child):
    response = client_for(admin_user).post(export_page(child), {"reason": " "})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert page_text(response).count("Enter why you are exporting this child's data") == 2
    assert SubjectAccessExport.objects.count() == 1  # the file's earlier one
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_export_is_a_zip_download_never_cached_and_not_named_after_the_child(exported, child):
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    assert exported["Content-Disposition"] == (
        f'attachment; filename="subject-access-child-{child.pk}-{today}.zip"'
    )
    assert "no-store" in exported["Cache-Control"]


def test_the_zip_holds_the_summary_the_json_and_a_csv_for_each_type(exported):
    assert set(unzip(exported)) == FILES


def test_the_export_holds_the_childs_data_of_every_type(exported, child):
    files = unzip(exported)
    data = json.loads(files["data.json"])["sections"]

    assert {source.key for source in SOURCES} == set(data)
    for key in (
        "child",
        "notifications",
        "part_time_timetables",
        "offsite_provisions",
        "timetable_reviews",
        "removals_from_roll",
        "removal_parents",
        "other_missing_education",
        "early_years",
        "contact_attempts",
        "episodes",
        "episode_events",
        "notes",
        "enquiry_actions",
        "referrals",
        "referral_events",
        "merges",
        "reminders",
        "subject_access_exports",
        "audit_events",
    ):
        assert data[key], f"{key} is empty"
        assert len(rows(files, f"{key}.csv")) == len(data[key])
    assert data["child"][0]["upn"] == UPN
    assert data["child"][0]["date_of_birth"] == "2012-06-15"
    assert rows(files, "child.csv")[0]["date_of_birth"] == "2012-06-15"
    assert data["removal_parents"][0]["emergency_phone"] == "07700 900123"
    assert data["notes"][0]["text"] == "Phoned Marek"
    assert data["part_time_timetables"][0]["reason_details"] == "Anxiety after a bereavement"
    assert data["referrals"][0]["safeguarding_reason"] == "Risk at home from Marek"
    assert data["enquiry_actions"][0]["contacted"] == "Helena Nowak, aunt"


def test_records_merged_into_the_childs_record_are_included(exported, child):
    data = json.loads(unzip(exported)["data.json"])["sections"]

    records = {row["id"]: row for row in data["child"]}
    duplicate = child.merged_records.get()
    assert set(records) == {child.pk, duplicate.pk}
    assert records[duplicate.pk]["legal_last_name"] == "Wisniewska-Nowak"
    assert records[duplicate.pk]["merged_into"] == "Zosia Wisniewska"


def test_the_summary_is_readable(exported, child):
    summary = unzip(exported)["summary.html"]
    text = html.unescape(summary)

    assert '<html lang="en-GB">' in summary
    assert "<h1>Everything held about a child</h1>" in summary
    assert "Why it was exported</dt><dd>SAR 2026/17" in text
    assert "<dt>First name</dt><dd>Zofia</dd>" in text
    assert "<dt>Date of birth</dt><dd>15 June 2012</dd>" in text
    assert "<dt>Looked after</dt><dd>Yes</dd>" in text
    assert "<dt>Reason details</dt><dd>Anxiety after a bereavement</dd>" in text
    assert "Parents and carers named on removals from roll" in text
    assert 'id="timeline"' in summary
    # No scripts, styles or pictures from anywhere else: it opens offline.
    assert "<script" not in summary
    assert "src=" not in summary
    assert "http" not in summary


def test_the_summary_escapes_what_people_typed(client_for, admin_user, officer, child):
    Note.objects.create(child=child, text="<script>alert(1)</script>", author=officer)

    response = client_for(admin_user).post(export_page(child), {"reason": "SAR"})

    summary = unzip(response)["summary.html"]
    assert "<script>" not in summary
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary


def test_csv_cells_a_spreadsheet_would_run_are_made_inert(client_for, admin_user, officer, child):
    Note.objects.create(child=child, text='=HYPERLINK("http://x")', author=officer)

    response = client_for(admin_user).post(export_page(child), {"reason": "SAR"})

    notes = rows(unzip(response), "notes.csv")
    assert '\'=HYPERLINK("http://x")' in [note["text"] for note in notes]
    assert [inert(text) for text in ("+1", "-1", "@a", "plain")] == ["'+1", "'-1", "'@a", "plain"]


def test_the_export_is_recorded_and_audited_without_names(exported, admin_user, child):
    record = SubjectAccessExport.objects.get(reason="SAR 2026/17")
    assert (record.child, record.exported_by) == (child, admin_user)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.actor, event.child) == (admin_user, child)
    assert (event.object_type, event.object_id) == ("subjectaccessexport", str(record.pk))
    assert event.summary == f"Subject access export of {record.record_count} records"
    assert record.record_count > 20


def test_a_merged_record_sends_the_administrator_to_the_record_it_was_merged_into(
    client_for, admin_user, child
):
    duplicate = child.merged_records.get()

    response = client_for(admin_user).post(export_page(duplicate), {"reason": "SAR"})

    assert response.status_code == 302
    assert response["Location"] == export_page(child)
    assert not SubjectAccessExport.objects.filter(reason="SAR").exists()


def test_an_unknown_child_is_404(client_for, admin_user, db):
    assert client_for(admin_user).get("/children/999999/subject-access-export/").status_code == 404


def test_the_export_takes_the_same_number_of_queries_however_big_the_file(
    client_for, admin_user, officer, child
):
    small = ChildFactory()
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as for_small:
        client.post(export_page(small), {"reason": "SAR"})
    with CaptureQueriesContext(connection) as for_big:
        client.post(export_page(child), {"reason": "SAR"})
    for _ in range(5):
        Note.objects.create(child=child, text="More", author=officer)
    with CaptureQueriesContext(connection) as for_bigger:
        client.post(export_page(child), {"reason": "SAR"})

    assert len(for_big) == len(for_bigger)
    # One more level of merged records costs one more query.
    assert len(for_big) <= len(for_small) + 1
    assert len(for_bigger) <= 50
