"""The shared status-change machinery (core/workflow.py): one table, one
check, one exception, for episodes and referrals alike."""

import pytest

from inclusion_tracker.casework import models as casework_models
from inclusion_tracker.casework.episode_kinds import WORKFLOWS, EpisodeKind
from inclusion_tracker.core.workflow import TransitionNotAllowed, Transitions
from inclusion_tracker.referrals import models as referral_models
from inclusion_tracker.referrals.statuses import CHANGES, TRANSITIONS, ReferralStatus

DOOR = Transitions(
    {"shut": ("open",), "open": ("shut", "locked"), "locked": ()},
    labels={"shut": "Shut", "open": "Open", "locked": "Locked"},
    subject="The door",
)


def test_the_table_says_what_each_status_may_change_to():
    assert DOOR.allowed("open") == ("shut", "locked")
    assert DOOR.allowed("locked") == ()
    assert DOOR.allowed("unheard of") == ()


def test_an_allowed_change_passes_the_check():
    assert DOOR.refusal("shut", "open") == ""
    DOOR.check("shut", "open")


def test_a_change_the_table_does_not_allow_is_refused_with_both_labels():
    with pytest.raises(TransitionNotAllowed) as refused:
        DOOR.check("locked", "open")
    assert str(refused.value) == "The door cannot change from ‘Locked’ to ‘Open’"


def test_a_status_the_table_does_not_know_is_named_by_its_value():
    assert DOOR.refusal("shut", "ajar") == "The door cannot change from ‘Shut’ to ‘ajar’"


def test_episodes_and_referrals_refuse_with_the_one_exception():
    assert casework_models.TransitionNotAllowed is TransitionNotAllowed
    assert referral_models.TransitionNotAllowed is TransitionNotAllowed
    assert issubclass(casework_models.ClosureIncomplete, TransitionNotAllowed)


def test_each_episode_kind_and_the_referrals_read_their_own_table():
    for workflow in WORKFLOWS.values():
        for status in workflow.statuses:
            assert workflow.changes.allowed(status.value) == workflow.transitions.get(
                status.value, ()
            )
    assert WORKFLOWS[EpisodeKind.EARLY_YEARS].changes.refusal("open", "extended") == (
        "The status cannot change from ‘Open’ to ‘extended’"
    )
    for value, changes in TRANSITIONS.items():
        assert CHANGES.allowed(value) == changes
    assert CHANGES.refusal(ReferralStatus.DECLINED, ReferralStatus.MADE) == (
        "The referral's status cannot change from ‘Declined’ to ‘Made’"
    )
