"""How the service writes and tidies dates, postcodes and phone numbers.

Plain functions with no forms in them, so that models, forms, views and
templates can all use them (`core/forms.py` builds its fields on them).
"""

import re
from datetime import date


def govuk_date(value: date) -> str:
    """A date as GOV.UK writes it: 1 September 2017."""
    return f"{value.day} {value:%B %Y}"


# A UK postcode's shape (outward code, inward code); not a check that it exists.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
UK_PHONE = re.compile(r"^(\+44|0)[0-9]{9,10}$")
# Any other country: E.164, a plus and the country code, 8 to 15 digits in all.
INTERNATIONAL_PHONE = re.compile(r"^\+[1-9][0-9]{7,14}$")


def normalise_postcode(value: str) -> str:
    """`le1 2ab` -> `LE1 2AB`: upper case, one space before the last three characters."""
    compact = "".join(value.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s\-().]", "", value)
