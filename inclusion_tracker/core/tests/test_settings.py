"""Production settings: refuse to start without secrets; check --deploy clean."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from inclusion_tracker.core.tests.helpers import page_text

ROOT = Path(__file__).resolve().parents[3]


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ENV",
            "DEBUG",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production_mode():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="inclusion.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ALLOWED_HOSTS": "inclusion.example.org"},
            "Set SECRET_KEY: the service will not start without it",
        ),
        ({"SECRET_KEY": "x" * 60}, "Set ALLOWED_HOSTS: the service will not start without it"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = manage("check", DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_cannot_be_switched_on_in_production():
    result = manage(
        "check",
        DJANGO_ENV="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="a.example",
        DEBUG="true",
    )
    assert result.returncode != 0
    assert "DEBUG must be off when DJANGO_ENV=production" in result.stderr


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "'nonce-" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_inline_script_carries_the_csp_nonce(client, db):
    response = client.get("/sign-in/")
    policy = response.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in page_text(response)


def test_the_local_authority_is_a_setting(client, db, settings):
    settings.LA_NAME = "Rutland County Council"
    settings.INCLUSION_SERVICE_PHONE = "01572 000000"
    content = page_text(client.get("/sign-in/"))
    assert "Rutland County Council" in content
    assert "01572 000000" in content


def test_env_example_lists_every_variable_the_settings_read():
    import re

    settings_source = (ROOT / "inclusion_tracker" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', settings_source)) | {
        "DATABASE_URL"
    }
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - listed == set()


def setting(name, **env):
    """A setting's value as the service would start with these variables."""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(repr(settings.{name}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.example"}


def settings_values(*names, **env) -> dict:
    """Several settings' values as the service would start with these variables."""
    values = ", ".join(f"{name!r}: settings.{name}" for name in names)
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(repr({{{values}}}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


COOKIE_SETTINGS = [
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_DOMAIN",
]


def test_in_production_the_cookies_have_the_host_prefix_and_what_it_needs():
    # __Host-: Secure, path / and no Domain, or browsers refuse the cookie.
    assert settings_values(*COOKIE_SETTINGS, **PRODUCTION) == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_PATH": "/",
        "CSRF_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_DOMAIN": None,
    }


def test_the_demo_keeps_djangos_cookie_names_over_plain_http():
    names = settings_values("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME")
    assert names == {"SESSION_COOKIE_NAME": "sessionid", "CSRF_COOKIE_NAME": "csrftoken"}


def test_the_forwarded_proto_header_is_ignored_unless_a_proxy_is_declared():
    assert setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == "None"
    assert setting("SECURE_PROXY_SSL_HEADER", BEHIND_HTTPS_PROXY="false", **PRODUCTION) == "None"
    assert (
        setting("SECURE_PROXY_SSL_HEADER", BEHIND_HTTPS_PROXY="true", **PRODUCTION)
        == "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_check_deploy_reports_nothing_behind_a_declared_proxy_either():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        BEHIND_HTTPS_PROXY="true",
        **{**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_plain_http_request_claiming_https_is_not_trusted_without_a_proxy(client, db):
    # The test settings declare no proxy: the header changes nothing.
    response = client.get("/sign-in/", headers={"x-forwarded-proto": "https"})
    assert response.wsgi_request.is_secure() is False


def test_password_reset_links_last_24_hours_unless_set_shorter():
    assert setting("PASSWORD_RESET_TIMEOUT") == str(24 * 3600)
    assert setting("PASSWORD_RESET_TIMEOUT", PASSWORD_RESET_TIMEOUT_HOURS="2") == str(2 * 3600)


@pytest.mark.parametrize("hours", ["25", "72", "0"])
def test_the_service_refuses_to_start_with_reset_links_longer_than_24_hours(hours):
    result = manage("check", PASSWORD_RESET_TIMEOUT_HOURS=hours)
    assert result.returncode != 0
    assert "PASSWORD_RESET_TIMEOUT_HOURS must be from 1 to 24" in result.stderr


def test_the_absolute_session_lifetime_is_10_hours_unless_set():
    assert setting("SESSION_ABSOLUTE_LIFETIME_HOURS") == "10"
    assert setting("SESSION_ABSOLUTE_LIFETIME_HOURS", SESSION_ABSOLUTE_LIFETIME_HOURS="8") == "8"
