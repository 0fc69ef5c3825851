"""What casework tells the apps above it (see core/signals.py)."""

from django.dispatch import Signal

# Sent when a CME enquiry is opened as a school sends a removal with no known
# destination, with `notification` and `episode`, inside the transaction
# (reminders e-mails the officers once it commits).
cme_enquiry_opened = Signal()

# Sent when an officer asks a team manager to approve a closure, with
# `episode` (reminders e-mails the managers once it commits).
closure_approval_requested = Signal()

# Sent as a child's page is drawn, with `child` and `user`: each receiver
# returns a dict of context for its part of the page (referrals: the child's
# referrals and the suggested services).
child_page_shown = Signal()

# Sent as the worklists page is drawn, with `user` and `today`: each receiver
# returns a dict of context (referrals: how many are open too long).
worklists_page_shown = Signal()

# Sent as a child's timeline is built, with `child`: each receiver returns a
# list of timeline entries (`casework.timeline.Entry`), each source one query.
timeline_requested = Signal()
