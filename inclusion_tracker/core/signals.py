"""How a lower app lets the apps above it take part, without importing them.

The apps are layered (docs/architecture.md, "Layers"): an app imports only the
apps below it. When something a lower app does must reach a higher one (a
school sends a notification and casework opens a CME enquiry; a page made by
casework shows the child's referrals), the lower app sends a Django signal,
declared in its own `signals.py`, and the higher app connects a receiver in
its `AppConfig.ready()` (its `receivers.py`). Receivers run in the order of
INSTALLED_APPS, inside the sender's transaction.

A signal sent as a page is drawn ("…_page_shown") asks for context: each
receiver returns a dict of template variables for its part of the page, and
`page_context` merges them.
"""

from typing import Any, cast

from django.dispatch import Signal

# Sent as the home page is drawn, with `user`: each receiver returns a dict of
# context for its part of the page.
home_page_shown = Signal()


def page_context(signal: Signal, sender: Any, **kwargs: Any) -> dict[str, Any]:
    """The template context every receiver of a "…_page_shown" signal adds."""
    context: dict[str, Any] = {}
    for _receiver, extra in signal.send(sender=sender, **kwargs):
        context.update(cast(dict[str, Any], extra) or {})
    return context
