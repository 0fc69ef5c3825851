"""What the calendar tells the apps above it (see core/signals.py)."""

from django.dispatch import Signal

# Sent once a change to terms or non-school days is committed: deadlines
# stored from school days (casework's health-needs duty dates) are recomputed.
school_days_changed = Signal()
