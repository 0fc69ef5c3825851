import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inclusion_tracker.core.csv_files import CsvFileError, size_label
from inclusion_tracker.establishments.importer import import_establishments


def la_code(value: str) -> str:
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) == 3):
        raise argparse.ArgumentTypeError(f'"{value}" is not an LA code; expected 3 digits')
    return value


class Command(BaseCommand):
    help = (
        'Import establishments from the Get Information About Schools "all establishment '
        'data" CSV (edubasealldataYYYYMMDD.csv, Windows-1252). Keeps the rows of the given '
        "local authorities, adds new establishments and updates changed ones, matched by "
        "URN. The whole file is checked first: if any row is malformed, nothing is saved. "
        "Files larger than GIAS_CSV_MAX_BYTES, with NUL characters or not in CSV text are "
        "refused, as are kept values a spreadsheet would run as formulas (starting with =, "
        "+, -, @). See docs/establishments.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the GIAS CSV file, as downloaded")
        parser.add_argument(
            "--la",
            action="append",
            type=la_code,
            metavar="CODE",
            help="keep establishments in this local authority (3-digit LA code); repeat "
            "for more than one. Default: the LA_CODES setting "
            f"({', '.join(settings.LA_CODES)})",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without saving anything",
        )

    def handle(self, *args, path, la, dry_run, **options):
        la_codes = la or list(settings.LA_CODES)
        limit = settings.GIAS_CSV_MAX_BYTES
        try:
            with path.open("rb") as file:
                if path.stat().st_size > limit:
                    raise CommandError(
                        f"{path.name} is larger than {size_label(limit)}: is it the GIAS "
                        "establishments CSV? (Set GIAS_CSV_MAX_BYTES to read a larger file.) "
                        "Nothing was saved."
                    )
                result = import_establishments(
                    file, la_codes, dry_run=dry_run, source=path.name, max_bytes=limit
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except CsvFileError as error:
            raise CommandError(f"{error}. Nothing was saved.") from error
        self.stdout.write(result.summary)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
