"""What handovers tell the apps above it (see core/signals.py)."""

from django.dispatch import Signal

# Sent at each step of a handover between two local authorities in the
# service (sent, accepted, declined), with `handover` and `step` (one of
# Handover.Status), inside the transaction: reminders e-mails the other
# side's team (officers and team managers of that LA) once it commits.
handover_step = Signal()
