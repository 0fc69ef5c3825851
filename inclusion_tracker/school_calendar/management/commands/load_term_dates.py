from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inclusion_tracker.core.csv_files import size_label
from inclusion_tracker.establishments.models import LocalAuthority
from inclusion_tracker.school_calendar.loader import (
    MAX_ERRORS_SHOWN,
    Mode,
    TermDatesFileError,
    load_term_dates,
)


class Command(BaseCommand):
    help = (
        "Load term dates and non-school days (INSET days, closures) from a CSV file with the "
        "columns urn (blank for the local authority's dates), academic_year (2026 for 2026/27), "
        "kind (term, inset, closure or other), name (a term's name, or a description), "
        "first_day and last_day (YYYY-MM-DD or DD/MM/YYYY; last_day blank for a non-school "
        "day). The whole file is checked first: if any row is wrong, every problem is listed "
        "and nothing is saved. The file is one local authority's (--la, by default the "
        "deployment's own, the first of LA_CODES): every URN must be one of its establishments. "
        "By default the dates already saved for each owner and school "
        "year in the file are replaced, so running a file twice is safe. See docs/calendar.md "
        "and school_calendar/sample_data/term_dates.csv. Files larger than "
        "TERM_DATES_CSV_MAX_BYTES, with NUL characters, in another format than CSV text or "
        "with values a spreadsheet would run as formulas (starting with =, +, -, @) are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the CSV file (UTF-8 or Windows-1252)")
        parser.add_argument(
            "--add",
            action="store_const",
            dest="mode",
            const=Mode.ADD,
            default=Mode.REPLACE,
            help="keep the dates already saved and add the file's (a term overlapping a saved "
            "one, or a day saved already, is an error) instead of replacing each school year "
            "the file gives",
        )
        parser.add_argument(
            "--la",
            dest="la_code",
            metavar="CODE",
            default=None,
            help="the local authority whose term dates these are, by its three-digit DfE code "
            "(default: the deployment's own, the first of LA_CODES)",
        )

    def handle(self, *args, path, mode, la_code=None, **options):
        la_code = la_code or settings.LA_CODES[0]
        local_authority = LocalAuthority.by_code(la_code)
        if local_authority is None:
            raise CommandError(f"There is no local authority with code {la_code}")
        limit = settings.TERM_DATES_CSV_MAX_BYTES
        try:
            with path.open("rb") as file:
                content = file.read(limit + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        if len(content) > limit:
            raise CommandError(
                f"{path.name} is larger than {size_label(limit)}: split it into smaller files "
                "(or set TERM_DATES_CSV_MAX_BYTES). Nothing was saved."
            )
        try:
            loaded = load_term_dates(
                content, local_authority=local_authority, mode=mode, source=path.name
            )
        except TermDatesFileError as error:
            for message in error.errors[:MAX_ERRORS_SHOWN]:
                self.stderr.write(message)
            more = len(error.errors) - MAX_ERRORS_SHOWN
            if more > 0:
                self.stderr.write(f"and {more} more problems")
            raise CommandError(
                f"{path.name} has {len(error.errors)} problem{'s' if len(error.errors) != 1 else ''}. "
                "Nothing was saved."
            ) from error
        for owner_year in loaded:
            self.stdout.write(f"Loaded {owner_year.summary}")
