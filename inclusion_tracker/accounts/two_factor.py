"""Two-factor sign-in with a time-based one-time code (TOTP, django-otp)."""

import segno
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

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
            otp_login(request, device)
            return True
    return False


def confirm(device: TOTPDevice, token: str, request) -> bool:
    token = "".join(token.split())
    if device.verify_token(token):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return True
    return False


def remove_devices(user) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
