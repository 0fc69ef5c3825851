"""Episode workflows: every allowed change per kind, refusals with messages,
closure outcomes, and a team manager's approval of a CME closure."""

from datetime import date

import pytest

from inclusion_tracker.casework.episode_kinds import CLOSED, WORKFLOWS, EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeEvent, TransitionNotAllowed
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.school_calendar.models import NonSchoolDay

pytestmark = pytest.mark.django_db


def _plain_outcome(workflow) -> str:
    """An outcome that needs neither approval nor closure details."""
    return next(
        outcome.value
        for outcome in workflow.outcomes
        if not outcome.needs_approval and not outcome.needs
    )


def _approval_outcome(workflow) -> str:
    return next(outcome.value for outcome in workflow.outcomes if outcome.needs_approval)


def episode_in(kind, status, **fields) -> Episode:
    workflow = WORKFLOWS[kind]
    if status == CLOSED:
        fields.setdefault("outcome", _plain_outcome(workflow))
    if status == workflow.approval_status:
        fields.setdefault("outcome", _approval_outcome(workflow))
        fields.setdefault("outcome_notes", "All enquiries made")
    return Episode.objects.create(child=ChildFactory(), kind=kind, status=status, **fields)


ALLOWED = [
    pytest.param(kind, current, to, id=f"{kind}:{current}->{to}")
    for kind, workflow in WORKFLOWS.items()
    for current, targets in workflow.transitions.items()
    for to in targets
]


def _disallowed(workflow):
    for status in workflow.statuses:
        for other in workflow.statuses:
            if other.value != status.value and other.value not in workflow.allowed(status.value):
                return status.value, other.value
    raise AssertionError("every change is allowed")


DISALLOWED = [
    pytest.param(kind, *_disallowed(workflow), id=str(kind)) for kind, workflow in WORKFLOWS.items()
]


@pytest.mark.parametrize(("kind", "current", "to"), ALLOWED)
def test_every_allowed_transition_succeeds_and_records_an_event(kind, current, to, manager):
    workflow = WORKFLOWS[kind]
    episode = episode_in(kind, current)
    outcome = ""
    if to == CLOSED:
        outcome = _plain_outcome(workflow)
    elif to == workflow.approval_status:
        outcome = _approval_outcome(workflow)
    version = episode.version

    event = episode.change_status(to, by=manager, outcome=outcome, notes="Checked")

    episode.refresh_from_db()
    assert episode.status == to
    assert episode.version == version + 1
    assert event.from_status == current
    assert event.to_status == to
    assert event.by == manager
    assert list(episode.events.all()) == [event]


@pytest.mark.parametrize(("kind", "current", "to"), DISALLOWED)
def test_a_disallowed_transition_is_refused_with_a_message(kind, current, to, officer):
    workflow = WORKFLOWS[kind]
    episode = episode_in(kind, current)

    with pytest.raises(TransitionNotAllowed) as refusal:
        episode.change_status(to, by=officer, outcome=_plain_outcome(workflow))

    assert str(refusal.value) == (
        f"The status cannot change from ‘{workflow.status(current).label}’ "
        f"to ‘{workflow.status(to).label}’"
    )
    episode.refresh_from_db()
    assert episode.status == current
    assert not episode.events.exists()


def test_a_status_the_kind_does_not_have_is_refused(officer):
    episode = episode_in(EpisodeKind.EARLY_YEARS, "open")
    with pytest.raises(TransitionNotAllowed, match="to ‘extended’"):
        episode.change_status("extended", by=officer)


@pytest.mark.parametrize("kind", list(WORKFLOWS))
def test_closing_needs_an_outcome(kind, officer):
    workflow = WORKFLOWS[kind]
    episode = episode_in(kind, workflow.initial)
    with pytest.raises(TransitionNotAllowed, match="Select how the episode ended"):
        episode.change_status(CLOSED, by=officer)
    episode.refresh_from_db()
    assert episode.status == workflow.initial


def test_closing_records_the_outcome_and_date(officer):
    episode = episode_in(EpisodeKind.HEALTH_NEEDS, "open")
    episode.change_status(CLOSED, by=officer, outcome="returned", notes="Back full time")
    episode.refresh_from_db()
    assert episode.is_closed
    assert episode.outcome_label == "Returned to school"
    assert episode.outcome_notes == "Back full time"
    assert episode.closed_on is not None
    assert episode.events.get().summary == "Closed: Returned to school"


def test_reopening_clears_the_outcome(officer):
    episode = episode_in(EpisodeKind.PART_TIME_TIMETABLE, "active")
    episode.change_status(CLOSED, by=officer, outcome="left_school", notes="Moved away")

    event = episode.change_status("active", by=officer)

    episode.refresh_from_db()
    assert episode.status == "active"
    assert episode.outcome == ""
    assert episode.outcome_notes == ""
    assert episode.closed_on is None
    assert event.what == EpisodeEvent.What.REOPENED


