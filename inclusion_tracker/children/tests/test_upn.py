"""UPN validation: statutory.md §5.1, DfE "Unique pupil numbers" guidance."""

import pytest
from django.core.exceptions import ValidationError
from stdnum.gb import upn as stdnum_upn

from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import make_temporary_upn, make_upn
from inclusion_tracker.children.upn import (
    MESSAGES,
    is_temporary_upn,
    normalise_upn,
    validate_upn,
)

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def error_for(value: str) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        validate_upn(value)
    return raised.value.messages


def test_the_dfe_worked_example_is_valid():
    validate_upn("B801200005001")


def test_a_leicestershire_upn_is_valid():
    upn = make_upn(1, la=855)
    assert upn[1:4] == "855"
    validate_upn(upn)


@pytest.mark.parametrize("letter", sorted(set(CHECK_LETTERS) - {"B"}))
def test_a_wrong_check_letter_is_rejected(letter):
    assert error_for(f"{letter}801200005001") == [MESSAGES["check_letter"]]


@pytest.mark.parametrize("value", ["B80120000500", "B8012000050011", "B", "B801 2000 0500"])
def test_a_upn_of_the_wrong_length_is_rejected(value):
    assert error_for(value) == [MESSAGES["length"]]


@pytest.mark.parametrize(
    "value", ["B80120A005001", "B8012000050A1", "BB01200005001", "B-01200005001"]
)
def test_letters_in_the_middle_are_rejected(value):
    assert error_for(value) == [MESSAGES["format"]]


def test_a_digit_instead_of_the_check_letter_is_a_format_error():
    assert error_for("1801200005001") == [MESSAGES["format"]]


@pytest.mark.parametrize("la", [0, 100, 999, 854])
def test_an_unknown_la_number_is_rejected(la):
    body = make_upn(1, la=la)[1:]
    assert error_for(stdnum_upn.calc_check_digit(body) + body) == [MESSAGES["la"]]


@pytest.mark.parametrize("la", [838, 839, 940, 941, 942, 943])
def test_la_numbers_created_since_2011_are_accepted(la):
    validate_upn(make_upn(1, la=la))


def test_a_new_la_number_with_a_wrong_check_letter_is_rejected():
    upn = make_upn(1, la=940)
    wrong = next(letter for letter in CHECK_LETTERS if letter != upn[0])
    assert error_for(wrong + upn[1:]) == [MESSAGES["check_letter"]]


def test_spaces_are_ignored_and_letters_upper_cased():
    assert normalise_upn(" b801 2000 05001") == "B801200005001"
    assert normalise_upn("b80\t1200005001\n") == "B801200005001"
    validate_upn(" b801 2000 05001")


def test_a_temporary_upn_is_accepted():
    upn = make_temporary_upn(1, "A", la=855)
    assert upn[1:12].isdigit() and upn[12] == "A"
    validate_upn(upn)
    assert is_temporary_upn(upn)
    assert is_temporary_upn(upn.lower())


def test_a_temporary_upns_final_letter_counts_in_the_check_letter():
    upn = make_temporary_upn(1, "A")
    assert error_for(upn[:-1] + "B") == [MESSAGES["check_letter"]]


def test_a_permanent_upn_is_not_temporary():
    assert not is_temporary_upn("B801200005001")


@pytest.mark.parametrize("letter", "IOS")
def test_i_o_and_s_are_never_a_check_letter(letter):
    assert error_for(f"{letter}801200005001") == [MESSAGES["check_letter"]]
    # Every remainder mod 23 gives one of the 23 letters, none of them I, O or S.
    letters = {stdnum_upn.calc_check_digit(make_upn(serial)[1:]) for serial in range(1000)}
    assert letters == set(CHECK_LETTERS)


@pytest.mark.parametrize("letter", "IOS")
def test_i_o_and_s_are_never_a_temporary_upns_final_letter(letter):
    # Whatever the check letter, the UPN is refused.
    for check in CHECK_LETTERS:
        assert error_for(f"{check}85520011501{letter}") == [MESSAGES["format"]]


def test_a_child_with_a_temporary_upn_says_so():
    assert Child(upn=make_temporary_upn()).has_temporary_upn
    assert not Child(upn="B801200005001").has_temporary_upn
    assert not Child(upn="").has_temporary_upn
