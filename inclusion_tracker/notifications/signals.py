"""What notifications tells the apps above it (see core/signals.py)."""

from django.dispatch import Signal

# Sent as a school sends a notification, inside the sending transaction, with
# `notification` and `request`: what cannot wait for triage happens here
# (casework opens a CME enquiry for a child removed with no known
# destination; reminders queues the school's receipt). An error rolls the
# whole send back.
notification_sent = Signal()

# Sent as a school records a review of a part-time timetable, inside its
# transaction, with `review` and `by`: casework updates the episode.
timetable_reviewed = Signal()

# Sent as a sent notification's page is drawn, with `notification` and
# `user`: each receiver returns a dict of context for its part of the page
# (referrals: the services involved with the school's pupil).
notification_page_shown = Signal()
