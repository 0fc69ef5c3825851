from datetime import date

import pytest

from inclusion_tracker.casework import matching
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.notifications.models import Notification

pytestmark = pytest.mark.django_db


def about(**fields) -> Notification:
    """An unsaved notification describing a child (matching reads only these)."""
    child = {
        "upn": "",
        "first_name": "Amelia",
        "last_name": "Khan",
        "preferred_name": "",
        "date_of_birth": date(2015, 3, 12),
        "postcode": "LE1 2AB",
    }
    return Notification(**{**child, **fields})


def child(**fields):
    defaults = {
        "legal_first_name": "Zed",
        "legal_last_name": "Nobody",
        "date_of_birth": date(2001, 1, 1),
        "postcode": "ZZ9 9ZZ",
    }
    return ChildFactory(**{**defaults, **fields})


def found(notification, user, **kwargs):
    return [candidate.child for candidate in matching.candidates(notification, user, **kwargs)]


def test_an_exact_upn_match_comes_first_with_its_reason(officer):
    upn = make_upn(7)
    same_details = child(
        legal_first_name="Amelia",
        legal_last_name="Khan",
        date_of_birth=date(2015, 3, 12),
        postcode="LE1 2AB",
    )
    by_upn = child(upn=upn, legal_first_name="Amy", legal_last_name="Smith")

    result = matching.candidates(about(upn=upn), officer)

    assert [c.child for c in result] == [by_upn, same_details]
    assert result[0].reasons[0] == "Same UPN"


def test_a_upn_typed_with_spaces_and_lower_case_still_matches(officer):
    upn = make_upn(8)
    by_upn = child(upn=upn)

    result = matching.candidates(about(upn=f" {upn[:4].lower()} {upn[4:]} "), officer)

    assert result[0].child == by_upn
    assert result[0].reasons == ["Same UPN"]


def test_same_date_of_birth_and_a_similar_name_ranks_above_a_sibling_at_the_same_address(officer):
    kahn = child(legal_first_name="Amelia", legal_last_name="Kahn", date_of_birth=date(2015, 3, 12))
    sibling = child(
        legal_first_name="Zara",
        legal_last_name="Khan",
        date_of_birth=date(2012, 7, 1),
        postcode="LE1 2AB",
    )

    result = matching.candidates(about(), officer)

    assert [c.child for c in result] == [kahn, sibling]
    assert result[0].reasons == [
        "Same date of birth",
        "Last name similar: Khan / Kahn",
        "Same first name",
    ]
    assert result[1].reasons == ["Same last name", "Same postcode"]


def test_the_same_postcode_alone_is_not_a_candidate(officer):
    child(postcode="LE1 2AB")

    assert found(about(), officer) == []


def test_the_same_date_of_birth_alone_is_not_a_candidate(officer):
    child(date_of_birth=date(2015, 3, 12))

    assert found(about(), officer) == []


def test_day_and_month_swapped_is_a_reason(officer):
    swapped = child(
        legal_first_name="Amelia", legal_last_name="Khan", date_of_birth=date(2015, 12, 3)
    )

    result = matching.candidates(about(), officer)

    assert [c.child for c in result] == [swapped]
    assert "Date of birth with day and month swapped" in result[0].reasons


def test_a_date_of_birth_one_digit_different_with_the_same_names_is_a_candidate(officer):
    typo = child(legal_first_name="Amelia", legal_last_name="Khan", date_of_birth=date(2015, 3, 13))

    result = matching.candidates(about(), officer)

    assert [c.child for c in result] == [typo]
    assert result[0].reasons == [
        "Date of birth one digit different",
        "Same last name",
        "Same first name",
    ]


def test_a_preferred_name_matches_as_well_as_the_legal_one(officer):
    known_as = child(
        legal_first_name="Amira",
        preferred_first_name="Millie",
        legal_last_name="Khan",
        date_of_birth=date(2015, 3, 12),
    )

    result = matching.candidates(about(first_name="Amelia", preferred_name="Millie"), officer)

    assert [c.child for c in result] == [known_as]
    assert "Same first name" in result[0].reasons


def test_the_same_outward_code_counts_a_little(officer):
    near = child(legal_first_name="Amelia", legal_last_name="Khan", postcode="LE1 9ZZ")
    far = child(legal_first_name="Amelia", legal_last_name="Khan", postcode="NG7 1AA")

    result = matching.candidates(about(), officer)

    assert [c.child for c in result] == [near, far]
    assert "Same postcode area (LE1)" in result[0].reasons


