"""England's local authorities as data (issue 14 item 1): the 153 rows, the
settings as a one-LA deployment's defaults, the LA a school user's pages
name, and the LA a child's record belongs to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.casework import intake
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.establishments.local_authorities import ENGLISH_LOCAL_AUTHORITIES
from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_the_153_english_local_authorities_are_rows_by_their_dfe_code():
    rows = dict(LocalAuthority.objects.values_list("code", "name"))
    assert len(rows) == 153
    assert rows == {la.code: la.name for la in ENGLISH_LOCAL_AUTHORITIES}
    assert rows["855"] == "Leicestershire"
    assert rows["856"] == "Leicester"


def test_the_deployments_own_la_takes_the_settings_and_another_its_own_details(settings):
    settings.LA_CODES = ["855"]
    settings.LA_NAME = "Leicestershire County Council"
    settings.INCLUSION_SERVICE_PHONE = "0116 305 2071"
    settings.LA_ASKS_FOR_STANDARD_TRANSITION_RETURNS = False
    own = LocalAuthority.objects.get(code="855")
    assert (own.display_name, own.phone) == ("Leicestershire County Council", "0116 305 2071")
    assert own.asks_for_standard_transitions is False
    leicester = LocalAuthority.objects.get(code="856")
    leicester.council_name = "Leicester City Council"
    leicester.inclusion_service_phone = "0116 454 1009"
    leicester.asks_for_standard_transition_returns = True
    leicester.save()
    assert (leicester.display_name, leicester.phone) == ("Leicester City Council", "0116 454 1009")
    assert leicester.asks_for_standard_transitions is True
    assert LocalAuthority.objects.get(code="857").display_name == "Rutland"


def test_by_code_reads_the_processs_copy_and_a_save_refreshes_it():
    with CaptureQueriesContext(connection) as queries:
        leicester = LocalAuthority.by_code("856")
        assert leicester is not None and leicester.name == "Leicester"
        assert LocalAuthority.by_code("999") is None
    assert len(queries) == 0
    leicester = LocalAuthority.objects.get(code="856")
    leicester.inclusion_service_phone = "0116 454 1009"
    leicester.save()
    refreshed = LocalAuthority.by_code("856")
    assert refreshed is not None and refreshed.phone == "0116 454 1009"


def test_a_school_user_sees_their_schools_la_name_and_phone_on_every_page(client_for):
    leicester = LocalAuthority.objects.get(code="856")
    leicester.council_name = "Leicester City Council"
    leicester.inclusion_service_phone = "0116 454 1009"
    leicester.save()
    city_school = EstablishmentFactory(la_code="856", la_name="Leicester")
    user = UserFactory(role=Role.SCHOOL_USER, establishments=[city_school])
    user.refresh_from_db()
    assert user.local_authority_id == "856"
    page = page_text(client_for(user).get("/"))
    assert "Leicester City Council" in page
    assert "0116 454 1009" in page
    assert "Leicestershire County Council" not in page


def test_la_staff_see_their_own_las_name(client_for, officer, settings):
    settings.LA_NAME = "Leicestershire County Council"
    page = page_text(client_for(officer).get("/"))
    assert heading(page)
    assert "Leicestershire County Council" in page
    assert officer.la_codes == ["855"]


def test_an_administrator_of_several_las_covers_each(admin_user):
    admin_user.other_local_authorities.add("856")
    admin_user.__dict__.pop("_la_codes", None)
    assert admin_user.la_codes == ["855", "856"]


def test_a_childs_record_belongs_to_the_notifying_schools_la():
    city_school = EstablishmentFactory(la_code="856", la_name="Leicester")
    notification = submitted_notification(establishment=city_school)
    child = intake.new_child_from(notification)
    child.save()
    assert child.local_authority_id == "856"


def test_a_record_made_without_an_la_belongs_to_the_deployments(settings):
    settings.LA_CODES = ["855"]
    assert ChildFactory().local_authority_id == "855"


def test_an_officer_adding_a_child_records_them_in_the_officers_la(client_for, officer):
    officer.local_authority_id = "856"
    officer.save()
    response = client_for(officer).post(
        "/children/add/",
        {
            "legal_first_name": "Amelia",
            "legal_last_name": "Khan",
            "date_of_birth_day": "12",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2015",
            "sex": "F",
        },
    )
    assert response.status_code == 302
    assert Child.objects.get(legal_last_name="Khan").local_authority_id == "856"
