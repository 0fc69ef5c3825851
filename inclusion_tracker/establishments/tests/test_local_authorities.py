"""England's local authorities as data: the 153 with their DfE codes, the
places outside England, and the choices offered for "moved to"."""

from inclusion_tracker.establishments import local_authorities
from inclusion_tracker.establishments.local_authorities import (
    BY_CODE,
    ENGLISH_LOCAL_AUTHORITIES,
    OUTSIDE_ENGLAND,
)


def test_there_are_153_english_local_authorities_with_unique_three_digit_codes():
    codes = [authority.code for authority in ENGLISH_LOCAL_AUTHORITIES]
    assert len(codes) == 153
    assert len(set(codes)) == 153
    assert all(code.isdigit() and len(code) == 3 for code in codes)
    assert len({authority.name for authority in ENGLISH_LOCAL_AUTHORITIES}) == 153


def test_the_reorganised_authorities_have_their_new_codes_and_the_old_ones_are_gone():
    assert BY_CODE["942"].name == "Cumberland"
    assert BY_CODE["943"].name == "Westmorland and Furness"
    assert BY_CODE["940"].name == "North Northamptonshire"
    assert BY_CODE["941"].name == "West Northamptonshire"
    assert BY_CODE["838"].name == "Dorset"
    assert BY_CODE["839"].name == "Bournemouth, Christchurch and Poole"
    # Cumbria, Northamptonshire, the old Dorset, Poole and Bournemouth.
    for old in ("909", "928", "835", "836", "837"):
        assert old not in BY_CODE


def test_wales_scotland_northern_ireland_and_abroad_are_destinations_outside_england():
    assert [place.name for place in OUTSIDE_ENGLAND] == [
        "Wales",
        "Scotland",
        "Northern Ireland",
        "Outside the UK (abroad)",
    ]
    assert not any(place.in_england for place in OUTSIDE_ENGLAND)
    assert BY_CODE["wales"].label == "Wales"
    assert BY_CODE["857"].label == "Rutland (857)"


def test_the_choices_offer_every_other_english_authority_then_outside_england(settings):
    settings.LA_CODES = ["855"]
    (england_label, english), (outside_label, outside) = local_authorities.choices()
    assert england_label == "Local authorities in England"
    assert outside_label == "Outside England"
    codes = [code for code, _ in english]
    assert len(codes) == 152
    assert "855" not in codes
    assert ("856", "Leicester (856)") in english
    # By name, so a person can find one in the list.
    names = [BY_CODE[code].name for code in codes]
    assert names == sorted(names)
    assert [code for code, _ in outside] == ["wales", "scotland", "northern_ireland", "abroad"]


def test_an_authority_with_several_codes_offers_none_of_them(settings):
    settings.LA_CODES = ["942", "943"]
    (_, english), _ = local_authorities.choices()
    codes = {code for code, _ in english}
    assert len(codes) == 151
    assert not codes & {"942", "943"}