# CME closure approval -------------------------------------------------------


def test_officer_cannot_close_cme_with_whereabouts_unknown_directly(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    with pytest.raises(TransitionNotAllowed, match="needs a team manager's approval"):
        episode.change_status(CLOSED, by=officer, outcome="whereabouts_unknown", notes="x")
    episode.refresh_from_db()
    assert episode.status == "open"


def test_officer_asks_for_approval_of_whereabouts_unknown(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")

    event = episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )

    episode.refresh_from_db()
    assert episode.is_awaiting_approval
    assert not episode.is_closed
    assert episode.outcome == "whereabouts_unknown"
    assert episode.closure_requested_by == officer
    assert episode.closure_requested_at is not None
    assert episode.closure_approved_by is None
    assert event.what == EpisodeEvent.What.CLOSURE_REQUESTED


def test_asking_for_approval_needs_an_outcome_that_needs_it(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    with pytest.raises(TransitionNotAllowed, match="Select the outcome that needs approval"):
        episode.change_status("awaiting_approval", by=officer, outcome="left_england")


def test_officer_can_close_cme_with_an_outcome_that_needs_no_approval(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(CLOSED, by=officer, outcome="home_educated", notes="EHE confirmed")
    episode.refresh_from_db()
    assert episode.is_closed
    assert episode.closure_approved_by is None


def test_manager_approves_a_closure_with_who_and_when(officer, manager):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )

    event = episode.change_status(CLOSED, by=manager)

    episode.refresh_from_db()
    assert episode.is_closed
    assert episode.outcome == "whereabouts_unknown"
    assert episode.closure_requested_by == officer
    assert episode.closure_approved_by == manager
    assert episode.closure_approved_at is not None
    assert event.what == EpisodeEvent.What.CLOSURE_APPROVED


def test_approval_keeps_the_outcome_asked_for(officer, manager):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    episode.change_status(CLOSED, by=manager, outcome="left_england")
    episode.refresh_from_db()
    assert episode.outcome == "whereabouts_unknown"


def test_manager_closing_with_whereabouts_unknown_approves_it_themselves(manager):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    event = episode.change_status(
        CLOSED, by=manager, outcome="whereabouts_unknown", notes="All tried"
    )
    episode.refresh_from_db()
    assert episode.is_closed
    assert episode.closure_requested_by == manager
    assert episode.closure_approved_by == manager
    assert event.what == EpisodeEvent.What.CLOSURE_APPROVED


def test_manager_sends_a_closure_back_for_more_enquiries(officer, manager):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )

    event = episode.change_status("open", by=manager, notes="Try the health visitor")

    episode.refresh_from_db()
    assert episode.status == "open"
    assert episode.outcome == ""
    assert episode.outcome_notes == ""
    assert episode.closure_requested_by is None
    assert event.what == EpisodeEvent.What.CLOSURE_RETURNED
    assert event.details == "Try the health visitor"


def test_officer_cannot_approve_a_closure(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    with pytest.raises(TransitionNotAllowed, match="Only a team manager can approve"):
        episode.change_status(CLOSED, by=officer, outcome="whereabouts_unknown")
    episode.refresh_from_db()
    assert episode.is_awaiting_approval
    assert episode.closure_approved_by is None


def test_officer_cannot_send_a_closure_back(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    with pytest.raises(TransitionNotAllowed, match="Only a team manager can send"):
        episode.change_status("open", by=officer)


def test_reopening_an_approved_cme_clears_the_approval(manager):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    episode.change_status(CLOSED, by=manager, outcome="whereabouts_unknown", notes="All tried")
    episode.change_status("open", by=manager)
    episode.refresh_from_db()
    assert episode.closure_approved_by is None
    assert episode.closure_approved_at is None
    assert episode.outcome == ""


def test_health_needs_duty_date_is_15_school_days(db):
    from datetime import date

    episode = Episode.objects.create(
        child=ChildFactory(), kind=EpisodeKind.HEALTH_NEEDS, start_date=date(2026, 3, 2)
    )
    # Monday 2 March 2026 + 15 school days (no bank holidays): Friday 20 March.
    assert episode.duty_date == date(2026, 3, 20)


# The CME threshold: one rule for the page and the worklist --------------------


@pytest.mark.parametrize("threshold", [1, 3, 20])
def test_cme_threshold_boundary_matches_the_worklist(settings, threshold):
    from datetime import date

    from inclusion_tracker.school_calendar.school_days import add_school_days

    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = threshold
    # Thursday 22 May 2025: the spring bank holiday (26 May) falls in the run.
    opened = date(2025, 5, 22)
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open", opened_on=opened)
    assert episode.school_days_open(opened) == 0
    last_day_within = add_school_days(opened, threshold)
    first_day_over = add_school_days(opened, threshold + 1)
    for today, over in ((last_day_within, False), (first_day_over, True)):
        assert episode.school_days_open(today) == (threshold + 1 if over else threshold)
        assert episode.is_past_cme_threshold(today) is over
        listed = Episode.objects.cme_overdue(today).filter(pk=episode.pk).exists()
        assert listed is over


@pytest.mark.parametrize("threshold", [1, 5])
def test_cme_page_and_worklist_agree_on_every_day_weekends_and_holidays_too(settings, threshold):
    from datetime import date, timedelta

    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = threshold
    # Opened on each day of a fortnight around the spring bank holiday
    # (Monday 26 May 2025), looked at on each day of the following weeks.
    episodes = [
        episode_in(EpisodeKind.CME_ENQUIRY, "open", opened_on=date(2025, 5, 16) + timedelta(d))
        for d in range(14)
    ]
    for offset in range(21):
        today = date(2025, 5, 16) + timedelta(days=offset)
        listed = set(Episode.objects.cme_overdue(today).values_list("pk", flat=True))
        for episode in episodes:
            over = episode.school_days_open(today) > threshold
            assert episode.is_past_cme_threshold(today) is over, (episode.opened_on, today)
            assert (episode.pk in listed) is over, (episode.opened_on, today)


def test_a_closed_cme_enquiry_counts_to_its_closing_day_and_is_never_over(settings):
    from datetime import date

    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 2
    episode = episode_in(
        EpisodeKind.CME_ENQUIRY, CLOSED, opened_on=date(2025, 6, 2), closed_on=date(2025, 6, 6)
    )
    # Monday to Friday: four school days passed after the Monday.
    assert episode.school_days_open(date(2025, 7, 1)) == 4
    assert not episode.is_past_cme_threshold(date(2025, 7, 1))


def test_a_new_inset_day_moves_an_open_health_absences_15_day_date(
    django_capture_on_commit_callbacks,
):
    school = EstablishmentFactory()
    child = ChildFactory()
    # From Monday 2 March 2026 the 15th school day is Friday 20 March.
    open_absence = Episode.objects.create(
        child=child,
        kind=EpisodeKind.HEALTH_NEEDS,
        establishment=school,
        start_date=date(2026, 3, 2),
    )
    closed_absence = Episode.objects.create(
        child=child,
        kind=EpisodeKind.HEALTH_NEEDS,
        establishment=school,
        start_date=date(2026, 3, 2),
        status="closed",
    )
    assert open_absence.duty_date == date(2026, 3, 20)
    with django_capture_on_commit_callbacks(execute=True):
        NonSchoolDay.objects.create(establishment=school, date=date(2026, 3, 10))
    open_absence.refresh_from_db()
    closed_absence.refresh_from_db()
    assert open_absence.duty_date == date(2026, 3, 23)
    assert closed_absence.duty_date == date(2026, 3, 20)


# The approval rule, asked for by the status page ------------------------------


@pytest.mark.parametrize(
    ("who", "status", "what"),
    [
        # An officer asks a team manager instead of being refused.
        ("officer", "awaiting_approval", EpisodeEvent.What.CLOSURE_REQUESTED),
        # A team manager closing it approves it themselves.
        ("manager", CLOSED, EpisodeEvent.What.CLOSURE_APPROVED),
    ],
)
def test_closing_with_an_outcome_that_needs_approval_from_the_status_page(cast, who, status, what):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")

    event = episode.change_status(
        CLOSED,
        by=cast[who],
        outcome="whereabouts_unknown",
        notes="All tried",
        or_ask_approval=True,
    )

    episode.refresh_from_db()
    assert episode.status == status
    assert episode.outcome == "whereabouts_unknown"
    assert episode.closure_requested_by == cast[who]
    assert event.what == what


def test_asking_approval_is_only_for_outcomes_that_need_it(officer):
    episode = episode_in(EpisodeKind.CME_ENQUIRY, "open")
    event = episode.change_status(
        CLOSED, by=officer, outcome="home_educated", notes="EHE", or_ask_approval=True
    )
    episode.refresh_from_db()
    assert episode.is_closed
    assert event.what == EpisodeEvent.What.STATUS


# The duty date: worked out in one place ----------------------------------------


def test_the_duty_date_follows_a_new_start_date(db):
    episode = Episode.objects.create(
        child=ChildFactory(), kind=EpisodeKind.HEALTH_NEEDS, start_date=date(2026, 3, 2)
    )
    episode.start_date = date(2026, 3, 9)
    episode.recompute_duty_date()
    # Monday 9 March 2026 + 15 school days: Friday 27 March.
    assert episode.duty_date == date(2026, 3, 27)
    episode.start_date = None
    episode.recompute_duty_date()
    assert episode.duty_date is None


def test_other_kinds_keep_the_duty_date_they_hold(db):
    episode = episode_in(EpisodeKind.PART_TIME_TIMETABLE, "active", start_date=date(2026, 3, 2))
    assert episode.duty_date is None
    episode.duty_date = date(2026, 4, 1)
    episode.recompute_duty_date()
    assert episode.duty_date == date(2026, 4, 1)
