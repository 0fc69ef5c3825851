"""Demo referrals for `load_demo_data`, after casework's demo: a few of the
demo children's open episodes referred to seed services, in every status,
one of them open longer than the worklist's threshold. Safe to run again:
each (episode, service) referral is made once."""

from datetime import timedelta

from django.utils import timezone

from inclusion_tracker.casework.models import Episode
from inclusion_tracker.referrals.models import MadeBy, Referral
from inclusion_tracker.school_calendar.school_days import add_school_days
from inclusion_tracker.support.models import Service

# (child's first name, the episode's reason, service, made how many school
#  days ago, made by, parent consented (or the safeguarding reason),
#  [(status, school days ago, outcome)], notes)
REFERRALS = [
    ("Ruby", "Phased return after illness", "Specialist Teaching Service", 30, MadeBy.SCHOOL,
     True, [], "School asked for advice on a reduced curriculum; chased by phone"),
    ("Ruby", "Emotionally based school avoidance", "Specialist health services", 3,
     MadeBy.LOCAL_AUTHORITY, True, [("accepted", 1, "")], ""),
    ("Maya", "Chronic fatigue; consultant's letter received", "Specialist health services", 20,
     MadeBy.LOCAL_AUTHORITY, True,
     [("accepted", 15, ""), ("completed", 2, "Home tuition plan agreed with the hospital team")],
     ""),
    ("Maya", "Awaiting a specialist place", "Multi Agency Travellers Unit (MATU)", 12,
     MadeBy.SCHOOL, True, [("accepted", 8, "")], "Family prefer contact through MATU"),
    ("Leo", "Family left the address; no forwarding details", "Family Help Service", 25,
     MadeBy.LOCAL_AUTHORITY,
     "Child protection plan in place and the parents cannot be reached",
     [("declined", 20, "Family no longer in the area: referred on to the new authority")], ""),
    ("Poppy", "Not attending funded hours", "Family Help Service", 10, MadeBy.LOCAL_AUTHORITY,
     True, [("withdrawn", 4, "")], "Family moved to a nursery nearer home; help no longer needed"),
]  # fmt: skip


def load(establishments, users):
    today = timezone.localdate()
    officer = users["officer@example.com"]
    for first, reason, service_name, made_ago, made_by, consent, path, notes in REFERRALS:
        episode = (
            Episode.objects.open()
            .filter(child__legal_first_name=first, reason=reason, child__merged_into=None)
            .first()
        )
        service = Service.objects.filter(name=service_name).first()
        if episode is None or service is None:
            continue
        if Referral.objects.filter(episode=episode, service=service).exists():
            continue
        made_on = add_school_days(today, -made_ago)
        referral = Referral.objects.record(
            by=officer,
            episode=episode,
            service=service,
            made_on=made_on,
            made_by=made_by,
            parent_consented=consent is True,
            consent_date=made_on - timedelta(days=2) if consent is True else None,
            safeguarding_reason="" if consent is True else consent,
            notes=notes,
        )
        for status, days_ago, outcome in path:
            referral.change_status(
                status, by=officer, on=add_school_days(today, -days_ago), outcome=outcome
            )
