"""NUL characters, which PostgreSQL cannot store or compare, are refused in
one place (core/input_checks.py) with a 400 page, before any view runs: in the
web address, the query string, form fields and uploaded file names. A cookie
with one is ignored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inclusion_tracker.children.models import Child
from inclusion_tracker.core.input_checks import nul_in
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.core.tests.logs import service_log

MESSAGE = "had a character in it that the service cannot accept (a NUL character)"


def refused(response, where):
    content = page_text(response, status=400)
    assert "There is a problem with what you sent" in content
    assert f"The {where} {MESSAGE}" in content
    return content


@pytest.mark.parametrize(
    "path", ["/children/?q=Am%00elia", "/establishments/?q=%00", "/triage/?establishment=%00"]
)
def test_a_nul_in_a_search_or_filter_is_refused_with_a_400_page(client_for, officer, path):
    refused(client_for(officer).get(path), "query string")


def test_a_refused_nul_is_logged_with_the_user_and_without_what_was_sent(client_for, officer):
    with service_log() as log:
        refused(client_for(officer).get("/children/?q=Zebedee%00"), "query string")
    refusal, request = log.entries
    assert (refusal["message"], refusal["where"]) == ("refused a NUL character", "query string")
    assert (request["path"], request["status"]) == ("/children/", 400)
    assert request["user_id"] == officer.pk
    assert "Zebedee" not in "\n".join(log.lines)


def test_a_nul_in_a_query_parameters_name_is_refused(client_for, officer):
    refused(client_for(officer).get("/children/?q%00=x"), "query string")


def test_a_nul_in_the_web_address_is_refused(client_for, school_user_a):
    refused(client_for(school_user_a).get("/notifications/PTT-%00/"), "web address")


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_saved(client_for, officer):
    response = client_for(officer).post(
        "/children/add/",
        {
            "legal_first_name": "Amelia\x00",
            "legal_last_name": "Khan",
            "date_of_birth_day": "12",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2015",
            "sex": "F",
            "postcode": "LE1 2AB",
        },
    )
    refused(response, "form")
    assert not Child.objects.exists()


def test_an_uploaded_file_name_keeps_no_nul(client_for, manager):
    # Django's upload parser drops it from the name: the file is read as usual.
    upload = SimpleUploadedFile("dates\x00.csv", b"urn\n", content_type="text/csv")
    response = client_for(manager).post("/term-dates/upload/", {"file": upload, "mode": "replace"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("The first row must name")


def test_a_file_name_with_a_nul_would_be_refused(rf):
    request = rf.post("/term-dates/upload/", {"file": SimpleUploadedFile("dates.csv", b"urn")})
    request.FILES["file"].name = "dates\x00.csv"
    assert nul_in(request) == "file name"


def test_the_400_page_has_the_security_headers_and_the_navigation(client_for, officer):
    response = client_for(officer).get("/children/?q=%00")
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert 'href="/worklists/"' in page_text(response, status=400)


def test_a_session_cookie_with_a_nul_is_ignored_not_a_500(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_request_django_refuses_gets_the_services_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example.com")
    content = page_text(response, status=400)
    assert "There is a problem with what you sent" in content
    assert "The service could not read what your browser sent" in content
