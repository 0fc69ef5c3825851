"""Demo casework for `load_demo_data`: some demo notifications triaged into
children's records, and more children with episodes in every status of every
kind, so that each worklist has rows. Two notifications stay untriaged so the
triage inbox has work. Safe to run again: a child's demo episodes are created
once.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from inclusion_tracker.casework import intake
from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import EnquiryAction, Episode, Note
from inclusion_tracker.children.models import Child
from inclusion_tracker.establishments import local_authorities
from inclusion_tracker.notifications.models import Kind, Notification
from inclusion_tracker.school_calendar.school_days import add_school_days

# (reference, child's legal first name, last name, owner or None)
TRIAGED = [
    ("PTT-DEMAA2", "Amelia", "Khan", "officer@example.com"),
    ("PTT-DEMAB3", "Noah", "Evans", None),
    ("ROL-DEMAC4", "Oliver", "Brown", "officer@example.com"),
    ("PME-DEMAE7", "Noah", "Evans", "manager@example.com"),
]

# Children who exist only for the casework demo. All fictional.
CHILDREN: list[dict[str, Any]] = [
    dict(legal_first_name="Leo", legal_last_name="Walker", date_of_birth=date(2011, 4, 3),
         postcode="LE3 9AA", school="990002", child_protection_plan=True),
    dict(legal_first_name="Ruby", legal_last_name="Clarke", date_of_birth=date(2014, 9, 21),
         postcode="LE4 1BB", school="990001", sen_support=True),
    dict(legal_first_name="Finley", legal_last_name="Hughes", date_of_birth=date(2010, 1, 17),
         postcode="LE9 2CC", school="990005"),
    dict(legal_first_name="Poppy", legal_last_name="Ward", date_of_birth=date(2022, 5, 8),
         postcode="LE12 3DD", school="990004"),
]  # fmt: skip

# (child's first name, kind, path of (status, outcome[, closure]) from the
#  first status, owner or None, days ago opened, extra fields). A CME closure
#  says how it ended: a note, and where the child was found on roll (a demo
#  URN, `found_after` days after the enquiry opened) or which local authority
#  they moved to (a DfE LA code, told `told_after` days after it opened).
EPISODES: list[tuple[str, str, list[tuple[Any, ...]], str | None, int, dict[str, Any]]] = [
    ("Maya", EpisodeKind.HEALTH_NEEDS, [("la_arranging", "")], "officer@example.com", 35,
     dict(start_date=-35, reason="Chronic fatigue; consultant's letter received")),
    ("Maya", EpisodeKind.OTHER_MISSING_EDUCATION, [("support_arranged", "")], None, 20,
     dict(start_date=-20, reason="Awaiting a specialist place")),
    ("Leo", EpisodeKind.CME_ENQUIRY,
     [("awaiting_approval", "whereabouts_unknown",
       dict(notes="Home visits, calls to every contact, health, police and neighbouring "
                  "authorities checked: no trace of the family"))],
     "officer@example.com", 45, dict(reason="Family left the address; no forwarding details")),
    ("Leo", EpisodeKind.REMOVAL_FROM_ROLL, [("destination_confirmed", "")], None, 10,
     dict(reason="Ground B: home education")),
    ("Leo", EpisodeKind.REMOVAL_FROM_ROLL, [], "manager@example.com", 3,
     dict(reason="Ground C: left for another school abroad")),
    ("Ruby", EpisodeKind.PART_TIME_TIMETABLE, [("extended", "")], "officer@example.com", 40,
     dict(start_date=-40, end_date=20, review_due=-2, reason="Phased return after illness")),
    ("Ruby", EpisodeKind.PART_TIME_TIMETABLE, [(CLOSED, "returned_full_time")], None, 120,
     dict(start_date=-120, end_date=-80, reason="Transition to a new class")),
    ("Ruby", EpisodeKind.OTHER_MISSING_EDUCATION, [], None, 5,
     dict(start_date=-5, reason="Emotionally based school avoidance")),
    ("Finley", EpisodeKind.HEALTH_NEEDS, [("education_arranged", "")], "manager@example.com", 60,
     dict(start_date=-60, reason="Hospital admission")),
    ("Finley", EpisodeKind.HEALTH_NEEDS, [(CLOSED, "returned")], None, 200,
     dict(start_date=-200, reason="Broken leg")),
    ("Finley", EpisodeKind.CME_ENQUIRY,
     [(CLOSED, "found_on_roll",
       dict(found_at="990002", found_after=10,
            notes="Admissions confirmed he started at Hallam Fields Academy"))],
     "officer@example.com", 90, dict(reason="Not seen after the holidays")),
    ("Finley", EpisodeKind.REMOVAL_FROM_ROLL, [(CLOSED, "on_roll_elsewhere")], None, 150,
     dict(reason="Ground A: registered at another school")),
    ("Finley", EpisodeKind.OTHER_MISSING_EDUCATION, [(CLOSED, "alternative_provision")], None,
     100, dict(reason="Suspended with no education from the sixth day")),
    ("Poppy", EpisodeKind.EARLY_YEARS, [], None, 4, dict(reason="Early-years child not attending")),
    ("Poppy", EpisodeKind.EARLY_YEARS, [("contact_made", "")], "officer@example.com", 30,
     dict(reason="Not attending funded hours")),
    ("Poppy", EpisodeKind.EARLY_YEARS, [(CLOSED, "attending")], None, 150,
     dict(reason="Stopped attending after a house move")),
    ("Amelia", EpisodeKind.CME_ENQUIRY, [], None, 2,
     dict(reason="Not seen since the family's eviction")),
    ("Ruby", EpisodeKind.CME_ENQUIRY,
     [(CLOSED, "moved_la",
       dict(moved_to="892", told_after=12,
            notes="Family rehoused in Nottingham; their CME officer has the new address"))],
     None, 70, dict(reason="Not seen after the family moved")),
]  # fmt: skip


def load(establishments, users):
    today = timezone.localdate()
    # A removal with no known destination opened its CME enquiry as it was
    # sent, before anyone triaged it (intake.open_at_send).
    for notification in Notification.objects.submitted().filter(
        reference__contains="-DEMA",
        kind=Kind.REMOVAL_FROM_ROLL,
        child__isnull=True,
        provisional_child__isnull=True,
    ):
        intake.open_at_send(notification, by=notification.submitted_by)
    for reference, first, last, owner in TRIAGED:
        notification = Notification.objects.filter(reference=reference).first()
        if notification is None or notification.child_id is not None:
            continue
        child = Child.objects.current().filter(legal_first_name=first, legal_last_name=last).first()
        if child is None:
            child = intake.new_child_from(notification)
            child.save()
        for episode in intake.link(notification, child, by=users["officer@example.com"]):
            if owner and episode.owner is None:
                episode.assign(users[owner], by=users["manager@example.com"])

    # The removal with no known destination opened a CME enquiry: make it old
    # enough to be overdue, with enquiries made.
    enquiry = Episode.objects.filter(
        kind=EpisodeKind.CME_ENQUIRY, notifications__reference="ROL-DEMAC4"
    ).first()
    if enquiry and not enquiry.enquiry_actions.exists():
        enquiry.opened_on = add_school_days(today, -30)
        enquiry.save(update_fields=["opened_on"])
        officer = users["officer@example.com"]
        for days_ago, method, contacted, result, outcome in (
            (9, EnquiryMethod.CALLS_TO_CONTACTS, "Father and emergency contact",
             EnquiryResult.NO_INFORMATION, "Both numbers no longer in service"),
            (7, EnquiryMethod.HOME_VISIT, "", EnquiryResult.LEAD,
             "House empty; neighbour thinks the family moved to Nottingham"),
            (5, EnquiryMethod.OTHER_LA, "Nottingham City Council CME officer",
             EnquiryResult.NO_INFORMATION, "Not known to them yet; they will check admissions"),
        ):  # fmt: skip
            EnquiryAction.objects.create(
                episode=enquiry,
                taken_on=today - timedelta(days=days_ago),
                method=method,
                contacted=contacted,
                result=result,
                outcome=outcome,
                recorded_by=officer,
            )

    for fields in CHILDREN:
        fields = dict(fields)
        school = establishments[fields.pop("school")]
        Child.objects.get_or_create(
            legal_first_name=fields.pop("legal_first_name"),
            legal_last_name=fields.pop("legal_last_name"),
            date_of_birth=fields.pop("date_of_birth"),
            defaults={**fields, "current_establishment": school},
        )

    officer = users["officer@example.com"]
    manager = users["manager@example.com"]
    for first, kind, path, owner, opened_days_ago, extra in EPISODES:
        child = Child.objects.current().filter(legal_first_name=first).first()
        extra = dict(extra)
        reason = extra.pop("reason")
        if child is None or child.episodes.filter(kind=kind, reason=reason).exists():
            continue
        dates = {name: today + timedelta(days=offset) for name, offset in extra.items()}
        episode = Episode.objects.create(
            child=child,
            kind=kind,
            establishment=child.current_establishment,
            reason=reason,
            opened_on=today - timedelta(days=opened_days_ago),
            owner=users[owner] if owner else None,
            **dates,
        )
        episode.events.create(what="opened", summary="Opened (demo)", by=officer)
        for status, outcome, *closure in path:
            # An officer asks for approval; managers approve and close.
            by = officer if status == "awaiting_approval" else manager
            notes, details = _closure(episode, closure[0] if closure else {}, establishments)
            episode.change_status(status, by=by, outcome=outcome, notes=notes, details=details)
        if not child.notes.exists():
            Note.objects.create(
                child=child,
                episode=episode,
                author=officer,
                text="Spoke to the school's designated safeguarding lead; agreed next steps.",
            )


def _closure(episode, closure: dict, establishments) -> tuple[str, dict]:
    """The note and closure details of a demo closure (see EPISODES)."""
    details: dict = {}
    if "found_at" in closure:
        details["found_at"] = establishments[closure["found_at"]]
        details["found_on"] = episode.opened_on + timedelta(days=closure["found_after"])
    if "moved_to" in closure:
        # Another authority than the one running the demo (LA_CODES).
        code = closure["moved_to"]
        if local_authorities.is_this_authority(code):
            code = local_authorities.destinations()[0].code
        details["moved_to"] = code
        details["moved_la_told_on"] = episode.opened_on + timedelta(days=closure["told_after"])
    return closure.get("notes", "Demo"), details
