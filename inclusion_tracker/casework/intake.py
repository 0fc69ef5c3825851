"""From notification to casework: linking a notification to a child's record
opens or updates the child's episodes, and a school's timetable review updates
its episode.

What each kind of notification does:

- part-time timetable: updates the child's open part-time timetable episode at
  the same establishment, or opens one (start, end and review dates);
- removal from roll: opens a removal episode; with no known destination it
  also opens a CME enquiry (or adds to the open one);
- other missing out on education for health reasons: a health-needs absence
  episode, flagged when expected to pass 15 school days; other reasons: an
  "other missing out on education" episode;
- early years: an early-years episode.

A removal with no known destination does not wait for triage: `open_at_send`
opens a record for the child from the notification the moment the school
sends it (`Notification.provisional_child`), with the removal episode and a
CME enquiry (or, for a child below compulsory school age, an early-years
episode) on it, so the enquiry's clock starts at the send and the child is on
the worklists at once. Triage then links the notification to the right
record: the new record itself, or an existing one, to which everything on the
provisional record moves (a merge an administrator can reverse), an open CME
enquiry already there taking in the new one.
"""

from typing import cast

from django.db import models, transaction
from django.utils import timezone

from inclusion_tracker.casework import merging
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.models import Episode, EpisodeEvent
from inclusion_tracker.children.flags import FLAG_FIELDS
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.upn import normalise_upn
from inclusion_tracker.notifications import deletion_grounds
from inclusion_tracker.notifications.models import (
    Kind,
    Notification,
    OtherReason,
    ReviewOutcome,
    Status,
)


class AlreadyLinked(Exception):
    pass


class ChildChanged(Exception):
    """The child's record changed after the officer saw the differences."""


# The child's details a notification can bring to their record.
IDENTITY_FIELDS = {
    # child field: notification field
    "upn": "upn",
    "legal_first_name": "first_name",
    "legal_middle_names": "middle_names",
    "legal_last_name": "last_name",
    "date_of_birth": "date_of_birth",
}
ADDRESS_FIELDS = {
    "address_line_1": "address_line_1",
    "address_line_2": "address_line_2",
    "town": "town",
    "postcode": "postcode",
}


def new_child_from(notification: Notification) -> Child:
    """An unsaved child record with the notification's details."""
    child = Child(
        upn=notification.upn,
        legal_first_name=notification.first_name,
        legal_middle_names=notification.middle_names,
        legal_last_name=notification.last_name,
        preferred_first_name=notification.preferred_name,
        # Empty only if the school left it out; the new-child form asks for it.
        date_of_birth=notification.date_of_birth,  # type: ignore[misc]
        current_establishment=establishment_after(notification),
        # The notifying school's LA, until the child is known to live elsewhere.
        local_authority=(
            notification.establishment.local_authority if notification.establishment else None
        ),
    )
    for name, value in ADDRESS_FIELDS.items():
        setattr(child, name, getattr(notification, value))
    for flag in FLAG_FIELDS:
        setattr(child, flag, getattr(notification, flag))
    return child


def establishment_after(notification: Notification):
    """Where the child is on roll once this notification is true: the new
    school for a removal to a known school, nowhere known for other removals,
    the notifying establishment otherwise."""
    if notification.kind == Kind.REMOVAL_FROM_ROLL:
        return notification.details.new_school
    return notification.establishment


def upn_held_elsewhere(child: Child, notification: Notification) -> tuple[Child | None, bool]:
    """Whether another record (merged ones included) already has the
    notification's UPN: it cannot be copied onto `child`, and the officer
    should check whether the two records are the same child. Returns (that
    record, when it belongs to `child`'s local authority, so the page names
    it; whether it belongs to another local authority instead, which the
    page says without naming whose it is)."""
    upn = normalise_upn(notification.upn or "")
    if not upn or upn == child.upn:
        return None, False
    holder = Child.objects.filter(upn=upn).exclude(pk=child.pk).first()
    if holder is None:
        return None, False
    if holder.local_authority_id != child.local_authority_id:
        return None, True
    if _merged_into(holder) == child.pk:
        return None, False  # on a record merged into this one: the same child
    return holder, False