def test_candidates_with_the_same_score_are_ordered_by_name(officer):
    zoe = child(legal_first_name="Zoe", legal_last_name="Khan", date_of_birth=date(2015, 3, 12))
    yasmin = child(
        legal_first_name="Yasmin", legal_last_name="Khan", date_of_birth=date(2015, 3, 12)
    )

    result = matching.candidates(about(), officer)

    assert [c.child for c in result] == [yasmin, zoe]
    assert result[0].score == result[1].score


def test_a_different_upn_on_the_record_lowers_a_candidate(officer):
    other_upn = child(
        upn=make_upn(11),
        legal_first_name="Amelia",
        legal_last_name="Khan",
        date_of_birth=date(2015, 3, 12),
    )
    no_upn = child(
        legal_first_name="Amelia", legal_last_name="Khan", date_of_birth=date(2015, 3, 12)
    )

    result = matching.candidates(about(upn=make_upn(12)), officer)

    assert [c.child for c in result] == [no_upn, other_upn]
    assert "A different UPN is on the record" in result[1].reasons


def test_no_match_gives_an_empty_list(officer):
    child()

    assert matching.candidates(about(), officer) == []


def test_a_notification_with_no_details_matches_nothing(officer):
    child()

    assert (
        matching.candidates(
            about(first_name="", last_name="", date_of_birth=None, postcode=""), officer
        )
        == []
    )


def test_merged_records_are_never_candidates(officer):
    upn = make_upn(9)
    kept = child(legal_first_name="Amelia", legal_last_name="Khan", date_of_birth=date(2015, 3, 12))
    child(
        upn=upn,
        legal_first_name="Amelia",
        legal_last_name="Khan",
        date_of_birth=date(2015, 3, 12),
        merged_into=kept,
    )

    result = matching.candidates(about(upn=upn), officer)

    assert [c.child for c in result] == [kept]
    assert result[0].reasons[0] == "Same UPN (on a record merged into this one)"


def test_a_similar_name_with_nothing_indexed_in_common_is_not_looked_at(officer):
    # Similar names alone would score, but the record shares no date of
    # birth, last name, postcode or first name and year: pre-selection
    # never loads it.
    child(legal_first_name="Amelie", legal_last_name="Kahn", date_of_birth=date(2016, 4, 1))

    assert found(about(), officer) == []


def test_preselection_is_bounded_per_filter(monkeypatch, officer):
    monkeypatch.setattr(matching, "PER_FILTER_LIMIT", 3)
    for _ in range(6):
        child(legal_first_name="Amelia", legal_last_name="Khan", date_of_birth=date(2015, 3, 12))

    # Every filter finds the same six; each returns the first three only.
    assert len(matching._preselect(about(), officer)) == 3


def test_preselection_takes_a_fixed_number_of_queries(django_assert_max_num_queries, officer):
    for n in range(20):
        child(
            legal_first_name=f"Amelia{n}", legal_last_name="Khan", date_of_birth=date(2015, 3, 12)
        )

    assert officer.is_la_staff  # loads the permissions, as the triage page's decorator has
    with django_assert_max_num_queries(6):
        result = matching.candidates(about(upn=make_upn(3)), officer, limit=50)

    assert len(result) == 20


def test_limit_caps_the_candidates(officer):
    for n in range(5):
        child(
            legal_first_name=f"Amelia{n}", legal_last_name="Khan", date_of_birth=date(2015, 3, 12)
        )

    assert len(matching.candidates(about(), officer, limit=3)) == 3


def test_a_upn_left_on_a_merged_record_finds_the_record_it_was_merged_into(officer):
    from inclusion_tracker.casework import merging

    kept = child(upn=make_upn(21), legal_first_name="Amelia", legal_last_name="Khan")
    duplicate = child(upn=make_upn(22))
    merging.merge(kept, duplicate, by=officer, reason="Same child")
    duplicate.refresh_from_db()
    assert duplicate.upn == make_upn(22)  # the kept record had a UPN: the merged one keeps its own

    result = matching.candidates(about(upn=make_upn(22)), officer)

    assert result[0].child == kept
    assert result[0].reasons == [
        "Same UPN (on a record merged into this one)",
        "Same last name",
        "Same first name",
    ]
    assert result[0].score == matching.SAME_UPN + matching.LAST_NAME_SAME + matching.FIRST_NAME_SAME
    assert [c.child for c in result].count(kept) == 1


def test_a_upn_on_a_record_merged_twice_finds_the_current_record(officer):
    upn = make_upn(23)
    current = child()
    middle = child(merged_into=current)
    child(upn=upn, merged_into=middle)

    result = matching.candidates(about(upn=upn), officer)

    assert [c.child for c in result] == [current]
    assert result[0].reasons == ["Same UPN (on a record merged into this one)"]
