"""What management commands share."""

from datetime import date

from django.core.management.base import CommandError


def iso_date(value: str) -> date:
    """A `--date YYYY-MM-DD` argument (argparse `type=`), refused in words a
    person can act on."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date like 2026-03-16, not {value!r}") from error