def _merged_into(child: Child) -> int:
    """The current record `child` was merged into (itself if not merged)."""
    seen = {child.pk}
    pk, into = child.pk, child.merged_into_id
    while into is not None and into not in seen:
        seen.add(into)
        pk = into
        into = Child.objects.filter(pk=into).values_list("merged_into_id", flat=True).first()
    return pk


def _copyable(child: Child, notification: Notification):
    """(child field, notification value) for the details that may be copied."""
    upn = normalise_upn(notification.upn or "")
    # Unique: never copied when any other record has it (merged ones too).
    blocked = bool(upn) and Child.objects.filter(upn=upn).exclude(pk=child.pk).exists()
    for field, source in {**IDENTITY_FIELDS, **ADDRESS_FIELDS}.items():
        if field == "upn" and blocked:
            continue
        yield field, getattr(notification, source)


def differences(child: Child, notification: Notification) -> list[tuple[str, str, str]]:
    """(what, on the record, in the notification) for the details the
    notification would change on the child's record if the officer agrees.
    A UPN already on another record is left out: see upn_held_elsewhere."""
    rows = []
    for field, theirs in _copyable(child, notification):
        ours = getattr(child, field)
        if theirs and theirs != ours:
            rows.append((_label(field), str(ours or "(blank)"), str(theirs)))
    establishment = establishment_after(notification)
    if establishment and establishment != child.current_establishment:
        rows.append(
            (
                "Current establishment",
                str(child.current_establishment or "(none)"),
                str(establishment),
            )
        )
    for flag in FLAG_FIELDS:
        if getattr(notification, flag) and not getattr(child, flag):
            rows.append((_label(flag), "No", "Yes"))
    return rows


def _label(field_name: str) -> str:
    label = str(cast(models.Field, Child._meta.get_field(field_name)).verbose_name)
    return label[:1].upper() + label[1:]


def update_child_from(child: Child, notification: Notification) -> list[str]:
    """Copy the notification's details onto the record; flags are only ever
    added. Returns the names of the fields changed."""
    changed = []
    for field, theirs in _copyable(child, notification):
        if theirs and theirs != getattr(child, field):
            setattr(child, field, theirs)
            changed.append(field)
    establishment = establishment_after(notification)
    if establishment and establishment != child.current_establishment:
        child.current_establishment = establishment
        changed.append("current_establishment")
    for flag in FLAG_FIELDS:
        if getattr(notification, flag) and not getattr(child, flag):
            setattr(child, flag, True)
            changed.append(flag)
    if changed:
        child.version += 1
        child.save(update_fields=[*changed, "version", "updated_at"])
    return changed


