"""Time the busiest list pages against a large, made-up data set, and print
the figures. Everything it creates is rolled back at the end, so it can run
against any database (use PostgreSQL for figures that mean anything).

    DATABASE_URL=postgres://... uv run python manage.py benchmark --rows 50000
"""

import logging
import statistics
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.casework.episode_kinds import WORKFLOWS, EpisodeKind
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.children.models import Child
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.notifications.models import Kind, Notification, PartTimeTimetable, Status
from inclusion_tracker.referrals.models import MadeBy, Referral
from inclusion_tracker.school_calendar.demo import SAMPLE as SAMPLE_TERM_DATES
from inclusion_tracker.school_calendar.loader import Mode, check, save
from inclusion_tracker.school_calendar.models import NonSchoolDay
from inclusion_tracker.school_calendar.school_days import clear_cache
from inclusion_tracker.support.models import Service


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Create --rows notifications and children (rolled back afterwards), then time the "
        "officers' received list, a school's notification list, the children search, the "
        "triage inbox, the worklists (each school's own school days), the open referrals "
        "and a child's page (with suggestions and referrals), "
        "printing the median and slowest of --repeat requests and the queries each makes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, default=20000, help="notifications, children and episodes to create"
        )
        parser.add_argument(
            "--schools", type=int, default=200, help="establishments to spread them over"
        )
        parser.add_argument("--repeat", type=int, default=20, help="requests to time per page")

    def handle(self, *args, rows, schools, repeat, **options):
        logging.getLogger("inclusion_tracker.requests").setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                self.run(rows, schools, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("All benchmark data has been rolled back.")

    def run(self, rows, schools, repeat):
        started = time.perf_counter()
        establishments = Establishment.objects.bulk_create(
            Establishment(
                urn=f"8{n:05d}",
                la_code="855",
                la_name="Bench",
                establishment_number=f"{n % 10000:04d}",
                name=f"Benchmark School {n}",
                type_name="Community school",
            )
            for n in range(schools)
        )
        officer = User.objects.create_user(
            "bench.officer@example.com", full_name="Bench Officer", role=Role.INCLUSION_OFFICER
        )
        school_user = User.objects.create_user(
            "bench.school@example.com", full_name="Bench School", role=Role.SCHOOL_USER
        )
        school_user.establishments.set(establishments[:1])
        now = timezone.now()
        Child.objects.bulk_create(
            Child(
                legal_first_name=f"Child{n}",
                legal_last_name=f"Surname{n % 5000}",
                date_of_birth=date(2012, 1, 1) + timedelta(days=n % 3000),
                current_establishment=establishments[n % schools],
                # bulk_create skips Child.save(), which sets the LA: the
                # officer's pages read only their LA's children.
                local_authority_id="855",
            )
            for n in range(rows)
        )
        notifications = Notification.objects.bulk_create(
            Notification(
                reference=f"PTT-B{n:06d}"[:12],
                kind=Kind.PART_TIME_TIMETABLE,
                status=Status.RECEIVED,
                establishment=establishments[n % schools],
                created_by=school_user,
                submitted_by=school_user,
                submitted_at=now - timedelta(minutes=n),
                first_name=f"Child{n}",
                last_name="Bench",
            )
            for n in range(rows)
        )
        PartTimeTimetable.objects.bulk_create(
            PartTimeTimetable(notification=n) for n in notifications
        )
        # One episode per child, of every kind and status, a third of them
        # assigned to the officer (the benchmark officer's caseload).
        kinds = list(EpisodeKind)
        children = list(Child.objects.filter(legal_first_name__startswith="Child").order_by("pk"))
        today = timezone.localdate()
        Episode.objects.bulk_create(
            Episode(
                child=child,
                kind=kinds[n % len(kinds)],
                status=WORKFLOWS[kinds[n % len(kinds)]].statuses[n % 2].value,
                owner=officer if n % 3 == 0 else None,
                establishment=establishments[n % schools],
                opened_on=today - timedelta(days=n % 90),
                review_due=today + timedelta(days=n % 30 - 15),
                end_date=today + timedelta(days=n % 40 - 20),
                duty_date=today + timedelta(days=n % 20 - 10),
            )
            for n, child in enumerate(children)
        )
        first_child = children[0].pk
        # The LA's term dates (the demo's), and one school in ten with an
        # INSET day of its own, so worklists count each school's school days.
        la_rows = [
            line
            for line in SAMPLE_TERM_DATES.read_text().splitlines()
            if line.startswith(("urn,", ","))
        ]
        save(check("\n".join(la_rows), Mode.REPLACE), Mode.REPLACE)
        NonSchoolDay.objects.bulk_create(
            NonSchoolDay(establishment=school, date=today - timedelta(days=n % 10 + 1))
            for n, school in enumerate(establishments[::10])
            if (today - timedelta(days=n % 10 + 1)).weekday() < 5
        )
        clear_cache()  # bulk_create sends no signals
        # A referral on every fifth episode, made over the last 60 days.
        services = list(Service.objects.offered())
        Referral.objects.bulk_create(
            Referral(
                episode=episode,
                service=services[n % len(services)],
                made_on=today - timedelta(days=n % 60),
                made_by=MadeBy.LOCAL_AUTHORITY,
                recorded_by=officer,
                parent_consented=True,
                consent_date=today - timedelta(days=n % 60),
            )
            for n, episode in enumerate(Episode.objects.order_by("pk")[: rows // 5])
        )
        if connection.vendor == "postgresql":
            # As autovacuum would soon after a bulk load in production.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Created {rows} notifications and children over {schools} schools in {time.perf_counter() - started:.1f}s"
        )

        officer_client, school_client = Client(), Client()
        officer_client.force_login(officer)
        school_client.force_login(school_user)
        pages = [
            ("Received list, first page", officer_client, "/notifications/received/"),
            (
                "Received list, filtered by type",
                officer_client,
                f"/notifications/received/?kind={Kind.PART_TIME_TIMETABLE}",
            ),
            ("Received list, page 100", officer_client, "/notifications/received/?page=100"),
            ("School's notifications list", school_client, "/notifications/"),
            ("Children search by surname", officer_client, "/children/?q=Surname42"),
            ("Children search by date of birth", officer_client, "/children/?q=01/02/2013"),
            ("Triage inbox, first page", officer_client, "/triage/"),
            ("Worklists with counts", officer_client, "/worklists/"),
            ("Worklist: my caseload", officer_client, "/worklists/my-caseload/"),
            ("Worklist: unassigned", officer_client, "/worklists/unassigned/"),
            ("Worklist: reviews due, by date", officer_client, "/worklists/reviews-due/?sort=due"),
            ("Worklist: past end date", officer_client, "/worklists/past-end-date/"),
            ("Worklist: CME overdue", officer_client, "/worklists/cme-overdue/"),
            (
                "Worklist: removals notified late",
                officer_client,
                "/worklists/late-removal-returns/",
            ),
            ("Open referrals worklist", officer_client, "/referrals/open/"),
            ("A child's page", officer_client, f"/children/{first_child}/"),
        ]
        self.stdout.write(f"{'page':<36} {'median ms':>10} {'slowest ms':>11} {'queries':>8}")
        for label, client, url in pages:
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            self.stdout.write(
                f"{label:<36} {statistics.median(timings):>10.1f} {max(timings):>11.1f} {len(queries):>8}"
            )
