"""Two-factor sign-in with a time-based one-time code (TOTP, django-otp).

Before a user first sets up an authenticator app (or sets one up again after
an administrator reset it), they show that the account's e-mail address is
theirs, as well as knowing the password: by entering a 6-digit code we e-mail
them (`issue_email_code`, `check_email_code`), or by having just chosen their
password through an emailed link (an invitation or a password reset). Either
marks this session (`mark_email_confirmed`); the set-up page shows no QR code
or key until it is marked.
"""

import enum
import secrets
from datetime import timedelta

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from inclusion_tracker.accounts.models import EMAIL_CODE_MAX_ATTEMPTS, TwoFactorEmailCode

DEVICE_NAME = "Authenticator app"


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#0b0c0c", light="#ffffff"
    )


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def verify(user, token: str, request) -> bool:
    """Check the code against the user's confirmed devices; mark the session
    as verified when it matches. TOTP devices slow down repeated failures."""
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            _passed_two_factor(request, device)
            return True
    return False


def _passed_two_factor(request, device) -> None:
    """Mark the session as having passed two-factor sign-in, under a new key:
    django-otp keeps the key the password step gave it, and a session that
    can now do more must not keep a key that may have leaked (ASVS 7.2.4)."""
    otp_login(request, device)
    request.session.cycle_key()


def confirm(device: TOTPDevice, token: str, request) -> bool:
    token = "".join(token.split())
    if device.verify_token(token):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _passed_two_factor(request, device)
        request.session.pop(EMAIL_CONFIRMED_SESSION_KEY, None)
        return True
    return False


def remove_devices(user) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


# E-mailed codes before the first set-up ----------------------------------

# A new code may be sent this long after the last one...
EMAIL_CODE_RESEND_SECONDS = 60
# ...and no more than this many in an hour.
EMAIL_CODES_PER_HOUR = 5
EMAIL_CONFIRMED_SESSION_KEY = "two_factor_email_confirmed"


class EmailCodeCheck(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    # Expired, used, replaced by a newer code, or never sent.
    EXPIRED = "expired"
    # The last wrong guess allowed.
    WORN_OUT = "worn_out"


class EmailCodeWait(enum.Enum):
    TOO_SOON = "too_soon"
    TOO_MANY = "too_many"


def hash_email_code(user, code: str) -> str:
    """A keyed hash (HMAC with SECRET_KEY) of the code for this user: the
    database never holds the code itself."""
    return salted_hmac(
        "inclusion_tracker.accounts.two_factor.email_code",
        f"{user.pk}:{code}",
        algorithm="sha256",
    ).hexdigest()


def email_code_minutes() -> int:
    return settings.TWO_FACTOR_EMAIL_CODE_MINUTES


def has_live_email_code(user) -> bool:
    return user.two_factor_email_codes.live().exists()


def email_code_wait(user) -> EmailCodeWait | None:
    """Why a new code cannot be sent yet, or None when it can."""
    now = timezone.now()
    recent = user.two_factor_email_codes.filter(created_at__gt=now - timedelta(hours=1))
    if recent.filter(created_at__gt=now - timedelta(seconds=EMAIL_CODE_RESEND_SECONDS)).exists():
        return EmailCodeWait.TOO_SOON
    if recent.count() >= EMAIL_CODES_PER_HOUR:
        return EmailCodeWait.TOO_MANY
    return None


def issue_email_code(user) -> str:
    """A new 6-digit code for the user, replacing any earlier one. Returns
    the code to e-mail: never log or store it."""
    now = timezone.now()
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        user.two_factor_email_codes.live(now).update(expires_at=now)
        TwoFactorEmailCode.objects.create(
            user=user,
            code_hash=hash_email_code(user, code),
            created_at=now,
            expires_at=now + timedelta(minutes=email_code_minutes()),
        )
    return code


def check_email_code(user, code: str) -> EmailCodeCheck:
    """Checks the code against the user's latest one, which works once,
    until it expires, and for EMAIL_CODE_MAX_ATTEMPTS wrong guesses."""
    now = timezone.now()
    with transaction.atomic():
        latest = (
            user.two_factor_email_codes.select_for_update()
            .filter(used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if latest is None or latest.expires_at <= now:
            return EmailCodeCheck.EXPIRED
        if latest.failed_attempts >= EMAIL_CODE_MAX_ATTEMPTS:
            return EmailCodeCheck.WORN_OUT
        if constant_time_compare(latest.code_hash, hash_email_code(user, code)):
            # Works once, even when two requests bring it at the same moment.
            used = user.two_factor_email_codes.filter(pk=latest.pk, used_at__isnull=True).update(
                used_at=now
            )
            return EmailCodeCheck.RIGHT if used else EmailCodeCheck.EXPIRED
        # F(): parallel wrong guesses each count, even where the database
        # (SQLite) does not lock the row.
        latest.failed_attempts = F("failed_attempts") + 1
        latest.save(update_fields=["failed_attempts"])
        latest.refresh_from_db(fields=["failed_attempts"])
        if latest.failed_attempts >= EMAIL_CODE_MAX_ATTEMPTS:
            return EmailCodeCheck.WORN_OUT
        return EmailCodeCheck.WRONG


def mark_email_confirmed(request, user) -> None:
    """This session has shown that the user's e-mail address is theirs, so
    they may set up an authenticator app. Any half-set-up app made before is
    thrown away, so the key shown next is new."""
    request.session[EMAIL_CONFIRMED_SESSION_KEY] = user.pk
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


def email_confirmed(request, user) -> bool:
    return request.session.get(EMAIL_CONFIRMED_SESSION_KEY) == user.pk
