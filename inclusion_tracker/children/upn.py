"""Unique Pupil Number (UPN): normalising and validating.

A UPN is 13 characters: a check letter, the 3-digit LA number, the 4-digit
establishment number, 2 digits for the year and a 3-digit serial. A temporary
UPN ends in a letter instead of its last digit. The check letter and LA
number are checked by python-stdnum's `stdnum.gb.upn` (reference:
shared/reference/statutory.md §5.1; DfE "Unique pupil numbers" guidance).
"""

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn as stdnum_upn

# LA numbers created after python-stdnum's list was taken (DfE list of 2011),
# through the 2019-2023 local government reorganisations. UNCONFIRMED against a
# DfE source: check before relying on them.
LA_NUMBERS_SINCE_2011 = frozenset({838, 839, 940, 941, 942, 943})

MESSAGES = {
    "length": "Enter a UPN that is 13 characters long, like B801200005001",
    "format": "Enter a UPN that starts with a letter followed by 12 digits, or 11 digits and a letter for a temporary UPN",
    "la": "Enter a UPN with a real local authority number in characters 2 to 4",
    "check_letter": "Enter a UPN with the right first letter: check the UPN against the school's records",
}


def normalise_upn(value: str) -> str:
    """Spaces removed and letters upper-cased: ` b80 1200005001 ` -> `B801200005001`."""
    return "".join(str(value).split()).upper()


def is_temporary_upn(value: str) -> bool:
    value = normalise_upn(value)
    return len(value) == 13 and value[-1].isalpha()


def validate_upn(value: str) -> None:
    """Raise ValidationError with a GOV.UK-style message naming what to fix."""
    number = normalise_upn(value)
    if len(number) == 13 and not number[0].isalpha():
        # python-stdnum would call this a wrong check letter.
        raise ValidationError(MESSAGES["format"], code="upn_format")
    try:
        stdnum_upn.validate(number)
    except stdnum_errors.InvalidLength as error:
        raise ValidationError(MESSAGES["length"], code="upn_length") from error
    except stdnum_errors.InvalidFormat as error:
        raise ValidationError(MESSAGES["format"], code="upn_format") from error
    except stdnum_errors.InvalidComponent as error:
        if int(number[1:4]) not in LA_NUMBERS_SINCE_2011:
            raise ValidationError(MESSAGES["la"], code="upn_la") from error
        if stdnum_upn.calc_check_digit(number[1:]) != number[0]:
            raise ValidationError(MESSAGES["check_letter"], code="upn_check_letter") from error
    except stdnum_errors.InvalidChecksum as error:
        raise ValidationError(MESSAGES["check_letter"], code="upn_check_letter") from error
