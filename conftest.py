"""The fixed cast every test can use: two school users at different schools,
a main contact, an officer, a manager, an administrator and an outsider (an
active account with no role)."""

import pytest

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests sign in hundreds of times: a fast hasher keeps the suite quick.
    Production uses Django's default PBKDF2 hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks (reminders) run at once, inside the test, instead of
    waiting in the database for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def commit_callbacks_run_after_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """A test runs inside a transaction that never commits, so
    `transaction.on_commit` callbacks (queueing e-mails) would never run. Each
    test client request runs them as it ends, as the real commit would; code
    called outside a request uses `django_capture_on_commit_callbacks`."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(autouse=True)
def fresh_school_days_cache():
    """Each test starts with no term dates (the test database has none), and
    core/school_days.py is told so: its per-process cache would otherwise keep
    one test's terms into the next, since rolled-back rows send no signals."""
    from inclusion_tracker.school_calendar import school_days

    school_days.clear_cache(known_empty=True)
    yield
    school_days.clear_cache()


@pytest.fixture(autouse=True)
def fresh_local_authority_cache():
    """Each test starts with the 153 local authorities as the migration made
    them, already in the per-process copy (so no test counts the query that
    loads them); a test that saves one clears the copy, as the service does."""
    from inclusion_tracker.establishments.local_authorities import ENGLISH_LOCAL_AUTHORITIES
    from inclusion_tracker.establishments.models import (
        LocalAuthority,
        clear_local_authority_cache,
    )

    clear_local_authority_cache(
        [LocalAuthority(code=la.code, name=la.name) for la in ENGLISH_LOCAL_AUTHORITIES]
    )
    yield
    clear_local_authority_cache()


@pytest.fixture
def school_a(db):
    return EstablishmentFactory(urn="900001", name="Alpha Primary School")


@pytest.fixture
def school_b(db):
    return EstablishmentFactory(urn="900002", name="Beta Academy", phase="Secondary")


@pytest.fixture
def school_user_a(school_a):
    return UserFactory(
        email="school.a@example.com", role=Role.SCHOOL_USER, establishments=[school_a]
    )


@pytest.fixture
def school_user_b(school_b):
    return UserFactory(
        email="school.b@example.com", role=Role.SCHOOL_USER, establishments=[school_b]
    )


@pytest.fixture
def main_contact_a(school_a):
    return UserFactory(
        email="contact.a@example.com", role=Role.SCHOOL_MAIN_CONTACT, establishments=[school_a]
    )


@pytest.fixture
def officer(db):
    return UserFactory(email="officer@example.com", role=Role.INCLUSION_OFFICER)


@pytest.fixture
def manager(db):
    return UserFactory(email="manager@example.com", role=Role.TEAM_MANAGER)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.com", role=Role.ADMINISTRATOR)


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.com")


@pytest.fixture
def cast(school_user_a, school_user_b, main_contact_a, officer, manager, admin_user, outsider):
    """Everyone, by name: for permission ladders."""
    return {
        "school_user_a": school_user_a,
        "school_user_b": school_user_b,
        "main_contact_a": main_contact_a,
        "officer": officer,
        "manager": manager,
        "admin": admin_user,
        "outsider": outsider,
    }


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file rather than Django's default
    in-memory one: an in-memory database shared between threads locks whole
    tables and fails at once instead of waiting, so the tests that send
    requests at the same moment (core/tests/test_races.py) could not show
    what the demo does. PostgreSQL is left as it is."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        )
