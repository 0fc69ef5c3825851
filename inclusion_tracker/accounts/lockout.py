"""Lockout after failed sign-ins (django-axes), by account at an address and
by address alone, each with its own limit.

django-axes counts failures per lockout parameter (`AXES_LOCKOUT_PARAMETERS`)
but compares every count with one `AXES_FAILURE_LIMIT`. We need two limits:

- an account tried from one address is locked there after
  `AXES_FAILURE_LIMIT` failures (5), so a stranger elsewhere who guesses an
  administrator's password cannot lock the administrator out at their own
  desk;
- one address is locked after `AXES_IP_FAILURE_LIMIT` failures across all
  accounts (30), which stops one password being sprayed across many accounts
  while a school's shared address survives a few staff typos.

`AccountAndAddressHandler` is axes' database handler with those two counts;
axes itself still records the attempts, refuses locked sign-ins and shows the
lockout page. Decision record: docs/decisions/0004.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum


def _total_failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures on the scale axes compares with `AXES_FAILURE_LIMIT`: the
        account's failures at this address, or the limit itself once the
        address alone has reached `AXES_IP_FAILURE_LIMIT`. Marks the request
        `axes_locked_by_address` for the lockout page."""
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        at_address = _total_failures(recent.filter(ip_address=address))
        account_at_address = _total_failures(recent.filter(username=username, ip_address=address))
        limit = get_failure_limit(request, credentials)
        by_address = at_address >= settings.AXES_IP_FAILURE_LIMIT
        request.axes_locked_by_address = by_address and account_at_address < limit
        return max(account_at_address, limit) if by_address else account_at_address

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful sign-in, forget only that account's failures at
        this address: signing in to one account must not wipe the address's
        count of failures on others (or a sprayer with one account could)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def unlock(email: str) -> int:
    """An administrator's unlock: forget every failure on the account, at any
    address, and every failure from each address the account has been tried
    from, so an address lockout that keeps this person out ends too. Returns
    the number of attempt records removed."""
    addresses = AccessAttempt.objects.filter(username=email).values("ip_address")
    count, _ = AccessAttempt.objects.filter(
        Q(username=email) | Q(ip_address__in=addresses)
    ).delete()
    return count
