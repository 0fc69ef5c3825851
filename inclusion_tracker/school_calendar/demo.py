"""Demo term dates for `load_demo_data`: the local authority's terms and INSET
days for 2025/26, 2026/27 and 2027/28, in a Leicestershire-like pattern (an
autumn term starting in late August, an earlier summer holiday), and two
INSET days of Hallam Fields Academy's own in 2026/27.

The dates are ILLUSTRATIVE: plausible, 190 school days a year, but not the
published Leicestershire term dates. They come from sample_data/term_dates.csv,
the sample for the upload page and `load_term_dates`. Safe to run again: each
owner's years are replaced, not added to.
"""

from pathlib import Path

from inclusion_tracker.school_calendar.loader import Mode, check, save

SAMPLE = Path(__file__).parent / "sample_data" / "term_dates.csv"


def load():
    """Needs the demo establishments (URN 990002) to exist already."""
    save(check(SAMPLE.read_bytes(), Mode.REPLACE), Mode.REPLACE)
