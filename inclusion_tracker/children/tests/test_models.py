from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_temporary_upn, make_upn
from inclusion_tracker.children.upn import MESSAGES

pytestmark = pytest.mark.django_db


# Saving and validating


def test_saving_normalises_the_upn_and_postcode():
    child = ChildFactory(upn=" b801 2000 05001", postcode="  le1   2ab ")
    child.refresh_from_db()
    assert child.upn == "B801200005001"
    assert child.postcode == "LE1 2AB"


def test_full_clean_accepts_a_upn_typed_with_spaces_and_in_lower_case():
    child = ChildFactory.build(upn=" b801 2000 05001")
    child.full_clean()
    assert child.upn == "B801200005001"


def test_full_clean_on_a_bad_upn_gives_the_govuk_message():
    child = ChildFactory.build(upn="A801200005001")
    with pytest.raises(ValidationError) as raised:
        child.full_clean()
    assert raised.value.message_dict == {"upn": [MESSAGES["check_letter"]]}


def test_full_clean_on_a_short_upn_gives_the_length_message():
    child = ChildFactory.build(upn="B80120000500")
    with pytest.raises(ValidationError) as raised:
        child.full_clean()
    assert raised.value.message_dict == {"upn": [MESSAGES["length"]]}


def test_two_children_cannot_share_a_upn():
    ChildFactory(upn="B801200005001")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(upn="b801 200005001")


def test_full_clean_refuses_a_upn_already_recorded():
    ChildFactory(upn="B801200005001")
    with pytest.raises(ValidationError):
        ChildFactory.build(upn="B801200005001").full_clean()


def test_many_children_may_have_no_upn():
    ChildFactory.create_batch(3, upn="")
    assert Child.objects.filter(upn="").count() == 3
    ChildFactory.build(upn="").full_clean()


def test_the_factory_gives_distinct_valid_upns():
    children = ChildFactory.create_batch(3, with_upn=True)
    for child in children:
        child.full_clean()
    assert len({child.upn for child in children}) == 3


def test_names_and_address():
    child = ChildFactory.build(
        legal_first_name="Amelia",
        legal_middle_names="Rose",
        legal_last_name="Khan",
        preferred_first_name="Millie",
        address_line_1="1 High Street",
        town="Leicester",
        postcode="LE1 2AB",
    )
    assert child.legal_name == "Amelia Rose Khan"
    assert child.full_name == "Millie Khan"
    assert str(child) == "Millie Khan"
    assert child.address == "1 High Street, Leicester, LE1 2AB"


def test_flags_come_in_the_order_of_the_flags_table():
    child = ChildFactory.build(eal=True, has_ehcp=True, looked_after=True)
    assert [flag.field for flag in child.flags] == ["has_ehcp", "looked_after", "eal"]


# Who sees which children


@pytest.fixture
def child_a(school_a):
    return ChildFactory(current_establishment=school_a, legal_first_name="Amelia")


@pytest.fixture
def child_b(school_b):
    return ChildFactory(current_establishment=school_b, legal_first_name="Bilal")


@pytest.fixture
def child_nowhere(db):
    return ChildFactory(current_establishment=None, legal_first_name="Nadia")


@pytest.mark.parametrize("role", ["officer", "manager", "admin"])
def test_la_staff_see_every_child_of_their_local_authority(
    cast, role, child_a, child_b, child_nowhere
):
    assert set(Child.objects.visible_to(cast[role])) == {child_a, child_b, child_nowhere}


@pytest.mark.parametrize("role", ["school_user_a", "main_contact_a"])
def test_school_users_see_only_their_own_schools_children(
    cast, role, child_a, child_b, child_nowhere
):
    assert list(Child.objects.visible_to(cast[role])) == [child_a]


def test_school_user_cannot_see_another_schools_child(school_user_b, child_a):
    assert not Child.objects.visible_to(school_user_b).filter(pk=child_a.pk).exists()


def test_a_school_user_at_two_schools_sees_both(school_user_a, school_b, child_a, child_b):
    school_user_a.establishments.add(school_b)
    assert set(Child.objects.visible_to(school_user_a)) == {child_a, child_b}


def test_an_outsider_sees_no_children(outsider, child_a, child_nowhere):
    assert not Child.objects.visible_to(outsider).exists()


def test_an_anonymous_user_sees_no_children(child_a):
    assert not Child.objects.visible_to(AnonymousUser()).exists()


def test_a_deactivated_user_sees_no_children(officer, child_a):
    officer.is_active = False
    officer.save()
    assert not Child.objects.visible_to(officer).exists()


# Search


@pytest.fixture
def khan(db):
    return ChildFactory(
        upn="B801200005001",
        legal_first_name="Amelia",
        legal_last_name="Khan",
        preferred_first_name="Millie",
        date_of_birth=date(2015, 3, 12),
    )


@pytest.fixture
def jones(db):
    return ChildFactory(
        upn=make_upn(7),
        legal_first_name="Amelia",
        legal_last_name="Jones",
        date_of_birth=date(2016, 7, 1),
    )


def search(text):
    return list(Child.objects.search(text))


def test_an_empty_search_finds_everyone(khan, jones):
    assert set(search("")) == {khan, jones}
    assert set(search("   ")) == {khan, jones}


def test_search_by_upn_ignores_spaces_and_case(khan, jones):
    assert search("B801200005001") == [khan]
    assert search(" b801 2000 05001 ") == [khan]


def test_search_by_temporary_upn(khan):
    temporary = ChildFactory(upn=make_temporary_upn(3))
    assert search(temporary.upn.lower()) == [temporary]


def test_search_by_one_name_finds_every_match(khan, jones):
    assert set(search("amelia")) == {khan, jones}


def test_search_by_part_of_a_name(khan, jones):
    assert search("Kha") == [khan]


def test_search_by_two_names_needs_both_to_match(khan, jones):
    assert search("Amelia Khan") == [khan]
    assert search("Amelia Smith") == []


def test_search_finds_preferred_names(khan, jones):
    assert search("Millie") == [khan]
    assert search("millie khan") == [khan]


@pytest.mark.parametrize("text", ["12/03/2015", "12/3/2015", "2015-03-12", " 12/03/2015 "])
def test_search_by_date_of_birth(khan, jones, text):
    assert search(text) == [khan]


def test_search_for_a_date_that_does_not_exist_finds_nobody(khan):
    assert search("31/02/2015") == []


def test_search_for_something_like_a_date_in_other_digits_finds_nobody(khan):
    # "²".isdigit() is true, but int("²") fails.
    assert search("²/03/2015") == []


def test_search_within_what_a_school_user_may_see(school_user_a, school_a, school_b):
    ours = ChildFactory(current_establishment=school_a, legal_last_name="Patel")
    ChildFactory(current_establishment=school_b, legal_last_name="Patel")
    assert list(Child.objects.visible_to(school_user_a).search("Patel")) == [ours]


def test_lookup_finds_current_records_only_and_stops_at_the_limit(officer):
    from inclusion_tracker.children.models import Child
    from inclusion_tracker.children.tests.factories import ChildFactory

    kept = ChildFactory(legal_last_name="Lookup")
    ChildFactory(legal_last_name="Lookup", merged_into=kept)
    ChildFactory.create_batch(3, legal_last_name="Lookup")
    found = Child.objects.lookup(officer, "lookup", 3)
    assert len(found) == 3
    assert all(
        child.merged_into_id is None for child in Child.objects.lookup(officer, "lookup", 10)
    )
    assert len(Child.objects.lookup(officer, "lookup", 10)) == 4
