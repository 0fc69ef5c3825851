"""Each kind of episode: its statuses, the changes allowed between them and
how an episode of that kind can end. One table, read by the Episode model,
the forms and the pages; changing a workflow means changing it here.

The changes allowed are a table checked by the shared machinery in
core/workflow.py (`Workflow.changes`), as a referral's statuses are.

A status is closed when `closed` is set. Every kind may be reopened from its
closed status to its first status, so a mistaken closure is not permanent.

An outcome lists the details closing with it must record (`needs`, checked by
`Episode.closure_errors`): a CME enquiry closed as "found on roll" says where
and when; one closed as "moved to another local authority" says which
authority and when it was told. A workflow with `closing_needs_note` needs a
note saying how it ended for every closure and every request for approval.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import models

from inclusion_tracker.core.workflow import Transitions


class EpisodeKind(models.TextChoices):
    PART_TIME_TIMETABLE = "part_time_timetable", "Part-time timetable"
    REMOVAL_FROM_ROLL = "removal_from_roll", "Removal from roll"
    CME_ENQUIRY = "cme_enquiry", "Children missing education (CME) enquiry"
    HEALTH_NEEDS = "health_needs", "Health-needs absence"
    OTHER_MISSING_EDUCATION = "other_missing_education", "Other missing out on education"
    EARLY_YEARS = "early_years", "Early years"


@dataclass(frozen=True)
class Status:
    value: str
    label: str
    tag_colour: str = "blue"  # a GOV.UK tag modifier
    closed: bool = False


@dataclass(frozen=True)
class Outcome:
    value: str
    label: str
    # Closing with this outcome needs a team manager's approval first.
    needs_approval: bool = False
    # The closure details (FOUND_ON_ROLL, MOVED_LA) closing with it records.
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workflow:
    statuses: tuple[Status, ...]
    # status -> the statuses it may change to (closing is a change to a closed status)
    transitions: dict[str, tuple[str, ...]]
    outcomes: tuple[Outcome, ...]
    # Which statuses count as "awaiting approval" of a closure.
    approval_status: str = ""
    # Every closure (and request for approval) needs a note on how it ended.
    closing_needs_note: bool = False

    @property
    def initial(self) -> str:
        return self.statuses[0].value

    def status(self, value: str) -> Status:
        for status in self.statuses:
            if status.value == value:
                return status
        raise KeyError(value)

    def outcome(self, value: str) -> Outcome | None:
        return next((outcome for outcome in self.outcomes if outcome.value == value), None)

    @cached_property
    def changes(self) -> Transitions:
        """The allowed changes with the statuses' labels: what may change to
        what, and why not (core/workflow.py)."""
        return Transitions(
            self.transitions, {status.value: status.label for status in self.statuses}
        )

    def allowed(self, current: str) -> tuple[str, ...]:
        return self.changes.allowed(current)


CLOSED = "closed"

# Closure details: each is a set of Episode fields, checked together.
# Where the child was found on roll (an establishment from the list, or the
# name and local authority of one that is not) and the day they were found.
FOUND_ON_ROLL = "found_on_roll"
# The local authority (or country) the child moved to and the day it was told.
MOVED_LA = "moved_la"

WORKFLOWS: dict[str, Workflow] = {
    EpisodeKind.PART_TIME_TIMETABLE: Workflow(
        statuses=(
            Status("active", "Active"),
            Status("extended", "Extended", "orange"),
            Status(CLOSED, "Ended", "grey", closed=True),
        ),
        transitions={
            "active": ("extended", CLOSED),
            "extended": ("extended", CLOSED),
            CLOSED: ("active",),
        },
        outcomes=(
            Outcome("returned_full_time", "Returned to full-time education"),
            Outcome("left_school", "Left the school"),
            Outcome("ended_other", "Ended for another reason"),
        ),
    ),
    EpisodeKind.REMOVAL_FROM_ROLL: Workflow(
        statuses=(
            Status("checking", "Checking the return"),
            Status("destination_confirmed", "Destination confirmed", "green"),
            Status("cme_enquiry", "CME enquiry open", "red"),
            Status(CLOSED, "Closed", "grey", closed=True),
        ),
        transitions={
            "checking": ("destination_confirmed", "cme_enquiry", CLOSED),
            "destination_confirmed": (CLOSED,),
            "cme_enquiry": ("destination_confirmed", CLOSED),
            CLOSED: ("checking",),
        },
        outcomes=(
            Outcome("on_roll_elsewhere", "On roll at another school"),
            Outcome("home_educated", "Electively home educated"),
            Outcome("left_england", "Left England"),
            Outcome("moved_la", "Moved to another local authority"),
            Outcome("passed_to_cme", "Passed to a CME enquiry"),
            Outcome("other", "Another outcome"),
        ),
    ),
    EpisodeKind.CME_ENQUIRY: Workflow(
        statuses=(
            Status("open", "Enquiries in progress", "red"),
            Status("awaiting_approval", "Closure awaiting approval", "orange"),
            Status(CLOSED, "Closed", "grey", closed=True),
        ),
        transitions={
            "open": ("awaiting_approval", CLOSED),
            # A manager approves (closed) or sends it back (open).
            "awaiting_approval": (CLOSED, "open"),
            CLOSED: ("open",),
        },
        outcomes=(
            Outcome("found_on_roll", "Found on roll at an establishment", needs=(FOUND_ON_ROLL,)),
            Outcome("home_educated", "Electively home educated"),
            Outcome("left_england", "Left England"),
            Outcome(
                "moved_la",
                "Moved to another local authority, and that authority told",
                needs=(MOVED_LA,),
            ),
            Outcome("whereabouts_unknown", "Whereabouts unknown after enquiries", True),
        ),
        approval_status="awaiting_approval",
        closing_needs_note=True,
    ),
    EpisodeKind.HEALTH_NEEDS: Workflow(
        statuses=(
            Status("open", "Absent for health reasons"),
            Status("la_arranging", "Local authority arranging education", "orange"),
            Status("education_arranged", "Education in place", "green"),
            Status(CLOSED, "Closed", "grey", closed=True),
        ),
        transitions={
            "open": ("la_arranging", "education_arranged", CLOSED),
            "la_arranging": ("education_arranged", CLOSED),
            "education_arranged": (CLOSED,),
            CLOSED: ("open",),
        },
        outcomes=(
            Outcome("returned", "Returned to school"),
            Outcome("education_elsewhere", "Education provided elsewhere"),
            Outcome("left", "Left the area or the school"),
            Outcome("other", "Another outcome"),
        ),
    ),
    EpisodeKind.OTHER_MISSING_EDUCATION: Workflow(
        statuses=(
            Status("open", "Open"),
            Status("support_arranged", "Support being arranged", "orange"),
            Status(CLOSED, "Closed", "grey", closed=True),
        ),
        transitions={
            "open": ("support_arranged", CLOSED),
            "support_arranged": (CLOSED,),
            CLOSED: ("open",),
        },
        outcomes=(
            Outcome("returned_full_time", "Returned to full-time education"),
            Outcome("alternative_provision", "Suitable alternative provision in place"),
            Outcome("left", "Left the area or the school"),
            Outcome("other", "Another outcome"),
        ),
    ),
    EpisodeKind.EARLY_YEARS: Workflow(
        statuses=(
            Status("open", "Open"),
            Status("contact_made", "Family contacted", "green"),
            Status(CLOSED, "Closed", "grey", closed=True),
        ),
        transitions={
            "open": ("contact_made", CLOSED),
            "contact_made": (CLOSED,),
            CLOSED: ("open",),
        },
        outcomes=(
            Outcome("attending", "Attending again"),
            Outcome("other_setting", "Attending another setting"),
            Outcome("left_area", "Left the area"),
            Outcome("other", "Another outcome"),
        ),
    ),
}