@transaction.atomic
def link(
    notification: Notification,
    child: Child,
    *,
    by,
    update_child: bool = False,
    expected_version: int | None = None,
):
    """Link a received notification to a child and open or update episodes.
    Returns the episodes touched. Raises AlreadyLinked on a second try (a
    double click, or two officers at once), and ChildChanged when the child's
    record is no longer the version the officer compared (`expected_version`)."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.child_id is not None or locked.status == Status.DRAFT:
        raise AlreadyLinked(locked.reference)
    child = Child.objects.select_for_update().get(pk=child.pk)
    if expected_version is not None and child.version != expected_version:
        raise ChildChanged(child.pk)
    provisional = _provisional_to_absorb(locked, child)
    if provisional is not None and provisional.upn:
        # The UPN leaves the provisional record first, so it can be copied.
        provisional.upn = ""
        provisional.save(update_fields=["upn", "updated_at"])
    if update_child:
        update_child_from(child, locked)
    locked.child = child
    locked.status = Status.WITH_INCLUSION_SERVICE
    locked.save(update_fields=["child", "status", "updated_at"])
    notification.refresh_from_db()
    opened_at_send = list(Episode.objects.filter(notifications=locked).order_by("pk"))
    if not opened_at_send:
        return open_episodes(locked, by=by)
    if provisional is not None:
        merging.merge(
            child,
            provisional,
            by=by,
            reason=f"Triage linked notification {locked.reference} to this record",
            fill=False,
        )
        # Reload: the merge moved them.
        opened_at_send = list(Episode.objects.filter(notifications=locked).order_by("pk"))
    for episode in opened_at_send:
        episode.events.create(
            what=EpisodeEvent.What.NOTIFICATION,
            summary=f"Notification {locked.reference} linked to the child's record",
            notification=locked,
            by=by,
        )
    return [_join_open_enquiry(episode, by=by) for episode in opened_at_send]


def _provisional_to_absorb(notification: Notification, child: Child) -> Child | None:
    """The record opened when the notification was sent, when it is another
    record than `child` and still current: what is on it moves to `child`."""
    provisional_id = notification.provisional_child_id
    if provisional_id is None or provisional_id == child.pk:
        return None
    provisional = Child.objects.select_for_update().get(pk=provisional_id)
    return None if provisional.merged_into_id else provisional


def _join_open_enquiry(episode: Episode, *, by) -> Episode:
    """A CME enquiry opened at the send, now on a record that already had an
    open one: the older enquiry takes in its enquiry actions, notes,
    referrals, reminders and timeline, and it goes. One child, one open
    enquiry. (The notification stays on its removal episode, so reversing the
    triage merge takes the removal back without the older enquiry.)"""
    if episode.kind != EpisodeKind.CME_ENQUIRY or episode.is_closed:
        return episode
    existing = (
        Episode.objects.select_for_update()
        .filter(child_id=episode.child_id, kind=EpisodeKind.CME_ENQUIRY)
        .open()
        .exclude(pk=episode.pk)
        .order_by("opened_on", "pk")
        .first()
    )
    if existing is None:
        return episode
    # Every row that points at the enquiry moves: its events, enquiry
    # actions, notes and episodes opened from it, and the rows of apps above
    # casework (referrals, reminders), which casework does not import.
    for relation in Episode._meta.related_objects:
        if relation.one_to_many:
            field = relation.field.name
            relation.related_model._default_manager.filter(**{field: episode}).update(
                **{field: existing}
            )
    existing.events.create(
        what=EpisodeEvent.What.NOTIFICATION,
        summary=f"The CME enquiry opened on {episode.opened_on:%-d %B %Y} joined this one",
        by=by,
    )
    existing.version += 1
    existing.save(update_fields=["version", "updated_at"])
    episode.delete()
    return existing


@transaction.atomic
def open_at_send(notification: Notification, *, by) -> Episode | None:
    """What cannot wait for triage, opened as the school sends the
    notification (in the same transaction): for a removal with no known
    destination, a provisional record of the child with the removal episode
    and a CME enquiry (or, below compulsory school age, an early-years
    episode) on it. Returns the enquiry (or early-years episode), else None."""
    if notification.kind != Kind.REMOVAL_FROM_ROLL:
        return None
    details = notification.details
    if not (details.needs_cme_enquiry or details.needs_early_years_follow_up):
        return None
    child = new_child_from(notification)
    if child.upn and Child.objects.filter(upn=child.upn).exists():
        child.upn = ""  # the UPN is on another record: triage will find it there
    child.created_by = by
    child.save()
    notification.provisional_child = child
    notification.save(update_fields=["provisional_child", "updated_at"])
    school = notification.establishment.name if notification.establishment else "the school"
    sent = f"{school} sent {notification.reference}"
    removal = _open(
        notification,
        EpisodeKind.REMOVAL_FROM_ROLL,
        by=by,
        child=child,
        reason=_removal_reason(details),
        start_date=details.deletion_date,
        summary=f"Opened when {sent}",
    )
    # CME is for a child of compulsory school age; a younger child takes the
    # early years route.
    if details.needs_cme_enquiry:
        kind, reason = EpisodeKind.CME_ENQUIRY, "Removed from roll with no known destination"
    else:
        kind, reason = (
            EpisodeKind.EARLY_YEARS,
            "Removed from roll with no known destination, below compulsory school age",
        )
    follow_up = _open(
        notification,
        kind,
        by=by,
        child=child,
        parent=removal,
        reason=reason,
        start_date=details.deletion_date,
        summary=f"Opened automatically when {sent} with no known destination",
    )
    if details.needs_cme_enquiry:
        removal.change_status("cme_enquiry", by=by)
    return follow_up


def _removal_reason(details) -> str:
    ground = deletion_grounds.BY_LETTER.get(details.ground)
    if ground is None:
        return ""
    return f"Ground {ground.label}" if ground.for_compulsory_school_age else ground.label


def open_episodes(notification: Notification, *, by) -> list[Episode]:
    child, today = notification.child, timezone.localdate()
    assert child is not None, "open_episodes needs a linked notification"
    details = notification.details
    touched = []
    if notification.kind == Kind.PART_TIME_TIMETABLE:
        episode = _open_or_update(
            notification,
            EpisodeKind.PART_TIME_TIMETABLE,
            by=by,
            same_establishment=True,
            reason=details.get_reason_display(),
            start_date=details.start_date,
            end_date=details.end_date,
            review_due=details.next_review_date,
        )
        _catch_up_with_reviews(episode, details, by=by)
        touched.append(episode)
    elif notification.kind == Kind.REMOVAL_FROM_ROLL:
        removal = _open(
            notification,
            EpisodeKind.REMOVAL_FROM_ROLL,
            by=by,
            reason=_removal_reason(details),
            start_date=details.deletion_date,
        )
        touched.append(removal)
        if details.needs_cme_enquiry:
            enquiry = child.episodes.open().filter(kind=EpisodeKind.CME_ENQUIRY).first()
            if enquiry is None:
                enquiry = _open(
                    notification,
                    EpisodeKind.CME_ENQUIRY,
                    by=by,
                    parent=removal,
                    reason="Removed from roll with no known destination",
                    start_date=details.deletion_date or today,
                    summary=f"Opened automatically: {notification.reference} gave no known destination",
                )
            else:
                _add_notification(enquiry, notification, by=by)
            removal.change_status("cme_enquiry", by=by)
            touched.append(enquiry)
    elif notification.kind == Kind.OTHER_MISSING_EDUCATION:
        if details.reason == OtherReason.HEALTH:
            episode = _open_or_update(
                notification,
                EpisodeKind.HEALTH_NEEDS,
                by=by,
                reason=details.reason_details or details.get_reason_display(),
                start_date=details.since,
                end_date=details.expected_return,
                expected_to_pass_15_days=bool(details.expected_to_miss_15_days),
            )
        else:
            episode = _open_or_update(
                notification,
                EpisodeKind.OTHER_MISSING_EDUCATION,
                by=by,
                reason=details.get_reason_display(),
                start_date=details.since,
                end_date=details.expected_return,
            )
        touched.append(episode)
    elif notification.kind == Kind.EARLY_YEARS:
        touched.append(
            _open_or_update(
                notification,
                EpisodeKind.EARLY_YEARS,
                by=by,
                reason="Early-years child not attending",
                start_date=details.last_attended,
            )
        )
    return touched


def _catch_up_with_reviews(episode: Episode, plan, *, by) -> None:
    """A part-time timetable reviewed by the school before triage: its
    episode takes the plan's state, not "Active". A plan that has ended
    closes the episode on the day it ended (returned to full-time education,
    or ended for another reason, as its latest review said); one whose latest
    review extended it is "Extended"."""
    latest = plan.reviews.first()
    if plan.ended_on and not episode.is_closed:
        returned = latest is not None and latest.outcome == ReviewOutcome.RETURNED
        episode.change_status(
            CLOSED,
            by=by,
            outcome="returned_full_time" if returned else "ended_other",
            notes=latest.reason if latest is not None else "",
            # The day the plan really ended, even if before the school told us.
            on=plan.ended_on,
        )
    elif episode.status == episode.workflow.initial:
        # Extended at any review: a later "continue" keeps the new end date.
        extension = plan.reviews.filter(outcome=ReviewOutcome.EXTEND).first()
        if extension is not None:
            episode.change_status("extended", by=by, notes=extension.reason)


def _open(notification, kind, *, by, summary="", child=None, **fields) -> Episode:
    """Open an episode of `kind` from the notification, on its child (or on
    `child`). It opened when the school told us (the day the notification was
    submitted), not on the day it was triaged: a CME enquiry's clock runs from
    then."""
    if notification.submitted_at is not None:
        fields.setdefault("opened_on", timezone.localdate(notification.submitted_at))
    episode = Episode.objects.create(
        child=child or notification.child,
        kind=kind,
        establishment=notification.establishment,
        **{name: value for name, value in fields.items() if value is not None},
    )
    episode.notifications.add(notification)
    episode.events.create(
        what=EpisodeEvent.What.OPENED,
        summary=summary or f"Opened from notification {notification.reference}",
        notification=notification,
        to_status=episode.status,
        by=by,
    )
    return episode


def _add_notification(episode, notification, *, by, **fields) -> Episode:
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(episode, name, value)
    if "start_date" in fields:
        episode.recompute_duty_date()
    episode.version += 1
    episode.save()
    episode.notifications.add(notification)
    episode.events.create(
        what=EpisodeEvent.What.NOTIFICATION,
        summary=f"Updated by notification {notification.reference}",
        notification=notification,
        by=by,
    )
    return episode


def _open_or_update(notification, kind, *, by, same_establishment=False, **fields) -> Episode:
    existing = notification.child.episodes.open().filter(kind=kind)
    if same_establishment:
        existing = existing.filter(establishment=notification.establishment)
    episode = existing.first()
    if episode is None:
        return _open(notification, kind, by=by, **fields)
    fields.pop("reason", None)
    return _add_notification(episode, notification, by=by, **fields)


@transaction.atomic
def apply_timetable_review(review, *, by) -> Episode | None:
    """A school's review of a part-time timetable updates its episode: an
    extension moves the end date (status "extended"), a return or an ending
    closes it, and the next review date becomes the episode's review date."""
    notification = review.plan.notification
    episode = (
        Episode.objects.select_for_update()
        .filter(notifications=notification, kind=EpisodeKind.PART_TIME_TIMETABLE)
        .order_by("-pk")
        .first()
    )
    if episode is None:
        return None  # not triaged yet: the episode will take the plan's dates when it opens
    episode.events.create(
        what=EpisodeEvent.What.REVIEW,
        summary=f"School review: {review.get_outcome_display().lower()}",
        details=review.reason,
        notification=notification,
        by=by,
    )
    episode.review_due = review.next_review_date
    episode.version += 1
    episode.save(update_fields=["review_due", "version", "updated_at"])
    if episode.is_closed:
        return episode
    if review.outcome == ReviewOutcome.EXTEND:
        episode.end_date = review.new_end_date
        episode.save(update_fields=["end_date", "updated_at"])
        episode.change_status("extended", by=by, notes=review.reason)
    elif review.outcome == ReviewOutcome.RETURNED:
        episode.change_status("closed", by=by, outcome="returned_full_time", on=review.reviewed_on)
    elif review.outcome == ReviewOutcome.ENDED_OTHER:
        episode.change_status(
            "closed", by=by, outcome="ended_other", notes=review.reason, on=review.reviewed_on
        )
    return episode
