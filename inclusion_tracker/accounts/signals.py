"""What accounts tells the apps above it (see core/signals.py)."""

from django.dispatch import Signal

# Sent as a user's account page is drawn, with `user`: each receiver returns a
# dict of context for its part of the page (reminders: "E-mails we send you").
account_page_shown = Signal()
