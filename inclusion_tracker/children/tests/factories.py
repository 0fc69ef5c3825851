from datetime import date

import factory
from stdnum.gb import upn as stdnum_upn

from inclusion_tracker.children.models import Child
from inclusion_tracker.core.tests.factories import ModelFactory


def make_upn(serial: int = 1, *, la: int = 855, establishment: int = 2001, year: int = 15) -> str:
    """A valid permanent UPN: check letter, LA, establishment, year, serial."""
    body = f"{la:03d}{establishment:04d}{year:02d}{serial:03d}"
    return stdnum_upn.calc_check_digit(body) + body


def make_temporary_upn(serial: int = 1, letter: str = "A", *, la: int = 855) -> str:
    """A valid temporary UPN: 11 digits after the check letter, then a letter."""
    body = f"{la:03d}200115{serial:02d}{letter}"
    return stdnum_upn.calc_check_digit(body) + body


class ChildFactory(ModelFactory[Child]):
    class Meta:
        model = Child

    legal_first_name = factory.Sequence(lambda n: f"Child{n}")
    legal_last_name = "Testcase"
    date_of_birth = date(2015, 3, 12)
    postcode = "LE1 2AB"

    class Params:
        with_upn = factory.Trait(upn=factory.Sequence(lambda n: make_upn(n % 1000)))
